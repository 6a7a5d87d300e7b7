import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import dates, planner

SAMPLE_TYPES = [
    ("lab_dip", "Lab Dip"),
    ("strike_off", "Strike-off"),
    ("fit", "Fit Sample"),
    ("pp_sample", "PP Sample"),
    ("shipment_sample", "Shipment Sample"),
    ("other", "Other"),
]

SAMPLE_STATES = [
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("sent", "Sent"),
    ("approved", "Approved"),
    ("approved_with_comments", "Approved with Comments"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]

# a sample still on its way to a decision
PENDING_STATES = ("planned", "in_progress", "sent")
APPROVED_STATES = ("approved", "approved_with_comments")
DECIDED_STATES = (*APPROVED_STATES, "rejected")
DECISIONS = DECIDED_STATES
# photos a customer may attach to a decision
MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 10 * 1024 * 1024


class GendanSample(models.Model):
    """A sample submitted to the customer for approval (打样): lab dips,
    strike-offs, fit, pre-production and shipment samples. A rejection opens
    the next round, a new sample due a configurable number of working days
    later."""

    _name = "gendan.sample"
    _description = "Sample"
    _inherit = ["gendan.order.record", "mail.thread", "mail.activity.mixin"]
    _order = "order_id, order_line_id, sample_type, round desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Description",
        tracking=True,
        help="What is sampled, such as the colourway or the size set.",
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id", string="Customer", store=True
    )
    order_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        domain="[('order_id', '=', order_id), ('display_type', '=', False)]",
        ondelete="set null",
        index="btree_not_null",
        tracking=True,
    )
    product_id = fields.Many2one(
        related="order_line_id.product_id", string="Product", store=True
    )
    sample_type = fields.Selection(
        SAMPLE_TYPES, string="Type", required=True, default="pp_sample", tracking=True
    )
    round = fields.Integer(
        default=1, required=True, readonly=True, tracking=True, aggregator="max"
    )
    previous_id = fields.Many2one(
        "gendan.sample",
        string="Previous Round",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        copy=False,
    )
    next_ids = fields.One2many(
        "gendan.sample", "previous_id", string="Next Round", readonly=True
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        check_company=True,
        tracking=True,
        help="The supplier (or workshop) who makes the sample.",
    )
    date_requested = fields.Date(string="Requested On", default=dates.today)
    date_due = fields.Date(string="Due On", tracking=True, index=True)
    date_sent = fields.Date(string="Sent On", tracking=True)
    date_decided = fields.Date(string="Decided On", tracking=True, index=True)
    courier = fields.Char(tracking=True)
    tracking_number = fields.Char(tracking=True)
    state = fields.Selection(
        SAMPLE_STATES,
        string="Status",
        default="planned",
        required=True,
        index=True,
        tracking=True,
        group_expand=True,
    )
    customer_comment = fields.Text(tracking=True)
    decided_by_id = fields.Many2one(
        "res.partner", string="Decided By", tracking=True, readonly=True
    )
    decision_channel = fields.Selection(
        [("portal", "Customer Portal"), ("staff", "Recorded by Staff")],
        readonly=True,
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "gendan_sample_photo_rel",
        "sample_id",
        "attachment_id",
        string="Photos",
    )
    is_late = fields.Boolean(compute="_compute_is_late")
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        ("round_positive", "CHECK(round >= 1)", "A sample round starts at 1."),
    ]

    @api.depends("order_id.name", "sample_type", "round", "product_id")
    def _compute_display_name(self):
        labels = dict(self._fields["sample_type"]._description_selection(self.env))
        for sample in self:
            sample.display_name = self.env._(
                "%(order)s · %(type)s · round %(round)s",
                order=sample.order_id.name or "",
                type=labels.get(sample.sample_type, ""),
                round=sample.round,
            )

    @api.depends("state", "date_due")
    def _compute_is_late(self):
        for sample in self:
            sample.is_late = bool(
                sample.state in PENDING_STATES
                and sample.date_due
                and sample.date_due < dates.company_today(sample.company_id)
            )

    def _compute_color(self):
        colors = {"approved": 10, "approved_with_comments": 3, "rejected": 1}
        for sample in self:
            sample.color = 1 if sample.is_late else colors.get(sample.state, 0)

    @api.constrains("order_id", "order_line_id")
    def _check_order_line(self):
        for sample in self:
            if (
                sample.order_line_id
                and sample.order_line_id.order_id != sample.order_id
            ):
                raise ValidationError(
                    _(
                        "The sample %(sample)s must be for a line of its own order.",
                        sample=sample.display_name,
                    )
                )

    @api.constrains("previous_id", "order_id", "round")
    def _check_previous_round(self):
        for sample in self.filtered("previous_id"):
            previous = sample.previous_id
            if previous.order_id != sample.order_id or sample.round <= previous.round:
                raise ValidationError(
                    _(
                        "The sample %(sample)s follows a round of the same order, "
                        "with a higher round number.",
                        sample=sample.display_name,
                    )
                )

    @api.constrains("date_requested", "date_due", "date_sent", "date_decided")
    def _check_dates(self):
        for sample in self:
            if (
                sample.date_sent
                and sample.date_decided
                and sample.date_decided < sample.date_sent
            ):
                raise ValidationError(
                    _(
                        "The sample %(sample)s cannot be decided before it was sent.",
                        sample=sample.display_name,
                    )
                )
            if (
                sample.date_requested
                and sample.date_due
                and sample.date_due < sample.date_requested
            ):
                raise ValidationError(
                    _(
                        "The sample %(sample)s cannot be due before it was requested.",
                        sample=sample.display_name,
                    )
                )

    @api.constrains("state", "customer_comment")
    def _check_rejection_comment(self):
        for sample in self:
            if (
                sample.state == "rejected"
                and not (sample.customer_comment or "").strip()
            ):
                raise ValidationError(
                    _(
                        "Say why the sample %(sample)s was rejected.",
                        sample=sample.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        dates.check_date_range(
            self.env,
            vals_list,
            ("date_requested", "date_due", "date_sent", "date_decided"),
        )
        samples = super().create(vals_list)
        self.env["sale.order"]._gendan_emit("samples_changed", samples.order_id)
        return samples

    def write(self, vals):
        dates.check_date_range(
            self.env,
            [vals],
            ("date_requested", "date_due", "date_sent", "date_decided"),
        )
        # the rounds are the rejections' record: a rejection opens the next
        # one (as the system); nobody renumbers or relinks them by hand
        if {"round", "previous_id"} & set(vals) and not self.env.su:
            raise UserError(
                _(
                    "The round of a sample is set by the rejections: reject the "
                    "sample to open its next round."
                )
            )
        deciding = self.browse()
        if vals.get("state") in DECIDED_STATES:
            deciding = self.filtered(lambda s: s.state != vals["state"])
        result = super().write(vals)
        if {"state", "date_due"} & set(vals):
            self.env["sale.order"]._gendan_emit("samples_changed", self.order_id)
        # however the decision is written (the portal, the staff's dialog, an
        # import), it runs through the pipeline: milestones, the next round
        for sample in deciding:
            if not sample.date_decided:
                sample.date_decided = dates.today(sample)
            self.env["sale.order"]._gendan_emit(
                "sample_decided",
                sample.order_id,
                date=sample.date_decided,
                record=sample,
            )
        return result

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_start(self):
        self.filtered(lambda s: s.state == "planned").write({"state": "in_progress"})
        return True

    def action_send(self):
        """The sample leaves for the customer (today, unless a date is typed)."""
        for sample in self:
            if sample.state not in ("planned", "in_progress"):
                raise UserError(
                    _(
                        "The sample %(sample)s cannot be sent: it is %(state)s.",
                        sample=sample.display_name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[sample.state],
                    )
                )
            sample.write(
                {
                    "state": "sent",
                    "date_sent": sample.date_sent or dates.today(sample),
                }
            )
        return True

    def action_cancel(self):
        self.filtered(lambda s: s.state in PENDING_STATES).write({"state": "cancelled"})
        return True

    def action_reset(self):
        self.filtered(lambda s: s.state == "cancelled").write({"state": "planned"})
        return True

    def action_record_decision(self):
        """Record a decision the customer gave by e-mail or phone."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": _("Record the Customer's Decision"),
            "res_model": "gendan.sample.decision.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_sample_id": self.id},
        }

    def action_view_rounds(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Rounds"),
            "res_model": "gendan.sample",
            "view_mode": "list,form",
            "domain": [
                ("order_id", "=", self.order_id.id),
                ("order_line_id", "=", self.order_line_id.id),
                ("sample_type", "=", self.sample_type),
            ],
        }

    # ------------------------------------------------------------------
    # The decision
    # ------------------------------------------------------------------

    def _gendan_decide(
        self, decision, comment=None, partner=None, day=None, photos=(), channel="staff"
    ):
        """The customer decided ``decision`` (``approved``,
        ``approved_with_comments`` or ``rejected``) on the sample, on ``day``
        (default today), through ``channel``; ``photos`` are ``(name, bytes,
        mimetype)`` tuples. The decision then runs through the event pipeline
        (``sample_decided``): milestones complete, a rejection opens the next
        round."""
        self.ensure_one()
        if decision not in DECISIONS:
            raise UserError(
                _("Choose a decision: approve, approve with comments or reject.")
            )
        comment = (comment or "").strip()
        if decision in ("rejected", "approved_with_comments") and not comment:
            raise UserError(
                _("Write the comments of your decision: what must change, and why.")
            )
        allowed = ("sent",) if channel == "portal" else PENDING_STATES
        if self.state not in allowed:
            raise UserError(
                _(
                    "The sample %(sample)s is not waiting for a decision.",
                    sample=self.display_name,
                )
            )
        photos = list(photos or ())
        if len(photos) > MAX_PHOTOS:
            raise UserError(_("Attach at most %(count)s photos.", count=MAX_PHOTOS))
        for name, content, mimetype in photos:
            if not (mimetype or "").startswith("image/"):
                raise UserError(
                    _("The file %(name)s is not a photo.", name=name or "?")
                )
            if len(content) > MAX_PHOTO_BYTES:
                raise UserError(
                    _("The photo %(name)s is larger than 10 MB.", name=name or "?")
                )
        day = day or dates.today(self)
        if day > dates.today(self):
            raise UserError(_("A decision cannot be dated in the future."))
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name or "photo",
                    "datas": base64.b64encode(content),
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for name, content, mimetype in photos
            ]
        )
        values = {
            "state": decision,
            "date_decided": day,
            "date_sent": self.date_sent or day,
            "customer_comment": comment or self.customer_comment,
            "decided_by_id": (partner or self.order_id.partner_id).id,
            "decision_channel": channel,
        }
        if attachments:
            values["photo_ids"] = [(4, attachment.id) for attachment in attachments]
        # the write runs the decision through the pipeline (sample_decided)
        self.write(values)
        return True

    def _gendan_prepare_next_round(self):
        """The values of the round after this rejected one: the same sample,
        due the company's resubmission delay in working days after the
        rejection."""
        self.ensure_one()
        company = self.company_id
        weekdays, holidays = company._gendan_working_calendars().get(
            company.id, (planner.ALL_WEEKDAYS, ())
        )
        rejected_on = self.date_decided or dates.company_today(company)
        return {
            "order_id": self.order_id.id,
            "order_line_id": self.order_line_id.id,
            "sample_type": self.sample_type,
            "name": self.name,
            "supplier_id": self.supplier_id.id,
            "round": self.round + 1,
            "previous_id": self.id,
            "date_requested": rejected_on,
            "date_due": planner.add_working_days(
                rejected_on,
                company.gendan_sample_resubmit_days,
                weekdays,
                holidays,
            ),
            "state": "planned",
        }
