from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _gendan_cost_orders(self):
        """Sale orders whose cost sheet includes these vendor bills."""
        bills = self.filtered(lambda move: move.is_purchase_document())
        return bills.invoice_line_ids.purchase_line_id.order_id._gendan_cost_orders()

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._gendan_cost_orders()._gendan_sync_costs()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._gendan_cost_orders()._gendan_sync_costs()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._gendan_cost_orders()._gendan_sync_costs()
        return res
