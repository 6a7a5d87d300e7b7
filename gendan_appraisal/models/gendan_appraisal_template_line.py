from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GendanAppraisalTemplateLine(models.Model):
    _name = "gendan.appraisal.template.line"
    _description = "Appraisal Template Indicator"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "gendan.appraisal.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    indicator_id = fields.Many2one(
        "gendan.appraisal.indicator", required=True, ondelete="restrict"
    )
    category = fields.Selection(related="indicator_id.category")
    kind = fields.Selection(related="indicator_id.kind")
    weight = fields.Float(required=True, default=0.0)

    _sql_constraints = [
        (
            "indicator_uniq",
            "unique(template_id, indicator_id)",
            "An indicator appears only once in a template.",
        ),
    ]

    @api.constrains("weight", "template_id")
    def _check_weight(self):
        if any(line.weight < 0 for line in self):
            raise ValidationError(_("An indicator weight cannot be negative."))
        self.template_id._check_weights_soon()

    def write(self, vals):
        left = self.template_id if "template_id" in vals else self.template_id.browse()
        result = super().write(vals)
        # the template a line moved out of loses its weight
        (left - self.template_id)._check_weights_soon()
        return result

    def unlink(self):
        """Removing a line directly runs the template's weight check, as removing
        it through the template does."""
        templates = self.template_id
        result = super().unlink()
        templates.exists()._check_weights_soon()
        return result
