"""Promise reliability (issue 17): the first promise is kept, the analysis
per supplier, the Supplier role of template lines, and the portal methods
as the model sees them (rights, the pipeline)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.gendan_event import Event
from .common import GendanCommon


@freeze_time("2026-03-10 03:00:00")
@tagged("post_install", "-at_install")
class TestSupplierPromise(GendanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Foshan Kiln Works", "is_company": True}
        )
        cls.supplier = new_test_user(
            cls.env, login="gendan_kiln", groups="base.group_portal"
        )
        cls.supplier.partner_id.parent_id = cls.vendor
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "merchandiser_id": cls.merchandiser.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        cls.order.action_confirm()

    def _purchase(self, **values):
        vals = {
            "partner_id": self.vendor.id,
            "date_order": fields.Datetime.to_datetime("2026-03-01 08:00:00"),
            "gendan_sale_order_ids": [Command.link(self.order.id)],
            "order_line": [
                Command.create({"product_id": self.product.id, "product_qty": 5})
            ],
        }
        vals.update(values)
        purchase = self.env["purchase.order"].create(vals)
        purchase.button_confirm()
        return purchase

    def _log(self, purchase, day):
        self.env["gendan.expedite.log"].create(
            {"purchase_id": purchase.id, "new_promised_date": day}
        )

    def test_first_promise_is_kept(self):
        purchase = self._purchase()
        self.assertFalse(purchase.supplier_first_promised_date)
        self._log(purchase, "2026-04-01")
        self._log(purchase, "2026-04-10")
        purchase.supplier_promised_date = "2026-04-15"
        self.assertEqual(
            purchase.supplier_first_promised_date, fields.Date.to_date("2026-04-01")
        )
        created = self._purchase(supplier_promised_date="2026-04-03")
        self.assertEqual(
            created.supplier_first_promised_date, fields.Date.to_date("2026-04-03")
        )

    def test_first_promise_cannot_be_written(self):
        purchase = self._purchase(supplier_promised_date="2026-04-03")
        purchaser = new_test_user(
            self.env, login="gendan_buyer", groups="purchase.group_purchase_manager"
        )
        with self.assertRaises(AccessError):
            purchase.with_user(purchaser).write(
                {"supplier_first_promised_date": "2026-05-01"}
            )
        self.env.invalidate_all()
        self.assertEqual(
            purchase.supplier_first_promised_date, fields.Date.to_date("2026-04-03")
        )

    def test_reliability_per_supplier(self):
        moved = self._purchase(supplier_promised_date="2026-04-01")
        self._log(moved, "2026-04-05")
        self._log(moved, "2026-04-09")
        kept = self._purchase(supplier_promised_date="2026-04-02")
        other = self._purchase(
            partner_id=self.env["res.partner"].create({"name": "X"}).id
        )
        Report = self.env["gendan.supplier.promise.report"].with_user(self.manager)
        row = Report.search([("purchase_id", "=", moved.id)])
        self.assertEqual(row.promise_change_count, 2)
        self.assertEqual(row.slip_days, 8)
        self.assertEqual(row.first_promised_date, fields.Date.to_date("2026-04-01"))
        self.assertEqual(row.promised_date, fields.Date.to_date("2026-04-09"))
        self.assertEqual(row.partner_id, self.vendor)
        groups = Report._read_group(
            [("purchase_id", "in", (moved | kept | other).ids)],
            ["partner_id"],
            ["promise_change_count:sum", "slip_days:avg", "__count"],
        )
        by_vendor = {
            partner: (changes, slip, n) for partner, changes, slip, n in groups
        }
        self.assertEqual(by_vendor[self.vendor], (2, 4.0, 2))
        # a merchandiser reads the rows of the purchases they follow only
        stranger = new_test_user(
            self.env,
            login="gendan_stranger",
            groups="gendan_tracking.group_merchandiser",
        )
        self.assertFalse(
            Report.with_user(stranger).search([("purchase_id", "=", moved.id)])
        )
        self.assertEqual(
            Report.with_user(self.merchandiser).search(
                [("purchase_id", "=", moved.id)]
            ),
            row.with_user(self.merchandiser),
        )

    def test_supplier_role_planned_from_the_template(self):
        template = self.env["gendan.milestone.template"].create(
            {
                "name": "With supplier",
                "line_ids": [
                    Command.create(
                        {
                            "name": "Production started",
                            "category": "production",
                            "responsible": "supplier",
                            "auto_rule": "production_started",
                            "offset_days": 5,
                        }
                    )
                ],
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "merchandiser_id": self.merchandiser.id,
                "milestone_template_id": template.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        milestone = order.milestone_ids
        self.assertEqual(milestone.responsible_role, "supplier")
        purchase = self._purchase(gendan_sale_order_ids=[Command.link(order.id)])
        self.assertEqual(purchase._gendan_supplier_milestones(), milestone)

    def test_portal_methods_check_the_caller(self):
        purchase = self._purchase()
        stranger = new_test_user(
            self.env, login="gendan_nobody", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            purchase.with_user(stranger).gendan_portal_acknowledge()
        self.env.invalidate_all()
        self.assertFalse(purchase.supplier_confirmed)
        # an unfollowed purchase has nothing to update
        unfollowed = self._purchase(gendan_sale_order_ids=[])
        with self.assertRaises(UserError):
            unfollowed.with_user(self.supplier).gendan_portal_acknowledge()
        self.env.invalidate_all()
        purchase.with_user(self.supplier).gendan_portal_acknowledge()
        self.assertTrue(purchase.supplier_confirmed)
        self.assertEqual(purchase.supplier_confirmed_by_id, self.supplier.partner_id)

    def test_production_started_event_completes_the_rule(self):
        purchase = self._purchase()
        waiting = self.env["gendan.milestone"].create(
            {
                "order_id": self.order.id,
                "name": "Bulk production under way",
                "auto_rule": "production_started",
                "planned_date": fields.Date.to_date("2026-03-20"),
            }
        )
        self.env["sale.order"]._gendan_emit(
            "production_started",
            self.order,
            date=fields.Date.to_date("2026-03-09"),
            record=purchase,
        )
        self.assertEqual(waiting.state, "done")
        self.assertEqual(
            (waiting.res_model, waiting.res_id), ("purchase.order", purchase.id)
        )

    def test_event_table_checks_record_handlers(self):
        SaleOrder = self.env["sale.order"]
        with self.assertRaises(ValueError):
            SaleOrder._gendan_check_events(
                {
                    "bad": Event(
                        record_model="purchase.order",
                        record_handlers=("_gendan_no_such_handler",),
                    )
                }
            )
        with self.assertRaises(ValueError):
            SaleOrder._gendan_check_events(
                {"bad": Event(record_model="no.model", record_handlers=("x",))}
            )

    def test_promise_in_the_past_of_the_purchase(self):
        purchase = self._purchase()
        day = fields.Date.to_date("2026-03-01") - timedelta(days=1)
        with self.assertRaises(ValidationError):
            purchase.with_user(self.supplier).gendan_portal_promise(day, "Earlier")
        self.env.invalidate_all()
        self.assertFalse(purchase.supplier_promised_date)
