import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GendanOrderCommon

# 1x1 transparent PNG
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestCustomerConfirmation(GendanOrderCommon):
    def _wizard(self, order, **values):
        action = order.action_gendan_record_confirmation()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.merchandiser)
            .with_context(**action["context"])
        )
        for key, value in values.items():
            setattr(wizard_form, key, value)
        return wizard_form.save()

    def test_record_confirmation_with_signed_pi(self):
        order = self._create_order()
        self._review(order)
        order.action_confirm()
        contact = self.env["res.partner"].create(
            {"name": "Bob Buyer", "parent_id": self.customer.id}
        )
        confirmed_at = order.create_date + timedelta(hours=5, minutes=30)
        wizard = self._wizard(
            order,
            channel="signed_pi",
            contact_id=contact,
            confirmed_date=confirmed_at,
            document=base64.b64encode(b"%PDF-1.4 signed"),
        )
        wizard.document_name = "PI-signed.pdf"  # set by the upload widget
        wizard.action_record()
        self.assertEqual(order.customer_confirmation_state, "confirmed")
        self.assertEqual(order.customer_confirmation_channel, "signed_pi")
        self.assertEqual(order.customer_confirmation_contact_id, contact)
        self.assertEqual(order.customer_confirmed_date, confirmed_at)
        self.assertAlmostEqual(order.confirmation_hours, 5.5, places=2)
        attachment = order.customer_confirmation_attachment_id
        self.assertEqual(attachment.name, "PI-signed.pdf")
        self.assertEqual(attachment.res_model, "sale.order")
        self.assertEqual(attachment.res_id, order.id)
        milestone = self._milestone(order, "Customer confirms PI")
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.actual_date, order._gendan_local_date(confirmed_at))
        self.assertEqual(milestone.res_model, "ir.attachment")
        self.assertEqual(milestone.res_id, attachment.id)
        self.assertEqual(order.gendan_stage, "confirmed")
        self.assertTrue(
            order.message_ids.filtered(lambda m: attachment in m.attachment_ids)
        )

    def test_signed_pi_needs_the_document(self):
        order = self._create_order()
        with self.assertRaisesRegex(AssertionError, "document is a required field"):
            self._wizard(order, channel="signed_pi")
        wizard = (
            self.env["gendan.customer.confirmation.wizard"]
            .with_user(self.merchandiser)
            .create({"order_id": order.id, "channel": "signed_pi"})
        )
        with self.assertRaisesRegex(UserError, "signed proforma"):
            wizard.action_record()
        self.assertEqual(order.customer_confirmation_state, "pending")

    def test_rejection(self):
        order = self._create_order()
        self._wizard(order, channel="email", result="rejected").action_record()
        self.assertEqual(order.customer_confirmation_state, "rejected")
        self.assertFalse(order.customer_confirmed_date)
        self.assertEqual(order.confirmation_hours, 0.0)
        self.assertEqual(order.gendan_stage, "review")

    def test_confirmation_before_plan_completes_milestone_at_generation(self):
        order = self._create_order()
        confirmed_at = fields.Datetime.now()
        order._gendan_record_customer_confirmation("email", confirmed_at, self.customer)
        self._review(order)
        order.action_confirm()
        milestone = self._milestone(order, "Customer confirms PI")
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.actual_date, order._gendan_local_date(confirmed_at))

    def test_portal_signature_confirms_without_review_gate(self):
        """The portal controller signs and confirms in sudo as the portal user:
        no review gate, and the signature is the customer's confirmation."""
        portal_user = mail_new_test_user(
            self.env, login="gendan_portal", groups="base.group_portal"
        )
        order = self._create_order(require_signature=True, require_payment=False)
        self.assertFalse(order.review_done)
        order_sudo = order.with_user(portal_user).sudo()
        order_sudo.write(
            {
                "signed_by": "Acme buyer",
                "signed_on": fields.Datetime.now(),
                "signature": SIGNATURE,
            }
        )
        order_sudo._validate_order()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.customer_confirmation_state, "confirmed")
        self.assertEqual(order.customer_confirmation_channel, "portal")
        self.assertEqual(order.customer_confirmed_date, order.signed_on)
        self.assertEqual(self._milestone(order, "Customer confirms PI").state, "done")
        # the review is still due: the order waits in the review stage
        self.assertEqual(order.gendan_stage, "review")
        self._review(order)
        self.assertEqual(order.gendan_stage, "confirmed")


@tagged("post_install", "-at_install", "gendan_browser")
class TestPortalAcceptance(HttpCase):
    def test_customer_signs_on_portal(self):
        merchandiser = mail_new_test_user(
            self.env,
            login="gendan_portal_merch",
            groups="gendan_tracking.group_merchandiser",
        )
        customer = self.env["res.partner"].create(
            {"name": "Portal Customer", "email": "buyer@example.com"}
        )
        product = self.env["product.product"].create(
            {"name": "Teapot", "type": "consu", "list_price": 12.0}
        )
        order = (
            self.env["sale.order"]
            .with_user(merchandiser)
            .create(
                {
                    "partner_id": customer.id,
                    "require_signature": True,
                    "require_payment": False,
                    "order_line": [(0, 0, {"product_id": product.id})],
                }
            )
        )
        order.action_quotation_sent()
        self.assertFalse(order.review_done)
        self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {
                "access_token": order._portal_ensure_token(),
                "name": "Portal Customer",
                "signature": SIGNATURE,
            },
        )
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.customer_confirmation_state, "confirmed")
        self.assertEqual(order.customer_confirmation_channel, "portal")
