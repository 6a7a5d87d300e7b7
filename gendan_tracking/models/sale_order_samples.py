from odoo import _, api, fields, models
from odoo.tools import float_compare

from ..tools import dates
from ..tools.groups import GROUP_MANAGER
from .gendan_sample import APPROVED_STATES
from .qc_inspection import RELEASE_STAGES


class SaleOrder(models.Model):
    """Samples (打样) of an order and its readiness gates: what a gate's
    conditions read on the order."""

    _inherit = "sale.order"

    sample_ids = fields.One2many(
        "gendan.sample", "order_id", string="Samples", copy=False
    )
    sample_count = fields.Integer(compute="_compute_sample_count")
    sample_pending_count = fields.Integer(
        string="Samples Waiting", compute="_compute_sample_count"
    )
    gate_override_ids = fields.One2many(
        "gendan.gate.override", "order_id", string="Gate Overrides", copy=False
    )

    @api.depends("sample_ids.state")
    def _compute_sample_count(self):
        for order in self:
            samples = order.sample_ids.filtered(lambda s: s.state != "cancelled")
            order.sample_count = len(samples)
            order.sample_pending_count = len(
                samples.filtered(lambda s: s.state == "sent")
            )

    def action_view_samples(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_sample_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_gendan_gate_override(self):
        """Managers: let an event of the order through its gates, with the
        reason (a dialog)."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Override a Readiness Gate"),
            "res_model": "gendan.gate.override",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    # ------------------------------------------------------------------
    # Samples
    # ------------------------------------------------------------------

    def _gendan_product_lines(self):
        return self.order_line.filtered(
            lambda line: not line.display_type and not line.is_downpayment
        )

    def _gendan_samples_approved(self, sample_type=False):
        """True when the samples of the order are approved (with or without
        comments), as the system reads them.

        With ``sample_type``: every product line has its last round of that
        type approved (a sample without a line is for every line). Without a
        type: the last round of every sample (per line and type) is approved,
        and there is at least one."""
        self.ensure_one()
        samples = self.sample_ids.filtered(lambda s: s.state != "cancelled")
        if sample_type:
            samples = samples.filtered(lambda s: s.sample_type == sample_type)
        last_rounds = {}
        for sample in samples.sorted(lambda s: (s.round, s.id)):
            last_rounds[(sample.order_line_id.id, sample.sample_type)] = sample
        if not last_rounds:
            return False
        if any(s.state not in APPROVED_STATES for s in last_rounds.values()):
            return False
        if sample_type and (False, sample_type) not in last_rounds:
            covered = {line_id for line_id, _type in last_rounds}
            return all(line.id in covered for line in self._gendan_product_lines())
        return True

    # handlers of the event table

    def _gendan_open_next_sample_rounds(self, items):
        """A rejected sample opens its next round (once)."""
        Sample = self.env["gendan.sample"]
        for order in self:
            sample = items[order.id][1]
            if (
                sample._name != "gendan.sample"
                or sample.state != "rejected"
                or sample.next_ids
            ):
                continue
            next_round = Sample.create(sample._gendan_prepare_next_round())
            merchandiser = order.merchandiser_id or order.user_id
            if merchandiser:
                next_round.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=next_round.date_due,
                    summary=_(
                        "Sample rejected: prepare round %(round)s",
                        round=next_round.round,
                    ),
                    note=sample.customer_comment,
                    user_id=merchandiser.id,
                )

    def _gendan_complete_sample_milestones(self, items):
        """Complete the milestones of auto rule ``sample_approved`` whose
        samples (of their type, or all) are approved now."""
        Milestone = self.env["gendan.milestone"]
        milestones = Milestone.search(
            [
                ("order_id", "in", self.ids),
                ("auto_rule", "=", "sample_approved"),
                ("state", "in", Milestone._open_states()),
            ]
        )
        for milestone in milestones:
            order = milestone.order_id
            if order._gendan_samples_approved(milestone.sample_type):
                day, record = items[order.id]
                milestone._action_complete(day, record)

    # ------------------------------------------------------------------
    # Readiness gates: the conditions
    # ------------------------------------------------------------------

    def _gendan_gates(self, event):
        """The active gates of ``event`` that apply to the order: a followed
        order (with a merchandiser) planned on one of their templates."""
        self.ensure_one()
        if not self.merchandiser_id:
            return self.env["gendan.gate"]
        gates = self.env["gendan.gate"].search(
            [("event", "=", event), ("company_id", "=", self.company_id.id)]
        )
        return gates.filtered(
            lambda g: not g.template_ids or self.milestone_template_id in g.template_ids
        )

    def _gendan_gate_missing(self, event, blocking=None):
        """``[(gate, line)]``: the conditions of the gates of ``event`` that
        the order misses (only blocking or warning ones with ``blocking``)."""
        self.ensure_one()
        missing = []
        for gate in self._gendan_gates(event):
            for line in gate.line_ids:
                if blocking and line.blocking != blocking:
                    continue
                if not self._gendan_gate_condition_met(line):
                    missing.append((gate, line))
        return missing

    def _gendan_gate_condition_met(self, line):
        self.ensure_one()
        checks = {
            "sample_approved": lambda: self._gendan_samples_approved(line.sample_type),
            "material_received": self._gendan_material_received,
            "inspection_passed": lambda: self._gendan_inspection_passed(
                line.inspection_stage
            ),
            "deposit_received": self._gendan_deposit_received,
            "documents_complete": lambda: not self._gendan_missing_documents(),
        }
        return checks[line.condition]()

    def _gendan_material_received(self):
        """The material milestone is done, or the confirmed purchases serving
        the order have no receipt left to receive."""
        if self.milestone_ids.filtered(
            lambda m: m.auto_rule == "material_received" and m.state == "done"
        ):
            return True
        purchases = self.gendan_purchase_ids.filtered(
            lambda p: p.state in ("purchase", "done")
        )
        receipts = purchases.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state != "cancel"
        )
        return bool(receipts) and all(p.state == "done" for p in receipts)

    def _gendan_inspection_passed(self, stage=False):
        stages = (stage,) if stage else RELEASE_STAGES
        return bool(
            self.inspection_ids.filtered(
                lambda i: i.state == "success" and i.inspection_stage in stages
            )
        )

    def _gendan_deposit_percent(self):
        """The deposit the payment terms ask for, in % of the order: the
        percentages due at once when the terms pay in instalments (a deposit
        and a balance); else the online prepayment the order requires."""
        self.ensure_one()
        lines = self.payment_term_id.line_ids
        if len(lines) > 1:
            immediate = lines.filtered(lambda t: t.value == "percent" and not t.nb_days)
            if immediate:
                return sum(immediate.mapped("value_amount"))
        if self.require_payment and self.prepayment_percent < 1:
            return self.prepayment_percent * 100.0
        return 0.0

    def _gendan_amount_paid(self):
        """What the customer paid on the order's posted invoices (down payment
        invoices first of all), net of paid credit notes, in its currency."""
        self.ensure_one()
        paid = 0.0
        day = dates.company_today(self.company_id)
        for move in self.invoice_ids.filtered(lambda m: m.state == "posted"):
            amount = move.amount_total - move.amount_residual
            if move.currency_id != self.currency_id:
                amount = move.currency_id._convert(
                    amount, self.currency_id, self.company_id, day
                )
            paid += -amount if move.move_type == "out_refund" else amount
        return paid

    def _gendan_deposit_received(self):
        percent = self._gendan_deposit_percent()
        if percent <= 0:
            return True
        required = self.currency_id.round(self.amount_total * percent / 100.0)
        return (
            float_compare(
                self._gendan_amount_paid(),
                required,
                precision_rounding=self.currency_id.rounding,
            )
            >= 0
        )

    def _gendan_gate_overridden(self, event):
        self.ensure_one()
        return self.gate_override_ids.filtered(
            lambda o: o.event == event and o.user_id.has_group(GROUP_MANAGER)
        )[:1]
