from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from odoo.tests import Form, tagged

from .analysis_common import GendanAnalysisCommon


@tagged("post_install", "-at_install")
class TestAnalysisControlColumns(GendanAnalysisCommon):
    """Risk, cost, complaint and document columns, and the dashboard KPIs
    built on them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # start from a clean sheet on the dataset's orders, whatever rules and
        # templates created on confirmation
        cls.orders.risk_ids.unlink()
        cls.orders.sudo().cost_line_ids.unlink()
        cls.orders.document_ids.unlink()
        cls.env["gendan.complaint"].search(
            [("order_id", "in", cls.orders.ids)]
        ).unlink()
        CostLine = cls.env["gendan.cost.line"]
        CostLine.create(
            [
                {
                    "order_id": order.id,
                    "cost_type": cost_type,
                    "budget_amount": budget,
                    "actual_amount": actual,
                }
                for order, cost_type, budget, actual in (
                    (cls.order_a, "material", 60.0, 80.0),
                    (cls.order_a, "freight", 40.0, 40.0),
                    (cls.order_d, "material", 300.0, 330.0),
                    (cls.order_f, "material", 1000.0, 0.0),  # not shipped
                )
            ]
        )
        cls.env["gendan.complaint"].create(
            [
                {"subject": subject, "order_id": order.id, "complaint_type": kind}
                for subject, order, kind in (
                    ("Chipped mugs", cls.order_a, "quality"),
                    ("Short shipment", cls.order_c, "quantity"),
                    ("Late B/L", cls.order_c, "documents"),
                )
            ]
        )
        # the end of the step: the risk rescans the cost lines asked for run
        cls.env.cr.flush()

    def test_cost_columns(self):
        row = self._row(self.order_a)
        self.assertEqual(row.cost_budget, 100.0)
        self.assertEqual(row.cost_actual, 120.0)
        self.assertAlmostEqual(row.cost_variance_pct, 20.0)
        row_b = self._row(self.order_b)
        self.assertEqual(row_b.cost_budget, 0.0)
        self.assertFalse(row_b.cost_variance_pct, "no budget, no variance")
        self.env.flush_all()
        [(variance_avg,)] = self.env["gendan.order.report"]._read_group(
            [("order_id", "in", self.orders.ids)], [], ["cost_variance_pct:avg"]
        )
        # orders without a budget stay out of the average: (20 + 10 - 100) / 3
        self.assertAlmostEqual(variance_avg, -70 / 3)

    def test_complaint_count(self):
        self.assertEqual(self._row(self.order_a).complaint_count, 1)
        self.assertEqual(self._row(self.order_c).complaint_count, 2)
        self.assertEqual(self._row(self.order_b).complaint_count, 0)

    def test_risk_level_is_the_highest_open_risk(self):
        order = self.order_b
        self.assertFalse(self._row(order).risk_level)
        Risk = self.env["gendan.risk"]
        Risk.create(
            {
                "name": "Kiln capacity",
                "order_id": order.id,
                "category": "supplier_delay",
                "probability": 2,
                "impact": 3,
            }
        )
        self.assertEqual(self._row(order).risk_level, "medium")
        critical = Risk.create(
            {
                "name": "Glaze failed lab test",
                "order_id": order.id,
                "category": "quality",
                "probability": 5,
                "impact": 4,
            }
        )
        self.assertEqual(self._row(order).risk_level, "critical")
        critical.state = "closed"
        self.assertEqual(self._row(order).risk_level, "medium")

    def test_document_completeness(self):
        attachment = self.env["ir.attachment"].create(
            {"name": "contract.pdf", "raw": b"%PDF-1.4 signed"}
        )
        self.env["gendan.document"].create(
            [
                {
                    "order_id": self.order_a.id,
                    "doc_type": "contract",
                    "required": True,
                    "attachment_id": attachment.id,
                },
                {
                    "order_id": self.order_a.id,
                    "doc_type": "bill_of_lading",
                    "required": True,
                },
                {
                    "order_id": self.order_a.id,
                    "doc_type": "insurance",
                    "required": True,
                    "state": "missing",
                },
                {
                    "order_id": self.order_a.id,
                    "doc_type": "other",
                    "required": False,
                },
            ]
        )
        self.assertAlmostEqual(self._row(self.order_a).document_completeness, 100 / 3)

    def test_dashboard_cost_complaint_and_risk_kpis(self):
        def dashboard():
            form = Form(self.env["gendan.analysis.dashboard"].with_user(self.manager))
            form.date_from = date(2026, 3, 1)
            form.date_to = date(2026, 3, 31)
            return form

        before = dashboard().high_risk_count
        self.env["gendan.risk"].create(
            {
                "name": "Port strike",
                "order_id": self.order_f.id,
                "category": "logistics",
                "probability": 4,
                "impact": 4,
            }
        )
        form = dashboard()
        self.assertEqual(form.high_risk_count, before + 1)
        # shipped in March: a, b, c, d, e; 3 complaints on them
        self.assertEqual(form.shipped_order_count, 5)
        self.assertEqual(form.complaint_count, 3)
        self.assertAlmostEqual(form.complaints_per_100, 60.0)
        # shipped orders with a budget: a (100 -> 120) and d (300 -> 330)
        self.assertAlmostEqual(form.cost_variance_pct, 12.5)

    def test_register_cost_and_risk_cells(self):
        # 20 % over budget raised the cost overrun risk of order a
        self.assertTrue(self.order_a.risk_level)
        risk_label = dict(
            self.env["sale.order"]
            ._fields["risk_level"]
            ._description_selection(self.env)
        )[self.order_a.risk_level]
        content, _type = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render("gendan_tracking.register_xlsx", self.order_a.ids, {})
        )
        sheet = load_workbook(BytesIO(content)).active
        header = [cell.value for cell in sheet[1]]
        row = dict(zip(header, sheet[2], strict=True))
        self.assertEqual(row["Risk"].value, risk_label)
        self.assertEqual(row["Cost Budget"].value, 100.0)
        self.assertEqual(row["Actual Cost"].value, 120.0)
        self.assertAlmostEqual(row["Cost Variance"].value, 0.2)
        self.assertEqual(row["Cost Variance"].number_format, "0.0%")
        self.assertEqual(row["Cost Budget"].number_format, "#,##0.00")
