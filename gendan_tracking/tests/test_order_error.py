from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools import dates
from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
class TestOrderError(GendanOrderCommon):
    def _confirmed_order(self, commitment):
        order = self._create_order(commitment_date=commitment)
        self._review(order)
        order.action_confirm()
        return order

    def _validate(self, picking, qty):
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking.with_context(cancel_backorder=False)._action_done()

    def test_late_shipment_logged_once(self):
        order = self._confirmed_order(fields.Datetime.now() - timedelta(days=3))
        picking = order.picking_ids
        self._validate(picking, 1.0)
        errors = order.error_ids
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors.error_type, "late_shipment")
        self.assertEqual(errors.merchandiser_id, self.merchandiser)
        self.assertIn(picking.name, errors.description)
        backorder = order.picking_ids - picking
        self._validate(backorder, 1.0)
        self.assertEqual(len(order.error_ids), 1)
        self.assertEqual(order.error_count, 1)

    def test_on_time_shipment_logs_nothing(self):
        order = self._confirmed_order(datetime(2030, 1, 15, 10, 0, 0))
        self._validate(order.picking_ids, 2.0)
        self.assertFalse(order.error_ids)

    def test_same_day_in_company_timezone_is_on_time(self):
        # committed for later today: done today is not late
        now = fields.Datetime.now()
        order = self._confirmed_order(now + timedelta(minutes=1))
        self._validate(order.picking_ids, 2.0)
        self.assertFalse(order.error_ids)

    def test_merchandiser_logs_error_and_access(self):
        order = self._create_order()
        with Form(self.env["gendan.order.error"].with_user(self.merchandiser)) as form:
            form.order_id = order
            form.error_type = "price"
            form.description = "Unit price typed as 1.00 instead of 10.00"
        error = form.save()
        self.assertEqual(error.merchandiser_id, self.merchandiser)
        self.assertEqual(error.found_by_id, self.merchandiser)
        self.assertEqual(error.date, dates.today(error))
        other = mail_new_test_user(
            self.env, login="gendan_other", groups="gendan_tracking.group_merchandiser"
        )
        with self.assertRaises(AccessError):
            error.with_user(other).read(["description"])
        self.company.gendan_see_all_orders = True
        self.env.invalidate_all()
        self.assertEqual(error.with_user(other).description, error.description)
        # managers see everything
        self.company.gendan_see_all_orders = False
        self.assertTrue(error.with_user(self.manager).description)
