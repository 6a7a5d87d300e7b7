from odoo import api, fields, models


class GendanAppraisalAppealWizard(models.TransientModel):
    _name = "gendan.appraisal.appeal.wizard"
    _description = "Appeal a Scorecard"

    appraisal_id = fields.Many2one(
        "gendan.appraisal",
        string="Scorecard",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    appeal_count = fields.Integer(compute="_compute_previous")
    previous_reason = fields.Text(string="Previous Appeal", compute="_compute_previous")
    reason = fields.Text(
        required=True,
        help="Why you disagree with this scorecard. Each appeal needs its own "
        "reason; the previous ones stay in the scorecard's history.",
    )

    @api.depends("appraisal_id")
    def _compute_previous(self):
        for wizard in self:
            appraisal = wizard.appraisal_id
            wizard.appeal_count = appraisal.appeal_count
            wizard.previous_reason = (
                appraisal.appeal_count and appraisal.appeal_reason or False
            )

    def action_appeal(self):
        """Send the appeal with the reason written in this wizard."""
        self.ensure_one()
        self.appraisal_id._appeal(self.reason)
        return {"type": "ir.actions.act_window_close"}
