from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_assign(self, force_qty=False):
        result = super()._action_assign(force_qty=force_qty)
        ready = self.picking_id.filtered(
            lambda p: (
                p.state == "assigned"
                and p.picking_type_code == "outgoing"
                and p.sale_id
            )
        )
        # A delivery ready to go moves the follow-up to "shipping", but only for
        # orders past review: goods that Odoo reserves at once (consumables) must
        # not skip the review, confirmation and production stages.
        ready.sale_id.filtered(
            lambda o: o.gendan_stage in ("confirmed", "production", "inspection")
        )._gendan_advance_stage("shipping")
        return result
