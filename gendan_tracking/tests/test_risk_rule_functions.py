"""The pure rule functions (tools/risk_rules.py), without the ORM: each rule
below, at and above each of its thresholds."""

from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import risk_rules
from ..tools.risk_rules import Params, evaluate


def params(code, **values):
    """The shipped parameters of ``code``, with ``values`` changed."""
    defaults = dict(risk_rules.DEFAULTS[code])
    shipped = {
        risk_rules.PARAM_FIELDS.get(field, field): value
        for field, value in defaults.items()
    }
    return Params(**dict(shipped, **values))


@tagged("post_install", "-at_install")
class TestRiskRuleFunctions(BaseCase):
    def assess(self, code, facts, **values):
        result = evaluate(code, facts, params(code, **values))
        return result and (result.probability, result.impact, result.category)

    def test_every_rule_has_a_function_and_defaults(self):
        from ..models.gendan_risk import RISK_RULES

        codes = {code for code, _label in RISK_RULES}
        self.assertEqual(set(risk_rules.RULES), codes)
        self.assertEqual(set(risk_rules.DEFAULTS), codes)
        with self.assertRaisesRegex(ValueError, "Unknown risk rule"):
            evaluate("nope", {}, Params())

    def test_milestone_overdue_bands(self):
        def facts(days):
            return {
                "count": 2,
                "days": days,
                "name": "Fabric in",
                "category": "material",
            }

        self.assertIsNone(evaluate("milestone_overdue", {"count": 0}, Params()))
        # days 3 and 10 (shipped): at a threshold the band is not reached yet
        self.assertEqual(
            self.assess("milestone_overdue", facts(1)), (3, 2, "supplier_delay")
        )
        self.assertEqual(self.assess("milestone_overdue", facts(3))[:2], (3, 2))
        self.assertEqual(self.assess("milestone_overdue", facts(4))[:2], (4, 3))
        self.assertEqual(self.assess("milestone_overdue", facts(10))[:2], (4, 3))
        self.assertEqual(self.assess("milestone_overdue", facts(11))[:2], (5, 4))
        # a milestone late by its state but planned later counts as 0 days
        result = evaluate("milestone_overdue", facts(-2), params("milestone_overdue"))
        self.assertEqual(result.values["days"], 0)
        # tuned: bands from 1 and 5 days, base 4 x 4, capped at 5
        self.assertEqual(
            self.assess(
                "milestone_overdue",
                facts(6),
                days=1,
                days_high=5,
                probability=4,
                impact=4,
            )[:2],
            (5, 5),
        )
        unknown = dict(facts(1), category="other_thing")
        self.assertEqual(self.assess("milestone_overdue", unknown)[2], "other")

    def test_supply_late(self):
        self.assertIsNone(self.assess("supply_late", {"purchases": []}))
        result = evaluate(
            "supply_late", {"purchases": ["P1", "P2"]}, params("supply_late")
        )
        self.assertEqual((result.probability, result.impact), (4, 4))
        self.assertEqual(result.values, {"purchases": "P1, P2"})
        self.assertEqual(
            self.assess("supply_late", {"purchases": ["P1"]}, probability=2, impact=5),
            (2, 5, "supplier_delay"),
        )

    def test_inspection_failed(self):
        self.assertIsNone(self.assess("inspection_failed", {"inspections": []}))
        self.assertEqual(
            self.assess("inspection_failed", {"inspections": ["QC1"]}),
            (4, 4, "quality"),
        )
        self.assertEqual(
            self.assess("inspection_failed", {"inspections": ["QC1", "QC2"]}),
            (5, 4, "quality"),
        )

    def test_cost_overrun_tolerance_and_bands(self):
        def facts(actual):
            return {"budget": 100.0, "actual": actual}

        self.assertIsNone(self.assess("cost_overrun", {"budget": 0.0, "actual": 50.0}))
        # tolerance 5%: at 105 not raised, above it raised
        self.assertIsNone(self.assess("cost_overrun", facts(105.0)))
        self.assertEqual(self.assess("cost_overrun", facts(105.5)), (5, 3, "cost"))
        # second band above 10%, third above 25%
        self.assertEqual(self.assess("cost_overrun", facts(110.0))[:2], (5, 3))
        self.assertEqual(self.assess("cost_overrun", facts(111.0))[:2], (5, 4))
        self.assertEqual(self.assess("cost_overrun", facts(125.0))[:2], (5, 4))
        self.assertEqual(self.assess("cost_overrun", facts(126.0))[:2], (5, 5))
        # a company with a 15% tolerance
        self.assertIsNone(self.assess("cost_overrun", facts(112.0), pct=15.0))
        result = evaluate("cost_overrun", facts(112.0), params("cost_overrun"))
        self.assertEqual(
            result.values,
            {"actual": 112.0, "budget": 100.0, "pct": 12.0, "tolerance": 5.0},
        )

    def test_documents_missing(self):
        def facts(days_left):
            return {
                "documents": ["Bill of Lading"],
                "days_left": days_left,
                "date": date(2026, 12, 10),
            }

        self.assertIsNone(self.assess("documents_missing", {"documents": []}))
        self.assertIsNone(
            self.assess("documents_missing", {"documents": ["B/L"], "days_left": None})
        )
        # 7 days before shipping (shipped): at 7 raised, at 8 not
        self.assertIsNone(self.assess("documents_missing", facts(8)))
        self.assertEqual(
            self.assess("documents_missing", facts(7)), (4, 3, "documents")
        )
        self.assertEqual(self.assess("documents_missing", facts(1))[:2], (4, 3))
        self.assertEqual(self.assess("documents_missing", facts(0))[:2], (5, 4))
        self.assertEqual(self.assess("documents_missing", facts(-3))[:2], (5, 4))
        self.assertEqual(
            self.assess("documents_missing", facts(12), days=14)[:2], (4, 3)
        )

    def test_payment(self):
        base = {
            "partner": "Alpha",
            "balance": 500.0,
            "limit": 400.0,
            "use_limit": True,
            "overdue_count": 0,
            "overdue_amount": 0.0,
        }
        self.assertEqual(self.assess("payment", base), (4, 4, "payment"))
        # at the limit: not over it
        self.assertIsNone(self.assess("payment", dict(base, balance=400.0)))
        self.assertIsNone(self.assess("payment", dict(base, use_limit=False)))
        self.assertIsNone(self.assess("payment", dict(base, limit=0)))
        overdue = dict(base, balance=0.0, overdue_count=2, overdue_amount=300.0)
        self.assertEqual(self.assess("payment", overdue), (4, 4, "payment"))
        # overdue amounts at or below the rule's amount do not count
        self.assertIsNone(self.assess("payment", overdue, amount=300.0))
        self.assertEqual(self.assess("payment", overdue, amount=299.0)[:2], (4, 4))
        both = dict(base, overdue_count=1, overdue_amount=50.0)
        self.assertEqual(self.assess("payment", both)[:2], (5, 4))
        values = evaluate("payment", both, params("payment")).values
        self.assertTrue(values["over_limit"] and values["overdue"])

    def test_low_margin(self):
        def facts(margin):
            return {"has_costs": True, "margin_pct": margin}

        self.assertIsNone(
            self.assess("low_margin", {"has_costs": False, "margin_pct": -50.0})
        )
        # threshold 10% (shipped): at 10 not raised, below it raised
        self.assertIsNone(self.assess("low_margin", facts(10.0)))
        self.assertEqual(self.assess("low_margin", facts(9.9)), (4, 3, "cost"))
        self.assertEqual(self.assess("low_margin", facts(0.0))[:2], (4, 3))
        self.assertEqual(self.assess("low_margin", facts(-0.1))[:2], (4, 5))
        self.assertIsNone(self.assess("low_margin", facts(9.9), pct=5.0))

    def test_sample_late(self):
        def facts(days, state="planned", sample_type="lab_dip"):
            return {
                "count": 1,
                "days": days,
                "sample": "Lab dip R1",
                "state": state,
                "sample_type": sample_type,
            }

        self.assertIsNone(self.assess("sample_late", {"count": 0}))
        self.assertEqual(self.assess("sample_late", facts(1)), (3, 3, "supplier_delay"))
        self.assertEqual(self.assess("sample_late", facts(3))[:2], (3, 3))
        self.assertEqual(self.assess("sample_late", facts(4))[:2], (4, 3))
        self.assertEqual(
            self.assess("sample_late", facts(4, "sent", "pp_sample")), (4, 4, "other")
        )
