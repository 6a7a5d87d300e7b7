import re

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "gendan_browser")
class TestSurveyPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merchandiser = mail_new_test_user(
            cls.env,
            login="gendan_portal_merch",
            name="Mia Merchandiser",
            groups="gendan_tracking.group_merchandiser",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Acme Imports Ltd", "email": "buyer@acme.example.com"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Ceramic Mug", "type": "consu", "list_price": 10.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "merchandiser_id": cls.merchandiser.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 1})
                ],
            }
        )
        cls.order.action_confirm()
        cls.survey = cls.env["gendan.satisfaction"].create(
            {"order_id": cls.order.id, "source": "email"}
        )
        cls.survey._portal_ensure_token()

    def test_anonymous_with_token(self):
        url = f"/gendan/survey/{self.survey.id}?access_token={self.survey.access_token}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("How did we do?", response.text)
        self.assertIn(self.order.name, response.text)
        for question in ("product_quality", "service_quality", "communication"):
            self.assertIn(f'name="{question}"', response.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        response = self.url_open(
            url,
            data={
                "csrf_token": csrf,
                "product_quality": "5",
                "service_quality": "4",
                "communication": "4",
                "comment": "Quick answers, thanks",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your answer", response.text)
        self.survey.invalidate_recordset()
        self.assertEqual(self.survey.state, "done")
        self.assertEqual(self.survey.source, "portal")
        self.assertAlmostEqual(self.survey.score, 13 / 3, places=2)
        self.assertEqual(self.survey.comment, "Quick answers, thanks")

    def test_logged_in_customer_reaches_the_survey(self):
        """From the order's portal page, without the e-mail's link."""
        portal = mail_new_test_user(
            self.env,
            login="gendan_survey_buyer",
            password="gendan_survey_buyer1",
            groups="base.group_portal",
        )
        portal.partner_id.parent_id = self.customer
        self.order.message_subscribe(partner_ids=portal.partner_id.ids)
        self.authenticate("gendan_survey_buyer", "gendan_survey_buyer1")
        page = self.url_open(f"/my/orders/{self.order.id}").text
        self.assertIn("Answer the survey", page)
        link = re.search(r'href="(/gendan/survey/\d+[^"]*)"', page).group(1)
        survey_page = self.url_open(link.replace("&amp;", "&"))
        self.assertEqual(survey_page.status_code, 200)
        self.assertIn("1 very poor", survey_page.text)
        # and without any token, as the logged-in customer
        response = self.url_open(f"/gendan/survey/{self.survey.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("How did we do?", response.text)
        # a customer of another company does not
        stranger = mail_new_test_user(
            self.env,
            login="gendan_survey_stranger",
            password="gendan_survey_stranger1",
            groups="base.group_portal",
        )
        self.assertNotEqual(stranger.partner_id.commercial_partner_id, self.customer)
        self.authenticate("gendan_survey_stranger", "gendan_survey_stranger1")
        response = self.url_open(f"/gendan/survey/{self.survey.id}")
        self.assertEqual(response.status_code, 404)

    def test_refused_without_or_with_bad_token(self):
        response = self.url_open(f"/gendan/survey/{self.survey.id}")
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/gendan/survey/{self.survey.id}?access_token=nope")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(self.order.name, response.text)

    def test_survey_mailed_on_delivery(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "merchandiser_id": self.merchandiser.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": 2})
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.button_validate()
        cron = self.env.ref("gendan_appraisal.ir_cron_gendan_satisfaction_send")
        survey = self.env["gendan.satisfaction"].search([("order_id", "=", order.id)])
        self.assertEqual(len(survey), 1)
        self.assertEqual(survey.state, "pending")
        # the delivery neither renders nor sends the mail: the scheduled
        # action is triggered and mails it right after the commit
        self.assertTrue(survey.send_pending)
        comment = self.env.ref("mail.mt_comment")

        def mailed():
            return survey.message_ids.filtered(lambda m: m.subtype_id == comment)

        self.assertFalse(mailed())
        self.assertTrue(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        )
        self.env["gendan.satisfaction"]._cron_send_pending()
        self.assertFalse(survey.send_pending)
        self.assertTrue(survey.access_token)
        message = survey.message_ids.filtered(
            lambda m: survey.access_token in (m.body or "")
        )
        self.assertTrue(message, "the survey link is mailed to the customer")
        self.assertIn(self.customer, message.partner_ids)
        self.assertTrue(
            self.env["mail.mail"].search_count([("mail_message_id", "=", message.id)]),
            "queued in Odoo's mail queue",
        )
        # running it again mails nothing twice
        self.env["gendan.satisfaction"]._cron_send_pending()
        self.assertEqual(mailed(), message)
