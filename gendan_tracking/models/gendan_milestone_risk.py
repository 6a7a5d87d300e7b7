from odoo import models


class GendanMilestone(models.Model):
    _inherit = "gendan.milestone"

    def write(self, vals):
        res = super().write(vals)
        if (
            {"state", "planned_date"} & set(vals)
            and not self.env.context.get("gendan_risk_engine")
            and not self.env.context.get("gendan_risk_deferred")
        ):
            self.order_id._gendan_risk_scan_events(["milestone_overdue"])
            if "planned_date" in vals:
                self.filtered(
                    lambda m: m.auto_rule == "shipped"
                ).order_id._gendan_risk_scan_events(["documents_missing"])
        return res

    def _gendan_refresh_state(self, today=None):
        # The refresh writes once per group of equal (state, delay) values; the
        # overdue rule runs once afterwards on the orders of all the milestones
        # written, instead of once per group.
        if not self or self.env.context.get("gendan_risk_deferred"):
            return super()._gendan_refresh_state(today=today)
        before = {m.id: (m.state, m.delay_days) for m in self}
        result = super(
            GendanMilestone, self.with_context(gendan_risk_deferred=True)
        )._gendan_refresh_state(today=today)
        written = self.filtered(lambda m: (m.state, m.delay_days) != before[m.id])
        if written and not self.env.context.get("gendan_risk_engine"):
            written.order_id._gendan_risk_scan_events(["milestone_overdue"])
        return result
