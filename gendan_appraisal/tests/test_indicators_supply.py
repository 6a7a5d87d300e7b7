"""Indicators on the supply data of issue 4: supplier receipts and first
inspections. Runs once purchase.order.gendan_sale_order_ids /
supplier_promised_date and qc.inspection.sale_order_id are merged into main."""

from odoo import Command, fields
from odoo.tests import tagged

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestIndicatorsSupply(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Jiangxi Ceramics"})

    def _purchase(self, sale, scheduled, promised):
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "date_order": self.local(2025, 2, 20, 9),
                "gendan_sale_order_ids": [Command.link(sale.id)],
                "supplier_promised_date": promised,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 10})
                ],
            }
        )
        purchase.button_confirm()
        purchase.picking_ids.scheduled_date = scheduled
        return purchase.picking_ids

    def _receive(self, receipt, when):
        receipt.move_ids.quantity = 10
        receipt.move_ids.picked = True
        receipt._action_done()
        receipt.date_done = when

    def test_supplier_on_time_rate(self):
        sale = self.make_order()
        on_time = self._purchase(sale, self.local(2025, 3, 5, 9), "2025-03-06")
        self._receive(on_time, self.local(2025, 3, 6, 23, 0))  # same local day
        late = self._purchase(sale, self.local(2025, 3, 10, 9), "2025-03-10")
        self._receive(late, self.local(2025, 3, 11, 9))
        open_receipt = self._purchase(sale, self.local(2025, 3, 20, 9), "2025-03-21")
        self._purchase(sale, self.local(2025, 4, 2, 9), "2025-04-02")  # April
        values = self.compute("supplier_on_time_rate")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 100.0 / 3)
        self.assertEqual(mine.count, 3)
        self.assertEqual(set(mine.res_ids), {on_time.id, late.id, open_receipt.id})
        self.assertEqual(
            self.compute("supplier_on_time_rate", self.idle_merchandiser), {}
        )

    def test_inspection_pass_rate(self):
        order1 = self.make_order()
        order2 = self.make_order()
        Inspection = self.env["qc.inspection"]

        def inspection(order, stage, state, when, rework_of=None):
            values = {
                "sale_order_id": order.id,
                "inspection_stage": stage,
                "product_id": self.product.id,
                "qty": 1,
            }
            if rework_of and "reinspection_of_id" in Inspection._fields:
                values["reinspection_of_id"] = rework_of.id
            record = Inspection.create(values)
            record.write({"state": state})
            record.write({"date_done": when})  # after the state, which stamps it
            return record

        first_pass = inspection(order1, "final", "success", self.local(2025, 3, 3, 9))
        first_fail = inspection(order2, "final", "failed", self.local(2025, 3, 5, 9))
        inspection(
            order2, "final", "success", self.local(2025, 3, 6, 9), rework_of=first_fail
        )
        inline = inspection(order2, "inline", "success", self.local(2025, 3, 7, 9))
        inspection(order1, "pre_shipment", "failed", self.local(2025, 4, 1, 9))
        values = self.compute("inspection_pass_rate")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 200.0 / 3)
        self.assertEqual(mine.count, 3)
        self.assertEqual(set(mine.res_ids), {first_pass.id, first_fail.id, inline.id})
        self.assertEqual(
            self.compute("inspection_pass_rate", self.idle_merchandiser), {}
        )


@tagged("post_install", "-at_install")
class TestIndicatorSupplierFirstPromise(AppraisalCommon):
    """Supplier on-time against the first promise (issue 17): the rows of the
    promise reliability analysis, received in the month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Jiangxi Ceramics"})

    def _purchase(self, sale, first, last=None):
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "date_order": self.local(2025, 2, 20, 9),
                "gendan_sale_order_ids": [Command.link(sale.id)],
                "supplier_promised_date": first,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 10})
                ],
            }
        )
        purchase.button_confirm()
        if last:
            self.env["gendan.expedite.log"].create(
                {
                    "purchase_id": purchase.id,
                    "date": "2025-02-25",
                    "new_promised_date": last,
                }
            )
        return purchase

    def _receive(self, purchase, when):
        receipt = purchase.picking_ids
        receipt.move_ids.quantity = 10
        receipt.move_ids.picked = True
        receipt._action_done()
        receipt.date_done = when

    def test_on_time_against_the_first_promise(self):
        sale = self.make_order()
        kept = self._purchase(sale, "2025-03-06")
        # the same local day as the first promise (23:00 in Shanghai)
        self._receive(kept, self.local(2025, 3, 6, 23, 0))
        moved = self._purchase(sale, "2025-03-05", last="2025-03-12")
        self._receive(moved, self.local(2025, 3, 11, 9))  # on time vs the last only
        late = self._purchase(sale, "2025-03-08")
        self._receive(late, self.local(2025, 3, 9, 9))
        self._purchase(sale, "2025-03-20")  # not received: not counted yet
        april = self._purchase(sale, "2025-03-25")
        self._receive(april, self.local(2025, 4, 2, 9))  # received in April
        self.assertEqual(
            moved.supplier_first_promised_date, fields.Date.to_date("2025-03-05")
        )
        self.assertEqual(
            moved.supplier_promised_date, fields.Date.to_date("2025-03-12")
        )
        values = self.compute("supplier_on_time_first")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 100.0 / 3)
        self.assertEqual(mine.count, 3)
        self.assertEqual(mine.model, "purchase.order")
        self.assertEqual(set(mine.res_ids), {kept.id, moved.id, late.id})
        # the analysis gives the same rates for the supplier
        Report = self.env["gendan.supplier.promise.report"]
        rows = Report.search([("purchase_id", "in", (kept | moved | late).ids)])
        self.assertAlmostEqual(
            sum(rows.mapped("on_time_first_pct")) / len(rows), 100.0 / 3
        )
        self.assertAlmostEqual(
            sum(rows.mapped("on_time_last_pct")) / len(rows), 200.0 / 3
        )

    def test_not_applicable_without_received_purchases(self):
        sale = self.make_order()
        self._purchase(sale, "2025-03-10")
        self.assertEqual(self.compute("supplier_on_time_first"), {})
        self.assertEqual(
            self.compute("supplier_on_time_first", self.idle_merchandiser), {}
        )
