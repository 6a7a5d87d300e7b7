"""*Send Survey* on an order: only for delivered orders; says what it did or
why not, and logs the sending on the order."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestSendSurvey(AppraisalCommon):
    def _order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "merchandiser_id": self.merchandiser.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _surveys(self, order):
        return self.env["gendan.satisfaction"].search([("order_id", "=", order.id)])

    def _notes(self, order):
        return order.message_ids.filtered(
            lambda m: "Satisfaction survey mailed" in (m.body or "")
        )

    def test_refused_before_delivery(self):
        order = self._order()
        with self.assertRaises(UserError):
            order.with_user(self.merchandiser).action_gendan_send_survey()
        self.assertFalse(self._surveys(order))
        self.assertFalse(self._notes(order))

    def test_sends_logs_and_says_so(self):
        order = self._order()
        self.deliver(order, 2, order.date_order)
        self.assertEqual(order.delivery_status, "full")
        survey = self._surveys(order)  # created on delivery, mailed by the cron
        action = order.with_user(self.merchandiser).action_gendan_send_survey()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(self.customer.name, action["params"]["message"])
        self.assertEqual(self._surveys(order), survey, "no second survey")
        self.assertFalse(survey.send_pending)
        self.assertEqual(len(self._notes(order)), 1)
        # answered: nothing is sent, and it says why
        survey.write(
            {
                "product_quality": 5,
                "service_quality": 4,
                "communication": 5,
                "state": "done",
            }
        )
        self.assertEqual(survey.state, "done")
        action = order.with_user(self.merchandiser).action_gendan_send_survey()
        self.assertEqual(action["params"]["type"], "info")
        self.assertIn("already answered", action["params"]["message"])
        self.assertEqual(len(self._notes(order)), 1)
