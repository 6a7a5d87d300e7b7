from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_assign(self, force_qty=False):
        result = super()._action_assign(force_qty=force_qty)
        # A delivery ready to go moves the follow-up to "shipping", but only for
        # orders past review (the event's stages): goods that Odoo reserves at
        # once (consumables) must not skip review, confirmation and production.
        self.env["sale.order"]._gendan_emit_records("delivery_ready", self.picking_id)
        return result

    def trigger_inspection(self, timings, partner=False):
        # no trigger line anywhere: nothing to trigger, skip the per-move lookup
        # of quality_control_stock_oca (qc_trigger_line.py)
        if not self.env["qc.trigger"]._gendan_has_trigger_lines():
            return None
        return super().trigger_inspection(timings, partner=partner)
