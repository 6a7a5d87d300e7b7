import base64

from odoo import api, fields, models

from ..tools import dates


class GendanSampleDecisionWizard(models.TransientModel):
    """Staff record a decision the customer gave by e-mail or phone."""

    _name = "gendan.sample.decision.wizard"
    _description = "Record a Sample Decision"

    sample_id = fields.Many2one("gendan.sample", required=True, readonly=True)
    order_id = fields.Many2one(related="sample_id.order_id")
    decision = fields.Selection(
        [
            ("approved", "Approved"),
            ("approved_with_comments", "Approved with Comments"),
            ("rejected", "Rejected"),
        ],
        required=True,
        default="approved",
    )
    comment = fields.Text(
        string="Customer Comments",
        help="Required when the sample is rejected or approved with comments.",
    )
    date_decided = fields.Date(string="Decided On", required=True, default=dates.today)
    partner_id = fields.Many2one(
        "res.partner",
        string="Decided By",
        help="The customer's contact who gave the decision.",
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "gendan_sample_decision_wizard_photo_rel",
        "wizard_id",
        "attachment_id",
        string="Photos",
    )

    @api.onchange("sample_id")
    def _onchange_sample_id(self):
        if self.sample_id and not self.partner_id:
            self.partner_id = self.sample_id.order_id.partner_id

    def action_confirm(self):
        self.ensure_one()
        sample = self.sample_id
        sample.check_access("write")
        photos = [
            (photo.name, base64.b64decode(photo.datas or b""), photo.mimetype)
            for photo in self.photo_ids
        ]
        sample._gendan_decide(
            self.decision,
            comment=self.comment,
            partner=self.partner_id or sample.order_id.partner_id,
            day=self.date_decided,
            photos=photos,
            channel="staff",
        )
        self.photo_ids.unlink()
        return {"type": "ir.actions.act_window_close"}
