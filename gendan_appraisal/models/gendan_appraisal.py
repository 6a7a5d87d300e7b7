from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mail import plaintext2html

from odoo.addons.gendan_tracking.tools import dates
from odoo.addons.gendan_tracking.tools.groups import GROUP_MANAGER, GROUP_MERCHANDISER
from odoo.addons.gendan_tracking.tools.lang import reader_env

from .. import scoring

LOCKED_STATES = ("approved", "acknowledged", "appealed", "done")
SCORING_STATES = ("draft", "self_review", "review")
# Fields the merchandiser may write on their own scorecard (the appeal goes
# through its wizard).
MERCHANDISER_FIELDS = {
    "self_assessment",
    "message_main_attachment_id",
}
# Fields that may still change on a locked scorecard (through the actions).
LOCKED_WRITABLE_FIELDS = {
    "state",
    "appeal_reason",
    "appeal_count",
    "acknowledged_date",
    "message_main_attachment_id",
}
ADMIN_GROUP = "gendan_appraisal.group_appraisal_admin"
APPEAL_ACTIVITY = "gendan_appraisal.mail_activity_type_appeal_review"
# What the lines of a scorecard are computed from: changing one rebuilds them.
BASIS_FIELDS = ("user_id", "company_id", "date_from", "date_to", "template_id")
# What a reviewer may type on a manual line before the scorecard is saved.
MANUAL_LINE_FIELDS = ("score", "reason")


class GendanAppraisal(models.Model):
    _name = "gendan.appraisal"
    _description = "Monthly Merchandiser Scorecard"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, user_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Merchandiser",
        required=True,
        index=True,
        tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(GROUP_MERCHANDISER).id)],
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewer", index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    date_from = fields.Date(required=True, index=True, tracking=True)
    date_to = fields.Date(required=True, tracking=True)
    template_id = fields.Many2one(
        "gendan.appraisal.template",
        required=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    line_ids = fields.One2many("gendan.appraisal.line", "appraisal_id", string="Lines")
    exclusion_ids = fields.One2many(
        "gendan.appraisal.exclusion",
        "appraisal_id",
        string="Excluded Evidence",
        readonly=True,
    )
    total_score = fields.Float(
        compute="_compute_total_score",
        store=True,
        aggregator="avg",
        tracking=True,
        digits=(16, 2),
    )
    grade = fields.Char(compute="_compute_total_score", store=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("self_review", "Self-Review"),
            ("review", "Review"),
            ("approved", "Approved"),
            ("acknowledged", "Acknowledged"),
            ("appealed", "Appealed"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    self_assessment = fields.Text(tracking=True)
    reviewer_comment = fields.Text(tracking=True)
    improvement_plan = fields.Text(tracking=True)
    training_needs = fields.Text(tracking=True)
    appeal_reason = fields.Text(tracking=True)
    appeal_count = fields.Integer(tracking=True, copy=False, readonly=True)
    acknowledged_date = fields.Datetime(tracking=True, copy=False, readonly=True)
    is_locked = fields.Boolean(compute="_compute_is_locked")
    is_own = fields.Boolean(compute="_compute_is_own")
    is_reviewer = fields.Boolean(
        compute="_compute_is_own",
        help="The current user may score this scorecard (a manager, not its owner).",
    )

    _sql_constraints = [
        (
            "user_period_template_uniq",
            "unique(user_id, date_from, template_id)",
            "This merchandiser already has a scorecard for this month and template.",
        ),
    ]

    @api.depends("user_id.name", "date_from")
    def _compute_name(self):
        for appraisal in self:
            period = appraisal.date_from and appraisal.date_from.strftime("%Y-%m")
            appraisal.name = " - ".join(filter(None, [appraisal.user_id.name, period]))

    @api.depends(
        "line_ids.score",
        "line_ids.weight",
        "line_ids.applicable",
        "template_id.grade_ids.minimum",
        "template_id.grade_ids.grade",
    )
    def _compute_total_score(self):
        for appraisal in self:
            total, _results = scoring.weighted_scores(appraisal._scoring_inputs())
            appraisal.total_score = total
            appraisal.grade = (
                appraisal.template_id._grade(total) if appraisal.template_id else False
            )

    @api.depends("state")
    def _compute_is_locked(self):
        for appraisal in self:
            appraisal.is_locked = appraisal.state in LOCKED_STATES

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_is_own(self):
        is_manager = self.env.user.has_group(GROUP_MANAGER)
        for appraisal in self:
            appraisal.is_own = appraisal.user_id == self.env.user
            appraisal.is_reviewer = is_manager and not appraisal.is_own

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for appraisal in self:
            first = appraisal.date_from.replace(day=1)
            last = first + relativedelta(months=1, days=-1)
            if appraisal.date_from != first or appraisal.date_to != last:
                raise ValidationError(
                    _(
                        "A scorecard covers one calendar month, from its first day to its last day."
                    )
                )

    @api.onchange(*BASIS_FIELDS)
    def _onchange_basis(self):
        """Show the template's lines, computed lines filled in, before the
        scorecard is saved (the server builds them again on save)."""
        if self.state != "draft":
            return
        self.line_ids = [Command.clear()] + self._prepare_form_lines()

    @api.onchange("date_from")
    def _onchange_date_from(self):
        if self.date_from:
            self.date_from, self.date_to = self._month_of(self.date_from)

    @api.model_create_multi
    def create(self, vals_list):
        """The lines always come from the template (form, RPC, import): the
        caller's lines only carry the manual scores typed before saving."""
        self._check_duplicates(vals_list)
        vals_list = [dict(vals) for vals in vals_list]
        typed = [
            self._typed_manual_values(vals.pop("line_ids", None)) for vals in vals_list
        ]
        appraisals = super().create(vals_list)
        appraisals._build_lines()
        for appraisal, values in zip(appraisals, typed, strict=True):
            appraisal._apply_typed_manual_values(values)
        return appraisals

    def write(self, vals):
        self._check_write_rights(vals)
        rebuilt = self._basis_changed(vals)
        typed = {}
        if rebuilt:
            if any(appraisal.state != "draft" for appraisal in rebuilt):
                raise UserError(
                    _(
                        "The merchandiser, month, company and template of a "
                        "scorecard can only be changed in draft."
                    )
                )
            vals = dict(vals)
            typed = self._typed_manual_values(vals.pop("line_ids", None))
        result = super().write(vals)
        if rebuilt:
            rebuilt._build_lines()
            for appraisal in rebuilt:
                appraisal._apply_typed_manual_values(typed)
        return result

    def unlink(self):
        if any(appraisal.state in LOCKED_STATES for appraisal in self):
            raise UserError(_("An approved scorecard cannot be deleted."))
        return super().unlink()

    # ----------------------------------------------------------------- actions
    def action_self_review(self):
        self._check_state(("draft",))
        self._check_owner_or_manager()
        self._check_has_lines()
        self.sudo().write({"state": "self_review"})
        self.filtered(lambda a: a.user_id != self.env.user)._notify_merchandiser(
            "gendan_appraisal.mail_template_gendan_appraisal_created"
        )

    def action_submit_review(self):
        self._check_state(("draft", "self_review"))
        self._check_owner_or_manager()
        self._check_has_lines()
        values = {"state": "review"}
        for appraisal in self:
            if not appraisal.reviewer_id and self.env.user.has_group(GROUP_MANAGER):
                appraisal.sudo().reviewer_id = self.env.user
        self.sudo().write(values)

    def action_approve(self):
        self._check_state(("review",))
        self._check_manager()
        self._check_has_lines()
        for appraisal in self:
            if appraisal.user_id == self.env.user and not self.env.su:
                raise UserError(_("You cannot approve your own scorecard."))
            appraisal.line_ids._check_outlier_reason()
        for appraisal in self.filtered(lambda a: not a.reviewer_id):
            appraisal.reviewer_id = self.env.user
        self.write({"state": "approved"})
        self._close_appeal_activities(_("Approved after the appeal."))
        self._notify_merchandiser(
            "gendan_appraisal.mail_template_gendan_appraisal_approved"
        )

    def action_acknowledge(self):
        self._check_state(("approved",))
        self._check_owner()
        self.sudo().write(
            {"state": "acknowledged", "acknowledged_date": fields.Datetime.now()}
        )

    def action_appeal(self):
        """Open the appeal wizard: every appeal asks for its own reason."""
        self.ensure_one()
        self._check_state(("approved",))
        self._check_owner()
        return {
            "type": "ir.actions.act_window",
            "name": _("Appeal"),
            "res_model": "gendan.appraisal.appeal.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_appraisal_id": self.id},
        }

    def action_reopen_review(self):
        """The administrator sends an appealed scorecard back to review."""
        self._check_state(("appealed",))
        self._check_admin()
        self.write({"state": "review"})
        self._close_appeal_activities(_("Sent back to review."))
        for appraisal in self:
            appraisal._schedule_review_activity(
                appraisal.reviewer_id, appraisal.appeal_reason
            )

    def action_done(self):
        self._check_state(("acknowledged", "appealed"))
        for appraisal in self:
            if appraisal.state == "appealed":
                appraisal._check_admin()
            else:
                appraisal._check_manager()
        self.write({"state": "done"})
        self._close_appeal_activities(_("Closed."))

    def action_recompute(self):
        """Recompute the computed lines; a scorecard that lost its lines (made
        before they were built on creation) gets its template's again."""
        self._check_state(SCORING_STATES)
        self._check_owner_or_manager()
        empty = self.filtered(lambda appraisal: not appraisal.line_ids)
        empty.sudo()._build_lines()
        (self - empty).sudo()._recompute_lines()
        return True

    # ---------------------------------------------------------------- business
    def _scoring_inputs(self):
        self.ensure_one()
        return [
            scoring.LineInput(line.id or line, line.weight, line.score, line.applicable)
            for line in self.line_ids
        ]

    def _check_state(self, states):
        for appraisal in self:
            if appraisal.state not in states:
                raise UserError(
                    _(
                        "Scorecard %(name)s is %(state)s: this action is not possible.",
                        name=appraisal.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[appraisal.state],
                    )
                )

    def _check_has_lines(self):
        for appraisal in self:
            if not appraisal.line_ids:
                raise UserError(
                    _(
                        "Scorecard %(name)s has no indicator lines: press "
                        "Recompute to get the lines of its template first.",
                        name=appraisal.name,
                    )
                )

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(GROUP_MANAGER)):
            raise AccessError(_("Only a merchandising manager can do this."))

    def _check_admin(self):
        if not (self.env.su or self.env.user.has_group(ADMIN_GROUP)):
            raise AccessError(_("Only an appraisal administrator can do this."))

    def _check_owner(self):
        if self.env.su:
            return
        if any(appraisal.user_id != self.env.user for appraisal in self):
            raise AccessError(_("Only the appraised merchandiser can do this."))

    def _check_owner_or_manager(self):
        if self.env.su or self.env.user.has_group(GROUP_MANAGER):
            return
        self._check_owner()

    def _check_write_rights(self, vals):
        """Merchandisers write their self-assessment only (they appeal through
        the appeal wizard); nobody edits an approved scorecard except through
        its actions."""
        fields_written = set(vals)
        if not self.env.su and not self.env.user.has_group(GROUP_MANAGER):
            forbidden = fields_written - MERCHANDISER_FIELDS
            if forbidden or any(a.user_id != self.env.user for a in self):
                raise AccessError(
                    _("You can only write the self-assessment of your own scorecard.")
                )
            if "self_assessment" in vals and any(
                a.state not in ("draft", "self_review") for a in self
            ):
                raise UserError(
                    _(
                        "The self-assessment can only be written in draft or self-review."
                    )
                )
        locked_forbidden = fields_written - LOCKED_WRITABLE_FIELDS
        if locked_forbidden and any(a.state in LOCKED_STATES for a in self):
            raise UserError(
                _("This scorecard is approved and locked: it can no longer be changed.")
            )

    @api.model
    def _check_duplicates(self, vals_list):
        keys = [
            (vals.get("user_id"), vals.get("date_from"), vals.get("template_id"))
            for vals in vals_list
        ]
        if len(set(keys)) != len(keys):
            raise ValidationError(
                _(
                    "This merchandiser already has a scorecard for this month and template."
                )
            )
        domain = [
            ("user_id", "in", [key[0] for key in keys]),
            ("date_from", "in", [key[1] for key in keys if key[1]]),
            ("template_id", "in", [key[2] for key in keys]),
        ]
        existing = {
            (a.user_id.id, a.date_from, a.template_id.id)
            for a in self.sudo().with_context(active_test=False).search(domain)
        }
        for user_id, date_from, template_id in keys:
            if (user_id, fields.Date.to_date(date_from), template_id) in existing:
                raise ValidationError(
                    _(
                        "This merchandiser already has a scorecard for this month "
                        "and template."
                    )
                )

    @api.model
    def _prepare_line_values(self, template, user, values):
        """Line values of ``user``'s scorecard: ``values`` is the engine result
        ``{indicator_id: {user_id: IndicatorValue}}``."""
        lines = []
        for template_line in template.line_ids:
            indicator = template_line.indicator_id
            line = {
                "indicator_id": indicator.id,
                "weight": template_line.weight,
                "sequence": template_line.sequence,
            }
            if indicator.kind == "computed":
                line.update(
                    self.env["gendan.appraisal.line"]._computed_values(
                        indicator, values.get(indicator.id, {}).get(user.id)
                    )
                )
            lines.append(Command.create(line))
        return lines

    def _by_period(self):
        """``{(company, date_from, date_to): scorecards}``: one engine run each."""
        groups = {}
        for appraisal in self:
            key = (appraisal.company_id, appraisal.date_from, appraisal.date_to)
            groups.setdefault(key, self.browse())
            groups[key] |= appraisal
        return groups

    def _build_lines(self):
        """Replace the lines of these scorecards by their template's, computed
        lines filled in by the engine (one run per company and month). The
        system builds them: nobody writes lines or computed values by hand."""
        Engine = self.env["gendan.appraisal.engine"].sudo()
        self.sudo().line_ids.unlink()
        vals_list = []
        for (company, date_from, date_to), appraisals in self._by_period().items():
            values = Engine._compute_values(
                appraisals.template_id.line_ids.indicator_id,
                appraisals.user_id,
                date_from,
                date_to,
                company,
            )
            for appraisal in appraisals:
                vals_list += [
                    dict(command[2], appraisal_id=appraisal.id)
                    for command in self._prepare_line_values(
                        appraisal.template_id, appraisal.user_id, values
                    )
                ]
        self.env["gendan.appraisal.line"].sudo().create(vals_list)

    def _prepare_form_lines(self):
        """Line commands of the template shown in the form of an unsaved
        scorecard: computed values for a manager only, as the engine reads
        orders the user may not see."""
        self.ensure_one()
        template = self.template_id
        if not template:
            return []
        values = {}
        can_compute = self.env.su or self.env.user.has_group(GROUP_MANAGER)
        if can_compute and self.user_id and self.date_from and self.date_to:
            values = (
                self.env["gendan.appraisal.engine"]
                .sudo()
                ._compute_values(
                    template.line_ids.indicator_id,
                    self.user_id,
                    self.date_from,
                    self.date_to,
                    self.company_id or self.env.company,
                )
            )
        return self._prepare_line_values(template, self.user_id, values)

    def _basis_changed(self, vals):
        """Scorecards whose merchandiser, company, month or template ``vals``
        changes."""
        changed = self.browse()
        names = [name for name in BASIS_FIELDS if name in vals]
        for appraisal in self:
            for name in names:
                field = self._fields[name]
                if field.type == "many2one":
                    old, new = appraisal[name].id or False, vals[name] or False
                else:
                    old, new = appraisal[name], fields.Date.to_date(vals[name])
                if old != new:
                    changed |= appraisal
                    break
        return changed

    @api.model
    def _typed_manual_values(self, commands):
        """``{indicator_id: {field: value}}``: the score and reason typed on the
        new lines of ``commands`` (the form sends the lines it showed). Only
        manual scores are taken; everything else comes from the template and
        the engine."""
        typed = {}
        for command in commands or ():
            if (
                isinstance(command, (list, tuple))
                and len(command) == 3
                and command[0] == Command.CREATE
                and isinstance(command[2], dict)
                and isinstance(command[2].get("indicator_id"), int)
            ):
                values = command[2]
                typed[values["indicator_id"]] = {
                    name: values[name] for name in MANUAL_LINE_FIELDS if name in values
                }
        return typed

    def _apply_typed_manual_values(self, typed):
        """Write the typed manual scores as the user who typed them, with the
        same checks as a score written later."""
        self.ensure_one()
        for line in self.line_ids.filtered(lambda line: line.kind == "manual"):
            values = {
                name: value
                for name, value in typed.get(line.indicator_id.id, {}).items()
                if (value or False) != (line[name] or False)
            }
            if values:
                line.write(values)

    def _recompute_lines(self):
        """Recompute the computed lines, grouped by company and month, one
        engine run per group."""
        Engine = self.env["gendan.appraisal.engine"]
        Line = self.env["gendan.appraisal.line"]
        for (company, date_from, date_to), appraisals in self._by_period().items():
            lines = appraisals.line_ids.filtered(lambda line: line.kind == "computed")
            values = Engine._compute_values(
                lines.indicator_id,
                appraisals.user_id,
                date_from,
                date_to,
                company,
                excluded=lines._excluded_evidence(),
            )
            for line in lines:
                result = values.get(line.indicator_id.id, {}).get(
                    line.appraisal_id.user_id.id
                )
                line.sudo().write(Line._computed_values(line.indicator_id, result))

    @api.model
    def _cron_create_monthly(self, date=None):
        """Create last month's scorecard of every active merchandiser with the
        default template of their company, computed lines filled in."""
        date = fields.Date.to_date(date) or dates.today(self)
        date_from = date.replace(day=1) - relativedelta(months=1)
        date_to = date_from + relativedelta(months=1, days=-1)
        self._create_scorecards(date_from, date_to)

    @api.model
    def _create_scorecards(self, date_from, date_to, users=None):
        group = self.env.ref(GROUP_MERCHANDISER)
        if users is None:
            users = self.env["res.users"].search(
                [("groups_id", "in", group.id), ("share", "=", False)]
            )
        existing = self.search(
            [("user_id", "in", users.ids), ("date_from", "=", date_from)]
        )
        done = {(a.user_id.id, a.template_id.id) for a in existing}
        Template = self.env["gendan.appraisal.template"]
        vals_list = []
        for company in users.company_id:
            template = Template._get_default(company)
            company_users = users.filtered(
                lambda u, c=company, t=template: (
                    u.company_id == c and (u.id, t.id) not in done
                )
            )
            if not template or not company_users:
                continue
            # create() builds the lines, one engine run per company and month
            vals_list += [
                {
                    "user_id": user.id,
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "template_id": template.id,
                }
                for user in company_users
            ]
        return self.with_context(mail_create_nosubscribe=True).create(vals_list)

    def _appeal(self, reason):
        """Appeal with ``reason``, written for this appeal. First appeal: back
        to review. Further appeals: to the administrator. Every reason stays in
        the chatter."""
        self.ensure_one()
        self._check_state(("approved",))
        self._check_owner()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Write the reason of your appeal."))
        count = self.appeal_count + 1
        self.sudo().write(
            {
                "state": "review" if count == 1 else "appealed",
                "appeal_count": count,
                "appeal_reason": reason,
            }
        )
        self.sudo().message_post(
            body=Markup("<p><strong>%s</strong></p>%s")
            % (_("Appeal #%(count)s", count=count), plaintext2html(reason)),
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        if count == 1:
            reviewer = self.reviewer_id
        else:
            reviewer = self.env.ref(ADMIN_GROUP).users.filtered(
                lambda u: self.company_id in u.company_ids and not u.share
            )[:1]
        self._schedule_review_activity(reviewer, reason)

    def _schedule_review_activity(self, user, reason):
        if not user:
            return
        self.sudo().activity_schedule(
            APPEAL_ACTIVITY,
            user_id=user.id,
            summary=reader_env(self, user)._("Appealed scorecard to review"),
            note=plaintext2html(reason or ""),
        )

    def _close_appeal_activities(self, feedback):
        """Mark the appeal reviews of these scorecards done."""
        appealed = self.filtered("appeal_count")
        if appealed:
            appealed.sudo().activity_feedback([APPEAL_ACTIVITY], feedback=feedback)

    def _notify_merchandiser(self, template_xmlid):
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        for appraisal in self:
            appraisal.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=appraisal.user_id.partner_id.ids,
            )

    @api.model
    def _month_of(self, day):
        first = day.replace(day=1)
        return first, first + relativedelta(months=1, days=-1)
