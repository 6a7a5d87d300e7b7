from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gendan_see_all_orders = fields.Boolean(
        related="company_id.gendan_see_all_orders", readonly=False
    )
