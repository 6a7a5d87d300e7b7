from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    gendan_purchase_lead_days = fields.Integer(
        string="Material Lead Time (days)",
        default=14,
        help="When an order has no material milestone, purchase orders serving it "
        "are required this many days before the order's commitment date.",
    )

    @api.constrains("gendan_purchase_lead_days")
    def _check_gendan_purchase_lead_days(self):
        if any(company.gendan_purchase_lead_days < 0 for company in self):
            raise ValidationError(_("The material lead time cannot be negative."))
