from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .control_common import GendanControlCommon


@tagged("post_install", "-at_install")
class TestCostSheet(GendanControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["gendan.cost.template"].create(
            {
                "name": "Mugs FOB",
                "line_ids": [
                    Command.create({"cost_type": "material", "percentage": 50.0}),
                    Command.create({"cost_type": "freight", "percentage": 10.0}),
                ],
            }
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Jingdezhen Kiln Co"})
        cls.clay = cls.env["product.product"].create(
            {"name": "Clay body", "type": "consu", "purchase_method": "purchase"}
        )
        cls.sea_freight = cls.env["product.product"].create(
            {"name": "Sea freight", "type": "service", "purchase_method": "purchase"}
        )
        company_currency = cls.company.currency_id
        eur, usd = cls.env.ref("base.EUR"), cls.env.ref("base.USD")
        cls.foreign = usd if company_currency == eur else eur
        cls.foreign.active = True
        cls.env["res.currency.rate"].search(
            [
                ("currency_id", "=", cls.foreign.id),
                ("company_id", "in", [cls.company.id, False]),
            ]
        ).unlink()
        # 2 foreign units per company unit a week ago, 2.5 since two days ago
        cls.env["res.currency.rate"].create(
            [
                {
                    "name": cls.today - timedelta(days=7),
                    "rate": 2.0,
                    "currency_id": cls.foreign.id,
                    "company_id": cls.company.id,
                },
                {
                    "name": cls.today - timedelta(days=2),
                    "rate": 2.5,
                    "currency_id": cls.foreign.id,
                    "company_id": cls.company.id,
                },
            ]
        )

    def _lines(self, order, source=None):
        lines = order.cost_line_ids
        if source:
            lines = lines.filtered(lambda line: line.source == source)
        return {line.cost_type: line for line in lines}

    def test_budget_from_template_and_manual_lines(self):
        order = self.order.with_user(self.manager)
        with Form(order) as form:
            form.cost_template_id = self.template
        order.action_gendan_apply_cost_template()
        budget = self._lines(order)
        self.assertEqual(budget["material"].budget_amount, 500.0)
        self.assertEqual(budget["freight"].budget_amount, 100.0)
        self.assertEqual(order.cost_budget_total, 600.0)
        # applying again updates in place
        order.order_line.price_unit = 12.0
        order.action_gendan_apply_cost_template()
        self.assertEqual(len(order.cost_line_ids), 2)
        self.assertEqual(order.cost_budget_total, 720.0)
        budget["material"].actual_amount = 700.0
        self.assertEqual(budget["material"].variance_amount, 100.0)
        self.assertAlmostEqual(order.cost_variance_pct, (700 - 720) / 720 * 100, 4)
        # margin: 1200 revenue - (max(600, 700) + 120)
        self.assertAlmostEqual(order.expected_margin, 380.0)
        with self.assertRaises(ValidationError):
            budget["freight"].budget_amount = -1.0
        with self.assertRaises(ValidationError):
            self.env["gendan.cost.line"].create(
                {"order_id": order.id, "cost_type": "duties", "actual_amount": -5.0}
            )

    def test_costs_are_for_merchandising_groups_only(self):
        salesman = self.env["res.users"].create(
            {
                "name": "Sam Sales",
                "login": "gendan_sam_sales",
                "groups_id": [
                    Command.set(
                        [self.env.ref("sales_team.group_sale_salesman_all_leads").id]
                    )
                ],
            }
        )
        self.env["gendan.cost.line"].create(
            {"order_id": self.order.id, "cost_type": "material", "budget_amount": 100.0}
        )
        order = self.order.with_user(salesman)
        self.assertEqual(order.amount_untaxed, 1000.0)
        # the salesman's order form has no cost field at all
        form_view = order.get_views([(False, "form")])["views"]["form"]
        self.assertIn("tax_totals", form_view["arch"])
        self.assertNotIn("cost_line_ids", form_view["arch"])
        self.assertNotIn("expected_margin", form_view["arch"])
        manager_view = self.order.with_user(self.manager).get_views([(False, "form")])[
            "views"
        ]["form"]
        self.assertIn("cost_line_ids", manager_view["arch"])
        with self.assertRaises(AccessError):
            order.read(["cost_budget_total"])
        with self.assertRaises(AccessError):
            order.read(["expected_margin"])
        self.assertEqual(
            self.order.with_user(self.manager).read(["cost_budget_total"])[0][
                "cost_budget_total"
            ],
            100.0,
        )

    def _purchase(self, order):
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "currency_id": self.foreign.id,
                "gendan_sale_order_ids": [Command.set(order.ids)],
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.clay.id,
                            "product_qty": 100,
                            "price_unit": 8.0,
                            "taxes_id": [Command.clear()],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.sea_freight.id,
                            "product_qty": 1,
                            "price_unit": 300.0,
                            "gendan_cost_type": "freight",
                            "taxes_id": [Command.clear()],
                        }
                    ),
                ],
            }
        )
        return purchase

    def test_purchase_then_foreign_bill_without_double_counting(self):
        order = self.order
        order.cost_template_id = self.template
        order.action_gendan_apply_cost_template()
        purchase = self._purchase(order)
        purchase.date_order = self.today - timedelta(days=5)
        purchase.button_confirm()
        purchase.date_approve = self.today - timedelta(days=5)
        order._gendan_sync_costs()
        from_po = self._lines(order, "purchase")
        self.assertEqual(set(from_po), {"material", "freight"})
        # 800 and 300 foreign at 2.0
        self.assertAlmostEqual(from_po["material"].actual_amount, 400.0)
        self.assertAlmostEqual(from_po["freight"].actual_amount, 150.0)
        self.assertEqual(from_po["material"].purchase_id, purchase)
        self.assertAlmostEqual(order.cost_actual_total, 550.0)
        # by cost type, the purchase's cost reads against the budget it
        # spends, on one line (as the merchandiser sees it)
        self.env.flush_all()
        summary = {
            row.cost_type: row
            for row in order.with_user(self.merchandiser).cost_summary_ids
        }
        self.assertEqual(set(summary), {"material", "freight"})
        self.assertAlmostEqual(summary["material"].budget_amount, 500.0)
        self.assertAlmostEqual(summary["material"].actual_amount, 400.0)
        self.assertAlmostEqual(summary["material"].variance_amount, -100.0)
        self.assertAlmostEqual(summary["material"].variance_pct, -20.0)
        self.assertAlmostEqual(summary["freight"].budget_amount, 100.0)
        self.assertAlmostEqual(summary["freight"].actual_amount, 150.0)
        self.assertAlmostEqual(
            sum(row.actual_amount for row in summary.values()), order.cost_actual_total
        )
        self.assertAlmostEqual(order.cost_variance_pct, (550 - 600) / 600 * 100, 4)

        purchase.action_create_invoice()
        bill = purchase.invoice_ids
        bill.invoice_date = self.today
        bill.action_post()
        from_bill = self._lines(order, "bill")
        self.assertFalse(self._lines(order, "purchase"))
        # the bill at 2.5 replaces the purchase amounts
        self.assertAlmostEqual(from_bill["material"].actual_amount, 320.0)
        self.assertAlmostEqual(from_bill["freight"].actual_amount, 120.0)
        self.assertEqual(from_bill["material"].move_id, bill)
        self.assertAlmostEqual(order.cost_actual_total, 440.0)
        self.assertAlmostEqual(order.cost_variance_pct, (440 - 600) / 600 * 100, 4)
        # margin: 1000 - (max(500, 320) + max(100, 120))
        self.assertAlmostEqual(order.expected_margin, 380.0)
        self.assertFalse(self._open_rule_risks(order, "cost_overrun"))

        # an extra manual cost pushes the actual above budget + 5%
        self.env["gendan.cost.line"].create(
            {"order_id": order.id, "cost_type": "inspection", "actual_amount": 300.0}
        )
        self.assertAlmostEqual(order.cost_actual_total, 740.0)
        risk = self._open_rule_risks(order, "cost_overrun")
        self.assertEqual(len(risk), 1)
        self.assertEqual(risk.category, "cost")

        # bill back to draft: the purchase amounts come back
        bill.button_draft()
        self.assertAlmostEqual(
            self._lines(order, "purchase")["material"].actual_amount, 400.0
        )
        self.assertFalse(self._lines(order, "bill"))
