from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 09:00:00")  # a Monday
class TestMilestonePlan(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # May Day, a Friday, is a public holiday of the company's calendar
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Labour Day",
                "calendar_id": cls.calendar.id,
                "company_id": cls.company.id,
                "date_from": datetime(2026, 4, 30, 22, 0, 0),
                "date_to": datetime(2026, 5, 1, 21, 59, 59),
            }
        )

    def _confirmed_order(self, commitment=datetime(2026, 5, 12, 10, 0, 0)):
        order = self._create_order(user=self.manager, commitment_date=commitment)
        self._review(order)
        order.action_confirm()
        return order

    def test_generated_on_confirmation_across_weekend_and_holiday(self):
        order = self._confirmed_order()
        self.assertEqual(len(order.milestone_ids), 6)
        planned = {m.name: m.planned_date for m in order.milestone_ids}
        # Monday + 2
        self.assertEqual(planned["Customer confirms PI"], date(2026, 4, 29))
        # Monday + 5 = Saturday -> Friday is May Day -> Thursday
        self.assertEqual(planned["Sample approved"], date(2026, 4, 30))
        # Tuesday 12 - 2 = Sunday -> Friday 8
        self.assertEqual(planned["Final inspection"], date(2026, 5, 8))
        self.assertEqual(planned["Goods shipped"], date(2026, 5, 12))
        self.assertTrue(all(m.state == "pending" for m in order.milestone_ids))
        self.assertEqual(order.projected_ship_date, date(2026, 5, 12))
        self.assertEqual(
            self._milestone(order, "Customer confirms PI").responsible_id,
            self.manager,
        )

    def test_milestone_named_with_its_order(self):
        """The calendar, breadcrumbs and activities show which order a
        milestone belongs to."""
        order = self._confirmed_order()
        milestone = self._milestone(order, "Customer confirms PI")
        self.assertEqual(
            milestone.with_user(self.merchandiser).display_name,
            f"{order.name} · Customer confirms PI",
        )
        # next to its order (the order's card and form): the name alone
        self.assertEqual(
            milestone.with_context(gendan_milestone_short=True).display_name,
            "Customer confirms PI",
        )

    def test_supplier_side_steps_are_internal_by_default(self):
        template = self.env["gendan.milestone.template"].create(
            {
                "name": "Visibility plan",
                "line_ids": [
                    Command.create({"name": "Fabric ordered", "category": "material"}),
                    Command.create({"name": "Sewing", "category": "production"}),
                    Command.create(
                        {
                            "name": "Sample approved",
                            "category": "production",
                            "customer_visible": True,
                        }
                    ),
                    Command.create({"name": "Shipped", "category": "logistics"}),
                ],
            }
        )
        visible = {line.name: line.customer_visible for line in template.line_ids}
        self.assertEqual(
            visible,
            {
                "Fabric ordered": False,
                "Sewing": False,
                "Sample approved": True,
                "Shipped": True,
            },
        )
        export = self.env.ref("gendan_tracking.gendan_milestone_template_export")
        placed = export.line_ids.filtered(
            lambda line: line.name == "Purchase order placed with supplier"
        )
        self.assertFalse(placed.customer_visible)

    def test_default_template_from_company(self):
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(order.milestone_template_id, self.template)

    def test_commitment_change_replans_open_milestones(self):
        order = self._confirmed_order()
        sample = self._milestone(order, "Sample approved")
        sample.write({"state": "done", "actual_date": date(2026, 4, 28)})
        order.commitment_date = datetime(2026, 5, 19, 10, 0, 0)
        # Tuesday 19 - 2 = Sunday -> Friday 15
        self.assertEqual(
            self._milestone(order, "Final inspection").planned_date, date(2026, 5, 15)
        )
        self.assertEqual(
            self._milestone(order, "Goods shipped").planned_date, date(2026, 5, 19)
        )
        # done milestones keep their dates
        self.assertEqual(sample.planned_date, date(2026, 4, 30))
        self.assertEqual(sample.actual_date, date(2026, 4, 28))

    def test_regenerate_keeps_actual_dates(self):
        order = self._confirmed_order()
        sample = self._milestone(order, "Sample approved")
        sample.write({"state": "done", "actual_date": date(2026, 4, 28)})
        self.template.line_ids.filtered(
            lambda line: line.name == "Sample approved"
        ).write({"offset_days": 9})
        self.template.line_ids.filtered(
            lambda line: line.name == "Final inspection"
        ).offset_days = -3
        order.action_gendan_regenerate_plan()
        self.assertEqual(len(order.milestone_ids), 6)
        self.assertEqual(sample.state, "done")
        self.assertEqual(sample.actual_date, date(2026, 4, 28))
        # Tuesday 12 - 3 = Saturday -> Friday 8
        self.assertEqual(
            self._milestone(order, "Final inspection").planned_date, date(2026, 5, 8)
        )

    def test_regenerate_adds_new_template_lines(self):
        order = self._confirmed_order()
        self.template.write(
            {
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Documents ready",
                            "category": "documents",
                            "anchor": "commitment_date",
                            "offset_days": -1,
                            "sequence": 35,
                        },
                    )
                ]
            }
        )
        order.action_gendan_regenerate_plan()
        self.assertEqual(len(order.milestone_ids), 7)
        self.assertEqual(
            self._milestone(order, "Documents ready").planned_date, date(2026, 5, 11)
        )

    def test_template_without_lines_refused(self):
        empty = self.env["gendan.milestone.template"].create({"name": "Empty"})
        order = self._create_order(
            user=self.manager, commitment_date=datetime(2026, 5, 12, 10, 0, 0)
        )
        order.milestone_template_id = empty
        with self.assertRaisesRegex(UserError, "has no milestones"):
            order.action_gendan_regenerate_plan()
        self.assertFalse(order.milestone_ids)

    def test_no_anchor_date_gives_clear_message(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "milestone_template_id": self.template.id}
        )
        self.assertFalse(order.expected_date)
        with self.assertRaisesRegex(
            UserError, "neither a commitment date nor an expected"
        ):
            order.action_gendan_regenerate_plan()
        self.assertFalse(order.milestone_ids)

    def test_expected_date_is_the_fallback_anchor(self):
        self.product.sale_delay = 14
        order = self._confirmed_order(commitment=False)
        # expected date = Monday 27 + 14 = Monday May 11
        self.assertEqual(
            self._milestone(order, "Goods shipped").planned_date, date(2026, 5, 11)
        )

    def test_manual_planned_date_before_order_date_refused(self):
        order = self._confirmed_order()
        milestone = self._milestone(order, "Sample approved").with_user(
            self.merchandiser
        )
        order.merchandiser_id = self.merchandiser
        with self.assertRaisesRegex(ValidationError, "before the date of order"):
            milestone.planned_date = date(2026, 4, 20)
        milestone.planned_date = date(2026, 4, 27)
        self.assertEqual(milestone.planned_date, date(2026, 4, 27))

    def test_offset_before_order_date_warns_on_template_line(self):
        with (
            self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs,
            Form(self.template) as template_form,
            template_form.line_ids.edit(1) as line,
        ):
            line.offset_days = -3
        self.assertIn("before the order date", logs.output[0])
        line = self.template.line_ids.filtered(lambda li: li.name == "Sample approved")
        self.assertIn("before the order date", line.offset_warning)
        # planned on the order date instead
        order = self._confirmed_order()
        self.assertEqual(
            self._milestone(order, "Sample approved").planned_date, date(2026, 4, 27)
        )

    def test_late_state_and_delay_in_working_days(self):
        order = self._confirmed_order()
        with freeze_time("2026-05-05 09:00:00"):  # Tuesday
            self.env["gendan.milestone"]._cron_daily_followup()
            confirm = self._milestone(order, "Customer confirms PI")
            sample = self._milestone(order, "Sample approved")
            # due Wed 29: late Thu 30, (Fri 1 holiday), Mon 4, Tue 5
            self.assertEqual(confirm.state, "late")
            self.assertEqual(confirm.delay_days, 3)
            # due Thu 30: Mon 4, Tue 5
            self.assertEqual(sample.delay_days, 2)
            self.assertTrue(order.is_late)
            self.assertEqual(order.delay_days, 3)
            # projected shipping pushed by the largest open delay before it
            self.assertEqual(order.projected_ship_date, date(2026, 5, 15))
            # closing late by hand asks for the reason in a dialog first
            action = sample.with_user(self.manager).action_mark_done()
            self.assertEqual(action["res_model"], "gendan.milestone.done.wizard")
            self.assertEqual(sample.state, "late")
            wizard_form = Form(
                self.env[action["res_model"]]
                .with_user(self.manager)
                .with_context(**action["context"])
            )
            self.assertEqual(wizard_form.milestone_ids[:], sample)
            with self.assertRaises(AssertionError):
                wizard_form.save()  # the reason is required
            wizard_form.delay_reason = "customer"
            wizard_form.delay_note = "Artwork changed after confirmation"
            wizard_form.save().action_done()
            self.assertEqual(sample.state, "done")
            self.assertEqual(sample.delay_reason, "customer")
            self.assertEqual(sample.delay_note, "Artwork changed after confirmation")
            sample.with_user(self.manager).action_reopen()
            sample.delay_reason = False
            self.assertEqual(sample.state, "late")
            # nor by typing the actual date
            with (
                self.assertRaisesRegex(ValidationError, "give the reason"),
                self.env.cr.savepoint(),
            ):
                sample.write({"state": "done", "actual_date": date(2026, 5, 5)})
            self.env.invalidate_all()
            sample.delay_reason = "supplier"
            sample.action_mark_done()
            self.assertEqual(sample.state, "done")
            self.assertEqual(sample.delay_days, 2)
            confirm.planned_date = date(2026, 5, 6)
            self.assertEqual(confirm.state, "pending")
            self.assertEqual(confirm.delay_days, 0)
            self.assertFalse(order.is_late)

    def test_order_late_after_commitment_date(self):
        order = self._confirmed_order(commitment=datetime(2026, 4, 28, 10, 0, 0))
        with freeze_time("2026-04-30 09:00:00"):
            order.milestone_ids.write({"state": "skipped"})
            self.env["gendan.milestone"]._cron_daily_followup()
            self.assertTrue(order.is_late)
            # Wed 29, Thu 30
            self.assertEqual(order.delay_days, 2)

    def test_confirming_without_anchor_plans_what_it_can_and_says_why(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "milestone_template_id": self.template.id}
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.milestone_ids), 6)
        self.assertEqual(
            self._milestone(order, "Sample approved").planned_date, date(2026, 4, 30)
        )
        self.assertFalse(self._milestone(order, "Goods shipped").planned_date)
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: (
                    "neither a commitment date nor an expected date" in (m.body or "")
                )
            )
        )
