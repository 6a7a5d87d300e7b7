"""Every appeal asks for its own reason; the reasons stay in the history; the
review activity of an appeal is closed when it is dealt with."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AppraisalCommon

FIRST = "The late orders were delayed by the customer."
SECOND = "Order S00042 was cancelled by the customer, not shipped late."


@tagged("post_install", "-at_install")
class TestAppeal(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appeal_type = cls.env.ref(
            "gendan_appraisal.mail_activity_type_appeal_review"
        )

    def setUp(self):
        super().setUp()
        self.scorecard = self.make_scorecard()
        self.scorecard.with_user(self.manager).action_submit_review()
        self.scorecard.with_user(self.manager).action_approve()
        self.mine = self.scorecard.with_user(self.merchandiser)

    # ----------------------------------------------------------------- helpers
    def _wizard_form(self, scorecard):
        action = scorecard.action_appeal()
        self.assertEqual(action["res_model"], "gendan.appraisal.appeal.wizard")
        self.assertEqual(action["target"], "new")
        return Form(
            self.env[action["res_model"]]
            .with_user(scorecard.env.user)
            .with_context(**action["context"])
        )

    def _appeal(self, scorecard, reason):
        form = self._wizard_form(scorecard)
        form.reason = reason
        return form.save().action_appeal()

    def _state(self):
        self.scorecard.invalidate_recordset()
        return self.scorecard.read(["state", "appeal_count", "appeal_reason"])[0]

    def _open_reviews(self):
        return self.scorecard.activity_ids.filtered(
            lambda a: a.activity_type_id == self.appeal_type
        )

    def _appeal_messages(self):
        return self.scorecard.message_ids.filtered(
            lambda m: "Appeal #" in (m.body or "")
        ).sorted("id")

    # ------------------------------------------------------------------- tests
    def test_each_appeal_asks_for_a_new_reason(self):
        before = self._state()
        # the wizard is empty and its reason required
        form = self._wizard_form(self.mine)
        self.assertFalse(form.reason)
        with self.assertRaises(AssertionError):
            form.save()
        with self.assertRaisesMsg(UserError, "reason of your appeal"):
            self._appeal(self.mine, "   ")
        self.assertEqual(self._state(), before)

        # first appeal: back to the reviewer, who gets an activity
        self._appeal(self.mine, FIRST)
        self.assertEqual(self.scorecard.state, "review")
        self.assertEqual(self.scorecard.appeal_count, 1)
        self.assertEqual(self.scorecard.appeal_reason, FIRST)
        review = self._open_reviews()
        self.assertEqual(review.user_id, self.manager)
        self.assertIn(FIRST, review.note)

        # the reviewer approves again: the review activity is closed
        self.scorecard.with_user(self.manager).action_approve()
        self.assertEqual(self.scorecard.state, "approved")
        self.assertFalse(self._open_reviews())
        self.assertFalse(review.exists(), "the activity is done")

        # second appeal: the wizard does not bring the first reason back
        form = self._wizard_form(self.mine)
        self.assertFalse(form.reason)
        self.assertEqual(form.previous_reason, FIRST)
        before = self._state()
        with self.assertRaises(AssertionError):
            form.save()
        with self.assertRaisesMsg(UserError, "reason of your appeal"):
            self._appeal(self.mine, "")
        self.assertEqual(self._state(), before, "no appeal with the old reason")
        self._appeal(self.mine, SECOND)
        self.assertEqual(self.scorecard.state, "appealed")
        self.assertEqual(self.scorecard.appeal_count, 2)
        self.assertEqual(self.scorecard.appeal_reason, SECOND)
        self.assertEqual(self._open_reviews().user_id, self.admin)

        # both reasons are in the chatter, written by the merchandiser
        appeals = self._appeal_messages()
        self.assertEqual(len(appeals), 2)
        self.assertIn(FIRST, appeals[0].body)
        self.assertIn(SECOND, appeals[1].body)
        self.assertEqual(appeals.author_id, self.merchandiser.partner_id)

        # the administrator closes it: the last review activity is closed
        self.scorecard.with_user(self.admin).action_done()
        self.assertEqual(self.scorecard.state, "done")
        self.assertFalse(self._open_reviews())

    def test_administrator_sends_back_to_review(self):
        self._appeal(self.mine, FIRST)
        self.scorecard.with_user(self.manager).action_approve()
        self._appeal(self.mine, SECOND)
        admin_review = self._open_reviews()
        self.assertEqual(admin_review.user_id, self.admin)
        with self.assertRaises(AccessError):
            self.scorecard.with_user(self.manager).action_reopen_review()
        self.assertEqual(self.scorecard.state, "appealed")
        self.scorecard.with_user(self.admin).action_reopen_review()
        self.assertEqual(self.scorecard.state, "review")
        self.assertFalse(admin_review.exists())
        self.assertEqual(self._open_reviews().user_id, self.manager)
        self.scorecard.with_user(self.manager).action_approve()
        self.assertFalse(self._open_reviews())

    def test_only_the_merchandiser_appeals_with_the_wizard(self):
        before = self._state()
        # the reason is not written on the scorecard directly any more
        with self.assertRaises(AccessError):
            self.mine.appeal_reason = FIRST
        # nobody else appeals, not even through a wizard made by hand
        other = self.scorecard.with_user(self.merchandiser2)
        with self.assertRaises(AccessError):
            other.action_appeal()
        with self.assertRaises(AccessError):
            self.scorecard.with_user(self.manager).action_appeal()
        wizard = (
            self.env["gendan.appraisal.appeal.wizard"]
            .with_user(self.manager)
            .create({"appraisal_id": self.scorecard.id, "reason": "On her behalf"})
        )
        with self.assertRaises(AccessError):
            wizard.action_appeal()
        self.assertEqual(self._state(), before)
        self.assertFalse(self._open_reviews())

    def test_no_appeal_outside_approved(self):
        self._appeal(self.mine, FIRST)
        before = self._state()
        with self.assertRaisesMsg(UserError, "not possible"):
            self.mine.action_appeal()
        with self.assertRaisesMsg(UserError, "not possible"):
            self.mine._appeal(SECOND)
        self.assertEqual(self._state(), before)
