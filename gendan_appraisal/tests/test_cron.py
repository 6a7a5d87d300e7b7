import datetime

from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestCron(AppraisalCommon):
    def test_cron_twice_one_scorecard_each(self):
        Appraisal = self.env["gendan.appraisal"]
        self.make_order(commitment=self.local(2025, 3, 10, 10))
        Appraisal._cron_create_monthly(date=datetime.date(2025, 4, 1))
        Appraisal._cron_create_monthly(date=datetime.date(2025, 4, 1))
        scorecards = Appraisal.search([("date_from", "=", "2025-03-01")])
        merchandisers = self.env["res.users"].search(
            [
                (
                    "groups_id",
                    "in",
                    self.env.ref("gendan_tracking.group_merchandiser").id,
                ),
                ("share", "=", False),
            ]
        )
        self.assertEqual(scorecards.user_id, merchandisers)
        self.assertEqual(len(scorecards), len(merchandisers))
        mine = scorecards.filtered(lambda a: a.user_id == self.merchandiser)
        self.assertEqual(mine.date_to, datetime.date(2025, 3, 31))
        self.assertEqual(mine.template_id, self.template)
        otif = mine.line_ids.filtered(lambda li: li.indicator_id.code == "on_time_rate")
        self.assertTrue(otif.applicable)
        self.assertEqual(otif.evidence_count, 1)
        self.assertEqual(otif.actual_value, 0.0)  # never delivered

    def _count_queries(self, users, month):
        date_from = datetime.date(2024, month, 1)
        date_to = (date_from + datetime.timedelta(days=32)).replace(day=1) - (
            datetime.timedelta(days=1)
        )
        Appraisal = self.env["gendan.appraisal"]
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        created = Appraisal._create_scorecards(date_from, date_to, users=users)
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        self.assertEqual(len(created), len(users))
        return count

    def test_cron_query_count_constant(self):
        """The query count does not grow with the number of orders, for 2 and
        for 20 merchandisers; between the two team sizes only the ORM's
        INSERT/UPDATE batches of 100 rows add queries."""
        team = self.env["res.users"]
        for index in range(20):
            team |= mail_new_test_user(
                self.env,
                login=f"gendan_team_{index}",
                name=f"Team {index}",
                groups="gendan_tracking.group_merchandiser",
            )
        # June: every merchandiser has orders due, delivered and milestones
        for user in team:
            for day in (3, 17):
                order = self.make_order(user, commitment=self.local(2024, 6, day, 10))
                self.deliver(order, 10, self.local(2024, 6, day, 9))
        # April and May: a single order in the whole team
        for month in (4, 5):
            order = self.make_order(team[0], commitment=self.local(2024, month, 8, 10))
            self.deliver(order, 10, self.local(2024, month, 8, 9))
        self._count_queries(team[18:20], 1)  # warm-up
        counts = {}
        for size, (light_month, busy_month) in ((2, (4, 6)), (20, (5, 6))):
            users = team[:size]
            if size == 20:
                # June scorecards of the first two exist already: use July data
                self.env["gendan.appraisal"].search(
                    [("user_id", "in", users.ids), ("date_from", "=", "2024-06-01")]
                ).unlink()
            light = self._count_queries(users, light_month)
            busy = self._count_queries(users, busy_month)
            self.assertEqual(light, busy, f"{size} merchandisers")
            counts[size] = busy
        lines = len(self.template.line_ids)
        batches = 2 * (-(-20 * lines // 100) - 1)
        self.assertLessEqual(counts[20] - counts[2], batches)
