from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gendan_purchase_lead_days = fields.Integer(
        related="company_id.gendan_purchase_lead_days", readonly=False
    )
