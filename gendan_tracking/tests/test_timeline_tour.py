from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools import dates


@tagged("post_install", "-at_install", "gendan_browser")
class TestTimelineTour(HttpCase):
    """Drag a milestone on the order's timeline: the dialog asks the delay
    reason, and the successors move.

    The clock is not frozen: the browser keeps its own, and the dates are
    taken from the company's day with weeks of margin, so the tour passes at
    any hour (the other tours do the same)."""

    def test_drag_asks_the_reason_and_pushes_the_successors(self):
        merchandiser = mail_new_test_user(
            self.env,
            login="tour_timeline",
            password="tour_timeline",
            name="Tina Timeline",
            groups="gendan_tracking.group_merchandiser",
        )
        customer = self.env["res.partner"].create({"name": "Timeline Tour Buyer"})
        product = self.env["product.product"].create(
            {"name": "Timeline Tour Mug", "type": "consu"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "merchandiser_id": merchandiser.id,
                "user_id": merchandiser.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.date_order = fields.Datetime.now() - timedelta(days=3)
        today = dates.today(order)
        Milestone = self.env["gendan.milestone"]
        done = Milestone.create(
            {
                "order_id": order.id,
                "name": "Tour order reviewed",
                "planned_date": today - timedelta(days=2),
            }
        )
        done.write({"state": "done", "actual_date": today - timedelta(days=2)})
        sample = Milestone.create(
            {
                "order_id": order.id,
                "name": "Tour sample approved",
                "planned_date": today + timedelta(days=7),
                "customer_visible": True,
                "predecessor_ids": [Command.set(done.ids)],
            }
        )
        inspection = Milestone.create(
            {
                "order_id": order.id,
                "name": "Tour final inspection",
                "planned_date": today + timedelta(days=14),
                "customer_visible": False,
                "predecessor_ids": [Command.set(sample.ids)],
            }
        )
        shipped = Milestone.create(
            {
                "order_id": order.id,
                "name": "Tour goods shipped",
                "planned_date": today + timedelta(days=28),
                "customer_visible": True,
                "predecessor_ids": [Command.set(inspection.ids)],
            }
        )
        before = {m: m.planned_date for m in (sample, inspection, shipped)}
        self.start_tour(
            f"/odoo/action-gendan_tracking.sale_order_action_gendan/{order.id}",
            "gendan_timeline_tour",
            login="tour_timeline",
        )
        self.env.invalidate_all()
        self.assertGreater(sample.planned_date, before[sample])
        self.assertGreater(
            inspection.planned_date, before[inspection], "the successor moved"
        )
        self.assertGreater(shipped.planned_date, before[shipped])
        self.assertEqual(sample.delay_reason, "supplier")
        self.assertEqual(sample.delay_note, "The fabric arrived late")
        self.assertEqual(done.planned_date, today - timedelta(days=2))
