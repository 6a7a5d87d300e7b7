"""The escalation matrix: levels on the right working days, once each."""

import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import GendanOrderCommon

OVERDUE = "gendan_tracking.mail_activity_type_milestone_overdue"
ESCALATION = "gendan_tracking.mail_activity_type_escalation"


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 09:00:00")  # a Monday
class TestEscalation(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(
            cls.env, login="gendan_director", groups="base.group_user"
        )
        cls.Rule = cls.env["gendan.escalation.rule"]
        cls.Rule.search([("company_id", "=", cls.company.id)]).active = False
        cls.rule = cls.Rule.create(
            {
                "company_id": cls.company.id,
                "trigger": "milestone_overdue",
                "threshold": 1,
                "level_1_activity": True,
                "level_1_chat": False,
                "level_2": True,
                "level_2_days": 2,
                "level_2_activity": True,
                "level_2_chat": False,
                "level_3": True,
                "level_3_days": 1,
                "level_3_user_id": cls.director.id,
                "level_3_activity": True,
                "level_3_chat": False,
            }
        )
        cls.order = cls._create_order(
            user=cls.merchandiser, commitment_date=datetime.datetime(2026, 5, 29, 10)
        )
        # due Wednesday 29 April
        cls.milestone = cls.env["gendan.milestone"].create(
            {
                "order_id": cls.order.id,
                "name": "Fabric booked",
                "planned_date": datetime.date(2026, 4, 29),
            }
        )

    def _escalations(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "gendan.milestone"),
                ("res_id", "=", self.milestone.id),
                ("activity_type_id", "=", self.env.ref(OVERDUE).id),
            ],
            order="id",
        )

    def _run(self, moment):
        with freeze_time(moment):
            self.env["gendan.milestone"]._cron_daily_followup()
            return self._escalations()

    def test_levels_fire_on_their_working_days_once_each(self):
        self.assertFalse(self._run("2026-04-29 09:00:00"), "due today: not late")
        # Thursday: 1 working day late, level 1 (the merchandiser)
        level_1 = self._run("2026-04-30 09:00:00")
        self.assertEqual(level_1.user_id, self.merchandiser)
        self.assertEqual(self._run("2026-04-30 15:00:00"), level_1, "once")
        # Friday 2, the weekend adds nothing: still level 1 only
        self.assertEqual(self._run("2026-05-01 09:00:00"), level_1)
        self.assertEqual(self._run("2026-05-03 09:00:00"), level_1)
        # Monday: 3 working days late = 1 + 2: level 2, the manager
        level_2 = self._run("2026-05-04 09:00:00") - level_1
        self.assertEqual(len(level_2), 1)
        self.assertTrue(
            level_2.user_id.has_group("gendan_tracking.group_merchandising_manager")
        )
        self.assertNotEqual(level_2.user_id, self.merchandiser)
        # Tuesday: 4 = 1 + 2 + 1: level 3, the named user
        everything = self._run("2026-05-05 09:00:00")
        level_3 = everything - level_1 - level_2
        self.assertEqual(level_3.user_id, self.director)
        self.assertEqual(self._run("2026-05-06 09:00:00"), everything, "once each")
        logs = self.env["gendan.escalation.log"].search(
            [("rule_id", "=", self.rule.id), ("res_id", "=", self.milestone.id)]
        )
        self.assertEqual(sorted(logs.mapped("level")), [1, 2, 3])
        self.assertEqual(
            sorted(logs.mapped("date")),
            [
                datetime.date(2026, 4, 30),
                datetime.date(2026, 5, 4),
                datetime.date(2026, 5, 5),
            ],
        )

    def test_holiday_delays_the_levels(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Labour Day",
                "calendar_id": self.calendar.id,
                "date_from": "2026-05-01 00:00:00",
                "date_to": "2026-05-01 21:00:00",
            }
        )
        self._run("2026-04-30 09:00:00")
        # Monday is only the 2nd working day late: no level 2 yet
        self.assertEqual(len(self._run("2026-05-04 09:00:00")), 1)
        self.assertEqual(len(self._run("2026-05-05 09:00:00")), 2)

    def test_catch_up_fires_every_level_reached(self):
        """A server down for a week: the first run fires every level reached."""
        escalations = self._run("2026-05-06 09:00:00")
        self.assertEqual(len(escalations), 3)

    def test_chat_levels_go_to_their_channels(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "gendan_tracking.notify_allowed_hosts", "127.0.0.1"
        )
        self.rule.write({"level_1_chat": True, "level_2_chat": True})
        level_2 = self.env.ref("gendan_tracking.gendan_notify_level_2")
        managers = self.env["gendan.notify.channel"].create(
            {
                "name": "Managers",
                "kind": "wecom",
                "webhook_url": "http://127.0.0.1:8310/x",
                "lang": "en_US",
                "level_ids": [level_2.id],
            }
        )
        self._run("2026-04-30 09:00:00")
        self.assertFalse(managers.message_ids)
        self._run("2026-05-04 09:00:00")
        self._run("2026-05-04 10:00:00")
        self.assertEqual(len(managers.message_ids), 1)
        self.assertEqual(managers.message_ids.level, 2)
        self.assertIn("Fabric booked", managers.message_ids.body)
        self.assertIn("3 working days late", managers.message_ids.body)

    def test_risk_levels_count_from_the_previous_level(self):
        self.rule.active = False
        risk_rule = self.Rule.create(
            {
                "company_id": self.company.id,
                "trigger": "risk_level",
                "risk_level": "high",
                "level_1_chat": False,
                "level_2": True,
                "level_2_days": 1,
                "level_2_chat": False,
            }
        )
        risk = self.env["gendan.risk"].create(
            {
                "name": "Fabric shortage",
                "order_id": self.order.id,
                "category": "supplier_delay",
                "probability": 5,
                "impact": 5,
            }
        )
        low = self.env["gendan.risk"].create(
            {
                "name": "Small thing",
                "order_id": self.order.id,
                "category": "other",
                "probability": 1,
                "impact": 1,
            }
        )
        self.assertIn(risk.level, ("high", "critical"))

        def activities():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "gendan.risk"),
                    ("res_id", "in", (risk | low).ids),
                    ("activity_type_id", "=", self.env.ref(ESCALATION).id),
                ]
            )

        with freeze_time("2026-05-01 09:00:00"):  # Friday
            self.Rule._cron_gendan_escalate()
        self.assertEqual(activities().user_id, self.merchandiser)
        self.assertEqual(set(activities().mapped("res_id")), {risk.id}, low.name)
        with freeze_time("2026-05-03 09:00:00"):  # Sunday: no working day yet
            self.Rule._cron_gendan_escalate()
        self.assertEqual(len(activities()), 1)
        with freeze_time("2026-05-04 09:00:00"):  # Monday: level 2
            self.Rule._cron_gendan_escalate()
            self.Rule._cron_gendan_escalate()
        self.assertEqual(len(activities()), 2)
        self.assertEqual(
            sorted(
                self.env["gendan.escalation.log"]
                .search([("rule_id", "=", risk_rule.id), ("res_id", "=", risk.id)])
                .mapped("level")
            ),
            [1, 2],
        )

    def test_sample_trigger_without_samples_is_a_no_op(self):
        self.Rule.create({"company_id": self.company.id, "trigger": "sample_waiting"})
        self.assertTrue(self.Rule._cron_gendan_escalate())

    def test_rules_access_and_bad_input(self):
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.merchandiser).create(
                {"company_id": self.company.id, "trigger": "risk_level"}
            )
        self.env.invalidate_all()
        with self.assertRaises(ValidationError):
            self.rule.with_user(self.manager).level_2_days = -1
        self.env.invalidate_all()
        with self.assertRaises(ValidationError):
            self.rule.with_user(self.manager).threshold = 0
        self.env.invalidate_all()
        self.rule.with_user(self.manager).level_2_days = 3
        self.assertEqual(self.rule.level_2_days, 3)

    def test_new_company_gets_the_default_line(self):
        company = self.env["res.company"].create({"name": "Gendan HK"})
        (line,) = self.Rule.search([("company_id", "=", company.id)])
        self.assertEqual(
            (line.trigger, line.threshold, line.level_2_days, line.level_2_activity),
            ("milestone_overdue", 1, 2, True),
        )
