from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools import dates


@tagged("post_install", "-at_install", "gendan_browser")
class TestSupplyTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merchandiser = mail_new_test_user(
            cls.env,
            login="tour_supply",
            password="tour_supply",
            name="Sue Supply",
            groups="gendan_tracking.group_merchandiser",
        )
        customer = cls.env["res.partner"].create({"name": "Tour Customer"})
        vendor = cls.env["res.partner"].create({"name": "Tour Vendor"})
        product = cls.env["product.product"].create(
            {"name": "Tour Mug", "is_storable": True}
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 10
        )
        commitment = dates.today(cls.env.company) + timedelta(days=40)
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "merchandiser_id": cls.merchandiser.id,
                "user_id": cls.merchandiser.id,
                "commitment_date": fields.Datetime.to_datetime(commitment),
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2})
                ],
            }
        )
        cls.order.action_confirm()
        cls.purchase = cls.env["purchase.order"].create(
            {
                "name": "GENDAN-TOUR-PO",
                "partner_id": vendor.id,
                "gendan_sale_order_ids": [Command.link(cls.order.id)],
                "order_line": [
                    Command.create({"product_id": product.id, "product_qty": 2})
                ],
            }
        )
        cls.purchase.required_date = commitment - timedelta(days=14)
        cls.purchase.supplier_promised_date = commitment - timedelta(days=9)

    def test_purchase_followup_list(self):
        self.assertTrue(self.purchase.is_supply_late)
        self.start_tour(
            "/odoo/action-gendan_tracking.purchase_order_action_followup",
            "gendan_tracking_purchase_followup_tour",
            login="tour_supply",
        )
        self.assertEqual(self.purchase.expedite_ids.contact, "Mr. Wang")

    def test_shipment_group(self):
        delivery = self.order.picking_ids
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{delivery.id}",
            "gendan_tracking_shipment_tour",
            login="tour_supply",
        )
        self.assertEqual(delivery.transport_mode, "sea")
        self.assertEqual(delivery.carrier_name, "COSCO")
        self.assertEqual(delivery.bl_number, "COSU1234567")
