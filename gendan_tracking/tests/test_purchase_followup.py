from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged

from ..tools import dates
from .common_supply import GendanSupplyCommon


@tagged("post_install", "-at_install")
class TestPurchaseFollowup(GendanSupplyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_sale_order(product=cls.product)
        cls.purchase = cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "gendan_sale_order_ids": [Command.link(cls.order.id)],
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_qty": 10})
                ],
            }
        )

    def test_required_date_from_commitment_minus_lead_time(self):
        self.company.gendan_purchase_lead_days = 14
        self.assertEqual(
            self.purchase.required_date, self.commitment - timedelta(days=14)
        )
        self.company.gendan_purchase_lead_days = 30
        self.assertEqual(
            self.purchase.required_date, self.commitment - timedelta(days=30)
        )

    def test_required_date_from_material_milestone(self):
        material_day = dates.today(self.env.company) + timedelta(days=20)
        self._add_milestone(
            self.order,
            "none",
            category="production",
            planned_date=material_day - timedelta(days=5),
            sequence=1,
        )
        # ordering the material is not receiving it: "PO placed" comes first
        # but does not set the date the goods are required
        self._add_milestone(
            self.order,
            "po_confirmed",
            category="material",
            planned_date=material_day - timedelta(days=12),
            sequence=2,
        )
        self._add_milestone(
            self.order,
            "material_received",
            category="material",
            planned_date=material_day,
            sequence=5,
        )
        self._add_milestone(
            self.order,
            "none",
            category="material",
            planned_date=material_day + timedelta(days=9),
            sequence=9,
        )
        self.assertEqual(self.purchase.required_date, material_day)

    def test_lead_time_cannot_be_negative(self):
        with self.assertRaises(ValidationError):
            self.company.gendan_purchase_lead_days = -1

    def test_late_promise_flags_purchase_and_sale_order(self):
        required = self.purchase.required_date
        self.purchase.supplier_promised_date = required
        self.assertFalse(self.purchase.is_supply_late)
        self.assertFalse(self.order.is_supply_late)
        self.assertEqual(self.purchase.supply_slack_days, 0)

        self.purchase.supplier_promised_date = required + timedelta(days=4)
        self.assertTrue(self.purchase.is_supply_late)
        self.assertTrue(self.order.is_supply_late)
        self.assertEqual(self.purchase.supply_slack_days, -4)
        self.assertIn(
            self.purchase,
            self.env["purchase.order"].search([("is_supply_late", "=", True)]),
        )
        self.assertIn(
            self.order, self.env["sale.order"].search([("is_supply_late", "=", True)])
        )

        self.purchase.button_cancel()
        self.assertFalse(self.order.is_supply_late, "A cancelled PO no longer counts")

    def test_expedite_log_updates_promise_and_keeps_history(self):
        required = self.purchase.required_date
        first = required - timedelta(days=2)
        second = required + timedelta(days=3)
        log_model = self.env["gendan.expedite.log"].with_user(self.merchandiser)
        log1 = log_model.create(
            {
                "purchase_id": self.purchase.id,
                "contact": "Mr. Wang",
                "note": "Kiln booked",
                "new_promised_date": first,
            }
        )
        self.assertEqual(self.purchase.supplier_promised_date, first)
        self.assertFalse(self.purchase.is_supply_late)
        log_model.create(
            {"purchase_id": self.purchase.id, "contact": "Mr. Wang", "note": "No news"}
        )
        self.assertEqual(
            self.purchase.supplier_promised_date,
            first,
            "An entry without a new promise keeps the promise",
        )
        log3 = log_model.create(
            {
                "purchase_id": self.purchase.id,
                "contact": "Ms. Li",
                "note": "Glaze shortage",
                "new_promised_date": second,
            }
        )
        self.assertEqual(self.purchase.supplier_promised_date, second)
        self.assertTrue(self.purchase.is_supply_late)
        self.assertTrue(self.order.is_supply_late)
        self.assertEqual(len(self.purchase.expedite_ids), 3)
        self.assertFalse(log1.previous_promised_date)
        self.assertEqual(log3.previous_promised_date, first)

    @freeze_time("2026-04-27 09:00:00")  # a Monday
    def test_expedite_moves_next_followup_and_closes_the_reminder(self):
        self.company.gendan_expedite_interval_days = 3
        self.purchase.next_followup_date = date(2026, 4, 20)
        self.env["purchase.order"]._cron_gendan_followup_activities()
        activity_type = self.env.ref(
            "gendan_tracking.mail_activity_type_purchase_followup"
        )

        def open_reminders():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "purchase.order"),
                    ("res_id", "=", self.purchase.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        self.assertEqual(len(open_reminders()), 1)
        self.env["gendan.expedite.log"].with_user(self.merchandiser).create(
            {"purchase_id": self.purchase.id, "contact": "Mr. Wang", "note": "Called"}
        )
        # three working days after today (the company works Monday to Friday)
        self.assertEqual(self.purchase.next_followup_date, date(2026, 4, 30))
        self.assertFalse(open_reminders(), "the reminder is marked done")
        # the cron does not remind again before the new date
        self.env["purchase.order"]._cron_gendan_followup_activities()
        self.assertFalse(open_reminders())
        with self.assertRaises(ValidationError):
            self.company.gendan_expedite_interval_days = 0

    def test_received_purchase_reminder_is_closed(self):
        self.purchase.next_followup_date = dates.today(self.env.company)
        self.env["purchase.order"]._cron_gendan_followup_activities()
        activity_type = self.env.ref(
            "gendan_tracking.mail_activity_type_purchase_followup"
        )
        domain = [
            ("res_model", "=", "purchase.order"),
            ("res_id", "=", self.purchase.id),
            ("activity_type_id", "=", activity_type.id),
        ]
        self.assertEqual(self.env["mail.activity"].search_count(domain), 1)
        self.purchase.button_confirm()
        receipt = self.purchase.picking_ids
        receipt.move_ids.quantity = 10
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(self.purchase.receipt_status, "full")
        self.env["purchase.order"]._cron_gendan_followup_activities()
        self.assertEqual(self.env["mail.activity"].search_count(domain), 0)

    def test_promise_is_the_expected_arrival(self):
        """One supplier date: the promise moves Odoo's expected arrival of the
        lines and the receipt's deadline; the earlier promise stays in the log."""
        self.purchase.button_confirm()
        receipt = self.purchase.picking_ids
        self.assertEqual(len(receipt), 1)
        promised = self.commitment - timedelta(days=20)
        self.env["gendan.expedite.log"].with_user(self.merchandiser).create(
            {"purchase_id": self.purchase.id, "new_promised_date": promised}
        )
        company = self.purchase.company_id
        self.assertEqual(self.purchase.supplier_promised_date, promised)
        self.assertEqual(
            dates.local_date(company, self.purchase.order_line.date_planned), promised
        )
        self.assertEqual(
            dates.local_date(company, self.purchase.date_planned), promised
        )
        # Odoo moves the receipt's deadline with the lines' expected arrival
        self.assertEqual(
            dates.local_date(company, receipt.move_ids.date_deadline), promised
        )
        later = promised + timedelta(days=5)
        self.env["gendan.expedite.log"].with_user(self.merchandiser).create(
            {"purchase_id": self.purchase.id, "new_promised_date": later}
        )
        self.assertEqual(dates.local_date(company, self.purchase.date_planned), later)
        self.assertEqual(
            self.purchase.expedite_ids.sorted("id")[-1].previous_promised_date, promised
        )
        self.assertEqual(
            self.purchase.supply_slack_days,
            (self.purchase.required_date - later).days,
        )

    def test_promise_before_purchase_date_refused(self):
        before = self.purchase.date_order.date() - timedelta(days=1)
        with self.assertRaises(ValidationError):
            self.purchase.supplier_promised_date = before
        with self.assertRaises(ValidationError):
            self.env["gendan.expedite.log"].create(
                {"purchase_id": self.purchase.id, "new_promised_date": before}
            )
        self.assertFalse(self.purchase.supplier_promised_date)

    def test_other_merchandiser_cannot_read_expedite_log(self):
        log = self.env["gendan.expedite.log"].create(
            {"purchase_id": self.purchase.id, "note": "Called"}
        )
        other = self.env["res.users"].create(
            {
                "name": "Olga Other",
                "login": "gendan_other_merch",
                "groups_id": [
                    Command.set([self.env.ref("gendan_tracking.group_merchandiser").id])
                ],
            }
        )
        log.with_user(self.merchandiser).check_access("read")
        with self.assertRaises(AccessError):
            log.with_user(other).check_access("read")
        log.with_user(self.manager).check_access("write")

    def test_followup_cron_is_idempotent(self):
        today = dates.today(self.env.company)
        due = self.purchase
        due.next_followup_date = today
        not_due = due.copy({"gendan_sale_order_ids": [Command.link(self.order.id)]})
        not_due.next_followup_date = today + timedelta(days=3)
        activity_type = self.env.ref(
            "gendan_tracking.mail_activity_type_purchase_followup"
        )

        def followups():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "purchase.order"),
                    ("res_id", "in", (due | not_due).ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        self.env["purchase.order"]._cron_gendan_followup_activities()
        activities = followups()
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.res_id, due.id)
        self.assertEqual(activities.user_id, self.merchandiser)
        self.assertEqual(activities.date_deadline, today)

        self.env["purchase.order"]._cron_gendan_followup_activities()
        self.assertEqual(followups(), activities, "Running twice creates nothing twice")

        activities.action_feedback(feedback="Supplier called")
        self.env["purchase.order"]._cron_gendan_followup_activities()
        self.assertEqual(len(followups()), 1, "Done activity: a new reminder is due")

    def test_followup_cron_sends_no_assignment_notification(self):
        """The daily reminders are activities in the merchandiser's list, not
        one "assigned to you" notification (e-mail) per purchase order."""
        self.purchase.next_followup_date = dates.today(self.env.company)

        def notifications():
            return self.env["mail.message"].search_count(
                [
                    ("model", "=", "purchase.order"),
                    ("res_id", "=", self.purchase.id),
                    ("message_type", "=", "user_notification"),
                ]
            )

        before = notifications()
        self.env["purchase.order"]._cron_gendan_followup_activities()
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "purchase.order"),
                ("res_id", "=", self.purchase.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "gendan_tracking.mail_activity_type_purchase_followup"
                    ).id,
                ),
            ]
        )
        self.assertEqual(activity.user_id, self.merchandiser)
        self.assertNotEqual(activity.user_id, self.env.user)
        self.assertEqual(notifications(), before)
        self.assertIn(
            self.merchandiser.partner_id,
            self.purchase.message_partner_ids,
            "The merchandiser still follows the purchase order",
        )

    def test_followup_cron_query_count_is_constant(self):
        today = dates.today(self.env.company)
        self.purchase.next_followup_date = today
        self.env["purchase.order"]._cron_gendan_followup_activities()
        more = self.env["purchase.order"]
        for _i in range(5):
            more |= self.purchase.copy({"next_followup_date": today})
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env["purchase.order"]._cron_gendan_followup_activities()
        many = self.env.cr.sql_log_count - start
        for _i in range(5):
            more |= self.purchase.copy({"next_followup_date": today})
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env["purchase.order"]._cron_gendan_followup_activities()
        more_many = self.env.cr.sql_log_count - start
        self.assertLessEqual(
            more_many,
            many + 2,
            "Reminders for 5 or 10 purchase orders cost the same queries",
        )
