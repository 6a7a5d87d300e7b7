"""A satisfaction survey counts for its order's merchandiser: a merchandiser
cannot move one onto a colleague's order, nor record one there."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MONTH_FROM, AppraisalCommon


@tagged("post_install", "-at_install")
class TestSatisfactionOwnership(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.gendan_see_all_orders = False
        cls.own = cls.make_order()
        cls.theirs = cls.make_order(cls.merchandiser2)
        cls.Survey = cls.env["gendan.satisfaction"]
        cls.survey = cls.Survey.create(
            {
                "order_id": cls.own.id,
                "date": MONTH_FROM,
                "product_quality": 1,
                "service_quality": 1,
                "communication": 1,
            }
        )

    def _their_csat(self):
        self.env.invalidate_all()
        return self.Survey.sudo().search_count(
            [("merchandiser_id", "=", self.merchandiser2.id)]
        )

    def test_survey_stays_on_its_order(self):
        before = self._their_csat()
        with self.assertRaises(AccessError):
            self.survey.with_user(self.merchandiser).write({"order_id": self.theirs.id})
        self.assertEqual(self.survey.order_id, self.own)
        self.assertEqual(self._their_csat(), before)
        self.assertEqual(
            self.compute("csat", users=self.merchandiser2),
            {},
            "the 1/1/1 survey did not land in the colleague's figures",
        )
        # a manager may move it, and the figures follow
        self.survey.with_user(self.manager).order_id = self.theirs
        self.assertEqual(self.survey.merchandiser_id, self.merchandiser2)

    def test_merchandiser_records_surveys_on_followed_orders_only(self):
        before = self._their_csat()
        with self.assertRaises(AccessError):
            self.Survey.with_user(self.merchandiser).create(
                {
                    "order_id": self.theirs.id,
                    "date": MONTH_FROM,
                    "product_quality": 1,
                    "service_quality": 1,
                    "communication": 1,
                }
            )
        self.assertEqual(self._their_csat(), before)
        buyer = self.env["res.partner"].create({"name": "Second Buyer"})
        mine = self.Survey.with_user(self.merchandiser).create(
            {"order_id": self.own.id, "partner_id": buyer.id}
        )
        self.assertEqual(mine.merchandiser_id, self.merchandiser)
