from odoo import models


class GendanMilestone(models.Model):
    _inherit = "gendan.milestone"

    def write(self, vals):
        res = super().write(vals)
        if {"state", "planned_date"} & set(vals) and not self.env.context.get(
            "gendan_risk_engine"
        ):
            self.order_id._gendan_risk_scan_events(["milestone_overdue"])
            if "planned_date" in vals:
                self.filtered(
                    lambda m: m.auto_rule == "shipped"
                ).order_id._gendan_risk_scan_events(["documents_missing"])
        return res
