"""The outbox of chat alerts.

Queuing is an insert in the user's transaction (nothing is sent there), plus
a trigger of the sending cron, which Odoo's cron workers pick up right after
the transaction commits; a rolled-back transaction queues nothing. The cron
sends with a time-out, never follows a redirect, checks the host again before
each request, retries with exponential backoff up to ``MAX_ATTEMPTS``, and
sends at most ``RATE_LIMIT`` messages a minute per robot (the vendors' limit
is about 20): the others wait for the next run, which it schedules itself.
"""

import datetime
import logging
import time

import requests

from odoo import api, fields, models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from ..tools import dates, notify

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RATE_LIMIT = 20  # messages per robot per RATE_WINDOW
RATE_WINDOW = datetime.timedelta(seconds=60)
TIMEOUT = 10  # seconds, to connect and to read the answer
SEND_CRON = "gendan_tracking.ir_cron_gendan_notify_send"
BATCH = 50  # messages per call of the sending cron (one commit each)


class GendanNotifyMessage(models.Model):
    _name = "gendan.notify.message"
    _description = "Chat Alert (Outbox)"
    _order = "id desc"

    channel_id = fields.Many2one(
        "gendan.notify.channel",
        string="Channel",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True
    )
    kind = fields.Selection(related="channel_id.kind")
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
        default="queued",
        required=True,
        index=True,
        readonly=True,
    )
    attempts = fields.Integer(readonly=True)
    next_try = fields.Datetime(
        string="Next Try", default=fields.Datetime.now, index=True, readonly=True
    )
    last_try = fields.Datetime(string="Last Try", readonly=True)
    sent_date = fields.Datetime(string="Delivered", readonly=True)
    last_response = fields.Text(readonly=True)
    trigger = fields.Char(readonly=True)
    level = fields.Integer(readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", readonly=True
    )
    title = fields.Char(readonly=True)
    body = fields.Text(readonly=True, help="The message, in markdown.")
    link_url = fields.Char(string="Link", readonly=True)
    link_label = fields.Char(readonly=True)
    dedup_key = fields.Char(
        readonly=True,
        copy=False,
        help="Trigger, record, level, channel and day: the same alert is queued "
        "once a day.",
    )

    _sql_constraints = [
        ("dedup_key_unique", "unique(dedup_key)", "This alert is already queued."),
    ]

    def _compute_display_name(self):
        for message in self:
            message.display_name = message.title or message.trigger or str(message.id)

    # ------------------------------------------------------------------
    # Queuing
    # ------------------------------------------------------------------

    @api.model
    def _gendan_link(self, record):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return f"{base.rstrip('/')}/odoo/{record._name}/{record.id}"

    @api.model
    def _gendan_record_facts(self, record):
        """``(company, merchandiser, team)`` of a record, for the channels'
        filters."""
        if record._name == "res.users":
            return record.company_id, record, record.sale_team_id
        order = record if record._name == "sale.order" else None
        if order is None and "order_id" in record._fields:
            order = record.order_id
        if order is None and "gendan_sale_order_ids" in record._fields:
            order = record.gendan_sale_order_ids[:1]
        merchandiser = (
            record.merchandiser_id
            if "merchandiser_id" in record._fields
            else record.env["res.users"]
        )
        if order is not None:
            merchandiser = merchandiser or order.merchandiser_id
        team = order.team_id if order is not None else record.env["crm.team"]
        return record.company_id, merchandiser, team

    @api.model
    def _gendan_notify(self, trigger, level, records, render, day=None):
        """Queue an alert about each of ``records`` for every channel that
        receives ``trigger`` at ``level``. ``render(records_in_lang)`` returns
        ``{record_id: (title, lines)}``, called once per channel language with
        the records in that language. Queued once per trigger, record, level,
        channel and ``day`` (default the company's today). Never raises: a problem is
        logged, the caller's transaction goes on. Returns the messages."""
        # no robot configured (most databases): nothing to queue, no cost
        if not records or not self.env["gendan.notify.channel"].sudo().search_count(
            [], limit=1
        ):
            return self.browse()
        # the caller's pending writes are flushed outside the savepoint: their
        # errors (a serialization failure the cron runner retries) are theirs
        self.env.flush_all()
        try:
            with self.env.cr.savepoint():
                return self._gendan_queue(trigger, level, records, render, day)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise
        except Exception:  # noqa: BLE001 - alerts never break the caller
            _logger.exception("Gendan: queuing %s alerts failed", trigger)
            return self.browse()

    def _gendan_queue(self, trigger, level, records, render, day):
        records = records.sudo()
        if not records:
            return self.browse()
        day = day or dates.company_today(records.company_id[:1] or self.env.company)
        Channel = self.env["gendan.notify.channel"].sudo()
        facts = {record.id: self._gendan_record_facts(record) for record in records}
        channels_by_record = Channel._gendan_channels_for(trigger, level, facts)
        if not channels_by_record:
            return self.browse()
        wanted = {}
        for record_id, channels in channels_by_record.items():
            for channel in channels:
                key = (
                    f"{trigger}:{records._name}:{record_id}:{level}:{channel.id}:{day}"
                )
                wanted[key] = (record_id, channel)
        existing = set(
            self.sudo()
            .search_fetch([("dedup_key", "in", list(wanted))], ["dedup_key"])
            .mapped("dedup_key")
        )
        todo = {key: value for key, value in wanted.items() if key not in existing}
        if not todo:
            return self.browse()
        texts = {}
        for lang in {channel.lang for _record_id, channel in todo.values()}:
            in_lang = records.with_context(lang=lang)
            texts[lang] = (render(in_lang), in_lang.env._("View in Odoo"))
        vals_list = []
        for key, (record_id, channel) in todo.items():
            rendered, link_label = texts[channel.lang]
            if record_id not in rendered:
                continue
            title, lines = rendered[record_id]
            record = records.browse(record_id)
            link = self._gendan_link(record)
            vals_list.append(
                {
                    "channel_id": channel.id,
                    "trigger": trigger,
                    "level": level or 0,
                    "res_model": records._name,
                    "res_id": record_id,
                    "title": title,
                    "body": notify.markdown_text(title, lines, link_label, link),
                    "link_url": link,
                    "link_label": link_label,
                    "dedup_key": key,
                }
            )
        messages = self.sudo().create(vals_list)
        self._gendan_trigger_sending()
        return messages

    @api.model
    def _gendan_trigger_sending(self, at=None):
        cron = self.env.ref(SEND_CRON, raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger(at)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_retry(self):
        """Button: send failed (or waiting) messages again, from the first try."""
        self.check_access("write")
        retry = self.sudo().filtered(lambda m: m.state != "sent")
        retry.write(
            {"state": "queued", "attempts": 0, "next_try": fields.Datetime.now()}
        )
        self._gendan_trigger_sending()
        return True

    # ------------------------------------------------------------------
    # Sending (the scheduled action)
    # ------------------------------------------------------------------

    @api.model
    def _cron_gendan_send(self, batch_limit=BATCH):
        """Send the queued messages that are due, at most ``RATE_LIMIT`` per
        channel per minute, ``batch_limit`` per call: Odoo's cron runner
        commits after each call and calls again while the progress says some
        are due (so a crash sends at most one batch twice). Schedules itself
        again while messages wait. Returns the number of messages tried."""
        now = fields.Datetime.now()
        due = self._gendan_due_messages(now, batch_limit)
        session = requests.Session()
        session.trust_env = False  # no proxy from the environment
        try:
            due._gendan_send(session)
        finally:
            session.close()
        remaining = len(self._gendan_due_messages(fields.Datetime.now(), None))
        self.env["ir.cron"]._notify_progress(done=len(due), remaining=remaining)
        waiting = self.sudo().search(
            [("state", "=", "queued")], order="next_try", limit=1
        )
        if waiting:
            self._gendan_trigger_sending(
                now if remaining else max(waiting.next_try, now + RATE_WINDOW)
            )
        return len(due)

    @api.model
    def _gendan_due_messages(self, now, limit):
        """The queued messages due at ``now``, oldest first, at most the
        channel's remaining allowance of the last minute each (two queries)."""
        self.env["gendan.notify.message"].flush_model()
        self.env.cr.execute(
            """
            SELECT channel_id, count(*) FROM gendan_notify_message
             WHERE last_try > %s
             GROUP BY channel_id
            """,
            [now - RATE_WINDOW],
        )
        used = dict(self.env.cr.fetchall())
        self.env.cr.execute(
            """
            SELECT id, channel_id FROM (
                SELECT m.id, m.channel_id,
                       row_number() OVER (PARTITION BY m.channel_id ORDER BY m.id) AS rank
                  FROM gendan_notify_message m
                  JOIN gendan_notify_channel c ON c.id = m.channel_id
                 WHERE m.state = 'queued' AND m.next_try <= %s AND c.active
            ) ranked
             WHERE rank <= %s
             ORDER BY id
            """,
            [now, RATE_LIMIT],
        )
        ids = []
        for message_id, channel_id in self.env.cr.fetchall():
            if used.get(channel_id, 0) < RATE_LIMIT:
                used[channel_id] = used.get(channel_id, 0) + 1
                ids.append(message_id)
        return self.sudo().browse(ids[:limit] if limit else ids)

    def _gendan_send(self, session=None):
        """Send each message once; record the answer. Never raises."""
        extra_hosts = self.env["gendan.notify.channel"]._gendan_allowed_hosts()
        for message in self.sudo():
            try:
                ok, summary, permanent = message._gendan_post(session, extra_hosts)
            except Exception as error:  # noqa: BLE001 - logged, retried
                _logger.exception("Gendan: sending chat alert %s failed", message.id)
                ok, summary, permanent = False, repr(error), False
            message._gendan_record_answer(ok, summary, permanent)

    def _gendan_post(self, session, extra_hosts):
        """``(ok, summary, permanent)``: POST the message to its robot."""
        self.ensure_one()
        channel = self.channel_id.sudo()
        try:
            notify.check_url(channel.webhook_url, extra_hosts)
        except notify.UrlRefused as error:
            return False, f"URL refused: {error}", True
        url, body = notify.build_request(
            channel.kind,
            channel.webhook_url,
            channel.secret,
            self.title or "",
            self.body or "",
            time.time(),
            self.link_label,
            self.link_url,
        )
        post = (session or requests).post
        try:
            response = post(url, json=body, timeout=TIMEOUT, allow_redirects=False)
        except requests.RequestException as error:
            return False, f"{type(error).__name__}: {error}", False
        if 300 <= response.status_code < 400:
            return False, f"HTTP {response.status_code}: redirect refused", True
        ok, summary = notify.read_answer(
            channel.kind, response.status_code, response.text
        )
        return ok, summary, False

    def _gendan_record_answer(self, ok, summary, permanent):
        self.ensure_one()
        now = fields.Datetime.now()
        channel = self.channel_id.sudo()
        attempts = self.attempts + 1
        if ok:
            self.write(
                {
                    "state": "sent",
                    "attempts": attempts,
                    "last_try": now,
                    "sent_date": now,
                    "last_response": summary,
                }
            )
            channel.write(
                {
                    "health": "ok",
                    "failure_streak": 0,
                    "last_sent_date": now,
                }
            )
            return
        failed = permanent or attempts >= MAX_ATTEMPTS
        self.write(
            {
                "state": "failed" if failed else "queued",
                "attempts": attempts,
                "last_try": now,
                "last_response": summary,
                "next_try": now
                + datetime.timedelta(minutes=notify.backoff_minutes(attempts)),
            }
        )
        streak = channel.failure_streak + 1
        channel.write(
            {
                "failure_streak": streak,
                "last_error": summary,
                "health": "failing" if failed or streak >= 3 else channel.health,
            }
        )
        _logger.warning(
            "Gendan: chat alert %s to channel %s not delivered (try %s): %s",
            self.id,
            channel.id,
            attempts,
            summary,
        )
