"""Dependencies between milestones, projected dates and the critical path
(issue 20, first part), on real orders."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import planner
from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-11-02 03:00:00")  # Monday, in Brussels and in UTC
class TestCriticalPath(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lines = {line.name: line for line in cls.template.line_ids}
        cls.confirm, cls.sample = (
            lines["Customer confirms PI"],
            lines["Sample approved"],
        )
        cls.inspection, cls.shipped = lines["Final inspection"], lines["Goods shipped"]
        cls.invoice = lines["Invoice posted"]
        # PI -> sample -> inspection -> shipped; the invoice after shipping
        cls.sample.write(
            {"predecessor_ids": [Command.set(cls.confirm.ids)], "lag_days": 2}
        )
        cls.inspection.predecessor_ids = cls.sample
        cls.shipped.write(
            {"predecessor_ids": [Command.set(cls.inspection.ids)], "lag_days": 1}
        )
        cls.invoice.predecessor_ids = cls.shipped

    def _order(self):
        commitment = datetime(2026, 11, 13, 12)  # Friday
        order = self._create_order(user=self.manager, commitment_date=commitment)
        order.action_confirm()
        return order

    def test_plan_takes_the_template_dependencies(self):
        order = self._order()
        sample = self._milestone(order, "Sample approved")
        self.assertEqual(
            sample.predecessor_ids, self._milestone(order, "Customer confirms PI")
        )
        self.assertEqual(sample.lag_days, 2)
        shipped = self._milestone(order, "Goods shipped")
        self.assertEqual(
            shipped.predecessor_ids, self._milestone(order, "Final inspection")
        )
        # on plan: projected = planned, and the chain to shipping is critical
        for milestone in order.milestone_ids:
            self.assertEqual(
                milestone.projected_date, milestone.planned_date, milestone.name
            )
        critical = order.milestone_ids.filtered("is_critical").mapped("name")
        self.assertIn("Goods shipped", critical)
        self.assertNotIn("Invoice posted", critical, "after shipping: not on its path")
        self.assertNotIn("Payment received", critical, "no dependency: not on the path")
        self.assertEqual(order.projected_ship_date, shipped.planned_date)

    def test_late_predecessor_moves_its_successors_and_the_ship_date(self):
        order = self._order()
        sample = self._milestone(order, "Sample approved")
        inspection = self._milestone(order, "Final inspection")
        shipped = self._milestone(order, "Goods shipped")
        invoice = self._milestone(order, "Invoice posted")
        self.assertEqual(sample.planned_date.isoformat(), "2026-11-06")  # order + 5
        self.assertEqual(inspection.planned_date.isoformat(), "2026-11-11")
        # the sample is approved only on Thursday 11/12, four working days late
        sample.write(
            {"state": "done", "actual_date": "2026-11-12", "delay_reason": "supplier"}
        )
        # inspection after it (no lag): 11/12; shipped one working day after: 11/13
        self.assertEqual(inspection.projected_date.isoformat(), "2026-11-12")
        self.assertEqual(shipped.projected_date.isoformat(), "2026-11-13")
        self.assertEqual(invoice.projected_date, invoice.planned_date)
        # two days later the sample had been even later: the ship date moves
        sample.write({"actual_date": "2026-11-16"})
        self.assertEqual(inspection.projected_date.isoformat(), "2026-11-16")
        self.assertEqual(shipped.projected_date.isoformat(), "2026-11-17")
        self.assertEqual(order.projected_ship_date.isoformat(), "2026-11-17")
        self.assertEqual(invoice.projected_date.isoformat(), "2026-11-17")
        self.assertTrue(inspection.is_critical and shipped.is_critical)
        self.assertFalse(sample.is_critical, "done: no longer on the remaining path")

    def test_cycles_refused(self):
        order = self._order()
        confirm = self._milestone(order, "Customer confirms PI")
        other = self._order()
        # a link written from the other end, as successors (over RPC as
        # well), is checked the same way
        # (assertRaises rolls the refused write back: a savepoint)
        with self.assertRaises(ValidationError) as refused:
            self._milestone(other, "Sample approved").successor_ids = confirm
        self.assertIn("same order", str(refused.exception))
        self.env.invalidate_all()  # the cache still holds the refused link
        with self.assertRaises(ValidationError) as refused:
            self._milestone(order, "Goods shipped").successor_ids = confirm
        self.assertIn("cycle", str(refused.exception))
        self.env.invalidate_all()
        with self.assertRaisesRegex(ValidationError, "cycle"):
            confirm.predecessor_ids = self._milestone(order, "Goods shipped")
        with self.assertRaises(ValidationError):
            self._milestone(order, "Goods shipped").lag_days = -1
        with self.assertRaisesRegex(ValidationError, "same order"):
            confirm.predecessor_ids = self._milestone(other, "Sample approved")
        with self.assertRaisesRegex(ValidationError, "cycle"):
            self.confirm.predecessor_ids = self.invoice

    def test_orders_without_dependencies_keep_the_largest_delay_rule(self):
        (
            self.sample | self.inspection | self.shipped | self.invoice
        ).predecessor_ids = [Command.clear()]
        order = self._order()
        self.assertFalse(order.milestone_ids.filtered("is_critical"))
        self.assertFalse(any(order.milestone_ids.mapped("has_predecessors")))
        shipped = self._milestone(order, "Goods shipped")
        self.assertEqual(order.projected_ship_date, shipped.planned_date)
        self.assertEqual(
            planner.working_days_between(
                order.milestone_ids[0].planned_date,
                order.milestone_ids[0].planned_date + timedelta(days=7),
                range(5),
            ),
            5,
        )
