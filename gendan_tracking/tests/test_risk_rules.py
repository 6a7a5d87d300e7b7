from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .control_common import GendanControlCommon


@tagged("post_install", "-at_install")
class TestRiskRules(GendanControlCommon):
    def test_risk_score_level_and_bad_input(self):
        Risk = self.env["gendan.risk"].with_user(self.merchandiser)
        risk = Risk.create(
            {
                "order_id": self.order.id,
                "name": "Dye lot",
                "probability": 4,
                "impact": 4,
            }
        )
        self.assertEqual(risk.score, 16)
        self.assertEqual(risk.level, "high")
        self.assertEqual(self.order.risk_level, "high")
        risk.impact = 5
        self.assertEqual(risk.level, "critical")
        self.assertEqual(self.order.risk_level, "critical")
        risk.probability = 1
        self.assertEqual((risk.score, risk.level), (5, "medium"))
        self.assertEqual(
            self.env["sale.order"].search(
                [("id", "=", self.order.id), ("risk_level", "=", "medium")]
            ),
            self.order,
        )
        risk.action_close()
        self.assertEqual(risk.date_closed, self.today)
        self.assertFalse(self.order.risk_level)
        with self.assertRaises(ValidationError):
            Risk.create({"order_id": self.order.id, "name": "Bad", "probability": 6})
        with self.assertRaises(ValidationError):
            risk.impact = 0

    def test_high_risks_filter_on_orders(self):
        other = self._create_order(self.other_customer, confirm=False)
        self.env["gendan.risk"].create(
            {"order_id": other.id, "name": "Low", "probability": 1, "impact": 2}
        )
        self.env["gendan.risk"].create(
            {"order_id": self.order.id, "name": "High", "probability": 4, "impact": 3}
        )
        orders = self.env["sale.order"].search(
            [("risk_level", "in", ("high", "critical"))]
        )
        self.assertIn(self.order, orders)
        self.assertNotIn(other, orders)

    def test_milestone_overdue(self):
        milestone = self._milestone(self.order, "Lab dips approved", -2)
        self._scan(self.order, ["milestone_overdue"])
        risk = self._open_rule_risks(self.order, "milestone_overdue")
        self.assertEqual(len(risk), 1)
        self.assertEqual((risk.probability, risk.impact), (3, 2))
        self.assertEqual(risk.owner_id, self.merchandiser)
        self.assertIn("Lab dips approved", risk.name)
        # a second scan keeps the same risk
        created, updated, closed = self._scan(self.order, ["milestone_overdue"])
        self.assertFalse(created or updated or closed)
        # later: the same risk is updated in place
        milestone.planned_date = self.today - timedelta(days=15)
        self.assertEqual(self._all_rule_risks(self.order, "milestone_overdue"), risk)
        self.assertEqual((risk.probability, risk.impact), (5, 4))
        self.assertEqual(risk.level, "critical")
        self.assertEqual(self.order.risk_level, "critical")
        # done: the condition clears and the risk closes (event driven)
        milestone.write(
            {"state": "done", "actual_date": self.today, "delay_reason": "supplier"}
        )
        self._end_of_step()
        self.assertEqual(risk.state, "closed")
        self.assertFalse(self._open_rule_risks(self.order, "milestone_overdue"))

    def test_manual_assessment_is_kept(self):
        milestone = self._milestone(self.order, "Fabric booked", -1)
        self._scan(self.order, ["milestone_overdue"])
        risk = self._open_rule_risks(self.order, "milestone_overdue")
        with Form(risk.with_user(self.merchandiser)) as form:
            form.probability = 2
            form.mitigation = "Call the mill every morning"
        self.assertTrue(risk.assessment_manual)
        milestone.planned_date = self.today - timedelta(days=20)
        self._end_of_step()
        self.assertEqual(risk.probability, 2)
        self.assertIn("20", risk.description)

    def test_inspection_failed(self):
        self.assertTrue(self.order.picking_ids)
        picking = self.order.picking_ids[0]
        inspection = self.env["qc.inspection"].create(
            {"object_id": "stock.picking,%d" % picking.id}
        )
        if "sale_order_id" in inspection._fields and not inspection.sale_order_id:
            inspection.sale_order_id = self.order
        self._scan(self.order, ["inspection_failed"])
        self.assertFalse(self._open_rule_risks(self.order, "inspection_failed"))
        inspection.state = "failed"  # event driven
        risk = self._open_rule_risks(self.order, "inspection_failed")
        self.assertEqual(len(risk), 1)
        self.assertEqual(risk.category, "quality")
        self.assertEqual((risk.probability, risk.impact), (4, 4))
        second = inspection.copy({"state": "failed"})
        if "sale_order_id" in second._fields:
            second.sale_order_id = self.order
        self._scan(self.order, ["inspection_failed"])
        self.assertEqual(self._all_rule_risks(self.order, "inspection_failed"), risk)
        self.assertEqual(risk.probability, 5)
        (inspection | second).write({"state": "success"})
        self._end_of_step()
        self.assertEqual(risk.state, "closed")

    def test_inspection_failed_closes_once_a_reinspection_passed(self):
        """The failed inspection was reworked and inspected again: once a
        re-inspection of it (or of its failed re-inspection) passed, the
        goods are good and the quality risk closes."""
        picking = self.order.picking_ids[0]
        inspection = self.env["qc.inspection"].create(
            {"object_id": "stock.picking,%d" % picking.id}
        )
        inspection.sale_order_id = self.order
        inspection.state = "failed"
        risk = self._open_rule_risks(self.order, "inspection_failed")
        self.assertEqual(len(risk), 1)
        reinspection = inspection.copy(
            {"reinspection_of_id": inspection.id, "sale_order_id": self.order.id}
        )
        reinspection.state = "failed"
        self.assertEqual(self._open_rule_risks(self.order, "inspection_failed"), risk)
        last = reinspection.copy(
            {"reinspection_of_id": reinspection.id, "sale_order_id": self.order.id}
        )
        last.state = "success"
        self._end_of_step()
        self.assertEqual(risk.state, "closed")
        self.assertFalse(self._open_rule_risks(self.order, "inspection_failed"))

    def test_supply_late(self):
        vendor = self.env["res.partner"].create({"name": "Slow Mill"})
        purchases = self.env["purchase.order"].create(
            [
                {
                    "partner_id": vendor.id,
                    "gendan_sale_order_ids": [Command.set(self.order.ids)],
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_qty": 10}
                        )
                    ],
                }
                for _i in range(2)
            ]
        )
        purchases.button_confirm()
        first, second = purchases
        first.write(
            {
                "required_date": self.today + timedelta(days=10),
                "supplier_promised_date": self.today + timedelta(days=14),
            }
        )
        self.assertTrue(first.is_supply_late)
        risk = self._open_rule_risks(self.order, "supply_late")
        self.assertEqual(len(risk), 1)
        self.assertEqual(risk.category, "supplier_delay")
        self.assertIn(first.name, risk.name)
        second.write(
            {
                "required_date": self.today + timedelta(days=10),
                "supplier_promised_date": self.today + timedelta(days=12),
            }
        )
        self._scan(self.order, ["supply_late"])
        self.assertEqual(self._all_rule_risks(self.order, "supply_late"), risk)
        self.assertIn(second.name, risk.name)
        purchases.write({"supplier_promised_date": self.today + timedelta(days=9)})
        self._scan(self.order, ["supply_late"])
        self.assertEqual(risk.state, "closed")

    def test_cost_overrun(self):
        line = self.env["gendan.cost.line"].create(
            {
                "order_id": self.order.id,
                "cost_type": "material",
                "budget_amount": 500.0,
                "actual_amount": 520.0,
            }
        )
        self.assertFalse(self._open_rule_risks(self.order, "cost_overrun"))
        line.actual_amount = 560.0  # 12% over, tolerance 5%
        risk = self._open_rule_risks(self.order, "cost_overrun")
        self.assertEqual(len(risk), 1)
        self.assertEqual((risk.category, risk.impact), ("cost", 4))
        line.actual_amount = 700.0
        self.assertEqual(self._all_rule_risks(self.order, "cost_overrun"), risk)
        self.assertEqual(risk.impact, 5)
        line.actual_amount = 510.0
        self._end_of_step()
        self.assertEqual(risk.state, "closed")

    def test_documents_missing(self):
        self.order.commitment_date = self.today + timedelta(days=20)
        document = self.env["gendan.document"].create(
            {"order_id": self.order.id, "doc_type": "bill_of_lading", "required": True}
        )
        self._scan(self.order, ["documents_missing"])
        self.assertFalse(self._open_rule_risks(self.order, "documents_missing"))
        # the shipped milestone's planned date takes precedence
        self._milestone(self.order, "Shipped", 3, auto_rule="shipped")
        self._scan(self.order, ["documents_missing"])
        risk = self._open_rule_risks(self.order, "documents_missing")
        self.assertEqual(len(risk), 1)
        self.assertEqual((risk.probability, risk.impact), (4, 3))
        self.env["gendan.milestone"].search(
            [("order_id", "=", self.order.id), ("auto_rule", "=", "shipped")]
        ).planned_date = self.today
        self.assertEqual(self._all_rule_risks(self.order, "documents_missing"), risk)
        self.assertEqual((risk.probability, risk.impact), (5, 4))
        document.file_name = "bl.pdf"
        document.file = self._file()
        self.assertEqual(document.state, "ready")
        self._end_of_step()
        self.assertEqual(risk.state, "closed")

    def test_payment_credit_limit_and_overdue(self):
        self.company.account_use_credit_limit = True
        self.customer.credit_limit = 50.0
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": self.today,
                "invoice_date_due": self.today + timedelta(days=30),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Mugs",
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self._scan(self.order, ["payment"])
        risk = self._open_rule_risks(self.order, "payment")
        self.assertEqual(len(risk), 1)
        self.assertEqual((risk.category, risk.probability), ("payment", 4))
        self.assertIn("credit limit", risk.description)
        # overdue as well: escalated in place
        invoice.invoice_date_due = self.today - timedelta(days=5)
        self._scan(self.order, ["payment"])
        self.assertEqual(self._all_rule_risks(self.order, "payment"), risk)
        self.assertEqual(risk.probability, 5)
        self.assertIn("overdue", risk.description)
        # limit raised and invoice paid: closed
        self.customer.credit_limit = 100000.0
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self._scan(self.order, ["payment"])
        self.assertEqual(risk.state, "closed")

    def test_low_margin(self):
        # order: 100 x 10.0 = 1000 untaxed
        line = self.env["gendan.cost.line"].create(
            {"order_id": self.order.id, "cost_type": "material", "budget_amount": 950.0}
        )
        self.assertAlmostEqual(self.order.expected_margin, 50.0)
        self.assertAlmostEqual(self.order.expected_margin_pct, 5.0)
        risk = self._open_rule_risks(self.order, "low_margin")
        self.assertEqual(len(risk), 1)
        self.assertEqual(risk.impact, 3)
        line.budget_amount = 1100.0
        self.assertEqual(self._all_rule_risks(self.order, "low_margin"), risk)
        self.assertEqual(risk.impact, 5)
        line.budget_amount = 600.0
        self._end_of_step()
        self.assertEqual(risk.state, "closed")

    def test_rule_messages_are_formatted(self):
        """The rules translate each message once per batch and format it per
        order: names and descriptions carry each order's own values, and the
        escaped percent signs come out as one."""
        self._milestone(self.order, "Lab dips approved", -2)
        self._scan(self.order, ["milestone_overdue"])
        risk = self._open_rule_risks(self.order, "milestone_overdue")
        self.assertEqual(risk.name, "Milestone overdue: Lab dips approved")
        self.assertEqual(
            risk.description,
            "1 milestone(s) overdue; the oldest, Lab dips approved, is 2 day(s) late.",
        )
        self.env["gendan.cost.line"].create(
            {
                "order_id": self.order.id,
                "cost_type": "material",
                "budget_amount": 500.0,
                "actual_amount": 560.0,
            }
        )
        risk = self._open_rule_risks(self.order, "cost_overrun")
        self.assertEqual(risk.name, "Cost overrun: 12.0%")
        self.assertIn(
            "Actual cost 560.0 is above the budget 500.0 by 12.0% (", risk.description
        )
        self.assertNotIn("%%", risk.description)

    def test_cron_scans_open_orders_only(self):
        self._milestone(self.order, "PP sample", -4)
        draft = self._create_order(self.other_customer, confirm=False)
        self._milestone(draft, "PP sample", -4)
        self.env["gendan.risk"]._cron_gendan_scan_risks()
        self.assertTrue(self._open_rule_risks(self.order, "milestone_overdue"))
        self.assertFalse(self._open_rule_risks(draft, "milestone_overdue"))
        rule_risk = self._open_rule_risks(self.order, "milestone_overdue")
        people_risk = self.env["gendan.risk"].create(
            {"order_id": self.order.id, "name": "Buyer may change the colour"}
        )
        self.order.with_user(self.manager).gendan_stage = "closed"
        self.env["gendan.risk"]._cron_gendan_scan_risks()
        # closed orders are not evaluated any more: the risks the rules raised
        # are closed with a note; the one a person recorded stays theirs
        self.assertEqual(rule_risk.state, "closed")
        self.assertEqual(rule_risk.date_closed, self.today)
        self.assertIn("follow-up is closed", rule_risk.message_ids[0].body)
        self.assertEqual(people_risk.state, "open")
        self.assertFalse(self._open_rule_risks(self.order, "milestone_overdue"))

    def test_cancelled_order_closes_its_rule_risks(self):
        self._milestone(self.order, "PP sample", -4)
        self._scan(self.order, ["milestone_overdue"])
        risk = self._open_rule_risks(self.order, "milestone_overdue")
        self.assertTrue(risk)
        self.order.with_user(self.manager)._action_cancel()
        self.assertEqual(self.order.gendan_stage, "cancel")
        self.assertEqual(risk.state, "closed")
        self.assertIn("cancelled", risk.message_ids[0].body)

    def test_merchandiser_sees_own_order_risks_only(self):
        other_merch = self.env["res.users"].create(
            {
                "name": "Olga Other",
                "login": "gendan_other_merch",
                "groups_id": [
                    Command.set([self.env.ref("gendan_tracking.group_merchandiser").id])
                ],
            }
        )
        risk = self.env["gendan.risk"].create(
            {"order_id": self.order.id, "name": "Colour", "probability": 2, "impact": 2}
        )
        Risk = self.env["gendan.risk"]
        self.assertEqual(
            Risk.with_user(self.merchandiser).search([("id", "=", risk.id)]), risk
        )
        self.assertFalse(Risk.with_user(other_merch).search([("id", "=", risk.id)]))
        self.company.gendan_see_all_orders = True
        self.assertEqual(
            Risk.with_user(other_merch).search([("id", "=", risk.id)]), risk
        )

    def _scan_query_count(self, count):
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "merchandiser_id": self.merchandiser.id,
                    "state": "sale",
                    "date_order": fields.Datetime.now() - timedelta(days=30),
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 1}
                        )
                    ],
                }
                for _i in range(count)
            ]
        )
        self.env["gendan.milestone"].create(
            [
                {
                    "order_id": order.id,
                    "name": "Bulk fabric in",
                    "planned_date": self.today - timedelta(days=2),
                }
                for order in orders
            ]
        )
        self.env["gendan.document"].create(
            [{"order_id": order.id, "doc_type": "packing_list"} for order in orders]
        )
        orders.write({"commitment_date": self.today + timedelta(days=1)})
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        created, _updated, _closed = self._scan(orders)
        self.env.flush_all()
        first = self.env.cr.sql_log_count - start
        # documents risks are raised by this scan (milestones may have raised
        # theirs on creation already)
        self.assertGreaterEqual(len(created), count)
        self.assertEqual(
            self.env["gendan.risk"].search_count(
                [("order_id", "in", orders.ids), ("state", "=", "open")]
            ),
            2 * count,
        )
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        created, updated, closed = self._scan(orders)
        self.env.flush_all()
        again = self.env.cr.sql_log_count - start
        self.assertFalse(created or updated or closed)
        return first, again

    def test_scan_query_count_is_constant(self):
        # warm-up: per-transaction caches (models, fields metadata) are filled once
        self._scan_query_count(2)
        small = self._scan_query_count(5)
        large = self._scan_query_count(50)
        self.assertEqual(small, large)

    def test_risk_matrix_axes(self):
        Risk = self.env["gendan.risk"]
        for probability, impact in ((4, 5), (4, 5), (1, 2)):
            Risk.create(
                {
                    "order_id": self.order.id,
                    "name": "Risk %s×%s" % (probability, impact),
                    "probability": probability,
                    "impact": impact,
                }
            )
        domain = [("order_id", "=", self.order.id)]
        rows = Risk.read_group(domain, ["probability_level"], ["probability_level"])
        # every row of the matrix, most probable first, even when empty
        self.assertEqual(
            [row["probability_level"] for row in rows], ["5", "4", "3", "2", "1"]
        )
        self.assertEqual(
            [row["probability_level_count"] for row in rows], [0, 2, 0, 0, 1]
        )
        cells = Risk.read_group(
            domain,
            ["probability_level"],
            ["probability_level", "impact_level"],
            lazy=False,
        )
        counts = {
            (cell["probability_level"], cell["impact_level"]): cell["__count"]
            for cell in cells
            if cell["__count"]
        }
        self.assertEqual(counts, {("4", "5"): 2, ("1", "2"): 1})
        labels = dict(Risk._fields["impact_level"]._description_selection(self.env))
        self.assertEqual(labels["5"], "5 - Severe")
