from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..models.sale_order import REVIEW_FIELDS
from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
class TestReview(GendanOrderCommon):
    def test_review_done_needs_all_six_items(self):
        order = self._create_order()
        self.assertFalse(order.review_done)
        order.write(
            {
                "review_specification": True,
                "review_quantity": True,
                "review_price": True,
                "review_delivery_date": True,
                "review_payment_terms": True,
            }
        )
        self.assertFalse(order.review_done)
        order.review_packing = True
        self.assertTrue(order.review_done)
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("id", "=", order.id), ("review_done", "=", True)]
            ),
            1,
        )

    def test_merchandiser_cannot_confirm_unreviewed_order(self):
        order = self._create_order()
        order.review_price = True
        with self.assertRaisesRegex(UserError, "review of .* is not complete"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.milestone_ids)

    def test_merchandiser_confirms_reviewed_order(self):
        order = self._create_order()
        self._review(order)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.milestone_ids), 6)

    def test_manager_override_is_logged(self):
        order = self._create_order(user=self.manager)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        override = order.message_ids.filtered(
            lambda m: "manager override" in (m.body or "")
        )
        self.assertEqual(len(override), 1)
        self.assertIn(self.manager.name, override.body)
        self.assertEqual(override.author_id, self.manager.partner_id)

    def test_no_override_message_when_reviewed(self):
        order = self._create_order(user=self.manager)
        self._review(order)
        order.action_confirm()
        self.assertFalse(
            order.message_ids.filtered(lambda m: "manager override" in (m.body or ""))
        )

    def test_review_and_confirmation_move_stage_to_confirmed(self):
        order = self._create_order()
        order._gendan_record_customer_confirmation("email", contact=self.customer)
        self.assertEqual(order.gendan_stage, "review")
        self._review(order)
        self.assertEqual(order.gendan_stage, "confirmed")

    def test_review_in_the_form_then_confirm_completes_its_milestone(self):
        """As the walkthrough did it: a quotation of some days ago, the six
        checks ticked in the form by the merchandiser, then *Confirm*, with the
        company's export plan (its first milestone: "Order review
        completed")."""
        template = self.env.ref("gendan_tracking.gendan_milestone_template_export")
        order = self._create_order(milestone_template_id=template.id)
        order.date_order = fields.Datetime.now() - timedelta(days=10)
        with Form(order.with_user(self.merchandiser)) as form:
            for name in REVIEW_FIELDS:
                setattr(form, name, True)
        self.assertTrue(order.review_done)
        order.with_user(self.merchandiser).action_confirm()
        review = order.milestone_ids.filtered(lambda m: m.auto_rule == "review_done")
        self.assertEqual(len(review), 1)
        self.assertEqual(review.state, "done")
        # the stage waits for the customer's confirmation of the PI, the
        # other half of "confirmed"
        self.assertEqual(order.gendan_stage, "review")
        order.with_user(self.merchandiser)._gendan_record_customer_confirmation(
            "email", contact=self.customer
        )
        self.assertEqual(order.gendan_stage, "confirmed")
