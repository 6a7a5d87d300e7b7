from odoo import _, fields, models
from odoo.exceptions import UserError


class GendanAppraisalAnnualCompetency(models.Model):
    _name = "gendan.appraisal.annual.competency"
    _inherit = ["gendan.appraisal.competency.rating.mixin"]
    _description = "Annual Competency Rating"
    _order = "annual_id, sequence, id"

    annual_id = fields.Many2one(
        "gendan.appraisal.annual", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one(
        related="annual_id.user_id", store=True, string="Merchandiser"
    )
    company_id = fields.Many2one(related="annual_id.company_id", store=True)
    year = fields.Integer(related="annual_id.year", store=True, aggregator=None)
    expected_level = fields.Integer(default=3)

    _sql_constraints = [
        (
            "competency_uniq",
            "unique(annual_id, competency_id)",
            "A competency is rated once per annual appraisal.",
        ),
    ]

    def write(self, vals):
        if any(line.annual_id.state == "done" for line in self):
            raise UserError(_("This annual appraisal is done and locked."))
        return super().write(vals)
