from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GendanAppraisalTemplateGrade(models.Model):
    _name = "gendan.appraisal.template.grade"
    _description = "Appraisal Grade"
    _order = "template_id, minimum desc"

    template_id = fields.Many2one(
        "gendan.appraisal.template", required=True, ondelete="cascade", index=True
    )
    grade = fields.Char(required=True)
    minimum = fields.Float(
        string="Minimum Total", required=True, help="Lowest total that earns it."
    )

    @api.constrains("minimum")
    def _check_minimum(self):
        if any(not 0 <= grade.minimum <= 100 for grade in self):
            raise ValidationError(_("A grade minimum must be between 0 and 100."))
