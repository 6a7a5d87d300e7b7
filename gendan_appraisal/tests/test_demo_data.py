from datetime import timedelta

from odoo.tests import TransactionCase, tagged

from odoo.addons.gendan_tracking.tools import dates

MERCHANDISERS = ("lily", "kevin", "grace")


@tagged("post_install", "-at_install")
class TestDemoAppraisal(TransactionCase):
    """The demo's appraisal figures, as the indicator engine and the
    scorecards compute them from the demo orders, read like a real team's;
    without the demo data there is nothing to check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search([("name", "=", "gendan_appraisal")])
        cls.demo_installed = module.demo
        users = cls.env["res.users"]
        for key in MERCHANDISERS:
            users |= (
                cls.env.ref(
                    f"gendan_tracking.user_{key}_demo", raise_if_not_found=False
                )
                or cls.env["res.users"]
            )
        cls.merchandisers = users
        cls.today = dates.company_today(cls.env.company)

    def _demo_present(self):
        self.assertEqual(
            len(self.merchandisers), len(MERCHANDISERS) if self.demo_installed else 0
        )
        return self.demo_installed

    def _team_value(self, code, days=90):
        """The team's figure of the computed indicator ``code`` over the last
        ``days`` days: the merchandisers' values weighted by their counts."""
        indicator = self.env["gendan.appraisal.indicator"].search(
            [("code", "=", code)], limit=1
        )
        values = self.env["gendan.appraisal.engine"]._compute_values(
            indicator,
            self.merchandisers,
            self.today - timedelta(days=days),
            self.today,
        )[indicator.id]
        count = sum(value.count for value in values.values())
        self.assertTrue(count, f"{code}: nothing to compute from")
        return sum(value.value * value.count for value in values.values()) / count

    def test_team_indicators_are_plausible(self):
        if not self._demo_present():
            return
        for code, low, high in (
            ("on_time_rate", 75.0, 95.0),
            ("error_rate", 1.0, 10.0),
            ("complaint_rate", 1.0, 20.0),
            ("confirmation_hours", 12.0, 120.0),
            ("milestone_on_time_rate", 60.0, 98.0),
            ("supplier_on_time_rate", 60.0, 98.0),
            ("inspection_pass_rate", 60.0, 98.0),
            ("document_completeness", 80.0, 100.0),
            ("csat", 60.0, 95.0),
        ):
            with self.subTest(indicator=code):
                value = self._team_value(code)
                self.assertGreaterEqual(value, low)
                self.assertLessEqual(value, high)

    def test_the_dashboard_and_the_engine_agree_on_otif(self):
        if not self._demo_present():
            return
        period = {
            "date_from": str(self.today - timedelta(days=90)),
            "date_to": str(self.today),
        }
        kpis = (
            self.env["gendan.analysis.dashboard"]
            .with_user(self.env.ref("gendan_tracking.user_michael_demo"))
            .get_dashboard_data(period)["kpis"]
        )
        self.assertAlmostEqual(kpis["otif_pct"], self._team_value("on_time_rate"), 1)

    def test_scorecards_have_no_impossible_rates(self):
        if not self._demo_present():
            return
        cards = self.env["gendan.appraisal"].search(
            [("user_id", "in", self.merchandisers.ids)]
        )
        self.assertEqual(len(cards), 9, "three months of three merchandisers")
        lines = cards.line_ids.filtered(
            lambda line: line.kind == "computed" and line.applicable
        )
        for line in lines.filtered(lambda line: line.unit == "%"):
            with self.subTest(
                card=line.appraisal_id.display_name, code=line.indicator_id.code
            ):
                self.assertLessEqual(line.actual_value, 100.0)
        confirmation = lines.filtered(
            lambda line: line.indicator_id.code == "confirmation_hours"
        )
        self.assertTrue(confirmation)
        self.assertTrue(all(line.actual_value > 0 for line in confirmation))
        self.assertTrue(all(0 < card.total_score < 100 for card in cards))

    def test_monthly_scorecards_read_like_a_real_month(self):
        """Every scorecard the demo makes (three months of three
        merchandisers) counts enough orders for one event not to swing a rate
        by twenty points: a few errors and complaints, OTIF in the 80s, totals
        that differ between merchandisers and months.

        The demo's dates follow the install day, so a merchandiser-month holds
        5 to 11 orders: the bounds are the ones that hold whatever the day of
        the year the demo is installed (today's install: 8 or more orders,
        errors at most 10 %, totals 62-89)."""
        if not self._demo_present():
            return
        cards = self.env["gendan.appraisal"].search(
            [("user_id", "in", self.merchandisers.ids)]
        )
        self.assertEqual(len(cards), 9, "three months of three merchandisers")
        for card in cards:
            lines = {
                line.indicator_id.code: line
                for line in card.line_ids
                if line.kind == "computed" and line.applicable
            }
            with self.subTest(card=card.display_name):
                for code, count in (
                    ("on_time_rate", 5),
                    ("error_rate", 5),
                    # orders delivered in full (a short shipment is not)
                    ("complaint_rate", 4),
                ):
                    self.assertGreaterEqual(
                        lines[code].evidence_count, count, f"{code}: orders counted"
                    )
                self.assertLessEqual(lines["error_rate"].actual_value, 15.0)
                self.assertLessEqual(lines["complaint_rate"].actual_value, 20.0)
                self.assertGreaterEqual(lines["on_time_rate"].actual_value, 75.0)
                self.assertLessEqual(lines["on_time_rate"].actual_value, 95.0)
                self.assertGreaterEqual(lines["confirmation_hours"].actual_value, 12.0)
                self.assertLessEqual(lines["confirmation_hours"].actual_value, 120.0)
                self.assertGreaterEqual(card.total_score, 45.0)
                self.assertLessEqual(card.total_score, 95.0)
                self.assertTrue(any(line.score < 100 for line in lines.values()))
        totals = cards.mapped("total_score")
        self.assertGreaterEqual(max(totals) - min(totals), 5.0, "scores spread")

    def test_competencies_are_rated(self):
        if not self._demo_present():
            return
        annuals = self.env["gendan.appraisal.annual"].search(
            [("user_id", "in", self.merchandisers.ids)]
        )
        self.assertEqual(len(annuals), len(MERCHANDISERS))
        lines = annuals.competency_line_ids
        self.assertTrue(lines)
        self.assertTrue(all(1 <= rating <= 5 for rating in lines.mapped("rating")))
        self.assertTrue(any(line.gap for line in lines), "some training needs")
        # the competency matrix (a pivot of the ratings per merchandiser)
        matrix = self.env["gendan.appraisal.annual.competency"]._read_group(
            [("id", "in", lines.ids)], ["user_id"], ["rating:avg"]
        )
        self.assertEqual(len(matrix), len(MERCHANDISERS))
        self.assertTrue(all(2.5 <= average <= 5 for _user, average in matrix))
