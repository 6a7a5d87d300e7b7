from odoo import fields, models


class GendanAppraisalCompetency(models.Model):
    _name = "gendan.appraisal.competency"
    _description = "Merchandiser Competency"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A competency with this name already exists."),
    ]
