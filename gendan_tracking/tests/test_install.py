from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GendanCommon


@tagged("post_install", "-at_install")
class TestInstall(GendanCommon):
    def test_groups_implied_chain(self):
        self.assertTrue(self.manager.has_group("gendan_tracking.group_merchandiser"))
        self.assertTrue(self.merchandiser.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(
            self.merchandiser.has_group("gendan_tracking.group_merchandising_manager")
        )
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("gendan_tracking.group_merchandising_manager"))

    def test_demo_merchandisers_land_on_the_board(self):
        """The demo team opens Odoo on its board, not in Discuss (the test
        database has the demo data)."""
        for xmlid, action in (
            ("gendan_tracking.user_lily_demo", "sale_order_action_gendan"),
            ("gendan_tracking.user_michael_demo", "sale_order_action_gendan_team"),
        ):
            user = self.env.ref(xmlid, raise_if_not_found=False)
            module = self.env["ir.module.module"].search(
                [("name", "=", "gendan_tracking")]
            )
            # installed with demo data (as the test command does): the users exist
            self.assertEqual(bool(user), module.demo, xmlid)
            if user:
                self.assertEqual(
                    user.action_id.id,
                    self.env.ref(f"gendan_tracking.{action}").id,
                    xmlid,
                )
        # the team board: every followed order, grouped by merchandiser
        team = self.env.ref("gendan_tracking.sale_order_action_gendan_team")
        self.assertIn("search_default_group_merchandiser", team.context)
        menu = self.env.ref("gendan_tracking.sale_order_menu_gendan_team")
        self.assertEqual(
            menu.groups_id, self.env.ref("gendan_tracking.group_merchandising_manager")
        )

    def test_merchandiser_default_on_order(self):
        order = (
            self.env["sale.order"]
            .with_user(self.merchandiser)
            .create({"partner_id": self.customer.id})
        )
        self.assertEqual(order.merchandiser_id, self.merchandiser)
        self.assertEqual(order.gendan_stage, "review")
        admin = self.env.ref("base.user_admin")
        order_by_admin = (
            self.env["sale.order"]
            .with_user(admin)
            .create({"partner_id": self.customer.id})
        )
        # admin is a merchandising manager, hence a merchandiser too
        self.assertEqual(order_by_admin.merchandiser_id, admin)
        # orders made by the system (superuser mode) get no merchandiser
        order_by_system = self.env["sale.order"].create(
            {"partner_id": self.customer.id}
        )
        self.assertFalse(order_by_system.merchandiser_id)

    def test_orders_without_merchandiser_confirm_as_in_standard_odoo(self):
        salesman = self.env["res.users"].create(
            {
                "name": "Plain Salesman",
                "login": "plain_salesman_gate",
                "groups_id": [(4, self.env.ref("sales_team.group_sale_salesman").id)],
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": salesman.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        self.assertFalse(order.review_done)
        order.with_user(salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        # the same order followed by a merchandiser is gated
        gated = order.copy({"merchandiser_id": self.merchandiser.id})
        with self.assertRaisesRegex(UserError, "review"):
            gated.with_user(salesman).action_confirm()
        self.assertEqual(gated.state, "draft")

    def test_see_all_orders_setting(self):
        self.assertFalse(self.company.gendan_see_all_orders)
        settings = self.env["res.config.settings"].create(
            {"gendan_see_all_orders": True}
        )
        settings.execute()
        self.assertTrue(self.company.gendan_see_all_orders)

    def test_required_columns_have_a_database_default(self):
        """An order inserted by code that does not know Gendan's fields (raw SQL,
        or another module's tests run before Gendan is loaded) is still valid."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                                    partner_shipping_id, company_id, currency_id,
                                    date_order, state, picking_policy,
                                    warehouse_id)
            SELECT 'SQL-1', %(p)s, %(p)s, %(p)s, c.id, c.currency_id, now(),
                   'draft', 'direct', w.id
              FROM res_company c
              JOIN stock_warehouse w ON w.company_id = c.id
             WHERE c.id = %(c)s
             LIMIT 1
         RETURNING id
            """,
            {"p": self.customer.id, "c": self.company.id},
        )
        order = self.env["sale.order"].browse(self.env.cr.fetchone()[0])
        self.assertEqual(
            (
                order.gendan_stage,
                order.customer_confirmation_state,
                order.contract_state,
            ),
            ("review", "pending", "draft"),
        )
