from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from ..tools import dates
from .common_supply import GendanSupplyCommon


@tagged("post_install", "-at_install")
class TestProductionIssue(GendanSupplyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_sale_order(product=cls.product)
        cls.other = cls.env["res.users"].create(
            {
                "name": "Olga Other",
                "login": "gendan_other_issue",
                "groups_id": [
                    Command.set([cls.env.ref("gendan_tracking.group_merchandiser").id])
                ],
            }
        )

    def test_issue_logged_on_order_and_resolved(self):
        issue_form = Form(
            self.env["gendan.production.issue"]
            .with_user(self.merchandiser)
            .with_context(default_order_id=self.order.id)
        )
        issue_form.name = "Kiln breakdown"
        issue_form.issue_type = "capacity"
        issue_form.description = "Kiln 2 down for a week"
        issue = issue_form.save()
        self.assertEqual(issue.owner_id, self.merchandiser)
        self.assertEqual(issue.state, "open")
        self.assertEqual(self.order.production_issue_ids, issue)
        self.assertEqual(self.order.production_issue_count, 1)

        with self.assertRaises(ValidationError):
            issue.action_resolve()
        self.assertEqual(issue.state, "open")
        issue.resolution = "Moved to kiln 3"
        issue.action_resolve()
        self.assertEqual(issue.state, "resolved")
        self.assertEqual(issue.date_resolved, dates.today(issue))

    def test_resolved_before_reported_refused(self):
        issue = self.env["gendan.production.issue"].create(
            {"order_id": self.order.id, "name": "Late glaze"}
        )
        with self.assertRaises(ValidationError):
            issue.date_resolved = issue.date_reported - timedelta(days=1)

    def test_only_the_order_merchandiser_sees_issues(self):
        issue = self.env["gendan.production.issue"].create(
            {"order_id": self.order.id, "name": "Wrong box print"}
        )
        issue.with_user(self.merchandiser).check_access("write")
        with self.assertRaises(AccessError):
            issue.with_user(self.other).check_access("read")
        self.company.gendan_see_all_orders = True
        issue.with_user(self.other).check_access("read")
        issue.with_user(self.manager).check_access("unlink")
        with self.assertRaises(AccessError):
            issue.with_user(self.merchandiser).check_access("unlink")
