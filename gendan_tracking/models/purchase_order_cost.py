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
        if self._gendan_supply_fields() & set(vals):
            self._gendan_cost_orders()._gendan_risk_scan_events(["supply_late"])
        return res

    def _gendan_supply_fields(self):
        """Fields whose change may make a purchase late for its sale orders."""
        return {"required_date", "supplier_promised_date", "date_planned", "state"}

    def button_confirm(self):
        res = super().button_confirm()
        self._gendan_cost_orders()._gendan_sync_costs()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._gendan_cost_orders()._gendan_sync_costs()
        return res
