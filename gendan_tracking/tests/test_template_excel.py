"""T&A templates in Excel (issue 20): export a template, import a sheet."""

import base64
import io

from openpyxl import Workbook, load_workbook

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import GendanOrderCommon

HEADER = (
    "Name",
    "Category",
    "Anchor",
    "Offset (days)",
    "Responsible",
    "Predecessors",
    "Lag (working days)",
    "Auto Rule",
)


@tagged("post_install", "-at_install")
class TestTemplateExcel(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lines = {line.name: line for line in cls.template.line_ids}
        lines["Sample approved"].predecessor_ids = lines["Customer confirms PI"]
        lines["Final inspection"].write(
            {
                "predecessor_ids": [
                    Command.set(
                        (lines["Sample approved"] | lines["Customer confirms PI"]).ids
                    )
                ],
                "lag_days": 2,
            }
        )

    def _sheet(self, rows, header=HEADER, title="Imported plan"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = title
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def _wizard(self, content, user=None, **values):
        return (
            self.env["gendan.template.import.wizard"]
            .with_user(user or self.manager)
            .create(dict(values, file=base64.b64encode(content)))
        )

    def _templates(self):
        return self.env["gendan.milestone.template"].search_count([])

    def _describe(self, template):
        return [
            (
                line.name,
                line.category,
                line.anchor,
                line.offset_days,
                line.responsible,
                line.auto_rule,
                line.lag_days,
                line.customer_visible,
                sorted(line.predecessor_ids.mapped("name")),
            )
            for line in template.line_ids.sorted(lambda line: (line.sequence, line.id))
        ]

    def test_round_trip_of_a_template(self):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render("gendan_tracking.template_xlsx", self.template.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        self.assertEqual(tuple(cell.value for cell in sheet[1])[:8], HEADER)
        self.assertEqual(sheet["A4"].value, "Final inspection")
        self.assertEqual(sheet["B4"].value, "Quality")
        self.assertEqual(sheet["F4"].value, "Customer confirms PI; Sample approved")
        self.assertEqual(sheet["G4"].value, 2)
        wizard = self._wizard(content, name="Copy of the plan")
        wizard.action_preview()
        self.assertEqual(wizard.error_count, 0)
        self.assertEqual(len(wizard.line_ids), 6)
        action = wizard.action_import()
        template = self.env["gendan.milestone.template"].browse(action["res_id"])
        self.assertEqual(template.name, "Copy of the plan")
        self.assertEqual(self._describe(template), self._describe(self.template))
        # the export is the sample of the import
        self.assertEqual(
            wizard.action_download_sample()["report_name"],
            "gendan_tracking.template_xlsx",
        )

    def test_keys_labels_and_separators(self):
        content = self._sheet(
            [
                [
                    "Order received",
                    "order",
                    "order_date",
                    0,
                    "merchandiser",
                    None,
                    None,
                    None,
                ],
                [
                    "Fabric in",
                    "Material",
                    "Order date",
                    "10",
                    "Purchasing",
                    None,
                    0,
                    "Material received",
                ],
                [
                    "Cutting",
                    "production",
                    "ORDER DATE",
                    12,
                    "Merchandiser",
                    "order received; Fabric in",
                    1,
                    "none",
                ],
                [
                    "Ship",
                    "logistics",
                    "commitment_date",
                    0,
                    "logistics",
                    "Cutting, Fabric in",
                    None,
                    "shipped",
                ],
                [None, None, None, None, None, None, None, None],
            ]
        )
        wizard = self._wizard(content)
        wizard.action_preview()
        self.assertEqual(wizard.error_count, 0, wizard.line_ids.mapped("error"))
        self.assertEqual(wizard.name, "Imported plan", "named after the sheet's tab")
        template = self.env["gendan.milestone.template"].browse(
            wizard.action_import()["res_id"]
        )
        lines = {line.name: line for line in template.line_ids}
        self.assertEqual(
            list(lines), ["Order received", "Fabric in", "Cutting", "Ship"]
        )
        self.assertEqual(lines["Fabric in"].category, "material")
        self.assertEqual(lines["Fabric in"].offset_days, 10)
        self.assertEqual(lines["Fabric in"].auto_rule, "material_received")
        self.assertFalse(lines["Fabric in"].customer_visible, "material: internal")
        self.assertEqual(
            lines["Cutting"].predecessor_ids,
            lines["Order received"] | lines["Fabric in"],
        )
        self.assertEqual(lines["Cutting"].lag_days, 1)
        self.assertEqual(lines["Ship"].anchor, "commitment_date")
        self.assertEqual(
            lines["Ship"].predecessor_ids, lines["Cutting"] | lines["Fabric in"]
        )

    def test_errors_per_row_and_nothing_created(self):
        content = self._sheet(
            [
                [
                    "Order received",
                    "paperwork",
                    "order_date",
                    0,
                    "merchandiser",
                    None,
                    0,
                    None,
                ],
                ["Fabric in", "material", "tomorrow", 10, "purchase", None, 0, None],
                [
                    "Cutting",
                    "production",
                    "order_date",
                    1.5,
                    "boss",
                    "Fabric in",
                    0,
                    "magic",
                ],
                [
                    "Ship",
                    "logistics",
                    "order_date",
                    20,
                    "logistics",
                    "Packing",
                    -1,
                    None,
                ],
                ["", "logistics", "order_date", 20, "logistics", None, 0, None],
            ]
        )
        count = self._templates()
        wizard = self._wizard(content)
        wizard.action_preview()
        errors = {line.row: line.error for line in wizard.line_ids if line.error}
        self.assertEqual(set(errors), {2, 3, 4, 5, 6})
        self.assertIn("Unknown category paperwork", errors[2])
        self.assertIn("Unknown anchor tomorrow", errors[3])
        self.assertIn("whole number", errors[4])
        self.assertIn("Unknown responsible boss", errors[4])
        self.assertIn("Unknown auto rule magic", errors[4])
        self.assertIn("Unknown predecessor Packing", errors[5])
        self.assertIn("negative", errors[5])
        self.assertIn("name is missing", errors[6])
        with self.assertRaises(UserError):
            wizard.action_import()
        self.env.invalidate_all()
        self.assertEqual(self._templates(), count)

    def test_cycle_refused(self):
        content = self._sheet(
            [
                ["A", "order", "order_date", 0, "merchandiser", "C", 0, None],
                ["B", "order", "order_date", 1, "merchandiser", "A", 0, None],
                ["C", "order", "order_date", 2, "merchandiser", "B", 0, None],
                ["D", "order", "order_date", 3, "merchandiser", "D", 0, None],
                ["E", "order", "order_date", 4, "merchandiser", "A", 0, None],
            ]
        )
        count = self._templates()
        wizard = self._wizard(content)
        wizard.action_preview()
        errors = {line.name: line.error for line in wizard.line_ids if line.error}
        self.assertEqual(set(errors), {"A", "B", "C", "D"})
        self.assertIn("cycle", errors["A"])
        self.assertIn("→", errors["A"])
        self.assertIn("own predecessor", errors["D"])
        with self.assertRaises(UserError):
            wizard.action_import()
        self.env.invalidate_all()
        self.assertEqual(self._templates(), count)

    def test_not_a_template_sheet(self):
        wizard = self._wizard(self._sheet([["x"]], header=["Foo", "Bar"]))
        with self.assertRaises(UserError):
            wizard.action_preview()
        self.env.invalidate_all()

    def test_only_managers_import_templates(self):
        with self.assertRaises(AccessError):
            self._wizard(self._sheet([]), user=self.merchandiser)
        self.env.invalidate_all()
        # a merchandiser may export (they read templates)
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.merchandiser)
            ._render("gendan_tracking.template_xlsx", self.template.ids, {})
        )
        self.assertTrue(content)
