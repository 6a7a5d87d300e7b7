import re

from odoo import Command
from odoo.tests import tagged

from .common_supply import GendanSupplyCommon


@tagged("post_install", "-at_install")
class TestPackingList(GendanSupplyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stock = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.company.id)], limit=1)
            .lot_stock_id
        )
        cls.mug = cls.env["product.product"].create(
            {
                "name": "Espresso Cup",
                "is_storable": True,
                "weight": 0.25,
                "volume": 0.001,
                "packaging_ids": [
                    Command.create(
                        {
                            "name": "Carton of 12",
                            "qty": 12,
                            "gendan_tare_weight": 0.4,
                            "gendan_carton_volume": 0.02,
                        }
                    )
                ],
            }
        )
        cls.plate = cls.env["product.product"].create(
            {
                "name": "Dinner Plate",
                "is_storable": True,
                "weight": 0.8,
                "volume": 0.05,
            }
        )
        for product in cls.mug | cls.plate:
            cls.env["stock.quant"]._update_available_quantity(product, stock, 500)
        cls.order = cls._create_sale_order(
            product=cls.mug, qty=30, client_order_ref="PO-ACME-77"
        )
        cls.order.order_line = [
            Command.create({"product_id": cls.plate.id, "product_uom_qty": 10})
        ]
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        cls.delivery.write(
            {
                "transport_mode": "sea",
                "carrier_name": "COSCO",
                "bl_number": "COSU1234567",
                "container_number": "CSNU7654321",
            }
        )

    def test_packing_list_lines_and_totals(self):
        packing = self.delivery._gendan_packing_list()
        lines = {line["product"]: line for line in packing["lines"]}
        self.assertEqual(lines[self.mug]["cartons"], 3, "30 cups in cartons of 12")
        self.assertAlmostEqual(lines[self.mug]["net_weight"], 7.5)
        self.assertAlmostEqual(lines[self.mug]["gross_weight"], 7.5 + 3 * 0.4)
        self.assertAlmostEqual(lines[self.mug]["volume"], 0.06)
        self.assertEqual(lines[self.plate]["cartons"], 0, "No packaging defined")
        self.assertAlmostEqual(lines[self.plate]["net_weight"], 8.0)
        self.assertAlmostEqual(lines[self.plate]["gross_weight"], 8.0)
        self.assertAlmostEqual(lines[self.plate]["volume"], 0.5)
        totals = packing["totals"]
        self.assertAlmostEqual(totals["qty"], 40)
        self.assertEqual(totals["cartons"], 3)
        self.assertAlmostEqual(totals["net_weight"], 15.5)
        self.assertAlmostEqual(totals["gross_weight"], 16.7)
        self.assertAlmostEqual(totals["volume"], 0.56)

    def test_packing_list_html(self):
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "gendan_tracking.action_report_packing_list", self.delivery.ids
        )
        html = html.decode()
        self.assertIn("Packing List", html)
        self.assertIn(self.delivery.name, html)
        self.assertIn(self.order.name, html)
        self.assertIn("PO-ACME-77", html)
        self.assertIn("Acme Imports Ltd", html)
        self.assertIn("COSU1234567", html)
        self.assertIn("CSNU7654321", html)
        self.assertIn("Espresso Cup", html)
        self.assertIn("Carton of 12", html)
        totals = {
            key: re.search(rf'id="total_{key}"[^>]*>([^<]*)<', html).group(1)
            for key in ("qty", "cartons", "net", "gross", "volume")
        }
        self.assertEqual(
            totals,
            {
                "qty": "40.00",
                "cartons": "3",
                "net": "15.50",
                "gross": "16.70",
                "volume": "0.560",
            },
        )
        self.assertEqual(html.count('class="gendan_packing_line"'), 2)
