from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class GendanAppraisalExclusionWizard(models.TransientModel):
    _name = "gendan.appraisal.exclusion.wizard"
    _description = "Exclude Evidence from a Scorecard Line"

    line_id = fields.Many2one(
        "gendan.appraisal.line",
        string="Scorecard Line",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    indicator_id = fields.Many2one(related="line_id.indicator_id")
    actual_value = fields.Float(related="line_id.actual_value", string="Value Now")
    item_ids = fields.One2many(
        "gendan.appraisal.exclusion.wizard.item",
        "wizard_id",
        string="Evidence",
        compute="_compute_item_ids",
        store=True,
        readonly=False,
    )
    reason = fields.Text(
        required=True,
        help="Why the ticked records do not reflect the merchandiser's work, "
        "for example: delayed by the customer. Listed on the scorecard and in "
        "its PDF.",
    )

    @api.depends("line_id")
    def _compute_item_ids(self):
        for wizard in self:
            line = wizard.line_id
            records = (
                self.env[line.evidence_model].sudo().browse(line.evidence_res_ids or [])
                if line.evidence_model in self.env
                else []
            )
            wizard.item_ids = [Command.clear()] + [
                Command.create({"res_id": record.id, "name": record.display_name})
                for record in records
            ]

    def action_exclude(self):
        """Exclude the ticked records with the reason; the line is recomputed."""
        self.ensure_one()
        chosen = self.item_ids.filtered("exclude")
        if not chosen:
            raise UserError(_("Tick the records to exclude."))
        self.env["gendan.appraisal.exclusion"].create(
            [
                {
                    "line_id": self.line_id.id,
                    "res_model": self.line_id.evidence_model,
                    "res_id": item.res_id,
                    "reason": self.reason,
                }
                for item in chosen
            ]
        )
        return {"type": "ir.actions.act_window_close"}


class GendanAppraisalExclusionWizardItem(models.TransientModel):
    _name = "gendan.appraisal.exclusion.wizard.item"
    _description = "Evidence Record to Exclude"

    wizard_id = fields.Many2one(
        "gendan.appraisal.exclusion.wizard", required=True, ondelete="cascade"
    )
    res_id = fields.Integer(string="Record ID", required=True, readonly=True)
    name = fields.Char(string="Record", readonly=True)
    exclude = fields.Boolean()
