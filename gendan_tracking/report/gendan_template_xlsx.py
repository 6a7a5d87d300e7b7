from odoo import _, models

from ..tools import ta_sheet


class GendanTemplateXlsx(models.AbstractModel):
    """A T&A template as a sheet, one row per line: the sheet that
    ``gendan.template.import.wizard`` reads back (and its sample)."""

    _name = "report.gendan_tracking.template_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "T&A Template XLSX"

    def _template_columns(self):
        """(key, title, width) of each column, keys as in
        ``tools.ta_sheet.TEMPLATE_COLUMNS``."""
        titles = {
            "name": (_("Name"), 30),
            "category": (_("Category"), 14),
            "anchor": (_("Anchor"), 16),
            "offset_days": (_("Offset (days)"), 10),
            "responsible": (_("Responsible"), 14),
            "predecessors": (_("Predecessors"), 30),
            "lag_days": (_("Lag (working days)"), 10),
            "auto_rule": (_("Auto Rule"), 26),
            "customer_visible": (_("Customer Visible"), 10),
        }
        return [(key, *titles[key]) for key in ta_sheet.TEMPLATE_COLUMNS]

    def _template_rows(self, template):
        Line = self.env["gendan.milestone.template.line"]
        labels = {
            name: dict(Line._fields[name]._description_selection(self.env))
            for name in ("category", "anchor", "responsible", "auto_rule")
        }
        yes, no = _("Yes"), _("No")
        rows = []
        for line in template.line_ids.sorted(lambda line: (line.sequence, line.id)):
            rows.append(
                {
                    "name": line.name,
                    "category": labels["category"].get(line.category, ""),
                    "anchor": labels["anchor"].get(line.anchor, ""),
                    "offset_days": line.offset_days,
                    "responsible": labels["responsible"].get(line.responsible, ""),
                    "predecessors": "; ".join(line.predecessor_ids.mapped("name")),
                    "lag_days": line.lag_days,
                    "auto_rule": labels["auto_rule"].get(line.auto_rule, "")
                    if line.auto_rule != "none"
                    else "",
                    "customer_visible": yes if line.customer_visible else no,
                }
            )
        return rows

    def generate_xlsx_report(self, workbook, data, objs):
        templates = objs.filtered(
            lambda record: record._name == "gendan.milestone.template"
        )
        header = workbook.add_format(
            {
                "bold": True,
                "bg_color": "#714B67",
                "font_color": "#FFFFFF",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        columns = self._template_columns()
        taken = set()
        for template in templates:
            title = ta_sheet.sheet_title(template.name, taken)
            taken.add(title)
            sheet = workbook.add_worksheet(title)
            for col, (_key, column_title, width) in enumerate(columns):
                sheet.set_column(col, col, width)
                sheet.write_string(0, col, column_title, header)
            sheet.set_row(0, 30)
            for row_index, row in enumerate(self._template_rows(template), start=1):
                for col, (key, _title, _width) in enumerate(columns):
                    value = row[key]
                    if isinstance(value, int):
                        sheet.write_number(row_index, col, value)
                    elif value:
                        sheet.write_string(row_index, col, value)
            sheet.freeze_panes(1, 1)
