"""Issue 15, tracking side: a merchandiser cannot bend a colleague's figures.
Every test runs as the merchandiser (``with_user``) and checks the refusal and
that nothing changed."""

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
class TestOwnership(GendanOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.gendan_see_all_orders = False
        cls.colleague = mail_new_test_user(
            cls.env,
            login="gendan_merch_b",
            name="Bo Colleague",
            groups="gendan_tracking.group_merchandiser",
        )
        cls.own = cls._create_order(user=cls.merchandiser)
        cls.theirs = cls._create_order(user=cls.colleague)
        # the colleague's order has no salesperson: Odoo's "own documents" rule
        # opens it to every salesman
        cls.theirs.sudo().user_id = False
        cls.Cost = cls.env["gendan.cost.line"]

    def _cost(self, order, amount=100.0):
        return self.Cost.sudo().create(
            {"order_id": order.id, "name": "Fabric", "budget_amount": amount}
        )

    def test_colleague_order_without_salesperson_is_hidden(self):
        Order = self.env["sale.order"].with_user(self.merchandiser)
        self.assertEqual(self.theirs.sudo().merchandiser_id, self.colleague)
        self.assertFalse(Order.search([("id", "=", self.theirs.id)]))
        with self.assertRaises(AccessError):
            Order.browse(self.theirs.id).read(["cost_budget_total"])
        groups = Order.read_group(
            [("id", "in", (self.own | self.theirs).ids)], ["id:count"], []
        )
        self.assertEqual(groups[0]["__count"], 1)
        # an ordinary salesman without merchandising group still sees it
        salesman = mail_new_test_user(
            self.env, login="plain_sales_own", groups="sales_team.group_sale_salesman"
        )
        self.assertTrue(
            self.env["sale.order"]
            .with_user(salesman)
            .search([("id", "=", self.theirs.id)])
        )
        # and so does everyone once the company lets merchandisers see all orders
        self.company.gendan_see_all_orders = True
        self.assertTrue(Order.search([("id", "=", self.theirs.id)]))

    def test_only_a_manager_changes_the_merchandiser(self):
        with self.assertRaises(AccessError):
            self.own.with_user(self.merchandiser).merchandiser_id = self.colleague
        self.assertEqual(self.own.sudo().merchandiser_id, self.merchandiser)
        with self.assertRaises(AccessError):
            self._create_order(
                user=self.merchandiser, merchandiser_id=self.colleague.id
            )
        self.own.with_user(self.manager).merchandiser_id = self.colleague
        self.assertEqual(self.own.sudo().merchandiser_id, self.colleague)

    def test_records_cannot_be_moved_to_another_order(self):
        line = self._cost(self.own)
        before = self.Cost.sudo().search_count([("order_id", "=", self.theirs.id)])
        with self.assertRaises(AccessError):
            line.with_user(self.merchandiser).order_id = self.theirs
        self.assertEqual(line.sudo().order_id, self.own)
        self.assertEqual(
            self.Cost.sudo().search_count([("order_id", "=", self.theirs.id)]), before
        )
        for model, vals in (
            ("gendan.risk", {"name": "Late fabric"}),
            ("gendan.milestone", {"name": "Own step"}),
        ):
            record = self.env[model].sudo().create(dict(vals, order_id=self.own.id))
            with self.assertRaises(AccessError, msg=model):
                record.with_user(self.merchandiser).write({"order_id": self.theirs.id})
            self.assertEqual(record.sudo().order_id, self.own, model)
        # a manager may move it
        line.with_user(self.manager).order_id = self.theirs
        self.assertEqual(line.order_id, self.theirs)

    def test_errors_count_for_the_order_merchandiser(self):
        Error = self.env["gendan.order.error"].with_user(self.merchandiser)
        count = Error.sudo().search_count([])
        with self.assertRaises(AccessError):
            Error.create(
                {"order_id": self.own.id, "merchandiser_id": self.colleague.id}
            )
        self.assertEqual(Error.sudo().search_count([]), count)
        error = Error.create({"order_id": self.own.id})
        self.assertEqual(error.merchandiser_id, self.merchandiser)
        with self.assertRaises(AccessError):
            error.merchandiser_id = self.colleague
        self.assertEqual(error.sudo().merchandiser_id, self.merchandiser)
        # on a colleague's order: refused
        self.company.gendan_see_all_orders = True
        with self.assertRaises(AccessError):
            Error.create({"order_id": self.theirs.id})
        self.assertEqual(Error.sudo().search_count([]), count + 1)
        # a manager overrides, with a reason only
        managed = error.with_user(self.manager)
        with self.assertRaises(ValidationError):
            managed.merchandiser_id = self.colleague
        managed.write(
            {"merchandiser_id": self.colleague.id, "attribution_reason": "Took over"}
        )
        self.assertEqual(error.merchandiser_id, self.colleague)

    def test_cost_line_invariants_hold_on_every_path(self):
        Cost = self.Cost.with_user(self.merchandiser)
        count = Cost.sudo().search_count([])
        with self.assertRaises(ValidationError):
            Cost.create(
                {"order_id": self.own.id, "name": "Refund", "budget_amount": -5000}
            )
        with self.assertRaises(AccessError):
            Cost.create(
                {
                    "order_id": self.own.id,
                    "name": "Synced?",
                    "source": "purchase",
                    "actual_amount": -5000,
                }
            )
        self.assertEqual(Cost.sudo().search_count([]), count)
        line = self._cost(self.own)
        with self.assertRaises(ValidationError):
            line.with_user(self.merchandiser).budget_amount = -1
        self.assertEqual(line.budget_amount, 100.0)

    def test_dates_out_of_range_get_a_clear_error(self):
        with self.assertRaises(ValidationError):
            self.own.with_user(
                self.merchandiser
            ).commitment_date = "9999-12-31 00:00:00"
        self.assertNotEqual(
            self.own.commitment_date and self.own.commitment_date.year, 9999
        )
        milestone = (
            self.env["gendan.milestone"]
            .sudo()
            .create(
                {"order_id": self.own.id, "name": "Step", "planned_date": "2027-01-04"}
            )
        )
        planned = milestone.planned_date
        with self.assertRaises(ValidationError):
            milestone.with_user(self.merchandiser).planned_date = "9999-12-31"
        self.assertEqual(milestone.planned_date, planned)

    def test_daily_followup_survives_a_broken_order(self):
        """One order whose refresh fails is logged and flagged to a manager; the
        others are refreshed."""
        Order = type(self.env["sale.order"])
        original = Order._gendan_refresh_lateness
        broken = self.theirs

        def refresh(orders):
            if broken in orders:
                raise ValueError("broken order")
            return original(orders)

        (self.own | self.theirs).sudo().action_confirm()
        todo = self.env.ref("gendan_tracking.mail_activity_type_followup_failed")
        Order._gendan_refresh_lateness = refresh
        try:
            with self.assertLogs("odoo.addons.gendan_tracking.tools.batch", "ERROR"):
                self.env["gendan.milestone"]._cron_daily_followup()
        finally:
            Order._gendan_refresh_lateness = original
        flagged = self.env["mail.activity"].search(
            [("activity_type_id", "=", todo.id), ("res_model", "=", "sale.order")]
        )
        self.assertEqual(flagged.mapped("res_id"), [broken.id])
