from collections import defaultdict
from datetime import datetime

import pytz

from odoo import _, models
from odoo.tools import split_every

from ..tools import dates


class GendanRegisterXlsx(models.AbstractModel):
    """Follow-up register (跟单台账): one row per selected sale order.

    Data is read per batch of orders with a fixed number of queries
    (``read``, ``search_read`` and ``_read_group``), whatever the batch size.
    """

    _name = "report.gendan_tracking.register_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Follow-up Register XLSX"

    _batch_size = 1000

    _order_fields = (
        "name",
        "partner_id",
        "merchandiser_id",
        "company_id",
        "gendan_stage",
        "date_order",
        "commitment_date",
        "projected_ship_date",
        "delay_days",
        "is_late",
        "risk_level",
        "cost_budget_total",
        "cost_actual_total",
        "cost_variance_pct",
    )

    def _register_columns(self):
        """(key, title, width, cell kind) of each column, in order."""
        return [
            ("order", _("Order"), 14, "text"),
            ("customer", _("Customer"), 28, "text"),
            ("merchandiser", _("Merchandiser"), 20, "text"),
            ("stage", _("Stage"), 14, "text"),
            ("date_order", _("Order Date"), 12, "date"),
            ("commitment_date", _("Commitment Date"), 12, "date"),
            ("projected_ship_date", _("Projected Ship Date"), 12, "date"),
            ("milestones_done", _("Milestones Done"), 10, "int"),
            ("milestones_total", _("Milestones Total"), 10, "int"),
            ("progress", _("Progress"), 10, "percent"),
            ("next_milestone", _("Next Milestone"), 26, "text"),
            ("next_milestone_date", _("Next Milestone Date"), 12, "date"),
            ("delay_days", _("Delay (days)"), 10, "int"),
            ("is_late", _("Late"), 8, "bool"),
            ("risk_level", _("Risk"), 10, "text"),
            ("last_delivery_date", _("Last Delivery"), 12, "date"),
            ("eta", _("ETA"), 12, "date"),
            ("transport_state", _("Transport Status"), 14, "text"),
            ("shipment_ref", _("B/L / Tracking"), 18, "text"),
            ("is_on_time", _("On Time"), 8, "bool"),
            ("is_in_full", _("In Full"), 8, "bool"),
            ("cost_budget", _("Cost Budget"), 14, "money"),
            ("cost_actual", _("Actual Cost"), 14, "money"),
            ("cost_variance_pct", _("Cost Variance"), 10, "percent"),
        ]

    def _selection_labels(self, model, field_name):
        field = self.env[model]._fields[field_name]
        return dict(field._description_selection(self.env))

    def _readable_order_fields(self):
        """The register's sale.order fields the user may read (the cost fields
        are reserved to the merchandising groups)."""
        SaleOrder = self.env["sale.order"]
        return [
            name
            for name in self._order_fields
            if SaleOrder._fields[name].is_accessible(self.env)
        ]

    def _company_timezones(self, company_ids):
        companies = self.env["res.company"].browse(company_ids)
        return {company.id: dates.company_tz(company) for company in companies}

    def _local_date(self, value, timezone):
        if not value:
            return None
        if isinstance(value, datetime):
            return pytz.utc.localize(value).astimezone(timezone).date()
        return value

    def _milestone_data(self, order_ids):
        """Done/total counts and the next open milestone per order."""
        Milestone = self.env["gendan.milestone"]
        counts = defaultdict(lambda: {"done": 0, "total": 0})
        for order, state, count in Milestone._read_group(
            [("order_id", "in", order_ids), ("state", "!=", "skipped")],
            ["order_id", "state"],
            ["__count"],
        ):
            counts[order.id]["total"] += count
            if state == "done":
                counts[order.id]["done"] += count
        next_milestone = {}
        for milestone in Milestone.search_read(
            [("order_id", "in", order_ids), ("state", "in", Milestone._open_states())],
            ["order_id", "name", "planned_date"],
            order="planned_date, sequence, id",
        ):
            next_milestone.setdefault(milestone["order_id"][0], milestone)
        return counts, next_milestone

    def _shipment_data(self, order_ids):
        """ETA and transport status of the latest outgoing shipment per order."""
        Picking = self.env["stock.picking"]
        shipments = {}
        for picking in Picking.search_read(
            [
                ("sale_id", "in", order_ids),
                ("picking_type_code", "=", "outgoing"),
                ("state", "!=", "cancel"),
            ],
            ["sale_id", "eta", "transport_state", "bl_number", "tracking_ref"],
            order="id",
        ):
            shipments[picking["sale_id"][0]] = picking
        return shipments

    def _register_rows(self, orders):
        """Rows (dicts keyed like the columns) of ``orders``, in their order."""
        order_fields = self._readable_order_fields()
        stage_labels = self._selection_labels("sale.order", "gendan_stage")
        risk_labels = self._selection_labels("sale.order", "risk_level")
        transport_labels = self._selection_labels("stock.picking", "transport_state")
        rows = []
        for batch_ids in split_every(self._batch_size, orders.ids, list):
            order_values = self.env["sale.order"].browse(batch_ids).read(order_fields)
            timezones = self._company_timezones(
                list({values["company_id"][0] for values in order_values})
            )
            report_values = {
                values["order_id"][0]: values
                for values in self.env["gendan.order.report"].search_read(
                    [("order_id", "in", batch_ids)],
                    ["order_id", "last_delivery_date", "is_on_time", "is_in_full"],
                )
            }
            counts, next_milestones = self._milestone_data(batch_ids)
            shipments = self._shipment_data(batch_ids)
            for values in order_values:
                order_id = values["id"]
                timezone = timezones[values["company_id"][0]]
                report = report_values.get(order_id, {})
                milestone = next_milestones.get(order_id, {})
                shipment = shipments.get(order_id, {})
                done = counts[order_id]["done"]
                total = counts[order_id]["total"]
                variance = values.get("cost_variance_pct")
                rows.append(
                    {
                        "order": values["name"],
                        "customer": values["partner_id"] and values["partner_id"][1],
                        "merchandiser": values["merchandiser_id"]
                        and values["merchandiser_id"][1],
                        "stage": stage_labels.get(values["gendan_stage"], ""),
                        "date_order": self._local_date(values["date_order"], timezone),
                        "commitment_date": self._local_date(
                            values["commitment_date"], timezone
                        ),
                        "projected_ship_date": values.get("projected_ship_date"),
                        "milestones_done": done,
                        "milestones_total": total,
                        "progress": done / total if total else None,
                        "next_milestone": milestone.get("name"),
                        "next_milestone_date": milestone.get("planned_date"),
                        "delay_days": values.get("delay_days"),
                        "is_late": bool(values.get("is_late")),
                        "risk_level": risk_labels.get(values.get("risk_level"), ""),
                        "last_delivery_date": report.get("last_delivery_date"),
                        "eta": shipment.get("eta"),
                        "transport_state": transport_labels.get(
                            shipment.get("transport_state"), ""
                        ),
                        "shipment_ref": shipment.get("bl_number")
                        or shipment.get("tracking_ref"),
                        "is_on_time": bool(report.get("is_on_time")),
                        "is_in_full": bool(report.get("is_in_full")),
                        "cost_budget": values.get("cost_budget_total"),
                        "cost_actual": values.get("cost_actual_total"),
                        "cost_variance_pct": variance / 100.0
                        if variance is not None and values.get("cost_budget_total")
                        else None,
                    }
                )
        return rows

    def _register_formats(self, workbook):
        return {
            "header": workbook.add_format(
                {
                    "bold": True,
                    "bg_color": "#714B67",
                    "font_color": "#FFFFFF",
                    "text_wrap": True,
                    "valign": "top",
                    "border": 1,
                }
            ),
            "text": None,
            "int": workbook.add_format({"num_format": "0"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "bool": None,
            "late": workbook.add_format(
                {"bg_color": "#F8D7DA", "font_color": "#842029"}
            ),
        }

    def _write_cell(self, sheet, row, col, value, kind, formats):
        if kind != "bool" and (value is None or value is False or value == ""):
            sheet.write_blank(row, col, None, formats.get(kind))
        elif kind == "bool":
            sheet.write_boolean(row, col, bool(value))
        elif kind == "date":
            sheet.write_datetime(row, col, value, formats["date"])
        elif kind in ("int", "percent", "money"):
            sheet.write_number(row, col, value, formats[kind])
        else:
            sheet.write_string(row, col, str(value))

    def generate_xlsx_report(self, workbook, data, objs):
        orders = objs.filtered(lambda record: record._name == "sale.order")
        formats = self._register_formats(workbook)
        columns = self._register_columns()
        sheet = workbook.add_worksheet(_("Follow-up Register"))
        for col, (_key, title, width, kind) in enumerate(columns):
            sheet.set_column(col, col, width, formats.get(kind))
            sheet.write_string(0, col, title, formats["header"])
        sheet.set_row(0, 30)
        rows = self._register_rows(orders)
        for row_index, row in enumerate(rows, start=1):
            for col, (key, _title, _width, kind) in enumerate(columns):
                self._write_cell(sheet, row_index, col, row[key], kind, formats)
        last_col = len(columns) - 1
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(len(rows), 1), last_col)
        if rows:
            late_col = next(
                index for index, column in enumerate(columns) if column[0] == "is_late"
            )
            late_letter = _column_letter(late_col)
            sheet.conditional_format(
                1,
                0,
                len(rows),
                last_col,
                {
                    "type": "formula",
                    "criteria": f"=${late_letter}2=TRUE",
                    "format": formats["late"],
                },
            )


def _column_letter(index):
    """Excel letters of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
