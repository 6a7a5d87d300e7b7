"""Chat alerts to WeCom, DingTalk and Feishu robots: payloads, signatures,
the outbox (retries, backoff, deduplication, rate limit), SSRF, access."""

import datetime
import socket
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models import gendan_notify_message
from ..tools import notify
from .common import GendanOrderCommon
from .notify_common import SECRET, FakeRobotMixin


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 09:00:00")  # a Monday
class TestNotify(FakeRobotMixin, GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env, login="gendan_notify_admin", groups="base.group_system"
        )
        cls.Channel = cls.env["gendan.notify.channel"]
        cls.Message = cls.env["gendan.notify.message"]
        cls.order = cls._create_order(
            user=cls.merchandiser, commitment_date=datetime.datetime(2026, 5, 12, 10)
        )
        cls.milestone = cls.env["gendan.milestone"].create(
            {
                "order_id": cls.order.id,
                "name": "Sample approved",
                "planned_date": datetime.date(2026, 4, 29),
            }
        )

    def _channel(self, kind="wecom", path=None, **values):
        return self.Channel.create(
            {
                "name": f"{kind} group",
                "kind": kind,
                "webhook_url": self.robot.url(path or f"/{kind}/hook"),
                "secret": SECRET if kind != "wecom" else False,
                "lang": "en_US",
                **values,
            }
        )

    def _queue(self, record=None, trigger="milestone_overdue", level=1, day=None):
        record = record or self.milestone
        return self.Message._gendan_notify(
            trigger,
            level,
            record,
            lambda records: {
                r.id: (f"{r.display_name} is late", ["Line one", "Line two"])
                for r in records
            },
            day=day,
        )

    # ------------------------------------------------------------------
    # pure functions
    # ------------------------------------------------------------------

    def test_signatures_match_the_vendors_examples(self):
        # DingTalk's documented algorithm: base64(HMAC-SHA256(secret,
        # "timestamp\nsecret")), URL-encoded; Feishu: the key is
        # "timestamp\nsecret" and the message empty
        import base64
        import hashlib
        import hmac
        from urllib.parse import quote_plus

        ts = 1599360473000
        expected = quote_plus(
            base64.b64encode(
                hmac.new(
                    b"this is secret", f"{ts}\nthis is secret".encode(), hashlib.sha256
                ).digest()
            )
        )
        self.assertEqual(notify.dingtalk_sign("this is secret", ts), expected)
        self.assertNotIn("+", notify.dingtalk_sign("this is secret", ts))
        key = b"1599360473\nthis is secret"
        self.assertEqual(
            notify.feishu_sign("this is secret", 1599360473),
            base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode(),
        )

    def test_url_check(self):
        extra = frozenset({"gateway.example.com"})
        for url in (
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
            "https://oapi.dingtalk.com/robot/send?access_token=x",
            "https://open.feishu.cn/open-apis/bot/v2/hook/x",
            "https://open.larksuite.com/open-apis/bot/v2/hook/x",
            "https://OAPI.dingtalk.com:443/robot/send",
            "http://gateway.example.com:8080/hook",
        ):
            notify.check_url(url, extra)
        for url in (
            "http://qyapi.weixin.qq.com/cgi-bin/webhook/send",
            "https://qyapi.weixin.qq.com.evil.com/x",
            "https://evil.com/?u=https://oapi.dingtalk.com",
            "https://oapi.dingtalk.com:8443/robot/send",
            "https://user:pw@oapi.dingtalk.com/robot/send",
            "https://oapi.dingtalk.com@169.254.169.254/",
            "ftp://gateway.example.com/x",
            "file:///etc/passwd",
            "https://127.0.0.1/x",
            "https://oapi.dingtalk.com/robot send",
            "",
        ):
            with self.assertRaises(notify.UrlRefused, msg=url):
                notify.check_url(url, extra)
        self.assertEqual(
            [notify.backoff_minutes(n) for n in (1, 2, 3, 4, 20)], [1, 2, 4, 8, 360]
        )

    # ------------------------------------------------------------------
    # payloads
    # ------------------------------------------------------------------

    def test_each_vendor_payload_and_signature(self):
        channels = (
            self._channel("wecom") | self._channel("dingtalk") | self._channel("feishu")
        )
        messages = self._queue()
        self.assertEqual(len(messages), 3)
        self.assertEqual(set(messages.mapped("state")), {"queued"})
        self.assertFalse(self.robot.requests, "queuing sends nothing")
        self.Message._cron_gendan_send()
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertEqual(set(channels.mapped("health")), {"ok"})
        link = f"/odoo/gendan.milestone/{self.milestone.id}"

        (wecom,) = self.robot.to("/wecom/hook")
        self.assertEqual(wecom["body"]["msgtype"], "markdown")
        self.assertEqual(set(wecom["body"]), {"msgtype", "markdown"})
        content = wecom["body"]["markdown"]["content"]
        self.assertIn("is late", content)
        self.assertIn("Line two", content)
        self.assertIn(link, content)

        (ding,) = self.robot.to("/dingtalk/hook")
        self.assertTrue(self.robot.dingtalk_signature_ok(ding))
        self.assertEqual(ding["body"]["msgtype"], "markdown")
        self.assertEqual(set(ding["body"]["markdown"]), {"title", "text"})
        self.assertIn(link, ding["body"]["markdown"]["text"])

        (feishu,) = self.robot.to("/feishu/hook")
        self.assertTrue(self.robot.feishu_signature_ok(feishu))
        body = feishu["body"]
        self.assertEqual(body["msg_type"], "interactive")
        self.assertEqual(set(body), {"timestamp", "sign", "msg_type", "card"})
        self.assertIn("is late", body["card"]["header"]["title"]["content"])
        button = body["card"]["elements"][1]["actions"][0]
        self.assertTrue(button["url"].endswith(link))

    def test_wrong_secret_is_refused_by_the_fake_robot(self):
        """The fake robot's check is a real one: another secret fails it."""
        self._channel("dingtalk", secret="SECanother")
        self._channel("feishu", secret="SECanother")
        self._queue()
        self.Message._cron_gendan_send()
        self.assertFalse(
            self.robot.dingtalk_signature_ok(self.robot.to("/dingtalk/hook")[0])
        )
        self.assertFalse(
            self.robot.feishu_signature_ok(self.robot.to("/feishu/hook")[0])
        )

    def test_message_in_the_channel_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        channel = self._channel("wecom", lang="fr_FR")
        seen = []

        def render(records):
            seen.append(records.env.lang)
            return {r.id: ("t", []) for r in records}

        self.Message._gendan_notify("milestone_overdue", 1, self.milestone, render)
        self.assertEqual(seen, ["fr_FR"])
        self.assertEqual(channel.message_ids.link_label, "View in Odoo")

    # ------------------------------------------------------------------
    # the outbox
    # ------------------------------------------------------------------

    def test_errcode_retries_with_backoff_then_fails(self):
        channel = self._channel("wecom")
        self.robot.answers["/wecom/hook"] = ["errcode"]
        message = self._queue()
        start = datetime.datetime(2026, 4, 27, 9, 0)
        self.Message._cron_gendan_send()
        self.assertEqual((message.state, message.attempts), ("queued", 1))
        self.assertIn("45009", message.last_response)
        self.assertEqual(message.next_try, start + datetime.timedelta(minutes=1))
        # not due yet: not sent again
        self.Message._cron_gendan_send()
        self.assertEqual(len(self.robot.requests), 1)
        moment = start
        for attempt in range(2, gendan_notify_message.MAX_ATTEMPTS + 1):
            moment = message.next_try
            with freeze_time(moment):
                self.Message._cron_gendan_send()
            self.assertEqual(message.attempts, attempt)
            if attempt < gendan_notify_message.MAX_ATTEMPTS:
                self.assertEqual(
                    message.next_try - moment,
                    datetime.timedelta(minutes=2 ** (attempt - 1)),
                )
        self.assertEqual(message.state, "failed")
        self.assertEqual(len(self.robot.requests), gendan_notify_message.MAX_ATTEMPTS)
        self.assertEqual(channel.health, "failing")
        failing = self.Channel.search([("health", "=", "failing")])
        self.assertIn(channel, failing)
        # Retry: sent again from the first try, and the channel recovers
        self.robot.answers["/wecom/hook"] = ["ok"]
        with freeze_time(moment):
            message.with_user(self.admin).action_retry()
            self.assertEqual((message.state, message.attempts), ("queued", 0))
            self.Message._cron_gendan_send()
        self.assertEqual(message.state, "sent")
        self.assertEqual(channel.health, "ok")

    def test_http_error_not_json_and_time_out_are_retried(self):
        self._channel("wecom", path="/wecom/a")
        self._channel("feishu", path="/feishu/b")
        self._channel("dingtalk", path="/dingtalk/c")
        self.robot.answers["/wecom/a"] = ["http500"]
        self.robot.answers["/feishu/b"] = ["not_json"]
        self.robot.answers["/dingtalk/c"] = ["slow"]
        self.robot.slow_seconds = 1.5
        messages = self._queue()
        with patch.object(gendan_notify_message, "TIMEOUT", 0.5):
            self.Message._cron_gendan_send()
        self.assertEqual(set(messages.mapped("state")), {"queued"})
        self.assertEqual(set(messages.mapped("attempts")), {1})
        by_path = {
            m.channel_id.sudo().webhook_url.rsplit("/", 2)[-2]: m for m in messages
        }
        self.assertIn("HTTP 500", by_path["wecom"].last_response)
        self.assertIn("HTTP 200", by_path["feishu"].last_response)
        self.assertIn("Timeout", by_path["dingtalk"].last_response)

    def test_dedup_once_per_day(self):
        self._channel("wecom")
        first = self._queue()
        self.assertEqual(len(first), 1)
        self.assertFalse(self._queue(), "the same alert is queued once a day")
        self.assertEqual(len(self._queue(level=2)), 1, "another level is another alert")
        with freeze_time("2026-04-28 09:00:00"):
            self.assertEqual(len(self._queue()), 1, "and again the next day")
        self.Message._cron_gendan_send()
        self.Message._cron_gendan_send()
        self.assertEqual(len(self.robot.requests), 2)

    def test_rate_limit_per_channel(self):
        limit = gendan_notify_message.RATE_LIMIT
        self._channel("wecom", path="/wecom/one")
        self._channel("wecom", path="/wecom/two")
        milestones = self.env["gendan.milestone"].create(
            [
                {
                    "order_id": self.order.id,
                    "name": f"Step {n}",
                    "planned_date": "2026-04-29",
                }
                for n in range(limit + 5)
            ]
        )
        self._queue(milestones)
        self.Message._cron_gendan_send()
        self.assertEqual(len(self.robot.to("/wecom/one")), limit)
        self.assertEqual(len(self.robot.to("/wecom/two")), limit)
        cron = self.env.ref("gendan_tracking.ir_cron_gendan_notify_send")
        later = self.env["ir.cron.trigger"].search(
            [("cron_id", "=", cron.id), ("call_at", ">", "2026-04-27 09:00:30")]
        )
        self.assertTrue(later, "the next run is scheduled for when the limit allows")
        with freeze_time("2026-04-27 09:00:40"):
            self.Message._cron_gendan_send()
        self.assertEqual(len(self.robot.requests), 2 * limit, "still within the minute")
        with freeze_time("2026-04-27 09:01:01"):
            self.Message._cron_gendan_send()
        self.assertEqual(len(self.robot.to("/wecom/one")), limit + 5)
        self.assertFalse(self.Message.search([("state", "=", "queued")]))
        # each message went out once
        texts = [r["body"]["markdown"]["content"] for r in self.robot.to("/wecom/one")]
        self.assertEqual(len(texts), len(set(texts)))

    def test_queuing_is_triggered_after_commit_and_never_raises(self):
        self._channel("wecom")
        cron = self.env.ref("gendan_tracking.ir_cron_gendan_notify_send")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        self._queue()
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)

        def broken(records):
            raise RuntimeError("a template bug")

        self.assertFalse(
            self.Message._gendan_notify("milestone_overdue", 3, self.milestone, broken)
        )
        # the transaction goes on
        self.milestone.name = "Still writable"
        self.env.flush_all()

    def test_dead_webhook_does_not_break_the_user_action(self):
        """The robot is down while a milestone is escalated: the user's write
        and the daily follow-up succeed; the alert waits in the outbox."""
        channel = self.Channel.create(
            {
                "name": "Down",
                "kind": "wecom",
                "webhook_url": f"http://127.0.0.1:{_free_port()}/down",
                "lang": "en_US",
            }
        )
        with freeze_time("2026-05-04 09:00:00"):  # 3 working days late
            self.milestone.with_user(self.merchandiser).write({"note": "chasing"})
            self.env["gendan.milestone"]._cron_daily_followup()
            self.assertEqual(self.milestone.state, "late")
            messages = channel.message_ids
            self.assertEqual(set(messages.mapped("level")), {1, 2})
            self.Message._cron_gendan_send()
            self.assertEqual(set(messages.mapped("state")), {"queued"})
            self.assertTrue(all("ConnectionError" in m.last_response for m in messages))
            self.assertEqual(set(messages.mapped("attempts")), {1})

    # ------------------------------------------------------------------
    # SSRF
    # ------------------------------------------------------------------

    def test_refused_hosts_schemes_and_redirects(self):
        for url in (
            "https://evil.example.com/hook",
            "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
            "https://qyapi.weixin.qq.com.evil.example.com/x",
            "gopher://127.0.0.1/x",
        ):
            with self.assertRaises(ValidationError, msg=url):
                self.Channel.create({"name": "x", "kind": "wecom", "webhook_url": url})
            self.env.invalidate_all()
        # allowed when saved, refused before the request once the host is gone
        channel = self._channel("wecom")
        message = self._queue()
        self.env["ir.config_parameter"].sudo().set_param(
            "gendan_tracking.notify_allowed_hosts", "gateway.example.com"
        )
        self.Message._cron_gendan_send()
        self.assertEqual(message.state, "failed")
        self.assertIn("URL refused", message.last_response)
        self.assertFalse(self.robot.requests)
        self.assertEqual(channel.health, "failing")
        self.env["ir.config_parameter"].sudo().set_param(
            "gendan_tracking.notify_allowed_hosts", "127.0.0.1"
        )
        # a redirect is never followed
        self._channel("wecom", path="/wecom/redirect")
        self.robot.answers["/wecom/redirect"] = ["redirect"]
        redirected = self._queue(level=2).filtered(
            lambda m: m.channel_id.sudo().webhook_url.endswith("/redirect")
        )
        self.Message._cron_gendan_send()
        self.assertEqual(redirected.state, "failed")
        self.assertIn("redirect refused", redirected.last_response)
        self.assertFalse(self.robot.to("/redirected"))
        self.assertFalse(self.outside_requests)

    # ------------------------------------------------------------------
    # access and the test button
    # ------------------------------------------------------------------

    def test_access(self):
        channel = self._channel("dingtalk")
        self._queue()
        for user in (self.merchandiser, self.manager):
            with self.assertRaises(AccessError):
                self.Channel.with_user(user).search([]).read(["name"])
            self.env.invalidate_all()
            with self.assertRaises(AccessError):
                channel.with_user(user).read(["secret"])
            self.env.invalidate_all()
            with self.assertRaises(AccessError):
                self.Message.with_user(user).search([])
            self.env.invalidate_all()
            with self.assertRaises(AccessError):
                channel.with_user(user).action_send_test()
            self.env.invalidate_all()
        as_admin = channel.with_user(self.admin)
        self.assertEqual(as_admin.read(["secret"])[0]["secret"], SECRET)
        self.assertTrue(as_admin.message_ids)
        # the secret and the URL are masked in the form
        arch = self.Channel.with_user(self.admin).get_view(view_type="form")["arch"]
        self.assertIn('name="secret" password="True"', arch)
        self.assertIn('name="webhook_url" password="True"', arch)
        self.assertEqual(self.Channel._fields["secret"].groups, "base.group_system")

    def test_send_test_button(self):
        channel = self._channel("feishu").with_user(self.admin)
        result = channel.action_send_test()
        self.assertEqual(result["params"]["type"], "success")
        self.assertTrue(
            self.robot.feishu_signature_ok(self.robot.to("/feishu/hook")[0])
        )
        self.robot.answers["/feishu/hook"] = ["errcode"]
        result = channel.action_send_test()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("19021", result["params"]["message"])

    def test_channel_filters_and_digest(self):
        team = self.env["crm.team"].create({"name": "Export team"})
        other_team = self.env["crm.team"].create({"name": "Other team"})
        self.order.team_id = team
        digest = self.env.ref("gendan_tracking.gendan_notify_trigger_digest")
        all_channel = self._channel("wecom", path="/wecom/all")
        team_channel = self._channel("wecom", path="/wecom/team", team_ids=[team.id])
        other = self._channel("wecom", path="/wecom/other", team_ids=[other_team.id])
        level_2_only = self._channel(
            "wecom",
            path="/wecom/l2",
            level_ids=[self.env.ref("gendan_tracking.gendan_notify_level_2").id],
        )
        digest_only = self._channel(
            "wecom", path="/wecom/digest", trigger_ids=[digest.id]
        )
        self._queue(level=1)
        self.assertTrue(all_channel.message_ids)
        self.assertTrue(team_channel.message_ids)
        self.assertFalse(other.message_ids)
        self.assertFalse(level_2_only.message_ids)
        self.assertFalse(digest_only.message_ids)
        # the digest: the merchandiser's milestone due today, and overdue
        with freeze_time("2026-04-29 09:00:00"):
            self.env["gendan.notify.channel"]._cron_gendan_digest()
        digests = digest_only.message_ids
        self.assertEqual(set(digests.mapped("res_model")), {"res.users"})
        (message,) = digests.filtered(lambda m: m.res_id == self.merchandiser.id)
        self.assertIn("Due today: 1", message.body)
        self.assertIn("Overdue: 0", message.body)
        self.assertTrue(
            level_2_only.message_ids.filtered(lambda m: m.trigger == "digest"),
            "a digest has no level: the levels filter the escalations only",
        )
        self.assertFalse(other.message_ids, "the team filter holds for digests")
        with freeze_time("2026-04-29 10:00:00"):
            self.env["gendan.notify.channel"]._cron_gendan_digest()
        self.assertEqual(digest_only.message_ids, digests, "one digest a day")
