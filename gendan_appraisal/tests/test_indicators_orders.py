"""Indicators computed from data already in main: sale orders, deliveries,
milestones, quotations sent and satisfaction surveys."""

import datetime

from odoo.tests import freeze_time, tagged

from .common import MONTH_FROM, MONTH_TO, AppraisalCommon


@tagged("post_install", "-at_install")
class TestIndicatorsOrders(AppraisalCommon):
    def test_on_time_rate(self):
        local = self.local
        # on time and in full
        ontime = self.make_order(commitment=local(2025, 3, 10, 10, 0))
        self.deliver(ontime, 10, local(2025, 3, 9, 15, 0))
        # late
        late = self.make_order(commitment=local(2025, 3, 12, 10, 0))
        self.deliver(late, 10, local(2025, 3, 14, 9, 0))
        # partly delivered at its commitment date, backorder shipped later
        partial = self.make_order(commitment=local(2025, 3, 15, 10, 0))
        self.deliver(partial, 5, local(2025, 3, 14, 9, 0))
        self.deliver(partial, 5, local(2025, 3, 20, 9, 0))
        self.assertEqual(partial.order_line.qty_delivered, 10)
        # due at 23:30 local, delivered 23:50 the same local day: on time
        last_minute = self.make_order(commitment=local(2025, 3, 20, 23, 30))
        self.deliver(last_minute, 10, local(2025, 3, 20, 23, 50))
        # due 1 April 00:30 local (still 31 March in UTC): not in March
        self.make_order(commitment=local(2025, 4, 1, 0, 30))
        # cancelled orders do not count
        cancelled = self.make_order(commitment=local(2025, 3, 11, 10, 0))
        cancelled._action_cancel()
        # another merchandiser's order
        other = self.make_order(self.merchandiser2, commitment=local(2025, 3, 5, 9, 0))
        self.deliver(other, 10, local(2025, 3, 5, 8, 0))

        values = self.compute("on_time_rate")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 50.0)
        self.assertEqual(mine.count, 4)
        self.assertEqual(
            set(mine.res_ids), {ontime.id, late.id, partial.id, last_minute.id}
        )
        self.assertAlmostEqual(values[self.merchandiser2.id].value, 100.0)
        self.assertEqual(values[self.merchandiser2.id].count, 1)

    def test_on_time_rate_not_due_yet(self):
        """An order due later this month (or next month, on the last day) is not
        counted yet."""
        today = self.today()
        first = today.replace(day=1)
        last = first + datetime.timedelta(days=40)
        last = last.replace(day=1) - datetime.timedelta(days=1)
        tomorrow = today + datetime.timedelta(days=1)
        self.make_order(
            commitment=self.local(tomorrow.year, tomorrow.month, tomorrow.day, 12)
        )
        values = self.compute("on_time_rate", date_from=first, date_to=last)
        self.assertNotIn(self.merchandiser.id, values)

    @freeze_time("2026-03-31 17:00:00")  # Shanghai: 1 April, 01:00
    def test_on_time_rate_not_due_yet_when_shanghai_is_tomorrow(self):
        self.assertEqual(self.today(), datetime.date(2026, 4, 1))
        self.test_on_time_rate_not_due_yet()

    @freeze_time("2026-03-31 15:30:00")  # Shanghai: 31 March, 23:30
    def test_on_time_rate_not_due_yet_before_local_midnight(self):
        self.assertEqual(self.today(), datetime.date(2026, 3, 31))
        self.test_on_time_rate_not_due_yet()

    def test_on_time_rate_na(self):
        values = self.compute("on_time_rate", users=self.idle_merchandiser)
        self.assertEqual(values, {})

    def test_milestone_on_time_rate(self):
        order = self.make_order()
        order.date_order = self.local(2025, 2, 20, 10)
        order.milestone_ids.unlink()  # only the milestones built below
        Milestone = self.env["gendan.milestone"]

        def milestone(name, planned, **values):
            return Milestone.create(
                dict(order_id=order.id, name=name, planned_date=planned, **values)
            )

        on_time = milestone(
            "Fabric",
            datetime.date(2025, 3, 5),
            state="done",
            actual_date=datetime.date(2025, 3, 5),
        )
        late = milestone(
            "Sample",
            datetime.date(2025, 3, 10),
            state="done",
            actual_date=datetime.date(2025, 3, 12),
            delay_reason="internal",
        )
        milestone("Skipped", datetime.date(2025, 3, 15), state="skipped")
        milestone(
            "Waiting for customer",
            datetime.date(2025, 3, 20),
            state="late",
            delay_reason="customer",
        )
        open_one = milestone(
            "Supplier late",
            datetime.date(2025, 3, 25),
            state="late",
            delay_reason="supplier",
        )
        milestone(
            "April",
            datetime.date(2025, 4, 2),
            state="done",
            actual_date=datetime.date(2025, 4, 1),
        )
        values = self.compute("milestone_on_time_rate")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 100.0 / 3)
        self.assertEqual(mine.count, 3)
        self.assertEqual(set(mine.res_ids), {on_time.id, late.id, open_one.id})
        self.assertNotIn(self.merchandiser2.id, values)

    def test_quote_hours(self):
        quotation = self.make_order(confirm=False)
        quotation.action_quotation_sent()
        self.assertTrue(quotation.gendan_first_sent_date)
        first = quotation.gendan_first_sent_date
        quotation.action_quotation_send()  # opening the composer again
        self.assertEqual(quotation.gendan_first_sent_date, first)

        def sent(create, first_sent, confirm=True):
            order = self.make_order(confirm=confirm)
            self.env.cr.execute(
                "UPDATE sale_order SET create_date = %s, gendan_first_sent_date = %s "
                "WHERE id = %s",
                (create, first_sent, order.id),
            )
            order.invalidate_recordset()
            return order

        fast = sent(self.local(2025, 3, 10, 8), self.local(2025, 3, 10, 14))
        slow = sent(self.local(2025, 3, 20, 0), self.local(2025, 3, 21, 12))
        sent(self.local(2025, 3, 30, 0), self.local(2025, 4, 1, 9))  # sent in April
        sent(self.local(2025, 3, 5, 0), self.local(2025, 3, 5, 1), confirm=False)
        values = self.compute("quote_hours")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 21.0)  # (6 + 36) / 2
        self.assertEqual(mine.count, 2)
        self.assertEqual(set(mine.res_ids), {fast.id, slow.id})
        self.assertNotIn(self.merchandiser2.id, values)

    def test_csat(self):
        Survey = self.env["gendan.satisfaction"]
        order1, order2, order3, order4 = (self.make_order() for _i in range(4))
        first = Survey.create(
            {
                "order_id": order1.id,
                "date": "2025-03-10",
                "product_quality": 5,
                "service_quality": 4,
                "communication": 3,
            }
        )
        second = Survey.create(
            {
                "order_id": order2.id,
                "date": "2025-03-15",
                "product_quality": 5,
                "service_quality": 5,
                "communication": 5,
            }
        )
        self.assertEqual(first.state, "done")
        self.assertAlmostEqual(first.score, 4.0)
        Survey.create({"order_id": order3.id, "date": "2025-03-20"})  # unanswered
        Survey.create(
            {
                "order_id": order4.id,
                "date": "2025-04-01",
                "product_quality": 1,
                "service_quality": 1,
                "communication": 1,
            }
        )
        values = self.compute("csat")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 90.0)  # (4 + 5) / 2 × 20
        self.assertEqual(mine.count, 2)
        self.assertEqual(set(mine.res_ids), {first.id, second.id})
        self.assertNotIn(self.merchandiser2.id, values)

    def test_scorecard_lines_evidence_and_na(self):
        ontime = self.make_order(commitment=self.local(2025, 3, 10, 10, 0))
        self.deliver(ontime, 10, self.local(2025, 3, 9, 15, 0))
        scorecard = self.make_scorecard()
        lines = {line.indicator_id.code: line for line in scorecard.line_ids}
        otif = lines["on_time_rate"]
        self.assertTrue(otif.applicable)
        self.assertEqual(otif.actual_value, 100.0)
        self.assertEqual(otif.score, 100.0)
        self.assertEqual(otif.evidence_count, 1)
        # a list built for the indicator: each order's due date, last
        # delivery and in-full flag
        action = otif.with_user(self.merchandiser).action_open_evidence()
        self.assertEqual(action["res_model"], "gendan.order.report")
        rows = (
            self.env["gendan.order.report"]
            .with_user(self.merchandiser)
            .search(action["domain"])
        )
        self.assertEqual(rows.order_id, ontime)
        self.assertTrue(rows.is_otif)
        view = self.env["ir.ui.view"].browse(action["views"][0][0])
        for name in ("due_date", "last_delivery_date", "is_in_full", "is_otif"):
            self.assertIn(f'name="{name}"', view.arch)
        self.assertFalse(lines["milestone_on_time_rate"].applicable)
        self.assertEqual(lines["milestone_on_time_rate"].weighted_score, 0.0)
        # The delivered order also makes the complaint rate applicable (0
        # complaints for 1 delivered order scores 100); manual lines are unscored.
        complaints = lines["complaint_rate"]
        self.assertTrue(complaints.applicable)
        self.assertEqual(complaints.actual_value, 0.0)
        self.assertEqual(complaints.score, 100.0)
        applicable = scorecard.line_ids.filtered("applicable")
        self.assertEqual(
            set(
                applicable.filtered(
                    lambda line: line.indicator_id.kind == "computed"
                ).mapped("indicator_id.code")
            ),
            {"on_time_rate", "complaint_rate"},
        )
        self.assertAlmostEqual(
            sum(scorecard.line_ids.mapped("weighted_score")), scorecard.total_score
        )
        weight = sum(applicable.mapped("weight"))
        self.assertAlmostEqual(
            scorecard.total_score,
            100.0 * (otif.weight + complaints.weight) / weight,
            delta=0.01,
        )

    def test_recompute(self):
        scorecard = self.make_scorecard()
        otif = scorecard.line_ids.filtered(
            lambda line: line.indicator_id.code == "on_time_rate"
        )
        self.assertFalse(otif.applicable)
        late = self.make_order(commitment=self.local(2025, 3, 12, 10, 0))
        self.deliver(late, 10, self.local(2025, 3, 14, 9, 0))
        scorecard.with_user(self.manager).action_recompute()
        self.assertTrue(otif.applicable)
        self.assertEqual(otif.actual_value, 0.0)
        self.assertEqual(otif.evidence_count, 1)


@tagged("post_install", "-at_install")
class TestOneOtifDefinition(AppraisalCommon):
    """The dashboard's OTIF of a month and the scorecards' on-time rate of the
    same orders are one figure."""

    def test_dashboard_and_scorecards_agree(self):
        local = self.local
        cases = [
            # (merchandiser, commitment, deliveries (qty, when))
            (self.merchandiser, local(2025, 3, 10, 10), [(10, local(2025, 3, 9, 15))]),
            (self.merchandiser, local(2025, 3, 12, 10), [(10, local(2025, 3, 14, 9))]),
            (
                self.merchandiser,
                local(2025, 3, 15, 10),
                [(5, local(2025, 3, 14, 9)), (5, local(2025, 3, 20, 9))],
            ),
            (
                self.merchandiser,
                local(2025, 3, 20, 23, 30),
                [(10, local(2025, 3, 20, 23, 50))],
            ),
            (self.merchandiser, local(2025, 3, 25, 10), [(4, local(2025, 3, 24, 9))]),
            (self.merchandiser, local(2025, 3, 28, 10), []),
            (self.merchandiser2, local(2025, 3, 5, 9), [(10, local(2025, 3, 5, 8))]),
            (self.merchandiser2, local(2025, 3, 31, 23), [(10, local(2025, 4, 1, 1))]),
        ]
        orders = self.env["sale.order"]
        for merchandiser, commitment, deliveries in cases:
            order = self.make_order(merchandiser, commitment=commitment)
            for qty, when in deliveries:
                self.deliver(order, qty, when)
            orders |= order
        # an order due on 1 April local time is not in March on either screen
        self.make_order(commitment=local(2025, 4, 1, 0, 30))
        self.env.flush_all()

        Report = self.env["gendan.order.report"].with_user(self.manager)
        month = [
            ("due_date", ">=", "2025-03-01"),
            ("due_date", "<=", "2025-03-31"),
            ("company_id", "=", self.company.id),
        ]
        self.assertEqual(Report.search(month).order_id, orders, "one dataset")
        dashboard = (
            self.env["gendan.analysis.dashboard"]
            .with_user(self.manager)
            .create({"date_from": "2025-03-01", "date_to": "2025-03-31"})
        )
        scorecards = self.env["gendan.appraisal"]._create_scorecards(
            MONTH_FROM, MONTH_TO, users=self.merchandiser | self.merchandiser2
        )
        lines = scorecards.line_ids.filtered(
            lambda line: line.indicator_id.code == "on_time_rate"
        )
        self.assertEqual(dashboard.due_order_count, sum(lines.mapped("evidence_count")))
        self.assertEqual(dashboard.due_order_count, 8)
        otif_orders = sum(
            round(line.actual_value * line.evidence_count / 100.0) for line in lines
        )
        self.assertEqual(dashboard.otif_order_count, otif_orders)
        self.assertEqual(otif_orders, 3)
        self.assertAlmostEqual(dashboard.otif_pct, 100.0 * 3 / 8)
        # and per merchandiser, the pivot grouped by merchandiser
        for merchandiser, pct in Report._read_group(
            month, ["merchandiser_id"], ["otif_pct:avg"]
        ):
            line = lines.filtered(lambda line, m=merchandiser: line.user_id == m)
            self.assertAlmostEqual(line.actual_value, pct, places=2)
            self.assertEqual(
                sorted(line.evidence_res_ids),
                sorted(
                    Report.search(
                        month + [("merchandiser_id", "=", merchandiser.id)]
                    ).order_id.ids
                ),
            )
