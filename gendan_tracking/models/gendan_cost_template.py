from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

COST_TYPES = [
    ("material", "Material"),
    ("processing", "Processing"),
    ("packaging", "Packaging"),
    ("freight", "Freight"),
    ("inspection", "Inspection"),
    ("duties", "Duties"),
    ("other", "Other"),
]


class GendanCostTemplate(models.Model):
    _name = "gendan.cost.template"
    _description = "Cost Budget Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    line_ids = fields.One2many(
        "gendan.cost.template.line", "template_id", string="Lines", copy=True
    )
    total_percentage = fields.Float(compute="_compute_total_percentage")

    @api.depends("line_ids.percentage")
    def _compute_total_percentage(self):
        for template in self:
            template.total_percentage = sum(template.line_ids.mapped("percentage"))


class GendanCostTemplateLine(models.Model):
    _name = "gendan.cost.template.line"
    _description = "Cost Budget Template Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "gendan.cost.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    cost_type = fields.Selection(COST_TYPES, required=True, default="material")
    name = fields.Char(translate=True)
    percentage = fields.Float(
        required=True, help="Budget as a percentage of the untaxed sale amount."
    )

    @api.constrains("percentage")
    def _check_percentage(self):
        for line in self:
            if not 0 <= line.percentage <= 100:
                raise ValidationError(
                    _("A cost template percentage must be between 0 and 100.")
                )
