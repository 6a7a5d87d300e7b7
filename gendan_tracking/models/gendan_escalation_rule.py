"""The escalation matrix: per company, what is escalated, to whom, and when.

Level 1 tells the merchandiser, level 2 (N working days later) the
merchandising manager, level 3 (N more working days) a named user or an
administrator; each level makes an activity and/or a chat alert, once per
record (``gendan.escalation.log``). Milestones are escalated by their delay
(working days late, so the levels reached are caught up at once); the other
triggers start when their condition is first seen, and their later levels
count working days from the day the previous level fired.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dates, planner
from ..tools.groups import GROUP_MANAGER
from ..tools.lang import reader_env
from .gendan_risk import RISK_LEVELS

TRIGGERS = [
    ("milestone_overdue", "Milestone overdue (working days)"),
    ("risk_level", "Risk at or above a level"),
    ("supplier_promise_late", "Supplier promise later than required"),
    ("complaint_no_response", "Complaint without a first response (hours)"),
    ("sample_waiting", "Sample awaiting a decision (days)"),
]
RISK_ORDER = [code for code, _label in RISK_LEVELS]
ESCALATION_TYPE = "gendan_tracking.mail_activity_type_escalation"
MILESTONE_OVERDUE_TYPE = "gendan_tracking.mail_activity_type_milestone_overdue"


class GendanEscalationRule(models.Model):
    _name = "gendan.escalation.rule"
    _description = "Escalation Rule"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    trigger = fields.Selection(TRIGGERS, required=True, default="milestone_overdue")
    threshold = fields.Integer(
        string="After",
        default=1,
        help="Milestone overdue: working days late; complaint: hours without a "
        "first response; sample: days awaiting a decision; supplier promise: days "
        "later than required. Level 1 fires when it is reached.",
    )
    risk_level = fields.Selection(
        RISK_LEVELS,
        string="Risk Level",
        default="high",
        help="Risk trigger: risks at this level or above.",
    )
    level_1_activity = fields.Boolean(string="Level 1: Activity", default=True)
    level_1_chat = fields.Boolean(string="Level 1: Chat", default=True)
    level_2 = fields.Boolean(string="Level 2: Manager", default=True)
    level_2_days = fields.Integer(
        string="Level 2 After (working days)",
        default=2,
        help="Working days after level 1.",
    )
    level_2_activity = fields.Boolean(string="Level 2: Activity", default=True)
    level_2_chat = fields.Boolean(string="Level 2: Chat", default=True)
    level_3 = fields.Boolean(string="Level 3: Administrator")
    level_3_days = fields.Integer(
        string="Level 3 After (working days)",
        default=3,
        help="Working days after level 2.",
    )
    level_3_user_id = fields.Many2one(
        "res.users",
        string="Level 3 User",
        domain=[("share", "=", False)],
        help="Told at level 3; empty: an administrator of the company.",
    )
    level_3_activity = fields.Boolean(string="Level 3: Activity", default=True)
    level_3_chat = fields.Boolean(string="Level 3: Chat", default=True)

    @api.constrains("threshold", "level_2_days", "level_3_days")
    def _check_days(self):
        for rule in self:
            if rule.threshold < 0 or rule.level_2_days < 0 or rule.level_3_days < 0:
                raise ValidationError(
                    _("The delays of an escalation rule cannot be negative.")
                )
            if rule.trigger == "milestone_overdue" and rule.threshold < 1:
                raise ValidationError(
                    _("A milestone is escalated at least one working day late.")
                )

    def _compute_display_name(self):
        labels = dict(self._fields["trigger"]._description_selection(self.env))
        for rule in self:
            rule.display_name = labels.get(rule.trigger, rule.trigger)

    # ------------------------------------------------------------------
    # Defaults (install, migration, new companies)
    # ------------------------------------------------------------------

    @api.model
    def _gendan_default_vals(self, company, escalation_days=2):
        """The line replacing the former fixed escalation setting: a milestone
        one working day late is signalled to the merchandiser's groups, and
        ``escalation_days`` later (the former "escalate after", more than
        that many days late) escalated to the manager with an activity."""
        return {
            "company_id": company.id,
            "trigger": "milestone_overdue",
            "threshold": 1,
            "level_1_activity": False,
            "level_1_chat": True,
            "level_2": True,
            "level_2_days": max(0, escalation_days),
            "level_2_activity": True,
            "level_2_chat": True,
            "level_3": False,
        }

    @api.model
    def _gendan_ensure_defaults(self, companies, escalation_days=None):
        """Give the companies without any escalation rule the default line."""
        Rule = self.sudo().with_context(active_test=False)
        having = set(Rule.search([("company_id", "in", companies.ids)]).company_id.ids)
        escalation_days = escalation_days or {}
        Rule.create(
            [
                self._gendan_default_vals(company, escalation_days.get(company.id, 2))
                for company in companies
                if company.id not in having
            ]
        )

    # ------------------------------------------------------------------
    # The levels
    # ------------------------------------------------------------------

    def _gendan_levels(self):
        """``[(level, activity, chat, extra_days)]`` of the rule."""
        self.ensure_one()
        levels = [(1, self.level_1_activity, self.level_1_chat, 0)]
        if self.level_2:
            levels.append(
                (2, self.level_2_activity, self.level_2_chat, self.level_2_days)
            )
            if self.level_3:
                levels.append(
                    (3, self.level_3_activity, self.level_3_chat, self.level_3_days)
                )
        return levels

    @api.model
    def _gendan_rules(self, trigger, companies):
        return self.sudo().search(
            [("trigger", "=", trigger), ("company_id", "in", companies.ids)]
        )

    def _gendan_fire(self, records, reached, render, activity_type=None):
        """Fire the levels ``reached`` (``{record_id: [levels]}``) of this rule
        for ``records`` (of one model, as the system), those not fired before:
        a log line each, the activities and the chat alerts, in batches.
        ``render(records_in_lang, level)`` gives ``{record_id: (title,
        lines)}``."""
        self.ensure_one()
        today = dates.company_today(self.company_id)
        todo = self.env["gendan.escalation.log"]._gendan_log_once(
            self, records._name, reached, today
        )
        if not todo:
            return
        options = {
            level: (activity, chat)
            for level, activity, chat, _d in self._gendan_levels()
        }
        for level, ids in sorted(todo.items()):
            activity, chat = options[level]
            targets = records.browse(ids)
            if activity:
                self._gendan_make_activities(
                    targets, level, render, activity_type, today
                )
            if chat:
                self.env["gendan.notify.message"]._gendan_notify(
                    self.trigger,
                    level,
                    targets,
                    lambda in_lang, level=level: render(in_lang, level),
                    day=today,
                )

    def _gendan_recipients(self, records, level):
        """``{record_id: user}`` told at ``level``."""
        self.ensure_one()
        Notify = self.env["gendan.notify.message"]
        facts = {record.id: Notify._gendan_record_facts(record) for record in records}
        if level == 1:
            return {
                record.id: facts[record.id][1]
                for record in records
                if facts[record.id][1]
            }
        if level == 2:
            orders = self.env["sale.order"].sudo()
            order_of = {}
            for record in records:
                order = self._gendan_order_of(record)
                if order:
                    order_of[record.id] = order
                    orders |= order
            managers = orders._gendan_escalation_users() if orders else {}
            fallback = self._gendan_company_manager()
            result = {}
            for record in records:
                order = order_of.get(record.id)
                user = managers.get(order.id) if order else None
                if user or fallback:
                    result[record.id] = user or fallback
            return result
        user = self.level_3_user_id or self._gendan_company_administrator()
        return {record.id: user for record in records} if user else {}

    @api.model
    def _gendan_order_of(self, record):
        if record._name == "sale.order":
            return record
        if "order_id" in record._fields:
            return record.order_id
        if "gendan_sale_order_ids" in record._fields:
            return record.gendan_sale_order_ids[:1]
        return self.env["sale.order"]

    def _gendan_company_manager(self):
        company = self.company_id.sudo()
        if company.gendan_escalation_user_id.active:
            return company.gendan_escalation_user_id
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (
                        "groups_id",
                        "in",
                        self.env["ir.model.data"]._xmlid_to_res_id(GROUP_MANAGER),
                    ),
                    ("share", "=", False),
                    ("company_ids", "in", company.ids),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="id",
                limit=1,
            )
        )

    def _gendan_company_administrator(self):
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref("base.group_system").id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                order="id",
                limit=1,
            )
        )

    def _gendan_make_activities(self, records, level, render, activity_type, today):
        recipients = self._gendan_recipients(records, level)
        if not recipients:
            return
        activity_type = activity_type or self.env.ref(ESCALATION_TYPE)
        model_id = self.env["ir.model"]._get_id(records._name)
        by_lang = defaultdict(list)
        for record_id, user in recipients.items():
            by_lang[reader_env(records, user).lang].append((record_id, user))
        vals_list = []
        for lang, pairs in by_lang.items():
            rendered = render(records.with_context(lang=lang), level)
            for record_id, user in pairs:
                title, lines = rendered.get(record_id, ("", []))
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": record_id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": title[:250],
                        "note": "<br/>".join(lines) or False,
                    }
                )
        self.env["mail.activity"].with_context(
            mail_activity_quick_update=True
        ).sudo().create(vals_list)

    # ------------------------------------------------------------------
    # The triggers
    # ------------------------------------------------------------------

    @api.model
    def _gendan_escalate_milestones(self, milestones):
        """Escalate late milestones (of the daily follow-up's batch) by their
        delay: level 1 at the rule's working days late, each next level its
        days later. Set-based: a constant number of queries per rule."""
        late = milestones.filtered(lambda m: m.state == "late" and m.delay_days > 0)
        if not late:
            return

        def render(in_lang, level):
            # the wording reads the language of the user it is given; nobody:
            # the records' language (the channel's or the reader's)
            env = in_lang.env
            wording = in_lang._gendan_activity_wording()
            nobody = env["res.users"]
            return {
                milestone.id: (
                    wording(nobody, milestone, "late"),
                    [
                        env._(
                            "Merchandiser: %(name)s",
                            name=milestone.merchandiser_id.name or "-",
                        ),
                        env._("Planned: %(date)s", date=milestone.planned_date or "-"),
                        env._("Escalation level %(level)s", level=level),
                    ],
                )
                for milestone in in_lang
            }

        overdue_type = self.env.ref(MILESTONE_OVERDUE_TYPE)
        for rule in self._gendan_rules("milestone_overdue", late.company_id):
            reached = {}
            steps = rule._gendan_levels()
            for milestone in late.filtered(
                lambda m, r=rule: m.company_id == r.company_id
            ):
                needed = rule.threshold
                levels = []
                for level, _activity, _chat, extra in steps:
                    needed += extra if level > 1 else 0
                    if milestone.delay_days >= needed:
                        levels.append(level)
                if levels:
                    reached[milestone.id] = levels
            if reached:
                rule._gendan_fire(late, reached, render, overdue_type)

    @api.model
    def _cron_gendan_escalate(self):
        """The triggers other than milestones (those escalate with the daily
        follow-up): risks, supplier promises, complaints, samples."""
        companies = self.env["res.company"].sudo().search([])
        for trigger in (
            "risk_level",
            "supplier_promise_late",
            "complaint_no_response",
            "sample_waiting",
        ):
            rules = self._gendan_rules(trigger, companies)
            if rules:
                getattr(self, f"_gendan_scan_{trigger}")(rules)
        return True

    def _gendan_fire_since(self, records, render):
        """Fire the levels of this rule for ``records`` (its condition holds on
        them): level 1 now, each next level its working days after the
        previous one fired (the log's date)."""
        self.ensure_one()
        if not records:
            return
        logs = (
            self.env["gendan.escalation.log"]
            .sudo()
            .search_fetch(
                [
                    ("rule_id", "=", self.id),
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                ],
                ["res_id", "level", "date"],
            )
        )
        fired = {(log.res_id, log.level): log.date for log in logs}
        weekdays, holidays = self.company_id._gendan_working_calendars()[
            self.company_id.id
        ]
        today = dates.company_today(self.company_id)
        reached = {}
        for record in records:
            levels = [1]
            for level, _activity, _chat, extra in self._gendan_levels()[1:]:
                # the previous level fired on its log's day, or fires today
                start = fired.get((record.id, level - 1)) or today
                if (
                    planner.working_days_between(start, today, weekdays, holidays)
                    >= extra
                ):
                    levels.append(level)
                else:
                    break
            reached[record.id] = levels
        self._gendan_fire(records, reached, render)

    def _gendan_scan_risk_level(self, rules):
        Risk = self.env["gendan.risk"].sudo()
        for rule in rules:
            levels = RISK_ORDER[RISK_ORDER.index(rule.risk_level or "high") :]
            risks = Risk.search(
                [
                    ("company_id", "=", rule.company_id.id),
                    ("state", "!=", "closed"),
                    ("level", "in", levels),
                ]
            )

            def render(in_lang, level):
                env = in_lang.env
                labels = dict(in_lang._fields["level"]._description_selection(env))
                return {
                    risk.id: (
                        env._(
                            "%(order)s: risk %(risk)s",
                            order=risk.order_id.name,
                            risk=risk.name,
                        ),
                        [
                            env._("Level: %(level)s", level=labels.get(risk.level, "")),
                            env._(
                                "Merchandiser: %(name)s",
                                name=risk.merchandiser_id.name or "-",
                            ),
                            env._("Escalation level %(level)s", level=level),
                        ],
                    )
                    for risk in in_lang
                }

            rule._gendan_fire_since(risks, render)

    def _gendan_scan_supplier_promise_late(self, rules):
        Purchase = self.env["purchase.order"].sudo()
        for rule in rules:
            purchases = Purchase.search(
                [
                    ("company_id", "=", rule.company_id.id),
                    ("is_supply_late", "=", True),
                    ("state", "in", ("purchase", "done")),
                    ("receipt_status", "!=", "full"),
                ]
            ).filtered(
                lambda p, r=rule: (
                    (p.supplier_promised_date - p.required_date).days
                    >= max(1, r.threshold)
                )
            )

            def render(in_lang, level):
                env = in_lang.env
                return {
                    purchase.id: (
                        env._(
                            "%(purchase)s: %(supplier)s promises %(promised)s, "
                            "required %(required)s",
                            purchase=purchase.name,
                            supplier=purchase.partner_id.name,
                            promised=purchase.supplier_promised_date,
                            required=purchase.required_date,
                        ),
                        [env._("Escalation level %(level)s", level=level)],
                    )
                    for purchase in in_lang
                }

            rule._gendan_fire_since(purchases, render)

    def _gendan_scan_complaint_no_response(self, rules):
        Complaint = self.env["gendan.complaint"].sudo()
        now = fields.Datetime.now()
        for rule in rules:
            limit = now - timedelta(hours=rule.threshold)
            complaints = Complaint.search(
                [
                    ("company_id", "=", rule.company_id.id),
                    ("date_first_response", "=", False),
                    ("date_received", "<=", limit),
                    ("state", "not in", ("resolved", "closed")),
                ]
            )

            def render(in_lang, level):
                env = in_lang.env
                return {
                    complaint.id: (
                        env._(
                            "%(complaint)s: no first response since %(date)s",
                            complaint=complaint.display_name,
                            date=complaint.date_received,
                        ),
                        [env._("Escalation level %(level)s", level=level)],
                    )
                    for complaint in in_lang
                }

            rule._gendan_fire_since(complaints, render)

    def _gendan_scan_sample_waiting(self, rules):
        # gendan.sample is being added by another change (issue 18): until it
        # exists there is nothing to scan, and the trigger is a no-op.
        if "gendan.sample" not in self.env:
            return
        Sample = self.env["gendan.sample"].sudo()
        if "sent_date" not in Sample._fields:
            return
        for rule in rules:
            weekdays, holidays = rule.company_id._gendan_working_calendars()[
                rule.company_id.id
            ]
            today = dates.company_today(rule.company_id)
            samples = Sample.search(
                [("company_id", "=", rule.company_id.id), ("state", "=", "sent")]
            ).filtered(
                lambda s, r=rule, w=weekdays, h=holidays, t=today: (
                    s.sent_date
                    and planner.working_days_between(s.sent_date, t, w, h)
                    >= r.threshold
                )
            )

            def render(in_lang, level):
                env = in_lang.env
                return {
                    sample.id: (
                        env._(
                            "%(sample)s awaits a decision", sample=sample.display_name
                        ),
                        [env._("Escalation level %(level)s", level=level)],
                    )
                    for sample in in_lang
                }

            rule._gendan_fire_since(samples, render)


class GendanEscalationLog(models.Model):
    """One escalation level fired for one record: each fires once."""

    _name = "gendan.escalation.log"
    _description = "Escalation Log"
    _order = "id desc"

    rule_id = fields.Many2one(
        "gendan.escalation.rule", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    res_model = fields.Char(required=True, index=True)
    res_id = fields.Many2oneReference(
        model_field="res_model", required=True, index=True
    )
    level = fields.Integer(required=True)
    date = fields.Date(required=True)

    @api.model
    def _gendan_log_once(self, rule, res_model, reached, day):
        """Log the levels ``reached`` (``{res_id: [levels]}``) of ``rule`` that
        were not logged before, in one statement; a concurrent run logging the
        same level wins or loses as a whole row (the unique key). Returns
        ``{level: [res_id]}`` of the rows this call inserted: the levels to
        fire now."""
        pairs = [
            (res_id, level) for res_id, levels in reached.items() for level in levels
        ]
        if not pairs:
            return {}
        self.flush_model()
        self.env.cr.execute(
            """
            INSERT INTO gendan_escalation_log
                   (rule_id, company_id, res_model, res_id, level, date,
                    create_uid, write_uid, create_date, write_date)
            SELECT %(rule)s, %(company)s, %(model)s, pair.res_id, pair.level, %(day)s,
                   %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM unnest(%(ids)s::int[], %(levels)s::int[]) AS pair(res_id, level)
            ON CONFLICT (rule_id, res_model, res_id, level) DO NOTHING
            RETURNING res_id, level
            """,
            {
                "rule": rule.id,
                "company": rule.company_id.id,
                "model": res_model,
                "day": day,
                "uid": self.env.uid,
                "ids": [res_id for res_id, _level in pairs],
                "levels": [level for _res_id, level in pairs],
            },
        )
        todo = defaultdict(list)
        for res_id, level in self.env.cr.fetchall():
            todo[level].append(res_id)
        return todo

    _sql_constraints = [
        (
            "level_once",
            "unique(rule_id, res_model, res_id, level)",
            "An escalation level fires once per record.",
        ),
    ]
