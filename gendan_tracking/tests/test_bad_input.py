import logging
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .bad_input_common import BadInputCommon
from .common import GendanOrderCommon

_logger = logging.getLogger(__name__)


def _merch(case):
    return case.merchandiser


def _milestone(case):
    return case.milestone


def _issue(case):
    return case.issue


def _purchase(case):
    return case.purchase


def _past(case, days=5):
    return case.order_day - timedelta(days=days)


def _plan_from_empty_template(case):
    case.order.sudo().milestone_template_id = case.empty_template
    order = case.order.with_user(case.merchandiser).with_context(lang="zh_CN")
    order.action_gendan_regenerate_plan()


CASES = [
    # -- bad dates ---------------------------------------------------------
    {
        "name": "milestone planned before the order date (create)",
        "model": "gendan.milestone",
        "exception": ValidationError,
        "user": _merch,
        "create": lambda c: {
            "order_id": c.order.id,
            "name": "Too early",
            "planned_date": _past(c),
        },
    },
    {
        "name": "milestone planned before the order date (write)",
        "model": "gendan.milestone",
        "exception": ValidationError,
        "user": _merch,
        "record": _milestone,
        "write": lambda c: {"planned_date": _past(c)},
    },
    {
        "name": "milestone done late without a delay reason",
        "model": "gendan.milestone",
        "exception": ValidationError,
        "user": _merch,
        "record": _milestone,
        "write": lambda c: {
            "state": "done",
            "actual_date": c.order_day + timedelta(days=9),
        },
    },
    {
        "name": "production issue resolved before it was reported (create)",
        "model": "gendan.production.issue",
        "exception": ValidationError,
        "user": _merch,
        "create": lambda c: {
            "order_id": c.order.id,
            "name": "Time travel",
            "date_reported": c.order_day,
            "date_resolved": _past(c),
        },
    },
    {
        "name": "production issue resolved before it was reported (write)",
        "model": "gendan.production.issue",
        "exception": ValidationError,
        "user": _merch,
        "record": _issue,
        "write": lambda c: {"date_resolved": _past(c, 30)},
    },
    {
        "name": "production issue resolved without a resolution",
        "model": "gendan.production.issue",
        "exception": ValidationError,
        "user": _merch,
        "record": _issue,
        "write": lambda c: {"state": "resolved"},
    },
    {
        "name": "supplier promise before the purchase order date",
        "model": "purchase.order",
        "exception": ValidationError,
        "user": _merch,
        "record": _purchase,
        "write": lambda c: {"supplier_promised_date": _past(c, 40)},
    },
    {
        "name": "expediting log promise before the purchase order date",
        "model": "gendan.expedite.log",
        "exception": ValidationError,
        "user": _merch,
        "create": lambda c: {
            "purchase_id": c.purchase.id,
            "new_promised_date": _past(c, 40),
        },
    },
    # -- a template without lines -------------------------------------------
    {
        "name": "T&A plan generated from a template without lines",
        "model": "gendan.milestone",
        "exception": UserError,
        "call": _plan_from_empty_template,
    },
    # -- imports (load) --------------------------------------------------------
    {
        "name": "import milestone with an unknown order",
        "model": "gendan.milestone",
        "user": _merch,
        "load": lambda c: (["order_id", "name"], [["S-NO-SUCH-ORDER", "Ghost"]]),
    },
    {
        "name": "import milestone with a malformed date",
        "model": "gendan.milestone",
        "user": _merch,
        "load": lambda c: (
            ["order_id/.id", "name", "planned_date"],
            [[str(c.order.id), "Bad date", "2026-13-45"]],
        ),
    },
    {
        "name": "import milestone planned before the order date",
        "model": "gendan.milestone",
        "user": _merch,
        "translated": True,
        "load": lambda c: (
            ["order_id/.id", "name", "planned_date"],
            [
                [str(c.order.id), "Fine", str(c.order_day + timedelta(days=3))],
                [str(c.order.id), "Too early", str(_past(c))],
            ],
        ),
    },
    {
        "name": "import production issue with an unknown purchase order",
        "model": "gendan.production.issue",
        "user": _merch,
        "load": lambda c: (
            ["order_id/.id", "name", "purchase_id"],
            [[str(c.order.id), "Late", "P-NO-SUCH-PO"]],
        ),
    },
    {
        "name": "import expediting log with an unknown purchase order",
        "model": "gendan.expedite.log",
        "user": _merch,
        "load": lambda c: (["purchase_id", "note"], [["P-NO-SUCH-PO", "called"]]),
    },
    # -- issue 5: risks, costs, complaints ------------------------------------
    {
        "name": "risk probability above 5",
        "model": "gendan.risk",
        "exception": ValidationError,
        "user": _merch,
        "create": lambda c: {
            "order_id": c.order.id,
            "name": "Typhoon",
            "probability": 6,
        },
    },
    {
        "name": "risk impact below 1",
        "model": "gendan.risk",
        "exception": ValidationError,
        "user": _merch,
        "record": lambda c: c.env["gendan.risk"].create(
            {"order_id": c.order.id, "name": "Strike"}
        ),
        "write": lambda c: {"impact": 0},
    },
    {
        "name": "negative cost budget",
        "model": "gendan.cost.line",
        "exception": ValidationError,
        "user": _merch,
        "create": lambda c: {"order_id": c.order.id, "budget_amount": -10.0},
    },
    {
        "name": "negative actual cost",
        "model": "gendan.cost.line",
        "exception": ValidationError,
        "user": _merch,
        "record": lambda c: c.env["gendan.cost.line"].create(
            {"order_id": c.order.id, "budget_amount": 10.0}
        ),
        "write": lambda c: {"actual_amount": -1.0},
    },
    {
        "name": "cost template percentage above 100",
        "model": "gendan.cost.template.line",
        "exception": ValidationError,
        "create": lambda c: {
            "template_id": c.env["gendan.cost.template"].create({"name": "Costs"}).id,
            "percentage": 150.0,
        },
    },
    {
        "name": "negative complaint cost",
        "model": "gendan.complaint",
        "exception": ValidationError,
        "user": _merch,
        "create": lambda c: {
            "subject": "Broken",
            "partner_id": c.customer.id,
            "order_id": c.order.id,
            "cost_amount": -5.0,
        },
    },
    {
        "name": "import cost line with an unknown order",
        "model": "gendan.cost.line",
        "user": _merch,
        "load": lambda c: (
            ["order_id", "budget_amount"],
            [["S-NO-SUCH-ORDER", "10"]],
        ),
    },
    {
        "name": "import risk with a probability out of range",
        "model": "gendan.risk",
        "user": _merch,
        "translated": True,
        "load": lambda c: (
            ["order_id/.id", "name", "probability"],
            [[str(c.order.id), "Typhoon", "9"]],
        ),
    },
]


@tagged("post_install", "-at_install")
class TestBadInput(BadInputCommon, GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            user=cls.merchandiser, commitment_date=fields.Datetime.now() + timedelta(60)
        )
        cls.order_day = cls.order._gendan_order_day()
        cls.milestone = cls.env["gendan.milestone"].create(
            {
                "order_id": cls.order.id,
                "name": "Samples approved",
                "planned_date": cls.order_day + timedelta(days=2),
            }
        )
        cls.issue = cls.env["gendan.production.issue"].create(
            {"order_id": cls.order.id, "name": "Fabric late"}
        )
        supplier = cls.env["res.partner"].create({"name": "Bad Input Supplier"})
        cls.purchase = cls.env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "merchandiser_id": cls.merchandiser.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": 1,
                            "price_unit": 1,
                        }
                    )
                ],
            }
        )
        cls.empty_template = cls.env["gendan.milestone.template"].create(
            {"name": "Empty plan"}
        )

    def test_bad_inputs(self):
        cases = []
        for case in CASES:
            if case["model"] not in self.env:
                continue
            case = dict(case)
            for key in ("create", "write", "load"):
                if key in case:
                    case[key] = case[key](self)
            cases.append(case)
        done = self._run_bad_inputs(cases)
        _logger.info("gendan_tracking bad inputs: %s cases", done)
        self.assertEqual(done, len(cases))
