from odoo.tests import Form, tagged

from .control_common import GendanControlCommon


@tagged("post_install", "-at_install")
class TestProgressReport(GendanControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "buyer@acme.example.com"
        cls.merchandiser.email = "mia@gendan.example.com"
        cls.report_order = cls._create_order(
            cls.customer, user_id=cls.merchandiser.id, client_order_ref="PO-ACME-77"
        )

    def _setup_progress(self, order):
        self._milestone(order, "Lab dips approved", -10).write(
            {"state": "done", "actual_date": self.today, "delay_reason": "customer"}
        )
        self._milestone(order, "Bulk production start", 5)
        self._milestone(
            order,
            "Supplier margin negotiation",
            3,
            customer_visible=False,
            note="INTERNAL-NOTE-XYZ",
        )
        self.env["gendan.cost.line"].create(
            {
                "order_id": order.id,
                "cost_type": "material",
                "name": "SECRET-COST-LINE",
                "budget_amount": 4321.0,
            }
        )

    def test_progress_email_content(self):
        order = self.report_order
        self._setup_progress(order)
        action = order.with_user(self.merchandiser).action_gendan_send_progress()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer_form = Form(
            self.env["mail.compose.message"]
            .with_user(self.merchandiser)
            .with_context(**action["context"])
        )
        self.assertIn("PO-ACME-77", composer_form.subject)
        composer = composer_form.save()
        composer._action_send_mail()
        message = order.message_ids.filtered(
            lambda m: m.message_type == "comment" and "Lab dips" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        body = message.body
        self.assertIn("Lab dips approved", body)
        self.assertIn("Bulk production start", body)
        self.assertIn("Upcoming milestones", body)
        self.assertIn("Shipments", body)
        self.assertNotIn("Supplier margin negotiation", body)
        self.assertNotIn("INTERNAL-NOTE-XYZ", body)
        self.assertNotIn("SECRET-COST-LINE", body)
        self.assertNotIn("4,321", body)
        self.assertNotIn("4321", body)
        # emailed to the customer, and kept in the chatter
        self.assertIn(self.customer, message.partner_ids)
        notification = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.customer
        )
        self.assertEqual(notification.notification_type, "email")
        self.assertEqual(message.author_id, self.merchandiser.partner_id)
