from odoo import fields, models

from ..tools.groups import GROUP_MERCHANDISER


class ResUsers(models.Model):
    _inherit = "res.users"

    gendan_complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_gendan_complaint_count",
        groups=GROUP_MERCHANDISER,
    )

    def _compute_gendan_complaint_count(self):
        groups = (
            self.env["gendan.complaint"]
            .sudo()
            ._read_group(
                [("merchandiser_id", "in", self.ids)], ["merchandiser_id"], ["__count"]
            )
        )
        counts = {user.id: count for user, count in groups}
        for user in self:
            user.gendan_complaint_count = counts.get(user.id, 0)
