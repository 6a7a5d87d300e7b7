"""Indicators on the control data of issue 5: costs, documents and complaints.
Runs once gendan.cost.line, gendan.document and gendan.complaint are merged
into main."""

from odoo.tests import tagged

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestIndicatorsControl(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # delivered in full in March
        cls.delivered = cls.make_order()
        cls.deliver(cls.delivered, 10, cls.local(2025, 3, 10, 9))
        # partly shipped in March, the rest in April: fully delivered in April
        cls.split = cls.make_order()
        cls.deliver(cls.split, 4, cls.local(2025, 3, 20, 9))
        cls.deliver(cls.split, 6, cls.local(2025, 4, 3, 9))
        # delivered in full in March too
        cls.delivered2 = cls.make_order()
        cls.deliver(cls.delivered2, 10, cls.local(2025, 3, 25, 9))

    def _cost(self, order, budget, actual):
        return self.env["gendan.cost.line"].create(
            {
                "order_id": order.id,
                "cost_type": "material",
                "budget_amount": budget,
                "actual_amount": actual,
            }
        )

    def test_cost_variance_pct(self):
        self._cost(self.delivered, 1000, 1100)
        self._cost(self.delivered, 500, 450)
        self._cost(self.delivered2, 500, 600)
        self._cost(self.split, 1000, 5000)  # delivered in April
        values = self.compute("cost_variance_pct")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 7.5)  # (2150 - 2000) / 2000
        self.assertEqual(mine.count, 2)
        self.assertEqual(set(mine.res_ids), {self.delivered.id, self.delivered2.id})
        self.assertEqual(self.compute("cost_variance_pct", self.idle_merchandiser), {})

    def test_document_completeness(self):
        Document = self.env["gendan.document"]
        # documents the templates may have created are left out of the count
        Document.search(
            [("order_id", "in", (self.delivered | self.split).ids)]
        ).unlink()
        docs = Document
        for order, state, required in (
            (self.delivered, "ready", True),
            (self.delivered, "sent", True),
            (self.delivered, "missing", True),
            (self.delivered, "missing", False),  # not required
            (self.split, "draft", True),  # shipped in March (partly)
        ):
            docs |= Document.create(
                {
                    "order_id": order.id,
                    "doc_type": "other",
                    "required": required,
                    "state": state,
                }
            )
        Document.search([("order_id", "=", self.delivered2.id)]).unlink()
        values = self.compute("document_completeness")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 50.0)  # 2 ready/sent of 4 required
        self.assertEqual(mine.count, 4)
        self.assertEqual(set(mine.res_ids), set(docs.filtered("required").ids))

    def _complaint(self, order, received, first_response=None):
        return self.env["gendan.complaint"].create(
            {
                "partner_id": self.customer.id,
                "order_id": order.id,
                "complaint_type": "quality",
                "subject": "Chipped mugs",
                "description": "Chipped mugs",
                "date_received": received,
                "date_first_response": first_response,
            }
        )

    def test_complaint_response_hours(self):
        quick = self._complaint(
            self.delivered, self.local(2025, 3, 11, 9), self.local(2025, 3, 11, 13)
        )
        slow = self._complaint(
            self.delivered2, self.local(2025, 3, 26, 9), self.local(2025, 3, 27, 21)
        )
        self._complaint(self.split, self.local(2025, 3, 28, 9))  # not answered yet
        self._complaint(
            self.split, self.local(2025, 4, 2, 9), self.local(2025, 4, 2, 10)
        )
        values = self.compute("complaint_response_hours")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 20.0)  # (4 + 36) / 2
        self.assertEqual(mine.count, 2)
        self.assertEqual(set(mine.res_ids), {quick.id, slow.id})
        self.assertEqual(
            self.compute("complaint_response_hours", self.idle_merchandiser), {}
        )

    def test_complaint_rate(self):
        self._complaint(self.delivered, self.local(2025, 3, 11, 9))
        self._complaint(self.split, self.local(2025, 3, 28, 9))
        self._complaint(self.split, self.local(2025, 4, 2, 9))  # April
        values = self.compute("complaint_rate")
        mine = values[self.merchandiser.id]
        self.assertAlmostEqual(mine.value, 100.0)  # 2 complaints / 2 delivered
        self.assertEqual(mine.count, 2)
        self.assertEqual(set(mine.res_ids), {self.delivered.id, self.delivered2.id})
        self.assertEqual(self.compute("complaint_rate", self.idle_merchandiser), {})
