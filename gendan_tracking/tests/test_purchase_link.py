from odoo import Command
from odoo.tests import Form, tagged

from .common_supply import GendanSupplyCommon


@tagged("post_install", "-at_install")
class TestPurchaseLink(GendanSupplyCommon):
    def test_mto_sale_order_creates_and_links_purchase(self):
        order = self._create_sale_order(qty=12)
        po_confirmed = self._add_milestone(order, "po_confirmed", category="material")
        received = self._add_milestone(order, "material_received", category="material")
        order.action_confirm()

        purchase = order.gendan_purchase_ids
        self.assertEqual(len(purchase), 1, "The MTO/buy route creates one PO")
        self.assertEqual(purchase.partner_id, self.vendor)
        self.assertEqual(purchase.gendan_sale_order_ids, order)
        self.assertEqual(purchase.merchandiser_id, self.merchandiser)
        self.assertEqual(purchase.order_line.product_qty, 12)
        # Odoo's own Purchase / Sale buttons already show this link: Gendan's
        # stat buttons stay hidden instead of showing it twice
        self.assertEqual(order.purchase_order_count, 1)
        self.assertFalse(order.gendan_purchase_extra)
        self.assertFalse(purchase.gendan_sale_extra)

        purchase.button_confirm()
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(po_confirmed.state, "done")
        self.assertEqual(po_confirmed.res_model, "purchase.order")
        self.assertEqual(po_confirmed.res_id, purchase.id)
        self.assertEqual(order.gendan_stage, "production")
        self.assertEqual(received.state, "pending")

        receipt = purchase.picking_ids
        self.assertEqual(receipt.picking_type_code, "incoming")
        self._validate(receipt)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(received.state, "done")
        self.assertEqual(received.res_model, "stock.picking")
        self.assertEqual(received.res_id, receipt.id)

    def test_partial_receipt_does_not_complete_material(self):
        order = self._create_sale_order(qty=10)
        received = self._add_milestone(order, "material_received", category="material")
        order.action_confirm()
        purchase = order.gendan_purchase_ids
        purchase.button_confirm()
        receipt = purchase.picking_ids
        receipt.move_ids.quantity = 4
        receipt.move_ids.picked = True
        receipt.with_context(cancel_backorder=False)._action_done()
        self.assertEqual(received.state, "pending", "A backorder is still open")
        backorder = purchase.picking_ids.filtered(lambda p: p.state != "done")
        self.assertTrue(backorder)
        self._validate(backorder)
        self.assertEqual(received.state, "done")

    def test_link_by_hand_from_purchase_form(self):
        order = self._create_sale_order(product=self.product)
        order.action_confirm()
        self.assertFalse(order.gendan_purchase_ids, "Stock product: no PO created")
        form = Form(self.env["purchase.order"])
        form.partner_id = self.vendor
        form.gendan_sale_order_ids.add(order)
        with form.order_line.new() as line:
            line.product_id = self.product
            line.product_qty = 5
        purchase = form.save()
        self.assertEqual(order.gendan_purchase_ids, purchase)
        self.assertEqual(purchase.merchandiser_id, self.merchandiser)
        # a link made by hand is Gendan's only: its buttons show it, counted
        self.assertTrue(order.gendan_purchase_extra)
        self.assertTrue(purchase.gendan_sale_extra)
        self.assertEqual(purchase.gendan_sale_order_count, 1)

    def test_link_from_sale_order_side(self):
        order = self._create_sale_order(product=self.product)
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 1})
                ],
            }
        )
        order.gendan_purchase_ids = [Command.link(purchase.id)]
        self.assertEqual(purchase.gendan_sale_order_ids, order)
        milestone = self._add_milestone(order, "po_confirmed")
        purchase.button_confirm()
        self.assertEqual(milestone.state, "done")

    def test_unlinked_purchase_fires_nothing(self):
        order = self._create_sale_order(product=self.product)
        milestone = self._add_milestone(order, "po_confirmed")
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 1})
                ],
            }
        )
        purchase.button_confirm()
        self.assertEqual(milestone.state, "pending")
        self.assertEqual(order.gendan_stage, "review")
