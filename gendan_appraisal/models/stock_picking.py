from odoo import models
from odoo.tools.float_utils import float_compare


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._gendan_send_satisfaction_surveys()
        return result

    def _gendan_send_satisfaction_surveys(self):
        """When a delivery completes its order, mail the customer the survey."""
        orders = self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        ).sale_id.filtered(lambda o: o.state == "sale")
        delivered = orders.filtered(
            lambda order: all(
                float_compare(
                    line.qty_delivered,
                    line.product_uom_qty,
                    precision_rounding=line.product_uom.rounding or 0.01,
                )
                >= 0
                for line in order.order_line
                if not line.display_type
            )
        )
        if delivered:
            # Whoever validates the delivery (a warehouse user, say) triggers the
            # survey; creating and mailing it is the system's job.
            self.env["gendan.satisfaction"].sudo()._create_for_delivered_orders(
                delivered.sudo()
            )
