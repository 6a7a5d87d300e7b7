from markupsafe import Markup

from odoo import api, fields, models

from .gendan_risk import RISK_LEVELS


class SaleOrder(models.Model):
    """The risk register of an order: its open risks and their highest level."""

    _inherit = "sale.order"

    risk_ids = fields.One2many("gendan.risk", "order_id", string="Risks", copy=False)
    risk_level = fields.Selection(
        RISK_LEVELS,
        compute="_compute_risk_level",
        store=True,
        index=True,
        help="The highest level of the open risks of the order.",
    )
    risk_open_count = fields.Integer(compute="_compute_risk_level", store=True)

    @api.depends("risk_ids.level", "risk_ids.state")
    def _compute_risk_level(self):
        rank = {level: index for index, (level, _label) in enumerate(RISK_LEVELS)}
        for order in self:
            open_risks = order.risk_ids.filtered(lambda r: r.state != "closed")
            levels = [risk.level for risk in open_risks if risk.level]
            order.risk_level = max(levels, key=rank.get) if levels else False
            order.risk_open_count = len(open_risks)

    def action_gendan_view_risks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_risk_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_gendan_scan_risks(self):
        """Button *Check Risks Now*: the rules read what they need (the
        customer's credit, say) as the system and show only the resulting
        risks; the caller must be able to change the orders."""
        self._gendan_check_public_access("write")
        self._gendan_emit("risk_check_requested", self)
        return True

    def _gendan_close_rule_risks(self, items):
        """Pipeline handler: an order whose follow-up ended (closed or
        cancelled) is no longer scanned, so the risks its rules raised are
        closed, with a note; risks that people recorded stay theirs."""
        risks = self.env["gendan.risk"].search(
            [
                ("order_id", "in", self.ids),
                ("rule", "!=", False),
                ("state", "!=", "closed"),
            ]
        )
        for order, order_risks in risks.grouped("order_id").items():
            order_risks.write({"state": "closed", "date_closed": items[order.id][0]})
            note = (
                self.env._("Closed: the order's follow-up is cancelled.")
                if order.gendan_stage == "cancel"
                else self.env._("Closed: the order's follow-up is closed.")
            )
            for risk in order_risks:
                risk.message_post(body=Markup("<p>%s</p>") % note)
