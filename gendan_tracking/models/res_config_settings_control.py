from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gendan_cost_tolerance = fields.Float(
        related="company_id.gendan_cost_tolerance", readonly=False
    )
    gendan_documents_days = fields.Integer(
        related="company_id.gendan_documents_days", readonly=False
    )
    gendan_low_margin_threshold = fields.Float(
        related="company_id.gendan_low_margin_threshold", readonly=False
    )
