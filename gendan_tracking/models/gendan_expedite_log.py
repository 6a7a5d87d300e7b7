from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dates

EXPEDITE_CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("chat", "Chat"),
    ("visit", "Visit"),
    ("portal", "Portal"),
]


class GendanExpediteLog(models.Model):
    _name = "gendan.expedite.log"
    _description = "Purchase Expediting Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    purchase_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="purchase_id.company_id", store=True, index=True
    )
    date = fields.Date(required=True, default=dates.today)
    contact = fields.Char(help="Person at the supplier who was contacted.")
    channel = fields.Selection(
        EXPEDITE_CHANNELS,
        default="phone",
        help="How the supplier was reached. Portal: the supplier updated the "
        "purchase order themselves.",
    )
    note = fields.Text()
    previous_promised_date = fields.Date(
        readonly=True, help="Supplier promise before this entry."
    )
    new_promised_date = fields.Date(
        help="New date promised by the supplier; it replaces the promise on the "
        "purchase order."
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded By", default=lambda self: self.env.user
    )

    @api.constrains("new_promised_date", "purchase_id")
    def _check_new_promised_date(self):
        for log in self.filtered("new_promised_date"):
            order_date = log.purchase_id.date_order
            if order_date and log.new_promised_date < order_date.date():
                raise ValidationError(
                    _(
                        "The promised date %(promised)s is before the date of "
                        "purchase order %(order)s.",
                        promised=log.new_promised_date,
                        order=log.purchase_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("purchase_id") and "previous_promised_date" not in vals:
                purchase = self.env["purchase.order"].browse(vals["purchase_id"])
                vals["previous_promised_date"] = purchase.supplier_promised_date
        logs = super().create(vals_list)
        for log in logs.filtered("new_promised_date").sorted(lambda r: (r.date, r.id)):
            log.purchase_id.supplier_promised_date = log.new_promised_date
        logs.purchase_id._gendan_after_expedite()
        return logs
