from odoo import models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _gendan_cost_orders(self):
        """Sale orders whose cost sheet includes these purchases."""
        if "gendan_sale_order_ids" not in self._fields:
            return self.env["sale.order"]
        return self.gendan_sale_order_ids

    def write(self, vals):
        relinked = (
            "gendan_sale_order_ids" in vals and "gendan_sale_order_ids" in self._fields
        )
        before = self._gendan_cost_orders() if relinked else None
        res = super().write(vals)
        if relinked:
            (before | self._gendan_cost_orders())._gendan_sync_costs()
        return res

    def button_confirm(self):
        res = super().button_confirm()
        self._gendan_cost_orders()._gendan_sync_costs()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._gendan_cost_orders()._gendan_sync_costs()
        return res
