from odoo import fields, models

from .gendan_cost_template import COST_TYPES


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    gendan_cost_type = fields.Selection(
        COST_TYPES,
        string="Order Cost Type",
        help="Cost type on the cost sheet of the linked sale orders. Empty: the cost "
        "type of the product category, or material.",
    )

    def _gendan_get_cost_type(self):
        self.ensure_one()
        return (
            self.gendan_cost_type
            or self.product_id.categ_id.gendan_cost_type
            or "material"
        )
