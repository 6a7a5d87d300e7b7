from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GendanAppraisalTemplateCompetency(models.Model):
    _name = "gendan.appraisal.template.competency"
    _description = "Expected Competency Level"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "gendan.appraisal.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(related="competency_id.sequence", store=True)
    competency_id = fields.Many2one(
        "gendan.appraisal.competency", required=True, ondelete="restrict"
    )
    expected_level = fields.Integer(required=True, default=3)

    _sql_constraints = [
        (
            "competency_uniq",
            "unique(template_id, competency_id)",
            "A competency appears only once in a template.",
        ),
    ]

    @api.constrains("expected_level")
    def _check_expected_level(self):
        if any(not 1 <= line.expected_level <= 5 for line in self):
            raise ValidationError(_("An expected level must be between 1 and 5."))
