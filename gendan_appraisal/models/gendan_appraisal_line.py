from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import scoring
from .gendan_appraisal import GROUP_MANAGER, LOCKED_STATES

# Written by the engine only, never by hand.
COMPUTED_FIELDS = {
    "actual_value",
    "applicable",
    "score",
    "evidence_count",
    "evidence_model",
    "evidence_res_ids",
}
# What a reviewer writes on a line; the rest comes from the template and the
# engine.
REVIEWER_FIELDS = {"score", "reason", "sequence"}
OUTLIER_TOLERANCE = 20.0


# Indicators whose evidence reads best in a list built for them:
# code -> (model, field holding the evidence ids, list view)
ORDER_ANALYSIS = (
    "gendan.order.report",
    "order_id",
    "gendan_tracking.gendan_order_report_view_list",
)
EVIDENCE_VIEWS = {
    "on_time_rate": (
        "gendan.order.report",
        "order_id",
        "gendan_appraisal.gendan_order_report_view_list_otif_evidence",
    ),
    # orders: their follow-up figures, not the sales list
    "error_rate": ORDER_ANALYSIS,
    "confirmation_hours": ORDER_ANALYSIS,
    "quote_hours": ORDER_ANALYSIS,
    "cost_variance_pct": ORDER_ANALYSIS,
    "complaint_rate": ORDER_ANALYSIS,
}


class GendanAppraisalLine(models.Model):
    _name = "gendan.appraisal.line"
    _description = "Scorecard Line"
    _order = "appraisal_id, sequence, id"

    appraisal_id = fields.Many2one(
        "gendan.appraisal", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    indicator_id = fields.Many2one(
        "gendan.appraisal.indicator", required=True, ondelete="restrict", index=True
    )
    kind = fields.Selection(related="indicator_id.kind", store=True)
    category = fields.Selection(related="indicator_id.category", store=True)
    unit = fields.Char(related="indicator_id.unit")
    user_id = fields.Many2one(
        related="appraisal_id.user_id", store=True, index=True, string="Merchandiser"
    )
    reviewer_id = fields.Many2one(
        related="appraisal_id.reviewer_id", store=True, string="Reviewer"
    )
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True)
    date_from = fields.Date(related="appraisal_id.date_from", store=True)
    state = fields.Selection(related="appraisal_id.state")
    weight = fields.Float(required=True, default=0.0)
    actual_value = fields.Float(digits=(16, 2), aggregator="avg")
    applicable = fields.Boolean(default=True)
    score = fields.Float(digits=(16, 2), aggregator="avg")
    scored = fields.Boolean(
        help="A manual line counts in the team mean once the reviewer scored it."
    )
    weighted_score = fields.Float(
        compute="_compute_weighted_score", store=True, digits=(16, 2)
    )
    evidence_count = fields.Integer()
    evidence_model = fields.Char()
    evidence_res_ids = fields.Json()
    exclusion_ids = fields.One2many(
        "gendan.appraisal.exclusion", "line_id", string="Excluded Evidence"
    )
    exclusion_count = fields.Integer(compute="_compute_exclusion_count")
    value_display = fields.Char(
        string="Value",
        compute="_compute_value_display",
        help="The value with its unit, or N/A when nothing was there to measure "
        "(the line then does not count in the total).",
    )
    reason = fields.Text(
        help="Required when a manual score is more than 20 points from the team "
        "mean for this indicator and month."
    )

    @api.depends(
        "appraisal_id.line_ids.score",
        "appraisal_id.line_ids.weight",
        "appraisal_id.line_ids.applicable",
    )
    def _compute_weighted_score(self):
        for appraisal in self.appraisal_id:
            _total, results = scoring.weighted_scores(appraisal._scoring_inputs())
            by_key = {result.key: result.weighted_score for result in results}
            for line in appraisal.line_ids & self:
                line.weighted_score = by_key.get(line.id or line, 0.0)
        (self - self.appraisal_id.line_ids).weighted_score = 0.0

    @api.constrains("score", "kind")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= 100:
                raise ValidationError(
                    _(
                        "The score of %(indicator)s must be between 0 and 100.",
                        indicator=line.indicator_id.name,
                    )
                )

    @api.constrains("score", "reason", "scored")
    def _check_outlier_reason(self):
        """A manual score more than 20 points from the team mean for that
        indicator and month needs a written reason."""
        lines = self.filtered(lambda line: line.kind == "manual" and line.scored)
        if not lines:
            return
        groups = self._read_group(
            [
                ("indicator_id", "in", lines.indicator_id.ids),
                ("date_from", "in", list(set(lines.mapped("date_from")))),
                ("company_id", "in", lines.company_id.ids),
                ("scored", "=", True),
            ],
            ["indicator_id", "date_from:day", "company_id"],
            ["score:array_agg"],
        )
        team = {
            (indicator.id, day, company.id): scores
            for indicator, day, company, scores in groups
        }
        for line in lines:
            scores = team.get(
                (line.indicator_id.id, line.date_from, line.company_id.id), []
            )
            if (
                scoring.is_outlier(line.score, scores, OUTLIER_TOLERANCE)
                and not (line.reason or "").strip()
            ):
                raise ValidationError(
                    _(
                        "The score %(score)s of %(indicator)s for %(user)s is more than "
                        "20 points from the team mean: write a reason.",
                        score=line.score,
                        indicator=line.indicator_id.name,
                        user=line.user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        appraisals = self.env["gendan.appraisal"].browse(
            {vals.get("appraisal_id") for vals in vals_list if vals.get("appraisal_id")}
        )
        if any(appraisal.state in LOCKED_STATES for appraisal in appraisals):
            raise UserError(_("This scorecard is approved and locked."))
        self._check_template_decides()
        return super().create(vals_list)

    def write(self, vals):
        self._check_write(vals)
        # the engine (the only writer running as the system) fills computed
        # lines; any other score is a reviewer's
        if "score" in vals and not self.env.su:
            vals = dict(vals, scored=True)
        return super().write(vals)

    def unlink(self):
        if any(line.appraisal_id.state in LOCKED_STATES for line in self):
            raise UserError(_("This scorecard is approved and locked."))
        self._check_template_decides()
        return super().unlink()

    @api.depends("applicable", "actual_value", "indicator_id.unit")
    def _compute_value_display(self):
        for line in self:
            if not line.applicable:
                line.value_display = _("N/A")
            else:
                unit = line.indicator_id.unit or ""
                line.value_display = f"{line.actual_value:.2f} {unit}".strip()

    @api.depends("exclusion_ids")
    def _compute_exclusion_count(self):
        for line in self:
            line.exclusion_count = len(line.exclusion_ids)

    def action_exclude_evidence(self):
        """Open the wizard that takes records out of this computed line."""
        self.ensure_one()
        self.env["gendan.appraisal.exclusion"]._check_can_exclude(self)
        if not self.evidence_res_ids:
            raise UserError(_("This line has no evidence records."))
        return {
            "type": "ir.actions.act_window",
            "name": _(
                "Exclude Evidence: %(indicator)s", indicator=self.indicator_id.name
            ),
            "res_model": "gendan.appraisal.exclusion.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_line_id": self.id},
            "target": "new",
        }

    def action_open_evidence(self):
        """Open the records the value is computed over."""
        self.ensure_one()
        if not self.evidence_model or self.evidence_model not in self.env:
            raise UserError(_("This line has no evidence records."))
        special = EVIDENCE_VIEWS.get(self.indicator_id.code)
        if special:
            model, field_name, view_xmlid = special
            return {
                "type": "ir.actions.act_window",
                "name": _("Evidence: %(indicator)s", indicator=self.indicator_id.name),
                "res_model": model,
                "view_mode": "list",
                "views": [(self.env.ref(view_xmlid).id, "list")],
                "domain": [(field_name, "in", self.evidence_res_ids or [])],
                "context": {"create": False},
                "target": "current",
            }
        return {
            "type": "ir.actions.act_window",
            "name": _("Evidence: %(indicator)s", indicator=self.indicator_id.name),
            "res_model": self.evidence_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.evidence_res_ids or [])],
            "context": {"create": False},
            "target": "current",
        }

    @api.model
    def _check_template_decides(self):
        """The lines of a scorecard are its template's, built by the system:
        nobody adds or removes one by hand."""
        if not self.env.su:
            raise UserError(
                _(
                    "The lines of a scorecard come from its template: change the "
                    "template of the draft scorecard to change them."
                )
            )

    def _check_write(self, vals):
        if any(line.appraisal_id.state in LOCKED_STATES for line in self):
            raise UserError(
                _("This scorecard is approved and locked: no line can change.")
            )
        if self.env.su:
            return
        if not self.env.user.has_group(GROUP_MANAGER):
            raise AccessError(_("Only a reviewer can change the scorecard lines."))
        if set(vals) & COMPUTED_FIELDS and any(
            line.kind == "computed" for line in self
        ):
            raise UserError(
                _("A computed indicator's value and score cannot be edited by hand.")
            )
        if set(vals) - REVIEWER_FIELDS:
            raise UserError(_("Only the score and reason of a manual line can be set."))
        if "score" in vals and any(
            line.appraisal_id.state not in ("draft", "review") for line in self
        ):
            raise UserError(
                _("Manual lines are scored while the scorecard is in draft or review.")
            )
        if "score" in vals and any(
            line.user_id == self.env.user and not self.env.su for line in self
        ):
            raise AccessError(_("You cannot score your own scorecard."))

    def _excluded_evidence(self):
        """``{indicator_id: [(user_id, res_id), ...]}``: the evidence excluded
        from these lines, in the engine's terms."""
        excluded = {}
        for exclusion in self.sudo().exclusion_ids:
            excluded.setdefault(exclusion.indicator_id.id, []).append(
                (exclusion.user_id.id, exclusion.res_id)
            )
        return excluded

    @api.model
    def _computed_values(self, indicator, result):
        """Line values of a computed ``indicator`` from its engine ``result``
        (an IndicatorValue, or None when nothing is in the denominator)."""
        if result is None:
            return {
                "actual_value": 0.0,
                "applicable": False,
                "score": 0.0,
                "evidence_count": 0,
                "evidence_model": False,
                "evidence_res_ids": [],
            }
        return {
            "actual_value": result.value,
            "applicable": True,
            "score": indicator._score(result.value),
            "evidence_count": result.count,
            "evidence_model": result.model,
            "evidence_res_ids": list(result.res_ids),
        }
