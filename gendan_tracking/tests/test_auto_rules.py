from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from ..tools import dates
from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
class TestAutoRules(GendanOrderCommon):
    def _confirmed_order(self):
        order = self._create_order(commitment_date=datetime(2030, 1, 15, 10, 0, 0))
        self._review(order)
        order.action_confirm()
        return order

    def _deliver(self, order):
        picking = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        picking.action_assign()
        picking.move_ids.write({"quantity": 2.0, "picked": True})
        picking.sudo().button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _invoice(self, order):
        invoice = order.sudo()._create_invoices()
        invoice.action_post()
        return invoice

    def _pay(self, invoice):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )

    def test_customer_confirmed(self):
        order = self._confirmed_order()
        milestone = self._milestone(order, "Customer confirms PI")
        self.assertEqual(milestone.state, "pending")
        order._gendan_record_customer_confirmation(
            "email", datetime(2026, 3, 2, 8, 0, 0), self.customer
        )
        self.assertEqual(milestone.state, "done")
        self.assertEqual(str(milestone.actual_date), "2026-03-02")
        # linked to the order when no signed document was attached
        self.assertEqual(
            (milestone.res_model, milestone.res_id), ("sale.order", order.id)
        )

    def test_late_event_completes_without_delay_reason(self):
        order = self._confirmed_order()
        milestone = self._milestone(order, "Customer confirms PI")
        late = fields.Datetime.now() + timedelta(days=30)
        order._gendan_record_customer_confirmation("email", late, self.customer)
        self.assertEqual(milestone.state, "done")
        self.assertGreater(milestone.delay_days, 0)
        self.assertFalse(milestone.delay_reason)

    def test_shipped_when_last_delivery_done(self):
        order = self._confirmed_order()
        milestone = self._milestone(order, "Goods shipped")
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 1.0, "picked": True})
        picking.with_context(cancel_backorder=False)._action_done()
        backorder = order.picking_ids - picking
        self.assertTrue(backorder)
        # a partial delivery does not complete the milestone
        self.assertEqual(milestone.state, "pending")
        self.assertEqual(order.gendan_stage, "review")
        backorder.move_ids.write({"quantity": 1.0, "picked": True})
        backorder._action_done()
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.res_model, "stock.picking")
        self.assertIn(milestone.res_id, (picking | backorder).ids)
        self.assertEqual(
            milestone.actual_date, order._gendan_local_date(backorder.date_done)
        )
        self.assertEqual(order.gendan_stage, "delivered")

    def test_invoice_posted(self):
        order = self._confirmed_order()
        invoice = self._invoice(order)
        milestone = self._milestone(order, "Invoice posted")
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.actual_date, invoice.invoice_date)
        self.assertEqual(
            (milestone.res_model, milestone.res_id), ("account.move", invoice.id)
        )

    def test_payment_received_closes_order(self):
        order = self._confirmed_order()
        self._deliver(order)
        invoice = self._invoice(order)
        milestone = self._milestone(order, "Payment received")
        self.assertEqual(milestone.state, "pending")
        self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.actual_date, dates.company_today(order.company_id))
        self.assertEqual(order.gendan_stage, "closed")

    def test_partial_payment_does_not_fire(self):
        order = self._confirmed_order()
        invoice = self._invoice(order)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 1.0})._create_payments()
        self.assertEqual(self._milestone(order, "Payment received").state, "pending")
        self.assertNotEqual(order.gendan_stage, "closed")

    def test_rule_without_milestone_does_nothing(self):
        order = self._confirmed_order()
        before = [(m.state, m.actual_date) for m in order.milestone_ids]
        done = order._gendan_complete_rule(
            "documents_complete",
            {order.id: (dates.company_today(order.company_id), order)},
        )
        self.assertFalse(done)
        self.assertEqual(
            [(m.state, m.actual_date) for m in order.milestone_ids], before
        )

    def test_rule_completes_only_first_open_milestone(self):
        order = self._confirmed_order()
        second = order.milestone_ids[-1].copy(
            {"name": "Second invoice", "sequence": 99, "auto_rule": "invoice_posted"}
        )
        first = self._milestone(order, "Invoice posted")
        SaleOrder = self.env["sale.order"]
        SaleOrder._gendan_emit("invoice_posted", order)
        self.assertEqual(first.state, "done")
        self.assertEqual(second.state, "pending")
        SaleOrder._gendan_emit("invoice_posted", order)
        self.assertEqual(second.state, "done")

    def test_cancelled_event_keeps_history_and_manager_reopens(self):
        order = self._confirmed_order()
        invoice = self._invoice(order)
        milestone = self._milestone(order, "Invoice posted")
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(milestone.state, "done")
        with self.assertRaisesRegex(Exception, "Only a merchandising manager"):
            milestone.with_user(self.merchandiser).action_reopen()
        milestone.with_user(self.manager).action_reopen()
        self.assertEqual(milestone.state, "pending")
        self.assertFalse(milestone.actual_date)
