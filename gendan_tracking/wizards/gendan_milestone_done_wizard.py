from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.gendan_milestone import DELAY_REASONS


class GendanMilestoneDoneWizard(models.TransientModel):
    """*Done* on a late milestone: the delay reason (and a note) first."""

    _name = "gendan.milestone.done.wizard"
    _description = "Close a Late Milestone"

    milestone_ids = fields.Many2many(
        "gendan.milestone", string="Milestones", required=True, readonly=True
    )
    delay_reason = fields.Selection(
        DELAY_REASONS,
        required=True,
        help="Why the milestone is done after its planned date; a delay caused "
        "by the customer does not count against the merchandiser.",
    )
    delay_note = fields.Text(
        string="Note", help="What happened, in a few words (kept on the milestone)."
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "milestone_ids" in fields_list and not values.get("milestone_ids"):
            active_ids = self.env.context.get("gendan_late_milestone_ids") or []
            values["milestone_ids"] = [fields.Command.set(active_ids)]
        return values

    def action_done(self):
        self.ensure_one()
        if not self.milestone_ids:
            raise UserError(_("There is no milestone to close."))
        self.milestone_ids.write(
            {"delay_reason": self.delay_reason, "delay_note": self.delay_note}
        )
        self.milestone_ids.action_mark_done()
        return {"type": "ir.actions.act_window_close"}
