import io
from datetime import date, datetime

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from ..tools import dates
from .analysis_common import GendanAnalysisCommon


@tagged("post_install", "-at_install")
class TestXlsxExports(GendanAnalysisCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["gendan.milestone"].create(
            [
                {
                    "order_id": cls.order_a.id,
                    "name": name,
                    "category": "order",
                    "planned_date": planned,
                    "actual_date": actual,
                    "state": state,
                }
                for name, planned, actual, state in (
                    ("PI sent", date(2026, 3, 9), date(2026, 3, 9), "done"),
                    ("Deposit received", date(2026, 3, 10), date(2026, 3, 10), "done"),
                    ("Packing approved", date(2026, 3, 12), False, "skipped"),
                    ("Balance received", date(2099, 3, 16), False, "pending"),
                    ("Copy documents", date(2099, 3, 20), False, "pending"),
                )
            ]
        )

    def _render(self, report_name, docids, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.manager)
        content, file_type = Report._render(report_name, docids, {})
        self.assertEqual(file_type, "xlsx")
        return load_workbook(io.BytesIO(content))

    def _header(self, sheet, row=1):
        return [cell.value for cell in sheet[row]]

    def test_register_layout_and_values(self):
        self.order_a.picking_ids.write(
            {
                "eta": date(2026, 3, 25),
                "transport_state": "in_transit",
                "bl_number": "COSU6123456780",
            }
        )
        workbook = self._render("gendan_tracking.register_xlsx", self.orders.ids)
        self.assertEqual(workbook.sheetnames, ["Follow-up Register"])
        sheet = workbook.active
        header = self._header(sheet)
        self.assertEqual(header[:4], ["Order", "Customer", "Merchandiser", "Stage"])
        for title in (
            "Milestones Done",
            "Milestones Total",
            "Next Milestone",
            "Delay (days)",
            "Risk",
            "Last Delivery",
            "On Time",
            "In Full",
            "Cost Budget",
            "Actual Cost",
            "Cost Variance",
        ):
            self.assertIn(title, header)
        self.assertEqual(sheet.max_row, 1 + len(self.orders))
        self.assertEqual(sheet.freeze_panes, "B2")
        last_letter = sheet.cell(1, len(header)).column_letter
        self.assertEqual(sheet.auto_filter.ref, f"A1:{last_letter}7")
        rows = {
            row[0].value: {title: cell for title, cell in zip(header, row, strict=True)}
            for row in sheet.iter_rows(min_row=2)
        }
        row_a = rows[self.order_a.name]
        self.assertEqual(row_a["Customer"].value, self.customer.name)
        self.assertEqual(row_a["Merchandiser"].value, self.merchandiser.name)
        # the skipped milestone is left out: 2 done of 4
        self.assertEqual(row_a["Milestones Done"].value, 2)
        self.assertEqual(row_a["Milestones Total"].value, 4)
        self.assertAlmostEqual(row_a["Progress"].value, 0.5)
        self.assertEqual(row_a["Progress"].number_format, "0.0%")
        self.assertEqual(row_a["Next Milestone"].value, "Balance received")
        self.assertEqual(row_a["Next Milestone Date"].value, datetime(2099, 3, 16))
        # dates in the company's timezone (Shanghai), with a date format
        self.assertEqual(row_a["Order Date"].value, datetime(2026, 3, 2))
        self.assertEqual(row_a["Order Date"].number_format, "yyyy-mm-dd")
        row_e = rows[self.order_e.name]
        self.assertEqual(row_e["Last Delivery"].value, datetime(2026, 3, 12))
        self.assertIs(row_e["On Time"].value, False)
        self.assertIs(row_e["In Full"].value, True)
        self.assertIs(rows[self.order_a.name]["On Time"].value, True)
        self.assertEqual(row_a["ETA"].value, datetime(2026, 3, 25))
        self.assertEqual(row_a["Transport Status"].value, "In Transit")
        self.assertEqual(row_a["B/L / Tracking"].value, "COSU6123456780")
        # f was never shipped: late, with its delay in working days
        row_f = rows[self.order_f.name]
        self.assertIs(row_f["Late"].value, True)
        self.assertEqual(row_f["Delay (days)"].value, self.order_f.delay_days)
        self.assertIs(row_a["Late"].value, False)
        # late rows are coloured by a conditional format on the "Late" column
        late_letter = row_a["Late"].column_letter
        rules = [
            (str(ranges.sqref), rule.formula)
            for ranges in sheet.conditional_formatting
            for rule in ranges.rules
        ]
        self.assertEqual(rules, [(f"A2:{last_letter}7", [f"${late_letter}2=TRUE"])])

    def test_register_query_count_constant(self):
        drafts = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "merchandiser_id": self.merchandiser.id,
                    "milestone_template_id": False,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
                for _index in range(194)
            ]
        )
        self.env["gendan.milestone"].create(
            [
                {
                    "order_id": order.id,
                    "name": "PI sent",
                    "planned_date": date(2099, 1, 5),
                    "responsible_id": self.merchandiser.id,
                }
                for order in drafts
            ]
        )
        few = self.orders | drafts[:4]
        many = self.orders | drafts
        self.assertEqual((len(few), len(many)), (10, 200))

        def count_queries(orders):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            workbook = self._render("gendan_tracking.register_xlsx", orders.ids)
            self.assertEqual(workbook.active.max_row, len(orders) + 1)
            return self.env.cr.sql_log_count - before

        count_queries(few)  # warm the caches (report lookup, translations)
        self.assertEqual(count_queries(few), count_queries(many))

    def test_otif_export_wizard(self):
        wizard_form = Form(
            self.env["gendan.otif.export.wizard"].with_user(self.manager)
        )
        # defaults: the last full month
        self.assertEqual(wizard_form.date_from.day, 1)
        self.assertLess(
            wizard_form.date_to, dates.today(self.env.company).replace(day=1)
        )
        wizard_form.date_from = date(2026, 3, 11)
        wizard_form.date_to = date(2026, 3, 11)
        wizard = wizard_form.save()
        action = wizard.action_export()
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(action["report_name"], "gendan_tracking.otif_xlsx")
        workbook = self._render("gendan_tracking.otif_xlsx", wizard.ids)
        self.assertEqual(
            workbook.sheetnames, ["OTIF by Merchandiser", "OTIF by Customer"]
        )
        sheet = workbook["OTIF by Merchandiser"]
        self.assertEqual(
            self._header(sheet, 4),
            [
                "Merchandiser",
                "Orders Due",
                "OTIF Orders",
                "On Time",
                "In Full",
                "OTIF",
                "Average Cycle (days)",
                "Late Milestones",
            ],
        )
        self.assertEqual(sheet.freeze_panes, "B5")
        values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
        # worst OTIF first, then the total
        self.assertEqual(
            [row[0] for row in values],
            [self.manager.name, self.merchandiser.name, "Total"],
        )
        self.assertEqual(values[0][1:3], [3, 0])
        self.assertEqual(values[1][1:3], [3, 2])
        total = values[2]
        self.assertEqual(total[1:3], [6, 2])
        self.assertAlmostEqual(total[3], 4 / 6)
        self.assertAlmostEqual(total[4], 0.5)
        self.assertAlmostEqual(total[5], 2 / 6)
        self.assertAlmostEqual(total[6], 9.0)
        self.assertEqual(sheet.cell(5, 6).number_format, "0.0%")
        self.assertEqual(sheet.cell(7, 6).number_format, "0.0%")
        self.assertTrue(sheet.cell(7, 1).font.b)
        customers = [
            row[0].value for row in workbook["OTIF by Customer"].iter_rows(min_row=5)
        ]
        self.assertEqual(customers, [self.customer_b.name, self.customer.name, "Total"])

    def test_otif_wizard_refuses_reversed_period(self):
        with self.assertRaises(ValidationError):
            self.env["gendan.otif.export.wizard"].create(
                {"date_from": date(2026, 3, 31), "date_to": date(2026, 3, 1)}
            )

    def test_otif_export_never_asks_for_a_document_layout(self):
        self.company.external_report_layout_id = False
        admin = self.env.ref("base.user_admin")
        wizard = self.env["gendan.otif.export.wizard"].with_user(admin).create({})
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "xlsx")
