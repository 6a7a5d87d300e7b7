from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools import dates


@tagged("post_install", "-at_install", "gendan_browser")
class TestFollowupTour(HttpCase):
    def test_merchandiser_marks_milestone_done(self):
        merchandiser = mail_new_test_user(
            self.env,
            login="tour_followup",
            password="tour_followup",
            name="Tour Follower",
            groups="gendan_tracking.group_merchandiser",
        )
        template = self.env["gendan.milestone.template"].create(
            {
                "name": "Tour plan",
                "line_ids": [
                    Command.create(
                        {
                            "name": "Tour sample approved",
                            "anchor": "order_date",
                            "offset_days": 10,
                            "sequence": 10,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Tour goods shipped",
                            "category": "logistics",
                            "anchor": "commitment_date",
                            "offset_days": 0,
                            "auto_rule": "shipped",
                            "sequence": 20,
                        }
                    ),
                ],
            }
        )
        customer = self.env["res.partner"].create({"name": "Tour Customer Ltd"})
        product = self.env["product.product"].create(
            {"name": "Tour Mug", "type": "consu"}
        )
        order = (
            self.env["sale.order"]
            .with_user(merchandiser)
            .create(
                {
                    "partner_id": customer.id,
                    "milestone_template_id": template.id,
                    "commitment_date": fields.Datetime.now() + timedelta(days=40),
                    "order_line": [Command.create({"product_id": product.id})],
                    "review_specification": True,
                    "review_quantity": True,
                    "review_price": True,
                    "review_delivery_date": True,
                    "review_payment_terms": True,
                    "review_packing": True,
                }
            )
        )
        order.with_user(merchandiser).action_confirm()
        milestone = order.milestone_ids.filtered(
            lambda m: m.name == "Tour sample approved"
        )
        self.assertEqual(milestone.state, "pending")
        self.start_tour("/odoo", "gendan_tracking_followup_tour", login="tour_followup")
        milestone.invalidate_recordset()
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.actual_date, dates.today(milestone))

    def test_done_late_asks_the_reason_in_a_dialog(self):
        merchandiser = mail_new_test_user(
            self.env,
            login="tour_done_late",
            password="tour_done_late",
            name="Tour Late Follower",
            groups="gendan_tracking.group_merchandiser",
        )
        customer = self.env["res.partner"].create({"name": "Late Tour Buyer"})
        product = self.env["product.product"].create(
            {"name": "Late Tour Mug", "type": "consu"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "merchandiser_id": merchandiser.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.date_order = fields.Datetime.now() - timedelta(days=20)
        milestone = self.env["gendan.milestone"].create(
            {
                "order_id": order.id,
                "name": "Tour late step",
                "planned_date": dates.today(order) - timedelta(days=5),
            }
        )
        self.assertEqual(milestone.state, "late")
        self.start_tour(
            "/odoo/action-gendan_tracking.sale_order_action_gendan",
            "gendan_done_late_tour",
            login="tour_done_late",
        )
        milestone.invalidate_recordset()
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.delay_reason, "customer")
        self.assertEqual(milestone.delay_note, "The customer changed the artwork")
