from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda m: m.move_type == "out_invoice")
        for invoice in invoices:
            orders = invoice.invoice_line_ids.sale_line_ids.order_id
            orders._gendan_fire_rule(
                "invoice_posted", event_date=invoice.invoice_date, record=invoice
            )
        return posted

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        invoices = self.filtered(lambda m: m.move_type == "out_invoice")
        orders = invoices.invoice_line_ids.sale_line_ids.order_id
        for order in orders:
            if order._gendan_is_paid():
                paid_invoice = invoices.filtered(
                    lambda m, o=order: o in m.invoice_line_ids.sale_line_ids.order_id
                )[:1]
                order._gendan_fire_rule(
                    "payment_received",
                    event_date=order._gendan_payment_date(),
                    record=paid_invoice,
                )
                order._gendan_advance_stage("closed")
        return result
