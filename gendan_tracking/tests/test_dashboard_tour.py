from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools import dates


@tagged("post_install", "-at_install", "gendan_browser")
class TestDashboardTour(HttpCase):
    def test_manager_uses_the_dashboard(self):
        """The dashboard is a client action with KPI cards, a period and
        filters; a card opens the rows behind it."""
        mail_new_test_user(
            self.env,
            login="tour_dash_manager",
            password="tour_dash_manager",
            name="Tour Dashboard Manager",
            groups="gendan_tracking.group_merchandising_manager",
        )
        dana = mail_new_test_user(
            self.env,
            login="tour_dash_merch",
            name="Dana Dashboard",
            groups="gendan_tracking.group_merchandiser",
        )
        customer = self.env["res.partner"].create({"name": "Dashboard Buyer"})
        product = self.env["product.product"].create(
            {"name": "Dashboard Mug", "type": "consu", "list_price": 10.0}
        )
        # due in the middle of the last full month, the dashboard's default
        first = dates.today(self.env.company).replace(day=1)
        due = (first - timedelta(days=1)).replace(day=15)
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "merchandiser_id": dana.id,
                "commitment_date": datetime.combine(due, time(4, 0)),
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2})
                ],
            }
        )
        order.action_confirm()
        self.start_tour(
            "/odoo/action-gendan_tracking.gendan_analysis_dashboard_client_action",
            "gendan_dashboard_tour",
            login="tour_dash_manager",
        )
