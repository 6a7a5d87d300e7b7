"""Sample indicators (issue 18): first-pass rate and turnaround, exact on a
small dataset, and not applicable without any sample decided."""

import datetime

from odoo.tests import freeze_time, tagged

from .common import AppraisalCommon


def day(month, number):
    return datetime.date(2025, month, number)


@tagged("post_install", "-at_install")
@freeze_time("2025-04-15 04:00:00")
class TestIndicatorsSamples(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["gendan.gate"].search([]).write({"active": False})
        order = cls.make_order()
        order2 = cls.make_order(merchandiser=cls.merchandiser2)
        Sample = cls.env["gendan.sample"]

        def sample(order, state, sent, decided, round_=1, sample_type="pp_sample"):
            return Sample.create(
                {
                    "order_id": order.id,
                    "sample_type": sample_type,
                    "round": round_,
                    "state": state,
                    "date_requested": sent and sent - datetime.timedelta(days=3),
                    "date_sent": sent,
                    "date_decided": decided,
                    "customer_comment": "Too dark" if state == "rejected" else False,
                }
            )

        # merchandiser: four samples decided in March
        cls.first_pass = sample(order, "approved", day(3, 1), day(3, 4))  # 3 days
        cls.with_comments = sample(
            order, "approved_with_comments", day(3, 2), day(3, 9), sample_type="fit"
        )  # 7 days
        cls.rejected = sample(order, "rejected", day(3, 3), day(3, 5))  # 2 days
        cls.second_round = sample(
            order, "approved", day(3, 10), day(3, 20), round_=2
        )  # 10 days
        # not counted: decided in April, still waiting, cancelled
        sample(order, "approved", day(3, 25), day(4, 2), sample_type="lab_dip")
        sample(order, "sent", day(3, 20), False, sample_type="strike_off")
        sample(order, "cancelled", False, False, sample_type="other")
        # the other merchandiser: one rejection
        cls.other = sample(order2, "rejected", day(3, 10), day(3, 11))

    def test_sample_first_pass_rate(self):
        values = self.compute("sample_first_pass_rate")
        mine = values[self.merchandiser.id]
        # approved at round 1 (with or without comments): 2 of 4 decided
        self.assertAlmostEqual(mine.value, 50.0)
        self.assertEqual(mine.count, 4)
        self.assertEqual(mine.model, "gendan.sample")
        self.assertEqual(
            set(mine.res_ids),
            {
                self.first_pass.id,
                self.with_comments.id,
                self.rejected.id,
                self.second_round.id,
            },
        )
        self.assertAlmostEqual(values[self.merchandiser2.id].value, 0.0)

    def test_sample_turnaround_days(self):
        values = self.compute("sample_turnaround_days")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, (3 + 7 + 2 + 10) / 4)
        self.assertEqual(mine.count, 4)
        self.assertAlmostEqual(values[self.merchandiser2.id].value, 1.0)

    def test_not_applicable_without_decided_samples(self):
        for code in ("sample_first_pass_rate", "sample_turnaround_days"):
            with self.subTest(code=code):
                self.assertEqual(self.compute(code, self.idle_merchandiser), {})
                # a month without decisions
                self.assertEqual(
                    self.compute(code, date_from=day(5, 1), date_to=day(5, 31)),
                    {},
                )

    def test_indicators_are_shipped_and_scored(self):
        higher = self.Indicator.search([("code", "=", "sample_first_pass_rate")])
        lower = self.Indicator.search([("code", "=", "sample_turnaround_days")])
        self.assertEqual((higher.kind, higher.direction), ("computed", "higher"))
        self.assertEqual((lower.kind, lower.direction), ("computed", "lower"))
        self.assertGreater(higher._score(95.0), higher._score(60.0))
        self.assertGreater(lower._score(4.0), lower._score(12.0))

    def test_excluded_evidence(self):
        indicator = self.Indicator.search([("code", "=", "sample_first_pass_rate")])
        values = self.Engine._compute_values(
            indicator,
            self.merchandiser,
            day(3, 1),
            day(3, 31),
            self.company,
            excluded={indicator.id: [(self.merchandiser.id, self.rejected.id)]},
        )[indicator.id]
        self.assertAlmostEqual(values[self.merchandiser.id].value, 200.0 / 3)
