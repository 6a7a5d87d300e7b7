import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestAnnual(AppraisalCommon):
    def _approved(self, user, month, score):
        Appraisal = self.env["gendan.appraisal"]
        date_from = self.MONTH.replace(month=month)
        date_to = Appraisal._month_of(date_from)[1]
        scorecard = Appraisal._create_scorecards(date_from, date_to, users=user)
        scorecard.with_user(self.manager).action_submit_review()
        for line in scorecard.line_ids.filtered(lambda li: li.kind == "manual"):
            line.with_user(self.admin).write({"score": score, "reason": "calibrated"})
        scorecard.with_user(self.admin).action_approve()
        return scorecard

    def test_annual_average_rank_competencies(self):
        self.MONTH = datetime.date(2024, 1, 1)
        mine = self._approved(self.merchandiser, 1, 80) | self._approved(
            self.merchandiser, 2, 90
        )
        self._approved(self.merchandiser2, 1, 95)
        draft = self.env["gendan.appraisal"]._create_scorecards(
            datetime.date(2024, 3, 1),
            datetime.date(2024, 3, 31),
            users=self.merchandiser,
        )
        Annual = self.env["gendan.appraisal.annual"].with_user(self.admin)
        annual = Annual.create(
            {
                "user_id": self.merchandiser.id,
                "year": 2024,
                "template_id": self.template.id,
            }
        )
        other = Annual.create(
            {
                "user_id": self.merchandiser2.id,
                "year": 2024,
                "template_id": self.template.id,
            }
        )
        (annual | other).action_compute()
        self.assertEqual(annual.monthly_ids, mine)
        self.assertNotIn(draft, annual.monthly_ids)
        self.assertAlmostEqual(annual.average_score, 85.0)
        self.assertEqual(annual.grade, "A")
        self.assertEqual(other.rank, 1)
        self.assertEqual(annual.rank, 2)
        self.assertEqual(len(annual.competency_line_ids), 11)

        # ratings below the expected level add training needs
        communication = annual.competency_line_ids.filtered(
            lambda li: (
                li.competency_id
                == self.env.ref("gendan_appraisal.competency_communication")
            )
        )
        communication.rating = 2
        (annual.competency_line_ids - communication).write({"rating": 5})
        annual.write({"salary_adjustment_pct": 5.0, "promotion_recommended": True})
        annual.action_done()
        self.assertEqual(annual.state, "done")
        self.assertIn("Communication: rated 2, expected 4", annual.training_needs)
        self.assertNotIn("Time Management", annual.training_needs)
        self.assertEqual(communication.gap, 2)

        # locked when done
        with self.assertRaises(UserError):
            annual.salary_adjustment_pct = 10.0
        with self.assertRaises(UserError):
            communication.rating = 4

        # merchandisers read their own annual record only, and never write it
        self.assertEqual(
            self.env["gendan.appraisal.annual"].with_user(self.merchandiser).search([]),
            annual,
        )
        with self.assertRaises(AccessError):
            other.with_user(self.merchandiser).read(["average_score"])
        with self.assertRaises(AccessError):
            other.with_user(self.merchandiser).write({"training_needs": "none"})
        # managers read, administrators manage
        with self.assertRaises(AccessError):
            other.with_user(self.manager).write({"promotion_recommended": True})
