from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    gendan_cost_tolerance = fields.Float(
        string="Cost Tolerance (%)",
        default=5.0,
        help="A cost overrun risk is raised when the actual cost of an order exceeds "
        "its budget by more than this percentage.",
    )
    gendan_documents_days = fields.Integer(
        string="Documents Due Before Shipping (days)",
        default=7,
        help="A documents risk is raised when required documents are still missing "
        "this many days before the planned shipping date.",
    )
    gendan_low_margin_threshold = fields.Float(
        string="Low Margin Threshold (%)",
        default=10.0,
        help="A low margin risk is raised when the expected margin of an order falls "
        "below this percentage of its untaxed amount.",
    )

    @api.constrains(
        "gendan_cost_tolerance", "gendan_documents_days", "gendan_low_margin_threshold"
    )
    def _check_gendan_control_settings(self):
        for company in self:
            if company.gendan_cost_tolerance < 0 or company.gendan_documents_days < 0:
                raise ValidationError(
                    _("The cost tolerance and the documents delay cannot be negative.")
                )
            if not -100 <= company.gendan_low_margin_threshold <= 100:
                raise ValidationError(
                    _("The low margin threshold must be between -100% and 100%.")
                )
