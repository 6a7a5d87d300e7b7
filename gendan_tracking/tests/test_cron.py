from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 09:00:00")  # a Monday
class TestDailyFollowup(GendanOrderCommon):
    def _orders(self, count):
        orders = self.env["sale.order"]
        for _index in range(count):
            order = self._create_order(
                user=self.merchandiser, commitment_date=datetime(2026, 5, 12, 10, 0, 0)
            )
            self._review(order)
            order.action_confirm()
            orders |= order
        return orders

    def _activities(self, orders, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "gendan.milestone"),
                ("res_id", "in", orders.milestone_ids.ids),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def test_reminders_and_escalation_created_once(self):
        orders = self._orders(3)
        cron = self.env["gendan.milestone"]
        cron._cron_daily_followup()
        due = self._activities(
            orders, "gendan_tracking.mail_activity_type_milestone_due"
        )
        # "Customer confirms PI" is due Wednesday, within 3 working days;
        # "Sample approved" (Friday) is not
        self.assertEqual(len(due), 3)
        self.assertEqual(due.user_id, self.merchandiser)
        self.assertEqual(
            set(
                self.env["gendan.milestone"].browse(due.mapped("res_id")).mapped("name")
            ),
            {"Customer confirms PI"},
        )
        cron._cron_daily_followup()
        self.assertEqual(
            len(
                self._activities(
                    orders, "gendan_tracking.mail_activity_type_milestone_due"
                )
            ),
            3,
        )
        with freeze_time("2026-05-06 09:00:00"):  # Wednesday, a week later
            cron._cron_daily_followup()
            overdue = self._activities(
                orders, "gendan_tracking.mail_activity_type_milestone_overdue"
            )
            # confirms PI (Wed 29, 5 days late) and sample (Fri 1, 3 days) > 2
            self.assertEqual(len(overdue), 6)
            self.assertTrue(
                all(
                    user.has_group("gendan_tracking.group_merchandising_manager")
                    for user in overdue.user_id
                )
            )
            self.assertNotIn(self.merchandiser, overdue.user_id)
            milestones = self.env["gendan.milestone"].browse(overdue.mapped("res_id"))
            self.assertTrue(all(m.state == "late" for m in milestones))
            self.assertTrue(all(orders.mapped("is_late")))
            self.assertEqual(set(orders.mapped("delay_days")), {5})
            due_count = len(
                self._activities(
                    orders, "gendan_tracking.mail_activity_type_milestone_due"
                )
            )
            # final inspection (Fri 8) is now due within 3 working days
            self.assertEqual(due_count, 6)
            cron._cron_daily_followup()
            self.assertEqual(
                len(
                    self._activities(
                        orders, "gendan_tracking.mail_activity_type_milestone_overdue"
                    )
                ),
                6,
            )
            self.assertEqual(
                len(
                    self._activities(
                        orders, "gendan_tracking.mail_activity_type_milestone_due"
                    )
                ),
                due_count,
            )

    def test_closed_milestone_closes_its_reminders(self):
        """A reminder or escalation Gendan scheduled is marked done when its
        milestone is done (by hand or by an event) or skipped; an activity a
        person planned on the milestone stays."""
        orders = self._orders(2)
        cron = self.env["gendan.milestone"]
        with freeze_time("2026-05-06 09:00:00"):
            cron._cron_daily_followup()
            due_xmlid = "gendan_tracking.mail_activity_type_milestone_due"
            overdue_xmlid = "gendan_tracking.mail_activity_type_milestone_overdue"
            first, second = orders
            pi_first = first.milestone_ids.filtered(
                lambda m: m.name == "Customer confirms PI"
            )
            pi_second = second.milestone_ids.filtered(
                lambda m: m.name == "Customer confirms PI"
            )
            self.assertEqual(len(self._activities(first, overdue_xmlid)), 2)
            own = pi_first.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.merchandiser.id
            )
            # the customer's confirmation closes the milestone through the event
            first.with_user(self.merchandiser).write(
                {
                    "customer_confirmation_state": "confirmed",
                    "customer_confirmed_date": datetime(2026, 5, 6, 8, 0),
                }
            )
            self.assertEqual(pi_first.state, "done")
            open_on_pi = self.env["mail.activity"].search(
                [("res_model", "=", "gendan.milestone"), ("res_id", "=", pi_first.id)]
            )
            self.assertEqual(open_on_pi, own, "only the person's own to-do stays")
            done = self.env["mail.message"].search(
                [
                    ("model", "=", "gendan.milestone"),
                    ("res_id", "=", pi_first.id),
                    ("mail_activity_type_id", "!=", False),
                ]
            )
            self.assertTrue(done, "the reminders are marked done, with a message")
            # skipping closes them too
            self.assertTrue(
                self._activities(second, overdue_xmlid).filtered(
                    lambda a: a.res_id == pi_second.id
                )
            )
            pi_second.with_user(self.merchandiser).action_skip()
            self.assertFalse(
                (
                    self._activities(second, overdue_xmlid)
                    | self._activities(second, due_xmlid)
                ).filtered(lambda a: a.res_id == pi_second.id)
            )
            # and the next run does not schedule them again
            cron._cron_daily_followup()
            self.assertFalse(
                (
                    self._activities(first, overdue_xmlid)
                    | self._activities(first, due_xmlid)
                ).filtered(lambda a: a.res_id == pi_first.id)
            )

    def test_escalation_to_employee_manager(self):
        boss = self.manager
        if "hr.employee" not in self.env:
            # without hr, the company's merchandising managers are escalated to
            orders = self._orders(1)
            with freeze_time("2026-05-06 09:00:00"):
                self.env["gendan.milestone"]._cron_daily_followup()
            overdue = self._activities(
                orders, "gendan_tracking.mail_activity_type_milestone_overdue"
            )
            self.assertTrue(overdue)
            return
        boss_employee = self.env["hr.employee"].create(
            {"name": "Boss", "user_id": boss.id}
        )
        self.env["hr.employee"].create(
            {
                "name": "Mia",
                "user_id": self.merchandiser.id,
                "parent_id": boss_employee.id,
            }
        )
        orders = self._orders(1)
        with freeze_time("2026-05-06 09:00:00"):
            self.env["gendan.milestone"]._cron_daily_followup()
            overdue = self._activities(
                orders, "gendan_tracking.mail_activity_type_milestone_overdue"
            )
            self.assertEqual(overdue.user_id, boss)

    def test_escalation_to_the_company_setting_then_a_manager(self):
        """Without an employee manager: the company's "Escalate To" manager;
        without one, a merchandising manager before an administrator."""
        if "hr.employee" in self.env:
            self.env["hr.employee"].search(
                [("user_id", "=", self.merchandiser.id)]
            ).parent_id = False
        overdue_xmlid = "gendan_tracking.mail_activity_type_milestone_overdue"
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("gendan_tracking.group_merchandising_manager"))
        team_lead = new_test_user(
            self.env,
            login="gendan_team_lead",
            groups="gendan_tracking.group_merchandising_manager",
        )
        orders = self._orders(1)
        with freeze_time("2026-05-06 09:00:00"):
            self.env["gendan.milestone"]._cron_daily_followup()
            overdue = self._activities(orders, overdue_xmlid)
            self.assertTrue(overdue)
            self.assertNotIn(admin, overdue.user_id)
            self.assertFalse(
                overdue.user_id.filtered(lambda u: u.has_group("base.group_system"))
            )
            overdue.unlink()
            self.company.gendan_escalation_user_id = team_lead
            self.env["gendan.milestone"]._cron_daily_followup()
            # each escalation level fires once per milestone: deleting its
            # activity does not make it fire again
            self.assertFalse(self._activities(orders, overdue_xmlid))
            self.env["gendan.escalation.log"].search(
                [("res_model", "=", "gendan.milestone"), ("level", "=", 2)]
            ).unlink()
            self.env["gendan.milestone"]._cron_daily_followup()
            self.assertEqual(self._activities(orders, overdue_xmlid).user_id, team_lead)

    def _count_cron_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self.env["gendan.milestone"]._cron_daily_followup()
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def test_query_count_constant(self):
        """Same number of queries for 5 and for 50 orders. On Monday 4 May each
        order has two milestones turning late (one escalated) to refresh and one
        activity to create. (The ORM itself splits an INSERT or UPDATE of more
        than 100 rows in several queries: the count is constant per 100 rows.)"""
        monday = "2026-05-04 09:00:00"
        # warm the caches with orders that go late and get their activities
        self._orders(2)
        with freeze_time(monday):
            self._count_cron_queries()
        orders_5 = self._orders(5)
        with freeze_time(monday):
            queries_5 = self._count_cron_queries()
        escalated = self._activities(
            orders_5, "gendan_tracking.mail_activity_type_milestone_overdue"
        )
        self.assertEqual(len(escalated), 5)
        self.assertEqual(
            orders_5.milestone_ids.filtered(lambda m: m.state == "late").mapped(
                "delay_days"
            ),
            [3, 1] * 5,
        )
        orders_50 = self._orders(50)
        with freeze_time(monday):
            queries_50 = self._count_cron_queries()
        self.assertEqual(
            len(
                self._activities(
                    orders_50, "gendan_tracking.mail_activity_type_milestone_overdue"
                )
            ),
            50,
        )
        self.assertGreater(queries_5, 0)
        self.assertEqual(queries_5, queries_50)
