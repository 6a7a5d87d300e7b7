from odoo import _, models


class GendanOtifXlsx(models.AbstractModel):
    """OTIF table of a period, by merchandiser and by customer, read with one
    ``_read_group`` per sheet from ``gendan.order.report``."""

    _name = "report.gendan_tracking.otif_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "OTIF Analysis XLSX"

    _aggregates = (
        "__count",
        "on_time_pct:avg",
        "in_full_pct:avg",
        "otif_pct:avg",
        "cycle_days:avg",
        "late_milestone_count:sum",
    )

    def _otif_columns(self, group_title):
        """(title, width, format key) of each column, in order."""
        return [
            (group_title, 28, None),
            (_("Orders Due"), 11, "int"),
            (_("OTIF Orders"), 11, "int"),
            (_("On Time"), 10, "percent"),
            (_("In Full"), 10, "percent"),
            (_("OTIF"), 10, "percent"),
            (_("Average Cycle (days)"), 12, "number"),
            (_("Late Milestones"), 11, "int"),
        ]

    def _otif_rows(self, domain, groupby):
        """One row per group value, worst OTIF first, then the total row."""
        Report = self.env["gendan.order.report"]
        rows = []
        for group, *values in Report._read_group(domain, [groupby], self._aggregates):
            rows.append(self._otif_row(group.display_name or _("None"), *values))
        rows.sort(key=lambda row: (row[5], row[0]))
        totals = Report._read_group(domain, [], self._aggregates)[0]
        rows.append(self._otif_row(_("Total"), *totals))
        return rows

    def _otif_row(self, label, count, on_time, in_full, otif, cycle, late):
        return [
            label,
            count,
            round((otif or 0.0) * count / 100.0),
            (on_time or 0.0) / 100.0,
            (in_full or 0.0) / 100.0,
            (otif or 0.0) / 100.0,
            cycle or 0.0,
            late or 0,
        ]

    def _otif_domain(self, wizard):
        return [
            ("company_id", "in", wizard.company_ids.ids or self.env.companies.ids),
            ("due_date", ">=", wizard.date_from),
            ("due_date", "<=", wizard.date_to),
        ]

    def _write_sheet(self, workbook, formats, title, group_title, rows, period):
        sheet = workbook.add_worksheet(title)
        sheet.write_string(0, 0, title, formats["title"])
        sheet.write_string(1, 0, period)
        columns = self._otif_columns(group_title)
        header_row = 3
        for col, (column_title, width, _format) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(header_row, col, column_title, formats["header"])
        for row_index, row in enumerate(rows, start=header_row + 1):
            is_total = row_index == header_row + len(rows)
            for col, value in enumerate(row):
                format_key = columns[col][2]
                cell_format = formats[
                    f"{format_key or 'text'}{'_total' if is_total else ''}"
                ]
                if format_key:
                    sheet.write_number(row_index, col, value, cell_format)
                else:
                    sheet.write_string(row_index, col, value, cell_format)
        sheet.freeze_panes(header_row + 1, 1)
        sheet.autofilter(header_row, 0, header_row + len(rows) - 1, len(columns) - 1)
        return sheet

    def _otif_formats(self, workbook):
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {
                    "bold": True,
                    "bg_color": "#714B67",
                    "font_color": "#FFFFFF",
                    "text_wrap": True,
                    "border": 1,
                }
            ),
        }
        specs = {
            "text": {},
            "int": {"num_format": "0"},
            "percent": {"num_format": "0.0%"},
            "number": {"num_format": "0.0"},
        }
        for key, spec in specs.items():
            formats[key] = workbook.add_format(spec)
            formats[f"{key}_total"] = workbook.add_format(
                dict(spec, bold=True, top=1, bg_color="#EEEEEE")
            )
        return formats

    def generate_xlsx_report(self, workbook, data, objs):
        wizard = objs[:1]
        formats = self._otif_formats(workbook)
        domain = self._otif_domain(wizard)
        period = _(
            "Orders due from %(date_from)s to %(date_to)s",
            date_from=wizard.date_from,
            date_to=wizard.date_to,
        )
        self._write_sheet(
            workbook,
            formats,
            _("OTIF by Merchandiser"),
            _("Merchandiser"),
            self._otif_rows(domain, "merchandiser_id"),
            period,
        )
        self._write_sheet(
            workbook,
            formats,
            _("OTIF by Customer"),
            _("Customer"),
            self._otif_rows(domain, "partner_id"),
            period,
        )
