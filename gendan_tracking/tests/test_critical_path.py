"""Dependencies between milestones, projected dates and the critical path
(issue 20, first part), on real orders."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
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


@tagged("post_install", "-at_install")
@freeze_time("2026-11-02 03:00:00")  # Monday
class TestReplan(GendanOrderCommon):
    """``gendan.milestone.action_gendan_replan``: what the timeline's drag and
    the T&A sheet import do (issue 20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lines = {line.name: line for line in cls.template.line_ids}
        # PI -> sample -> inspection -> shipped -> invoice
        lines["Sample approved"].predecessor_ids = lines["Customer confirms PI"]
        lines["Final inspection"].predecessor_ids = lines["Sample approved"]
        lines["Goods shipped"].write(
            {
                "predecessor_ids": [Command.set(lines["Final inspection"].ids)],
                "customer_visible": True,
            }
        )
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

    def _order(self):
        order = self._create_order(commitment_date=datetime(2026, 11, 13, 12))
        self._review(order)
        order.action_confirm()
        return order

    def test_later_pushes_the_successors_with_a_reason(self):
        order = self._order()
        sample = self._milestone(order, "Sample approved")
        chain = [
            self._milestone(order, name)
            for name in ("Final inspection", "Goods shipped", "Invoice posted")
        ]
        before = {m: m.planned_date for m in chain}
        old = sample.planned_date
        self.assertEqual(old.isoformat(), "2026-11-06")  # a Friday
        with self.assertRaises(UserError):
            sample.action_gendan_replan("2026-11-10")
        self.env.invalidate_all()
        self.assertEqual(sample.planned_date, old, "refused: nothing written")
        moves = sample.action_gendan_replan(
            "2026-11-10", delay_reason="supplier", delay_note="dye lot"
        )
        # Friday 11/06 -> Tuesday 11/10: two working days
        self.assertEqual(sample.planned_date.isoformat(), "2026-11-10")
        self.assertEqual(sample.delay_reason, "supplier")
        self.assertEqual(sample.delay_note, "dye lot")
        for milestone in chain:
            self.assertEqual(
                planner.working_days_between(
                    before[milestone],
                    milestone.planned_date,
                    frozenset(range(5)),
                ),
                2,
                milestone.name,
            )
        self.assertEqual(
            {move["id"] for move in moves}, {sample.id, *(m.id for m in chain)}
        )
        self.assertEqual(
            order.projected_ship_date,
            self._milestone(order, "Goods shipped").planned_date,
        )
        note = order.message_ids[0]
        self.assertEqual(note.author_id, self.merchandiser.partner_id)
        self.assertIn("Sample approved", note.body)
        self.assertIn("pushed by its predecessors", note.body)
        self.assertIn("dye lot", note.body)
        # the untouched milestone without dependency stays
        payment = self._milestone(order, "Payment received")
        self.assertNotIn(payment.id, {move["id"] for move in moves})

    def test_earlier_or_hidden_needs_no_reason_and_pushes_nothing(self):
        order = self._order()
        inspection = self._milestone(order, "Final inspection")
        shipped = self._milestone(order, "Goods shipped")
        ship_day = shipped.planned_date
        # earlier: no reason, successors stay
        moves = inspection.action_gendan_replan(
            inspection.planned_date - timedelta(days=1)
        )
        self.assertEqual(len(moves), 1)
        self.assertEqual(shipped.planned_date, ship_day)
        self.assertFalse(inspection.delay_reason)
        # later, hidden from the customer, but it pushes the shown shipping
        with self.assertRaises(UserError):
            inspection.action_gendan_replan(ship_day)
        self.env.invalidate_all()
        self.assertEqual(shipped.planned_date, ship_day)

    def test_refused_changes(self):
        order = self._order()
        sample = self._milestone(order, "Sample approved")
        confirm = self._milestone(order, "Customer confirms PI")
        confirm.write({"state": "done", "actual_date": "2026-11-02"})
        with self.assertRaises(UserError):
            confirm.action_gendan_replan("2026-11-20", delay_reason="customer")
        with self.assertRaises(UserError):
            sample.action_gendan_replan(False)
        with self.assertRaises(UserError):
            sample.action_gendan_replan("2026-11-20", delay_reason="weather")
        with self.assertRaises(ValidationError):
            sample.action_gendan_replan("2026-10-01")  # before the order
        with self.assertRaises(UserError):
            sample.action_gendan_replan("2300-01-01", delay_reason="customer")
        # another merchandiser cannot replan an order they do not follow
        with self.assertRaises(AccessError):
            sample.with_user(self.other).action_gendan_replan(
                "2026-11-20", delay_reason="customer"
            )
        self.env.invalidate_all()
        self.assertEqual(sample.planned_date.isoformat(), "2026-11-06")
