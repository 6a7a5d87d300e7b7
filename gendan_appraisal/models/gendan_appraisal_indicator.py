from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import scoring

CATEGORY_SELECTION = [
    ("satisfaction", "Customer Satisfaction"),
    ("efficiency", "Work Efficiency"),
    ("completion", "Work Completion"),
    ("coordination", "Production Coordination"),
    ("cost", "Cost Control"),
    ("attitude", "Attitude and Ability"),
    ("other", "Other"),
]


class GendanAppraisalIndicator(models.Model):
    _name = "gendan.appraisal.indicator"
    _description = "Appraisal Indicator"
    _inherit = ["mail.thread"]
    _order = "category, sequence, id"

    code = fields.Char(required=True, tracking=True)
    name = fields.Char(required=True, translate=True, tracking=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    category = fields.Selection(
        CATEGORY_SELECTION, required=True, default="other", tracking=True
    )
    kind = fields.Selection(
        [("computed", "Computed"), ("manual", "Manual")],
        required=True,
        default="manual",
        tracking=True,
        help="Computed indicators are calculated from the order follow-up data; "
        "manual ones are scored 0-100 by the reviewer.",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
        tracking=True,
    )
    unit = fields.Char(translate=True)
    target = fields.Float(
        default=100.0, tracking=True, help="The value that scores 100."
    )
    floor = fields.Float(default=0.0, tracking=True, help="The value that scores 0.")
    scoring = fields.Selection(
        [("linear", "Linear"), ("bands", "Bands")],
        required=True,
        default="linear",
        tracking=True,
    )
    band_ids = fields.One2many(
        "gendan.appraisal.indicator.band", "indicator_id", string="Bands", copy=True
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The indicator code must be unique."),
    ]

    @api.constrains("code", "kind")
    def _check_code_computed(self):
        """A computed indicator is computed by the engine method registered
        for its code: a code without one (a typo) is refused."""
        codes = self.env["gendan.appraisal.engine"]._indicator_registry()
        for indicator in self.filtered(lambda i: i.kind == "computed"):
            if indicator.code not in codes:
                raise ValidationError(
                    _(
                        "Indicator %(name)s is computed, but no computation is "
                        "defined for its code %(code)s. Use one of: %(codes)s, or "
                        "make it a manual indicator.",
                        name=indicator.name,
                        code=indicator.code,
                        codes=", ".join(sorted(codes)),
                    )
                )

    @api.constrains("scoring", "target", "floor", "direction")
    def _check_target_floor(self):
        for indicator in self.filtered(lambda i: i.scoring == "linear"):
            if indicator.target == indicator.floor:
                raise ValidationError(
                    _(
                        "Indicator %(name)s: the target and the floor cannot be equal.",
                        name=indicator.name,
                    )
                )
            if (indicator.direction == "higher") != (
                indicator.target > indicator.floor
            ):
                raise ValidationError(
                    _(
                        "Indicator %(name)s: when higher is better the target must be "
                        "above the floor, and below it when lower is better.",
                        name=indicator.name,
                    )
                )

    @api.constrains("scoring", "direction", "band_ids")
    def _check_bands(self):
        for indicator in self.filtered(lambda i: i.scoring == "bands"):
            # the union drops the duplicates the x2many cache may hold mid-create
            bands = [
                (b.threshold, b.score) for b in indicator.band_ids | indicator.band_ids
            ]
            if not bands:
                raise ValidationError(
                    _(
                        "Indicator %(name)s is scored by bands: add at least one band.",
                        name=indicator.name,
                    )
                )
            if not scoring.bands_are_monotonic(bands, indicator.direction):
                raise ValidationError(
                    _(
                        "Indicator %(name)s: the band thresholds must be distinct and "
                        "a better threshold must never give a lower score.",
                        name=indicator.name,
                    )
                )

    def _score(self, value):
        """Score 0-100 of ``value`` with this indicator's rule."""
        self.ensure_one()
        return scoring.indicator_score(
            value,
            self.scoring,
            self.direction,
            target=self.target,
            floor=self.floor,
            bands=[
                (band.threshold, band.score) for band in self.band_ids | self.band_ids
            ],
        )
