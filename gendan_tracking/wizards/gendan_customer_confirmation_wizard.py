from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.sale_order import CONFIRMATION_CHANNELS


class GendanCustomerConfirmationWizard(models.TransientModel):
    _name = "gendan.customer.confirmation.wizard"
    _description = "Record Customer Confirmation"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    partner_id = fields.Many2one(related="order_id.partner_id")
    result = fields.Selection(
        [("confirmed", "Confirmed"), ("rejected", "Rejected")],
        required=True,
        default="confirmed",
    )
    channel = fields.Selection(CONFIRMATION_CHANNELS, required=True, default="email")
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    confirmed_date = fields.Datetime(
        string="Date", required=True, default=fields.Datetime.now
    )
    document = fields.Binary(string="Signed Document")
    document_name = fields.Char()
    note = fields.Text()

    @api.onchange("order_id")
    def _onchange_order_id(self):
        if self.order_id and not self.contact_id:
            self.contact_id = self.order_id.partner_id

    def action_record(self):
        self.ensure_one()
        if self.channel == "signed_pi" and not self.document:
            raise UserError(_("Attach the signed proforma invoice."))
        order = self.order_id
        attachment = self.env["ir.attachment"]
        if self.document:
            attachment = attachment.create(
                {
                    "name": self.document_name or _("Signed confirmation"),
                    "datas": self.document,
                    "res_model": "sale.order",
                    "res_id": order.id,
                }
            )
        order._gendan_record_customer_confirmation(
            self.channel,
            self.confirmed_date,
            contact=self.contact_id or order.partner_id,
            attachment=attachment or None,
            state=self.result,
        )
        channel_label = dict(self._fields["channel"]._description_selection(self.env))[
            self.channel
        ]
        body = (
            _(
                "Customer confirmation recorded (%(channel)s, %(contact)s).",
                channel=channel_label,
                contact=(self.contact_id or order.partner_id).display_name,
            )
            if self.result == "confirmed"
            else _(
                "Customer rejected the order (%(channel)s, %(contact)s).",
                channel=channel_label,
                contact=(self.contact_id or order.partner_id).display_name,
            )
        )
        if self.note:
            body = "%s\n%s" % (body, self.note)
        order.message_post(body=body, attachment_ids=attachment.ids)
        return {"type": "ir.actions.act_window_close"}
