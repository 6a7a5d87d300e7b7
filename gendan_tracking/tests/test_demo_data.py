from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..tools import dates, planner

# stages in which the goods have left and reached the customer
SHIPPED_STAGES = ("delivered", "closed")


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo is what an evaluator sees first: its figures, computed by the
    product's own code (the dashboard, the analysis), must read like a real
    trading company's months, and its events must have happened in a
    possible order. The test database has the demo data; without it, the
    demo records are absent and there is nothing to check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search([("name", "=", "gendan_tracking")])
        cls.demo_installed = module.demo
        cls.manager = cls.env.ref(
            "gendan_tracking.user_michael_demo", raise_if_not_found=False
        )
        order_ids = (
            cls.env["ir.model.data"]
            .search([("module", "=", "gendan_tracking"), ("model", "=", "sale.order")])
            .mapped("res_id")
        )
        cls.orders = cls.env["sale.order"].browse(order_ids).exists()
        cls.today = dates.company_today(cls.env.company)

    def _demo_present(self):
        self.assertEqual(bool(self.manager), self.demo_installed)
        self.assertEqual(bool(self.orders), self.demo_installed)
        return self.demo_installed

    def _dashboard(self, params=None):
        return (
            self.env["gendan.analysis.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data(params)["kpis"]
        )

    def test_dashboard_reads_like_a_real_quarter(self):
        if not self._demo_present():
            return
        quarter = {
            "date_from": fields.Date.to_string(self.today - timedelta(days=90)),
            "date_to": fields.Date.to_string(self.today),
        }
        kpis = self._dashboard(quarter)
        self.assertGreaterEqual(kpis["due_order_count"], 30, kpis)
        self.assertGreaterEqual(kpis["otif_pct"], 75.0, kpis)
        self.assertLessEqual(kpis["otif_pct"], 95.0, kpis)
        self.assertGreaterEqual(kpis["shipped_order_count"], 30, kpis)
        self.assertGreater(kpis["complaints_per_100"], 0.0, kpis)
        self.assertLess(kpis["complaints_per_100"], 20.0, kpis)
        self.assertLess(abs(kpis["cost_variance_pct"]), 10.0, kpis)

    def test_dashboard_opens_on_a_month_with_data(self):
        """The menu opens the last full month, whatever the install day: it
        has orders due, most of them on time and in full."""
        if not self._demo_present():
            return
        kpis = self._dashboard({})
        self.assertGreaterEqual(kpis["due_order_count"], 8, kpis)
        self.assertGreaterEqual(kpis["otif_pct"], 60.0, kpis)
        self.assertLess(kpis["otif_pct"], 100.0, kpis)
        self.assertGreaterEqual(kpis["shipped_order_count"], 8, kpis)
        self.assertLess(kpis["complaints_per_100"], 34.0, kpis)

    def test_otif_pivot_has_only_merchandisers(self):
        if not self._demo_present():
            return
        groups = self.env["gendan.order.report"]._read_group(
            [("due_date", "<=", self.today)],
            ["merchandiser_id"],
            ["__count", "otif_pct:avg"],
        )
        users = [user for user, _count, _otif in groups]
        self.assertNotIn(self.env["res.users"], users)
        for user, count, otif in groups:
            with self.subTest(merchandiser=user.name):
                self.assertGreaterEqual(count, 10)
                self.assertGreaterEqual(otif, 60.0)

    def test_orders_were_created_before_their_confirmation(self):
        if not self._demo_present():
            return
        confirmed = self.orders.filtered("customer_confirmed_date")
        self.assertGreaterEqual(len(confirmed), 30)
        hours = confirmed.mapped("confirmation_hours")
        self.assertTrue(all(h > 0 for h in hours), hours)
        self.assertLess(max(hours), 24 * 7, hours)
        self.assertTrue(
            all(o.create_date <= o.customer_confirmed_date for o in confirmed)
        )

    def test_contracts_are_signed_with_clauses(self):
        if not self._demo_present():
            return
        signed = self.orders.filtered(
            lambda o: o.contract_state in ("signed", "executing", "completed")
        )
        self.assertGreaterEqual(len(signed), 20)
        for order in signed:
            with self.subTest(order=order.name):
                self.assertTrue(order.contract_number)
                self.assertTrue(order.contract_clause_ids)
                self.assertLessEqual(order.contract_signed_date, self.today)
        completed = signed.filtered(lambda o: o.contract_state == "completed")
        self.assertTrue(completed)
        payments = completed.contract_clause_ids.filtered(
            lambda c: c.clause_type == "payment"
        )
        self.assertTrue(payments)
        self.assertTrue(all(payments.mapped("fulfilled")), "completed once paid")
        self.assertEqual(
            set(completed.mapped("gendan_stage")), {"closed"}, "paid, then completed"
        )

    def test_events_happened_in_a_possible_order(self):
        if not self._demo_present():
            return
        material = self.env.ref(
            "gendan_tracking.gendan_milestone_template_export_line_05"
        )
        production = self.env.ref(
            "gendan_tracking.gendan_milestone_template_export_line_06"
        )
        now = fields.Datetime.now()
        for order in self.orders:
            with self.subTest(order=order.name, stage=order.gendan_stage):
                milestones = order.milestone_ids
                done = milestones.filtered(lambda m: m.state == "done")
                self.assertTrue(
                    all(m.actual_date <= self.today for m in done),
                    "a milestone done in the future",
                )
                # planned from the order date, not from the install day that
                # Odoo's confirmation stamps as the order date
                order_day = order._gendan_order_day()
                self.assertFalse(
                    done.filtered(
                        lambda m, day=order_day: (
                            m.template_line_id.anchor == "order_date"
                            and m.planned_date
                            and m.planned_date
                            > planner.add_working_days(day, 10, range(5))
                            and m.template_line_id.offset_days <= 3
                        )
                    ).mapped("name"),
                    "an early step planned long after the order date",
                )
                started = done.filtered(lambda m: m.template_line_id == production)
                received = done.filtered(lambda m: m.template_line_id == material)
                if started:
                    self.assertTrue(received, "production started without material")
                    self.assertLessEqual(received.actual_date, started.actual_date)
                deliveries = order.picking_ids.filtered(
                    lambda p: p.picking_type_code == "outgoing"
                )
                for picking in order.picking_ids.filtered(lambda p: p.state == "done"):
                    self.assertLessEqual(picking.date_done, now)
                if order.gendan_stage in SHIPPED_STAGES:
                    self.assertEqual(set(deliveries.mapped("state")), {"done"})
                    self.assertEqual(
                        set(deliveries.mapped("transport_state")), {"arrived"}
                    )
                    self.assertTrue(
                        all(p.ata and p.ata <= self.today for p in deliveries)
                    )
                    for complaint in self.env["gendan.complaint"].search(
                        [("order_id", "=", order.id)]
                    ):
                        self.assertGreaterEqual(
                            complaint.date_received, max(deliveries.mapped("date_done"))
                        )
                for inspection in self.env["qc.inspection"].search(
                    [("sale_order_id", "=", order.id), ("date_done", "!=", False)]
                ):
                    self.assertLessEqual(inspection.date_done, now)

    def test_no_serious_risk_open_on_finished_orders(self):
        """A delivered or closed order is behind the team: no high or
        critical risk is left open on it (the board would cry wolf)."""
        if not self._demo_present():
            return
        finished = self.orders.filtered(lambda o: o.gendan_stage in SHIPPED_STAGES)
        self.assertTrue(finished)
        risks = self.env["gendan.risk"].search(
            [
                ("order_id", "in", finished.ids),
                ("state", "!=", "closed"),
                ("level", "in", ("high", "critical")),
            ]
        )
        self.assertFalse(
            risks, [(r.order_id.name, r.order_id.gendan_stage, r.name) for r in risks]
        )
