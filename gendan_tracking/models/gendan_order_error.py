from odoo import api, fields, models

from ..tools import dates

ERROR_TYPES = [
    ("data_entry", "Data Entry"),
    ("specification", "Specification"),
    ("quantity", "Quantity"),
    ("price", "Price"),
    ("document", "Document"),
    ("late_shipment", "Late Shipment"),
]


class GendanOrderError(models.Model):
    _name = "gendan.order.error"
    _description = "Order Error"
    _inherit = ["gendan.attributed.record", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order",
        string="Order",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="order_id.partner_id", store=True, string="Customer"
    )
    merchandiser_id = fields.Many2one(
        "res.users",
        string="Merchandiser",
        compute="_compute_merchandiser_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    error_type = fields.Selection(
        ERROR_TYPES, string="Type", required=True, default="data_entry", tracking=True
    )
    date = fields.Date(required=True, default=dates.today, index=True, tracking=True)
    found_by_id = fields.Many2one(
        "res.users", string="Found By", default=lambda self: self.env.user
    )
    description = fields.Text()

    @api.depends("order_id")
    def _compute_merchandiser_id(self):
        for error in self:
            error.merchandiser_id = error.order_id.merchandiser_id

    def _compute_display_name(self):
        labels = dict(self._fields["error_type"]._description_selection(self.env))
        for error in self:
            error.display_name = "%s - %s" % (
                error.order_id.name or "",
                labels.get(error.error_type, ""),
            )
