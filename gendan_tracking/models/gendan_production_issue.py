from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dates


class GendanProductionIssue(models.Model):
    _name = "gendan.production.issue"
    _description = "Production Issue"
    _inherit = ["gendan.order.record", "mail.thread", "mail.activity.mixin"]
    _order = "date_reported desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Summary", required=True, tracking=True)
    order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id", string="Customer", store=True
    )
    purchase_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        domain="[('gendan_sale_order_ids', 'in', order_id)]",
        check_company=True,
        tracking=True,
    )
    supplier_id = fields.Many2one(
        related="purchase_id.partner_id", string="Supplier", store=True
    )
    issue_type = fields.Selection(
        [
            ("material", "Material"),
            ("capacity", "Capacity"),
            ("quality", "Quality"),
            ("specification", "Specification"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="material",
        tracking=True,
    )
    description = fields.Text()
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
    )
    date_reported = fields.Date(
        string="Reported On", required=True, default=dates.today
    )
    date_resolved = fields.Date(string="Resolved On", tracking=True)
    resolution = fields.Text()
    state = fields.Selection(
        [
            ("open", "Open"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("cancel", "Cancelled"),
        ],
        default="open",
        required=True,
        tracking=True,
        group_expand=True,
    )

    @api.constrains("date_reported", "date_resolved")
    def _check_dates(self):
        for issue in self:
            if issue.date_resolved and issue.date_resolved < issue.date_reported:
                raise ValidationError(
                    _(
                        "Issue %(name)s cannot be resolved before it was reported.",
                        name=issue.name,
                    )
                )

    @api.constrains("state", "resolution")
    def _check_resolution(self):
        for issue in self:
            if issue.state == "resolved" and not issue.resolution:
                raise ValidationError(
                    _(
                        "Describe the resolution of issue %(name)s before closing it.",
                        name=issue.name,
                    )
                )

    def action_start(self):
        self.filtered(lambda i: i.state == "open").write({"state": "in_progress"})

    def action_resolve(self):
        for issue in self:
            issue.write(
                {
                    "state": "resolved",
                    "date_resolved": issue.date_resolved or dates.today(issue),
                }
            )

    def action_cancel(self):
        self.write({"state": "cancel"})

    def action_reopen(self):
        self.write({"state": "open", "date_resolved": False})
