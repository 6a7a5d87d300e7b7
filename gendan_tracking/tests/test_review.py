from odoo.exceptions import UserError
from odoo.tests import tagged

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
