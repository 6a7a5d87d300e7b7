from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.gendan_tracking.tools import dates

# Fields the administrator may still change on a done annual record.
DONE_WRITABLE_FIELDS = {"state", "message_main_attachment_id"}


class GendanAppraisalAnnual(models.Model):
    _name = "gendan.appraisal.annual"
    _description = "Annual Merchandiser Appraisal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, rank, user_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users", string="Merchandiser", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    year = fields.Integer(
        required=True,
        default=lambda self: dates.today(self).year - 1,
        tracking=True,
    )
    template_id = fields.Many2one(
        "gendan.appraisal.template",
        check_company=True,
        tracking=True,
        help="Gives the grades and the expected competency levels.",
    )
    monthly_ids = fields.Many2many(
        "gendan.appraisal", string="Monthly Scorecards", readonly=True
    )
    average_score = fields.Float(
        readonly=True, tracking=True, digits=(16, 2), aggregator="avg"
    )
    rank = fields.Integer(readonly=True, tracking=True, aggregator=None)
    grade = fields.Char(readonly=True, tracking=True)
    salary_adjustment_pct = fields.Float(string="Salary Adjustment (%)", tracking=True)
    promotion_recommended = fields.Boolean(tracking=True)
    training_needs = fields.Text(tracking=True)
    development_plan = fields.Text(tracking=True)
    competency_line_ids = fields.One2many(
        "gendan.appraisal.annual.competency", "annual_id", string="Competencies"
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "user_year_company_uniq",
            "unique(user_id, year, company_id)",
            "This merchandiser already has an annual appraisal for this year.",
        ),
    ]

    @api.depends("user_id.name", "year")
    def _compute_name(self):
        for annual in self:
            annual.name = f"{annual.user_id.name or ''} {annual.year or ''}".strip()

    @api.constrains("year")
    def _check_year(self):
        if any(not 2000 <= annual.year <= 2999 for annual in self):
            raise ValidationError(_("Enter a valid year."))

    @api.constrains("salary_adjustment_pct")
    def _check_salary_adjustment(self):
        if any(not -100 <= a.salary_adjustment_pct <= 100 for a in self):
            raise ValidationError(
                _("The salary adjustment must be between -100% and 100%.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        annuals = super().create(vals_list)
        annuals._fill_competencies()
        return annuals

    def write(self, vals):
        if set(vals) - DONE_WRITABLE_FIELDS and any(a.state == "done" for a in self):
            raise UserError(
                _(
                    "This annual appraisal is done and locked: it can no longer be changed."
                )
            )
        return super().write(vals)

    def unlink(self):
        if any(annual.state == "done" for annual in self):
            raise UserError(_("A done annual appraisal cannot be deleted."))
        return super().unlink()

    def action_compute(self):
        """Average the year's approved or done monthly scorecards, then rank
        every annual record of the same companies and years."""
        if any(annual.state == "done" for annual in self):
            raise UserError(_("This annual appraisal is done and locked."))
        Appraisal = self.env["gendan.appraisal"]
        years = set(self.mapped("year"))
        monthly = Appraisal.search(
            [
                ("user_id", "in", self.user_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "in", ("approved", "acknowledged", "appealed", "done")),
                ("date_from", ">=", f"{min(years)}-01-01"),
                ("date_from", "<=", f"{max(years)}-12-31"),
            ]
        )
        for annual in self:
            scorecards = monthly.filtered(
                lambda m, a=annual: (
                    m.user_id == a.user_id
                    and m.company_id == a.company_id
                    and m.date_from.year == a.year
                    and m.state != "appealed"
                )
            )
            average = (
                sum(scorecards.mapped("total_score")) / len(scorecards)
                if scorecards
                else 0.0
            )
            template = annual.template_id or scorecards[:1].template_id
            annual.write(
                {
                    "monthly_ids": [Command.set(scorecards.ids)],
                    "average_score": average,
                    "template_id": template.id,
                    "grade": template._grade(average)
                    if template and scorecards
                    else False,
                }
            )
        self._fill_competencies()
        self._compute_rank()
        return True

    def action_done(self):
        for annual in self:
            if annual.state != "draft":
                raise UserError(_("Only a draft annual appraisal can be closed."))
        self._append_competency_gaps()
        self.write({"state": "done"})

    def action_reset_draft(self):
        self.write({"state": "draft"})

    def _compute_rank(self):
        """Rank in the company for the year, by average score (1 = best)."""
        annuals = self.search(
            [
                ("company_id", "in", self.company_id.ids),
                ("year", "in", list(set(self.mapped("year")))),
            ],
            order="average_score desc, id",
        )
        positions = {}
        for annual in annuals:
            key = (annual.company_id.id, annual.year)
            positions[key] = positions.get(key, 0) + 1
            if annual.rank != positions[key] and annual.state == "draft":
                annual.rank = positions[key]

    def _fill_competencies(self):
        for annual in self.filtered("template_id"):
            present = annual.competency_line_ids.competency_id
            commands = [
                Command.create(
                    {
                        "competency_id": line.competency_id.id,
                        "expected_level": line.expected_level,
                    }
                )
                for line in annual.template_id.competency_ids
                if line.competency_id not in present
            ]
            if commands:
                annual.competency_line_ids = commands

    def _append_competency_gaps(self):
        """Each competency rated below its expected level adds a training need."""
        for annual in self:
            gaps = annual.competency_line_ids.filtered(
                lambda line: line.rating and line.rating < line.expected_level
            )
            if not gaps:
                continue
            needs = [line._get_gap_text() for line in gaps]
            existing = annual.training_needs or ""
            annual.training_needs = "\n".join(filter(None, [existing] + needs))
