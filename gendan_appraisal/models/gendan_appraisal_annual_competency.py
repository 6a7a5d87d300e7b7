from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class GendanAppraisalAnnualCompetency(models.Model):
    _name = "gendan.appraisal.annual.competency"
    _description = "Annual Competency Rating"
    _order = "annual_id, sequence, id"

    annual_id = fields.Many2one(
        "gendan.appraisal.annual", required=True, ondelete="cascade", index=True
    )
    competency_id = fields.Many2one(
        "gendan.appraisal.competency", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="competency_id.sequence", store=True)
    user_id = fields.Many2one(
        related="annual_id.user_id", store=True, string="Merchandiser"
    )
    company_id = fields.Many2one(related="annual_id.company_id", store=True)
    year = fields.Integer(related="annual_id.year", store=True, aggregator=None)
    expected_level = fields.Integer(default=3, aggregator="avg")
    rating = fields.Integer(aggregator="avg", help="1 (weak) to 5 (excellent).")
    gap = fields.Integer(compute="_compute_gap", store=True, aggregator="sum")

    _sql_constraints = [
        (
            "competency_uniq",
            "unique(annual_id, competency_id)",
            "A competency is rated once per annual appraisal.",
        ),
    ]

    @api.depends("rating", "expected_level")
    def _compute_gap(self):
        for line in self:
            line.gap = max(line.expected_level - line.rating, 0) if line.rating else 0

    @api.constrains("rating", "expected_level")
    def _check_levels(self):
        for line in self:
            if line.rating and not 1 <= line.rating <= 5:
                raise ValidationError(_("A competency rating must be between 1 and 5."))
            if not 1 <= line.expected_level <= 5:
                raise ValidationError(_("An expected level must be between 1 and 5."))

    def write(self, vals):
        if any(line.annual_id.state == "done" for line in self):
            raise UserError(_("This annual appraisal is done and locked."))
        return super().write(vals)
