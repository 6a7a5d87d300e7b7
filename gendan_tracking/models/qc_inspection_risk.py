from odoo import models


class QcInspection(models.Model):
    _inherit = "qc.inspection"

    def _gendan_sale_orders(self):
        if "sale_order_id" in self._fields:
            return self.sale_order_id
        return self.picking_id.sale_id

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            self._gendan_sale_orders()._gendan_risk_scan_events(["inspection_failed"])
        return res
