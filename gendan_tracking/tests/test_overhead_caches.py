"""What Gendan caches or stores to cost Odoo's own flows less (issue 14), and
that each stays right when its source changes."""

from odoo.tests import tagged

from ..tools import dates
from .common_supply import GendanSupplyCommon


@tagged("post_install", "-at_install")
class TestOverheadCaches(GendanSupplyCommon):
    def test_company_timezone_follows_its_sources(self):
        company = self.company
        company.partner_id.tz = "Asia/Shanghai"
        self.assertEqual(dates.company_tz(company).zone, "Asia/Shanghai")
        # the address changes: the cache is cleared, the new zone read
        company.partner_id.tz = "America/New_York"
        self.assertEqual(dates.company_tz(company).zone, "America/New_York")
        # no address zone: the working calendar's, and its changes
        company.partner_id.tz = False
        calendar = self.env["resource.calendar"].create(
            {"name": "Lisbon hours", "tz": "Europe/Lisbon"}
        )
        company.resource_calendar_id = calendar
        self.assertEqual(dates.company_tz(company).zone, "Europe/Lisbon")
        calendar.tz = "Europe/Madrid"
        self.assertEqual(dates.company_tz(company).zone, "Europe/Madrid")
        self.assertEqual(dates.company_tz(self.env["res.company"]).zone, "UTC")

    def test_quality_triggers_still_make_inspections(self):
        """Without any trigger line the OCA lookup is skipped; a trigger line
        created later is seen at once, and makes its inspection."""
        Trigger = self.env["qc.trigger"]
        Lines = self.env["qc.trigger.product_line"]
        for model in (
            "qc.trigger.product_category_line",
            "qc.trigger.product_template_line",
            "qc.trigger.product_line",
        ):
            self.env[model].with_context(active_test=False).search([]).unlink()
        self.assertFalse(Trigger._gendan_has_trigger_lines())
        order = self._create_sale_order()
        order.action_confirm()
        purchase = order._get_purchase_orders()
        purchase.button_confirm()
        receipt = purchase.picking_ids
        self.assertFalse(receipt.qc_inspections_ids)

        trigger = Trigger.search(
            [("picking_type_id", "=", self.warehouse.in_type_id.id)], limit=1
        )
        self.assertTrue(trigger, "quality_control_stock_oca makes one per type")
        line = Lines.create(
            {
                "product": self.mto_product.id,
                "trigger": trigger.id,
                "test": self.qc_test.id,
                "timing": "before",
            }
        )
        self.assertTrue(Trigger._gendan_has_trigger_lines())
        second = self._create_sale_order()
        second.action_confirm()
        second_purchase = second._get_purchase_orders() - purchase
        second_purchase.button_confirm()
        self.assertEqual(len(second_purchase.picking_ids.qc_inspections_ids), 1)
        line.unlink()
        self.assertFalse(Trigger._gendan_has_trigger_lines())

    def test_stored_counts(self):
        """The form's counters are stored, and follow their records."""
        order = self._create_sale_order()
        order.action_confirm()
        self.assertEqual((order.error_count, order.complaint_count), (0, 0))
        error = self.env["gendan.order.error"].create(
            {
                "order_id": order.id,
                "error_type": "quantity",
                "description": "Carton count wrong on the PI",
            }
        )
        self.env["gendan.complaint"].create(
            {"order_id": order.id, "subject": "Two mugs chipped"}
        )
        self.env.flush_all()
        Order = self.env["sale.order"]
        self.assertEqual(
            Order.search([("id", "=", order.id), ("error_count", "=", 1)]), order
        )
        self.assertEqual(
            Order.search([("id", "=", order.id), ("complaint_count", "=", 1)]), order
        )
        error.unlink()
        self.assertEqual(order.error_count, 0)

    def test_deleted_order_leaves_the_pending_scans(self):
        """An order deleted after an event of the same transaction is not
        scanned at the commit (it would raise)."""
        order = self._create_sale_order()
        self.env["sale.order"]._gendan_emit("risk_check_requested", order)
        order.unlink()
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertFalse(order.exists())

    def test_next_milestone_and_projected_date_from_one_read(self):
        order = self._create_sale_order()
        first = self._add_milestone(
            order, "none", planned_date=dates.today(self.company), sequence=1
        )
        shipped = self._add_milestone(
            order,
            "shipped",
            category="logistics",
            planned_date=self.commitment,
            sequence=9,
        )
        self.env.invalidate_all()
        self.assertEqual(order.next_milestone_id, first)
        self.assertEqual(order.projected_ship_date, self.commitment)
        first.write({"state": "done", "actual_date": dates.today(self.company)})
        self.assertEqual(order.next_milestone_id, shipped)
