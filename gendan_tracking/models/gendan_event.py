"""The event pipeline: every real event the follow-up reacts to enters here.

Odoo's own flows (a purchase user approving a PO, a warehouse user validating a
delivery, an accountant posting an invoice, the portal signing a quotation) call
``sale.order._gendan_emit(event, orders, date=None, record=None)``, or
``_gendan_emit_records(event, records)`` when the orders and dates come from the
records themselves, in one line. The table ``EVENTS`` says what each event does.

This is the one place where follow-up bookkeeping runs as the system
(``sudo()``): the users of those flows need no merchandising rights. ``sudo()``
keeps the user, so the chatter still names who acted. Work that need not happen
inside the user's step (the risk rescan) is collected and done once per
transaction, in a precommit callback.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, replace

from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import MissingError, UserError

from ..tools import dates
from .gendan_risk import RISK_RULES

_logger = logging.getLogger(__name__)

# Orders rescanned per call of the risk engine when the deferred scans run.
RISK_SCAN_BATCH = 500
PRECOMMIT_KEY = "gendan_tracking.risk_scan"


@dataclass(frozen=True)
class Event:
    """What an event does to the orders it concerns.

    ``rule``: the auto rule (``gendan.milestone.auto_rule``) whose first open
    milestone it completes; ``rule_if``: a ``sale.order`` method ``(items) ->
    orders`` limiting the orders where the rule fires; ``stage``: the follow-up
    stage the orders advance to (never backwards); ``stage_from``: only from these
    stages; ``stage_if``: a method ``(items) -> orders`` limiting the move;
    ``handlers``: methods ``(items)`` doing the event's own bookkeeping;
    ``sync_costs``: refresh the cost sheets from purchases and bills; ``notify``:
    methods ``(items)`` that tell people (activities, mails); ``risks``: the risk
    rules rescanned at the end of the transaction.

    ``items`` is ``{order_id: (date, record)}``: the company's day of the event
    and the record behind it, per order.

    ``record_handlers``: methods of the event's records (of model
    ``record_model``) doing their own bookkeeping, called first, once per
    record, as the system, with the ``payload`` given to
    :meth:`_gendan_emit_records` (what a supplier typed on the portal).
    """

    rule: str = None
    rule_if: str = None
    stage: str = None
    stage_from: tuple = ()
    stage_if: str = None
    handlers: tuple = ()
    sync_costs: bool = False
    notify: tuple = ()
    risks: tuple = ()
    record_model: str = None
    record_handlers: tuple = ()


EVENTS = {
    # the order
    "order_confirmed": Event(handlers=("_gendan_on_order_confirmed",)),
    "order_cancelled": Event(stage="cancel"),
    # the follow-up stage reached closed or cancel (an event or a manager)
    "order_ended": Event(handlers=("_gendan_close_rule_risks",)),
    "commitment_changed": Event(handlers=("_gendan_replan",)),
    "review_completed": Event(
        rule="review_done",
        stage="confirmed",
        stage_if="_gendan_ready_for_confirmed_stage",
    ),
    "customer_confirmed": Event(
        rule="customer_confirmed",
        stage="confirmed",
        stage_if="_gendan_ready_for_confirmed_stage",
    ),
    "milestones_changed": Event(risks=("milestone_overdue", "documents_missing")),
    # supply
    "po_confirmed": Event(
        rule="po_confirmed",
        stage="production",
        sync_costs=True,
        risks=("supply_late",),
    ),
    "po_cancelled": Event(sync_costs=True, risks=("supply_late",)),
    "po_relinked": Event(sync_costs=True, risks=("supply_late",)),
    "supply_changed": Event(risks=("supply_late",)),
    "material_received": Event(rule="material_received"),
    # the supplier, on the vendor portal (controllers/portal.py)
    "supplier_acknowledged": Event(
        record_model="purchase.order",
        record_handlers=("_gendan_on_supplier_acknowledged",),
    ),
    "supplier_promise": Event(
        record_model="purchase.order",
        record_handlers=("_gendan_on_supplier_promise",),
        risks=("supply_late",),
    ),
    "supplier_progress": Event(
        record_model="purchase.order",
        record_handlers=("_gendan_on_supplier_progress",),
        risks=("milestone_overdue",),
    ),
    "production_started": Event(rule="production_started", stage="production"),
    "production_finished": Event(rule="production_finished"),
    "inspection_requested": Event(
        record_model="purchase.order",
        record_handlers=("_gendan_on_inspection_requested",),
    ),
    # samples (打样)
    "sample_decided": Event(
        handlers=(
            "_gendan_open_next_sample_rounds",
            "_gendan_complete_sample_milestones",
        ),
        risks=("sample_late",),
    ),
    "samples_changed": Event(risks=("sample_late",)),
    # quality
    "inspection_started": Event(stage="inspection"),
    "inspection_passed": Event(
        rule="inspection_passed",
        rule_if="_gendan_inspection_not_blocked",
        risks=("inspection_failed",),
    ),
    "inspection_failed": Event(
        notify=("_gendan_notify_inspection_failed",), risks=("inspection_failed",)
    ),
    "inspection_changed": Event(risks=("inspection_failed",)),
    # logistics
    "delivery_ready": Event(
        stage="shipping", stage_from=("confirmed", "production", "inspection")
    ),
    "delivery_validated": Event(handlers=("_gendan_log_late_shipments",)),
    "delivery_done": Event(rule="shipped", stage="delivered"),
    # documents and money
    "documents_changed": Event(
        rule="documents_complete",
        rule_if="_gendan_documents_are_complete",
        risks=("documents_missing",),
    ),
    "invoice_posted": Event(rule="invoice_posted"),
    "payment_received": Event(
        rule="payment_received",
        rule_if="_gendan_fully_paid",
        stage="closed",
        stage_if="_gendan_fully_paid",
    ),
    "bill_changed": Event(sync_costs=True),
    "costs_changed": Event(risks=("cost_overrun", "low_margin")),
    # buttons
    "cost_sync_requested": Event(sync_costs=True),
    "risk_check_requested": Event(risks=tuple(code for code, _label in RISK_RULES)),
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # The table
    # ------------------------------------------------------------------

    @api.model
    def _gendan_events(self):
        """The event table; other modules extend an event with
        :meth:`_gendan_extend_event`."""
        return dict(EVENTS)

    @api.model
    def _gendan_extend_event(self, events, name, **more):
        """``events`` with the tuples of ``more`` (handlers, notify, risks)
        appended to event ``name``'s."""
        event = events[name]
        changes = {
            key: getattr(event, key) + tuple(value) for key, value in more.items()
        }
        events[name] = replace(event, **changes)
        return events

    def _register_hook(self):
        """An event that names a rule, stage, risk rule or method that does
        not exist is an error when the registry loads, not a silent no-op."""
        result = super()._register_hook()
        self._gendan_check_events(self._gendan_events())
        return result

    @api.model
    def _gendan_check_events(self, events):
        rules = dict(self.env["gendan.milestone"]._fields["auto_rule"].selection)
        stages = dict(self._fields["gendan_stage"].selection)
        risk_rules = set(self.env["gendan.risk"]._gendan_rule_codes())
        problems = []
        for name, event in events.items():
            if event.rule and event.rule not in rules:
                problems.append(f"{name}: unknown auto rule {event.rule!r}")
            for stage in (event.stage, *event.stage_from):
                if stage and stage not in stages:
                    problems.append(f"{name}: unknown stage {stage!r}")
            problems.extend(
                f"{name}: unknown risk rule {rule!r}"
                for rule in event.risks
                if rule not in risk_rules
            )
            methods = (
                event.rule_if,
                event.stage_if,
                *event.handlers,
                *event.notify,
            )
            problems.extend(
                f"{name}: sale.order has no method {method!r}"
                for method in methods
                if method and not callable(getattr(self, method, None))
            )
            if event.record_handlers:
                model = self.env.get(event.record_model) if event.record_model else None
                if model is None:
                    problems.append(
                        f"{name}: unknown record model {event.record_model!r}"
                    )
                else:
                    problems.extend(
                        f"{name}: {model._name} has no method {method!r}"
                        for method in event.record_handlers
                        if not callable(getattr(model, method, None))
                    )
        if problems:
            raise ValueError("Gendan event table: " + "; ".join(problems))

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    def _gendan_check_public_access(self, operation):
        """What a public method (a button, anything callable over RPC) checks
        before the pipeline works as the system: the orders exist, and the
        caller may ``operation`` them."""
        missing = self - self.exists()
        if missing:
            raise MissingError(
                _(
                    "The order(s) %(ids)s do not exist or have been deleted.",
                    ids=", ".join(map(str, missing.ids)),
                )
            )
        self.check_access(operation)

    @api.model
    def _gendan_emit(self, event, orders, date=None, record=None):
        """``event`` happened to ``orders`` on ``date`` (the company's day;
        default today), because of ``record`` (default the order itself).
        Returns the orders concerned (as the system)."""
        return self._gendan_process(
            event, {order.id: (date, record) for order in orders if order.id}
        )

    @api.model
    def _gendan_emit_records(self, event, records, payload=None):
        """``event`` happened to ``records`` of another model: each record names
        its orders (``_gendan_event_orders(event)``) and its day
        (``_gendan_event_date(event)``), and may name the record that milestones
        link to (``_gendan_event_record(event)``, default itself), all read as
        the system. An order concerned by several records takes the first one.
        ``payload`` goes to the event's ``record_handlers``."""
        items = {}
        for record in records.sudo():
            orders = record._gendan_event_orders(event)
            if not orders:
                continue
            day = record._gendan_event_date(event)
            source = (
                record._gendan_event_record(event)
                if hasattr(record, "_gendan_event_record")
                else record
            )
            for order in orders:
                items.setdefault(order.id, (day, source))
        return self._gendan_process(event, items, payload=payload)

    @api.model
    def _gendan_process(self, event, items, payload=None):
        spec = self._gendan_events().get(event)
        if spec is None:
            raise ValueError(f"Unknown follow-up event: {event!r}")
        if not items:
            return self.sudo().browse()
        # the pipeline's own privilege: the user is kept (chatter, authorship)
        orders = self.sudo().browse(list(items))
        items = {
            order.id: (
                items[order.id][0] or dates.company_today(order.company_id),
                items[order.id][1] or order,
            )
            for order in orders
        }
        if spec.record_handlers:
            records = {}
            for _day, record in items.values():
                if record._name == spec.record_model:
                    records.setdefault(record.id, record)
            for record in records.values():
                for handler in spec.record_handlers:
                    getattr(record.sudo(), handler)(payload or {})
        if spec.rule:
            targets = getattr(orders, spec.rule_if)(items) if spec.rule_if else orders
            targets._gendan_complete_rule(spec.rule, items)
        for handler in spec.handlers:
            getattr(orders, handler)(items)
        if spec.sync_costs:
            orders._gendan_sync_costs()
        if spec.stage:
            movers = getattr(orders, spec.stage_if)(items) if spec.stage_if else orders
            movers._gendan_advance_stage(spec.stage, spec.stage_from)
        for notify in spec.notify:
            getattr(orders, notify)(items)
        if spec.risks:
            orders._gendan_defer_risk_scan(spec.risks)
        return orders

    @api.model
    def _gendan_check_gates(self, event, records):
        """The readiness gates (``gendan.gate``) of ``event`` on the orders
        of ``records`` (orders, or records naming their orders with
        ``_gendan_gate_orders(event)``, read as the system),
        before the user's step happens: a blocking condition missing raises a
        UserError in the user's language listing what is missing (nothing is
        done), unless a merchandising manager overrode the gate of this event
        on the order; a warning is written on the order, and shown to the user
        in a notification. Read and logged as
        the system: a warehouse or purchase user needs no merchandising right.

        The system itself (data loading, the pipeline's own completions, the
        portal) is not gated: a gate guards a person's decision."""
        if self.env.su or not self.env.user._is_internal():
            return True
        labels = dict(
            self.env["gendan.gate"]._fields["event"]._description_selection(self.env)
        )
        records = records.sudo()
        orders = (
            records
            if records._name == "sale.order"
            else records._gendan_gate_orders(event)
        )
        blocked = []
        notes = []
        for order in orders:
            missing = order._gendan_gate_missing(event)
            if not missing:
                continue
            names = [f"{gate.name}: {line._gendan_label()}" for gate, line in missing]
            blocking = [
                name
                for name, (_gate, line) in zip(names, missing, strict=True)
                if line.blocking == "block"
            ]
            override = blocking and order._gendan_gate_overridden(event)
            if blocking and not override:
                blocked.append((order, blocking))
                continue
            if override:
                intro = _(
                    "%(event)s with readiness conditions missing, by %(user)s "
                    "(override by %(manager)s: %(reason)s):",
                    event=labels[event],
                    user=self.env.user.name,
                    manager=override.user_id.name,
                    reason=override.reason,
                )
            else:
                intro = _(
                    "%(event)s by %(user)s with readiness warnings:",
                    event=labels[event],
                    user=self.env.user.name,
                )
            notes.append((order, intro, names))
        # (built outside the _() call: the extraction reads no f-string in it)
        missing = "\n".join(
            f"{order.name}: {name}" for order, names in blocked for name in names
        )
        if blocked:
            raise UserError(
                _(
                    "%(event)s is blocked by the readiness gates:\n%(missing)s\n"
                    "Complete these conditions first, or ask a merchandising "
                    "manager to override the gate with a reason (Override a "
                    "Readiness Gate, on the order's Samples tab).",
                    event=labels[event],
                    missing=missing,
                )
            )
        for order, intro, names in notes:
            order.message_post(
                body=Markup("%s<br/>%s") % (intro, Markup("<br/>").join(names)),
                subtype_xmlid="mail.mt_note",
            )
        if notes:
            # the step goes on; the user who took it reads the warnings at once,
            # in a notification that stays until closed
            warnings = "; ".join(
                f"{order.name}: {name}"
                for order, _intro, names in notes
                for name in names
            )
            self.env.user._bus_send(
                "simple_notification",
                {
                    "type": "warning",
                    "sticky": True,
                    "title": _("Readiness warnings"),
                    "message": warnings,
                },
            )
        return True

    # ------------------------------------------------------------------
    # What events do
    # ------------------------------------------------------------------

    def _gendan_complete_rule(self, rule, items):
        """Complete, per order, the first open milestone carrying ``rule``,
        dated and linked as ``items`` says. Orders without one are left alone."""
        Milestone = self.env["gendan.milestone"]
        candidates = Milestone.search_fetch(
            [
                ("order_id", "in", self.ids),
                ("auto_rule", "=", rule),
                ("state", "in", Milestone._open_states()),
            ],
            # every column at once: the completion's tracking reads them
            [name for name, field in Milestone._fields.items() if field.column_type],
            order="order_id, sequence, planned_date, id",
        )
        by_event = defaultdict(lambda: Milestone)
        seen = set()
        for milestone in candidates:
            order_id = milestone.order_id.id
            if order_id not in seen:
                seen.add(order_id)
                by_event[items[order_id]] |= milestone
        for (day, record), milestones in by_event.items():
            milestones._action_complete(day, record)
        return Milestone.union(*by_event.values())

    def _gendan_advance_stage(self, stage, only_from=()):
        """Move the orders forward to ``stage``; never backwards, never out of
        ``cancel`` or ``closed``; with ``only_from``, only orders in those
        stages. Returns the orders that moved."""
        keys = [key for key, _label in self._fields["gendan_stage"].selection]
        keys.remove("cancel")
        if stage == "cancel":
            to_move = self.filtered(lambda o: o.gendan_stage != "cancel")
        else:
            target = keys.index(stage)
            to_move = self.filtered(
                lambda o: (
                    o.gendan_stage in keys
                    and keys.index(o.gendan_stage) < target
                    and (not only_from or o.gendan_stage in only_from)
                )
            )
        if to_move:
            to_move.sudo().write({"gendan_stage": stage})
        return to_move

    def _gendan_defer_risk_scan(self, rules):
        """Rescan ``rules`` on the orders once, at the end of the transaction
        (whatever number of events asked for it)."""
        if not self:
            return
        precommit = self.env.cr.precommit
        pending = precommit.data.get(PRECOMMIT_KEY)
        if pending is None:
            pending = precommit.data[PRECOMMIT_KEY] = {}
            precommit.add(self.env["sale.order"].sudo()._gendan_run_deferred_risk_scans)
        for rule in rules:
            pending.setdefault(rule, set()).update(self.ids)

    def unlink(self):
        pending = self.env.cr.precommit.data.get(PRECOMMIT_KEY)
        for order_ids in (pending or {}).values():
            order_ids.difference_update(self.ids)
        return super().unlink()

    @api.model
    def _gendan_run_deferred_risk_scans(self):
        pending = self.env.cr.precommit.data.pop(PRECOMMIT_KEY, None) or {}
        by_orders = defaultdict(list)
        for rule, order_ids in pending.items():
            by_orders[frozenset(order_ids)].append(rule)
        Risk = self.env["gendan.risk"].sudo()
        for order_ids, rules in by_orders.items():
            # orders deleted since were taken out of the pending scans (unlink)
            orders = self.sudo().browse(sorted(order_ids))
            for start in range(0, len(orders), RISK_SCAN_BATCH):
                Risk._gendan_scan(orders[start : start + RISK_SCAN_BATCH], rules=rules)

    # conditions of the table

    def _gendan_ready_for_confirmed_stage(self, items):
        return self.filtered(
            lambda o: o.review_done and o.customer_confirmation_state == "confirmed"
        )

    def _gendan_inspection_not_blocked(self, items):
        return self.filtered(lambda o: not items[o.id][1]._gendan_is_blocked())

    def _gendan_documents_are_complete(self, items):
        return self.filtered(
            lambda o: o.document_required_count and o.document_completeness >= 100.0
        )

    def _gendan_fully_paid(self, items):
        return self.filtered(lambda o: o._gendan_is_paid())

    # handlers of the table

    def _gendan_on_order_confirmed(self, items):
        """Confirmation bookkeeping, whoever confirms (a salesperson without
        merchandising rights, the portal): the T&A plan, the required
        documents, and a signed contract starts executing."""
        self.filtered(
            lambda o: (
                o.milestone_template_id
                and o.milestone_template_id.line_ids
                and not o.milestone_ids
            )
        )._gendan_plan_milestones(raise_if_impossible=False)
        self._gendan_apply_document_template()
        self.filtered(lambda o: o.contract_state == "signed").write(
            {"contract_state": "executing"}
        )

    def _gendan_replan(self, items):
        self.filtered("milestone_ids")._gendan_plan_milestones(
            raise_if_impossible=False, replan_only=True
        )
