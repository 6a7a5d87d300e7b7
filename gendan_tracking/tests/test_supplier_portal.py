"""The supplier's follow-up on the vendor portal (issue 17): what the page
shows and hides, what each POST does, and every refused input (HTTP, with
the database compared before and after)."""

import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .supplier_portal_common import (
    CUSTOMER_NAME,
    INTERNAL_NOTE,
    SALE_PRICE,
    SupplierPortalMixin,
)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@freeze_time("2026-03-10 03:00:00")
@tagged("post_install", "-at_install")
class TestSupplierPortal(SupplierPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_supplier_portal()

    def setUp(self):
        super().setUp()
        self.authenticate("sp_supplier", "sp_supplier1")

    def _page(self, purchase=None):
        response = self.url_open(f"/my/purchase/{(purchase or self.purchase).id}")
        self.assertEqual(response.status_code, 200)
        return response.text

    def _post(self, action, data=None, files=None, purchase=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = self._csrf()
        return self.url_open(
            f"/my/purchase/{(purchase or self.purchase).id}/gendan/{action}",
            data=data,
            files=files,
        )

    def _csrf(self):
        html = self._page()
        marker = 'name="csrf_token" value="'
        start = html.index(marker) + len(marker)
        return html[start : html.index('"', start)]

    def _assert_refused(self, action, data, expected, files=None):
        before = self._counts()
        response = self._post(action, data, files=files)
        self.assertEqual(response.status_code, 200)
        self.assertIn(expected, response.text)
        self.assertIn("o_gendan_portal_message", response.text)
        self.assertEqual(self._counts(), before)

    # -- what the supplier sees -----------------------------------------------

    def test_page_shows_followup_and_hides_secrets(self):
        html = self._page()
        self.assertIn('id="gendan_followup"', html)
        self.assertIn("Production started", html)
        self.assertIn(
            fields.Date.to_string(self.today + timedelta(days=25)).split("-")[0], html
        )
        # not the supplier's step, nor the customer, price or internal notes
        self.assertNotIn("Internal costing review", html)
        self.assertNotIn(CUSTOMER_NAME, html)
        self.assertNotIn("987.65", html)
        self.assertNotIn("987,65", html)
        self.assertNotIn(f"{SALE_PRICE:,.2f}", html)
        self.assertNotIn(INTERNAL_NOTE, html)
        self.assertNotIn(self.other_purchase.name, html)
        self.assertNotIn(self.order.name, html)

    def test_company_setting_reveals_the_customer(self):
        self.company.gendan_portal_show_customer = True
        html = self._page()
        self.assertIn(CUSTOMER_NAME, html)
        self.assertNotIn("987.65", html)

    def test_other_vendor_purchase_is_refused(self):
        # the page: Odoo's portal sends the user away
        response = self.url_open(f"/my/purchase/{self.other_purchase.id}")
        self.assertNotIn(f"/my/purchase/{self.other_purchase.id}", response.url)
        self.assertNotIn("gendan_followup", response.text)
        # the actions: 404, nothing saved
        csrf = self._csrf()
        before = self._counts()
        other_before = (
            self.other_purchase.supplier_promised_date,
            self.other_purchase.supplier_confirmed,
        )
        for action, data in (
            ("acknowledge", {}),
            ("promise", {"promised_date": "2026-04-20", "note": "Later"}),
            ("progress", {"milestone_id": self.milestone.id, "progress_percent": 50}),
            ("inspection_request", {"ready_date": "2026-04-01"}),
        ):
            response = self.url_open(
                f"/my/purchase/{self.other_purchase.id}/gendan/{action}",
                data=dict(data, csrf_token=csrf),
            )
            self.assertEqual(response.status_code, 404, action)
        self.assertEqual(self._counts(), before)
        self.other_purchase.invalidate_recordset()
        self.assertEqual(
            (
                self.other_purchase.supplier_promised_date,
                self.other_purchase.supplier_confirmed,
            ),
            other_before,
        )

    def test_missing_purchase_is_404(self):
        response = self._post("acknowledge", purchase=self.purchase.browse(999999))
        self.assertEqual(response.status_code, 404)

    def test_post_without_csrf_token_is_refused(self):
        before = self._counts()
        response = self._post("acknowledge", {"confirm": "1"}, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    # -- bad input: a clear message, nothing saved ----------------------------

    def test_promise_before_the_purchase_date(self):
        self._assert_refused(
            "promise",
            {"promised_date": "2026-02-01", "note": "Earlier"},
            "cannot be before the date of purchase order",
        )

    def test_promise_outside_the_years(self):
        self._assert_refused(
            "promise",
            {"promised_date": "2300-01-01", "note": "Far"},
            "use a year between 1900 and 2199",
        )
        self._assert_refused(
            "promise",
            {"promised_date": "1899-12-31", "note": "Old"},
            "use a year between 1900 and 2199",
        )
        self._assert_refused(
            "promise", {"promised_date": "not-a-date", "note": "x"}, "is not a date"
        )

    def test_promise_without_note(self):
        self._assert_refused(
            "promise",
            {"promised_date": "2026-05-01", "note": "   "},
            "Say in a note why the delivery date changes",
        )

    def test_progress_on_a_step_that_is_not_the_suppliers(self):
        self._assert_refused(
            "progress",
            {"milestone_id": self.merchant_milestone.id, "progress_percent": 40},
            "This step is not one of yours to update",
        )
        self._assert_refused(
            "progress",
            {"milestone_id": "abc", "progress_percent": 40},
            "This step is not one of yours to update",
        )

    def test_progress_bad_values(self):
        self._assert_refused(
            "progress",
            {"milestone_id": self.milestone.id, "progress_percent": 140},
            "The progress is a number from 0 to 100",
        )
        self._assert_refused(
            "progress",
            {"milestone_id": self.milestone.id},
            "Give the date the step was done, or its progress",
        )
        self._assert_refused(
            "progress",
            {"milestone_id": self.milestone.id, "actual_date": "2026-03-20"},
            "A step cannot be done in the future",
        )
        self._assert_refused(
            "progress",
            {"milestone_id": self.milestone.id, "actual_date": "2026-01-05"},
            "cannot be before the date of purchase order",
        )

    def test_progress_done_late_needs_a_note(self):
        self.milestone.planned_date = self.today - timedelta(days=3)
        self._assert_refused(
            "progress",
            {
                "milestone_id": self.milestone.id,
                "actual_date": fields.Date.to_string(self.today),
            },
            "say in a note why it is done later",
        )

    def test_file_over_the_size_limit(self):
        self.env["ir.config_parameter"].set_param(
            "gendan_tracking.portal_upload_max_mb", "0.001"
        )
        self._assert_refused(
            "progress",
            {"milestone_id": self.milestone.id, "progress_percent": 30},
            "is larger than 0.001 MB",
            files={"attachments": ("big.png", b"x" * 2048, "image/png")},
        )

    def test_inspection_ready_in_the_past(self):
        self._assert_refused(
            "inspection_request",
            {"ready_date": "2026-03-02"},
            "The goods cannot be ready in the past",
        )
        self._assert_refused(
            "inspection_request", {"ready_date": ""}, "Give the ready date"
        )

    # -- what the actions do --------------------------------------------------

    def test_acknowledge(self):
        response = self._post("acknowledge")
        self.assertIn("the purchase order is acknowledged", response.text)
        self.purchase.invalidate_recordset()
        self.assertTrue(self.purchase.supplier_confirmed)
        self.assertEqual(self.purchase.supplier_confirmed_date, self.today)
        self.assertEqual(
            self.purchase.supplier_confirmed_by_id, self.supplier.partner_id
        )
        message = self.purchase.message_ids.filtered(
            lambda m: "acknowledged the purchase order" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.supplier.partner_id)

    def test_promise_later_than_required(self):
        first = self.purchase.supplier_first_promised_date
        self.assertEqual(first, self.today + timedelta(days=25))
        response = self._post(
            "promise", {"promised_date": "2026-04-20", "note": "Kiln repair"}
        )
        self.assertIn("Your new delivery date is recorded", response.text)
        self.env.invalidate_all()
        purchase = self.purchase
        self.assertEqual(
            purchase.supplier_promised_date, fields.Date.to_date("2026-04-20")
        )
        self.assertEqual(purchase.supplier_first_promised_date, first)
        log = purchase.expedite_ids[0]
        self.assertEqual(
            (log.channel, log.contact, log.note, log.user_id),
            ("portal", "Wang Wei", "Kiln repair", self.supplier),
        )
        self.assertEqual(
            {line.date_planned.date() for line in purchase.order_line},
            {fields.Date.to_date("2026-04-20")},
        )
        self.assertTrue(purchase.is_supply_late)
        activity = purchase.activity_ids.filtered(
            lambda a: (
                a.user_id == self.merchandiser
                and a.summary == "Supplier promise later than required"
            )
        )
        self.assertEqual(len(activity), 1)
        risk = self.env["gendan.risk"].search(
            [
                ("order_id", "=", self.order.id),
                ("rule", "=", "supply_late"),
                ("state", "!=", "closed"),
            ]
        )
        self.assertEqual(len(risk), 1)
        # the supplier reads their promise and their own note; the call note
        # of the merchandiser stays internal
        html = response.text
        self.assertIn("Kiln repair", html)
        self.assertNotIn(INTERNAL_NOTE, html)
        # a second late promise: still one activity, telling the latest date
        self._post("promise", {"promised_date": "2026-04-25", "note": "Glaze"})
        self.env.invalidate_all()
        activity = purchase.activity_ids.filtered(
            lambda a: a.summary == "Supplier promise later than required"
        )
        self.assertEqual(len(activity), 1)
        self.assertIn("04/25/2026", str(activity.note))

    def test_promise_on_time_gives_no_activity(self):
        self._post("promise", {"promised_date": "2026-04-01", "note": "Earlier"})
        self.env.invalidate_all()
        self.assertFalse(self.purchase.is_supply_late)
        self.assertFalse(
            self.purchase.activity_ids.filtered(
                lambda a: a.summary == "Supplier promise later than required"
            )
        )

    def test_progress_with_a_photo(self):
        response = self._post(
            "progress",
            {
                "milestone_id": self.milestone.id,
                "actual_date": "2026-03-09",
                "note": "Line 2 running",
            },
            files={"attachments": ("line2.png", PNG, "image/png")},
        )
        self.assertIn("Your progress report is recorded", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.milestone.state, "done")
        self.assertEqual(self.milestone.actual_date, fields.Date.to_date("2026-03-09"))
        message = self.purchase.message_ids.filtered("attachment_ids")[:1]
        self.assertEqual(message.author_id, self.supplier.partner_id)
        self.assertEqual(message.attachment_ids.name, "line2.png")
        self.assertIn("Line 2 running", message.body)

    def test_progress_percent(self):
        self._post(
            "progress", {"milestone_id": self.milestone.id, "progress_percent": 40}
        )
        self.env.invalidate_all()
        self.assertEqual(
            (self.milestone.state, self.milestone.progress_percent), ("in_progress", 40)
        )

    def test_inspection_request(self):
        response = self._post(
            "inspection_request", {"ready_date": "2026-03-25", "note": "Carton 1-40"}
        )
        self.assertIn("Your inspection request is sent", response.text)
        inspection = self.env["qc.inspection"].search(
            [("purchase_id", "=", self.purchase.id)]
        )
        self.assertEqual(len(inspection), 1)
        self.assertEqual(
            (
                inspection.state,
                inspection.sale_order_id,
                inspection.inspection_stage,
                inspection.user,
            ),
            ("plan", self.order, "pre_shipment", self.quality_user),
        )
        self.assertEqual(inspection.activity_ids.user_id, self.quality_user)
        self.assertIn(inspection.name, response.text)

    # -- the page costs the same whatever the supplier has ---------------------

    def _page_queries(self):
        self._page()  # warm the caches
        count0 = self.cr.sql_log_count
        self._page()
        return self.cr.sql_log_count - count0

    def test_query_count_constant(self):
        # one of each thing the page lists: a step, a promise, an inspection
        self.env["qc.inspection"].create(
            {"sale_order_id": self.order.id, "purchase_id": self.purchase.id}
        )
        one = self._page_queries()
        with self.assertQueryCount(one):
            self._page()
        for number in range(19):
            self._supplier_milestone(f"Step {number}", 3 + number)
            self._make_purchase(self.vendor, self.order)
            self.env["qc.inspection"].create(
                {"sale_order_id": self.order.id, "purchase_id": self.purchase.id}
            )
        self._page()
        with self.assertQueryCount(one):
            self._page()
