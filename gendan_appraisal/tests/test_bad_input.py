from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MONTH_FROM, MONTH_TO, AppraisalCommon


@tagged("post_install", "-at_install")
class TestBadInput(AppraisalCommon):
    def _indicator(self, **values):
        return self.Indicator.create(
            dict({"code": "test_indicator", "name": "Test", "kind": "manual"}, **values)
        )

    def test_weights_must_sum_to_100(self):
        initiative = self.env.ref("gendan_appraisal.indicator_initiative")
        teamwork = self.env.ref("gendan_appraisal.indicator_teamwork")
        Template = self.env["gendan.appraisal.template"].with_user(self.admin)
        with self.assertRaisesMsg(ValidationError, "must add up to 100"):
            Template.create(
                {
                    "name": "Bad",
                    "line_ids": [
                        Command.create({"indicator_id": initiative.id, "weight": 60}),
                        Command.create({"indicator_id": teamwork.id, "weight": 30}),
                    ],
                }
            )
        self.assertFalse(Template.search([("name", "=", "Bad")]))
        with self.assertRaises(ValidationError):
            self.template.line_ids[0].with_user(self.admin).weight += 1

    def test_target_equal_floor(self):
        with self.assertRaisesMsg(ValidationError, "cannot be equal"):
            self._indicator(target=50, floor=50)
        with self.assertRaises(ValidationError):
            self._indicator(direction="lower", target=90, floor=10)

    def test_bands_not_monotonic(self):
        with self.assertRaisesMsg(ValidationError, "band thresholds"):
            self._indicator(
                scoring="bands",
                direction="higher",
                band_ids=[
                    Command.create({"threshold": 90, "score": 50}),
                    Command.create({"threshold": 95, "score": 40}),
                ],
            )
        with self.assertRaises(ValidationError):
            self._indicator(
                scoring="bands",
                band_ids=[
                    Command.create({"threshold": 90, "score": 50}),
                    Command.create({"threshold": 90, "score": 60}),
                ],
            )
        self.assertFalse(self.Indicator.search([("code", "=", "test_indicator")]))

    def test_manual_score_range_and_computed_lines(self):
        scorecard = self.make_scorecard()
        manual = scorecard.line_ids.filtered(lambda line: line.kind == "manual")[0]
        with self.assertRaisesMsg(ValidationError, "between 0 and 100"):
            manual.with_user(self.manager).score = 120
        with self.assertRaises(ValidationError):
            manual.with_user(self.manager).score = -1
        computed = scorecard.line_ids.filtered(lambda line: line.kind == "computed")[0]
        with self.assertRaisesMsg(UserError, "cannot be edited by hand"):
            computed.with_user(self.manager).score = 100
        with self.assertRaises(UserError):
            computed.with_user(self.admin).actual_value = 99

    def test_outlier_needs_reason(self):
        first = self.make_scorecard(self.merchandiser)
        second = self.make_scorecard(self.merchandiser2)
        initiative = self.env.ref("gendan_appraisal.indicator_initiative")

        def line(scorecard):
            return scorecard.line_ids.filtered(
                lambda li: li.indicator_id == initiative
            ).with_user(self.manager)

        line(first).score = 90
        with self.assertRaisesMsg(ValidationError, "write a reason"):
            line(second).score = 40
        self.assertFalse(line(second).scored)
        line(second).write({"score": 40, "reason": "Missed two supplier follow-ups."})
        self.assertEqual(line(second).score, 40)
        # within 20 points of the mean: no reason needed
        line(first).write({"score": 60})

    def test_duplicate_scorecard(self):
        self.make_scorecard()
        with self.assertRaisesMsg(ValidationError, "already has a scorecard"):
            self.env["gendan.appraisal"].create(
                {
                    "user_id": self.merchandiser.id,
                    "date_from": MONTH_FROM,
                    "date_to": MONTH_TO,
                    "template_id": self.template.id,
                }
            )
        # the database refuses it too
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO gendan_appraisal (user_id, date_from, date_to, "
                    "template_id, company_id, state) VALUES (%s, %s, %s, %s, %s, 'draft')",
                    (
                        self.merchandiser.id,
                        MONTH_FROM,
                        MONTH_TO,
                        self.template.id,
                        self.company.id,
                    ),
                )

    def test_period_is_a_month(self):
        with self.assertRaisesMsg(ValidationError, "calendar month"):
            self.env["gendan.appraisal"].create(
                {
                    "user_id": self.merchandiser.id,
                    "date_from": "2025-03-02",
                    "date_to": "2025-03-31",
                    "template_id": self.template.id,
                }
            )

    def test_locked_scorecard(self):
        scorecard = self.make_scorecard()
        scorecard.with_user(self.manager).action_submit_review()
        scorecard.with_user(self.manager).action_approve()
        with self.assertRaisesMsg(UserError, "locked"):
            scorecard.with_user(self.admin).write({"improvement_plan": "<p>x</p>"})
        with self.assertRaises(UserError):
            scorecard.with_user(self.admin).unlink()
        with self.assertRaises(UserError):
            scorecard.line_ids[0].with_user(self.admin).unlink()

    def test_survey_scores(self):
        order = self.make_order()
        with self.assertRaisesMsg(ValidationError, "1 to 5"):
            self.env["gendan.satisfaction"].create(
                {
                    "order_id": order.id,
                    "product_quality": 6,
                    "service_quality": 5,
                    "communication": 5,
                }
            )
        self.env["gendan.satisfaction"].create({"order_id": order.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["gendan.satisfaction"].create({"order_id": order.id})
                self.env.flush_all()
