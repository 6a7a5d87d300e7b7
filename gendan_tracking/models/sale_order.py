from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import dates, planner
from ..tools.groups import GROUP_MANAGER, GROUP_MERCHANDISER

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


# dates that the planner computes with
DATE_FIELDS = ("date_order", "commitment_date", "customer_confirmed_date")


class SaleOrder(models.Model):
    """The follow-up of an order: its merchandiser, stage, review, the
    customer's confirmation and lateness. Odoo's hooks hand every event to the
    pipeline (``gendan_event.py``) in one line."""

    _inherit = "sale.order"

    merchandiser_id = fields.Many2one(
        "res.users",
        string="Merchandiser",
        default=lambda self: self._default_merchandiser_id(),
        domain=lambda self: [("groups_id", "in", self.env.ref(GROUP_MERCHANDISER).id)],
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
    # stored: the order form shows it, and errors are rare writes
    error_count = fields.Integer(compute="_compute_error_count", store=True)
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
    review_date = fields.Date(
        string="Reviewed On",
        compute="_compute_review_done",
        store=True,
        copy=False,
        help="The company's day on which the last review check was ticked.",
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

    @api.model
    def _default_merchandiser_id(self):
        # Orders created by the system (superuser mode: imports, e-commerce,
        # scheduled actions) get no merchandiser by default.
        if not self.env.su and self.env.user.has_group(GROUP_MERCHANDISER):
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

    @api.depends("error_ids")
    def _compute_error_count(self):
        # as the system (a stored compute); a new order's errors are in the
        # cache, read otherwise in one query for the batch
        for order in self:
            order.error_count = len(order.error_ids)

    @api.depends(*REVIEW_FIELDS)
    def _compute_review_done(self):
        for order in self:
            order.review_done = all(order[name] for name in REVIEW_FIELDS)
            if not order.review_done:
                order.review_date = False
            elif not order.review_date:
                order.review_date = dates.company_today(order.company_id)

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
        calendars = self.company_id._gendan_working_calendars()
        milestone_lateness = self._gendan_milestone_lateness()
        for order in self:
            today = dates.company_today(order.company_id)
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

    @api.model_create_multi
    def create(self, vals_list):
        user = self.env.user
        if (
            not self.env.su
            and user.has_group(GROUP_MERCHANDISER)
            and not user.has_group(GROUP_MANAGER)
            and any(
                vals.get("merchandiser_id") not in (None, False, user.id)
                for vals in vals_list
            )
        ):
            raise AccessError(
                _(
                    "A merchandiser creates orders that they follow themselves; a "
                    "merchandising manager assigns them to someone else."
                )
            )
        dates.check_date_range(self.env, vals_list, DATE_FIELDS)
        for vals in vals_list:
            if vals.get("customer_confirmation_state") == "confirmed":
                vals.setdefault("customer_confirmed_date", fields.Datetime.now())
        orders = super().create(vals_list)
        # an import or an integration may create orders already confirmed by
        # the customer, or reviewed
        self._gendan_emit_records(
            "customer_confirmed",
            orders.filtered(lambda o: o.customer_confirmation_state == "confirmed"),
        )
        self._gendan_emit_records("review_completed", orders.filtered("review_done"))
        return orders

    def write(self, vals):
        dates.check_date_range(self.env, [vals], DATE_FIELDS)
        if (
            "merchandiser_id" in vals
            and not self.env.su
            and not self.env.user.has_group(GROUP_MANAGER)
            and any(
                order.merchandiser_id.id != vals["merchandiser_id"] for order in self
            )
        ):
            # who follows an order decides whose figures it makes (tracked)
            raise AccessError(
                _("Only a merchandising manager changes who follows an order.")
            )
        if (
            "gendan_stage" in vals
            and not self.env.su
            and not self.env.user.has_group(GROUP_MANAGER)
        ):
            raise UserError(
                _(
                    "Only a merchandising manager can set the follow-up stage by "
                    "hand; it otherwise follows the order's events."
                )
            )
        confirming = self.browse()
        if vals.get("customer_confirmation_state") == "confirmed":
            confirming = self.filtered(
                lambda o: o.customer_confirmation_state != "confirmed"
            )
        reviewing = self.browse()
        if set(REVIEW_FIELDS) & set(vals):
            reviewing = self.filtered(lambda o: not o.review_done)
        signing = self.browse()
        if vals.get("signature") or vals.get("signed_on"):
            signing = self.filtered(
                lambda o: (
                    o.customer_confirmation_state != "confirmed"
                    or o.contract_state in ("draft", "negotiation")
                )
            )
        result = super().write(vals)
        if confirming and not vals.get("customer_confirmed_date"):
            # a confirmation written without its date (an import, an
            # integration) is dated now; orders confirmed before keep theirs
            super(SaleOrder, confirming).write(
                {"customer_confirmed_date": fields.Datetime.now()}
            )
        self._gendan_emit_records("customer_confirmed", confirming)
        self._gendan_emit_records("review_completed", reviewing.filtered("review_done"))
        if signing:
            signing._gendan_record_signature(portal=bool(vals.get("signature")))
        if "commitment_date" in vals:
            self._gendan_emit("commitment_changed", self)
        if vals.get("gendan_stage") in ("closed", "cancel"):
            self._gendan_emit("order_ended", self)
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
        self._gendan_emit("order_confirmed", self)
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._gendan_emit("order_cancelled", self)
        return result

    def action_gendan_record_confirmation(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Record Customer Confirmation"),
            "res_model": "gendan.customer.confirmation.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

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
        if self.env.user.has_group(GROUP_MANAGER):
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
        """Record the customer's answer on the order (the wizard, the portal);
        :meth:`write` hands a confirmation to the pipeline, whatever wrote it."""
        values = {
            "customer_confirmation_state": state,
            "customer_confirmation_channel": channel,
            "customer_confirmed_date": (confirmed_date or fields.Datetime.now())
            if state == "confirmed"
            else False,
            "customer_confirmation_contact_id": contact.id if contact else False,
        }
        if attachment:
            values["customer_confirmation_attachment_id"] = attachment.id
        return self.write(values)

    def _gendan_record_signature(self, portal):
        """The customer signed the quotation (on the portal, or ``signed_on``
        written): that is the customer's confirmation (channel "portal") and
        the signature of the contract."""
        for order in self:
            signed_at = order.signed_on or fields.Datetime.now()
            values = {}
            if portal and order.customer_confirmation_state != "confirmed":
                values.update(
                    customer_confirmation_state="confirmed",
                    customer_confirmation_channel="portal",
                    customer_confirmed_date=signed_at,
                    customer_confirmation_contact_id=order.partner_id.id,
                )
            if order.contract_state in ("draft", "negotiation"):
                values.update(
                    contract_state="signed",
                    contract_signed_date=order.contract_signed_date
                    or dates.local_date(order.company_id, signed_at),
                    contract_number=order.contract_number or order.name,
                )
            if values:
                order.write(values)

    def _gendan_log_late_shipments(self, items):
        """A delivery done after the commitment date logs a late-shipment
        error for the order (once per order); it feeds the error rate."""
        orders = self.filtered("commitment_date")
        if not orders:
            return
        Error = self.env["gendan.order.error"]
        already = Error.search(
            [("order_id", "in", orders.ids), ("error_type", "=", "late_shipment")]
        ).order_id
        vals_list = []
        for order in orders - already:
            done_day, picking = items[order.id]
            commitment_day = order._gendan_commitment_day()
            if done_day <= commitment_day:
                continue
            vals_list.append(
                {
                    "order_id": order.id,
                    "merchandiser_id": order.merchandiser_id.id,
                    "error_type": "late_shipment",
                    "date": done_day,
                    "found_by_id": self.env.user.id,
                    "description": _(
                        "Delivery %(picking)s was done on %(done)s, after the "
                        "commitment date %(commitment)s.",
                        picking=picking.name,
                        done=done_day,
                        commitment=commitment_day,
                    ),
                }
            )
        Error.create(vals_list)

    # ------------------------------------------------------------------
    # Days and lateness
    # ------------------------------------------------------------------

    def _gendan_local_date(self, value):
        """Day of the datetime ``value`` for the order's company."""
        return dates.local_date(self[:1].company_id or self.env.company, value)

    def _gendan_order_day(self):
        self.ensure_one()
        return self._gendan_local_date(self.date_order)

    def _gendan_commitment_day(self):
        self.ensure_one()
        return self._gendan_local_date(self.commitment_date)

    def _gendan_event_orders(self, event):
        return self

    def _gendan_event_date(self, event):
        """The day of an event the order records itself."""
        if event == "customer_confirmed":
            return self._gendan_local_date(self.customer_confirmed_date)
        if event == "review_completed":
            return self.review_date
        return False

    def _gendan_event_record(self, event):
        """The record behind an event the order records itself: the customer's
        signed document when there is one."""
        if event == "customer_confirmed" and self.customer_confirmation_attachment_id:
            return self.customer_confirmation_attachment_id
        return self

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

    def _gendan_milestone_lateness(self):
        """``{order id: (a milestone is late, highest milestone delay)}``.

        Saved orders are aggregated in SQL (one query, instead of loading every
        milestone of every order); new records (forms) from their cache."""
        result = {}
        saved = self.filtered("id")
        if saved:
            # everything pending on the milestones in one statement (their
            # projected dates too), not only the fields the aggregate reads
            self.env["gendan.milestone"].flush_model()
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

    def _gendan_demo_backdate_creation(self):
        """Demo data only: the orders are created at install, though their
        story has them come in on their order date. The ORM never writes
        ``create_date``: set it to the order date in SQL, then recompute what
        is measured from it (the confirmation time)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET create_date = date_order WHERE id = ANY(%s)",
            [self.ids],
        )
        self.invalidate_recordset(["create_date"])
        self.env.add_to_compute(self._fields["confirmation_hours"], self)
        self.flush_recordset(["confirmation_hours"])

    def _gendan_demo_replan_done_milestones(self):
        """Demo data only, once the story is loaded: milestones done at the
        confirmation (the review, replayed) were planned from the install day,
        which Odoo's confirmation stamps as the order date. Plan them from the
        real order date, as the others."""
        calendars = self.company_id._gendan_working_calendars()
        for order in self:
            weekdays, holidays = calendars.get(
                order.company_id.id, (planner.ALL_WEEKDAYS, ())
            )
            order_day = order._gendan_order_day()
            for milestone in order.milestone_ids.filtered(
                lambda m, day=order_day: (
                    m.state == "done"
                    and m.template_line_id.anchor == "order_date"
                    and m.planned_date
                    and m.planned_date > day
                    and m.actual_date
                    and m.actual_date < m.planned_date
                )
            ):
                milestone.planned_date = planner.plan_date(
                    order_day,
                    milestone.template_line_id.offset_days,
                    weekdays,
                    holidays,
                    min_date=order_day,
                )
