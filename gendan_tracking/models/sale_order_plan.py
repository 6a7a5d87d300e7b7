from datetime import date

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..tools import planner
from ..tools.groups import GROUP_MANAGER
from ..tools.lang import reader_env


class SaleOrder(models.Model):
    """The Time & Action plan of an order: milestones planned from its template
    on the company's working calendar, the projected ship date and the next
    milestone."""

    _inherit = "sale.order"

    projected_ship_date = fields.Date(
        compute="_compute_projected_ship_date",
        store=True,
        help="Planned shipping milestone pushed back by the current delay of the "
        "open milestones before it.",
    )
    # Stored: the order list and board show it, and computing it on the fly
    # reads every milestone of the displayed orders.
    next_milestone_id = fields.Many2one(
        "gendan.milestone", compute="_compute_projected_ship_date", store=True
    )

    @api.depends(
        "milestone_ids.planned_date",
        "milestone_ids.actual_date",
        "milestone_ids.state",
        "milestone_ids.delay_days",
        "milestone_ids.sequence",
        "milestone_ids.auto_rule",
        "milestone_ids.projected_date",
        "milestone_ids.has_predecessors",
    )
    def _compute_projected_ship_date(self):
        """The projected ship date and the next milestone, from one read of
        the milestones."""
        calendars = self.company_id._gendan_working_calendars()
        milestones_of = self._gendan_sorted_milestones(
            [
                "planned_date",
                "actual_date",
                "state",
                "delay_days",
                "auto_rule",
                "projected_date",
                "has_predecessors",
            ]
        )
        for order in self:
            milestones = milestones_of[order.id]
            linked = any(m.has_predecessors for m in milestones)
            order.next_milestone_id = milestones.filtered(
                lambda m: m.state in ("pending", "in_progress", "late")
            ).sorted(lambda m: (m.planned_date or date.max, m.sequence, m.id))[:1]
            shipping = order._gendan_shipping_milestone(milestones)
            if not shipping:
                order.projected_ship_date = False
                continue
            if shipping.state == "done":
                order.projected_ship_date = shipping.actual_date
                continue
            if linked:
                # from the network: the slips of its predecessors, not the
                # largest delay
                order.projected_ship_date = shipping.projected_date
                continue
            if not shipping.planned_date:
                order.projected_ship_date = False
                continue
            critical = milestones.filtered(
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

    def action_gendan_regenerate_plan(self):
        """Button: (re)generate the T&A plan from the template; milestones already
        done keep their actual dates."""
        self.check_access("write")
        self._gendan_plan_milestones(raise_if_impossible=True)
        return True

    def action_gendan_view_timeline(self):
        """Button (Follow-up tab): the milestone timeline of this order only."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_milestone_action_timeline"
        )
        action["name"] = _("Timeline of %(order)s", order=self.name)
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

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
            "sample_type": line.sample_type,
            "production_start": line.production_start,
            "customer_visible": line.customer_visible,
            "planned_date": planned_date,
            "lag_days": line.lag_days,
            "responsible_id": responsible.id if responsible else False,
            "responsible_role": line.responsible,
        }

    def _gendan_plan_milestones(self, raise_if_impossible=True, replan_only=False):
        """Generate, regenerate or replan the milestones of the orders from their
        template. Milestones already done or skipped keep their dates; milestones
        of lines removed from the template are dropped unless they have an actual
        date. With ``replan_only``, only the planned dates of open milestones move.
        """
        calendars = self.company_id._gendan_working_calendars()
        # who a "manager" milestone goes to, looked up only when a template
        # has such a milestone
        escalation_users = (
            self._gendan_escalation_users()
            if not replan_only
            and "manager" in self.milestone_template_id.line_ids.mapped("responsible")
            else {}
        )
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
                            responsible_role=line.responsible,
                            sample_type=line.sample_type,
                            production_start=line.production_start,
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
            # the plan is logged on the order: no "created" message on each
            # milestone, and the confirming user does not follow all fourteen
            self.env["gendan.milestone"].with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True
            ).create(vals_list)
            if not replan_only:
                self._gendan_link_predecessors()
                self._gendan_replay_rules()
        return True

    def _gendan_link_predecessors(self):
        """The milestones take the predecessors of their template lines (the
        milestones of those lines in the same order), written in one batch:
        one insert for every link of every order, then the same checks and
        recomputations as a write."""
        Milestone = self.env["gendan.milestone"]
        changes = []
        for order in self:
            by_line = {
                m.template_line_id: m for m in order.milestone_ids if m.template_line_id
            }
            for line, milestone in by_line.items():
                if not line.has_predecessors and not milestone.has_predecessors:
                    continue
                predecessors = Milestone.union(
                    *(by_line[p] for p in line.predecessor_ids if p in by_line)
                )
                if predecessors != milestone.predecessor_ids:
                    changes.append((milestone, [Command.set(predecessors.ids)]))
        if not changes:
            return
        milestones = Milestone.union(*(milestone for milestone, _cmd in changes))
        milestones.check_access("write")
        Milestone._fields["predecessor_ids"].write_batch(changes)
        milestones.modified(["predecessor_ids"])
        milestones._validate_fields(["predecessor_ids"])
        milestones._gendan_touch_network()

    def _gendan_replay_rules(self):
        """Events that happened before the plan existed (the review, the
        customer's confirmation) complete its milestones."""
        for event, orders in (
            ("review_completed", self.filtered("review_done")),
            (
                "customer_confirmed",
                self.filtered(lambda o: o.customer_confirmation_state == "confirmed"),
            ),
        ):
            if orders:
                rule = self._gendan_events()[event].rule
                orders._gendan_complete_rule(
                    rule, {o.id: (o._gendan_event_date(event), o) for o in orders}
                )

    def _gendan_sorted_milestones(self, field_names):
        """``{order id: its milestones by sequence}``, with ``field_names`` (and
        the sequence and category) read in one query for the saved orders;
        new records (forms) take theirs from the cache."""
        Milestone = self.env["gendan.milestone"]
        result = {order.id: Milestone for order in self}
        # new records (forms) and orders whose milestones are in the cache
        # (a new order has none) need no query
        field = self._fields["milestone_ids"]
        saved = self.filtered(lambda o: o.id and not self.env.cache.contains(o, field))
        if saved:
            for milestone in Milestone.search_fetch(
                [("order_id", "in", saved.ids)],
                ["order_id", "sequence", "category", *field_names],
                order="sequence, id",
            ):
                result[milestone.order_id.id] |= milestone
        for order in self - saved:
            result[order.id] = order.milestone_ids.sorted(lambda m: (m.sequence, m.id))
        return result

    def _gendan_shipping_milestone(self, milestones=None):
        """The shipping milestone of the order, among ``milestones`` (its
        milestones by sequence, default all)."""
        self.ensure_one()
        if milestones is None:
            milestones = self._gendan_sorted_milestones(["auto_rule"])[self.id]
        return (
            milestones.filtered(lambda m: m.auto_rule == "shipped")[:1]
            or (milestones.filtered(lambda m: m.category == "logistics")[-1:])
        )

    def _gendan_flag_broken(self):
        """The daily follow-up could not process these orders (logged): a
        manager gets a to-do on each, once."""
        if not self:
            return
        todo = self.env.ref("gendan_tracking.mail_activity_type_followup_failed")
        escalate_to = self._gendan_escalation_users()
        flagged = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", todo.id),
                ]
            )
            .mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id("sale.order")
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": todo.id,
                    "user_id": escalate_to[order.id].id,
                    "note": reader_env(order, escalate_to[order.id])._(
                        "The daily follow-up could not refresh this order's "
                        "milestones; the server log says why. Check its dates."
                    ),
                }
                for order in self
                if order.id not in flagged and escalate_to.get(order.id)
            ]
        )

    def _gendan_escalation_users(self):
        """``{order_id: user}``: who is told when the order's milestones are late.
        The merchandiser's manager (employee hierarchy) when hr is installed,
        else the company's "Escalate To" manager (Settings), else a
        merchandising manager of the order's company, administrators last."""
        result = {}
        if "hr.employee" in self.env:
            for order in self:
                employee = order.merchandiser_id.sudo().employee_ids[:1]
                manager = employee.parent_id.user_id
                if manager:
                    result[order.id] = manager
        for order in self.filtered(lambda o: o.id not in result):
            chosen = order.company_id.sudo().gendan_escalation_user_id
            if chosen and chosen != order.merchandiser_id and chosen.active:
                result[order.id] = chosen
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
                            # the cached xmlid lookup, not a read of the group
                            self.env["ir.model.data"]._xmlid_to_res_id(GROUP_MANAGER),
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
                # a merchandising manager before an administrator who is one
                # only through the settings group
                candidates = candidates.sorted(
                    lambda u: (u.has_group("base.group_system"), u.id)
                )
                if candidates:
                    result[order.id] = candidates[0]
        return result
