from collections import defaultdict

from odoo import _, models


class GendanAppraisalTeamXlsx(models.AbstractModel):
    _name = "report.gendan_appraisal.team_xlsx"
    _description = "Team Scorecards XLSX"
    _inherit = "report.report_xlsx.abstract"

    def _group_by_period(self, appraisals):
        """``{(date_from, date_to): scorecards}``, oldest period first."""
        periods = defaultdict(lambda: appraisals.browse())
        for appraisal in appraisals.sorted(lambda a: (a.date_from, a.user_id.name)):
            periods[(appraisal.date_from, appraisal.date_to)] |= appraisal
        return dict(sorted(periods.items()))

    def _sheet_columns(self, appraisals):
        indicators = appraisals.line_ids.indicator_id.sorted(
            lambda i: (i.category, i.sequence, i.id)
        )
        return indicators

    def generate_xlsx_report(self, workbook, data, objs):
        bold = workbook.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1})
        number = workbook.add_format({"num_format": "0.00"})
        for (date_from, _date_to), appraisals in self._group_by_period(objs).items():
            sheet = workbook.add_worksheet(date_from.strftime("%Y-%m"))
            indicators = self._sheet_columns(appraisals)
            headers = [_("Merchandiser"), _("Reviewer"), _("State")]
            headers += [indicator.name for indicator in indicators]
            headers += [_("Total Score"), _("Grade")]
            for col, header in enumerate(headers):
                sheet.write(0, col, header, bold)
            sheet.set_column(0, len(headers), 16)
            states = dict(appraisals._fields["state"]._description_selection(self.env))
            for row, appraisal in enumerate(appraisals, start=1):
                sheet.write(row, 0, appraisal.user_id.name)
                sheet.write(row, 1, appraisal.reviewer_id.name or "")
                sheet.write(row, 2, states[appraisal.state])
                scores = {line.indicator_id.id: line for line in appraisal.line_ids}
                for col, indicator in enumerate(indicators, start=3):
                    line = scores.get(indicator.id)
                    if line and line.applicable:
                        sheet.write_number(row, col, line.score, number)
                    else:
                        sheet.write(row, col, _("N/A"))
                col = 3 + len(indicators)
                sheet.write_number(row, col, appraisal.total_score, number)
                sheet.write(row, col + 1, appraisal.grade or "")
