"""Samples (打样): rounds, the decision recorded by staff, the auto rule
``sample_approved`` with and without a sample type, and the late-sample risk."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
class TestSamples(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.gendan_sample_resubmit_days = 5
        cls.other_merchandiser = new_test_user(
            cls.env,
            login="gendan_merch_other",
            groups="gendan_tracking.group_merchandiser",
        )
        cls.product_2 = cls.env["product.product"].create(
            {"name": "Ceramic Plate", "type": "consu", "list_price": 12.0}
        )
        cls.sample_template = cls.env["gendan.milestone.template"].create(
            {
                "name": "Sample plan",
                "company_id": cls.company.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "PP sample approved",
                            "sequence": 10,
                            "category": "production",
                            "anchor": "order_date",
                            "offset_days": 10,
                            "auto_rule": "sample_approved",
                            "sample_type": "pp_sample",
                        }
                    ),
                    Command.create(
                        {
                            "name": "All samples approved",
                            "sequence": 20,
                            "category": "production",
                            "anchor": "order_date",
                            "offset_days": 12,
                            "auto_rule": "sample_approved",
                        }
                    ),
                ],
            }
        )

    def _confirmed_order(self, two_lines=False):
        lines = [Command.create({"product_id": self.product.id, "product_uom_qty": 5})]
        if two_lines:
            lines.append(
                Command.create({"product_id": self.product_2.id, "product_uom_qty": 3})
            )
        order = self._create_order(
            milestone_template_id=self.sample_template.id, order_line=lines
        )
        self._review(order)
        order.action_confirm()
        return order

    def _sample(self, order, sample_type="pp_sample", line=None, **values):
        return (
            self.env["gendan.sample"]
            .with_user(self.merchandiser)
            .create(
                {
                    "order_id": order.id,
                    "order_line_id": (line or order.order_line[:1]).id,
                    "sample_type": sample_type,
                    **values,
                }
            )
        )

    def _decide(self, sample, decision, comment=None, day=None):
        wizard = (
            self.env["gendan.sample.decision.wizard"]
            .with_user(self.merchandiser)
            .create(
                {
                    "sample_id": sample.id,
                    "decision": decision,
                    "comment": comment,
                    **({"date_decided": day} if day else {}),
                }
            )
        )
        return wizard.action_confirm()

    def _milestone(self, order, name):
        return order.sudo().milestone_ids.filtered(lambda m: m.name == name)

    # -- rounds -----------------------------------------------------------

    def _reject_and_next(self, frozen):
        with freeze_time(frozen):
            order = self._confirmed_order()
            sample = self._sample(order)
            sample.action_send()
            self._decide(sample, "rejected", "Colour too dark")
            self.assertEqual(sample.state, "rejected")
            self.assertEqual(sample.decision_channel, "staff")
            next_round = sample.next_ids
            self.assertEqual(len(next_round), 1)
            self.assertEqual(next_round.round, 2)
            self.assertEqual(next_round.state, "planned")
            self.assertEqual(next_round.sample_type, "pp_sample")
            self.assertEqual(next_round.order_line_id, sample.order_line_id)
            self.assertEqual(next_round.previous_id, sample)
            activity = next_round.activity_ids
            self.assertEqual(activity.user_id, self.merchandiser)
            self.assertEqual(activity.date_deadline, next_round.date_due)
            return sample, next_round

    def test_rounds_are_not_renumbered_by_hand(self):
        sample, next_round = self._reject_and_next(datetime(2025, 3, 6, 10, 0))
        as_merchandiser = next_round.with_user(self.merchandiser)
        for values in ({"round": 5}, {"previous_id": False}):
            with self.subTest(values=values), self.assertRaises(UserError):
                as_merchandiser.write(values)
        self.assertEqual((next_round.round, next_round.previous_id), (2, sample))
        # a round follows a round of its own order, with a higher number
        other = self._sample(self._confirmed_order())
        with self.assertRaises(ValidationError):
            self._sample(other.order_id, previous_id=sample.id, round=3)
        with self.assertRaises(ValidationError):
            self._sample(sample.order_id, previous_id=next_round.id, round=2)

    def test_reject_opens_round_two_in_working_days(self):
        # Thursday 6 March 2025, 11:00 in Brussels: 5 working days later is
        # Thursday 13 March
        sample, next_round = self._reject_and_next(datetime(2025, 3, 6, 10, 0))
        self.assertEqual(sample.date_decided, date(2025, 3, 6))
        self.assertEqual(next_round.date_due, date(2025, 3, 13))

    def test_reject_round_two_skips_holidays(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2025, 3, 11, 23, 0),
                "date_to": datetime(2025, 3, 12, 22, 59, 59),
            }
        )
        sample, next_round = self._reject_and_next(datetime(2025, 3, 6, 10, 0))
        self.assertEqual(next_round.date_due, date(2025, 3, 14))

    def test_reject_late_evening_is_the_company_day(self):
        # 23:30 UTC on Thursday is Friday 00:30 in Brussels: the rejection is
        # on Friday, the next round due on Friday 14 March
        sample, next_round = self._reject_and_next(datetime(2025, 3, 6, 23, 30))
        self.assertEqual(sample.date_decided, date(2025, 3, 7))
        self.assertEqual(next_round.date_due, date(2025, 3, 14))

    def test_resubmit_days_is_a_company_setting(self):
        self.company.gendan_sample_resubmit_days = 2
        sample, next_round = self._reject_and_next(datetime(2025, 3, 6, 10, 0))
        self.assertEqual(next_round.date_due, date(2025, 3, 10))
        with self.assertRaises(ValidationError):
            self.company.gendan_sample_resubmit_days = 0
        self.env.invalidate_all()

    @freeze_time("2025-03-06 10:00:00")
    def test_reject_needs_a_comment_and_leaves_nothing(self):
        order = self._confirmed_order()
        sample = self._sample(order)
        sample.action_send()
        with self.assertRaises(UserError):
            self._decide(sample, "rejected", "  ")
        self.env.invalidate_all()
        self.assertEqual(sample.state, "sent")
        self.assertFalse(sample.next_ids)
        with self.assertRaises(UserError):
            sample._gendan_decide("maybe", "?")
        self.env.invalidate_all()
        self.assertEqual(sample.state, "sent")
        # a decision is never in the future
        with self.assertRaises(UserError):
            self._decide(sample, "approved", day=date(2025, 3, 9))
        self.env.invalidate_all()
        self.assertEqual(sample.state, "sent")

    @freeze_time("2025-03-06 10:00:00")
    def test_approved_sample_cannot_be_decided_again(self):
        order = self._confirmed_order()
        sample = self._sample(order)
        sample.action_send()
        self._decide(sample, "approved")
        self.assertEqual(sample.decided_by_id, order.partner_id)
        with self.assertRaises(UserError):
            self._decide(sample, "rejected", "changed my mind")
        self.env.invalidate_all()
        self.assertEqual(sample.state, "approved")
        self.assertFalse(sample.next_ids)

    # -- access -----------------------------------------------------------

    @freeze_time("2025-03-06 10:00:00")
    def test_samples_follow_the_merchandiser(self):
        order = self._confirmed_order()
        sample = self._sample(order)
        other = self.env["gendan.sample"].with_user(self.other_merchandiser)
        self.assertFalse(other.search([("id", "=", sample.id)]))
        with self.assertRaises(AccessError):
            sample.with_user(self.other_merchandiser).action_record_decision()
        self.env.invalidate_all()
        other_order = self._create_order(user=self.other_merchandiser)
        # the order of a sample does not change, except by a manager
        with self.assertRaises(AccessError):
            sample.write({"order_id": other_order.id})
        self.env.invalidate_all()
        self.assertEqual(sample.order_id, order)
        # a sample is for a line of its own order
        with self.assertRaises(ValidationError):
            sample.sudo().order_line_id = other_order.sudo().order_line[:1]
        self.env.invalidate_all()
        # a salesperson without merchandising reads the order, not its samples
        sales = new_test_user(
            self.env,
            login="gendan_plain_sales",
            groups="sales_team.group_sale_salesman",
        )
        order.sudo().user_id = sales
        values = order.with_user(sales).read(["name"])
        self.assertEqual(values[0]["name"], order.name)
        with self.assertRaises(AccessError):
            order.with_user(sales).read(["sample_ids"])

    # -- auto rule sample_approved -------------------------------------------

    @freeze_time("2025-03-06 10:00:00")
    def test_sample_approved_with_a_type_waits_for_every_line(self):
        order = self._confirmed_order(two_lines=True)
        line_1, line_2 = order.order_line
        pp_milestone = self._milestone(order, "PP sample approved")
        self.assertEqual(pp_milestone.auto_rule, "sample_approved")
        self.assertEqual(pp_milestone.sample_type, "pp_sample")
        lab_dip = self._sample(order, "lab_dip", line_1)
        pp_1 = self._sample(order, "pp_sample", line_1)
        pp_2 = self._sample(order, "pp_sample", line_2)
        (lab_dip | pp_1 | pp_2).action_send()
        self._decide(pp_1, "approved")
        self.assertEqual(pp_milestone.state, "pending", "line 2 has no approval yet")
        # round 1 of line 2 rejected, round 2 approved with comments
        self._decide(pp_2, "rejected", "Handles uneven")
        self.assertEqual(pp_milestone.state, "pending")
        round_2 = pp_2.next_ids
        round_2.action_send()
        self._decide(round_2, "approved_with_comments", "Keep the handle height")
        self.assertEqual(pp_milestone.state, "done")
        self.assertEqual(pp_milestone.actual_date, date(2025, 3, 6))
        self.assertEqual(pp_milestone.res_model, "gendan.sample")
        self.assertEqual(pp_milestone.res_id, round_2.id)
        # the lab dip is not decided: the milestone without a type waits
        self.assertEqual(
            self._milestone(order, "All samples approved").state, "pending"
        )
        self._decide(lab_dip, "approved")
        self.assertEqual(self._milestone(order, "All samples approved").state, "done")

    @freeze_time("2025-03-06 10:00:00")
    def test_sample_approved_needs_a_sample_for_each_line(self):
        order = self._confirmed_order(two_lines=True)
        pp_milestone = self._milestone(order, "PP sample approved")
        pp_1 = self._sample(order, "pp_sample", order.order_line[0])
        pp_1.action_send()
        self._decide(pp_1, "approved")
        self.assertEqual(pp_milestone.state, "pending", "line 2 has no PP sample")
        self.assertEqual(self._milestone(order, "All samples approved").state, "done")
        # a sample for the whole order (no line) covers every line
        whole = self._sample(order, "pp_sample", self.env["sale.order.line"])
        whole.write({"order_line_id": False})
        whole.action_send()
        self._decide(whole, "approved")
        self.assertEqual(pp_milestone.state, "done")

    @freeze_time("2025-03-06 10:00:00")
    def test_sample_approved_without_a_type(self):
        order = self._confirmed_order()
        milestone = self._milestone(order, "All samples approved")
        fit = self._sample(order, "fit")
        cancelled = self._sample(order, "strike_off")
        cancelled.action_cancel()
        fit.action_send()
        self._decide(fit, "rejected", "Too tight")
        self.assertEqual(milestone.state, "pending", "the last round is not approved")
        fit.next_ids.action_send()
        self._decide(fit.next_ids, "approved")
        self.assertEqual(milestone.state, "done", "cancelled samples do not count")

    @freeze_time("2025-03-06 10:00:00")
    def test_decision_written_directly_runs_the_pipeline(self):
        # an import or an RPC write of the state is a decision too
        order = self._confirmed_order()
        sample = self._sample(order, "pp_sample")
        sample.write({"state": "rejected", "customer_comment": "Wrong logo"})
        self.assertEqual(sample.date_decided, date(2025, 3, 6))
        self.assertEqual(sample.next_ids.round, 2)
        sample.next_ids.write({"state": "approved"})
        self.assertEqual(self._milestone(order, "PP sample approved").state, "done")
        # a rejection without its reason is refused
        with self.assertRaises(ValidationError):
            sample.next_ids.next_ids.create(
                {"order_id": order.id, "state": "rejected", "sample_type": "fit"}
            )
        self.env.invalidate_all()

    # -- the late-sample risk ---------------------------------------------

    def test_late_sample_raises_a_risk(self):
        with freeze_time("2025-03-06 10:00:00"):
            order = self._confirmed_order()
            sample = self._sample(
                order, date_requested=date(2025, 3, 3), date_due=date(2025, 3, 10)
            )
            self.env.flush_all()
            order.sudo()._gendan_run_deferred_risk_scans()
            Risk = self.env["gendan.risk"].sudo()
            domain = [("order_id", "=", order.id), ("rule", "=", "sample_late")]
            self.assertFalse(Risk.search(domain))
        with freeze_time("2025-03-12 10:00:00"):
            Risk._gendan_scan(order.sudo(), rules=["sample_late"])
            risk = Risk.search(domain)
            self.assertEqual(len(risk), 1)
            self.assertEqual(risk.state, "open")
            self.assertEqual(risk.category, "supplier_delay", "not sent yet")
            self.assertIn(sample.display_name, risk.name)
            sample.action_send()
            Risk._gendan_scan(order.sudo(), rules=["sample_late"])
            self.assertEqual(risk.category, "other", "waiting for the customer")
            self._decide(sample, "approved")
            Risk._gendan_scan(order.sudo(), rules=["sample_late"])
            self.assertEqual(risk.state, "closed")
