from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools import dates


@tagged("post_install", "-at_install", "gendan_browser")
class TestPortalProgress(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = dates.today(cls.env.user)
        cls.portal_user = new_test_user(
            cls.env,
            login="gendan_portal",
            password="gendan_portal1",
            groups="base.group_portal",
        )
        cls.customer = cls.portal_user.partner_id
        cls.other_customer = cls.env["res.partner"].create({"name": "Other Buyer"})
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
            order.date_order = fields.Datetime.now() - timedelta(days=30)
            return order

        cls.order = make_order(cls.customer)
        cls.other_order = make_order(cls.other_customer)
        Milestone = cls.env["gendan.milestone"]
        Milestone.create(
            {
                "order_id": cls.order.id,
                "name": "Samples approved",
                "planned_date": today - timedelta(days=3),
                "state": "done",
                "actual_date": today,
                "delay_reason": "customer",
            }
        )
        Milestone.create(
            {
                "order_id": cls.order.id,
                "name": "Vessel departure",
                "planned_date": today + timedelta(days=20),
            }
        )
        Milestone.create(
            {
                "order_id": cls.order.id,
                "name": "Internal price review",
                "planned_date": today + timedelta(days=2),
                "customer_visible": False,
                "note": "INTERNAL-NOTE-XYZ",
            }
        )
        Milestone.create(
            {
                "order_id": cls.other_order.id,
                "name": "Other customer milestone",
                "planned_date": today,
            }
        )
        cls.env["gendan.cost.line"].create(
            {
                "order_id": cls.order.id,
                "name": "SECRET-COST-LINE",
                "budget_amount": 4321.0,
            }
        )

    def test_portal_order_shows_progress_without_costs(self):
        self.authenticate("gendan_portal", "gendan_portal1")
        response = self.url_open("/my/orders/%d" % self.order.id)
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn("Order Progress", html)
        self.assertIn("Samples approved", html)
        self.assertIn("Vessel departure", html)
        self.assertNotIn("Internal price review", html)
        self.assertNotIn("INTERNAL-NOTE-XYZ", html)
        self.assertNotIn("SECRET-COST-LINE", html)
        self.assertNotIn("4,321", html)

    def test_portal_contact_is_the_merchandiser(self):
        merchandiser = new_test_user(
            self.env,
            login="gendan_portal_merch",
            name="Mia Merchandiser",
            groups="gendan_tracking.group_merchandiser",
        )
        salesperson = new_test_user(
            self.env,
            login="gendan_portal_sales",
            name="Sam Salesperson",
            groups="sales_team.group_sale_salesman",
        )
        self.order.write(
            {"user_id": salesperson.id, "merchandiser_id": merchandiser.id}
        )
        self.authenticate("gendan_portal", "gendan_portal1")
        html = self.url_open("/my/orders/%d" % self.order.id).text
        self.assertIn("Your contact", html)
        self.assertIn("Mia Merchandiser", html)
        self.assertNotIn("Sam Salesperson", html)
        # an order nobody follows keeps Odoo's contact, the salesperson
        self.order.merchandiser_id = False
        html = self.url_open("/my/orders/%d" % self.order.id).text
        self.assertIn("Sam Salesperson", html)

    def test_delayed_milestones_and_expected_shipping(self):
        today = dates.today(self.env.user)
        # an order planned without dependencies: its ship date moves by the
        # largest delay of the steps before shipping (with dependencies, by
        # the network: test_critical_path.py)
        self.order.milestone_ids.predecessor_ids = [Command.clear()]
        late = self.env["gendan.milestone"].create(
            {
                "order_id": self.order.id,
                "name": "Bulk fabric dyed",
                "planned_date": today - timedelta(days=10),
                "sequence": 1,
            }
        )
        self.assertEqual(late.state, "late")
        self.env["gendan.milestone"].create(
            {
                "order_id": self.order.id,
                "name": "Goods on board",
                "category": "logistics",
                "auto_rule": "shipped",
                "planned_date": today + timedelta(days=30),
                "sequence": 50,
            }
        )
        self.assertGreater(self.order.projected_ship_date, today + timedelta(days=30))
        self.authenticate("gendan_portal", "gendan_portal1")
        html = self.url_open("/my/orders/%d" % self.order.id).text
        self.assertIn("Delayed milestones", html)
        delayed = html.split("Delayed milestones", 1)[1].split("Upcoming milestones")[0]
        self.assertIn("Bulk fabric dyed", delayed)
        upcoming = html.split("Upcoming milestones", 1)[1]
        self.assertNotIn("Bulk fabric dyed", upcoming)
        self.assertIn("Expected shipping date", html)
        self.assertIn("moved from", html)

    def test_upcoming_milestones_by_date(self):
        """The customer reads the coming steps in the order they will happen,
        not in the order of the template."""
        today = dates.today(self.env.user)
        Milestone = self.env["gendan.milestone"]
        Milestone.create(
            {
                "order_id": self.order.id,
                "name": "Cartons printed",
                "planned_date": today + timedelta(days=15),
                "sequence": 5,
            }
        )
        Milestone.create(
            {
                "order_id": self.order.id,
                "name": "Labels approved",
                "planned_date": today + timedelta(days=5),
                "sequence": 40,
            }
        )
        self.authenticate("gendan_portal", "gendan_portal1")
        html = self.url_open("/my/orders/%d" % self.order.id).text
        upcoming = html.split("Upcoming milestones", 1)[1]
        self.assertLess(
            upcoming.index("Labels approved"), upcoming.index("Cartons printed")
        )

    def test_other_customer_order_is_refused(self):
        self.authenticate("gendan_portal", "gendan_portal1")
        response = self.url_open("/my/orders/%d" % self.other_order.id)
        self.assertNotIn("Other customer milestone", response.text)
        self.assertNotIn("/my/orders/%d" % self.other_order.id, response.url)
