from odoo import _, api, fields, models

from ..tools import dates
from ..tools.lang import reader_env


class GendanContractClause(models.Model):
    _name = "gendan.contract.clause"
    _inherit = ["gendan.order.record"]
    _description = "Contract Clause"
    _order = "order_id, date_due, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Clause", required=True)
    clause_type = fields.Selection(
        [
            ("payment", "Payment"),
            ("delivery", "Delivery"),
            ("quality", "Quality"),
            ("penalty", "Penalty"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="other",
    )
    owner_id = fields.Many2one("res.users", string="Obligation Owner", index=True)
    date_due = fields.Date(string="Due Date", index=True)
    fulfilled = fields.Boolean()
    note = fields.Text()
    activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, ondelete="set null"
    )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("fulfilled"):
            activities = self.activity_id.filtered("active")
            if activities:
                activities.action_feedback(feedback=_("Clause fulfilled."))
        return res

    @api.model
    def _cron_gendan_clause_activities(self):
        """Schedule one activity per due, unfulfilled clause for its owner."""
        # the latest company's day; each clause is then held to its own company's
        today = max(
            dates.company_today(c) for c in self.env["res.company"].sudo().search([])
        )
        clauses = self.sudo().search(
            [
                ("fulfilled", "=", False),
                ("date_due", "<=", today),
                ("activity_id", "=", False),
                ("order_id.state", "!=", "cancel"),
            ]
        )
        days = {
            company.id: dates.company_today(company) for company in clauses.company_id
        }
        return clauses.filtered(
            lambda c: c.date_due <= days[c.company_id.id]
        )._gendan_schedule_activities()

    def _gendan_schedule_activities(self):
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("sale.order")
        vals_list = []
        clauses = self.filtered(lambda c: not c.activity_id and not c.fulfilled)
        for clause in clauses:
            user = (
                clause.owner_id
                or clause.order_id.merchandiser_id
                or clause.order_id.user_id
            )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": clause.order_id.id,
                    "activity_type_id": todo_type.id,
                    "user_id": user.id or self.env.user.id,
                    "date_deadline": clause.date_due,
                    # worded in the language of the user who has to act on it
                    "summary": reader_env(clause, user)._(
                        "Contract clause due: %(clause)s", clause=clause.name
                    ),
                    "note": clause.note or False,
                }
            )
        activities = self.env["mail.activity"].sudo().create(vals_list)
        for clause, activity in zip(clauses, activities, strict=True):
            clause.activity_id = activity
        return activities
