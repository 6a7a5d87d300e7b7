from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..tools import dates
from .analysis_common import GendanAnalysisCommon


@tagged("post_install", "-at_install")
class TestOrderReport(GendanAnalysisCommon):
    def test_one_row_per_confirmed_order(self):
        draft = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.env.flush_all()
        rows = self.env["gendan.order.report"].search(
            [("order_id", "in", (self.orders | draft).ids)]
        )
        self.assertEqual(rows.order_id, self.orders)
        self.assertEqual(rows.mapped("id"), rows.order_id.ids)

    def test_in_full_with_partial_delivery(self):
        row = self._row(self.order_b)
        self.assertEqual(row.qty_ordered, 10)
        self.assertEqual(row.qty_delivered, 6)
        self.assertAlmostEqual(row.fill_rate, 60.0)
        self.assertFalse(row.is_in_full)
        self.assertTrue(row.is_on_time)
        self.assertFalse(row.is_otif)
        self.assertEqual(
            row.cycle_days, 0, "no cycle time before the order is complete"
        )

    def test_in_full_caps_over_delivery(self):
        # 15 of 10 on one line does not make up for 5 of 10 on the other
        row_c = self._row(self.order_c)
        self.assertEqual(row_c.qty_ordered, 20)
        self.assertEqual(row_c.qty_delivered, 15)
        self.assertAlmostEqual(row_c.fill_rate, 75.0)
        self.assertFalse(row_c.is_in_full)
        # 12 of 10 is in full, counted as 10
        row_d = self._row(self.order_d)
        self.assertEqual(row_d.qty_delivered, 10)
        self.assertAlmostEqual(row_d.fill_rate, 100.0)
        self.assertTrue(row_d.is_in_full)
        self.assertTrue(row_d.is_otif)
        self.assertEqual(row_d.otif_pct, 100.0)

    def test_on_time_compares_local_dates(self):
        # delivered at 23:30 local after a 23:00 local commitment: same day, on time
        row_a = self._row(self.order_a)
        self.assertEqual(row_a.commitment_date, date(2026, 3, 11))
        self.assertEqual(row_a.due_date, date(2026, 3, 11))
        self.assertEqual(row_a.last_delivery_date, date(2026, 3, 11))
        self.assertTrue(row_a.is_on_time)
        self.assertTrue(row_a.is_otif)
        # delivered 16:30 UTC is 00:30 the next day in Shanghai: late, though the
        # UTC dates are the same
        row_e = self._row(self.order_e)
        self.assertEqual(row_e.last_delivery_date, date(2026, 3, 12))
        self.assertFalse(row_e.is_on_time)
        self.assertTrue(row_e.is_in_full)
        self.assertFalse(row_e.is_otif)
        self.assertEqual(row_e.on_time_pct, 0.0)
        self.assertEqual(row_e.in_full_pct, 100.0)
        # never delivered
        row_f = self._row(self.order_f)
        self.assertFalse(row_f.last_delivery_date)
        self.assertFalse(row_f.is_on_time or row_f.is_in_full or row_f.is_otif)

    def test_cycle_days_across_timezone_boundary(self):
        # confirmed 2026-03-01 20:00 UTC = 2026-03-02 04:00 in Shanghai
        row_a = self._row(self.order_a)
        self.assertEqual(row_a.date_order, date(2026, 3, 2))
        self.assertEqual(row_a.cycle_days, 9)
        self.assertEqual(self._row(self.order_d).cycle_days, 8)
        self.assertEqual(self._row(self.order_e).cycle_days, 10)
        # the same data in a UTC company counts from 2026-03-01
        self.company.partner_id.tz = "UTC"
        self.assertEqual(self._row(self.order_a).date_order, date(2026, 3, 1))
        self.assertEqual(self._row(self.order_a).cycle_days, 10)
        self.assertTrue(self._row(self.order_e).is_on_time)

    def test_otif_rates_exact(self):
        self.env.flush_all()
        Report = self.env["gendan.order.report"]
        domain = [("order_id", "in", self.orders.ids)]
        [(count, on_time, in_full, otif, cycle)] = Report._read_group(
            domain,
            [],
            [
                "__count",
                "on_time_pct:avg",
                "in_full_pct:avg",
                "otif_pct:avg",
                "cycle_days:avg",
            ],
        )
        self.assertEqual(count, 6)
        self.assertAlmostEqual(on_time, 400 / 6)  # a, b, c, d
        self.assertAlmostEqual(in_full, 50.0)  # a, d, e
        self.assertAlmostEqual(otif, 200 / 6)  # a, d
        self.assertAlmostEqual(cycle, 9.0)  # (9 + 8 + 10) / 3
        by_merchandiser = {
            user: otif_avg
            for user, otif_avg in Report._read_group(
                domain, ["merchandiser_id"], ["otif_pct:avg"]
            )
        }
        self.assertAlmostEqual(by_merchandiser[self.merchandiser], 200 / 3)
        self.assertAlmostEqual(by_merchandiser[self.manager], 0.0)
        by_customer = dict(
            Report._read_group(domain, ["partner_id"], ["is_otif:bool_or"])
        )
        self.assertTrue(by_customer[self.customer])
        self.assertFalse(by_customer[self.customer_b])

    def test_delay_attribution(self):
        Milestone = self.env["gendan.milestone"]
        order = self.order_a

        def milestone(name, category, planned, actual, reason=False, state="done"):
            return Milestone.create(
                {
                    "order_id": order.id,
                    "name": name,
                    "category": category,
                    "planned_date": planned,
                    "actual_date": actual,
                    "state": state,
                    "delay_days": (actual - planned).days if actual else 0,
                    "delay_reason": reason,
                }
            )

        monday = date(2026, 3, 9)
        milestone("Fabric in", "material", monday, date(2026, 3, 12), "supplier")
        milestone("Sewing done", "production", monday, date(2026, 3, 11), "supplier")
        milestone("Booked vessel", "logistics", monday, date(2026, 3, 13), "internal")
        milestone("PI sent", "order", monday, monday)
        milestone("Lab test", "quality", monday, False, state="skipped")
        row = self._row(order)
        self.assertEqual(row.milestone_count, 4, "skipped milestones do not count")
        self.assertEqual(row.milestone_done_count, 4)
        self.assertEqual(row.late_milestone_count, 3)
        self.assertEqual(row.max_delay_days, 4)
        # supplier: 3 + 2 days, internal: 4 days
        self.assertEqual(row.main_delay_reason, "supplier")
        # logistics: 4 days, material: 3, production: 2
        self.assertEqual(row.main_delay_category, "logistics")
        self.assertFalse(self._row(self.order_b).main_delay_reason)

    def test_access_merchandiser_sees_own_orders(self):
        self.env.flush_all()
        domain = [("order_id", "in", self.orders.ids)]
        merch_rows = (
            self.env["gendan.order.report"].with_user(self.merchandiser).search(domain)
        )
        self.assertEqual(
            merch_rows.order_id, self.order_a | self.order_b | self.order_d
        )
        manager_rows = (
            self.env["gendan.order.report"].with_user(self.manager).search(domain)
        )
        self.assertEqual(manager_rows.order_id, self.orders)
        self.company.gendan_see_all_orders = True
        merch_rows = (
            self.env["gendan.order.report"].with_user(self.merchandiser).search(domain)
        )
        self.assertEqual(merch_rows.order_id, self.orders)

    def test_last_month_filter_and_actions_load(self):
        report_action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_order_report_action"
        )
        self.assertIn("search_default_last_month", report_action["context"])
        for model in ("gendan.order.report", "gendan.milestone.report"):
            views = (
                self.env[model]
                .with_user(self.manager)
                .get_views(
                    [
                        (False, "pivot"),
                        (False, "graph"),
                        (False, "list"),
                        (False, "search"),
                    ]
                )
            )
            self.assertIn("last_month", views["views"]["search"]["arch"])


@tagged("post_install", "-at_install")
class TestAnalysisDashboard(GendanAnalysisCommon):
    def test_dashboard_kpis(self):
        dashboard_form = Form(
            self.env["gendan.analysis.dashboard"].with_user(self.manager)
        )
        self.assertEqual(dashboard_form.date_from.day, 1)
        dashboard_form.date_from = date(2026, 3, 1)
        dashboard_form.date_to = date(2026, 3, 31)
        self.assertEqual(dashboard_form.due_order_count, 6)
        self.assertEqual(dashboard_form.otif_order_count, 2)
        self.assertAlmostEqual(dashboard_form.otif_pct, 200 / 6, places=1)
        self.assertEqual(dashboard_form.shipped_order_count, 5)
        self.assertAlmostEqual(dashboard_form.avg_cycle_days, 9.0)
        dashboard = dashboard_form.save()
        action = dashboard.action_open_otif()
        self.assertEqual(action["res_model"], "gendan.order.report")
        self.assertIn(("due_date", ">=", date(2026, 3, 1)), action["domain"])
        self.assertNotIn("search_default_last_month", action["context"])
        self.assertEqual(
            self.env["gendan.order.report"].search_count(action["domain"]), 6
        )
        delays = dashboard.action_open_delays()
        self.assertEqual(delays["res_model"], "gendan.milestone.report")

    def test_dashboard_menu_opens_last_month(self):
        Dashboard = self.env["gendan.analysis.dashboard"].with_user(self.manager)
        action = Dashboard.action_open_dashboard()
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "gendan_dashboard")
        menu = self.env.ref("gendan_tracking.gendan_analysis_dashboard_menu")
        self.assertEqual(menu.action.tag, "gendan_dashboard")
        data = Dashboard.get_dashboard_data({})
        today = dates.today(self.env.company)
        date_to = today.replace(day=1) - timedelta(days=1)
        self.assertEqual(data["date_to"], str(date_to))
        self.assertEqual(data["date_from"], str(date_to.replace(day=1)))
        with self.assertRaises(AccessError):
            self.env["gendan.analysis.dashboard"].with_user(
                self.merchandiser
            ).action_open_dashboard()
        with self.assertRaises(AccessError):
            self.env["gendan.analysis.dashboard"].with_user(
                self.merchandiser
            ).get_dashboard_data({})

    def test_dashboard_filters_and_cards(self):
        """The client action's figures for a period, by merchandiser and by
        customer; a card opens its rows with the same filters."""
        Dashboard = self.env["gendan.analysis.dashboard"].with_user(self.manager)
        march = {"date_from": "2026-03-01", "date_to": "2026-03-31"}
        data = Dashboard.get_dashboard_data(march)
        self.assertEqual(data["kpis"]["due_order_count"], 6)
        self.assertEqual(data["kpis"]["otif_order_count"], 2)
        self.assertIn(
            self.merchandiser.id, [choice["id"] for choice in data["merchandisers"]]
        )
        self.assertIn(
            self.customer_b.id, [choice["id"] for choice in data["customers"]]
        )
        Report = self.env["gendan.order.report"]
        month = [("due_date", ">=", "2026-03-01"), ("due_date", "<=", "2026-03-31")]
        for name, value in (
            ("merchandiser_id", self.merchandiser.id),
            ("partner_id", self.customer_b.id),
        ):
            with self.subTest(filter=name):
                params = dict(march, **{name: value})
                filtered = Dashboard.get_dashboard_data(params)
                expected = Report.search_count(month + [(name, "=", value)])
                self.assertEqual(filtered["kpis"]["due_order_count"], expected)
                self.assertLess(expected, 6)
                self.assertEqual(filtered[name], value)
                action = Dashboard.open_kpi(params, "action_open_otif")
                self.assertEqual(action["res_model"], "gendan.order.report")
                self.assertIn((name, "=", value), action["domain"])
                self.assertEqual(Report.search_count(action["domain"]), expected)
        with self.assertRaises(UserError):
            Dashboard.open_kpi(march, "unlink")


@tagged("post_install", "-at_install")
class TestOrderReportSources(GendanAnalysisCommon):
    """Columns read from the follow-up, supply and control records."""

    def test_late_now_and_order_delay(self):
        late = {row.order_id for row in map(self._row, self.orders) if row.is_late}
        # b and c are short-shipped, f is not shipped: all past their commitment
        self.assertEqual(late, {self.order_b, self.order_c, self.order_f})
        row_f = self._row(self.order_f)
        self.assertGreater(row_f.delay_days, 100)
        self.assertEqual(row_f.delay_days, self.order_f.delay_days)
        self.assertEqual(self._row(self.order_a).delay_days, 0)

    def test_confirmation_hours(self):
        self.order_a.customer_confirmed_date = self.order_a.create_date + timedelta(
            hours=30
        )
        self.assertAlmostEqual(self._row(self.order_a).confirmation_hours, 30.0)
        self.assertEqual(self._row(self.order_b).confirmation_hours, 0.0)

    def test_main_supplier_of_linked_purchases(self):
        other_supplier = self.env["res.partner"].create({"name": "Ningbo Packaging"})
        purchases = self.env["purchase.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "gendan_sale_order_ids": [Command.link(self.order_a.id)],
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_qty": qty,
                                "price_unit": 5,
                            }
                        )
                    ],
                }
                for partner, qty in ((self.supplier, 10), (other_supplier, 30))
            ]
        )
        self.assertFalse(self._row(self.order_a).supplier_id, "draft POs do not count")
        purchases.button_confirm()
        # the largest confirmed purchase order gives the main supplier
        self.assertEqual(self._row(self.order_a).supplier_id, other_supplier)
        milestone = self.env["gendan.milestone"].create(
            {
                "order_id": self.order_a.id,
                "name": "Packing material in",
                "category": "material",
                "planned_date": date(2026, 3, 9),
            }
        )
        self.env.flush_all()
        row = self.env["gendan.milestone.report"].search(
            [("milestone_id", "=", milestone.id)]
        )
        self.assertEqual(row.supplier_id, other_supplier)

    def test_inspection_pass_rate(self):
        self.env["qc.inspection"].create(
            [
                {"sale_order_id": self.order_a.id, "state": state}
                for state in ("success", "success", "failed", "draft")
            ]
        )
        row = self._row(self.order_a)
        self.assertAlmostEqual(row.inspection_pass_rate, 200 / 3)
        self.assertEqual(row.inspection_pass_rate, self.order_a.inspection_pass_rate)
        # an order without inspection has no rate: the pivot's average over
        # both orders is order A's, not half of it
        other = self.order_b
        self.assertFalse(other.inspection_ids)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT inspection_pass_rate FROM gendan_order_report WHERE order_id = %s",
            [other.id],
        )
        self.assertIsNone(self.env.cr.fetchone()[0])
        [(average,)] = self.env["gendan.order.report"]._read_group(
            [("order_id", "in", (self.order_a | other).ids)],
            [],
            ["inspection_pass_rate:avg"],
        )
        self.assertAlmostEqual(average, 200 / 3)


@tagged("post_install", "-at_install")
class TestOrderReportFollowedOrders(GendanAnalysisCommon):
    def test_orders_without_merchandiser_are_not_analysed(self):
        """An order nobody follows (no merchandiser: no plan, on no board, in
        no appraisal) has no row: no "None" merchandiser in the pivot, and its
        deliveries do not weigh on the company's OTIF."""
        unfollowed = self._make_order([(self.product, 10)], self.env["res.users"])
        self.assertFalse(unfollowed.merchandiser_id)
        self.assertEqual(unfollowed.state, "sale")
        self.assertFalse(self._row(unfollowed))
        self.assertTrue(self._row(self.order_a))
        groups = self.env["gendan.order.report"]._read_group(
            [("order_id", "in", (self.orders | unfollowed).ids)], ["merchandiser_id"]
        )
        self.assertNotIn(self.env["res.users"], [user for (user,) in groups])
