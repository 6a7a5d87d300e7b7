from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common_supply import GendanSupplyCommon


@tagged("post_install", "-at_install")
class TestLogistics(GendanSupplyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.quant"]._update_available_quantity(
            cls.mto_product.with_context(active_test=False),
            cls.warehouse.lot_stock_id,
            100,
        )
        cls.stock_product = cls.env["product.product"].create(
            {"name": "Vase", "is_storable": True, "weight": 1.0}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.stock_product, cls.warehouse.lot_stock_id, 100
        )
        cls.order = cls._create_sale_order(product=cls.stock_product, qty=5)
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids

    def test_shipment_fields_on_outgoing_picking(self):
        self.assertEqual(self.delivery.picking_type_code, "outgoing")
        with Form(self.delivery) as form:
            form.transport_mode = "sea"
            form.carrier_name = "COSCO"
            form.bl_number = "COSU1234567"
            form.container_number = "CSNU7654321"
            form.etd = self.commitment - timedelta(days=30)
            form.eta = self.commitment - timedelta(days=2)
        self.assertEqual(self.delivery.transport_state, "planned")
        self.delivery.atd = self.commitment - timedelta(days=29)
        self.assertEqual(self.delivery.transport_state, "departed")
        self.delivery.transport_state = "in_transit"
        self.assertEqual(self.delivery.transport_state, "in_transit")
        self.assertEqual(self.order.gendan_shipment_ids, self.delivery)
        self.assertFalse(self.order.gendan_eta_warning)

    def test_on_time_both_sides_of_commitment(self):
        self.delivery.write(
            {"atd": self.commitment - timedelta(days=10), "ata": self.commitment}
        )
        self.assertTrue(self.delivery.is_on_time, "Arrival on the day is on time")
        self.assertEqual(self.delivery.transport_state, "arrived")
        self.delivery.ata = self.commitment + timedelta(days=1)
        self.assertFalse(self.delivery.is_on_time, "One day late")
        self.assertIn(
            self.delivery,
            self.env["stock.picking"].search(
                [("is_on_time", "=", False), ("id", "=", self.delivery.id)]
            ),
        )

    def test_on_time_from_done_date_without_arrival(self):
        self.assertFalse(self.delivery.is_on_time, "Nothing arrived yet")
        self._validate(self.delivery)
        self.assertTrue(self.delivery.is_on_time, "Done today, commitment in 60 days")
        late_order = self._create_sale_order(
            product=self.stock_product,
            qty=1,
            commitment=self.commitment - timedelta(days=90),
        )
        late_order.action_confirm()
        self._validate(late_order.picking_ids)
        self.assertFalse(late_order.picking_ids.is_on_time)
        late_order.picking_ids.write(
            {
                "atd": self.commitment - timedelta(days=95),
                "ata": self.commitment - timedelta(days=91),
            }
        )
        self.assertTrue(
            late_order.picking_ids.is_on_time, "Arrival wins over done date"
        )

    def test_eta_warning_before_goods_arrive(self):
        self.delivery.write(
            {
                "etd": self.commitment - timedelta(days=5),
                "eta": self.commitment + timedelta(days=3),
            }
        )
        self.assertTrue(self.order.gendan_eta_warning)
        self.assertEqual(
            self.order.gendan_shipment_eta, self.commitment + timedelta(days=3)
        )
        self.delivery.write(
            {
                "atd": self.commitment - timedelta(days=5),
                "ata": self.commitment + timedelta(days=2),
            }
        )
        self.assertFalse(self.order.gendan_eta_warning, "Arrived: no more warning")

    def test_bad_dates_refused(self):
        with self.assertRaises(ValidationError):
            self.delivery.write(
                {"etd": self.commitment, "eta": self.commitment - timedelta(days=1)}
            )
        with self.assertRaises(ValidationError):
            self.delivery.write(
                {"atd": self.commitment, "ata": self.commitment - timedelta(days=1)}
            )
        with self.assertRaises(ValidationError):
            self.delivery.write({"ata": self.commitment})
        self.assertFalse(self.delivery.eta)
        self.assertFalse(self.delivery.ata)

    def test_negative_weights_refused(self):
        with self.assertRaises(ValidationError):
            self.stock_product.weight = -1
        with self.assertRaises(ValidationError):
            self.env["product.packaging"].create(
                {
                    "name": "Carton",
                    "product_id": self.stock_product.id,
                    "qty": 6,
                    "gendan_tare_weight": -0.5,
                }
            )
