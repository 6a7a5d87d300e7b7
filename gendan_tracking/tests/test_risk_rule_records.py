"""The risk rules as records: shipped per company, switched off, tuned,
owned, and guarded against bad input and other users' hands."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..tools import risk_rules
from .control_common import GendanControlCommon


@tagged("post_install", "-at_install")
class TestRiskRuleRecords(GendanControlCommon):
    def _cost_line(self, actual):
        return self.env["gendan.cost.line"].create(
            {
                "order_id": self.order.id,
                "cost_type": "material",
                "budget_amount": 500.0,
                "actual_amount": actual,
            }
        )

    def test_shipped_rules_of_every_company(self):
        self.assertEqual(set(self.risk_rules), set(risk_rules.RULES))
        shipped = self.env.ref("gendan_tracking.risk_rule_cost_overrun")
        self.assertEqual(shipped.company_id, self.env.ref("base.main_company"))
        # the parameters a record leaves out take the shipped values
        milestone = self.env.ref("gendan_tracking.risk_rule_milestone_overdue")
        self.assertEqual(
            (milestone.probability, milestone.impact, milestone.threshold_days_high),
            (3, 2, 10),
        )
        # a new company gets a copy of each rule, with the shipped values
        shipped.threshold_pct = 8.0
        company = self.env["res.company"].create({"name": "Gendan HK"})
        rules = self.env["gendan.risk.rule"].search([("company_id", "=", company.id)])
        self.assertEqual(sorted(rules.mapped("code")), sorted(risk_rules.RULES))
        cost = rules.filtered(lambda r: r.code == "cost_overrun")
        self.assertEqual(cost.name, shipped.name)
        self.assertEqual(cost.threshold_pct, 5.0)
        self.assertTrue(cost.active)
        # idempotent
        self.env["gendan.risk.rule"]._gendan_ensure_defaults(company)
        self.assertEqual(
            self.env["gendan.risk.rule"].search_count(
                [("company_id", "=", company.id)]
            ),
            len(risk_rules.RULES),
        )

    def test_tuned_threshold_is_used(self):
        line = self._cost_line(560.0)  # 12% over
        self.assertTrue(self._open_rule_risks(self.order, "cost_overrun"))
        self.risk_rules["cost_overrun"].write(
            {"threshold_pct": 15.0, "threshold_pct_high": 20.0}
        )
        line.actual_amount = 570.0  # 14% over: within the new tolerance
        self._end_of_step()
        self._scan(self.order, ["cost_overrun"])
        self.assertFalse(self._open_rule_risks(self.order, "cost_overrun"))
        line.actual_amount = 590.0  # 18%: raised, below the second band
        risk = self._open_rule_risks(self.order, "cost_overrun")
        self.assertEqual((risk.probability, risk.impact), (5, 3))
        self.assertIn("tolerance 15.0%", risk.description)

    def test_switched_off_rule_raises_nothing_and_closes_its_risks(self):
        line = self._cost_line(560.0)
        risk = self._open_rule_risks(self.order, "cost_overrun")
        self.assertEqual(len(risk), 1)
        self.risk_rules["cost_overrun"].active = False
        self._scan(self.order)
        self.assertEqual(risk.state, "closed")
        line.actual_amount = 700.0
        self._end_of_step()
        self._scan(self.order)
        self.assertFalse(self._open_rule_risks(self.order, "cost_overrun"))
        # the other rules still run
        self._milestone(self.order, "Fabric in", -2)
        self._scan(self.order)
        self.assertTrue(self._open_rule_risks(self.order, "milestone_overdue"))
        # switched on again: raised again
        self.risk_rules["cost_overrun"].active = True
        self._scan(self.order)
        self.assertTrue(self._open_rule_risks(self.order, "cost_overrun"))

    def test_probability_impact_and_owner_come_from_the_rule(self):
        salesperson = self.env["res.users"].create(
            {"name": "Sally Sales", "login": "sally_rr", "email": "sally@example.com"}
        )
        self.order.user_id = salesperson
        self.risk_rules["milestone_overdue"].write(
            {"probability": 4, "impact": 4, "owner_role": "salesperson"}
        )
        self._milestone(self.order, "Fabric in", -2)
        self._scan(self.order, ["milestone_overdue"])
        risk = self._open_rule_risks(self.order, "milestone_overdue")
        self.assertEqual((risk.probability, risk.impact), (4, 4))
        self.assertEqual(risk.owner_id, salesperson)
        # the merchandiser owns them by default
        self.risk_rules["milestone_overdue"].owner_role = "merchandiser"
        risk.action_close()
        self._milestone(self.order, "Trims in", -1)
        self._scan(self.order, ["milestone_overdue"])
        self.assertEqual(
            self._open_rule_risks(self.order, "milestone_overdue").owner_id,
            self.merchandiser,
        )

    def test_rules_of_another_company_are_its_own(self):
        company = self.env["res.company"].create({"name": "Gendan SZ"})
        other = self.env["gendan.risk.rule"].search(
            [("company_id", "=", company.id), ("code", "=", "cost_overrun")]
        )
        other.active = False
        # the main company's order is still checked
        self._cost_line(560.0)
        self.assertTrue(self._open_rule_risks(self.order, "cost_overrun"))

    def test_bad_input(self):
        rule = self.risk_rules["cost_overrun"]
        for values in (
            {"probability": 0},
            {"impact": 6},
            {"threshold_pct": -1.0},
            {"threshold_pct_high": 2.0},  # below the tolerance
            {"threshold_pct_critical": 9.0},  # below the second band
            {"threshold_amount": -5.0},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    rule.write(values)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.risk_rules["low_margin"].threshold_pct = 150.0
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.risk_rules["milestone_overdue"].threshold_days_high = 2
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.risk_rules["documents_missing"].threshold_days = -1
        # an unknown code is an error, never a silent no-op
        with self.assertRaises(ValueError), self.env.cr.savepoint():
            self.env["gendan.risk.rule"].create(
                {"name": "Nope", "code": "nope", "company_id": self.company.id}
            )
        # one rule of each kind per company
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["gendan.risk.rule"].create(
                {"name": "Again", "code": "payment", "company_id": self.company.id}
            )

    def test_access(self):
        rule = self.risk_rules["low_margin"]
        # merchandisers read the rules, only managers change them
        self.assertEqual(rule.with_user(self.merchandiser).threshold_pct, 10.0)
        with self.assertRaises(AccessError):
            rule.with_user(self.merchandiser).threshold_pct = 2.0
        with self.assertRaises(AccessError):
            self.env["gendan.risk.rule"].with_user(self.merchandiser).create(
                {"name": "Mine", "code": "payment", "company_id": self.company.id}
            )
        with Form(rule.with_user(self.manager)) as form:
            form.threshold_pct = 12.5
        self.assertEqual(rule.threshold_pct, 12.5)
        # a company's rules stay in that company
        company = self.env["res.company"].create({"name": "Gendan HK"})
        self.assertFalse(
            self.env["gendan.risk.rule"]
            .with_user(self.manager)
            .search([("company_id", "=", company.id)])
        )

    def test_form_shows_the_rule_parameters(self):
        rule = self.risk_rules["cost_overrun"]
        self.assertTrue(rule.uses_pct and rule.uses_pct_bands)
        self.assertFalse(rule.uses_days or rule.uses_amount)
        payment = self.risk_rules["payment"]
        self.assertTrue(payment.uses_amount)
        self.assertFalse(payment.uses_pct)
