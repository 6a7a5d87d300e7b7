from collections import defaultdict

from odoo import _, models
from odoo.tools import split_every

from ..tools import dates, ta_sheet

# cell kinds of a milestone (both its columns), by precedence
LATE = "late"
DONE_LATE = "done_late"
DONE = "done"
SKIPPED = "skipped"


class GendanTaCalendarXlsx(models.AbstractModel):
    """The buyer's T&A calendar: one row per order, two columns (planned and
    actual) per milestone, late cells coloured. The sheet reads back through
    ``gendan.ta.import.wizard`` (layout in ``tools.ta_sheet``).

    Read set-based: per batch of orders, one read of the orders, one grouped
    read of their lines and one read of their milestones."""

    _name = "report.gendan_tracking.ta_calendar_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "T&A Calendar XLSX"

    _batch_size = 1000

    def _ta_order_columns(self):
        """(key, title, width) of the order's columns, before the milestones."""
        return [
            ("order", _("Order"), 14),
            ("customer", _("Customer"), 26),
            ("customer_ref", _("Customer Reference"), 16),
            ("product", _("Style / Product"), 26),
            ("quantity", _("Quantity"), 10),
            ("ship_date", _("Ship Date"), 12),
        ]

    def _ta_legend(self):
        """(cell kind, text) of the legend, in row 2."""
        return [
            (LATE, _("Late")),
            (DONE_LATE, _("Done late")),
            (DONE, _("Done")),
            (SKIPPED, _("Skipped")),
        ]

    def _ta_formats(self, workbook):
        date_format = "yyyy-mm-dd"
        fills = {
            LATE: {"bg_color": "#F8D7DA", "font_color": "#842029"},
            DONE_LATE: {"bg_color": "#FFE5B4", "font_color": "#7A4100"},
            DONE: {"bg_color": "#D1E7DD", "font_color": "#0F5132"},
            SKIPPED: {"bg_color": "#E9ECEF", "font_color": "#6C757D"},
        }
        header = {
            "bold": True,
            "bg_color": "#714B67",
            "font_color": "#FFFFFF",
            "border": 1,
            "valign": "vcenter",
            "text_wrap": True,
        }
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "header": workbook.add_format(header),
            "milestone": workbook.add_format(dict(header, align="center")),
            "date": workbook.add_format({"num_format": date_format, "border": 1}),
            "text": workbook.add_format({"border": 1}),
            "number": workbook.add_format({"num_format": "#,##0.##", "border": 1}),
            "key": workbook.add_format({"font_color": "#999999"}),
        }
        for kind, fill in fills.items():
            formats[kind] = workbook.add_format(
                dict(fill, num_format=date_format, border=1)
            )
            formats[f"legend_{kind}"] = workbook.add_format(
                dict(fill, border=1, align="center")
            )
        return formats

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------

    def _ta_milestone_records(self, order_ids):
        """The milestones of the orders, as dicts with their key: one read in
        the user's language, the keys of milestones without template line from
        their English name."""
        Milestone = self.env["gendan.milestone"]
        records = Milestone.search_read(
            [("order_id", "in", order_ids)],
            [
                "order_id",
                "name",
                "sequence",
                "template_line_id",
                "planned_date",
                "actual_date",
                "state",
            ],
            order="order_id, sequence, id",
        )
        loose = [r["id"] for r in records if not r["template_line_id"]]
        english = (
            {
                r["id"]: r["name"]
                for r in Milestone.with_context(lang="en_US")
                .browse(loose)
                .read(["name"])
            }
            if loose
            else {}
        )
        for record in records:
            line = record["template_line_id"]
            record["key"] = ta_sheet.milestone_key(
                line and line[0], english.get(record["id"])
            )
        return records

    def _ta_milestone_columns(self, milestones):
        """``[(key, title)]`` of the milestone columns: the union of the
        orders' milestones, the same template line (else the same name) in one
        column, in template order."""
        columns = {}
        for milestone in milestones:
            key = milestone["key"]
            rank = (milestone["sequence"], 0 if milestone["template_line_id"] else 1)
            if key not in columns or rank < columns[key][0]:
                columns[key] = (rank, milestone["name"])
        ordered = sorted(columns.items(), key=lambda item: (item[1][0], item[0]))
        return [(key, title) for key, (_rank, title) in ordered]

    def _ta_products(self, order_ids):
        """``{order id: (style text, quantity)}``: the one product of the
        order, else "N products", and the ordered quantity."""
        products = defaultdict(dict)
        for order, product, quantity in self.env["sale.order.line"]._read_group(
            [
                ("order_id", "in", order_ids),
                ("display_type", "=", False),
                ("is_downpayment", "=", False),
            ],
            ["order_id", "product_id"],
            ["product_uom_qty:sum"],
        ):
            products[order.id][product] = quantity
        result = {}
        for order_id, by_product in products.items():
            if len(by_product) == 1:
                style = next(iter(by_product)).display_name
            else:
                style = _("%(count)s products", count=len(by_product))
            result[order_id] = (style, sum(by_product.values()))
        return result

    def _ta_state_of(self, milestone, today):
        """The cell kind of a milestone (late, done late, done, skipped) or
        None."""
        planned, actual = milestone["planned_date"], milestone["actual_date"]
        state = milestone["state"]
        if state == "skipped":
            return SKIPPED
        if state == "done":
            return DONE_LATE if planned and actual and actual > planned else DONE
        if state == "late" or (planned and planned < today):
            return LATE
        return None

    def _ta_rows(self, orders):
        """``(milestone columns, rows)``; a row is a dict of the order's
        columns and ``milestones``: ``{key: (planned, actual, kind)}``."""
        rows, milestones_all = [], []
        for batch_ids in split_every(self._batch_size, orders.ids, list):
            values_list = (
                self.env["sale.order"]
                .browse(batch_ids)
                .read(
                    [
                        "name",
                        "partner_id",
                        "client_order_ref",
                        "company_id",
                        "commitment_date",
                        "projected_ship_date",
                    ]
                )
            )
            companies = self.env["res.company"].browse(
                {values["company_id"][0] for values in values_list}
            )
            today = {company.id: dates.company_today(company) for company in companies}
            products = self._ta_products(batch_ids)
            milestones = self._ta_milestone_records(batch_ids)
            milestones_all.extend(milestones)
            by_order = defaultdict(dict)
            for milestone in milestones:
                cells = by_order[milestone["order_id"][0]]
                # two milestones of one line in one order: the first one
                cells.setdefault(milestone["key"], milestone)
            for values in values_list:
                company_id = values["company_id"][0]
                style, quantity = products.get(values["id"], ("", None))
                ship_date = (
                    dates.local_date(
                        companies.browse(company_id), values["commitment_date"]
                    )
                    or values["projected_ship_date"]
                )
                rows.append(
                    {
                        "order": values["name"],
                        "customer": values["partner_id"] and values["partner_id"][1],
                        "customer_ref": values["client_order_ref"] or "",
                        "product": style,
                        "quantity": quantity,
                        "ship_date": ship_date or None,
                        "milestones": {
                            key: (
                                m["planned_date"] or None,
                                m["actual_date"] or None,
                                self._ta_state_of(m, today[company_id]),
                            )
                            for key, m in by_order[values["id"]].items()
                        },
                    }
                )
        return self._ta_milestone_columns(milestones_all), rows

    # ------------------------------------------------------------------
    # Sheet
    # ------------------------------------------------------------------

    def _ta_write_header(self, sheet, formats, order_columns, milestone_columns):
        key_row, title_row, header_row = (
            ta_sheet.KEY_ROW - 1,
            ta_sheet.TITLE_ROW - 1,
            ta_sheet.HEADER_ROW - 1,
        )
        sheet.write_string(key_row, 0, ta_sheet.MARKER, formats["key"])
        for col, (key, title, width) in enumerate(order_columns):
            if col:
                sheet.write_string(key_row, col, key, formats["key"])
            sheet.write_string(header_row, col, title, formats["header"])
            sheet.set_column(col, col, width)
        sheet.write_string(title_row, 0, _("T&A Calendar"), formats["title"])
        for col, (kind, text) in enumerate(self._ta_legend(), start=1):
            sheet.write_string(title_row, col, text, formats[f"legend_{kind}"])
        first = len(order_columns)
        for index, (key, title) in enumerate(milestone_columns):
            col = first + 2 * index
            sheet.write_string(
                key_row, col, ta_sheet.column_key(ta_sheet.PLANNED, key), formats["key"]
            )
            sheet.write_string(
                key_row,
                col + 1,
                ta_sheet.column_key(ta_sheet.ACTUAL, key),
                formats["key"],
            )
            sheet.merge_range(
                title_row, col, title_row, col + 1, title, formats["milestone"]
            )
            sheet.write_string(header_row, col, _("Planned"), formats["header"])
            sheet.write_string(header_row, col + 1, _("Actual"), formats["header"])
            sheet.set_column(col, col + 1, 11)
        sheet.set_row(key_row, None, None, {"hidden": True})
        sheet.set_row(title_row, 32)
        sheet.freeze_panes(ta_sheet.FIRST_DATA_ROW - 1, 1)

    def _ta_write_row(self, sheet, formats, row_index, row, order_columns, keys):
        for col, (key, _title, _width) in enumerate(order_columns):
            value = row[key]
            if value is None or value == "":
                sheet.write_blank(row_index, col, None, formats["text"])
            elif key == "ship_date":
                sheet.write_datetime(row_index, col, value, formats["date"])
            elif key == "quantity":
                sheet.write_number(row_index, col, value, formats["number"])
            else:
                sheet.write_string(row_index, col, str(value), formats["text"])
        first = len(order_columns)
        for index, key in enumerate(keys):
            planned, actual, kind = row["milestones"].get(key, (None, None, None))
            cell_format = formats[kind] if kind else formats["date"]
            for col, value in (
                (first + 2 * index, planned),
                (first + 2 * index + 1, actual),
            ):
                if value:
                    sheet.write_datetime(row_index, col, value, cell_format)
                else:
                    sheet.write_blank(row_index, col, None, cell_format)

    def generate_xlsx_report(self, workbook, data, objs):
        orders = objs.filtered(lambda record: record._name == "sale.order")
        formats = self._ta_formats(workbook)
        order_columns = self._ta_order_columns()
        milestone_columns, rows = self._ta_rows(orders)
        sheet = workbook.add_worksheet(_("T&A Calendar"))
        self._ta_write_header(sheet, formats, order_columns, milestone_columns)
        keys = [key for key, _title in milestone_columns]
        for row_index, row in enumerate(rows, start=ta_sheet.FIRST_DATA_ROW - 1):
            self._ta_write_row(sheet, formats, row_index, row, order_columns, keys)
