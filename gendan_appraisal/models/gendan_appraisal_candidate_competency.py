from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GendanAppraisalCandidateCompetency(models.Model):
    _name = "gendan.appraisal.candidate.competency"
    _inherit = ["gendan.appraisal.competency.rating.mixin"]
    _description = "Candidate Competency Rating"
    _order = "candidate_id, sequence, id"
    _expected_level_required = False

    candidate_id = fields.Many2one(
        "gendan.appraisal.candidate", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="candidate_id.company_id", store=True, index=True
    )
    position = fields.Char(related="candidate_id.position", store=True)
    candidate_state = fields.Selection(
        related="candidate_id.state", store=True, string="Assessment Status"
    )
    expected_level = fields.Integer(
        compute="_compute_expected_level",
        store=True,
        help="The level the competency profile of the template expects.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "competency_uniq",
            "unique(candidate_id, competency_id)",
            "A competency is rated once per candidate.",
        ),
    ]

    # the expected level is a snapshot of the profile when the template is set:
    # later changes to the template do not rewrite past assessments
    @api.depends("competency_id", "candidate_id.template_id")
    def _compute_expected_level(self):
        for line in self:
            profile = line.candidate_id.template_id.competency_ids.filtered(
                lambda p, c=line.competency_id: p.competency_id == c
            )[:1]
            line.expected_level = profile.expected_level

    @api.model_create_multi
    def create(self, vals_list):
        candidate_ids = {vals.get("candidate_id") for vals in vals_list}
        candidates = self.env["gendan.appraisal.candidate"].browse(
            [cid for cid in candidate_ids if cid]
        )
        candidates._check_unlocked()
        self._check_duplicates(
            [
                (vals.get("candidate_id"), vals.get("competency_id"))
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        self.candidate_id._check_unlocked()
        if vals.get("candidate_id"):
            self.candidate_id.browse(vals["candidate_id"])._check_unlocked()
        if "competency_id" in vals or "candidate_id" in vals:
            self._check_duplicates(
                [
                    (
                        vals.get("candidate_id", line.candidate_id.id),
                        vals.get("competency_id", line.competency_id.id),
                    )
                    for line in self
                ],
                exclude=self,
            )
        return super().write(vals)

    def unlink(self):
        self.candidate_id._check_unlocked()
        return super().unlink()

    @api.model
    def _check_duplicates(self, keys, exclude=None):
        """A competency once per candidate, checked before the SQL constraint so
        that the user gets a translated message."""
        message = _("A competency is rated once per candidate.")
        if len(set(keys)) != len(keys):
            raise ValidationError(message)
        domain = [
            ("candidate_id", "in", [key[0] for key in keys if key[0]]),
            ("competency_id", "in", [key[1] for key in keys if key[1]]),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        existing = {
            (line.candidate_id.id, line.competency_id.id)
            for line in self.sudo().search(domain)
        }
        if existing & set(keys):
            raise ValidationError(message)
