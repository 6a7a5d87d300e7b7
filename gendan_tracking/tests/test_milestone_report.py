from datetime import date

from odoo import Command
from odoo.tests import tagged

from .analysis_common import GendanAnalysisCommon


@tagged("post_install", "-at_install")
class TestMilestoneReport(GendanAnalysisCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_supplier = cls.env["res.partner"].create({"name": "Ningbo Packaging"})
        cls.purchase = cls.env["purchase.order"].create(
            {
                "partner_id": cls.supplier.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": 10,
                            "price_unit": 4,
                        }
                    )
                ],
            }
        )
        cls.purchase.button_confirm()
        monday = date(2026, 3, 9)
        values = [
            # (order, name, category, actual, reason, responsible, linked PO)
            (cls.order_a, "Fabric in", "material", date(2026, 3, 12), "supplier",
             cls.merchandiser, cls.purchase),
            (cls.order_a, "Booked vessel", "logistics", date(2026, 3, 13), "internal",
             cls.manager, None),
            (cls.order_b, "Fabric in", "material", date(2026, 3, 11), "supplier",
             cls.merchandiser, cls.purchase),
            (cls.order_b, "PI sent", "order", monday, False, cls.merchandiser, None),
            (cls.order_c, "Sample approved", "quality", date(2026, 3, 10), "customer",
             cls.manager, None),
        ]  # fmt: skip
        Milestone = cls.env["gendan.milestone"]
        cls.milestones = Milestone
        for order, name, category, actual, reason, responsible, purchase in values:
            vals = {
                "order_id": order.id,
                "name": name,
                "category": category,
                "planned_date": monday,
                "actual_date": actual,
                "state": "done",
                "delay_days": (actual - monday).days,
                "delay_reason": reason,
                "responsible_id": responsible.id,
            }
            milestone = Milestone.create(vals)
            if purchase:
                milestone._action_complete(actual, purchase)
            cls.milestones |= milestone
        cls.skipped = Milestone.create(
            {
                "order_id": cls.order_c.id,
                "name": "Pre-shipment inspection",
                "category": "quality",
                "planned_date": monday,
                "state": "skipped",
            }
        )

    def _group(self, groupby, aggregates=("delay_days:sum", "late_count:sum")):
        self.env.flush_all()
        return {
            group: values
            for group, *values in self.env["gendan.milestone.report"]._read_group(
                [("order_id", "in", self.orders.ids)], [groupby], list(aggregates)
            )
        }

    def test_rows_and_skipped(self):
        self.env.flush_all()
        rows = self.env["gendan.milestone.report"].search(
            [("order_id", "in", self.orders.ids)]
        )
        self.assertEqual(rows.milestone_id, self.milestones)
        self.assertNotIn(self.skipped, rows.milestone_id)
        late = rows.filtered("is_late")
        self.assertEqual(len(late), 4)
        self.assertEqual(late.mapped("late_pct"), [100.0] * 4)

    def test_delay_by_category(self):
        by_category = self._group("category")
        self.assertEqual(by_category["material"], [3 + 2, 2])
        self.assertEqual(by_category["logistics"], [4, 1])
        self.assertEqual(by_category["quality"], [1, 1])
        self.assertEqual(by_category["order"], [0, 0])

    def test_delay_by_reason(self):
        by_reason = self._group("delay_reason")
        self.assertEqual(by_reason["supplier"], [5, 2])
        self.assertEqual(by_reason["internal"], [4, 1])
        self.assertEqual(by_reason["customer"], [1, 1])
        # on time: named, not "None"
        self.assertEqual(by_reason["on_time"], [0, 0])
        self.assertNotIn(False, by_reason)
        # late, and nobody gave the reason yet
        late = self.env["gendan.milestone"].create(
            {
                "order_id": self.order_b.id,
                "name": "Carton marks approved",
                "category": "order",
                "planned_date": date(2026, 3, 9),
            }
        )
        self.assertEqual(late.state, "late")
        self.assertEqual(self._group("delay_reason")["not_given"], [late.delay_days, 1])

    def test_delay_by_responsible(self):
        by_responsible = self._group("responsible_id")
        self.assertEqual(by_responsible[self.merchandiser], [5, 2])
        self.assertEqual(by_responsible[self.manager], [5, 2])

    def test_delay_by_supplier_through_linked_purchase(self):
        by_supplier = self._group("supplier_id")
        self.assertEqual(by_supplier[self.supplier], [5, 2])

    def test_merchandiser_sees_own_orders_only(self):
        self.env.flush_all()
        rows = (
            self.env["gendan.milestone.report"]
            .with_user(self.merchandiser)
            .search([("order_id", "in", self.orders.ids)])
        )
        self.assertEqual(rows.order_id, self.order_a | self.order_b)
