from odoo import Command
from odoo.tests import tagged

from .common_supply import GendanSupplyCommon


@tagged("post_install", "-at_install")
class TestQuality(GendanSupplyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receipt_trigger = cls.env["qc.trigger"].search(
            [("picking_type_id", "=", cls.warehouse.in_type_id.id)], limit=1
        )
        cls.delivery_trigger = cls.env["qc.trigger"].search(
            [("picking_type_id", "=", cls.warehouse.out_type_id.id)], limit=1
        )
        cls.mto_product.qc_triggers = [
            Command.create(
                {"trigger": trigger.id, "test": cls.qc_test.id, "timing": "after"}
            )
            for trigger in cls.receipt_trigger | cls.delivery_trigger
        ]

    def test_receipt_inspection_gets_order_and_incoming_stage(self):
        order = self._create_sale_order(qty=6)
        order.action_confirm()
        purchase = order.gendan_purchase_ids
        purchase.button_confirm()
        self._validate(purchase.picking_ids)
        inspection = purchase.picking_ids.qc_inspections_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.sale_order_id, order)
        self.assertEqual(inspection.inspection_stage, "incoming")
        self.assertEqual(order.inspection_ids, inspection)
        self.assertNotEqual(
            order.gendan_stage,
            "inspection",
            "An incoming material check does not move the order to inspection",
        )

    def test_delivery_inspection_gets_order_and_pre_shipment_stage(self):
        order = self._create_sale_order(qty=6)
        passed = self._add_milestone(order, "inspection_passed", category="quality")
        order.action_confirm()
        purchase = order.gendan_purchase_ids
        purchase.button_confirm()
        self._validate(purchase.picking_ids)
        delivery = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self._validate(delivery)
        inspection = delivery.qc_inspections_ids
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.sale_order_id, order)
        self.assertEqual(inspection.inspection_stage, "pre_shipment")
        self.assertEqual(
            order.gendan_stage,
            "delivered",
            "An inspection created after the delivery never moves the stage back",
        )
        self._answer(inspection, ok=True)
        self.assertEqual(inspection.state, "success")
        self.assertEqual(passed.state, "done")
        self.assertEqual(passed.res_model, "qc.inspection")
        self.assertEqual(passed.res_id, inspection.id)

    def test_manual_final_pass_completes_milestone(self):
        order = self._create_sale_order(product=self.product)
        passed = self._add_milestone(order, "inspection_passed", category="quality")
        order.with_context(gendan_inspection_stage="inline").with_user(
            self.merchandiser
        ).action_gendan_new_inspection()
        inline = order.inspection_ids
        self.assertEqual(inline.inspection_stage, "inline")
        self.assertEqual(inline.product_id, self.product)
        self.assertEqual(inline.state, "draft")
        self.assertEqual(order.gendan_stage, "review", "A draft is not started yet")
        self._answer(inline, ok=True)
        self.assertEqual(order.gendan_stage, "inspection")
        self.assertEqual(passed.state, "done")
        self.assertEqual(order.inspection_pass_rate, 100.0)

    def test_failed_inspection_blocks_milestone_until_reinspection(self):
        order = self._create_sale_order(product=self.product)
        passed = self._add_milestone(order, "inspection_passed", category="quality")
        final = order._gendan_create_inspection("final", test=self.qc_test)
        final.inspection_lines = final._prepare_inspection_lines(self.qc_test)
        self._answer(final, ok=False)
        self.assertEqual(final.state, "failed")
        self.assertEqual(
            passed.state, "pending", "A failed inspection never completes it"
        )
        self.assertEqual(order.inspection_failed_count, 1)
        self.assertEqual(order.inspection_pass_rate, 0.0)
        activity = order.activity_ids.filtered(lambda a: final.name in a.summary)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.merchandiser)

        # Another product's passing inspection does not unblock the failed one.
        other = order._gendan_create_inspection(
            "final", product=self.mto_product, test=self.qc_test
        )
        other.inspection_lines = other._prepare_inspection_lines(self.qc_test)
        self._answer(other, ok=True)
        self.assertEqual(passed.state, "pending")
        self.assertEqual(order.inspection_pass_rate, 50.0)

        action = final.action_gendan_reinspect()
        reinspection = self.env["qc.inspection"].browse(action["res_id"])
        self.assertEqual(reinspection.reinspection_of_id, final)
        self.assertEqual(reinspection.sale_order_id, order)
        self.assertEqual(reinspection.inspection_stage, "final")
        self.assertNotEqual(reinspection, final)
        self._answer(reinspection, ok=True)
        self.assertEqual(passed.state, "done")
        self.assertEqual(passed.res_id, reinspection.id)
        self.assertEqual(order.inspection_count, 3)
        self.assertEqual(
            order.inspection_pass_rate, 50.0, "Re-inspections do not count"
        )

    def test_failed_activity_not_duplicated(self):
        order = self._create_sale_order(product=self.product)
        final = order._gendan_create_inspection("final", test=self.qc_test)
        final.inspection_lines = final._prepare_inspection_lines(self.qc_test)
        self._answer(final, ok=False)
        final.write({"state": "failed"})
        self.assertEqual(
            len(order.activity_ids.filtered(lambda a: final.name in a.summary)), 1
        )
