from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import Form, tagged

from .control_common import GendanControlCommon


@tagged("post_install", "-at_install")
class TestContract(GendanControlCommon):
    def _activities(self, order):
        return self.env["mail.activity"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )

    def test_clause_activities_are_idempotent(self):
        order = self._create_order(
            self.customer, confirm=False, user_id=self.merchandiser.id
        )
        with Form(order.with_user(self.merchandiser)) as form:
            form.contract_number = "C-2026-001"
            form.contract_state = "negotiation"
            with form.contract_clause_ids.new() as clause:
                clause.name = "30% deposit before production"
                clause.clause_type = "payment"
                clause.owner_id = self.merchandiser
                clause.date_due = self.today - timedelta(days=1)
            with form.contract_clause_ids.new() as clause:
                clause.name = "Ship before end of month"
                clause.clause_type = "delivery"
                clause.owner_id = self.manager
                clause.date_due = self.today + timedelta(days=10)
        due, later = order.contract_clause_ids.sorted("date_due")
        Clause = self.env["gendan.contract.clause"]
        Clause._cron_gendan_clause_activities()
        activities = self._activities(order)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.merchandiser)
        self.assertIn("30% deposit", activities.summary)
        self.assertEqual(due.activity_id, activities)
        Clause._cron_gendan_clause_activities()
        self.assertEqual(self._activities(order), activities)
        # fulfilling the clause closes its activity
        due.with_user(self.merchandiser).fulfilled = True
        self.assertFalse(self._activities(order))
        Clause._cron_gendan_clause_activities()
        self.assertFalse(self._activities(order))
        self.assertFalse(later.activity_id)

    def test_signature_signs_the_contract(self):
        order = self._create_order(self.customer, confirm=False)
        self.assertEqual(order.contract_state, "draft")
        order.write({"signed_by": "Ann Acme", "signed_on": datetime(2026, 3, 5, 10, 0)})
        self.assertEqual(order.contract_state, "signed")
        self.assertEqual(str(order.contract_signed_date), "2026-03-05")
        self.assertEqual(order.contract_number, order.name)
        order.action_confirm()
        self.assertEqual(order.contract_state, "executing")

    def test_clauses_are_copied_with_the_order(self):
        order = self._create_order(
            self.customer,
            confirm=False,
            contract_clause_ids=[
                Command.create({"name": "AQL 2.5", "clause_type": "quality"})
            ],
        )
        copy = order.copy()
        self.assertEqual(copy.contract_clause_ids.name, "AQL 2.5")
        self.assertEqual(copy.contract_state, "draft")
