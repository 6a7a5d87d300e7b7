"""Indicators on gendan_tracking data of issue 3: order errors and customer
confirmation. Runs once gendan.order.error and sale.order.confirmation_hours
are merged into main."""

from odoo.tests import tagged

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestIndicatorsTracking(AppraisalCommon):
    def _confirmed_on(self, when, merchandiser=None):
        order = self.make_order(merchandiser)
        order.date_order = when
        return order

    def test_error_rate(self):
        orders = [
            self._confirmed_on(self.local(2025, 3, day, 10)) for day in (3, 10, 17, 24)
        ]
        self._confirmed_on(self.local(2025, 4, 1, 0, 30))  # April locally
        Error = self.env["gendan.order.error"]
        for order, date in (
            (orders[0], "2025-03-05"),
            (orders[1], "2025-03-12"),
            (orders[1], "2025-03-13"),
            (orders[2], "2025-04-02"),  # next month
        ):
            Error.create(
                {
                    "order_id": order.id,
                    "merchandiser_id": self.merchandiser.id,
                    "error_type": "data_entry",
                    "date": date,
                }
            )
        values = self.compute("error_rate")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 75.0)  # 3 errors / 4 orders
        self.assertEqual(mine.count, 4)
        self.assertEqual(set(mine.res_ids), {order.id for order in orders})
        self.assertNotIn(self.merchandiser2.id, values)
        self.assertEqual(self.compute("error_rate", self.idle_merchandiser), {})

    def test_confirmation_hours(self):
        def confirmed(created, customer_confirmed):
            order = self.make_order()
            self.env.cr.execute(
                "UPDATE sale_order SET create_date = %s WHERE id = %s",
                (created, order.id),
            )
            order.invalidate_recordset()
            order.customer_confirmed_date = customer_confirmed
            return order

        fast = confirmed(self.local(2025, 3, 1, 8), self.local(2025, 3, 1, 20))
        slow = confirmed(self.local(2025, 3, 10, 8), self.local(2025, 3, 13, 8))
        confirmed(self.local(2025, 3, 30, 8), self.local(2025, 4, 1, 8))
        self.assertAlmostEqual(fast.confirmation_hours, 12.0)
        values = self.compute("confirmation_hours")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 42.0)  # (12 + 72) / 2
        self.assertEqual(mine.count, 2)
        self.assertEqual(set(mine.res_ids), {fast.id, slow.id})
        self.assertEqual(self.compute("confirmation_hours", self.idle_merchandiser), {})
