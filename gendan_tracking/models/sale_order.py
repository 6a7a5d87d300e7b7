from datetime import date

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import planner

GENDAN_STAGES = [
    ("review", "Review"),
    ("confirmed", "Confirmed"),
    ("production", "Production"),
    ("inspection", "Inspection"),
    ("shipping", "Shipping"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]

REVIEW_FIELDS = (
    "review_specification",
    "review_quantity",
    "review_price",
    "review_delivery_date",
    "review_payment_terms",
    "review_packing",
)

CONFIRMATION_CHANNELS = [
    ("portal", "Portal"),
    ("email", "Email"),
    ("signed_pi", "Signed PI"),
]


# required columns Gendan adds to sale_order, given a database default in init()
GENDAN_REQUIRED_COLUMNS = (
    "gendan_stage",
    "customer_confirmation_state",
    "contract_state",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    merchandiser_id = fields.Many2one(
        "res.users",
        string="Merchandiser",
        default=lambda self: self._default_merchandiser_id(),
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("gendan_tracking.group_merchandiser").id)
        ],
        tracking=True,
        index=True,
        copy=False,
    )
    gendan_stage = fields.Selection(
        GENDAN_STAGES,
        string="Follow-up Stage",
        default="review",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    milestone_template_id = fields.Many2one(
        "gendan.milestone.template",
        string="T&A Template",
        default=lambda self: self._default_milestone_template_id(),
        check_company=True,
    )
    milestone_ids = fields.One2many(
        "gendan.milestone", "order_id", string="Milestones", copy=False
    )
    error_ids = fields.One2many(
        "gendan.order.error", "order_id", string="Order Errors", copy=False
    )
    error_count = fields.Integer(compute="_compute_error_count")
    # Order review (订单评审)
    review_specification = fields.Boolean(
        string="Specification Reviewed", tracking=True, copy=False
    )
    review_quantity = fields.Boolean(
        string="Quantity Reviewed", tracking=True, copy=False
    )
    review_price = fields.Boolean(string="Price Reviewed", tracking=True, copy=False)
    review_delivery_date = fields.Boolean(
        string="Delivery Date Reviewed", tracking=True, copy=False
    )
    review_payment_terms = fields.Boolean(
        string="Payment Terms Reviewed", tracking=True, copy=False
    )
    review_packing = fields.Boolean(
        string="Packing Reviewed", tracking=True, copy=False
    )
    review_done = fields.Boolean(
        string="Review Done", compute="_compute_review_done", store=True
    )
    # Customer confirmation (订单确认)
    customer_confirmation_state = fields.Selection(
        [("pending", "Pending"), ("confirmed", "Confirmed"), ("rejected", "Rejected")],
        string="Customer Confirmation",
        default="pending",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    customer_confirmed_date = fields.Datetime(
        string="Customer Confirmed On", tracking=True, copy=False
    )
    customer_confirmation_channel = fields.Selection(
        CONFIRMATION_CHANNELS, string="Confirmation Channel", copy=False
    )
    customer_confirmation_contact_id = fields.Many2one(
        "res.partner", string="Confirmed By", copy=False
    )
    customer_confirmation_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed Document", copy=False
    )
    confirmation_hours = fields.Float(
        string="Confirmation Time (hours)",
        compute="_compute_confirmation_hours",
        store=True,
        aggregator="avg",
        help="Hours from the order's creation to the customer's confirmation.",
    )
    # Follow-up
    delay_days = fields.Integer(
        string="Delay (working days)",
        compute="_compute_lateness",
        store=True,
        aggregator="max",
    )
    is_late = fields.Boolean(string="Late", compute="_compute_lateness", store=True)
    projected_ship_date = fields.Date(
        compute="_compute_projected_ship_date",
        store=True,
        help="Planned shipping milestone pushed back by the current delay of the "
        "open milestones before it.",
    )
    # Stored: the order list and board show it, and computing it on the fly
    # reads every milestone of the displayed orders.
    next_milestone_id = fields.Many2one(
        "gendan.milestone", compute="_compute_next_milestone_id", store=True
    )

    @api.model
    def _default_merchandiser_id(self):
        # Orders created by the system (superuser mode: imports, e-commerce,
        # scheduled actions) get no merchandiser by default.
        if not self.env.su and self.env.user.has_group(
            "gendan_tracking.group_merchandiser"
        ):
            return self.env.user
        return False

    @api.model
    def _default_milestone_template_id(self):
        # Any salesperson may create an order: the template is configuration,
        # looked up as the system and returned in the user's environment.
        Template = self.env["gendan.milestone.template"]
        company_template = self.env.company.sudo().gendan_default_template_id
        if not company_template:
            company_template = Template.sudo().search(
                [("company_id", "in", [self.env.company.id, False])], limit=1
            )
        return Template.browse(company_template.id)

    def _compute_error_count(self):
        counts = dict(
            self.env["gendan.order.error"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.error_count = counts.get(order, 0)

    @api.depends(*REVIEW_FIELDS)
    def _compute_review_done(self):
        for order in self:
            order.review_done = all(order[name] for name in REVIEW_FIELDS)

    @api.depends("create_date", "customer_confirmed_date")
    def _compute_confirmation_hours(self):
        for order in self:
            if order.create_date and order.customer_confirmed_date:
                seconds = (
                    order.customer_confirmed_date - order.create_date
                ).total_seconds()
                order.confirmation_hours = round(max(seconds, 0.0) / 3600.0, 2)
            else:
                order.confirmation_hours = 0.0

    @api.depends(
        "state",
        "gendan_stage",
        "commitment_date",
        "delivery_status",
        "milestone_ids.state",
        "milestone_ids.delay_days",
    )
    def _compute_lateness(self):
        today = fields.Date.context_today(self)
        calendars = self.company_id._gendan_working_calendars()
        milestone_lateness = self._gendan_milestone_lateness()
        for order in self:
            milestone_late, delay = milestone_lateness.get(order.id, (False, 0))
            commitment_late = False
            commitment_day = order._gendan_commitment_day()
            if (
                order.state == "sale"
                and commitment_day
                and commitment_day < today
                and order.delivery_status != "full"
                and order.gendan_stage not in ("delivered", "closed", "cancel")
            ):
                commitment_late = True
                delay = max(
                    delay,
                    planner.working_days_between(
                        commitment_day,
                        today,
                        *calendars.get(order.company_id.id, (planner.ALL_WEEKDAYS, ())),
                    ),
                )
            order.is_late = milestone_late or commitment_late
            order.delay_days = delay

    @api.depends(
        "milestone_ids.planned_date",
        "milestone_ids.actual_date",
        "milestone_ids.state",
        "milestone_ids.delay_days",
        "milestone_ids.sequence",
        "milestone_ids.auto_rule",
    )
    def _compute_projected_ship_date(self):
        calendars = self.company_id._gendan_working_calendars()
        for order in self:
            shipping = order._gendan_shipping_milestone()
            if not shipping:
                order.projected_ship_date = False
                continue
            if shipping.state == "done":
                order.projected_ship_date = shipping.actual_date
                continue
            if not shipping.planned_date:
                order.projected_ship_date = False
                continue
            critical = order.milestone_ids.filtered(
                lambda m, s=shipping: (
                    m.state in ("pending", "in_progress", "late")
                    and (m.sequence, m.id) <= (s.sequence, s.id)
                )
            )
            delay = max(critical.mapped("delay_days"), default=0)
            order.projected_ship_date = planner.add_working_days(
                shipping.planned_date,
                delay,
                *calendars.get(order.company_id.id, (planner.ALL_WEEKDAYS, ())),
            )

    @api.depends(
        "milestone_ids.state", "milestone_ids.sequence", "milestone_ids.planned_date"
    )
    def _compute_next_milestone_id(self):
        for order in self:
            open_milestones = order.milestone_ids.filtered(
                lambda m: m.state in ("pending", "in_progress", "late")
            )
            order.next_milestone_id = open_milestones.sorted(
                lambda m: (m.planned_date or date.max, m.sequence, m.id)
            )[:1]

    def write(self, vals):
        if (
            "gendan_stage" in vals
            and not self.env.su
            and not self.env.context.get("gendan_stage_event")
            and not self.env.user.has_group(
                "gendan_tracking.group_merchandising_manager"
            )
        ):
            raise UserError(
                _(
                    "Only a merchandising manager can set the follow-up stage by "
                    "hand; it otherwise follows the order's events."
                )
            )
        if vals.get("signature"):
            # The customer signs the quotation on the portal: that is the
            # customer's confirmation of the order (channel "portal").
            pending = self.filtered(
                lambda o: o.customer_confirmation_state != "confirmed"
            )
        else:
            pending = self.browse()
        result = super().write(vals)
        if pending:
            for order in pending:
                order._gendan_record_customer_confirmation(
                    "portal",
                    order.signed_on or fields.Datetime.now(),
                    contact=order.partner_id,
                )
        if set(REVIEW_FIELDS) & set(vals):
            self._gendan_sync_confirmed_stage()
        if "commitment_date" in vals:
            # replanning is bookkeeping: any user who may move the date gets it
            self.sudo().filtered("milestone_ids")._gendan_plan_milestones(
                raise_if_impossible=False, replan_only=True
            )
        return result

    def action_confirm(self):
        self._gendan_check_review()
        return super().action_confirm()

    def init(self):
        """The required follow-up columns get their default in the database too:
        rows that code unaware of Gendan inserts (SQL imports, or another
        module's tests run before Gendan is loaded) stay valid."""
        result = super().init()
        for name in GENDAN_REQUIRED_COLUMNS:
            field = self._fields[name]
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE sale_order ALTER COLUMN %s SET DEFAULT %s",
                    SQL.identifier(name),
                    field.default(self),
                )
            )
        return result

    def _action_confirm(self):
        result = super()._action_confirm()
        # Planning is the system's bookkeeping: whoever confirms (a salesperson
        # without merchandising rights, the portal) gets the plan made.
        to_plan = self.sudo().filtered(
            lambda o: (
                o.milestone_template_id
                and o.milestone_template_id.line_ids
                and not o.milestone_ids
            )
        )
        to_plan._gendan_plan_milestones(raise_if_impossible=False)
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._gendan_advance_stage("cancel")
        return result

    def action_gendan_record_confirmation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Record Customer Confirmation"),
            "res_model": "gendan.customer.confirmation.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_gendan_regenerate_plan(self):
        """Button: (re)generate the T&A plan from the template; milestones already
        done keep their actual dates."""
        self._gendan_plan_milestones(raise_if_impossible=True)
        return True

    def action_gendan_view_errors(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_order_error_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Review and customer confirmation
    # ------------------------------------------------------------------

    def _gendan_check_review(self):
        """The review gate (订单评审) on confirmation of a sale order.

        It guards internal users confirming from the back office only. A customer
        who signs or pays on the portal confirms the order through Odoo's portal
        controller, which runs in sudo mode (``env.su``) as the public or portal
        user: that acceptance *is* the customer's confirmation and the review is an
        internal control the customer cannot perform, so the gate must not reject
        it. Such an order stays in the "review" follow-up stage until the
        merchandiser completes the review. A merchandising manager may override the
        gate; the override is written in the chatter.
        """
        if self.env.su or not self.env.user._is_internal():
            return
        # Orders nobody follows as merchandiser (plain sales, e-commerce) keep
        # Odoo's standard confirmation.
        not_reviewed = self.filtered(lambda o: o.merchandiser_id and not o.review_done)
        if not not_reviewed:
            return
        if self.env.user.has_group("gendan_tracking.group_merchandising_manager"):
            for order in not_reviewed:
                order.message_post(
                    body=_(
                        "Order confirmed by %(user)s before the review was complete "
                        "(manager override).",
                        user=self.env.user.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            return
        raise UserError(
            _(
                "The review of %(orders)s is not complete. Check the specification, "
                "quantity, price, delivery date, payment terms and packing in the "
                "Follow-up tab before confirming, or ask a merchandising manager.",
                orders=", ".join(not_reviewed.mapped("name")),
            )
        )

    def _gendan_record_customer_confirmation(
        self,
        channel,
        confirmed_date=None,
        contact=None,
        attachment=None,
        state="confirmed",
    ):
        """Record the customer's answer on the order; a confirmation fires the
        ``customer_confirmed`` rule and may advance the stage."""
        confirmed_date = confirmed_date or fields.Datetime.now()
        values = {
            "customer_confirmation_state": state,
            "customer_confirmation_channel": channel,
            "customer_confirmed_date": confirmed_date
            if state == "confirmed"
            else False,
            "customer_confirmation_contact_id": contact.id if contact else False,
        }
        if attachment:
            values["customer_confirmation_attachment_id"] = attachment.id
        self.write(values)
        if state == "confirmed":
            for order in self:
                order._gendan_fire_rule(
                    "customer_confirmed",
                    event_date=order._gendan_local_date(confirmed_date),
                    record=attachment or order,
                )
            self._gendan_sync_confirmed_stage()
        return True

    def _gendan_sync_confirmed_stage(self):
        """Review done and customer confirmed → stage ``confirmed``."""
        self.filtered(
            lambda o: o.review_done and o.customer_confirmation_state == "confirmed"
        )._gendan_advance_stage("confirmed")

    # ------------------------------------------------------------------
    # Time & Action plan
    # ------------------------------------------------------------------

    def _gendan_local_date(self, value):
        """Date of the datetime ``value`` in the timezone of the order's company."""
        if not value:
            return False
        company = self[:1].company_id or self.env.company
        moment = fields.Datetime.to_datetime(value)
        return pytz.utc.localize(moment).astimezone(company._gendan_tz()).date()

    def _gendan_order_day(self):
        self.ensure_one()
        return self._gendan_local_date(self.date_order)

    def _gendan_commitment_day(self):
        self.ensure_one()
        return self._gendan_local_date(self.commitment_date)

    def _gendan_anchor_dates(self):
        """``{'order_date': date, 'commitment_date': date}`` of the order; the
        commitment anchor is the commitment date, else the expected date."""
        self.ensure_one()
        return {
            "order_date": self._gendan_order_day(),
            "commitment_date": self._gendan_local_date(
                self.commitment_date or self.expected_date
            ),
        }

    def _gendan_responsible_user(self, role, escalation_users):
        self.ensure_one()
        if role == "manager" and escalation_users.get(self.id):
            return escalation_users[self.id]
        return self.merchandiser_id or self.user_id

    def _prepare_gendan_milestone_values(self, line, planned_date, responsible):
        self.ensure_one()
        return {
            "order_id": self.id,
            "template_line_id": line.id,
            "name": line.name,
            "sequence": line.sequence,
            "category": line.category,
            "auto_rule": line.auto_rule,
            "customer_visible": line.customer_visible,
            "planned_date": planned_date,
            "responsible_id": responsible.id if responsible else False,
        }

    def _gendan_plan_milestones(self, raise_if_impossible=True, replan_only=False):
        """Generate, regenerate or replan the milestones of the orders from their
        template. Milestones already done or skipped keep their dates; milestones
        of lines removed from the template are dropped unless they have an actual
        date. With ``replan_only``, only the planned dates of open milestones move.
        """
        calendars = self.company_id._gendan_working_calendars()
        escalation_users = {} if replan_only else self._gendan_escalation_users()
        vals_list = []
        for order in self:
            template = order.milestone_template_id
            if not template and not replan_only:
                if raise_if_impossible:
                    raise UserError(
                        _("Choose a T&A template on %(order)s first.", order=order.name)
                    )
                continue
            if template and not template.line_ids and not replan_only:
                raise UserError(
                    _(
                        "The T&A template %(template)s has no milestones and cannot be "
                        "applied to %(order)s.",
                        template=template.name,
                        order=order.name,
                    )
                )
            anchors = order._gendan_anchor_dates()
            weekdays, holidays = calendars.get(
                order.company_id.id, (planner.ALL_WEEKDAYS, ())
            )
            lines = (
                order.milestone_ids.template_line_id
                if replan_only
                else template.line_ids
            )
            if not anchors["commitment_date"] and any(
                line.anchor == "commitment_date" for line in lines
            ):
                message = _(
                    "%(order)s has neither a commitment date nor an expected date: set "
                    "a commitment date to plan its milestones from the delivery date.",
                    order=order.name,
                )
                if raise_if_impossible:
                    raise UserError(message)
                order.message_post(body=message, subtype_xmlid="mail.mt_note")
            existing = {
                m.template_line_id.id: m
                for m in order.milestone_ids
                if m.template_line_id
            }
            for line in lines:
                planned = planner.plan_date(
                    anchors[line.anchor],
                    line.offset_days,
                    weekdays,
                    holidays,
                    min_date=anchors["order_date"],
                )
                milestone = existing.get(line.id)
                if milestone:
                    if milestone.state in ("done", "skipped"):
                        continue
                    values = {"planned_date": planned}
                    if not replan_only:
                        values.update(
                            name=line.name,
                            sequence=line.sequence,
                            category=line.category,
                            auto_rule=line.auto_rule,
                        )
                    if any(milestone[key] != value for key, value in values.items()):
                        milestone.write(values)
                elif not replan_only:
                    vals_list.append(
                        order._prepare_gendan_milestone_values(
                            line,
                            planned,
                            order._gendan_responsible_user(
                                line.responsible, escalation_users
                            ),
                        )
                    )
            if not replan_only:
                order.milestone_ids.filtered(
                    lambda m, t=template: (
                        m.template_line_id
                        and m.template_line_id.template_id != t
                        and not m.actual_date
                    )
                ).unlink()
        if vals_list:
            self.env["gendan.milestone"].create(vals_list)
            if not replan_only:
                self._gendan_replay_rules()
        return True

    def _gendan_replay_rules(self):
        """Events that happened before the plan existed complete its milestones."""
        confirmed = self.filtered(
            lambda o: o.customer_confirmation_state == "confirmed"
        )
        for order in confirmed:
            order._gendan_fire_rule(
                "customer_confirmed",
                event_date=order._gendan_local_date(order.customer_confirmed_date),
                record=order.customer_confirmation_attachment_id or order,
            )

    def _gendan_shipping_milestone(self):
        self.ensure_one()
        milestones = self.milestone_ids.sorted(lambda m: (m.sequence, m.id))
        return (
            milestones.filtered(lambda m: m.auto_rule == "shipped")[:1]
            or (milestones.filtered(lambda m: m.category == "logistics")[-1:])
        )

    def _gendan_escalation_users(self):
        """``{order_id: user}``: who is told when the order's milestones are late.
        The merchandiser's manager (employee hierarchy) when hr is installed, else
        the first merchandising manager of the order's company."""
        result = {}
        if "hr.employee" in self.env:
            for order in self:
                employee = order.merchandiser_id.sudo().employee_ids[:1]
                manager = employee.parent_id.user_id
                if manager:
                    result[order.id] = manager
        remaining = self.filtered(lambda o: o.id not in result)
        if remaining:
            managers = (
                self.env["res.users"]
                .sudo()
                .search(
                    [
                        (
                            "groups_id",
                            "in",
                            self.env.ref(
                                "gendan_tracking.group_merchandising_manager"
                            ).id,
                        ),
                        ("share", "=", False),
                        ("company_ids", "in", remaining.company_id.ids),
                    ],
                    order="id",
                )
            )
            for order in remaining:
                candidates = managers.filtered(
                    lambda u, o=order: (
                        o.company_id in u.company_ids and u != o.merchandiser_id
                    )
                )
                if candidates:
                    result[order.id] = candidates[0]
        return result

    def _gendan_is_paid(self):
        """Fully invoiced, and every posted customer invoice paid."""
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )
        return bool(
            self.invoice_status == "invoiced"
            and invoices
            and all(inv.payment_state in ("paid", "in_payment") for inv in invoices)
        )

    def _gendan_payment_date(self):
        return fields.Date.context_today(self)

    def _gendan_milestone_lateness(self):
        """``{order id: (a milestone is late, highest milestone delay)}``.

        Saved orders are aggregated in SQL (one query, instead of loading every
        milestone of every order); new records (forms) from their cache."""
        result = {}
        saved = self.filtered("id")
        if saved:
            groups = (
                self.env["gendan.milestone"]
                .sudo()
                ._read_group(
                    [("order_id", "in", saved.ids)],
                    ["order_id", "state"],
                    ["delay_days:max"],
                )
            )
            for order, state, delay in groups:
                late, highest = result.get(order.id, (False, 0))
                result[order.id] = (late or state == "late", max(highest, delay or 0))
        for order in self - saved:
            milestones = order.milestone_ids
            result[order.id] = (
                any(m.state == "late" for m in milestones),
                max(milestones.mapped("delay_days"), default=0),
            )
        return result

    def _gendan_refresh_lateness(self):
        """Recompute the time-dependent lateness of the orders (daily): the
        commitment date passes with time. The projected ship date depends on
        the milestones only: the daily refresh of their delays recomputes it
        where they changed."""
        if not self:
            return
        self.env.add_to_compute(self._fields["is_late"], self)
        self.flush_recordset(["is_late", "delay_days"])

    # ------------------------------------------------------------------
    # Contracts shared with the other follow-up modules
    # ------------------------------------------------------------------

    def _gendan_fire_rule(self, rule, event_date=None, record=None):
        """Complete, on every order of ``self``, the first open milestone carrying
        ``rule`` (an ``auto_rule`` code), dated ``event_date`` (default today) and
        linked to ``record``. Orders without such a milestone are left alone.

        This is the single entry point every event (confirmation, purchase,
        receipt, inspection, delivery, documents, invoice, payment) goes through.
        """
        if not self:
            return self.env["gendan.milestone"]
        Milestone = self.env["gendan.milestone"]
        candidates = Milestone.sudo().search(
            [
                ("order_id", "in", self.ids),
                ("auto_rule", "=", rule),
                ("state", "in", Milestone._open_states()),
            ],
            order="order_id, sequence, planned_date, id",
        )
        first_per_order = Milestone.sudo()
        seen = set()
        for milestone in candidates:
            if milestone.order_id.id not in seen:
                seen.add(milestone.order_id.id)
                first_per_order |= milestone
        if first_per_order:
            first_per_order._action_complete(
                event_date or fields.Date.context_today(self), record
            )
        return first_per_order.with_env(self.env)

    def _gendan_advance_stage(self, stage):
        """Move orders forward to ``stage``; never backwards, never out of
        ``cancel`` or ``closed``. Returns the orders that moved.

        Events call this (customer confirmed, PO confirmed, inspection started,
        delivery ready, delivered, paid). Managers set the stage by hand instead.
        """
        order_keys = [key for key, _label in GENDAN_STAGES if key != "cancel"]
        target = order_keys.index(stage) if stage in order_keys else None
        if stage == "cancel":
            to_move = self.filtered(lambda o: o.gendan_stage != "cancel")
        else:
            to_move = self.filtered(
                lambda o: (
                    o.gendan_stage in order_keys
                    and order_keys.index(o.gendan_stage) < target
                )
            )
        if to_move:
            to_move.with_context(gendan_stage_event=True).write({"gendan_stage": stage})
        return to_move
