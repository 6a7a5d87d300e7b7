from datetime import datetime, timedelta

from odoo import Command

from ..tools import dates
from .common import GendanCommon


class GendanSupplyCommon(GendanCommon):
    """Fixtures for purchase, quality and logistics tests: a vendor, a product
    bought to order (buy + MTO routes), a quality test and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Jingdezhen Ceramics Co."})
        mto_route = cls.env.ref("stock.route_warehouse0_mto")
        mto_route.active = True
        buy_route = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.mto_product = cls.env["product.product"].create(
            {
                "name": "Glazed Bowl",
                "is_storable": True,
                "list_price": 8.0,
                "standard_price": 3.0,
                "weight": 0.5,
                "volume": 0.002,
                "route_ids": [Command.set([mto_route.id, buy_route.id])],
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor.id, "price": 3.0, "delay": 20}
                    )
                ],
            }
        )
        cls.qc_test = cls.env["qc.test"].create(
            {
                "name": "Visual check",
                "test_lines": [
                    Command.create(
                        {
                            "name": "Glaze without defects",
                            "type": "qualitative",
                            "ql_values": [
                                Command.create({"name": "OK", "ok": True}),
                                Command.create({"name": "Defect", "ok": False}),
                            ],
                        }
                    )
                ],
            }
        )
        cls.commitment = dates.today(cls.env.company) + timedelta(days=60)

    @classmethod
    def _create_sale_order(cls, product=None, qty=10.0, commitment=None, **values):
        commitment = commitment or cls.commitment
        vals = {
            "partner_id": cls.customer.id,
            "merchandiser_id": cls.merchandiser.id,
            "commitment_date": datetime.combine(commitment, datetime.min.time())
            + timedelta(hours=12),
            "order_line": [
                Command.create(
                    {
                        "product_id": (product or cls.mto_product).id,
                        "product_uom_qty": qty,
                    }
                )
            ],
        }
        vals.update(values)
        return cls.env["sale.order"].create(vals)

    @classmethod
    def _add_milestone(cls, order, rule, category="order", planned_date=None, **values):
        vals = {
            "order_id": order.id,
            "name": rule,
            "auto_rule": rule,
            "category": category,
            "planned_date": planned_date,
        }
        vals.update(values)
        return cls.env["gendan.milestone"].create(vals)

    def _answer(self, inspection, ok=True):
        """Fill the inspection's answers and finish it: passed or failed."""
        if inspection.state == "draft":
            if not inspection.test:
                inspection.test = self.qc_test
                inspection.inspection_lines = inspection._prepare_inspection_lines(
                    self.qc_test
                )
            inspection.action_todo()
        for line in inspection.inspection_lines:
            line.qualitative_value = line.possible_ql_values.filtered(
                lambda v: v.ok == ok
            )[:1]
        inspection.action_confirm()
        if inspection.state == "waiting":
            inspection.action_approve()
        return inspection

    def _validate(self, picking):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        return picking
