from collections import defaultdict

from odoo import api, fields, models

from ..tools import dates
from ..tools.groups import GROUP_MERCHANDISER


class SaleOrder(models.Model):
    """The cost sheet of an order (成本控制): budget lines, actuals from
    confirmed purchases and posted vendor bills, variance and expected margin,
    in company currency, for merchandising groups only."""

    _inherit = "sale.order"

    gendan_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    cost_template_id = fields.Many2one(
        "gendan.cost.template",
        string="Cost Template",
        check_company=True,
        groups=GROUP_MERCHANDISER,
        # a salesperson duplicating an order must not need access to it
        copy=False,
    )
    cost_line_ids = fields.One2many(
        "gendan.cost.line",
        "order_id",
        string="Cost Lines",
        copy=False,
        groups=GROUP_MERCHANDISER,
    )
    # computed (not the view's inverse field): the rows are read with their
    # columns in one query, not their ids first and their columns then
    cost_summary_ids = fields.One2many(
        "gendan.cost.summary",
        string="Costs by Type",
        compute="_compute_cost_summary_ids",
        groups=GROUP_MERCHANDISER,
        help="Budget against actual of each cost type: what the purchase orders "
        "and bills cost, against the budget they spend.",
    )
    cost_budget_total = fields.Monetary(
        string="Cost Budget",
        compute="_compute_cost_totals",
        store=True,
        currency_field="gendan_company_currency_id",
        groups=GROUP_MERCHANDISER,
    )
    cost_actual_total = fields.Monetary(
        string="Actual Cost",
        compute="_compute_cost_totals",
        store=True,
        currency_field="gendan_company_currency_id",
        groups=GROUP_MERCHANDISER,
    )
    cost_variance_pct = fields.Float(
        string="Cost Variance (%)",
        compute="_compute_cost_totals",
        store=True,
        aggregator="avg",
        groups=GROUP_MERCHANDISER,
    )
    expected_margin = fields.Monetary(
        compute="_compute_cost_totals",
        store=True,
        currency_field="gendan_company_currency_id",
        groups=GROUP_MERCHANDISER,
        help="Untaxed amount in company currency minus, per cost type, the larger "
        "of budget and actual cost.",
    )
    expected_margin_pct = fields.Float(
        string="Expected Margin (%)",
        compute="_compute_cost_totals",
        store=True,
        aggregator="avg",
        groups=GROUP_MERCHANDISER,
    )

    @api.depends(
        "cost_line_ids.budget_amount",
        "cost_line_ids.actual_amount",
        "cost_line_ids.cost_type",
        "amount_untaxed",
        "currency_id",
        "company_id",
        "date_order",
    )
    def _compute_cost_totals(self):
        for order in self:
            lines = order.cost_line_ids
            budget = sum(lines.mapped("budget_amount"))
            actual = sum(lines.mapped("actual_amount"))
            by_type = defaultdict(lambda: [0.0, 0.0])
            for line in lines:
                by_type[line.cost_type][0] += line.budget_amount
                by_type[line.cost_type][1] += line.actual_amount
            expected_cost = sum(max(b, a) for b, a in by_type.values())
            revenue = order._gendan_revenue_company_currency()
            order.cost_budget_total = budget
            order.cost_actual_total = actual
            order.cost_variance_pct = (
                (actual - budget) / budget * 100.0 if budget else 0.0
            )
            order.expected_margin = revenue - expected_cost
            order.expected_margin_pct = (
                (revenue - expected_cost) / revenue * 100.0 if revenue else 0.0
            )

    def action_gendan_apply_cost_template(self):
        for order in self:
            template = order.cost_template_id
            if not template:
                continue
            revenue = order._gendan_revenue_company_currency()
            lines = order.cost_line_ids.filtered(lambda line: line.source == "manual")
            currency = order.company_id.currency_id
            to_create = []
            for template_line in template.line_ids:
                budget = currency.round(revenue * template_line.percentage / 100.0)
                existing = lines.filtered(
                    lambda line, tl=template_line: (
                        line.template_line_id == tl
                        or (
                            not line.template_line_id and line.cost_type == tl.cost_type
                        )
                    )
                )[:1]
                if existing:
                    existing.write(
                        {"budget_amount": budget, "template_line_id": template_line.id}
                    )
                else:
                    to_create.append(
                        {
                            "order_id": order.id,
                            "cost_type": template_line.cost_type,
                            "name": template_line.name or False,
                            "budget_amount": budget,
                            "template_line_id": template_line.id,
                            "sequence": template_line.sequence,
                        }
                    )
            self.env["gendan.cost.line"].create(to_create)
        return True

    @api.depends(
        "cost_line_ids.cost_type",
        "cost_line_ids.budget_amount",
        "cost_line_ids.actual_amount",
    )
    def _compute_cost_summary_ids(self):
        Summary = self.env["gendan.cost.summary"]
        saved = self._origin.filtered("id")
        if saved:
            # the view reads the cost lines' table
            self.env["gendan.cost.line"].flush_model()
        rows = (
            Summary.search_fetch(
                [("order_id", "in", saved.ids)],
                [name for name, field in Summary._fields.items() if field.column_type],
            )
            if saved
            else Summary
        )
        by_order = rows.grouped("order_id")
        for order in self:
            order.cost_summary_ids = by_order.get(order._origin, Summary)

    def action_gendan_sync_costs(self):
        """Button: refresh the cost lines from purchases and vendor bills."""
        self._gendan_check_public_access("write")
        self._gendan_emit("cost_sync_requested", self)
        return True

    def _gendan_revenue_company_currency(self):
        self.ensure_one()
        company_currency = self.company_id.currency_id
        if not self.currency_id or self.currency_id == company_currency:
            return self.amount_untaxed
        return self.currency_id._convert(
            self.amount_untaxed,
            company_currency,
            self.company_id,
            self.date_order or dates.company_today(self.company_id),
        )

    def _gendan_sync_costs(self):
        """Refresh the cost lines that come from confirmed purchase orders and
        posted vendor bills. Per purchase line the posted bills replace the
        ordered amount for the billed quantity (no double counting); amounts are
        in company currency; a purchase shared by several orders is split by
        their untaxed amounts. (The pipeline's orders exist.)"""
        orders = self
        if not orders:
            return
        purchases = self.env["purchase.order"].search(
            [
                ("gendan_sale_order_ids", "in", orders.ids),
                ("state", "in", ("purchase", "done")),
            ]
        )
        po_lines = purchases.order_line.filtered(lambda line: not line.display_type)
        bill_lines = self.env["account.move.line"].search(
            [
                ("purchase_line_id", "in", po_lines.ids),
                ("parent_state", "=", "posted"),
                ("move_id.move_type", "in", ("in_invoice", "in_refund")),
            ]
        )
        billed = defaultdict(lambda: {"amount": 0.0, "qty": 0.0, "moves": set()})
        for bill_line in bill_lines:
            sign = -1 if bill_line.move_id.move_type == "in_refund" else 1
            entry = billed[bill_line.purchase_line_id.id]
            entry["amount"] += bill_line.balance
            entry["qty"] += sign * bill_line.product_uom_id._compute_quantity(
                bill_line.quantity, bill_line.purchase_line_id.product_uom
            )
            entry["moves"].add(bill_line.move_id.id)
        desired = {}
        for purchase in purchases:
            company = purchase.company_id
            company_currency = company.currency_id
            linked = purchase.gendan_sale_order_ids
            weights = self._gendan_purchase_weights(linked)
            ordered = defaultdict(float)
            billed_amount = defaultdict(float)
            moves = defaultdict(set)
            for line in purchase.order_line:
                if line.display_type or line not in po_lines:
                    continue
                cost_type = line._gendan_get_cost_type()
                entry = billed.get(line.id)
                unbilled_ratio = 1.0
                if entry:
                    billed_amount[cost_type] += entry["amount"]
                    moves[cost_type] |= entry["moves"]
                    unbilled_ratio = (
                        max(1.0 - entry["qty"] / line.product_qty, 0.0)
                        if line.product_qty
                        else 0.0
                    )
                ordered[cost_type] += line.price_subtotal * unbilled_ratio
            for cost_type in set(ordered) | set(billed_amount):
                ordered_company = purchase.currency_id._convert(
                    ordered[cost_type],
                    company_currency,
                    company,
                    purchase.date_approve or purchase.date_order,
                )
                total = ordered_company + billed_amount[cost_type]
                for order in linked & orders:
                    desired[(order.id, purchase.id, cost_type)] = {
                        "actual_amount": company_currency.round(
                            total * weights[order.id]
                        ),
                        "source": "bill" if moves[cost_type] else "purchase",
                        "move_id": min(moves[cost_type]) if moves[cost_type] else False,
                    }
        CostLine = self.env["gendan.cost.line"]
        existing = CostLine.search_fetch(
            [("order_id", "in", orders.ids), ("source", "!=", "manual")],
            [name for name, field in CostLine._fields.items() if field.column_type],
        )
        to_unlink = CostLine
        for line in existing:
            key = (line.order_id.id, line.purchase_id.id, line.cost_type)
            values = desired.pop(key, None)
            if values is None:
                to_unlink |= line
                continue
            changes = {
                field: value
                for field, value in values.items()
                if (line[field].id if field == "move_id" else line[field]) != value
            }
            if changes:
                line.write(changes)
        to_unlink.unlink()
        CostLine.create(
            [
                dict(
                    # first, the order's company (a related field): known, so
                    # not read back for the amounts' currency on create
                    company_id=self.browse(order_id).company_id.id,
                    **values,
                    order_id=order_id,
                    purchase_id=purchase_id,
                    cost_type=cost_type,
                    name=self.env["purchase.order"].browse(purchase_id).name,
                )
                for (order_id, purchase_id, cost_type), values in desired.items()
            ]
        )

    @api.model
    def _gendan_purchase_weights(self, orders):
        """Share of a purchase for each of ``orders``, by untaxed amount."""
        amounts = {order.id: order.amount_untaxed for order in orders}
        total = sum(amounts.values())
        if not total:
            return {order.id: 1.0 / len(orders) for order in orders}
        return {order_id: amount / total for order_id, amount in amounts.items()}
