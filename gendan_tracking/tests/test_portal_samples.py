"""The customer decides on a sample from the order's portal page:
``POST /my/orders/<order_id>/gendan/sample/<sample_id>``, CSRF-protected, for
their own order and its samples only."""

from datetime import timedelta

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools import dates


@tagged("post_install", "-at_install")
class TestPortalSamples(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["gendan.gate"].search([]).write({"active": False})
        cls.portal_user = new_test_user(
            cls.env,
            login="gendan_sample_portal",
            password="gendan_sample_portal1",
            groups="base.group_portal",
        )
        cls.customer = cls.portal_user.partner_id
        cls.other_customer = cls.env["res.partner"].create({"name": "Other Buyer"})
        cls.other_portal = new_test_user(
            cls.env,
            login="gendan_sample_other",
            password="gendan_sample_other1",
            groups="base.group_portal",
        )
        cls.other_portal.partner_id = cls.other_customer
        product = cls.env["product.product"].create(
            {"name": "Ceramic Mug", "type": "consu", "list_price": 10.0}
        )

        def make_order(partner):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 5})
                    ],
                }
            )
            order.action_confirm()
            return order

        cls.order = make_order(cls.customer)
        cls.other_order = make_order(cls.other_customer)
        today = dates.today(cls.env.user)

        def make_sample(order, sample_type):
            sample = cls.env["gendan.sample"].create(
                {
                    "order_id": order.id,
                    "order_line_id": order.order_line.id,
                    "sample_type": sample_type,
                    "date_requested": today - timedelta(days=5),
                    "date_due": today + timedelta(days=5),
                    "courier": "DHL",
                    "tracking_number": "TRACK-4711",
                }
            )
            sample.action_send()
            return sample

        cls.pp = make_sample(cls.order, "pp_sample")
        cls.lab_dip = make_sample(cls.order, "lab_dip")
        cls.planned = cls.env["gendan.sample"].create(
            {"order_id": cls.order.id, "sample_type": "fit", "name": "FIT-NOT-SENT"}
        )
        cls.other_sample = make_sample(cls.other_order, "pp_sample")

    def _url(self, order, sample):
        return f"/my/orders/{order.id}/gendan/sample/{sample.id}"

    def _post(self, order, sample, csrf=True, files=None, **data):
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(self._url(order, sample), data=data, files=files)

    def test_order_page_lists_the_samples_waiting(self):
        self.authenticate("gendan_sample_portal", "gendan_sample_portal1")
        response = self.url_open(f"/my/orders/{self.order.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('id="gendan_samples"', page)
        self.assertIn(self._url(self.order, self.pp), page)
        self.assertIn(self._url(self.order, self.lab_dip), page)
        self.assertIn("TRACK-4711", page)
        self.assertIn("Approve with comments", page)
        self.assertNotIn("FIT-NOT-SENT", page, "a sample not sent is not shown")

    def test_customer_approves_and_rejects(self):
        self.authenticate("gendan_sample_portal", "gendan_sample_portal1")
        day_before = dates.today(self.pp)
        response = self._post(
            self.order,
            self.pp,
            decision="rejected",
            comment="Colour too dark",
            files={"photos": ("swatch.png", b"\x89PNG fake image", "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("your decision is recorded", response.text)
        self.pp.invalidate_recordset()
        self.assertEqual(self.pp.state, "rejected")
        self.assertEqual(self.pp.customer_comment, "Colour too dark")
        self.assertEqual(self.pp.decided_by_id, self.customer)
        self.assertEqual(self.pp.decision_channel, "portal")
        # the company's day (the request may run past midnight)
        self.assertIn(self.pp.date_decided, (day_before, dates.today(self.pp)))
        self.assertEqual(self.pp.photo_ids.mapped("name"), ["swatch.png"])
        self.assertEqual(self.pp.next_ids.round, 2, "the next round is planned")
        # the chatter names the customer
        tracked = self.pp.message_ids.filtered("tracking_value_ids")[:1]
        self.assertEqual(tracked.author_id, self.customer)
        response = self._post(self.order, self.lab_dip, decision="approved")
        self.assertEqual(response.status_code, 200)
        self.lab_dip.invalidate_recordset()
        self.assertEqual(self.lab_dip.state, "approved")

    def test_bad_input_is_refused(self):
        self.authenticate("gendan_sample_portal", "gendan_sample_portal1")
        # a rejection without a comment: a 400 page, nothing saved
        response = self._post(self.order, self.pp, decision="rejected", comment="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Write the comments of your decision", response.text)
        response = self._post(self.order, self.pp, decision="whatever")
        self.assertEqual(response.status_code, 400)
        # a file that is not a photo
        response = self._post(
            self.order,
            self.pp,
            decision="approved",
            files={"photos": ("notes.exe", b"MZ", "application/octet-stream")},
        )
        self.assertEqual(response.status_code, 400)
        # a sample not sent waits for no decision
        response = self._post(self.order, self.planned, decision="approved")
        self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(self.pp.state, "sent")
        self.assertFalse(self.pp.photo_ids)
        self.assertEqual(self.planned.state, "planned")

    def test_without_csrf_token_refused(self):
        self.authenticate("gendan_sample_portal", "gendan_sample_portal1")
        response = self._post(self.order, self.pp, csrf=False, decision="approved")
        self.assertEqual(response.status_code, 400)
        self.pp.invalidate_recordset()
        self.assertEqual(self.pp.state, "sent")

    def test_another_customers_order_or_sample_refused(self):
        self.authenticate("gendan_sample_portal", "gendan_sample_portal1")
        # the other customer's order: redirected away, nothing changes
        response = self._post(self.other_order, self.other_sample, decision="approved")
        self.assertNotIn(f"/my/orders/{self.other_order.id}", response.url)
        # the other customer's sample through one's own order: not found
        response = self._post(self.order, self.other_sample, decision="approved")
        self.assertEqual(response.status_code, 404)
        # the other customer's page does not list one's samples either
        self.authenticate("gendan_sample_other", "gendan_sample_other1")
        response = self._post(self.order, self.pp, decision="approved")
        self.assertNotIn(f"/my/orders/{self.order.id}", response.url)
        page = self.url_open(f"/my/orders/{self.other_order.id}").text
        self.assertNotIn(self._url(self.order, self.pp), page)
        self.env.invalidate_all()
        self.assertEqual(self.other_sample.state, "sent")
        self.assertEqual(self.pp.state, "sent")

    def test_access_token_link_decides(self):
        # the customer opens the link of the e-mail without logging in
        token = self.order._portal_ensure_token()
        self.authenticate(None, None)
        response = self._post(
            self.order, self.lab_dip, decision="approved", access_token=token
        )
        self.assertEqual(response.status_code, 200)
        self.lab_dip.invalidate_recordset()
        self.assertEqual(self.lab_dip.state, "approved")
        self.assertEqual(self.lab_dip.decided_by_id, self.customer)
        # a wrong token is refused
        response = self._post(
            self.order, self.pp, decision="approved", access_token="wrong"
        )
        self.pp.invalidate_recordset()
        self.assertEqual(self.pp.state, "sent")
