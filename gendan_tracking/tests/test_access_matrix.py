import logging

import lxml.html

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .access_matrix_common import ALL, NONE, READ, RWC, AccessMatrixCommon

_logger = logging.getLogger(__name__)


def _per_order(model, values=None):
    """Records of ``model`` on merchandiser A's and B's orders."""

    def make(case):
        Model = case.env[model].sudo()
        return {
            "merch_a": Model.create({"order_id": case.order_a.id, **(values or {})}),
            "merch_b": Model.create({"order_id": case.order_b.id, **(values or {})}),
        }

    return make


def _config(model, values, line_model=None, line_values=None):
    def make(case):
        record = (
            case.env[model].sudo().create({"company_id": case.company.id, **values})
        )
        if line_model:
            record = (
                case.env[line_model]
                .sudo()
                .create({"template_id": record.id, **(line_values or {})})
            )
        return {None: record}

    return make


def _admin_records(model, values):
    def make(case):
        return {
            None: case.env[model]
            .sudo()
            .create({"company_id": case.company.id, **values})
        }

    return make


def _notify_messages(case):
    channel = _admin_records(
        "gendan.notify.channel",
        {
            "name": "Matrix outbox",
            "webhook_url": "https://oapi.dingtalk.com/robot/send",
        },
    )(case)[None]
    return {
        None: case.env["gendan.notify.message"]
        .sudo()
        .create({"channel_id": channel.id, "title": "Matrix alert"})
    }


def _escalation_logs(case):
    rule = _admin_records(
        "gendan.escalation.rule", {"trigger": "complaint_no_response"}
    )(case)[None]
    return {
        None: case.env["gendan.escalation.log"]
        .sudo()
        .create(
            {
                "rule_id": rule.id,
                "res_model": "sale.order",
                "res_id": case.order_a.id,
                "level": 1,
                "date": "2026-04-27",
            }
        )
    }


def _wizard(model):
    def make(case):
        return {None: case.env[model]}

    return make


def _expedite_logs(case):
    supplier = case.env["res.partner"].create({"name": "Matrix Supplier"})
    logs = {}
    for role in ("merch_a", "merch_b"):
        purchase = (
            case.env["purchase.order"]
            .sudo()
            .create(
                {
                    "partner_id": supplier.id,
                    "merchandiser_id": case.users[role].id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": case.product.id,
                                "product_qty": 2,
                                "price_unit": 4.0,
                            },
                        )
                    ],
                }
            )
        )
        logs[role] = (
            case.env["gendan.expedite.log"]
            .sudo()
            .create({"purchase_id": purchase.id, "note": "called"})
        )
    return logs


def _promise_reports(case):
    """Rows of the promise reliability analysis: a confirmed purchase order
    serving each merchandiser's (confirmed) order."""
    _reports("gendan.order.report")(case)  # confirms the orders
    supplier = case.env["res.partner"].create({"name": "Matrix Promise Supplier"})
    rows = {}
    for role, order in (("merch_a", case.order_a), ("merch_b", case.order_b)):
        purchase = (
            case.env["purchase.order"]
            .sudo()
            .create(
                {
                    "partner_id": supplier.id,
                    "gendan_sale_order_ids": [(4, order.id)],
                    "order_line": [
                        (0, 0, {"product_id": case.product.id, "product_qty": 2})
                    ],
                }
            )
        )
        purchase.button_confirm()
        case.env.flush_all()
        rows[role] = (
            case.env["gendan.supplier.promise.report"]
            .sudo()
            .search([("purchase_id", "=", purchase.id)])
        )
    return rows


def _complaints(case):
    return {
        role: case.env["gendan.complaint"]
        .sudo()
        .create(
            {
                "subject": "Broken mugs",
                "partner_id": order.partner_id.id,
                "order_id": order.id,
            }
        )
        for role, order in (("merch_a", case.order_a), ("merch_b", case.order_b))
    }


def _cost_summaries(case):
    Line = case.env["gendan.cost.line"].sudo()
    for order in case.order_a | case.order_b:
        if not Line.search_count([("order_id", "=", order.id)]):
            Line.create({"order_id": order.id, "budget_amount": 5.0})
    case.env.flush_all()
    Summary = case.env["gendan.cost.summary"].sudo()
    return {
        "merch_a": Summary.search([("order_id", "=", case.order_a.id)], limit=1),
        "merch_b": Summary.search([("order_id", "=", case.order_b.id)], limit=1),
    }


def _reports(model):
    def make(case):
        for order in case.order_a | case.order_b:
            if order.state != "sale":
                # the analysis covers confirmed orders; confirmed after review
                order.write(
                    {
                        name: True
                        for name, field in order._fields.items()
                        if name.startswith("review_") and field.type == "boolean"
                    }
                )
                order.sudo().action_confirm()
            if not order.milestone_ids:
                case.env["gendan.milestone"].sudo().create(
                    {"order_id": order.id, "name": "Matrix milestone"}
                )
        case.env.flush_all()
        Report = case.env[model].sudo()
        return {
            "merch_a": Report.search([("order_id", "=", case.order_a.id)], limit=1),
            "merch_b": Report.search([("order_id", "=", case.order_b.id)], limit=1),
        }

    return make


def _gates(line=False):
    def make(case):
        gate = (
            case.env["gendan.gate"]
            .sudo()
            .create(
                {
                    "name": "Matrix gate",
                    "company_id": case.company.id,
                    "event": "delivery_validation",
                    "line_ids": [(0, 0, {"condition": "deposit_received"})],
                }
            )
        )
        return {None: gate.line_ids if line else gate}

    return make


# One line per gendan_tracking model. Kinds and expectations: see
# access_matrix_common. Models that are not installed (yet) are skipped by the
# loop; test_matrix_covers_every_model fails for an installed model without a line.
MODEL_SPECS = {
    "gendan.milestone.template": {
        "kind": "config",
        "records": _config("gendan.milestone.template", {"name": "Matrix plan"}),
    },
    "gendan.milestone.template.line": {
        "kind": "config",
        "records": _config(
            "gendan.milestone.template",
            {"name": "Matrix plan"},
            "gendan.milestone.template.line",
            {"name": "Matrix step"},
        ),
    },
    "gendan.milestone": {
        "kind": "order",
        "records": _per_order("gendan.milestone", {"name": "Matrix milestone"}),
    },
    "gendan.order.error": {
        "kind": "order",
        "records": _per_order("gendan.order.error"),
    },
    "gendan.production.issue": {
        "kind": "order",
        "records": _per_order("gendan.production.issue", {"name": "Late fabric"}),
    },
    "gendan.expedite.log": {"kind": "order", "records": _expedite_logs},
    "gendan.milestone.done.wizard": {
        "kind": "wizard",
        "records": _wizard("gendan.milestone.done.wizard"),
    },
    "gendan.customer.confirmation.wizard": {
        "kind": "wizard",
        "records": _wizard("gendan.customer.confirmation.wizard"),
    },
    # issue 20: the replan dialog (the replan checks the milestones' access)
    "gendan.milestone.replan.wizard": {
        "kind": "wizard",
        "records": _wizard("gendan.milestone.replan.wizard"),
    },
    # issue 5: risks, costs, documents, contracts, complaints
    "gendan.risk": {
        "kind": "order",
        "records": _per_order("gendan.risk", {"name": "Supplier may be late"}),
    },
    "gendan.cost.line": {
        "kind": "order",
        "merch_ops": ALL,
        "records": _per_order("gendan.cost.line", {"budget_amount": 5.0}),
    },
    "gendan.cost.template": {
        "kind": "config",
        "records": _config("gendan.cost.template", {"name": "Matrix costs"}),
    },
    "gendan.cost.template.line": {
        "kind": "config",
        "records": _config(
            "gendan.cost.template",
            {"name": "Matrix costs"},
            "gendan.cost.template.line",
            {"percentage": 10.0},
        ),
    },
    "gendan.document": {
        "kind": "order",
        "merch_ops": ALL,
        "records": _per_order("gendan.document"),
    },
    "gendan.document.template": {
        "kind": "config",
        "records": _config("gendan.document.template", {"name": "Matrix documents"}),
    },
    "gendan.document.template.line": {
        "kind": "config",
        "records": _config(
            "gendan.document.template",
            {"name": "Matrix documents"},
            "gendan.document.template.line",
            {},
        ),
    },
    "gendan.contract.clause": {
        "kind": "order",
        "merch_ops": ALL,
        "records": _per_order("gendan.contract.clause", {"name": "Pay in 30 days"}),
    },
    "gendan.complaint": {"kind": "order", "records": _complaints},
    "gendan.delivery.document.check": {
        # warehouse users check documents before shipping (stock users, which
        # merchandisers are); never deleted
        "kind": "wizard",
        "merch_ops": RWC,
        "manager_ops": RWC,
        "records": _wizard("gendan.delivery.document.check"),
    },
    # issue 6: analysis
    "gendan.order.report": {
        "kind": "report",
        "records": _reports("gendan.order.report"),
    },
    "gendan.cost.summary": {
        "kind": "report",
        "records": _cost_summaries,
    },
    "gendan.milestone.report": {
        "kind": "report",
        "records": _reports("gendan.milestone.report"),
    },
    # issue 17: promise reliability
    "gendan.supplier.promise.report": {
        "kind": "report",
        "records": _promise_reports,
    },
    "gendan.analysis.dashboard": {
        "kind": "wizard",
        "merch_ops": NONE,
        "records": _wizard("gendan.analysis.dashboard"),
    },
    "gendan.otif.export.wizard": {
        "kind": "wizard",
        "merch_ops": NONE,
        "records": _wizard("gendan.otif.export.wizard"),
    },
    # issue 20: Excel imports; merchandisers import the plans of the orders
    # they follow (the replan checks each order), only managers templates
    "gendan.ta.import.wizard": {
        "kind": "wizard",
        "records": _wizard("gendan.ta.import.wizard"),
    },
    "gendan.ta.import.wizard.line": {
        "kind": "wizard",
        "records": _wizard("gendan.ta.import.wizard.line"),
    },
    "gendan.template.import.wizard": {
        "kind": "wizard",
        "merch_ops": NONE,
        "records": _wizard("gendan.template.import.wizard"),
    },
    "gendan.template.import.wizard.line": {
        "kind": "wizard",
        "merch_ops": NONE,
        "records": _wizard("gendan.template.import.wizard.line"),
    },
    # issue 19: chat channels and their outbox (administrators only), the
    # escalation matrix (managers)
    "gendan.notify.channel": {
        "kind": "personal",
        "merch_ops": NONE,
        "manager_ops": NONE,
        "admin_ops": ALL,
        "records": _admin_records(
            "gendan.notify.channel",
            {"name": "Matrix robot", "webhook_url": "https://qyapi.weixin.qq.com/x"},
        ),
    },
    "gendan.notify.message": {
        "kind": "personal",
        "merch_ops": NONE,
        "manager_ops": NONE,
        "admin_ops": frozenset({"read", "write", "unlink"}),
        "records": _notify_messages,
    },
    "gendan.notify.trigger": {
        "kind": "personal",
        "shared": True,
        "merch_ops": NONE,
        "manager_ops": READ,
        "admin_ops": ALL,
        "other_company_ops": NONE,
        "records": lambda case: {
            None: case.env.ref("gendan_tracking.gendan_notify_trigger_digest")
        },
    },
    "gendan.notify.level": {
        "kind": "personal",
        "shared": True,
        "merch_ops": NONE,
        "manager_ops": READ,
        "admin_ops": ALL,
        "other_company_ops": NONE,
        "records": lambda case: {
            None: case.env.ref("gendan_tracking.gendan_notify_level_1")
        },
    },
    "gendan.escalation.rule": {
        "kind": "personal",
        "merch_ops": NONE,
        "manager_ops": ALL,
        "admin_ops": ALL,
        "records": _admin_records(
            "gendan.escalation.rule", {"trigger": "risk_level", "threshold": 0}
        ),
    },
    "gendan.escalation.log": {
        "kind": "personal",
        "merch_ops": NONE,
        "manager_ops": READ,
        "admin_ops": READ,
        "records": _escalation_logs,
    },
    # issue 18: samples and readiness gates
    "gendan.sample": {
        "kind": "order",
        "records": _per_order("gendan.sample", {"sample_type": "pp_sample"}),
    },
    "gendan.sample.decision.wizard": {
        "kind": "wizard",
        "records": _wizard("gendan.sample.decision.wizard"),
    },
    # issue 19: the risk rules, read by merchandisers, set by managers
    "gendan.risk.rule": {
        "kind": "config",
        "records": lambda case: {
            None: case.env["gendan.risk.rule"]
            .sudo()
            .search([("company_id", "=", case.company.id)], limit=1)
        },
    },
    "gendan.gate": {"kind": "config", "records": _gates()},
    "gendan.gate.line": {"kind": "config", "records": _gates(line=True)},
    "gendan.gate.override": {
        # merchandisers read the overrides of their orders; managers give them
        "kind": "order",
        "merch_ops": READ,
        "records": _per_order(
            "gendan.gate.override",
            {"event": "delivery_validation", "reason": "Customer agreed by phone"},
        ),
    },
    # the mixins of the records of a followed order (no table, no rights)
    "gendan.order.record": {"kind": "abstract"},
    "gendan.attributed.record": {"kind": "abstract"},
    "gendan.registry.cache.source": {"kind": "abstract"},
}

COST_FIELDS = (
    "cost_line_ids",
    "cost_budget_total",
    "cost_actual_total",
    "cost_variance_pct",
    "expected_margin",
    "expected_margin_pct",
)


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCommon):
    def test_matrix_covers_every_model(self):
        self._assert_covers_every_model("gendan_tracking", MODEL_SPECS)

    def test_every_model_has_explicit_security(self):
        self._assert_explicit_security("gendan_tracking", MODEL_SPECS)

    def test_access_matrix(self):
        cases = self._run_matrix(MODEL_SPECS)
        _logger.info("gendan_tracking access matrix: %s cases", cases)
        self.assertGreater(cases, 0)

    def test_records_stay_on_their_order(self):
        checked = self._run_reparenting(MODEL_SPECS)
        self.assertGreaterEqual(
            set(checked),
            {
                "gendan.milestone",
                "gendan.order.error",
                "gendan.production.issue",
                "gendan.risk",
                "gendan.cost.line",
                "gendan.document",
                "gendan.contract.clause",
                "gendan.complaint",
                "gendan.sample",
            },
        )

    def test_access_matrix_orders_without_salesperson(self):
        """Odoo's "own documents" rule opens orders without a salesperson to
        every salesman; Gendan's records still follow the merchandiser."""
        (self.order_a | self.order_b).sudo().user_id = False
        cases = self._run_matrix(MODEL_SPECS)
        self.assertGreater(cases, 0)
        Order = self.env["sale.order"].with_user(self.users["merch_a"])
        self.assertFalse(Order.search([("id", "=", self.order_b.id)]))
        self.assertEqual(Order.search([("id", "=", self.order_a.id)]), self.order_a)

    def test_real_operations_follow_the_matrix(self):
        """The matrix uses has_access; the real operations agree with it."""
        merch_a, merch_b = self.users["merch_a"], self.users["merch_b"]
        Milestone = self.env["gendan.milestone"]
        milestone = Milestone.sudo().create(
            {"order_id": self.order_a.id, "name": "Matrix milestone"}
        )
        # own order: create, write and read work; unlink is for managers
        own = Milestone.with_user(merch_a).create(
            {"order_id": self.order_a.id, "name": "Own step"}
        )
        own.note = "checked"
        self.assertEqual(own.sudo().note, "checked")
        with self.assertRaises(AccessError):
            own.unlink()
        # someone else's order: invisible, not writable, no creation on it
        self.assertFalse(
            Milestone.with_user(merch_b).search([("id", "=", milestone.id)])
        )
        with self.assertRaises(AccessError):
            milestone.with_user(merch_b).note = "hijacked"
        with self.assertRaises(AccessError):
            Milestone.with_user(merch_b).create(
                {"order_id": self.order_a.id, "name": "Intruder"}
            )
        self.assertFalse(milestone.sudo().note)
        self.assertEqual(Milestone.sudo().search_count([("name", "=", "Intruder")]), 0)
        # the company setting opens the other orders' follow-up
        self.company.gendan_see_all_orders = True
        self.env.invalidate_all()
        milestone.with_user(merch_b).note = "helped"
        self.assertEqual(milestone.sudo().note, "helped")
        # users outside merchandising, portal and other companies: nothing
        for role in ("sales", "portal"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                Milestone.with_user(self.users[role]).search([])
        self.assertFalse(
            Milestone.with_user(self.users["other_company"]).search(
                [("order_id", "=", self.order_a.id)]
            )
        )
        for role in ("sales", "portal", "other_company"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                milestone.with_user(self.users[role]).read(["name"])
        own.with_user(self.users["manager"]).unlink()
        self.assertFalse(own.exists())

    def test_orders_follow_the_setting(self):
        SaleOrder = self.env["sale.order"]
        orders = self.order_a | self.order_b
        visible = SaleOrder.with_user(self.users["merch_a"]).search(
            [("id", "in", orders.ids)]
        )
        self.assertEqual(visible, self.order_a)
        self.company.gendan_see_all_orders = True
        self.env.invalidate_all()
        visible = SaleOrder.with_user(self.users["merch_a"]).search(
            [("id", "in", orders.ids)]
        )
        self.assertEqual(visible, orders)
        # the setting of another company opens nothing here
        self.company.gendan_see_all_orders = False
        self.assertFalse(
            SaleOrder.with_user(self.users["other_company"]).search(
                [("id", "in", orders.ids)]
            )
        )
        self.assertEqual(
            SaleOrder.with_user(self.users["manager"]).search(
                [("id", "in", orders.ids)]
            ),
            orders,
        )

    def test_costs_and_margins_field_groups(self):
        SaleOrder = self.env["sale.order"]
        fields = [name for name in COST_FIELDS if name in SaleOrder._fields]
        if not fields:
            self.skipTest("cost control (issue 5) is not installed")
        # never for users without merchandising groups, even on an order they read
        for role in ("sales", "portal"):
            user = self.users[role]
            with self.subTest(role=role):
                self.assertFalse(
                    set(fields) & set(SaleOrder.with_user(user).fields_get())
                )
                for name in fields:
                    with self.assertRaises(AccessError):
                        self.order_a.with_user(user).read([name])
        # ... although both read the order itself
        for role in ("sales", "portal"):
            self.assertTrue(self.order_a.with_user(self.users[role]).read(["name"]))
        # a merchandiser: own orders; others' only with the setting
        self.order_a.with_user(self.users["merch_a"]).read(fields)
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.users["merch_a"]).read(fields)
        self.company.gendan_see_all_orders = True
        self.env.invalidate_all()
        self.order_b.with_user(self.users["merch_a"]).read(fields)
        self.company.gendan_see_all_orders = False
        self.env.invalidate_all()
        # managers: every order
        (self.order_a | self.order_b).with_user(self.users["manager"]).read(fields)
        # another company's merchandiser: no order of this company
        with self.assertRaises(AccessError):
            self.order_a.with_user(self.users["other_company"]).read(fields)

    def test_portal_customer_sees_own_progress_only(self):
        """The portal customer reads their own orders (not the others'), never
        a Gendan record directly, and the progress shown to them lists the
        customer-visible milestones only, without costs."""
        template = self.env.ref(
            "gendan_tracking.order_progress", raise_if_not_found=False
        )
        if not template:
            self.skipTest("the customer progress (issue 5) is not installed")
        portal = self.users["portal"]
        SaleOrder = self.env["sale.order"].with_user(portal)
        self.assertEqual(
            SaleOrder.search([("id", "in", (self.order_a | self.order_b).ids)]),
            self.order_a,
        )
        with self.assertRaises(AccessError):
            self.order_b.with_user(portal).read(["name"])
        Milestone = self.env["gendan.milestone"].sudo()
        Milestone.create({"order_id": self.order_a.id, "name": "Vessel departure"})
        Milestone.create(
            {
                "order_id": self.order_a.id,
                "name": "Negotiate supplier discount",
                "customer_visible": False,
            }
        )
        Milestone.create({"order_id": self.order_b.id, "name": "Other buyer step"})
        with self.assertRaises(AccessError):
            self.order_a.with_user(portal).milestone_ids.mapped("name")
        html = str(
            self.env["ir.qweb"]
            .with_user(portal)
            ._render(template.id, {"order": self.order_a.with_user(portal).sudo()})
        )
        self.assertIn("Vessel departure", html)
        self.assertNotIn("Negotiate supplier discount", html)
        self.assertNotIn("Other buyer step", html)
        text = lxml.html.fromstring(html).text_content().lower()
        for word in ("margin", "cost", "budget"):
            self.assertNotIn(word, text)
