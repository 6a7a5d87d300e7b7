from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import dates, planner
from ..tools.activities import close_activities
from ..tools.groups import GROUP_MERCHANDISER
from ..tools.lang import reader_env

# Fields whose change may make a purchase late for its sale orders.
GENDAN_SUPPLY_FIELDS = {
    "required_date",
    "supplier_promised_date",
    "date_planned",
    "state",
}


FOLLOWUP_ACTIVITY = "gendan_tracking.mail_activity_type_purchase_followup"


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    gendan_sale_order_ids = fields.Many2many(
        "sale.order",
        "gendan_purchase_sale_rel",
        "purchase_id",
        "sale_id",
        string="Sale Orders Served",
        copy=False,
        help="Customer orders this purchase order supplies.",
    )
    gendan_sale_order_count = fields.Integer(
        string="Orders Served", compute="_compute_gendan_sale_order_count"
    )
    gendan_sale_extra = fields.Boolean(
        string="More Orders Linked", compute="_compute_gendan_sale_order_count"
    )
    merchandiser_id = fields.Many2one(
        "res.users",
        string="Merchandiser",
        compute="_compute_merchandiser_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    required_date = fields.Date(
        compute="_compute_required_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Date the sale order's plan needs the goods: the planned date of its "
        "first material milestone, else its commitment date minus the company's "
        "material lead time.",
    )
    supplier_promised_date = fields.Date(
        string="Supplier Promised Date", tracking=True, copy=False
    )
    supplier_first_promised_date = fields.Date(
        string="First Promised Date",
        readonly=True,
        copy=False,
        help="The supplier's first promise, kept when later promises move it: "
        "the promise reliability analysis measures the slips from it.",
    )
    supplier_confirmed = fields.Boolean(
        string="Supplier Confirmed", tracking=True, copy=False
    )
    supplier_confirmed_date = fields.Date(
        string="Supplier Confirmed On", readonly=True, copy=False
    )
    supplier_confirmed_by_id = fields.Many2one(
        "res.partner",
        string="Confirmed By",
        readonly=True,
        copy=False,
        help="The supplier's contact who acknowledged the order on the portal.",
    )
    next_followup_date = fields.Date(string="Next Follow-up", tracking=True, copy=False)
    expedite_ids = fields.One2many(
        "gendan.expedite.log",
        "purchase_id",
        string="Expediting Log",
        copy=False,
        groups=GROUP_MERCHANDISER,
    )
    is_supply_late = fields.Boolean(
        string="Supply Late",
        compute="_compute_is_supply_late",
        store=True,
        help="The supplier promised a date later than the required date.",
    )
    supply_slack_days = fields.Integer(
        string="Slack (days)",
        compute="_compute_supply_slack_days",
        help="Required date minus the supplier's promised date (or the expected "
        "arrival when there is no promise). Negative means late.",
    )

    @api.depends("gendan_sale_order_ids.merchandiser_id")
    def _compute_merchandiser_id(self):
        for purchase in self:
            merchandisers = purchase.gendan_sale_order_ids.merchandiser_id
            if merchandisers and purchase.merchandiser_id not in merchandisers:
                purchase.merchandiser_id = merchandisers[:1]
            elif not merchandisers and not purchase.merchandiser_id:
                purchase.merchandiser_id = False

    @api.depends(
        "gendan_sale_order_ids.commitment_date",
        "gendan_sale_order_ids.milestone_ids.planned_date",
        "gendan_sale_order_ids.milestone_ids.category",
        "gendan_sale_order_ids.milestone_ids.sequence",
        "company_id.gendan_purchase_lead_days",
    )
    def _compute_required_date(self):
        for purchase in self:
            dates = [
                date
                for date in (
                    order._gendan_material_required_date()
                    for order in purchase.gendan_sale_order_ids
                )
                if date
            ]
            if dates:
                purchase.required_date = min(dates)
            elif not purchase.gendan_sale_order_ids:
                purchase.required_date = purchase.required_date or False

    @api.depends("supplier_promised_date", "required_date")
    def _compute_is_supply_late(self):
        for purchase in self:
            purchase.is_supply_late = bool(
                purchase.supplier_promised_date
                and purchase.required_date
                and purchase.supplier_promised_date > purchase.required_date
            )

    @api.depends("supplier_promised_date", "required_date", "date_planned")
    def _compute_supply_slack_days(self):
        for purchase in self:
            expected = purchase.supplier_promised_date or (
                purchase.date_planned and purchase.date_planned.date()
            )
            if purchase.required_date and expected:
                purchase.supply_slack_days = (purchase.required_date - expected).days
            else:
                purchase.supply_slack_days = 0

    @api.constrains("supplier_promised_date", "date_order")
    def _check_supplier_promised_date(self):
        for purchase in self:
            if (
                purchase.supplier_promised_date
                and purchase.date_order
                and purchase.supplier_promised_date < purchase.date_order.date()
            ):
                raise ValidationError(
                    _(
                        "The supplier's promised date %(promised)s cannot be before "
                        "the date of purchase order %(order)s (%(date)s).",
                        promised=purchase.supplier_promised_date,
                        order=purchase.name,
                        date=purchase.date_order.date(),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "supplier_first_promised_date" in vals and not self.env.su:
                raise AccessError(
                    _("The first promised date is kept from the supplier's promises.")
                )
            if vals.get("supplier_promised_date"):
                vals["supplier_first_promised_date"] = vals["supplier_promised_date"]
        return super().create(vals_list)

    def write(self, vals):
        if "supplier_first_promised_date" in vals and not self.env.su:
            raise AccessError(
                _("The first promised date is kept from the supplier's promises.")
            )
        firsts = {}
        if vals.get("supplier_promised_date"):
            # the promise the supplier made first (the one before this change,
            # on orders promised before the first promise was kept)
            firsts = {
                purchase.id: purchase.supplier_promised_date
                or fields.Date.to_date(vals["supplier_promised_date"])
                for purchase in self
                if not purchase.supplier_first_promised_date
            }
        result = super().write(vals)
        for purchase_id, first in firsts.items():
            super(PurchaseOrder, self.browse(purchase_id)).write(
                {"supplier_first_promised_date": first}
            )
        if vals.get("supplier_promised_date"):
            self._gendan_promise_to_date_planned()
        if "gendan_sale_order_ids" in vals:
            # only a confirmed purchase carries costs: relinking a draft one
            # (as a make-to-order confirmation does) rescans supply only
            confirmed = self.filtered(lambda p: p.state in ("purchase", "done"))
            self.env["sale.order"]._gendan_emit_records("po_relinked", confirmed)
            self.env["sale.order"]._gendan_emit_records(
                "supply_changed", self - confirmed
            )
        if GENDAN_SUPPLY_FIELDS & set(vals):
            self.env["sale.order"]._gendan_emit_records("supply_changed", self)
        return result

    def _gendan_promise_to_date_planned(self):
        """One supplier date: the promise becomes Odoo's expected arrival of
        the lines still to receive (and so of their receipts); the earlier
        promises stay in the expediting log and the chatter."""
        for purchase in self.filtered(
            lambda p: (
                p.supplier_promised_date
                and p.state in ("draft", "sent", "to approve", "purchase")
            )
        ):
            # midday in the company's timezone: the same calendar day for
            # every user of the company
            arrival = dates.utc_start(
                purchase.company_id, purchase.supplier_promised_date
            ) + timedelta(hours=12)
            lines = purchase.order_line.filtered(
                lambda line, a=arrival: (
                    not line.display_type
                    and line.qty_received < line.product_qty
                    and line.date_planned != a
                )
            )
            if lines:
                lines.write({"date_planned": arrival})

    def button_confirm(self):
        # the readiness gates of the orders the purchases serve, before any
        # of them is confirmed
        self.env["sale.order"]._gendan_check_gates(
            "po_confirmation", self.filtered(lambda p: p.state in ("draft", "sent"))
        )
        return super().button_confirm()

    def _gendan_gate_orders(self, event):
        return self.gendan_sale_order_ids

    def button_approve(self, force=False):
        result = super().button_approve(force=force)
        self.env["sale.order"]._gendan_emit_records("po_confirmed", self)
        return result

    def button_cancel(self):
        result = super().button_cancel()
        self.env["sale.order"]._gendan_emit_records("po_cancelled", self)
        return result

    @api.depends("gendan_sale_order_ids")
    def _compute_gendan_sale_order_count(self):
        for purchase in self:
            purchase.gendan_sale_order_count = len(purchase.gendan_sale_order_ids)
            # Odoo's own Sale button lists the orders the purchase was made
            # from: Gendan's shows only when it links more
            purchase.gendan_sale_extra = bool(
                purchase.gendan_sale_order_ids - purchase._get_sale_orders()
            )

    def action_view_gendan_sale_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.sale_order_action_gendan"
        )
        action["domain"] = [("id", "in", self.gendan_sale_order_ids.ids)]
        if len(self.gendan_sale_order_ids) == 1:
            action.update(
                view_mode="form",
                views=[(False, "form")],
                res_id=self.gendan_sale_order_ids.id,
            )
        return action

    def _gendan_event_orders(self, event):
        """The sale orders an event of the purchase order concerns. A purchase
        is linked to the orders its lines serve when it is confirmed."""
        if event == "po_confirmed":
            if self.state not in ("purchase", "done"):
                return self.env["sale.order"]
            self._gendan_link_sale_orders()
        if event in ("po_relinked", "po_cancelled"):
            # orders unlinked from the purchase still carry its cost lines
            costed = self.env["gendan.cost.line"].search(
                [("purchase_id", "=", self.id)]
            )
            return self.gendan_sale_order_ids | costed.order_id
        return self.gendan_sale_order_ids

    def _gendan_event_date(self, event):
        if event == "po_confirmed" and self.date_approve:
            return dates.local_date(self.company_id, self.date_approve)
        return False

    def _gendan_link_sale_orders(self):
        """Link each purchase order to the sale orders its lines serve (MTO / buy
        route, dropship, or a line created from a sale order line)."""
        for purchase in self:
            sale_orders = purchase._get_sale_orders() - purchase.gendan_sale_order_ids
            if sale_orders:
                purchase.gendan_sale_order_ids = [
                    Command.link(order.id) for order in sale_orders
                ]

    def _gendan_followup_summary(self, env):
        """The reminder's summary, in the language of ``env``."""
        self.ensure_one()
        return env._("Follow up supplier %(partner)s", partner=self.partner_id.name)

    def _gendan_followup_activity_values(self, activity_type):
        self.ensure_one()
        user = self.merchandiser_id or self.user_id or self.env.user
        # worded in the language of the user who follows the supplier up
        env = reader_env(self, user)
        return {
            "res_model_id": self.env["ir.model"]._get_id("purchase.order"),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": self.next_followup_date,
            "summary": self._gendan_followup_summary(env),
            "note": env._(
                "Required: %(required)s, promised: %(promised)s.",
                required=self.required_date or "-",
                promised=self.supplier_promised_date or "-",
            ),
        }

    def _gendan_after_expedite(self):
        """The supplier was chased: the next follow-up moves the company's
        interval (in working days) past the latest expedite entry, and the
        open follow-up reminder is marked done."""
        calendars = self.company_id._gendan_working_calendars()
        for purchase in self:
            company = purchase.company_id
            last = max(
                purchase.sudo().expedite_ids.mapped("date"),
                default=dates.company_today(company),
            )
            start = max(last, dates.company_today(company))
            purchase.sudo().next_followup_date = planner.add_working_days(
                start,
                company.gendan_expedite_interval_days,
                *calendars.get(company.id, (planner.ALL_WEEKDAYS, ())),
            )
        close_activities(self, [FOLLOWUP_ACTIVITY], _("Supplier followed up."))

    @api.model
    def _gendan_reword_followups(self, langs):
        """After a language is installed: open supplier follow-up reminders of
        its readers are worded again in it."""
        type_id = self.env["ir.model.data"]._xmlid_to_res_id(  # cached
            "gendan_tracking.mail_activity_type_purchase_followup"
        )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "purchase.order"),
                    ("activity_type_id", "=", type_id),
                    ("user_id.lang", "in", list(langs)),
                ]
            )
        )
        purchases = self.sudo().browse(set(activities.mapped("res_id"))).exists()
        by_id = {purchase.id: purchase for purchase in purchases}
        for activity in activities:
            purchase = by_id.get(activity.res_id)
            if not purchase:
                continue
            summary = purchase._gendan_followup_summary(
                reader_env(purchase, activity.user_id)
            )
            if summary != activity.summary:
                activity.summary = summary

    @api.model
    def _gendan_close_finished_followups(self, activity_type):
        """Follow-up reminders of purchases fully received or cancelled are
        marked done: there is nothing left to chase."""
        Activity = self.env["mail.activity"].sudo()
        open_ids = Activity.search(
            [
                ("res_model", "=", "purchase.order"),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).mapped("res_id")
        finished = self.sudo().search(
            [
                ("id", "in", open_ids),
                "|",
                ("state", "=", "cancel"),
                ("receipt_status", "=", "full"),
            ]
        )
        close_activities(finished, [FOLLOWUP_ACTIVITY], _("Nothing left to receive."))

    @api.model
    def _cron_gendan_followup_activities(self, batch_size=500):
        """Create one follow-up activity per purchase order whose next follow-up
        date has come. Running it again creates nothing twice: orders that still
        have an open follow-up activity are skipped."""
        activity_type = self.env.ref(
            "gendan_tracking.mail_activity_type_purchase_followup",
            raise_if_not_found=False,
        )
        if not activity_type:
            return False
        self._gendan_close_finished_followups(activity_type)
        today = dates.company_today(self.env.company)
        purchases = self.search(
            [
                ("next_followup_date", "<=", today),
                ("state", "in", ("draft", "sent", "to approve", "purchase")),
                ("receipt_status", "!=", "full"),
            ],
            order="next_followup_date, id",
        )
        open_activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "purchase.order"),
                ("res_id", "in", purchases.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        already = set(open_activities.mapped("res_id"))
        to_remind = purchases.filtered(lambda p: p.id not in already)
        values = [
            purchase._gendan_followup_activity_values(activity_type)
            for purchase in to_remind[:batch_size]
        ]
        # A scheduled reminder, like the milestone ones (and Odoo's contract
        # expiry reminders): no "assigned to you" e-mail per activity, which
        # also cost ~25 ms each (a rendered template and a notification).
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            values
        )
        if len(to_remind) > batch_size:
            self.env["ir.cron"]._notify_progress(
                done=batch_size, remaining=len(to_remind) - batch_size
            )
        return True
