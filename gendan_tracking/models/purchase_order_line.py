from odoo import api, fields, models

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

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._gendan_link_sale_orders()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if {"sale_line_id", "move_dest_ids", "group_id"} & set(vals):
            self.order_id._gendan_link_sale_orders()
        return result
