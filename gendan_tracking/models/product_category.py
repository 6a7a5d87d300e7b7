from odoo import fields, models

from .gendan_cost_template import COST_TYPES


class ProductCategory(models.Model):
    _inherit = "product.category"

    gendan_cost_type = fields.Selection(
        COST_TYPES,
        string="Order Cost Type",
        help="Cost type of the purchases of this category on the order cost sheet. "
        "A purchase order line can override it.",
    )
