from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .gendan_appraisal import GROUP_MANAGER, SCORING_STATES


class GendanAppraisalExclusion(models.Model):
    """A piece of evidence a reviewer took out of a computed indicator of one
    scorecard (for example an order delayed by the customer), with a written
    reason. The line is recomputed without it; the exclusion is listed on the
    scorecard, in its history and in its PDF."""

    _name = "gendan.appraisal.exclusion"
    _description = "Scorecard Evidence Exclusion"
    _order = "line_id, id"
    _rec_name = "record_name"

    line_id = fields.Many2one(
        "gendan.appraisal.line",
        string="Scorecard Line",
        required=True,
        ondelete="cascade",
        index=True,
    )
    appraisal_id = fields.Many2one(
        related="line_id.appraisal_id", store=True, index=True, string="Scorecard"
    )
    indicator_id = fields.Many2one(related="line_id.indicator_id", store=True)
    user_id = fields.Many2one(
        related="line_id.appraisal_id.user_id", store=True, string="Merchandiser"
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    res_model = fields.Char(string="Evidence Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Evidence Record", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char(string="Evidence", readonly=True)
    reason = fields.Text(required=True, readonly=True)
    excluded_by_id = fields.Many2one(
        "res.users",
        string="Excluded By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )

    _sql_constraints = [
        (
            "record_once",
            "unique(line_id, res_model, res_id)",
            "This record is already excluded from this indicator.",
        )
    ]

    @api.constrains("reason")
    def _check_reason(self):
        for exclusion in self:
            if not (exclusion.reason or "").strip():
                raise ValidationError(_("Write why this record is excluded."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            line = self.env["gendan.appraisal.line"].browse(vals.get("line_id"))
            self._check_can_exclude(line)
            model, res_id = vals.get("res_model"), vals.get("res_id")
            excluded = line.exclusion_ids.filtered(
                lambda e, model=model, res_id=res_id: (
                    e.res_model == model and e.res_id == res_id
                )
            )
            if (
                not self.env.su
                and (
                    model != line.evidence_model
                    or res_id not in (line.evidence_res_ids or [])
                )
                and not excluded
            ):
                raise ValidationError(
                    _(
                        "Only a record the line %(indicator)s is computed over "
                        "can be excluded from it.",
                        indicator=line.indicator_id.name,
                    )
                )
            vals["record_name"] = (
                self.env[model].sudo().browse(res_id).exists().display_name
                or f"{model},{res_id}"
            )
            vals["excluded_by_id"] = self.env.user.id
        exclusions = super().create(vals_list)
        exclusions._log(_("Excluded from %(indicator)s: %(record)s (%(reason)s)"))
        exclusions.appraisal_id.sudo()._recompute_lines()
        return exclusions

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                _("An exclusion cannot be edited: remove it and exclude again.")
            )
        return super().write(vals)

    def unlink(self):
        for exclusion in self:
            self._check_can_exclude(exclusion.line_id)
        appraisals = self.appraisal_id
        self._log(_("Exclusion removed from %(indicator)s: %(record)s (%(reason)s)"))
        result = super().unlink()
        appraisals.sudo()._recompute_lines()
        return result

    @api.model
    def _check_can_exclude(self, line):
        """A reviewer excludes evidence from a computed line of a colleague's
        scorecard while it is being scored."""
        if self.env.su:
            return
        if not self.env.user.has_group(GROUP_MANAGER):
            raise AccessError(_("Only a reviewer can exclude evidence."))
        if not line.exists() or line.kind != "computed":
            raise UserError(_("Evidence is excluded from a computed indicator only."))
        if line.appraisal_id.state not in SCORING_STATES:
            raise UserError(
                _("Evidence is excluded while the scorecard is in draft or review.")
            )
        if line.appraisal_id.user_id == self.env.user:
            raise AccessError(_("You cannot exclude evidence from your own scorecard."))

    def _log(self, message):
        """Post each exclusion (or its removal) on its scorecard."""
        for exclusion in self:
            exclusion.appraisal_id.sudo().message_post(
                body=message
                % {
                    "indicator": exclusion.indicator_id.name,
                    "record": exclusion.record_name,
                    "reason": exclusion.reason,
                },
                author_id=self.env.user.partner_id.id,
            )
