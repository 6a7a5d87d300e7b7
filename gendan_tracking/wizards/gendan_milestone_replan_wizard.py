from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.misc import clean_context

from ..models.gendan_milestone import DELAY_REASONS, OPEN_STATES


class GendanMilestoneReplanWizard(models.TransientModel):
    """Replan milestones (a drop on the timeline, the *Replan* button): the new
    date, every move it makes (successors included) before anything is written,
    and the reason of the delay when a customer-visible date moves later. The
    replan itself is ``gendan.milestone.action_gendan_replan``."""

    _name = "gendan.milestone.replan.wizard"
    _description = "Replan Milestones"

    milestone_ids = fields.Many2many(
        "gendan.milestone", string="Milestones", required=True
    )
    planned_date = fields.Date(string="New Planned Date", required=True)
    delay_reason = fields.Selection(
        DELAY_REASONS,
        help="Why the milestones move later; a delay caused by the customer does "
        "not count against the merchandiser.",
    )
    delay_note = fields.Text(
        string="Note", help="What happened, in a few words (kept on the milestones)."
    )
    moved_milestone_ids = fields.Many2many(
        "gendan.milestone",
        string="Moved Milestones",
        compute="_compute_preview",
        help="Every milestone the replan moves, the pushed successors included.",
    )
    reason_required = fields.Boolean(compute="_compute_preview")
    preview_html = fields.Html(string="Preview", compute="_compute_preview")

    @api.depends("milestone_ids", "planned_date")
    def _compute_preview(self):
        Milestone = self.env["gendan.milestone"]
        for wizard in self:
            milestones = wizard.milestone_ids._origin.filtered(
                lambda m: m.state in OPEN_STATES
            )
            moves = {}
            if milestones and wizard.planned_date:
                moves = milestones._gendan_replan_preview(
                    {milestone: wizard.planned_date for milestone in milestones}
                )
            wizard.moved_milestone_ids = Milestone.union(*moves)
            wizard.reason_required = Milestone._gendan_moves_need_reason(moves)
            wizard.preview_html = wizard._gendan_preview_table(moves, milestones)

    def _gendan_preview_table(self, moves, milestones):
        """The moves as an HTML table: order, milestone, old and new date."""
        if not moves:
            return Markup("<p>%s</p>") % _("Nothing moves.")
        visible_label = _("shown to the customer")
        pushed_label = _("pushed by its predecessors")
        rows = Markup("")
        for milestone, (old, new) in sorted(
            moves.items(),
            key=lambda item: (item[0].order_id.name, item[0].sequence, item[0].id),
        ):
            notes = []
            if milestone not in milestones:
                notes.append(pushed_label)
            if milestone.customer_visible:
                notes.append(visible_label)
            suffix = (
                Markup(' <small class="text-muted">(%s)</small>') % ", ".join(notes)
                if notes
                else ""
            )
            rows += Markup(
                "<tr><td>%s</td><td>%s%s</td><td>%s</td><td>%s</td></tr>"
            ) % (
                milestone.order_id.name,
                milestone.name,
                suffix,
                format_date(self.env, old) if old else "-",
                format_date(self.env, new),
            )
        head = Markup("<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            _("Order"),
            _("Milestone"),
            _("Planned"),
            _("New Date"),
        )
        return Markup(
            '<table class="table table-sm o_gendan_replan_preview">'
            "<thead>%s</thead><tbody>%s</tbody></table>"
        ) % (head, rows)

    def action_confirm(self):
        self.ensure_one()
        if self.reason_required and not self.delay_reason:
            raise UserError(
                _(
                    "A date shown to the customer moves later: give the reason of "
                    "the delay."
                )
            )
        # the dialog's context carries its defaults: they are not the replan's
        milestones = self.milestone_ids.with_env(
            self.env(context=clean_context(self.env.context))
        )
        milestones.action_gendan_replan(
            self.planned_date,
            delay_reason=self.delay_reason,
            delay_note=self.delay_note,
        )
        return {"type": "ir.actions.act_window_close"}
