from odoo import api, fields, models

from .gendan_milestone_template import AUTO_RULE_SELECTION, CATEGORY_SELECTION


class GendanMilestone(models.Model):
    _name = "gendan.milestone"
    _description = "Order Milestone"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "order_id, sequence, planned_date, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True)
    name = fields.Char(required=True, translate=False)
    sequence = fields.Integer(default=10)
    category = fields.Selection(CATEGORY_SELECTION, required=True, default="order")
    template_line_id = fields.Many2one(
        "gendan.milestone.template.line", ondelete="set null", index="btree_not_null"
    )
    planned_date = fields.Date(tracking=True)
    actual_date = fields.Date(tracking=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("late", "Late"),
            ("skipped", "Skipped"),
        ],
        default="pending",
        required=True,
        index=True,
        tracking=True,
    )
    delay_days = fields.Integer(string="Delay (days)")
    delay_reason = fields.Selection(
        [
            ("customer", "Customer"),
            ("supplier", "Supplier"),
            ("internal", "Internal"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    responsible_id = fields.Many2one("res.users", string="Responsible", index=True)
    auto_rule = fields.Selection(AUTO_RULE_SELECTION, default="none", required=True)
    customer_visible = fields.Boolean(default=True)
    res_model = fields.Char(string="Linked Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Linked Record", model_field="res_model", readonly=True
    )
    note = fields.Text()

    @api.model
    def _open_states(self):
        return ("pending", "in_progress", "late")

    def _action_complete(self, actual_date, record=None):
        """Mark milestones done on ``actual_date``, linked to ``record``."""
        values = {"state": "done", "actual_date": actual_date}
        if record:
            values.update(res_model=record._name, res_id=record.id)
        self.write(values)
        return True
