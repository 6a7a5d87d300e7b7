from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.gendan_tracking.tools import dates
from odoo.addons.gendan_tracking.tools.groups import GROUP_MANAGER

# What a done assessment no longer lets anyone change.
DONE_LOCKED_FIELDS = {"template_id", "line_ids", "recommendation"}


class GendanAppraisalCandidate(models.Model):
    """A job candidate assessed by a hiring manager against the competency
    profile of an appraisal template (the expected levels of the 11 traits)."""

    _name = "gendan.appraisal.candidate"
    _description = "Candidate Assessment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    def _default_position(self):
        return self.env._("Merchandiser")

    def _default_template(self):
        return self.env["gendan.appraisal.template"]._get_default(self.env.company)

    name = fields.Char(string="Candidate", required=True, tracking=True)
    email = fields.Char()
    phone = fields.Char()
    position = fields.Char(
        required=True, default=_default_position, tracking=True, index=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    template_id = fields.Many2one(
        "gendan.appraisal.template",
        string="Competency Profile",
        required=True,
        check_company=True,
        default=_default_template,
        tracking=True,
        help="The appraisal template whose expected competency levels the "
        "candidate is assessed against.",
    )
    interviewer_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
    )
    date = fields.Date(
        string="Interview Date",
        required=True,
        default=dates.today,
        tracking=True,
    )
    line_ids = fields.One2many(
        "gendan.appraisal.candidate.competency",
        "candidate_id",
        string="Competencies",
    )
    match_pct = fields.Float(
        string="Match (%)",
        compute="_compute_scores",
        store=True,
        aggregator="avg",
        help="How far the ratings reach the expected levels: the sum of each "
        "competency's rating, capped at its expected level, divided by the sum of "
        "the expected levels of the whole profile (a competency not rated yet "
        "counts 0).",
    )
    gap_count = fields.Integer(
        string="Gaps", compute="_compute_scores", store=True, aggregator="sum"
    )
    average_rating = fields.Float(
        compute="_compute_scores", store=True, digits=(16, 2), aggregator="avg"
    )
    development_needs = fields.Text(
        compute="_compute_scores",
        store=True,
        help="One line per competency rated below its expected level.",
    )
    recommendation = fields.Selection(
        [("hire", "Hire"), ("consider", "Consider"), ("reject", "Reject")],
        tracking=True,
    )
    comment = fields.Text(string="Interviewer Comment")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )

    @api.depends(
        "line_ids.rating",
        "line_ids.expected_level",
        "line_ids.gap",
        "line_ids.competency_id.name",
    )
    def _compute_scores(self):
        for candidate in self:
            rated = candidate.line_ids.filtered("rating")
            # over the whole profile: a competency not rated yet reaches 0, so
            # a half-rated assessment never looks like a perfect match
            expected = sum(candidate.line_ids.mapped("expected_level"))
            reached = sum(min(line.rating, line.expected_level) for line in rated)
            candidate.match_pct = 100.0 * reached / expected if expected else 0.0
            candidate.average_rating = (
                sum(rated.mapped("rating")) / len(rated) if rated else 0.0
            )
            gaps = rated.filtered(lambda line: line.gap > 0)
            candidate.gap_count = len(gaps)
            candidate.development_needs = (
                "\n".join(line._get_gap_text() for line in gaps) or False
            )

    @api.constrains("template_id")
    def _check_template_profile(self):
        for candidate in self:
            if not candidate.template_id.competency_ids:
                raise ValidationError(
                    _(
                        "The appraisal template %(name)s has no competency profile: "
                        "set the expected competency levels on it first.",
                        name=candidate.template_id.name,
                    )
                )

    @api.constrains("state", "recommendation", "line_ids")
    def _check_done(self):
        for candidate in self.filtered(lambda c: c.state == "done"):
            unrated = candidate.line_ids.filtered(lambda line: not line.rating)
            if unrated:
                raise ValidationError(
                    _(
                        "Rate every competency before closing the assessment of "
                        "%(name)s (not rated: %(competencies)s).",
                        name=candidate.name,
                        competencies=", ".join(unrated.competency_id.mapped("name")),
                    )
                )
            if not candidate.recommendation:
                raise ValidationError(
                    _(
                        "Give a recommendation (hire, consider or reject) before "
                        "closing the assessment of %(name)s.",
                        name=candidate.name,
                    )
                )

    @api.onchange("template_id")
    def _onchange_template_id(self):
        self.line_ids = self._prepare_line_commands()

    @api.model_create_multi
    def create(self, vals_list):
        candidates = super().create(vals_list)
        for candidate, vals in zip(candidates, vals_list, strict=True):
            if "line_ids" not in vals:
                candidate.line_ids = candidate._prepare_line_commands()
        return candidates

    def write(self, vals):
        if set(vals) & DONE_LOCKED_FIELDS:
            self._check_unlocked()
        result = super().write(vals)
        if "template_id" in vals and "line_ids" not in vals:
            for candidate in self:
                candidate.line_ids = candidate._prepare_line_commands()
        return result

    def action_done(self):
        if any(candidate.state != "draft" for candidate in self):
            raise UserError(_("Only a draft candidate assessment can be closed."))
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        if any(candidate.state == "cancelled" for candidate in self):
            raise UserError(_("This candidate assessment is already cancelled."))
        self.write({"state": "cancelled"})
        return True

    def action_reset_draft(self):
        if not self.env.user.has_group(GROUP_MANAGER):
            raise UserError(
                _("Only a merchandising manager can reopen a candidate assessment.")
            )
        self.write({"state": "draft"})
        return True

    def action_compare(self):
        """The ratings of every candidate for the same position(s), side by
        side: candidates in rows, competencies in columns."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_appraisal.gendan_appraisal_candidate_competency_action"
        )
        action["domain"] = [
            ("position", "in", self.mapped("position")),
            ("candidate_state", "!=", "cancelled"),
        ]
        return action

    def _check_unlocked(self):
        if any(candidate.state == "done" for candidate in self):
            raise UserError(
                _(
                    "This candidate assessment is done and locked: reset it to "
                    "draft to change the ratings."
                )
            )

    def _prepare_line_commands(self):
        """Commands that replace the lines by the template's competency
        profile, keeping the ratings and notes already given for the
        competencies that stay."""
        self.ensure_one()
        kept = {
            line.competency_id.id: line
            for line in self.line_ids
            if line.competency_id and line.rating
        }
        commands = [Command.clear()]
        for profile in self.template_id.competency_ids:
            old = kept.get(profile.competency_id.id)
            commands.append(
                Command.create(
                    {
                        "competency_id": profile.competency_id.id,
                        "rating": old.rating if old else 0,
                        "note": old.note if old else False,
                    }
                )
            )
        return commands
