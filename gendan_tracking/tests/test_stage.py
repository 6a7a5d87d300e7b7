from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
class TestStage(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.storable = cls.env["product.product"].create(
            {"name": "Porcelain Vase", "type": "consu", "is_storable": True}
        )

    def test_stage_sequence_from_events(self):
        order = self._create_order(
            product=self.storable, commitment_date=datetime(2030, 1, 15, 10, 0, 0)
        )
        self.assertEqual(order.gendan_stage, "review")
        self._review(order)
        self.assertEqual(order.gendan_stage, "review")
        order._gendan_record_customer_confirmation("email", contact=self.customer)
        self.assertEqual(order.gendan_stage, "confirmed")
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.state, "confirmed")  # nothing in stock yet
        self.assertEqual(order.gendan_stage, "confirmed")
        # the supply side (purchase orders) moves the order to production
        order._gendan_advance_stage("production")
        self.assertEqual(order.gendan_stage, "production")
        self.env["stock.quant"]._update_available_quantity(
            self.storable, order.warehouse_id.lot_stock_id, 10.0
        )
        picking.sudo().action_assign()
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(order.gendan_stage, "shipping")
        picking.move_ids.write({"picked": True})
        picking.sudo().button_validate()
        self.assertEqual(order.gendan_stage, "delivered")
        invoice = order.sudo()._create_invoices()
        invoice.action_post()
        self.assertEqual(order.gendan_stage, "delivered")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(order.gendan_stage, "closed")
        # events never move it backwards
        self.assertFalse(order._gendan_advance_stage("shipping"))
        self.assertEqual(order.gendan_stage, "closed")

    def test_ready_delivery_does_not_skip_review(self):
        # consumables are reserved at once: the order is still in review
        order = self._create_order(user=self.manager)
        order.action_confirm()
        self.assertEqual(order.picking_ids.state, "assigned")
        self.assertEqual(order.gendan_stage, "review")

    def test_cancel(self):
        order = self._create_order()
        order._action_cancel()
        self.assertEqual(order.gendan_stage, "cancel")

    def test_manager_sets_stage_by_hand_and_it_is_tracked(self):
        order = self._create_order().with_context(
            tracking_disable=False, mail_notrack=False
        )
        # close the creation: records created without tracking are not tracked
        # before the transaction ends
        self.env.flush_all()
        self.env.cr.precommit.run()
        with self.assertRaisesRegex(UserError, "Only a merchandising manager"):
            order.gendan_stage = "production"
        self.env.invalidate_all()
        self.assertEqual(order.gendan_stage, "review")
        order.with_user(self.manager).gendan_stage = "inspection"
        self.env.flush_all()
        self.env.cr.precommit.run()

        self.assertEqual(order.gendan_stage, "inspection")
        tracking = order.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "gendan_stage"
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.new_value_char, "Inspection")
        # a manager may also move it back
        order.with_user(self.manager).gendan_stage = "confirmed"
        self.assertEqual(order.gendan_stage, "confirmed")
