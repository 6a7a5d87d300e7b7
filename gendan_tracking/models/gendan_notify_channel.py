"""Group robots (WeCom, DingTalk, Feishu) that receive Gendan's alerts."""

from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dates, notify

ALLOWED_HOSTS_PARAM = "gendan_tracking.notify_allowed_hosts"
GROUP_SYSTEM = "base.group_system"

# what a channel may receive (``gendan.notify.trigger`` records carry these codes)
TRIGGERS = [
    ("milestone_overdue", "Milestone overdue"),
    ("risk_level", "Risk at or above a level"),
    ("supplier_promise_late", "Supplier promise later than required"),
    ("complaint_no_response", "Complaint without a first response"),
    ("sample_waiting", "Sample awaiting a decision"),
    ("digest", "Daily digest"),
]
LEVELS = [("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3")]


class GendanNotifyTrigger(models.Model):
    """A kind of alert a channel may subscribe to (shipped as data)."""

    _name = "gendan.notify.trigger"
    _description = "Chat Alert Trigger"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(TRIGGERS, required=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A trigger code is defined once."),
    ]


class GendanNotifyLevel(models.Model):
    """An escalation level a channel may subscribe to (shipped as data)."""

    _name = "gendan.notify.level"
    _description = "Chat Alert Level"
    _order = "level"

    name = fields.Char(required=True, translate=True)
    level = fields.Selection(LEVELS, required=True)

    _sql_constraints = [
        ("level_unique", "unique(level)", "A level is defined once."),
    ]


class GendanNotifyChannel(models.Model):
    _name = "gendan.notify.channel"
    _description = "Chat Channel (Group Robot)"
    _order = "company_id, name, id"
    _check_company_auto = True

    @api.model
    def _lang_get(self):
        return self.env["res.lang"].get_installed()

    @api.model
    def _default_lang(self):
        installed = dict(self._lang_get())
        if "zh_CN" in installed:
            return "zh_CN"
        return self.env.lang if self.env.lang in installed else "en_US"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [
            ("wecom", "WeCom group robot"),
            ("dingtalk", "DingTalk custom robot"),
            ("feishu", "Feishu / Lark custom bot"),
        ],
        required=True,
        default="wecom",
    )
    webhook_url = fields.Char(
        string="Webhook URL",
        required=True,
        groups=GROUP_SYSTEM,
        copy=False,
        help="The robot's address, copied from the group's robot settings.",
    )
    secret = fields.Char(
        string="Signing Secret",
        groups=GROUP_SYSTEM,
        copy=False,
        help="DingTalk (SEC…) and Feishu robots with signature verification: the "
        "secret shown in the robot's security settings. WeCom robots have none.",
    )
    lang = fields.Selection(
        _lang_get,
        string="Language",
        required=True,
        default=_default_lang,
        help="The messages are written in this language.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    trigger_ids = fields.Many2many(
        "gendan.notify.trigger",
        string="Triggers",
        help="The alerts this group receives; none selected: all of them.",
    )
    level_ids = fields.Many2many(
        "gendan.notify.level",
        string="Levels",
        help="The escalation levels this group receives; none selected: all. "
        "The daily digest has no level.",
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="Only alerts about orders of these teams; none selected: every team.",
    )
    merchandiser_ids = fields.Many2many(
        "res.users",
        "gendan_notify_channel_merchandiser_rel",
        "channel_id",
        "user_id",
        string="Merchandisers",
        domain=[("share", "=", False)],
        help="Only alerts about these merchandisers' orders; none selected: all.",
    )
    health = fields.Selection(
        [("new", "Not used yet"), ("ok", "Working"), ("failing", "Failing")],
        default="new",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        help="Failing: the robot's last messages could not be delivered.",
    )
    failure_streak = fields.Integer(
        readonly=True, copy=False, help="Failed tries since the last success."
    )
    last_error = fields.Text(readonly=True, copy=False)
    last_sent_date = fields.Datetime(string="Last Delivered", readonly=True, copy=False)
    message_ids = fields.One2many("gendan.notify.message", "channel_id")
    queued_count = fields.Integer(compute="_compute_message_counts")
    failed_count = fields.Integer(compute="_compute_message_counts")

    def _compute_message_counts(self):
        counts = {
            (channel.id, state): count
            for channel, state, count in self.env["gendan.notify.message"]._read_group(
                [("channel_id", "in", self.ids), ("state", "in", ("queued", "failed"))],
                ["channel_id", "state"],
                ["__count"],
            )
        }
        for channel in self:
            channel.queued_count = counts.get((channel.id, "queued"), 0)
            channel.failed_count = counts.get((channel.id, "failed"), 0)

    @api.constrains("webhook_url", "kind")
    def _check_webhook_url(self):
        extra = self._gendan_allowed_hosts()
        for channel in self.sudo():
            try:
                notify.check_url(channel.webhook_url, extra)
            except notify.UrlRefused as error:
                raise ValidationError(
                    _(
                        "The webhook URL of %(channel)s is refused: %(reason)s. Only "
                        "https addresses of WeCom, DingTalk and Feishu are allowed, "
                        "and the hosts an administrator adds in the system "
                        "parameter %(param)s.",
                        channel=channel.name,
                        reason=str(error),
                        param=ALLOWED_HOSTS_PARAM,
                    )
                ) from error

    @api.model
    def _gendan_allowed_hosts(self):
        return notify.parse_allowed_hosts(
            self.env["ir.config_parameter"].sudo().get_param(ALLOWED_HOSTS_PARAM)
        )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_send_test(self):
        """Button: send a test message now and say how it went."""
        self.ensure_one()
        self.check_access("write")
        env = self.with_context(lang=self.lang).env
        message = (
            self.env["gendan.notify.message"]
            .sudo()
            .create(
                {
                    "channel_id": self.id,
                    "trigger": "test",
                    "level": 0,
                    "title": env._("Test message from Odoo"),
                    "body": notify.markdown_text(
                        env._("Test message from Odoo"),
                        [
                            env._(
                                "This group will receive the merchandising alerts "
                                "of %(company)s.",
                                company=self.company_id.name,
                            )
                        ],
                    ),
                }
            )
        )
        message._gendan_send()
        if message.state == "sent":
            text, kind = _("The test message was delivered."), "success"
        else:
            text = _(
                "The test message could not be delivered: %(error)s",
                error=message.last_response or "",
            )
            kind = "danger"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": text, "type": kind, "sticky": kind != "success"},
        }

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_notify_message_action"
        )
        action["domain"] = [("channel_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Who receives what
    # ------------------------------------------------------------------

    @api.model
    def _gendan_channels_for(self, trigger, level, facts):
        """``{key: channels}``: the active channels receiving ``trigger`` at
        ``level`` for each ``key`` of ``facts`` (``{key: (company, merchandiser,
        team)}``). Read as the system; one search for every key."""
        channels = self.sudo().search(
            [("company_id", "in", list({f[0].id for f in facts.values() if f[0]}))]
        )
        result = {}
        level_key = str(level) if level else False
        for key, (company, merchandiser, team) in facts.items():
            matching = channels.filtered(
                lambda c, company=company, merchandiser=merchandiser, team=team: (
                    c.company_id == company
                    and (not c.trigger_ids or trigger in c.trigger_ids.mapped("code"))
                    and (
                        not level_key
                        or not c.level_ids
                        or level_key in c.level_ids.mapped("level")
                    )
                    and (not c.team_ids or team in c.team_ids)
                    and (not c.merchandiser_ids or merchandiser in c.merchandiser_ids)
                )
            )
            if matching:
                result[key] = matching
        return result

    # ------------------------------------------------------------------
    # The daily digest
    # ------------------------------------------------------------------

    @api.model
    def _cron_gendan_digest(self):
        """Queue one digest per merchandiser (what is due today, what is
        overdue, the risks raised since yesterday) for the channels that
        receive it. Three grouped queries, whatever the number of people."""
        channels = self.sudo().search([])
        if not channels:
            return True
        Milestone = self.env["gendan.milestone"].sudo()
        companies = channels.company_id
        counts = defaultdict(lambda: {"due": 0, "late": 0, "risks": 0})
        for company in companies:
            today = dates.company_today(company)
            open_states = Milestone._open_states()
            for user, count in Milestone._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", open_states),
                    ("planned_date", "=", today),
                    ("merchandiser_id", "!=", False),
                ],
                ["merchandiser_id"],
                ["__count"],
            ):
                counts[(company.id, user.id)]["due"] = count
            for user, count in Milestone._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "late"),
                    ("merchandiser_id", "!=", False),
                ],
                ["merchandiser_id"],
                ["__count"],
            ):
                counts[(company.id, user.id)]["late"] = count
            since = fields.Datetime.now() - timedelta(days=1)
            for user, count in (
                self.env["gendan.risk"]
                .sudo()
                ._read_group(
                    [
                        ("company_id", "=", company.id),
                        ("create_date", ">=", since),
                        ("state", "!=", "closed"),
                        ("merchandiser_id", "!=", False),
                    ],
                    ["merchandiser_id"],
                    ["__count"],
                )
            ):
                counts[(company.id, user.id)]["risks"] = count
        by_company = defaultdict(dict)
        for (company_id, user_id), figures in counts.items():
            by_company[company_id][user_id] = figures
        Message = self.env["gendan.notify.message"]
        for company in companies:
            figures = by_company.get(company.id)
            if not figures:
                continue
            users = self.env["res.users"].sudo().browse(list(figures))

            def render(in_lang, figures=figures):
                env = in_lang.env
                return {
                    user.id: (
                        env._("Daily follow-up of %(name)s", name=user.name),
                        [
                            env._(
                                "Due today: %(count)s", count=figures[user.id]["due"]
                            ),
                            env._("Overdue: %(count)s", count=figures[user.id]["late"]),
                            env._(
                                "New risks: %(count)s", count=figures[user.id]["risks"]
                            ),
                        ],
                    )
                    for user in in_lang
                }

            Message._gendan_notify(
                "digest", 0, users, render, day=dates.company_today(company)
            )
        return True
