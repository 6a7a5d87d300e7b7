from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from ..tools import batch as batch_tools
from ..tools import dates, planner
from ..tools.activities import close_activities
from ..tools.groups import GROUP_MANAGER
from ..tools.lang import reader_lang
from .gendan_milestone_template import (
    AUTO_RULE_SELECTION,
    CATEGORY_SELECTION,
    RESPONSIBLE_SELECTION,
    check_dependencies,
)
from .gendan_sample import SAMPLE_TYPES

OPEN_STATES = ("pending", "in_progress", "late")
# what moves the other milestones of a network
NETWORK_FIELDS = {
    "planned_date",
    "actual_date",
    "state",
    "delay_days",
    "lag_days",
    "predecessor_ids",
}

DELAY_REASONS = [
    ("customer", "Customer"),
    ("supplier", "Supplier"),
    ("internal", "Internal"),
    ("other", "Other"),
]


class GendanMilestone(models.Model):
    _name = "gendan.milestone"
    _description = "Order Milestone"
    _inherit = ["gendan.order.record", "mail.thread", "mail.activity.mixin"]
    _order = "order_id, sequence, planned_date, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True)
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        compute="_compute_supplier_id",
        store=True,
        index="btree_not_null",
        help="The vendor of the order's largest confirmed purchase order, else "
        "of its first one not cancelled (as in the analysis).",
    )
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(CATEGORY_SELECTION, required=True, default="order")
    template_line_id = fields.Many2one(
        "gendan.milestone.template.line", ondelete="set null", index="btree_not_null"
    )
    planned_date = fields.Date(tracking=True)
    actual_date = fields.Date(tracking=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("late", "Late"),
            ("skipped", "Skipped"),
        ],
        default="pending",
        required=True,
        index=True,
        tracking=True,
    )
    delay_days = fields.Integer(
        string="Delay (days)",
        aggregator="max",
        help="Working days late: past the planned date while open, or between the "
        "planned and the actual date once done.",
    )
    delay_reason = fields.Selection(DELAY_REASONS, tracking=True)
    delay_note = fields.Text(
        tracking=True, help="What caused the delay, beside its reason."
    )
    responsible_id = fields.Many2one("res.users", string="Responsible", index=True)
    responsible_role = fields.Selection(
        RESPONSIBLE_SELECTION,
        string="Responsible Role",
        index="btree_not_null",
        help="The role of its template line. Milestones of the role Supplier are "
        "updated by the vendor of the purchase order serving the order, on the "
        "vendor portal.",
    )
    progress_percent = fields.Integer(
        string="Progress (%)",
        help="How far the step is, as reported by its owner (the supplier on the "
        "portal, for instance).",
    )
    auto_rule = fields.Selection(AUTO_RULE_SELECTION, default="none", required=True)
    sample_type = fields.Selection(
        SAMPLE_TYPES,
        help="With the rule Samples approved: the type of sample whose approval "
        "completes the milestone (every sample without a type).",
    )
    production_start = fields.Boolean(
        help="Marking this milestone done starts production: the readiness gates "
        "on production start are checked first.",
    )
    customer_visible = fields.Boolean(default=True)
    res_model = fields.Char(string="Linked Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Linked Record", model_field="res_model", readonly=True
    )
    note = fields.Text()
    is_late = fields.Boolean(compute="_compute_is_late")
    # Dependencies (finish-to-start) and the critical path
    predecessor_ids = fields.Many2many(
        "gendan.milestone",
        "gendan_milestone_predecessor_rel",
        "milestone_id",
        "predecessor_id",
        string="Predecessors",
        domain="[('order_id', '=', order_id), ('id', '!=', id)]",
        help="Milestones that must be done first (finish-to-start). When one of "
        "them is late, this milestone and the ones after it move.",
    )
    lag_days = fields.Integer(
        string="Lag (working days)",
        help="Working days between the end of the predecessors and this milestone.",
    )
    successor_ids = fields.Many2many(
        "gendan.milestone",
        "gendan_milestone_predecessor_rel",
        "predecessor_id",
        "milestone_id",
        string="Successors",
        readonly=True,
    )
    # stored: only milestones linked to others compute their order's network;
    # the others are projected from their own dates, with no query
    has_predecessors = fields.Boolean(compute="_compute_in_network", store=True)
    in_network = fields.Boolean(compute="_compute_in_network", store=True)
    projected_date = fields.Date(
        string="Projected",
        compute="_compute_projected_date",
        store=True,
        help="When the milestone is expected: a done one on its actual date; one "
        "not done yet on its planned date, later when a predecessor is late (plus "
        "the lag), and never before today.",
    )
    is_critical = fields.Boolean(
        string="Critical Path",
        compute="_compute_projected_date",
        store=True,
        help="On the chain of milestones that decides the shipping date: a day "
        "lost on it is a day lost on shipping.",
    )

    @api.depends(
        "order_id.gendan_purchase_ids.partner_id",
        "order_id.gendan_purchase_ids.state",
        "order_id.gendan_purchase_ids.amount_untaxed",
    )
    def _compute_supplier_id(self):
        for order, milestones in self.grouped("order_id").items():
            milestones.supplier_id = order._gendan_main_supplier()

    @api.depends("predecessor_ids", "successor_ids")
    def _compute_in_network(self):
        for milestone in self:
            milestone.has_predecessors = bool(milestone.predecessor_ids)
            milestone.in_network = bool(
                milestone.predecessor_ids or milestone.successor_ids
            )

    # Own fields only: a change of a linked milestone recomputes the rest of
    # its order's network explicitly (_gendan_touch_network), so that orders
    # without dependencies pay nothing for them.
    @api.depends(
        "planned_date",
        "actual_date",
        "state",
        "delay_days",
        "lag_days",
        "in_network",
        "predecessor_ids",
    )
    def _compute_projected_date(self):
        """Projected dates: from the order's network
        (``tools.planner.network_dates``) for milestones linked to others, with
        the critical path to the shipping milestone; else from their own dates."""
        calendars = self.company_id._gendan_working_calendars()
        alone = self.filtered(lambda m: not m.in_network)
        today_of = {}
        for milestone in alone:
            # the network of one milestone, without building it
            # (tools.planner.network_dates gives the same)
            if milestone.state == "done":
                projected = milestone.actual_date or milestone.planned_date
            elif milestone.state == "skipped" or not milestone.planned_date:
                projected = milestone.planned_date
            else:
                company = milestone.company_id
                if company.id not in today_of:
                    today_of[company.id] = dates.company_today(company)
                projected = max(milestone.planned_date, today_of[company.id])
            milestone.projected_date = projected
            milestone.is_critical = False
        networked = self - alone
        if networked:
            # the networks of every order of the batch, read together: their
            # dates, states, lags, links and the shipping milestone's fields
            (networked.order_id.milestone_ids | networked).fetch(
                [
                    "planned_date",
                    "actual_date",
                    "state",
                    "lag_days",
                    "predecessor_ids",
                    "sequence",
                    "auto_rule",
                    "category",
                ]
            )
        for order, milestones in networked.grouped("order_id").items():
            network = order.milestone_ids if order else milestones
            network |= milestones
            weekdays, holidays = calendars.get(
                order.company_id.id, (planner.ALL_WEEKDAYS, ())
            )
            nodes = {
                m: {
                    "planned": m.planned_date,
                    "actual": m.actual_date,
                    "state": m.state,
                    "predecessors": list(m.predecessor_ids),
                    "lag": m.lag_days,
                }
                for m in network
            }
            shipping = (
                order._gendan_shipping_milestone(
                    network.sorted(lambda m: (m.sequence, m.id))
                )
                if order
                else None
            )
            try:
                result = planner.network_dates(
                    nodes,
                    dates.company_today(order.company_id),
                    end=shipping or None,
                    weekdays=weekdays,
                    holidays=holidays,
                )
            except planner.CycleError:
                # refused by the constraint; a form in progress may hold one
                result = {m: (m.planned_date, False) for m in network}
            for milestone in milestones:
                projected, critical = result.get(
                    milestone, (milestone.planned_date, False)
                )
                milestone.projected_date = projected
                milestone.is_critical = critical

    @api.constrains("predecessor_ids", "successor_ids", "lag_days")
    def _check_predecessors(self):
        # a link written from either end (predecessors or successors) is
        # checked on the orders of both ends: never into another order
        linked = self | self.predecessor_ids | self.successor_ids
        for order in linked.order_id:
            check_dependencies(
                self,
                order.milestone_ids,
                _(
                    "The predecessors of a milestone of %(order)s must be "
                    "milestones of the same order.",
                    order=order.name,
                ),
                lambda cycle, o=order: self.env._(
                    "The predecessors of the milestones of %(order)s form a "
                    "cycle: %(cycle)s.",
                    order=o.name,
                    cycle=cycle,
                ),
            )

    @api.constrains("progress_percent")
    def _check_progress_percent(self):
        if any(not 0 <= m.progress_percent <= 100 for m in self):
            raise ValidationError(
                _("The progress of a milestone is between 0 and 100%.")
            )

    @api.depends("state")
    def _compute_is_late(self):
        for milestone in self:
            milestone.is_late = milestone.state == "late"

    @api.constrains("planned_date", "order_id")
    def _check_planned_date(self):
        for milestone in self:
            if not milestone.planned_date:
                continue
            order_day = milestone.order_id._gendan_order_day()
            if order_day and milestone.planned_date < order_day:
                raise ValidationError(
                    _(
                        "The milestone %(milestone)s cannot be planned on %(date)s, "
                        "before the date of order %(order)s (%(order_date)s).",
                        milestone=milestone.name,
                        date=milestone.planned_date,
                        order=milestone.order_id.name,
                        order_date=order_day,
                    )
                )

    @api.constrains("state", "actual_date", "planned_date", "delay_reason")
    def _check_delay_reason(self):
        # A milestone closed late by hand needs the reason of the delay. Milestones
        # closed by an event (linked to the record behind it, which only the
        # pipeline sets) cannot ask anybody: they show the missing reason in the
        # timeline for the merchandiser to fill later.
        for milestone in self:
            if (
                milestone.state == "done"
                and not milestone.res_model
                and milestone.planned_date
                and milestone.actual_date
                and milestone.actual_date > milestone.planned_date
                and not milestone.delay_reason
            ):
                raise ValidationError(
                    _(
                        "The milestone %(milestone)s of %(order)s was done late: "
                        "give the reason of the delay.",
                        milestone=milestone.name,
                        order=milestone.order_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        dates.check_date_range(self.env, vals_list, ("planned_date", "actual_date"))
        milestones = super().create(vals_list)
        milestones._gendan_copy_template_names()
        milestones._gendan_refresh_state()
        return milestones

    @api.depends("name", "order_id.name")
    @api.depends_context("gendan_milestone_short")
    def _compute_display_name(self):
        """A milestone is named with its order ("S00025 · Customer confirms
        PI") wherever it appears alone (calendar, breadcrumbs, activities);
        next to its order (the order's card and form) by its name only."""
        short = self.env.context.get("gendan_milestone_short")
        for milestone in self:
            milestone.display_name = (
                f"{milestone.order_id.name} · {milestone.name}"
                if milestone.order_id.name and milestone.name and not short
                else milestone.name
            )

    def write(self, vals):
        dates.check_date_range(self.env, [vals], ("planned_date", "actual_date"))
        if not self.env.su and any(vals.get(name) for name in ("res_model", "res_id")):
            # the link to the record of an event exempts a late milestone from
            # its delay reason: only the pipeline sets it
            raise AccessError(
                _("The record behind a milestone is set by the event that closed it.")
            )
        if vals.get("state") == "done" or vals.get("actual_date"):
            starting = self.filtered(
                lambda m: m.production_start and m.state in OPEN_STATES
            )
            if starting:
                self.env["sale.order"]._gendan_check_gates("production_start", starting)
        result = super().write(vals)
        if NETWORK_FIELDS & set(vals):
            self._gendan_touch_network()
        if {"name", "template_line_id"} & set(vals):
            self._gendan_copy_template_names()
        if {"planned_date", "actual_date", "state"} & set(vals):
            self._gendan_refresh_state()
            self.env["sale.order"]._gendan_emit("milestones_changed", self.order_id)
        if "state" in vals:
            self.filtered(
                lambda m: m.state in ("done", "skipped")
            )._gendan_close_activities()
        return result

    def unlink(self):
        # the milestones linked to deleted ones lose those links: their
        # network (and the order's projected ship date) is computed again
        linked = (self.predecessor_ids | self.successor_ids) - self
        network = (linked.order_id.milestone_ids - self).filtered("in_network")
        result = super().unlink()
        network = network.exists()
        if network:
            for name in ("in_network", "has_predecessors", "projected_date"):
                self.env.add_to_compute(self._fields[name], network)
        return result

    def _gendan_touch_network(self):
        """The other milestones of the orders where these are linked to others
        are projected again (the network moves together)."""
        linked = self.filtered("in_network")
        if linked:
            self.env.add_to_compute(
                self._fields["projected_date"],
                linked.order_id.milestone_ids.filtered("in_network"),
            )

    def _gendan_close_activities(self):
        """The reminders and escalations Gendan scheduled for these (closed)
        milestones are marked done: nobody is asked to chase a step that is
        over. Other activities (planned by people) stay."""
        close_activities(
            self,
            [
                "gendan_tracking.mail_activity_type_milestone_due",
                "gendan_tracking.mail_activity_type_milestone_overdue",
            ],
            _("The milestone is closed."),
        )

    def action_mark_done(self):
        """Button: the milestone is done today (the company's day)."""
        for milestone in self:
            if milestone.state not in OPEN_STATES:
                raise UserError(
                    _(
                        "The milestone %(milestone)s is not open.",
                        milestone=milestone.name,
                    )
                )
        late = self.filtered(
            lambda m: (
                m.planned_date
                and m.planned_date < dates.company_today(m.company_id)
                and not m.delay_reason
            )
        )
        if late:
            # done late: the reason (and a note) first, in a small dialog
            return {
                "type": "ir.actions.act_window",
                "name": _("Done Late: Why?"),
                "res_model": "gendan.milestone.done.wizard",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {"gendan_late_milestone_ids": late.ids},
            }
        for company in self.company_id:
            self.filtered(lambda m, c=company: m.company_id == c).write(
                {"state": "done", "actual_date": dates.company_today(company)}
            )
        return True

    def action_skip(self):
        self.filtered(lambda m: m.state in OPEN_STATES).write({"state": "skipped"})
        return True

    def action_reopen(self):
        """Managers reopen a closed milestone; its history stays in the chatter."""
        if not self.env.user.has_group(GROUP_MANAGER):
            raise UserError(_("Only a merchandising manager can reopen a milestone."))
        self.filtered(lambda m: m.state in ("done", "skipped")).write(
            {
                "state": "pending",
                "actual_date": False,
                "res_model": False,
                "res_id": False,
            }
        )
        return True

    # ------------------------------------------------------------------
    # Replanning (the timeline's drag, the T&A sheet import)
    # ------------------------------------------------------------------

    def action_gendan_replan(self, planned_date, delay_reason=False, delay_note=False):
        """Public: plan these open milestones on ``planned_date`` (a date or
        ``YYYY-MM-DD``). A later date pushes their open successors by the same
        number of working days. Moving a customer-visible milestone later needs
        ``delay_reason``. Returns the moves, successors included:
        ``[{"id", "name", "order", "old", "new"}]`` (dates as ``YYYY-MM-DD``)."""
        day = fields.Date.to_date(planned_date) if planned_date else None
        if not day:
            raise UserError(_("Give the new planned date of the milestone."))
        moves = self._gendan_replan(
            {milestone: day for milestone in self},
            delay_reason=delay_reason,
            delay_note=delay_note,
        )
        return [
            {
                "id": milestone.id,
                "name": milestone.name,
                "order": milestone.order_id.name,
                "old": fields.Date.to_string(old),
                "new": fields.Date.to_string(new),
            }
            for milestone, (old, new) in moves.items()
        ]

    def action_gendan_open_replan(self):
        """Button: the replan dialog of these milestones (new date, the delay
        reason when a customer-visible date moves later, the preview)."""
        self.check_access("write")
        self._gendan_check_open()
        return self._gendan_replan_wizard_action(self[:1].planned_date)

    def action_gendan_timeline_drop(self, planned_date):
        """Public: the timeline's drop of these milestones on ``planned_date``.
        When the move puts a customer-visible date later (theirs or a pushed
        successor's), nothing is written and the replan dialog is returned
        (an action: the delay reason first); otherwise they are replanned and
        ``{"moves": [...]}`` is returned (see ``action_gendan_replan``)."""
        self.check_access("write")
        self._gendan_check_open()
        day = fields.Date.to_date(planned_date) if planned_date else None
        if not day:
            raise UserError(_("Give the new planned date of the milestone."))
        moves = self._gendan_replan_preview({milestone: day for milestone in self})
        if self._gendan_moves_need_reason(moves):
            return self._gendan_replan_wizard_action(day)
        return {"moves": self.action_gendan_replan(day)}

    def _gendan_replan_wizard_action(self, planned_date):
        return {
            "type": "ir.actions.act_window",
            "name": _("Replan"),
            "res_model": "gendan.milestone.replan.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_milestone_ids": self.ids,
                "default_planned_date": fields.Date.to_string(planned_date),
            },
        }

    def _gendan_check_open(self):
        closed = self.filtered(lambda m: m.state not in OPEN_STATES)
        if closed:
            raise UserError(
                _(
                    "Only a milestone not done yet can be replanned: %(names)s.",
                    names=", ".join(closed.mapped("display_name")),
                )
            )

    @api.model
    def _gendan_moves_need_reason(self, moves):
        """Whether moves (``{milestone: (old, new)}``) put a customer-visible
        date later: the replan then needs the reason of the delay."""
        return any(
            milestone.customer_visible and old and new > old
            for milestone, (old, new) in moves.items()
        )

    def _gendan_replan_preview(self, changes):
        """``{milestone: new date}`` → ``{milestone: (old, new)}`` of every
        move the replan would make, the pushed successors included (nothing is
        written)."""
        moves = {m: (m.planned_date, day) for m, day in changes.items()}
        calendars = self.browse().union(*changes).company_id._gendan_working_calendars()
        by_order = defaultdict(dict)
        for milestone, day in changes.items():
            by_order[milestone.order_id][milestone] = day
        for order, order_changes in by_order.items():
            network = order.milestone_ids
            weekdays, holidays = calendars.get(
                order.company_id.id, (planner.ALL_WEEKDAYS, ())
            )
            pushed = planner.shift_successors(
                {m: list(m.successor_ids) for m in network},
                {m: {"planned": m.planned_date, "state": m.state} for m in network},
                order_changes,
                weekdays=weekdays,
                holidays=holidays,
            )
            moves.update({m: (m.planned_date, day) for m, day in pushed.items()})
        return {m: move for m, move in moves.items() if move[0] != move[1]}

    def _gendan_replan(self, changes, delay_reason=False, delay_note=False):
        """Replan ``{milestone: new planned date}`` with the caller's rights:
        the milestones must be open, their open successors are pushed by the
        slip (``tools.planner.shift_successors``), a customer-visible date that
        moves later needs ``delay_reason`` (kept on the milestones moved later),
        and each order's chatter lists the moves. Returns ``{milestone: (old,
        new)}``; raises before writing anything when a change is refused."""
        milestones = self.browse().union(*changes)
        missing = milestones - milestones.exists()
        if missing:
            raise UserError(
                _(
                    "The milestone(s) %(ids)s do not exist or have been deleted.",
                    ids=", ".join(map(str, missing.ids)),
                )
            )
        milestones.check_access("write")
        closed = milestones.filtered(lambda m: m.state not in OPEN_STATES)
        if closed:
            raise UserError(
                _(
                    "Only a milestone not done yet can be replanned: %(names)s.",
                    names=", ".join(closed.mapped("display_name")),
                )
            )
        dates.check_date_range(
            self.env,
            [{"planned_date": day} for day in changes.values()],
            ("planned_date",),
        )
        if delay_reason and delay_reason not in dict(DELAY_REASONS):
            raise UserError(_("Unknown delay reason: %(reason)s.", reason=delay_reason))
        moves = self._gendan_replan_preview(changes)
        later = [m for m, (old, new) in moves.items() if old and new > old]
        visible_later = [m for m in later if m.customer_visible]
        if visible_later and not delay_reason:
            raise UserError(
                _(
                    "These milestones are shown to the customer and move later: "
                    "give the reason of the delay. %(names)s",
                    names=", ".join(m.display_name for m in visible_later),
                )
            )
        if not moves:
            return moves
        pushed = {m for m in moves if m not in changes}
        pushed_records = self.browse().union(*pushed)
        pushed_records.check_access("write")
        by_date = defaultdict(list)
        for milestone, (_old, new) in moves.items():
            by_date[new].append(milestone.id)
        for new, ids in by_date.items():
            self.browse(ids).write({"planned_date": new})
        if delay_reason and later:
            vals = {"delay_reason": delay_reason}
            if delay_note:
                vals["delay_note"] = delay_note
            self.browse().union(*later).write(vals)
        self._gendan_post_replan(moves, pushed, delay_reason, delay_note)
        return moves

    def _gendan_post_replan(self, moves, pushed, delay_reason, delay_note):
        """One note per order: which milestones moved, from when to when."""
        reasons = dict(self._fields["delay_reason"]._description_selection(self.env))
        pushed_label = self.env._(" (pushed by its predecessors)")
        by_order = defaultdict(list)
        for milestone, move in moves.items():
            by_order[milestone.order_id].append((milestone, move))
        for order, rows in by_order.items():
            items = Markup("").join(
                Markup("<li>%s: %s → %s%s</li>")
                % (
                    milestone.name,
                    format_date(self.env, old) if old else "-",
                    format_date(self.env, new),
                    pushed_label if milestone in pushed else "",
                )
                for milestone, (old, new) in sorted(
                    rows, key=lambda row: (row[0].sequence, row[0].id)
                )
            )
            body = Markup("<p>%s</p><ul>%s</ul>") % (_("Milestones replanned:"), items)
            if delay_reason:
                # no f-string inside _(): Babel's extractor evaluates the
                # call's arguments and drops the rest of the file's terms
                note = " (%s)" % delay_note if delay_note else ""
                body += Markup("<p>%s</p>") % _(
                    "Reason of the delay: %(reason)s%(note)s",
                    reason=reasons.get(delay_reason, delay_reason),
                    note=note,
                )
            order.sudo().message_post(
                body=body,
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )

    def _gendan_copy_template_names(self):
        """Milestones named as their template line (in the current language)
        take the line's name in every language: a plan made by an English user
        reads in Chinese for a Chinese user, as the template does. One statement
        for all of ``self``."""
        milestones = self.filtered("template_line_id")
        if not milestones or len(self.env["res.lang"].get_installed()) < 2:
            # one language: there is no other translation to copy
            return
        self.env["gendan.milestone.template.line"].flush_model(["name"])
        milestones.flush_recordset(["name", "template_line_id"])
        lang = self.env.lang or "en_US"
        self.env.cr.execute(
            SQL(
                """
                UPDATE gendan_milestone m
                   SET name = l.name
                  FROM gendan_milestone_template_line l
                 WHERE l.id = m.template_line_id
                   AND m.id IN %s
                   AND m.name IS DISTINCT FROM l.name
                   AND COALESCE(m.name->>%s, m.name->>'en_US')
                     = COALESCE(l.name->>%s, l.name->>'en_US')
                """,
                tuple(milestones.ids),
                lang,
                lang,
            )
        )
        milestones.invalidate_recordset(["name"])

    @api.model
    def _gendan_fill_name_translations(self):
        """After a language's terms are loaded: milestones still named as their
        template line (in English) get the line's translations they lack, so a
        language installed after orders were planned shows on those plans too.
        Names changed by hand keep their text in every language they have."""
        self.env["gendan.milestone.template.line"].flush_model(["name"])
        self.flush_model(["name", "template_line_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE gendan_milestone m
                   SET name = l.name || m.name
                  FROM gendan_milestone_template_line l
                 WHERE l.id = m.template_line_id
                   AND m.name->>'en_US' = l.name->>'en_US'
                   AND (l.name || m.name) <> m.name
                """
            )
        )
        self.invalidate_model(["name"])
        return self.env.cr.rowcount

    def _gendan_gate_orders(self, event):
        return self.order_id

    @api.model
    def _open_states(self):
        return OPEN_STATES

    def _action_complete(self, actual_date, record):
        """Mark milestones done on ``actual_date``, linked to ``record`` (the
        pipeline's, as the system)."""
        self.sudo().write(
            {
                "state": "done",
                "actual_date": actual_date,
                "res_model": record._name,
                "res_id": record.id,
            }
        )
        return True

    def _gendan_refresh_state(self, today=None):
        """Recompute ``state`` (late / back on time / done when an actual date is
        typed) and ``delay_days`` in working days, for all of ``self`` with a
        constant number of queries: records are grouped by their new values and
        written once per group."""
        if not self:
            return
        calendars = self.company_id._gendan_working_calendars()
        groups = defaultdict(list)
        for milestone in self:
            day = today or dates.company_today(milestone.company_id)
            weekdays, holidays = calendars.get(
                milestone.company_id.id, (planner.ALL_WEEKDAYS, ())
            )
            state = milestone.state
            if state in OPEN_STATES and milestone.actual_date:
                state = "done"
            if state in OPEN_STATES:
                if milestone.planned_date and milestone.planned_date < day:
                    state = "late"
                elif state == "late":
                    state = "pending"
                delay = planner.working_days_between(
                    milestone.planned_date, day, weekdays, holidays
                )
            elif state == "done":
                delay = planner.working_days_between(
                    milestone.planned_date, milestone.actual_date, weekdays, holidays
                )
            else:
                delay = 0
            if state != milestone.state or delay != milestone.delay_days:
                groups[(state, delay)].append(milestone.id)
        written = self.browse()
        for (state, delay), ids in groups.items():
            records = self.browse(ids)
            # this class's write would refresh again: the values are final
            super(GendanMilestone, records).write({"state": state, "delay_days": delay})
            written |= records
        written._gendan_touch_network()
        if written:
            self.env["sale.order"]._gendan_emit("milestones_changed", written.order_id)

    @api.model
    def _cron_daily_followup(self, batch_size=1000):
        """Daily follow-up: refresh late states and delays, remind the responsible
        users of milestones due soon, escalate overdue ones. Idempotent, and a
        constant number of queries per batch of ``batch_size`` milestones."""
        # Tracking every late flag would write one message per milestone; the
        # daily refresh is a computation, not a user's change.
        Milestone = self.with_context(
            tracking_disable=True, mail_activity_quick_update=True
        )
        milestones = Milestone.search([("state", "in", OPEN_STATES)], order="id")
        broken = Milestone.browse()
        for start in range(0, len(milestones), batch_size):
            batch = milestones[start : start + batch_size]
            broken |= batch_tools.isolated(
                batch,
                lambda records: (
                    records._gendan_refresh_state(),
                    records._gendan_schedule_activities(),
                ),
            )
        orders = self.env["sale.order"].search(
            [
                ("state", "=", "sale"),
                ("gendan_stage", "not in", ("delivered", "closed", "cancel")),
            ]
        )
        broken_orders = batch_tools.isolated(
            orders, lambda records: records._gendan_refresh_lateness()
        )
        (broken.order_id | broken_orders)._gendan_flag_broken()
        return True

    def _gendan_activity_wording(self):
        """A function giving an activity summary of one of ``self`` in the
        language of the user it is for: the texts are translated and the
        milestone names read once per language, not once per activity."""
        texts, names = {}, {}

        def wording(user, milestone, kind):
            lang = reader_lang(self, user)
            if lang not in texts:
                env = self.with_context(lang=lang).env
                texts[lang] = {
                    "due": env._("%(order)s: %(milestone)s is due"),
                    "late": env._(
                        "%(order)s: %(milestone)s is %(days)s working days late"
                    ),
                }
                names[lang] = {m.id: m.name for m in self.with_context(lang=lang)}
            return texts[lang][kind] % {
                "order": milestone.order_id.name,
                "milestone": names[lang][milestone.id],
                "days": milestone.delay_days,
            }

        return wording

    @api.model
    def _gendan_reword_activities(self, langs):
        """After a language is installed: the open reminders and escalations
        of its readers are worded again in it (they were written before its
        terms existed). One search, texts read once per language."""
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id  # cached
        kinds = {
            xmlid_to_id("gendan_tracking.mail_activity_type_milestone_due"): "due",
            xmlid_to_id("gendan_tracking.mail_activity_type_milestone_overdue"): "late",
        }
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("activity_type_id", "in", list(kinds)),
                    ("user_id.lang", "in", list(langs)),
                ]
            )
        )
        if not activities:
            return
        milestones = self.sudo().browse(set(activities.mapped("res_id"))).exists()
        wording = milestones._gendan_activity_wording()
        by_id = {milestone.id: milestone for milestone in milestones}
        for activity in activities:
            milestone = by_id.get(activity.res_id)
            if milestone:
                summary = wording(
                    activity.user_id, milestone, kinds[activity.activity_type_id.id]
                )
                if summary != activity.summary:
                    activity.summary = summary

    def _gendan_schedule_activities(self):
        """Create the reminders of ``self`` (open milestones) that do not exist
        yet, and escalate the overdue ones (``gendan.escalation.rule``)."""
        if not self:
            return
        due_type = self.env.ref("gendan_tracking.mail_activity_type_milestone_due")
        existing = {
            (activity["res_id"], activity["activity_type_id"][0])
            for activity in self.env["mail.activity"].search_read(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", due_type.id),
                ],
                ["res_id", "activity_type_id"],
            )
        }
        companies = self.company_id
        calendars = companies._gendan_working_calendars()
        today = {company.id: dates.company_today(company) for company in companies}
        horizon = {
            company.id: planner.add_working_days(
                today[company.id],
                company.gendan_activity_lead_days,
                *calendars[company.id],
            )
            for company in companies
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        wording = self._gendan_activity_wording()
        vals_list = []
        for milestone in self:
            company = milestone.company_id
            if not milestone.planned_date:
                continue
            if (
                milestone.state != "late"
                and milestone.planned_date <= horizon[company.id]
                and (milestone.id, due_type.id) not in existing
            ):
                user = (
                    milestone.responsible_id
                    or milestone.merchandiser_id
                    or milestone.order_id.user_id
                )
                if user:
                    vals_list.append(
                        {
                            "res_model_id": model_id,
                            "res_id": milestone.id,
                            "activity_type_id": due_type.id,
                            "user_id": user.id,
                            "date_deadline": milestone.planned_date,
                            "summary": wording(user, milestone, "due"),
                        }
                    )
        if vals_list:
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).sudo().create(vals_list)
        # overdue milestones: the company's escalation matrix
        self.env["gendan.escalation.rule"]._gendan_escalate_milestones(self)
