from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestWorkflow(AppraisalCommon):
    def _manual_lines(self, scorecard):
        return scorecard.line_ids.filtered(lambda line: line.kind == "manual")

    def _appeal(self, scorecard, reason):
        """Press Appeal and send ``reason`` from the wizard."""
        action = scorecard.action_appeal()
        wizard = (
            self.env[action["res_model"]]
            .with_user(scorecard.env.user)
            .with_context(**action["context"])
            .create({"reason": reason})
        )
        return wizard.action_appeal()

    def _score_manual(self, scorecard, score):
        for line in self._manual_lines(scorecard).with_user(self.manager):
            line.score = score

    def test_end_to_end_with_appeals(self):
        scorecard = self.make_scorecard().with_context(
            tracking_disable=False, mail_notrack=False
        )
        self.assertEqual(scorecard.state, "draft")
        self.assertEqual(len(scorecard.line_ids), len(self.template.line_ids))
        mine = scorecard.with_user(self.merchandiser)

        # self-review by the merchandiser
        mine.action_self_review()
        mine.self_assessment = "<p>I chased every supplier.</p>"
        mine.action_submit_review()
        self.assertEqual(scorecard.state, "review")

        # the merchandiser never writes scores, values or review fields
        with self.assertRaises(AccessError):
            self._manual_lines(mine)[0].score = 100
        with self.assertRaises(AccessError):
            mine.reviewer_comment = "<p>Great</p>"
        with self.assertRaises(AccessError):
            mine.write({"total_score": 100})

        # the manager scores manual lines and approves
        reviewed = scorecard.with_user(self.manager)
        self._score_manual(scorecard, 80)
        with Form(reviewed) as form:
            form.reviewer_comment = "<p>Solid month.</p>"
        reviewed.action_approve()
        self.assertEqual(scorecard.state, "approved")
        self.assertEqual(scorecard.reviewer_id, self.manager)
        # only manual lines apply (no order data): total is their score
        self.assertAlmostEqual(scorecard.total_score, 80.0)
        self.assertEqual(scorecard.grade, "B")
        self.assertTrue(
            scorecard.message_ids.filtered(
                lambda m: self.merchandiser.partner_id in m.partner_ids
            ),
            "the merchandiser is notified of the approval",
        )

        # locked: no line, score or value can change
        with self.assertRaises(UserError):
            self._manual_lines(reviewed)[0].score = 90
        with self.assertRaises(UserError):
            reviewed.reviewer_comment = "<p>changed</p>"
        with self.assertRaises(UserError):
            reviewed.action_recompute()

        # first appeal needs a reason, then goes back to review
        with self.assertRaises(UserError):
            self._appeal(mine, "  ")
        self.assertEqual(scorecard.state, "approved")
        self._appeal(mine, "The late orders were delayed by the customer.")
        self.assertEqual(scorecard.state, "review")
        self.assertEqual(scorecard.appeal_count, 1)
        self.assertTrue(scorecard.activity_ids)

        # reviewed again, appealed a second time: to the administrator
        self._score_manual(scorecard, 85)
        reviewed.action_approve()
        self._appeal(mine, "Order S00042 was cancelled by the customer.")
        self.assertEqual(scorecard.state, "appealed")
        self.assertEqual(scorecard.appeal_count, 2)
        with self.assertRaises(AccessError):
            reviewed.action_done()
        scorecard.with_user(self.admin).action_done()
        self.assertEqual(scorecard.state, "done")

        # every change is tracked in the chatter
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = scorecard.message_ids.tracking_value_ids.field_id.mapped("name")
        for field_name in ("state", "total_score", "appeal_reason", "reviewer_id"):
            self.assertIn(field_name, tracked)

    def test_acknowledge(self):
        scorecard = self.make_scorecard()
        scorecard.with_user(self.manager).action_submit_review()
        self._score_manual(scorecard, 90)
        scorecard.with_user(self.manager).action_approve()
        with self.assertRaises(AccessError):
            scorecard.with_user(self.merchandiser2).action_acknowledge()
        scorecard.with_user(self.merchandiser).action_acknowledge()
        self.assertEqual(scorecard.state, "acknowledged")
        self.assertTrue(scorecard.acknowledged_date)
        scorecard.with_user(self.manager).action_done()
        self.assertEqual(scorecard.state, "done")

    def test_access(self):
        mine = self.make_scorecard(self.merchandiser)
        other = self.make_scorecard(self.merchandiser2)
        Appraisal = self.env["gendan.appraisal"].with_user(self.merchandiser)
        self.assertEqual(Appraisal.search([]), mine)
        # in the form, only the self-assessment is open to the merchandiser
        with Form(mine.with_user(self.merchandiser)) as form:
            form.self_assessment = "Shipped everything on time."
            for readonly in ("reviewer_comment", "training_needs", "reviewer_id"):
                with self.assertRaises(AssertionError):
                    setattr(form, readonly, False)
            with self.assertRaises(AssertionError):
                with form.line_ids.edit(0) as line:
                    line.score = 100
        self.assertEqual(mine.self_assessment, "Shipped everything on time.")
        with self.assertRaises(AccessError):
            other.with_user(self.merchandiser).read(["total_score"])
        with self.assertRaises(AccessError):
            other.line_ids.with_user(self.merchandiser).read(["score"])
        with self.assertRaises(AccessError):
            Appraisal.create(
                {
                    "user_id": self.merchandiser.id,
                    "date_from": "2025-05-01",
                    "date_to": "2025-05-31",
                    "template_id": self.template.id,
                }
            )
        with self.assertRaises(AccessError):
            self.template.with_user(self.manager).write({"name": "Mine"})
        # the manager reads and scores all scorecards of the company
        self.assertEqual(
            self.env["gendan.appraisal"]
            .with_user(self.manager)
            .search([("id", "in", (mine | other).ids)]),
            mine | other,
        )

    def test_cannot_score_or_approve_own(self):
        scorecard = self.make_scorecard(self.manager)
        scorecard.with_user(self.manager).action_submit_review()
        with self.assertRaises(AccessError):
            self._manual_lines(scorecard).with_user(self.manager)[0].score = 100
        with self.assertRaises(UserError):
            scorecard.with_user(self.manager).action_approve()

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Gendan HK"})
        self.manager.company_ids = [(4, other_company.id)]
        scorecard = self.make_scorecard()
        scorecard.company_id = other_company
        visible = (
            self.env["gendan.appraisal"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id])
            .search([("id", "=", scorecard.id)])
        )
        self.assertFalse(visible)
