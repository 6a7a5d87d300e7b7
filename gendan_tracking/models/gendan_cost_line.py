from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .gendan_cost_template import COST_TYPES

SYNC_FIELDS = frozenset({"source", "purchase_id", "move_id"})


class GendanCostLine(models.Model):
    _name = "gendan.cost.line"
    _inherit = ["gendan.order.record"]
    _description = "Order Cost Line"
    _order = "order_id, sequence, cost_type, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description")
    cost_type = fields.Selection(COST_TYPES, required=True, default="material")
    budget_amount = fields.Monetary(string="Budget", currency_field="currency_id")
    actual_amount = fields.Monetary(string="Actual", currency_field="currency_id")
    variance_amount = fields.Monetary(
        string="Variance",
        compute="_compute_variance_amount",
        store=True,
        currency_field="currency_id",
    )
    source = fields.Selection(
        [("manual", "Manual"), ("purchase", "Purchase Order"), ("bill", "Vendor Bill")],
        default="manual",
        required=True,
        readonly=True,
    )
    purchase_id = fields.Many2one(
        "purchase.order", string="Purchase Order", readonly=True, index="btree_not_null"
    )
    move_id = fields.Many2one(
        "account.move", string="Vendor Bill", readonly=True, index="btree_not_null"
    )
    template_line_id = fields.Many2one(
        "gendan.cost.template.line", readonly=True, ondelete="set null"
    )

    @api.depends("budget_amount", "actual_amount")
    def _compute_variance_amount(self):
        for line in self:
            line.variance_amount = line.actual_amount - line.budget_amount

    @api.constrains("budget_amount", "actual_amount", "source")
    def _check_amounts(self):
        # a budget is never negative; an actual is negative only where the sync
        # computed it from purchases and bills (a refund larger than the bill)
        for line in self:
            if line.budget_amount < 0 or (
                line.source == "manual" and line.actual_amount < 0
            ):
                raise ValidationError(
                    _(
                        "Budget and actual amounts of a cost line cannot be negative "
                        "(order %(order)s).",
                        order=line.order_id.display_name,
                    )
                )

    def _gendan_check_sync_fields(self, vals_list, lines=None):
        """What the sync writes (the source and its documents, the actuals
        of synced lines) only the sync writes, whatever the path."""
        if self.env.su:
            return
        for vals in vals_list:
            if set(vals) & SYNC_FIELDS and any(
                vals.get(name) not in (None, False, "manual") for name in SYNC_FIELDS
            ):
                raise AccessError(
                    _(
                        "Cost lines from purchases and vendor bills are made by "
                        "*Update from Purchases*, not by hand."
                    )
                )
            if (
                lines
                and "actual_amount" in vals
                and any(line.source != "manual" for line in lines)
            ):
                raise AccessError(
                    _(
                        "The actual cost of a line from purchases or bills comes "
                        "from them: change the purchase order or the bill."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._gendan_check_sync_fields(vals_list)
        lines = super().create(vals_list)
        self.env["sale.order"]._gendan_emit("costs_changed", lines.order_id)
        return lines

    def write(self, vals):
        self._gendan_check_sync_fields([vals], self)
        orders = self.order_id
        res = super().write(vals)
        if {"budget_amount", "actual_amount", "order_id"} & set(vals):
            self.env["sale.order"]._gendan_emit("costs_changed", orders | self.order_id)
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        self.env["sale.order"]._gendan_emit("costs_changed", orders.exists())
        return res
