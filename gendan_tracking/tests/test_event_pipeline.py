"""The event pipeline (models/gendan_event.py): ordinary Odoo users, with no
merchandising group, keep working on followed orders, and each of their steps
still completes its milestone and moves the follow-up stage."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from ..models.gendan_event import Event
from ..tools import dates
from .common_supply import GendanSupplyCommon

RULES = (
    ("Order review completed", "order", "review_done"),
    ("Customer confirms PI", "order", "customer_confirmed"),
    ("Purchase order confirmed", "material", "po_confirmed"),
    ("Material received", "material", "material_received"),
    ("Final inspection passed", "quality", "inspection_passed"),
    ("Goods shipped", "logistics", "shipped"),
    ("Invoice posted", "finance", "invoice_posted"),
    ("Payment received", "finance", "payment_received"),
)


@tagged("post_install", "-at_install")
class TestEventPipeline(GendanSupplyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.template = cls.env["gendan.milestone.template"].create(
            {
                "name": "Every event",
                "company_id": cls.company.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": name,
                            "sequence": 10 * index,
                            "category": category,
                            "anchor": "order_date",
                            "offset_days": index,
                            "auto_rule": rule,
                        }
                    )
                    for index, (name, category, rule) in enumerate(RULES, start=1)
                ],
            }
        )
        # no required document: the delivery is not held by the document check
        cls.env["gendan.document.template"].search([]).write({"active": False})
        cls.salesperson = new_test_user(
            cls.env, login="plain_sales", groups="sales_team.group_sale_salesman"
        )
        cls.buyer = new_test_user(
            cls.env, login="plain_buyer", groups="purchase.group_purchase_user"
        )
        cls.storekeeper = new_test_user(
            cls.env, login="plain_stock", groups="stock.group_stock_user"
        )
        cls.inspector = new_test_user(
            cls.env,
            login="plain_quality",
            groups="base.group_user,quality_control_oca.group_quality_control_user",
        )
        cls.accountant = new_test_user(
            cls.env, login="plain_invoicing", groups="account.group_account_invoice"
        )

    def _new_order(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "merchandiser_id": self.merchandiser.id,
                    "milestone_template_id": self.template.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.mto_product.id, "product_uom_qty": 5}
                        )
                    ],
                }
            )
        )
        self._review(order.with_user(self.merchandiser))
        return order

    @staticmethod
    def _review(order):
        order.write(
            {
                name: True
                for name in (
                    "review_specification",
                    "review_quantity",
                    "review_price",
                    "review_delivery_date",
                    "review_payment_terms",
                    "review_packing",
                )
            }
        )

    def _state(self, order, rule):
        milestone = order.sudo().milestone_ids.filtered(lambda m: m.auto_rule == rule)
        self.assertEqual(len(milestone), 1)
        return milestone.state

    def _ready(self, picking):
        # the quantities a storekeeper types in before pressing Validate
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True

    def test_each_plain_role_moves_the_order(self):
        # a salesperson creates, confirms and reads the followed order
        order = self._new_order()
        order.with_user(self.salesperson).action_confirm()
        order = order.sudo()
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.milestone_ids), len(RULES))
        self.assertEqual(self._state(order, "review_done"), "done")
        self.assertEqual(order.gendan_stage, "review")
        values = order.with_user(self.salesperson).read(["name", "gendan_stage"])
        self.assertEqual(values[0]["gendan_stage"], "review")
        # the salesperson records the customer's confirmation
        order.with_user(self.salesperson).write(
            {"customer_confirmation_state": "confirmed"}
        )
        self.assertEqual(self._state(order, "customer_confirmed"), "done")
        self.assertEqual(order.gendan_stage, "confirmed")

        # a purchase user confirms the PO that serves the order
        purchase = order.gendan_purchase_ids
        self.assertEqual(len(purchase), 1)
        # (the test classes disable tracking; Odoo's users have it). The
        # salesperson's step ends: a new one starts, as for a real user.
        self.env.cr.flush()
        purchase.with_user(self.buyer).with_context(
            tracking_disable=False, mail_notrack=False
        ).button_confirm()
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(self._state(order, "po_confirmed"), "done")
        self.assertEqual(order.gendan_stage, "production")
        # the chatter names who acted, not the system
        self.env.cr.flush()
        milestone = order.milestone_ids.filtered(
            lambda m: m.auto_rule == "po_confirmed"
        )
        tracked = self.env["mail.message"].search(
            [
                ("model", "=", "gendan.milestone"),
                ("res_id", "=", milestone.id),
                ("tracking_value_ids", "!=", False),
            ],
            order="id desc",
            limit=1,
        )
        self.assertEqual(tracked.author_id, self.buyer.partner_id)

        # a warehouse user validates the receipt
        receipt = purchase.picking_ids
        self._ready(receipt)
        self.assertIs(receipt.with_user(self.storekeeper).button_validate(), True)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(self._state(order, "material_received"), "done")
        # the goods arrived: the delivery is ready to go
        self.assertEqual(order.gendan_stage, "shipping")

        # a quality user starts and passes the final inspection
        inspection = order.with_user(self.merchandiser)._gendan_create_inspection(
            "final", test=self.qc_test
        )
        inspection.inspection_lines = inspection._prepare_inspection_lines(self.qc_test)
        inspection = inspection.with_user(self.inspector)
        inspection.action_todo()
        self.assertEqual(order.gendan_stage, "shipping", "never backwards")
        for line in inspection.inspection_lines:
            line.qualitative_value = line.possible_ql_values.filtered("ok")[:1]
        inspection.action_confirm()
        if inspection.state == "waiting":
            inspection.action_approve()
        self.assertEqual(inspection.state, "success")
        self.assertEqual(self._state(order, "inspection_passed"), "done")

        # the warehouse user validates the delivery
        delivery = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self._ready(delivery)
        self.assertIs(delivery.with_user(self.storekeeper).button_validate(), True)
        self.assertEqual(self._state(order, "shipped"), "done")
        self.assertEqual(order.gendan_stage, "delivered")

        # an invoicing user posts the invoice and registers the payment
        invoice = order._create_invoices()
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(self._state(order, "invoice_posted"), "done")
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self._state(order, "payment_received"), "done")
        self.assertEqual(order.gendan_stage, "closed")
        self.env.cr.flush()  # the deferred risk rescans run as the system

    def test_no_context_moves_the_stage(self):
        order = self._new_order()
        order.sudo().action_confirm()
        for context in ({"gendan_stage_event": True}, {"gendan_event": True}, {}):
            with self.assertRaises(UserError):
                order.with_user(self.merchandiser).with_context(**context).write(
                    {"gendan_stage": "closed"}
                )
        self.assertEqual(order.sudo().gendan_stage, "review")
        order.with_user(self.manager).write({"gendan_stage": "production"})
        self.assertEqual(order.sudo().gendan_stage, "production")

    def test_milestone_link_is_the_pipeline_s(self):
        order = self._new_order()
        order.sudo().action_confirm()
        milestone = order.sudo().milestone_ids[1].with_user(self.merchandiser)
        with self.assertRaises(AccessError):
            milestone.write({"res_model": "sale.order", "res_id": order.id})

    def test_confirmation_by_write_and_by_load(self):
        written, loaded = self._new_order(), self._new_order()
        (written | loaded).sudo().action_confirm()
        at = datetime(2026, 11, 30, 17, 0)  # Shanghai: 1 December, 01:00
        written.with_user(self.merchandiser).write(
            {"customer_confirmation_state": "confirmed", "customer_confirmed_date": at}
        )
        result = (
            self.env["sale.order"]
            .with_user(self.merchandiser)
            .load(
                [".id", "customer_confirmation_state", "customer_confirmed_date"],
                [[str(loaded.id), "confirmed", "2026-11-30 17:00:00"]],
            )
        )
        self.assertFalse(result["messages"], result["messages"])
        for order in (written, loaded):
            order = order.sudo()
            milestone = order.milestone_ids.filtered(
                lambda m: m.auto_rule == "customer_confirmed"
            )
            self.assertEqual(milestone.state, "done")
            self.assertEqual(milestone.actual_date, date(2026, 12, 1))
            self.assertEqual(order.gendan_stage, "confirmed")

    def test_check_risks_now_as_merchandiser(self):
        # the payment rule reads the customer's credit, which merchandisers
        # cannot read: it does so as the system and shows only the risk
        self.company.account_use_credit_limit = True
        self.customer.credit_limit = 10.0
        order = self._new_order()
        order.sudo().action_confirm()
        invoice = order.sudo()._create_invoices()
        invoice.action_post()
        order.with_user(self.merchandiser).action_gendan_scan_risks()
        self.env.cr.flush()
        risks = order.with_user(self.merchandiser).risk_ids
        self.assertEqual(
            risks.filtered(lambda r: r.rule == "payment").category, "payment"
        )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.merchandiser).read(["credit_limit"])

    def test_public_methods_check_the_caller(self):
        order = self._new_order()
        order.sudo().action_confirm()
        missing = self.env["sale.order"].browse(order.id + 10**6)
        with self.assertRaises(MissingError):
            missing.with_user(self.merchandiser).action_gendan_sync_costs()
        with self.assertRaises(AccessError):
            order.with_user(self.buyer).action_gendan_sync_costs()
        with self.assertRaises(AccessError):
            order.with_user(self.buyer).action_gendan_scan_risks()
        self.assertIs(
            order.with_user(self.merchandiser).action_gendan_sync_costs(), True
        )

    def test_event_table_is_checked(self):
        SaleOrder = self.env["sale.order"]
        with self.assertRaises(ValueError):
            SaleOrder._gendan_emit("nothing_happened", SaleOrder.browse())
        for event in (
            Event(rule="no_such_rule"),
            Event(stage="no_such_stage"),
            Event(risks=("no_such_risk",)),
            Event(handlers=("_no_such_method",)),
        ):
            with self.assertRaises(ValueError):
                SaleOrder._gendan_check_events({"broken": event})
        SaleOrder._gendan_check_events(SaleOrder._gendan_events())


@tagged("post_install", "-at_install")
class TestCompanyDay(GendanSupplyCommon):
    """ "Today" is the company's day (Asia/Shanghai, UTC+8), whatever the hour
    of the server, and the user's timezone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.merchandiser.tz = "Europe/Brussels"
        cls.order = cls._create_sale_order(
            product=cls.product, date_order=datetime(2026, 3, 1, 2, 0)
        )

    def _milestone(self, planned):
        return self._add_milestone(self.order, "none", planned_date=planned)

    @freeze_time("2026-03-10 15:30:00")  # 23:30 in Shanghai
    def test_before_local_midnight(self):
        self.assertEqual(dates.company_today(self.company), date(2026, 3, 10))
        milestone = self._milestone(date(2026, 3, 10))
        self.assertEqual(milestone.state, "pending")
        milestone.with_user(self.merchandiser).action_mark_done()
        self.assertEqual(milestone.actual_date, date(2026, 3, 10))

    @freeze_time("2026-03-10 16:30:00")  # 00:30 on the 11th in Shanghai
    def test_after_local_midnight(self):
        self.assertEqual(dates.company_today(self.company), date(2026, 3, 11))
        milestone = self._milestone(date(2026, 3, 10))
        self.assertEqual(milestone.state, "late")
        self.assertEqual(milestone.delay_days, 1)

    @freeze_time("2026-03-10 17:00:00")  # UTC still the 10th, Shanghai the 11th
    def test_shanghai_already_tomorrow(self):
        self.assertEqual(dates.company_today(self.company), date(2026, 3, 11))
        self.assertEqual(
            dates.local_date(self.company, datetime(2026, 3, 10, 17, 0)),
            date(2026, 3, 11),
        )
        self.assertEqual(
            dates.utc_start(self.company, date(2026, 3, 11)),
            datetime(2026, 3, 10, 16, 0),
        )
        late = self._milestone(date(2026, 3, 10))
        self.assertEqual(late.state, "late")
        # done "today", the 11th: on time, no delay reason needed
        milestone = self._milestone(date(2026, 3, 11))
        milestone.with_user(self.merchandiser).action_mark_done()
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.actual_date, date(2026, 3, 11))
        self.assertEqual(milestone.delay_days, 0)
