from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..report.gendan_analysis_dashboard import last_full_month
from ..tools import dates


class GendanOtifExportWizard(models.TransientModel):
    _name = "gendan.otif.export.wizard"
    _description = "OTIF Analysis Export"

    def _default_date_from(self):
        return last_full_month(dates.today(self))[0]

    def _default_date_to(self):
        return last_full_month(dates.today(self))[1]

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    company_ids = fields.Many2many(
        "res.company", string="Companies", default=lambda self: self.env.companies
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(
                    _("The end of the period must not be before its start.")
                )

    def action_export(self):
        self.ensure_one()
        # config=False: an Excel file needs no document layout, so never ask for one
        return self.env.ref("gendan_tracking.gendan_otif_xlsx_action").report_action(
            self, config=False
        )
