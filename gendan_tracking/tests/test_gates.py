"""Readiness gates (gendan.gate): each condition blocks or only warns, a
manager overrides with a reason (logged in the chatter), and a plain
warehouse user validating a blocked delivery gets a clear message with
nothing done."""

import json

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-03-06 10:00:00")
class TestGates(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the delivery is held by no required document unless a test adds one
        cls.env["gendan.document.template"].search([]).write({"active": False})
        cls.env["gendan.gate"].search([]).write({"active": False})
        cls.storekeeper = new_test_user(
            cls.env, login="gate_stock", groups="stock.group_stock_user"
        )
        cls.buyer = new_test_user(
            cls.env, login="gate_buyer", groups="purchase.group_purchase_user"
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Gate Vendor"})
        cls.deposit_terms = cls.env["account.payment.term"].create(
            {
                "name": "30% deposit, balance in 60 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 30.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 70.0, "nb_days": 60}
                    ),
                ],
            }
        )

    def _gate(self, condition, blocking="block", event="delivery_validation", **line):
        return self.env["gendan.gate"].create(
            {
                "name": f"Gate {condition}",
                "company_id": self.company.id,
                "event": event,
                "template_ids": [Command.set(self.template.ids)],
                "line_ids": [
                    Command.create(
                        {"condition": condition, "blocking": blocking, **line}
                    )
                ],
            }
        )

    def _order(self, **values):
        order = self._create_order(**values)
        self._review(order)
        order.action_confirm()
        return order

    def _delivery(self, order):
        picking = order.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        return picking

    def _validate_as_storekeeper(self, order):
        picking = self._delivery(order)
        return picking, picking.with_user(self.storekeeper).button_validate()

    def _notes(self, order):
        return (
            order.sudo()
            .message_ids.filtered(
                lambda m: m.subtype_id == self.env.ref("mail.mt_note")
            )
            .mapped("body")
        )

    def _assert_blocked(self, order, needle):
        picking = self._delivery(order)
        stage = order.sudo().gendan_stage
        messages = len(order.sudo().message_ids)
        with self.assertRaises(UserError) as caught:
            picking.with_user(self.storekeeper).button_validate()
        self.env.invalidate_all()
        message = str(caught.exception.args[0])
        self.assertIn("blocked by the readiness gates", message)
        self.assertIn(needle, message)
        self.assertIn(order.name, message)
        # nothing half-done
        self.assertEqual(picking.state, "assigned")
        self.assertFalse(picking.date_done)
        self.assertEqual(order.sudo().gendan_stage, stage)
        self.assertEqual(len(order.sudo().message_ids), messages)
        return message

    def _assert_warned(self, order, needle, condition=None):
        picking, result = self._validate_as_storekeeper(order)
        if condition == "documents_complete":
            # past the gate, the delivery's own document check asks
            self.assertEqual(result["res_model"], "gendan.delivery.document.check")
        else:
            self.assertEqual(picking.state, "done")
        notes = " ".join(self._notes(order))
        self.assertIn("readiness warnings", notes)
        self.assertIn(needle, notes)
        # and the storekeeper reads them at once, in a notification (sent
        # when the transaction ends)
        self.env.cr.precommit.run()
        sent = (
            self.env["bus.bus"]
            .sudo()
            .search(
                [
                    (
                        "channel",
                        "like",
                        f'"res.partner",{self.storekeeper.partner_id.id}]',
                    )
                ],
                order="id desc",
                limit=1,
            )
        )
        payload = json.loads(sent.message)
        self.assertEqual(payload["type"], "simple_notification")
        self.assertEqual(payload["payload"]["type"], "warning")
        self.assertIn(order.name, payload["payload"]["message"])
        self.assertIn(needle, payload["payload"]["message"])

    # -- each condition, blocking and warning -------------------------------

    def _conditions(self):
        """(condition, line values, label in the message, make it missing,
        make it met) for each condition of a gate."""

        def sample(order, state):
            sample = self.env["gendan.sample"].create(
                {
                    "order_id": order.id,
                    "order_line_id": order.order_line[:1].id,
                    "sample_type": "pp_sample",
                }
            )
            sample.action_send()
            if state == "approved":
                sample._gendan_decide("approved")

        def material(order, received):
            purchase = self.env["purchase.order"].create(
                {
                    "partner_id": self.vendor.id,
                    "gendan_sale_order_ids": [Command.link(order.id)],
                    "order_line": [
                        Command.create(
                            {"product_id": self.stored.id, "product_qty": 2.0}
                        )
                    ],
                }
            )
            purchase.button_confirm()
            if received:
                receipt = purchase.picking_ids
                receipt.move_ids.quantity = 2.0
                receipt.move_ids.picked = True
                receipt._action_done()

        def inspection(order, passed):
            record = self.env["qc.inspection"].create(
                {
                    "sale_order_id": order.id,
                    "inspection_stage": "final" if passed else "inline",
                    "product_id": self.product.id,
                    "qty": 1,
                }
            )
            record.write({"state": "success"})

        def deposit(order, paid):
            order.sudo().payment_term_id = self.deposit_terms
            if not paid:
                return
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_context(active_model="sale.order", active_ids=order.ids)
                .create({"advance_payment_method": "percentage", "amount": 30.0})
            )
            wizard.create_invoices()
            invoice = order.sudo().invoice_ids
            invoice.action_post()
            # the down payment invoice in full (its terms would ask 30% of it)
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"amount": invoice.amount_residual})._create_payments()
            self.assertEqual(invoice.payment_state, "paid")

        def documents(order, complete):
            self.env["gendan.document"].create(
                {
                    "order_id": order.id,
                    "name": "Certificate of origin",
                    "required": True,
                    "state": "ready" if complete else "missing",
                }
            )

        return [
            ("sample_approved", {"sample_type": "pp_sample"}, "PP Sample approved", sample, "sent", "approved"),
            ("material_received", {}, "Material received", material, False, True),
            ("inspection_passed", {"inspection_stage": "final"}, "Final inspection passed", inspection, False, True),
            ("deposit_received", {}, "Deposit received", deposit, False, True),
            ("documents_complete", {}, "Documents complete", documents, False, True),
        ]  # fmt: skip

    @classmethod
    def _stored_product(cls):
        return cls.env["product.product"].create(
            {"name": "Gate Fabric", "is_storable": True, "standard_price": 2.0}
        )

    def test_each_condition_blocks_and_warns(self):
        self.stored = self._stored_product()
        for condition, line, label, make, missing, met in self._conditions():
            with self.subTest(condition=condition, blocking="block"):
                self.env["gendan.gate"].search([]).active = False
                gate = self._gate(condition, "block", **line)
                order = self._order()
                make(order, missing)
                self._assert_blocked(order, label)
                # once the condition is met, the same delivery goes
                met_order = self._order()
                make(met_order, met)
                picking, _result = self._validate_as_storekeeper(met_order)
                self.assertEqual(picking.state, "done")
                gate.active = False
            with self.subTest(condition=condition, blocking="warn"):
                self.env["gendan.gate"].search([]).active = False
                gate = self._gate(condition, "warn", **line)
                order = self._order()
                make(order, missing)
                self._assert_warned(order, label, condition)
                gate.active = False

    def test_blocked_message_is_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.storekeeper.lang = "fr_FR"
        gate = self._gate("inspection_passed", inspection_stage="final")
        gate.with_context(lang="fr_FR").name = "Porte d'expédition"
        order = self._order()
        picking = self._delivery(order)
        # as the web client calls it: in the user's language
        with self.assertRaises(UserError) as caught:
            picking.with_user(self.storekeeper).with_context(
                lang=self.storekeeper.lang
            ).button_validate()
        self.env.invalidate_all()
        self.assertIn("Porte d'expédition", str(caught.exception.args[0]))
        self.assertEqual(picking.state, "assigned")

    def test_gate_applies_to_its_templates_only(self):
        self._gate("inspection_passed")
        other_template = self.template.copy({"name": "Other plan"})
        order = self._order(milestone_template_id=other_template.id)
        picking, _result = self._validate_as_storekeeper(order)
        self.assertEqual(picking.state, "done")

    # -- the manager's override --------------------------------------------

    def test_manager_override_with_reason(self):
        self._gate("inspection_passed", inspection_stage="final")
        order = self._order()
        self._assert_blocked(order, "Final inspection passed")
        Override = self.env["gendan.gate.override"]
        # neither the merchandiser nor the warehouse user overrides
        for user in (self.merchandiser, self.storekeeper):
            with self.assertRaises(AccessError):
                Override.with_user(user).create(
                    {
                        "order_id": order.id,
                        "event": "delivery_validation",
                        "reason": "I say so",
                    }
                )
            self.env.invalidate_all()
        # the manager gives a reason (an empty one is refused)
        with self.assertRaises(ValidationError):
            Override.with_user(self.manager).create(
                {"order_id": order.id, "event": "delivery_validation", "reason": " "}
            )
        self.env.invalidate_all()
        action = order.with_user(self.manager).action_gendan_gate_override()
        self.assertEqual(action["res_model"], "gendan.gate.override")
        override = Override.with_user(self.manager).create(
            {
                "order_id": order.id,
                "event": "delivery_validation",
                "reason": "The buyer's QC passed the goods at the factory",
            }
        )
        self.assertEqual(override.user_id, self.manager)
        self.assertIn("Final inspection passed", override.missing)
        notes = " ".join(self._notes(order))
        self.assertIn("overridden by", notes)
        self.assertIn(self.manager.name, notes)
        self.assertIn("The buyer's QC passed the goods at the factory", notes)
        # the warehouse user now validates; the pass is logged with the reason
        picking, _result = self._validate_as_storekeeper(order)
        self.assertEqual(picking.state, "done")
        notes = " ".join(self._notes(order))
        self.assertIn(f"override by {self.manager.name}", notes)
        # an override is kept as given
        with self.assertRaises(ValidationError):
            override.with_user(self.manager).reason = "Another story"
        self.env.invalidate_all()

    def test_override_is_per_event(self):
        self._gate("inspection_passed")
        order = self._order()
        self.env["gendan.gate.override"].with_user(self.manager).create(
            {"order_id": order.id, "event": "production_start", "reason": "Urgent"}
        )
        self._assert_blocked(order, "Inspection passed")

    # -- the other events --------------------------------------------------

    def test_production_start_milestone(self):
        self.template.line_ids.filtered(
            lambda line: line.name == "Sample approved"
        ).production_start = True
        self._gate("sample_approved", event="production_start")
        order = self._order()
        milestone = order.sudo().milestone_ids.filtered("production_start")
        self.assertEqual(milestone.name, "Sample approved")
        milestone = milestone.with_user(self.merchandiser)
        with self.assertRaises(UserError) as caught:
            milestone.action_mark_done()
        self.env.invalidate_all()
        self.assertIn("Samples approved", str(caught.exception.args[0]))
        self.assertEqual(milestone.state, "pending")
        # typing the actual date is marking it done: gated the same way
        with self.assertRaises(UserError):
            milestone.actual_date = "2025-03-06"
        self.env.invalidate_all()
        self.assertFalse(milestone.actual_date)
        sample = self.env["gendan.sample"].create(
            {"order_id": order.id, "sample_type": "fit"}
        )
        sample.action_send()
        sample._gendan_decide("approved")
        milestone.action_mark_done()
        self.assertEqual(milestone.state, "done")

    def test_po_confirmation(self):
        self._gate("sample_approved", event="po_confirmation", sample_type="pp_sample")
        order = self._order()
        stored = self._stored_product()
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "gendan_sale_order_ids": [Command.link(order.id)],
                "order_line": [
                    Command.create({"product_id": stored.id, "product_qty": 2.0})
                ],
            }
        )
        with self.assertRaises(UserError) as caught:
            purchase.with_user(self.buyer).button_confirm()
        self.env.invalidate_all()
        self.assertIn("PP Sample approved", str(caught.exception.args[0]))
        self.assertEqual(purchase.state, "draft")

    def test_default_gates_on_the_export_template(self):
        export = self.env.ref("gendan_tracking.gendan_milestone_template_export")
        gates = self.env["gendan.gate"].with_context(active_test=False).search(
            [("id", "in", [
                self.env.ref("gendan_tracking.gendan_gate_production").id,
                self.env.ref("gendan_tracking.gendan_gate_shipping").id,
                self.env.ref("gendan_tracking.gendan_gate_documents").id,
            ])]
        )  # fmt: skip
        self.assertEqual(len(gates), 3)
        self.assertEqual(gates.template_ids, export)
        self.assertEqual(
            {(g.event, line.condition) for g in gates for line in g.line_ids},
            {
                ("production_start", "sample_approved"),
                ("production_start", "material_received"),
                ("delivery_validation", "inspection_passed"),
                ("delivery_validation", "deposit_received"),
                ("delivery_validation", "documents_complete"),
            },
        )
        production = export.line_ids.filtered("production_start")
        self.assertEqual(production.name, "Production start")
        pp = export.line_ids.filtered(lambda line: line.auto_rule == "sample_approved")
        self.assertEqual(pp.sample_type, "pp_sample")

    def test_gate_needs_a_condition(self):
        with self.assertRaises(ValidationError):
            self.env["gendan.gate"].create(
                {"name": "Empty", "company_id": self.company.id}
            )
        self.env.invalidate_all()
        # configuration is the managers'
        with self.assertRaises(AccessError):
            self.env["gendan.gate"].with_user(self.merchandiser).create(
                {
                    "name": "Mine",
                    "company_id": self.company.id,
                    "line_ids": [Command.create({"condition": "deposit_received"})],
                }
            )
        self.env.invalidate_all()
