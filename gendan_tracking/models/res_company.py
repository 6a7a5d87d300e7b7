from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    gendan_see_all_orders = fields.Boolean(
        string="Merchandisers See All Orders",
        help="When set, merchandisers may read the follow-up records of every order "
        "of the company, not only the orders where they are the merchandiser.",
    )
