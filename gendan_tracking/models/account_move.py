from odoo import models


class AccountMove(models.Model):
    """Customer invoices complete the invoicing and payment milestones; vendor
    bills feed the cost sheets of the orders their purchases serve."""

    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        SaleOrder = self.env["sale.order"]
        SaleOrder._gendan_emit_records("invoice_posted", posted)
        SaleOrder._gendan_emit_records("bill_changed", posted)
        return posted

    def button_draft(self):
        result = super().button_draft()
        self.env["sale.order"]._gendan_emit_records("bill_changed", self)
        return result

    def button_cancel(self):
        result = super().button_cancel()
        self.env["sale.order"]._gendan_emit_records("bill_changed", self)
        return result

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        self.env["sale.order"]._gendan_emit_records("payment_received", self)
        return result

    def _gendan_event_orders(self, event):
        """Sale orders of a customer invoice (invoicing, payment), or whose
        cost sheet includes a vendor bill."""
        if event == "bill_changed":
            if not self.is_purchase_document():
                return self.env["sale.order"]
            return self.invoice_line_ids.purchase_line_id.order_id.gendan_sale_order_ids
        if self.move_type != "out_invoice":
            return self.env["sale.order"]
        return self.invoice_line_ids.sale_line_ids.order_id

    def _gendan_event_date(self, event):
        # the invoice's own date; a payment is dated the day it is recorded
        if event == "invoice_posted":
            return self.invoice_date
        return False
