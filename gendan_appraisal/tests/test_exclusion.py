"""A reviewer excludes a piece of evidence from a computed indicator, with a
reason: the line is recomputed without it, and the exclusion is listed on the
scorecard, in its history and in its PDF. Nobody else can, and nothing
changes when they try."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MONTH_FROM, MONTH_TO, AppraisalCommon


@tagged("post_install", "-at_install")
class TestExclusion(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        local = cls.local
        cls.ontime = cls.make_order(commitment=local(2025, 3, 10, 10, 0))
        cls.deliver(cls.ontime, 10, local(2025, 3, 9, 15, 0))
        # late because the customer moved the delivery
        cls.late = cls.make_order(commitment=local(2025, 3, 12, 10, 0))
        cls.deliver(cls.late, 10, local(2025, 3, 14, 9, 0))
        cls.scorecard = cls.env["gendan.appraisal"]._create_scorecards(
            MONTH_FROM, MONTH_TO, users=cls.merchandiser
        )
        cls.otif = cls.scorecard.line_ids.filtered(
            lambda line: line.indicator_id.code == "on_time_rate"
        )
        cls.Exclusion = cls.env["gendan.appraisal.exclusion"]

    def _exclude(self, user, record=None, reason="Delayed by the customer"):
        record = record or self.late
        return self.Exclusion.with_user(user).create(
            {
                "line_id": self.otif.id,
                "res_model": "sale.order",
                "res_id": record.id,
                "reason": reason,
            }
        )

    def _snapshot(self):
        self.env.invalidate_all()
        return (
            self.Exclusion.search_count([]),
            self.otif.actual_value,
            self.otif.evidence_count,
            sorted(self.otif.evidence_res_ids),
            self.scorecard.total_score,
        )

    def test_reviewer_excludes_through_the_wizard(self):
        self.assertEqual(self.otif.actual_value, 50.0)
        self.assertEqual(self.otif.evidence_count, 2)
        total_before = self.scorecard.total_score
        messages_before = len(self.scorecard.message_ids)

        action = self.otif.with_user(self.manager).action_exclude_evidence()
        self.assertEqual(action["res_model"], "gendan.appraisal.exclusion.wizard")
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard_form.item_ids._records.__len__(), 2)
        with wizard_form.item_ids.edit(
            [item["res_id"] for item in wizard_form.item_ids._records].index(
                self.late.id
            )
        ) as item:
            item.exclude = True
        wizard_form.reason = "Delayed by the customer, who moved the date"
        wizard_form.save().action_exclude()

        self.assertEqual(self.otif.actual_value, 100.0)
        self.assertEqual(self.otif.evidence_count, 1)
        self.assertEqual(self.otif.evidence_res_ids, [self.ontime.id])
        self.assertEqual(self.otif.exclusion_count, 1)
        self.assertGreater(self.scorecard.total_score, total_before)
        exclusion = self.scorecard.exclusion_ids
        self.assertEqual(exclusion.res_id, self.late.id)
        self.assertEqual(exclusion.record_name, self.late.display_name)
        self.assertEqual(exclusion.excluded_by_id, self.manager)
        self.assertEqual(len(self.scorecard.message_ids), messages_before + 1)
        self.assertIn(self.late.display_name, self.scorecard.message_ids[0].body)

        # the recompute keeps the exclusion
        self.scorecard.with_user(self.manager).action_recompute()
        self.assertEqual(self.otif.actual_value, 100.0)

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "gendan_appraisal.report_gendan_appraisal", self.scorecard.ids
            )[0]
            .decode()
        )
        self.assertIn("Excluded Evidence", html)
        self.assertIn(self.late.display_name, html)
        self.assertIn("Delayed by the customer, who moved the date", html)

        # removing it restores the value
        exclusion.with_user(self.manager).unlink()
        self.assertEqual(self.otif.actual_value, 50.0)
        self.assertEqual(self.otif.evidence_count, 2)
        self.assertEqual(self.scorecard.total_score, total_before)

    def test_merchandiser_cannot_exclude(self):
        before = self._snapshot()
        with self.assertRaises(AccessError):
            self._exclude(self.merchandiser)
        with self.assertRaises(AccessError):
            self.otif.with_user(self.merchandiser).action_exclude_evidence()
        self.assertEqual(self._snapshot(), before)

    def test_reviewer_cannot_exclude_on_own_scorecard(self):
        own = self.make_scorecard(user=self.manager)
        line = own.line_ids.filtered(
            lambda line: line.indicator_id.code == "on_time_rate"
        )
        with self.assertRaises(AccessError):
            self.Exclusion.with_user(self.manager).create(
                {
                    "line_id": line.id,
                    "res_model": "sale.order",
                    "res_id": self.late.id,
                    "reason": "mine",
                }
            )
        self.assertFalse(self.Exclusion.search([("line_id", "=", line.id)]))

    def test_only_evidence_with_a_reason(self):
        before = self._snapshot()
        other = self.make_order(self.merchandiser2, commitment=self.local(2025, 3, 5))
        with self.assertRaises(ValidationError):
            self._exclude(self.manager, record=other)
        with self.assertRaises(ValidationError):
            self._exclude(self.manager, reason="   ")
        with self.assertRaises(ValidationError):
            self.Exclusion.with_user(self.manager).create(
                {
                    "line_id": self.otif.id,
                    "res_model": "gendan.complaint",
                    "res_id": self.late.id,
                    "reason": "wrong model",
                }
            )
        self.assertEqual(self._snapshot(), before)

    def test_locked_scorecard_refuses(self):
        self._exclude(self.manager)
        self.scorecard.with_user(self.manager).action_submit_review()
        self.scorecard.with_user(self.manager).action_approve()
        self.assertEqual(self.scorecard.state, "approved")
        before = self._snapshot()
        with self.assertRaises(UserError):
            self._exclude(self.manager, record=self.ontime)
        with self.assertRaises(UserError):
            self.scorecard.exclusion_ids.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            self.scorecard.exclusion_ids.with_user(self.manager).write(
                {"reason": "changed"}
            )
        self.assertEqual(self._snapshot(), before)

    def test_exclusion_is_per_merchandiser(self):
        """Excluding an order from A's line leaves B's figures alone."""
        other = self.make_order(self.merchandiser2, commitment=self.local(2025, 3, 5))
        self.deliver(other, 10, self.local(2025, 3, 7))
        theirs = self.make_scorecard(user=self.merchandiser2)
        their_otif = theirs.line_ids.filtered(
            lambda line: line.indicator_id.code == "on_time_rate"
        )
        self.assertEqual(their_otif.actual_value, 0.0)
        self._exclude(self.manager)
        theirs.with_user(self.manager).action_recompute()
        self.assertEqual(their_otif.actual_value, 0.0)
        self.assertEqual(their_otif.evidence_res_ids, [other.id])
        self.assertEqual(self.otif.actual_value, 100.0)
