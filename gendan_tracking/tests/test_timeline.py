"""The milestone timeline (issue 20, second part): a drop and the replan
dialog, the supplier of a milestone, the order's timeline."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import GendanOrderCommon

WIZARD = "gendan.milestone.replan.wizard"


@freeze_time("2026-11-02 03:00:00")  # Monday, in Brussels and in UTC
@tagged("post_install", "-at_install")
class TestTimelineReplan(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lines = {line.name: line for line in cls.template.line_ids}
        # PI -> sample (shown) -> inspection (hidden) -> shipped (shown) -> invoice
        lines["Sample approved"].predecessor_ids = lines["Customer confirms PI"]
        lines["Final inspection"].predecessor_ids = lines["Sample approved"]
        lines["Goods shipped"].predecessor_ids = lines["Final inspection"]
        lines["Invoice posted"].predecessor_ids = lines["Goods shipped"]
        lines["Sample approved"].customer_visible = True
        lines["Goods shipped"].customer_visible = True
        lines["Final inspection"].customer_visible = False
        lines["Invoice posted"].customer_visible = False
        cls.other = cls.env["res.users"].create(
            {
                "name": "Olga Other",
                "login": "gendan_timeline_other",
                "groups_id": [
                    Command.set(cls.env.ref("gendan_tracking.group_merchandiser").ids)
                ],
            }
        )

    def _order(self):
        order = self._create_order(commitment_date=datetime(2026, 11, 13, 12))
        self._review(order)
        order.action_confirm()
        return order

    def test_drop_later_opens_the_dialog_which_replans_on_confirm(self):
        order = self._order()
        sample = self._milestone(order, "Sample approved")
        inspection = self._milestone(order, "Final inspection")
        shipped = self._milestone(order, "Goods shipped")
        self.assertEqual(sample.env.user, self.merchandiser)
        before = {m: m.planned_date for m in order.milestone_ids}
        action = sample.action_gendan_timeline_drop("2026-11-10")
        self.assertEqual(action["res_model"], WIZARD)
        self.assertEqual(
            {m: m.planned_date for m in order.milestone_ids}, before, "nothing yet"
        )
        form = Form(
            self.env[WIZARD]
            .with_user(self.merchandiser)
            .with_context(**action["context"])
        )
        self.assertTrue(form.reason_required)
        self.assertEqual(form.planned_date.isoformat(), "2026-11-10")
        moved = form.moved_milestone_ids
        self.assertIn(inspection, moved)
        self.assertIn(shipped, moved)
        self.assertNotIn(self._milestone(order, "Payment received"), moved)
        self.assertIn("Final inspection", form.preview_html)
        self.assertIn("Goods shipped", form.preview_html)
        self.assertIn("pushed by its predecessors", form.preview_html)
        # the reason is required
        with self.assertRaises(AssertionError):
            form.save()
        self.env.invalidate_all()
        form.delay_reason = "supplier"
        form.delay_note = "dye lot"
        wizard = form.save()
        self.assertEqual(wizard.action_confirm()["type"], "ir.actions.act_window_close")
        self.assertEqual(sample.planned_date.isoformat(), "2026-11-10")
        self.assertEqual(sample.delay_reason, "supplier")
        self.assertGreater(inspection.planned_date, before[inspection])
        self.assertGreater(shipped.planned_date, before[shipped])
        self.assertEqual(shipped.delay_reason, "supplier")

    def test_confirm_without_reason_refused(self):
        order = self._order()
        sample = self._milestone(order, "Sample approved")
        old = sample.planned_date
        wizard = (
            self.env[WIZARD]
            .with_user(self.merchandiser)
            .create(
                {
                    "milestone_ids": [Command.set(sample.ids)],
                    "planned_date": "2026-11-10",
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(sample.planned_date, old)

    def test_drop_that_moves_nothing_shown_replans_at_once(self):
        order = self._order()
        inspection = self._milestone(order, "Final inspection")
        shipped = self._milestone(order, "Goods shipped")
        ship_day = shipped.planned_date
        earlier = inspection.planned_date - timedelta(days=1)
        result = inspection.action_gendan_timeline_drop(earlier.isoformat())
        self.assertEqual([move["id"] for move in result["moves"]], inspection.ids)
        self.assertEqual(inspection.planned_date, earlier)
        self.assertEqual(shipped.planned_date, ship_day)
        # later, hidden itself, but it pushes the shown shipping: the dialog
        action = inspection.action_gendan_timeline_drop(ship_day.isoformat())
        self.assertEqual(action["res_model"], WIZARD)
        self.assertEqual(inspection.planned_date, earlier)

    def test_closed_and_outsider_refused(self):
        order = self._order()
        sample = self._milestone(order, "Sample approved")
        confirm = self._milestone(order, "Customer confirms PI")
        confirm.write({"state": "done", "actual_date": "2026-11-02"})
        with self.assertRaises(UserError):
            confirm.action_gendan_timeline_drop("2026-11-20")
        with self.assertRaises(UserError):
            confirm.action_gendan_open_replan()
        # another merchandiser does not follow this order
        outsider_sample = sample.with_user(self.other)
        with self.assertRaises(AccessError):
            outsider_sample.action_gendan_timeline_drop("2026-11-20")
        with self.assertRaises(AccessError):
            outsider_sample.action_gendan_open_replan()
        with self.assertRaises(AccessError):
            wizard = (
                self.env[WIZARD]
                .with_user(self.other)
                .create(
                    {
                        "milestone_ids": [Command.set(sample.ids)],
                        "planned_date": "2026-11-20",
                        "delay_reason": "customer",
                    }
                )
            )
            wizard.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(sample.planned_date.isoformat(), "2026-11-06")

    def test_replan_button_opens_the_dialog_on_the_planned_date(self):
        order = self._order()
        sample = self._milestone(order, "Sample approved")
        action = sample.action_gendan_open_replan()
        self.assertEqual(action["res_model"], WIZARD)
        form = Form(
            self.env[WIZARD]
            .with_user(self.merchandiser)
            .with_context(**action["context"])
        )
        self.assertEqual(form.planned_date, sample.planned_date)
        self.assertFalse(form.reason_required, "nothing moves yet")
        form.planned_date = sample.planned_date - timedelta(days=1)
        self.assertFalse(form.reason_required, "earlier")
        form.save().action_confirm()
        self.assertEqual(sample.planned_date.isoformat(), "2026-11-05")

    def test_order_timeline_action(self):
        order = self._order()
        other_order = self._order()
        action = order.action_gendan_view_timeline()
        self.assertEqual(action["res_model"], "gendan.milestone")
        self.assertEqual(action["view_mode"].split(",")[0], "timeline")
        self.assertEqual(action["domain"], [("order_id", "=", order.id)])
        self.assertEqual(action["context"], {"default_order_id": order.id})
        shown = self.env["gendan.milestone"].search(action["domain"])
        self.assertEqual(shown, order.milestone_ids)
        self.assertFalse(shown & other_order.milestone_ids)

    def test_views_load(self):
        views = (
            self.env["gendan.milestone"]
            .with_user(self.merchandiser)
            .get_views([(False, "timeline"), (False, "search")])
        )
        arch = views["views"]["timeline"]["arch"]
        self.assertIn('dependency_arrow="predecessor_ids"', arch)
        self.assertIn('js_class="gendan_milestone_timeline"', arch)
        search = views["views"]["search"]["arch"]
        for name in ("my_orders", "late", "critical", "this_month", "group_supplier"):
            self.assertIn(f'name="{name}"', search)


@tagged("post_install", "-at_install")
class TestMilestoneSupplier(GendanOrderCommon):
    def _purchase(self, order, vendor):
        return self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "gendan_sale_order_ids": [Command.link(order.id)],
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 2})
                ],
            }
        )

    def test_supplier_follows_the_purchase_orders(self):
        order = self._create_order(commitment_date=datetime(2027, 3, 1, 12))
        self._review(order)
        order.action_confirm()
        milestones = order.milestone_ids.sudo()
        self.assertFalse(milestones.supplier_id)
        first, second = self.env["res.partner"].create(
            [{"name": "Draft Vendor"}, {"name": "Confirmed Vendor"}]
        )
        draft = self._purchase(order, first)
        self.assertEqual(milestones.supplier_id, first)
        confirmed = self._purchase(order, second)
        self.assertEqual(milestones.supplier_id, first, "the first one, both drafts")
        confirmed.button_confirm()
        self.assertEqual(milestones.supplier_id, second, "the confirmed one first")
        confirmed.button_cancel()
        self.assertEqual(milestones.supplier_id, first)
        draft.partner_id = second
        self.assertEqual(milestones.supplier_id, second)
        # a purchase linked from the order's side
        third = self.env["res.partner"].create({"name": "Linked Vendor"})
        linked = self.env["purchase.order"].create({"partner_id": third.id})
        linked.button_confirm()
        order.sudo().gendan_purchase_ids = [Command.link(linked.id)]
        self.assertEqual(milestones.supplier_id, third)
        # two confirmed: the larger one, as the analysis names the supplier
        bigger = self._purchase(order, first)
        bigger.order_line.price_unit = 1000
        bigger.button_confirm()
        self.assertEqual(milestones.supplier_id, first)
        bigger.button_cancel()
        self.assertEqual(milestones.supplier_id, third)
        order.sudo().gendan_purchase_ids = [Command.unlink(linked.id)]
        self.assertEqual(milestones.supplier_id, second)
        self.assertEqual(
            self.env["gendan.milestone"].search(
                [("supplier_id", "=", second.id), ("order_id", "=", order.id)]
            ),
            order.milestone_ids,
            "stored: searchable and groupable",
        )
