from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GendanAppraisalCompetencyRatingMixin(models.AbstractModel):
    """A competency rated 1 to 5 against an expected level: what the annual
    appraisal's and the candidate assessment's competency lines share. Each
    line model adds its parent, where its expected level comes from and its
    unique constraint."""

    _name = "gendan.appraisal.competency.rating.mixin"
    _description = "Competency Ratings"

    # False where the expected level is read from a competency profile (0 when
    # the profile lacks the competency) rather than entered on the line
    _expected_level_required = True

    competency_id = fields.Many2one(
        "gendan.appraisal.competency", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="competency_id.sequence", store=True)
    expected_level = fields.Integer(aggregator="avg")
    rating = fields.Integer(aggregator="avg", help="1 (weak) to 5 (excellent).")
    gap = fields.Integer(compute="_compute_gap", store=True, aggregator="sum")

    @api.depends("rating", "expected_level")
    def _compute_gap(self):
        for line in self:
            line.gap = max(line.expected_level - line.rating, 0) if line.rating else 0

    @api.constrains("rating", "expected_level")
    def _check_levels(self):
        for line in self:
            if line.rating and not 1 <= line.rating <= 5:
                raise ValidationError(_("A competency rating must be between 1 and 5."))
            if line._expected_level_required and not 1 <= line.expected_level <= 5:
                raise ValidationError(_("An expected level must be between 1 and 5."))

    def _get_gap_text(self):
        """The line that reports this competency as rated below its expected
        level (a training or development need), in the environment's language."""
        self.ensure_one()
        return self.env._(
            "%(competency)s: rated %(rating)s, expected %(expected)s",
            competency=self.competency_id.name,
            rating=self.rating,
            expected=self.expected_level,
        )
