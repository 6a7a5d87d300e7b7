from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.gendan_tracking.tests.common import GendanCommon


@tagged("post_install", "-at_install")
class TestSaleCompat(GendanCommon):
    """Users without merchandising groups keep using sales and stock as before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the shipped readiness gates (export template, the demo's default)
        # would stop these deliveries for want of a final inspection: not
        # what is tested here (see test_gates)
        cls.env["gendan.gate"].search([]).write({"active": False})
        cls.salesman = new_test_user(
            cls.env,
            login="plain_salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.stock_user = new_test_user(
            cls.env,
            login="plain_stock_user",
            groups="stock.group_stock_user",
        )

    def test_salesman_opens_and_edits_own_order(self):
        order_form = Form(self.env["sale.order"].with_user(self.salesman))
        order_form.partner_id = self.customer
        with order_form.order_line.new() as line:
            line.product_id = self.product
            line.product_uom_qty = 3
        order = order_form.save()
        self.assertEqual(order.user_id, self.salesman)
        # reopening the form loads every field the form shows to this user
        with Form(order.with_user(self.salesman)) as reopened:
            reopened.client_order_ref = "PO-123"
        self.assertEqual(order.client_order_ref, "PO-123")
        self.assertNotIn(
            "gendan_satisfaction_count",
            order.with_user(self.salesman).fields_get(),
        )

    def test_stock_user_validates_delivery_survey_is_created(self):
        self.product.is_storable = True
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.env.ref("stock.stock_location_stock"), 5
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "merchandiser_id": self.merchandiser.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 5}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids.with_user(self.stock_user)
        picking.move_ids.quantity = 5
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        surveys = self.env["gendan.satisfaction"].search([("order_id", "=", order.id)])
        self.assertEqual(len(surveys), 1)
        self.assertEqual(surveys.partner_id, order.partner_id)

    def test_salesman_reads_every_field_of_an_order(self):
        """Odoo's own flows read() an order without a field list."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "merchandiser_id": self.merchandiser.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        values = order.with_user(self.salesman).read()[0]
        self.assertEqual(values["id"], order.id)
        for name in (
            "milestone_ids",
            "risk_ids",
            "cost_line_ids",
            "gendan_purchase_ids",
        ):
            self.assertNotIn(name, values)
        self.assertTrue(order.milestone_ids, "the merchandiser's plan is still made")

    def test_duplicating_orders(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [Command.create({"product_id": self.product.id})],
                "contract_clause_ids": [
                    Command.create({"name": "30% deposit", "clause_type": "payment"})
                ],
            }
        )
        copy_by_salesman = order.with_user(self.salesman).copy()
        self.assertEqual(len(copy_by_salesman.order_line), 1)
        self.assertFalse(copy_by_salesman.sudo().contract_clause_ids)
        copy_by_merchandiser = order.with_user(self.manager).copy()
        self.assertEqual(
            copy_by_merchandiser.contract_clause_ids.mapped("name"), ["30% deposit"]
        )
        self.assertEqual(len(order.contract_clause_ids), 1)
