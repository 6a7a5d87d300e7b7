"""The buyer's T&A calendar in Excel (issue 20): export, edit, import back."""

import base64
import io
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import planner, ta_sheet
from .common import GendanOrderCommon

MON_FRI = frozenset(range(5))


@tagged("post_install", "-at_install")
@freeze_time("2026-11-02 03:00:00")  # Monday, in Brussels and in UTC
class TestTaExcel(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lines = {line.name: line for line in cls.template.line_ids}
        # PI -> sample -> inspection -> shipped -> invoice
        lines["Sample approved"].predecessor_ids = lines["Customer confirms PI"]
        lines["Final inspection"].predecessor_ids = lines["Sample approved"]
        lines["Goods shipped"].predecessor_ids = lines["Final inspection"]
        lines["Invoice posted"].predecessor_ids = lines["Goods shipped"]
        lines["Sample approved"].customer_visible = True
        lines["Final inspection"].customer_visible = False
        cls.other = cls.env["res.users"].create(
            {
                "name": "Olga Other",
                "login": "gendan_other_merch",
                "groups_id": [
                    Command.set(cls.env.ref("gendan_tracking.group_merchandiser").ids)
                ],
            }
        )
        cls.mug = cls.product
        cls.plate = cls.env["product.product"].create(
            {"name": "Dinner Plate", "type": "consu", "list_price": 5.0}
        )
        cls.order_a = cls._confirmed(client_order_ref="PO-ACME-1", qty=300)
        cls.order_b = cls._confirmed(client_order_ref="PO-ACME-2", qty=100)
        cls.order_b.sudo().order_line = [
            Command.create(
                {"product_id": cls.plate.id, "product_uom_qty": 50, "price_unit": 5.0}
            )
        ]
        cls.order_other = cls._confirmed(user=cls.other)

    @classmethod
    def _confirmed(cls, **values):
        order = cls._create_order(commitment_date=datetime(2026, 11, 27, 12), **values)
        cls._review(order)
        order.action_confirm()
        return order

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _export(self, orders, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.merchandiser)
        content, file_type = Report._render(
            "gendan_tracking.ta_calendar_xlsx", orders.ids, {}
        )
        self.assertEqual(file_type, "xlsx")
        return load_workbook(io.BytesIO(content))

    def _columns(self, sheet):
        """{column key: 1-based column} from the hidden key row."""
        return {
            cell.value: cell.column
            for cell in sheet[ta_sheet.KEY_ROW]
            if cell.value is not None
        }

    def _rows(self, sheet):
        """{order name: 1-based row}."""
        return {
            sheet.cell(row, 1).value: row
            for row in range(ta_sheet.FIRST_DATA_ROW, sheet.max_row + 1)
        }

    def _planned_cell(self, sheet, order, milestone_name, kind=ta_sheet.PLANNED):
        line = self.template.line_ids.filtered(lambda line: line.name == milestone_name)
        column = self._columns(sheet)[
            ta_sheet.column_key(kind, ta_sheet.milestone_key(line.id, None))
        ]
        return sheet.cell(self._rows(sheet)[order.name], column)

    def _wizard(self, workbook, user=None):
        buffer = io.BytesIO()
        workbook.save(buffer)
        return (
            self.env["gendan.ta.import.wizard"]
            .with_user(user or self.merchandiser)
            .create(
                {"file": base64.b64encode(buffer.getvalue()), "filename": "ta.xlsx"}
            )
        )

    def _preview(self, workbook, user=None):
        wizard = self._wizard(workbook, user)
        wizard.action_preview()
        return wizard

    def _lines(self, wizard, kind):
        return wizard.line_ids.filtered(lambda line: line.kind == kind)

    def _plans(self, *orders):
        return {
            milestone: milestone.planned_date
            for order in orders
            for milestone in order.milestone_ids
        }

    # ------------------------------------------------------------------
    # export
    # ------------------------------------------------------------------

    def test_export_layout_values_and_colours(self):
        confirm = self._milestone(self.order_a, "Customer confirms PI")
        # done late, with its reason
        confirm.write(
            {
                "state": "done",
                "actual_date": confirm.planned_date + timedelta(days=1),
                "delay_reason": "customer",
            }
        )
        sample_b = self._milestone(self.order_b, "Customer confirms PI")
        sample_b.write({"state": "done", "actual_date": sample_b.planned_date})
        with freeze_time("2026-11-18 03:00:00"):
            workbook = self._export(self.order_a | self.order_b)
        sheet = workbook.active
        self.assertEqual(sheet.title, "T&A Calendar")
        self.assertEqual(sheet.freeze_panes, "B4")
        self.assertTrue(sheet.row_dimensions[ta_sheet.KEY_ROW].hidden)
        self.assertEqual(sheet["A1"].value, ta_sheet.MARKER)
        header = [cell.value for cell in sheet[ta_sheet.HEADER_ROW]]
        self.assertEqual(
            header[:6],
            [
                "Order",
                "Customer",
                "Customer Reference",
                "Style / Product",
                "Quantity",
                "Ship Date",
            ],
        )
        # two columns per milestone, in template order, named over both
        names = self.template.line_ids.sorted("sequence").mapped("name")
        self.assertEqual(header[6:], ["Planned", "Actual"] * len(names))
        titles = [sheet.cell(ta_sheet.TITLE_ROW, 7 + 2 * i).value for i in range(6)]
        self.assertEqual(titles, names)
        self.assertIn("G2:H2", [str(r) for r in sheet.merged_cells.ranges])
        legend = [sheet.cell(ta_sheet.TITLE_ROW, col).value for col in range(2, 6)]
        self.assertEqual(legend, ["Late", "Done late", "Done", "Skipped"])
        rows = self._rows(sheet)
        self.assertEqual(set(rows), {self.order_a.name, self.order_b.name})
        row_a = {
            title: sheet.cell(rows[self.order_a.name], col + 1).value
            for col, title in enumerate(header[:6])
        }
        self.assertEqual(row_a["Customer"], self.customer.name)
        self.assertEqual(row_a["Customer Reference"], "PO-ACME-1")
        self.assertEqual(row_a["Style / Product"], "Ceramic Mug")
        self.assertEqual(row_a["Quantity"], 300)
        self.assertEqual(row_a["Ship Date"], datetime(2026, 11, 27))
        self.assertEqual(sheet.cell(rows[self.order_b.name], 4).value, "2 products")
        self.assertEqual(sheet.cell(rows[self.order_b.name], 5).value, 150)
        # planned and actual as real dates
        cell = self._planned_cell(sheet, self.order_a, "Customer confirms PI")
        self.assertEqual(cell.value.date(), confirm.planned_date)
        self.assertEqual(cell.number_format, "yyyy-mm-dd")
        actual = self._planned_cell(
            sheet, self.order_a, "Customer confirms PI", ta_sheet.ACTUAL
        )
        self.assertEqual(actual.value.date(), confirm.actual_date)
        # colours: done late (orange), done (green), open and past (red)
        self.assertEqual(cell.fill.fgColor.rgb, "FFFFE5B4")
        done = self._planned_cell(sheet, self.order_b, "Customer confirms PI")
        self.assertEqual(done.fill.fgColor.rgb, "FFD1E7DD")
        late = self._planned_cell(sheet, self.order_a, "Sample approved")
        self.assertLess(late.value.date(), date(2026, 11, 18))
        self.assertEqual(late.fill.fgColor.rgb, "FFF8D7DA")
        future = self._planned_cell(sheet, self.order_a, "Payment received")
        self.assertNotEqual(future.fill.fgColor.rgb, "FFF8D7DA")

    def test_export_hand_made_milestone_by_name(self):
        """Milestones without template line share a column by name."""
        for order in (self.order_a, self.order_b):
            self.env["gendan.milestone"].create(
                {
                    "order_id": order.id,
                    "name": "Buyer visit",
                    "sequence": 25,
                    "planned_date": date(2026, 11, 12),
                }
            )
        sheet = self._export(self.order_a | self.order_b).active
        columns = self._columns(sheet)
        key = ta_sheet.column_key(ta_sheet.PLANNED, "name:buyer visit")
        self.assertIn(key, columns)
        # after "Sample approved" (20), before "Final inspection" (30)
        self.assertEqual(
            sheet.cell(ta_sheet.TITLE_ROW, columns[key]).value, "Buyer visit"
        )
        self.assertEqual(
            sheet.cell(ta_sheet.TITLE_ROW, columns[key] - 2).value, "Sample approved"
        )
        for order in (self.order_a, self.order_b):
            self.assertEqual(
                sheet.cell(self._rows(sheet)[order.name], columns[key]).value,
                datetime(2026, 11, 12),
            )

    # ------------------------------------------------------------------
    # import
    # ------------------------------------------------------------------

    def test_round_trip_clean_sheet_applies_every_change(self):
        workbook = self._export(self.order_a | self.order_b)
        sheet = workbook.active
        sample_a = self._milestone(self.order_a, "Sample approved")
        payment_b = self._milestone(self.order_b, "Payment received")
        chain = [
            self._milestone(self.order_a, name)
            for name in ("Final inspection", "Goods shipped", "Invoice posted")
        ]
        before = self._plans(self.order_a, self.order_b)
        new_sample = planner.add_working_days(sample_a.planned_date, 2, MON_FRI)
        self._planned_cell(sheet, self.order_a, "Sample approved").value = datetime(
            new_sample.year, new_sample.month, new_sample.day
        )
        # a text date in ISO, earlier: no reason needed for it
        new_payment = payment_b.planned_date - timedelta(days=3)
        self._planned_cell(
            sheet, self.order_b, "Payment received"
        ).value = new_payment.isoformat()
        wizard = self._preview(workbook)
        self.assertEqual(wizard.error_count, 0)
        changes = self._lines(wizard, "change")
        self.assertEqual(
            {(line.milestone_id, line.old_date, line.new_date) for line in changes},
            {
                (sample_a, before[sample_a], new_sample),
                (payment_b, before[payment_b], new_payment),
            },
        )
        pushed = self._lines(wizard, "push")
        self.assertEqual(set(pushed.milestone_id), set(chain))
        # shown under the row of their order
        self.assertEqual(
            set(pushed.mapped("row")), {self._rows(sheet)[self.order_a.name]}
        )
        self.assertTrue(wizard.needs_reason, "the sample is shown to the customer")
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.env.invalidate_all()
        self.assertEqual(self._plans(self.order_a, self.order_b), before)
        wizard.write({"delay_reason": "supplier", "delay_note": "dye lot"})
        wizard.action_apply()
        self.assertEqual(sample_a.planned_date, new_sample)
        self.assertEqual(sample_a.delay_reason, "supplier")
        self.assertEqual(payment_b.planned_date, new_payment)
        for milestone in chain:
            self.assertEqual(
                planner.working_days_between(
                    before[milestone], milestone.planned_date, MON_FRI
                ),
                2,
                milestone.name,
            )
        # one note per order, as a drag writes
        self.assertIn("dye lot", self.order_a.message_ids[0].body)
        self.assertIn("Payment received", self.order_b.message_ids[0].body)

    def test_one_bad_row_applies_nothing_and_lists_the_row(self):
        workbook = self._export(self.order_a | self.order_b)
        sheet = workbook.active
        payment_a = self._milestone(self.order_a, "Payment received")
        self._planned_cell(
            sheet, self.order_a, "Payment received"
        ).value = datetime.combine(
            payment_a.planned_date - timedelta(days=2), datetime.min.time()
        )
        bad = self._planned_cell(sheet, self.order_b, "Payment received")
        bad.value = "next Tuesday"
        before = self._plans(self.order_a, self.order_b)
        wizard = self._preview(workbook)
        errors = self._lines(wizard, "error")
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors.row, bad.row)
        self.assertEqual(errors.order_id, self.order_b)
        self.assertEqual(errors.milestone_name, "Payment received")
        self.assertIn("next Tuesday", errors.message)
        self.assertEqual(len(self._lines(wizard, "change")), 1)
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.env.invalidate_all()
        self.assertEqual(self._plans(self.order_a, self.order_b), before)

    def test_each_error_kind(self):
        hand_made = self.env["gendan.milestone"].create(
            {
                "order_id": self.order_a.id,
                "name": "Buyer visit",
                "planned_date": date(2026, 11, 12),
            }
        )
        workbook = self._export(self.order_a | self.order_b)
        sheet = workbook.active
        rows = self._rows(sheet)
        columns = self._columns(sheet)
        confirm_a = self._milestone(self.order_a, "Customer confirms PI")
        confirm_a.write({"state": "done", "actual_date": confirm_a.planned_date})
        order_b_row = rows[self.order_b.name]
        # a copy of b's row under an unknown name, and one under another's order
        for name in ("S-NOPE-1", self.order_other.name):
            new_row = sheet.max_row + 1
            for col in range(1, sheet.max_column + 1):
                sheet.cell(new_row, col).value = sheet.cell(order_b_row, col).value
            sheet.cell(new_row, 1).value = name
        # b has no "Buyer visit"
        sheet.cell(order_b_row, columns["planned:name:buyer visit"]).value = datetime(
            2026, 11, 20
        )
        # unreadable, out of range, before the order date
        self._planned_cell(sheet, self.order_b, "Sample approved").value = "soon"
        self._planned_cell(sheet, self.order_b, "Final inspection").value = "2300-01-01"
        self._planned_cell(sheet, self.order_b, "Goods shipped").value = datetime(
            2026, 10, 1
        )
        # a done milestone moved; a changed actual date is only a warning
        self._planned_cell(
            sheet, self.order_a, "Customer confirms PI"
        ).value = datetime(2026, 11, 20)
        self._planned_cell(
            sheet, self.order_a, "Final inspection", ta_sheet.ACTUAL
        ).value = datetime(2026, 11, 20)
        # a date in the user's language's format is read (en_US: %m/%d/%Y)
        invoice = self._milestone(self.order_a, "Invoice posted")
        new_invoice = invoice.planned_date - timedelta(days=1)
        self._planned_cell(
            sheet, self.order_a, "Invoice posted"
        ).value = new_invoice.strftime("%m/%d/%Y")
        before = self._plans(self.order_a, self.order_b, self.order_other)
        before[hand_made] = hand_made.planned_date
        wizard = self._preview(workbook)
        errors = {
            (line.order_name, line.milestone_name): line
            for line in self._lines(wizard, "error")
        }
        self.assertEqual(
            set(errors),
            {
                ("S-NOPE-1", False),
                (self.order_other.name, False),
                (self.order_b.name, "Buyer visit"),
                (self.order_b.name, "Sample approved"),
                (self.order_b.name, "Final inspection"),
                (self.order_b.name, "Goods shipped"),
                (self.order_a.name, "Customer confirms PI"),
            },
        )
        self.assertIn("Unknown order", errors["S-NOPE-1", False].message)
        self.assertIn("Unknown order", errors[self.order_other.name, False].message)
        self.assertIn(
            "Unknown milestone", errors[self.order_b.name, "Buyer visit"].message
        )
        self.assertIn(
            "Unreadable", errors[self.order_b.name, "Sample approved"].message
        )
        self.assertIn(
            "out of range", errors[self.order_b.name, "Final inspection"].message
        )
        self.assertIn(
            "before the order date", errors[self.order_b.name, "Goods shipped"].message
        )
        self.assertIn(
            "already done", errors[self.order_a.name, "Customer confirms PI"].message
        )
        warning = self._lines(wizard, "warning")
        self.assertEqual(warning.milestone_name, "Final inspection")
        self.assertEqual(warning.new_date, date(2026, 11, 20))
        change = self._lines(wizard, "change")
        self.assertEqual(change.milestone_id, invoice)
        self.assertEqual(change.new_date, new_invoice)
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.env.invalidate_all()
        after = self._plans(self.order_a, self.order_b, self.order_other)
        after[hand_made] = hand_made.planned_date
        self.assertEqual(after, before)

    def _key(self, name):
        line = self.template.line_ids.filtered(lambda line: line.name == name)
        return ta_sheet.milestone_key(line.id, None)

    def test_other_merchandiser_and_manager(self):
        workbook = self._export(self.order_a)
        payment = self._milestone(self.order_a, "Payment received")
        old = payment.planned_date
        new = old - timedelta(days=1)
        self._planned_cell(
            workbook.active, self.order_a, "Payment received"
        ).value = new.isoformat()
        # another merchandiser: an unknown order, never applied
        wizard = self._preview(workbook, self.other)
        self.assertEqual(wizard.error_count, 1)
        self.assertIn("Unknown order", wizard.line_ids.message)
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.env.invalidate_all()
        self.assertEqual(payment.planned_date, old)
        # the manager replans every order
        wizard = self._preview(workbook, self.manager)
        self.assertEqual(wizard.error_count, 0)
        self.assertFalse(wizard.needs_reason)
        wizard.action_apply()
        self.assertEqual(payment.planned_date, new)
        self.assertEqual(self.order_a.message_ids[0].author_id, self.manager.partner_id)

    def test_apply_refused_without_preview_or_after_a_change(self):
        workbook = self._export(self.order_a)
        payment = self._milestone(self.order_a, "Payment received")
        new = payment.planned_date - timedelta(days=1)
        self._planned_cell(
            workbook.active, self.order_a, "Payment received"
        ).value = new.isoformat()
        wizard = self._wizard(workbook)
        with self.assertRaises(UserError):
            wizard.action_apply()  # never previewed
        self.env.invalidate_all()
        wizard.action_preview()
        # the plan moved meanwhile: the preview no longer tells what happens
        payment.planned_date = new - timedelta(days=1)
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.env.invalidate_all()
        self.assertEqual(payment.planned_date, new - timedelta(days=1))

    def test_not_a_calendar(self):
        wizard = (
            self.env["gendan.ta.import.wizard"]
            .with_user(self.merchandiser)
            .create({"file": base64.b64encode(b"not a workbook")})
        )
        with self.assertRaises(UserError):
            wizard.action_preview()
        self.env.invalidate_all()
        template_sheet = self.env["ir.actions.report"]._render(
            "gendan_tracking.template_xlsx", self.template.ids, {}
        )[0]
        wizard = (
            self.env["gendan.ta.import.wizard"]
            .with_user(self.merchandiser)
            .create({"file": base64.b64encode(template_sheet)})
        )
        with self.assertRaises(UserError):
            wizard.action_preview()
        self.env.invalidate_all()

    def test_a_buyer_moving_columns_and_rows(self):
        """Columns are found by the hidden keys, rows by the order reference."""
        workbook = self._export(self.order_a | self.order_b)
        sheet = workbook.active
        sheet.insert_cols(2)  # a buyer's comment column
        sheet.cell(ta_sheet.HEADER_ROW, 2).value = "Comments"
        sheet.cell(self._rows(sheet)[self.order_a.name], 2).value = "call Mia"
        payment = self._milestone(self.order_b, "Payment received")
        new = payment.planned_date - timedelta(days=2)
        self._planned_cell(
            sheet, self.order_b, "Payment received"
        ).value = new.isoformat()
        wizard = self._preview(workbook)
        self.assertEqual(wizard.error_count, 0)
        self.assertEqual(self._lines(wizard, "change").milestone_id, payment)
        wizard.action_apply()
        self.assertEqual(payment.planned_date, new)

    def test_export_queries_do_not_grow_with_rows(self):
        orders = self.env["sale.order"].union(*(self._confirmed() for _i in range(4)))
        Report = self.env["ir.actions.report"].with_user(self.merchandiser)
        counts = []
        for subset in (orders[:1], orders):
            Report._render("gendan_tracking.ta_calendar_xlsx", subset.ids, {})
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            Report._render("gendan_tracking.ta_calendar_xlsx", subset.ids, {})
            counts.append(self.env.cr.sql_log_count - before)
        self.assertLessEqual(counts[1], counts[0])

    def test_preview_queries_do_not_grow_with_rows(self):
        orders = [self._confirmed() for _index in range(4)]
        counts = []
        for subset in (orders[:1], orders):
            workbook = self._export(self.env["sale.order"].union(*subset))
            sheet = workbook.active
            for order in subset:
                payment = self._milestone(order, "Payment received")
                self._planned_cell(sheet, order, "Payment received").value = (
                    payment.planned_date - timedelta(days=1)
                ).isoformat()
            wizard = self._wizard(workbook)
            wizard._ta_check()  # warms the caches (languages, timezones)
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            wizard._ta_check()
            counts.append(self.env.cr.sql_log_count - before)
        # 9 queries here, for one order as for four (the first run may also
        # reload a rule cache)
        self.assertLessEqual(counts[1], counts[0])
        self.assertLessEqual(counts[1], 12)


@tagged("post_install", "-at_install")
class TestTaSheetDates(GendanOrderCommon):
    def test_read_date(self):
        read = ta_sheet.read_date
        self.assertIsNone(read(None))
        self.assertIsNone(read("  "))
        self.assertEqual(read(datetime(2026, 11, 5, 0, 0)), date(2026, 11, 5))
        self.assertEqual(read(date(2026, 11, 5)), date(2026, 11, 5))
        self.assertEqual(read("2026-11-05"), date(2026, 11, 5))
        self.assertEqual(read("2026-11-05 00:00:00"), date(2026, 11, 5))
        self.assertEqual(read(46331), date(2026, 11, 5))  # an Excel serial
        self.assertEqual(read("11/05/2026", ["%m/%d/%Y"]), date(2026, 11, 5))
        self.assertEqual(read("2026年11月5日", ["%Y年%m月%d日"]), date(2026, 11, 5))
        for bad in ("soon", "2026-13-01", "11/05/2026", True, -3, "99999-01-01"):
            with self.assertRaises(ta_sheet.UnreadableDate):
                read(bad)
