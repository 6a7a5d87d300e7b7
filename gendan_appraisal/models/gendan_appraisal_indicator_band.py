from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GendanAppraisalIndicatorBand(models.Model):
    _name = "gendan.appraisal.indicator.band"
    _description = "Appraisal Indicator Band"
    _order = "indicator_id, threshold"

    indicator_id = fields.Many2one(
        "gendan.appraisal.indicator", required=True, ondelete="cascade", index=True
    )
    threshold = fields.Float(required=True)
    score = fields.Float(required=True)

    @api.constrains("score")
    def _check_score(self):
        if any(not 0 <= band.score <= 100 for band in self):
            raise ValidationError(_("A band score must be between 0 and 100."))

    @api.constrains("threshold", "score")
    def _check_indicator_bands(self):
        self.indicator_id._check_bands()
