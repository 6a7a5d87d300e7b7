from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
class TestAccess(GendanOrderCommon):
    def test_merchandiser_sees_own_follow_up_unless_company_allows_all(self):
        order = self._create_order(
            user=self.manager, merchandiser_id=self.merchandiser.id
        )
        self._review(order)
        order.action_confirm()
        other = mail_new_test_user(
            self.env,
            login="gendan_other_merch",
            groups="gendan_tracking.group_merchandiser",
        )
        Milestone = self.env["gendan.milestone"]
        self.assertEqual(
            Milestone.with_user(self.merchandiser).search_count(
                [("order_id", "=", order.id)]
            ),
            6,
        )
        self.assertEqual(
            Milestone.with_user(other).search_count([("order_id", "=", order.id)]), 0
        )
        with self.assertRaises(AccessError):
            order.milestone_ids[0].with_user(other).read(["name"])
        self.assertTrue(order.with_user(self.merchandiser).has_access("read"))
        self.company.gendan_see_all_orders = True
        self.env.invalidate_all()
        self.assertEqual(
            Milestone.with_user(other).search_count([("order_id", "=", order.id)]), 6
        )
        self.assertEqual(
            self.env["sale.order"]
            .with_user(other)
            .search_count([("id", "=", order.id)]),
            1,
        )
        # managers see every order's milestones
        self.company.gendan_see_all_orders = False
        self.assertEqual(
            Milestone.with_user(self.manager).search_count(
                [("order_id", "=", order.id)]
            ),
            6,
        )
