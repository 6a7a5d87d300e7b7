from collections import defaultdict

from odoo import api, fields, models

from .gendan_risk import RISK_LEVELS

MERCH_GROUPS = "gendan_tracking.group_merchandiser"

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("negotiation", "Negotiation"),
    ("signed", "Signed"),
    ("executing", "Executing"),
    ("completed", "Completed"),
    ("terminated", "Terminated"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Risks
    risk_ids = fields.One2many("gendan.risk", "order_id", string="Risks", copy=False)
    risk_level = fields.Selection(
        RISK_LEVELS,
        compute="_compute_risk_level",
        store=True,
        index=True,
        help="The highest level of the open risks of the order.",
    )
    risk_open_count = fields.Integer(compute="_compute_risk_level", store=True)

    # Costs (company currency, merchandising groups only)
    gendan_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    cost_template_id = fields.Many2one(
        "gendan.cost.template",
        string="Cost Template",
        check_company=True,
        groups=MERCH_GROUPS,
        # a salesperson duplicating an order must not need access to it
        copy=False,
    )
    cost_line_ids = fields.One2many(
        "gendan.cost.line",
        "order_id",
        string="Cost Lines",
        copy=False,
        groups=MERCH_GROUPS,
    )
    cost_budget_total = fields.Monetary(
        string="Cost Budget",
        compute="_compute_cost_totals",
        store=True,
        currency_field="gendan_company_currency_id",
        groups=MERCH_GROUPS,
    )
    cost_actual_total = fields.Monetary(
        string="Actual Cost",
        compute="_compute_cost_totals",
        store=True,
        currency_field="gendan_company_currency_id",
        groups=MERCH_GROUPS,
    )
    cost_variance_pct = fields.Float(
        string="Cost Variance (%)",
        compute="_compute_cost_totals",
        store=True,
        aggregator="avg",
        groups=MERCH_GROUPS,
    )
    expected_margin = fields.Monetary(
        compute="_compute_cost_totals",
        store=True,
        currency_field="gendan_company_currency_id",
        groups=MERCH_GROUPS,
        help="Untaxed amount in company currency minus, per cost type, the larger "
        "of budget and actual cost.",
    )
    expected_margin_pct = fields.Float(
        string="Expected Margin (%)",
        compute="_compute_cost_totals",
        store=True,
        aggregator="avg",
        groups=MERCH_GROUPS,
    )

    # Documents
    document_ids = fields.One2many(
        "gendan.document", "order_id", string="Documents", copy=False
    )
    document_completeness = fields.Float(
        string="Documents (%)",
        compute="_compute_document_completeness",
        store=True,
        aggregator="avg",
        help="Share of the required documents that are ready or sent.",
    )
    document_required_count = fields.Integer(
        compute="_compute_document_completeness", store=True
    )

    # Contract
    contract_number = fields.Char(copy=False, tracking=True)
    contract_state = fields.Selection(
        CONTRACT_STATES,
        string="Contract Status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    contract_signed_date = fields.Date(
        string="Contract Signed On", copy=False, tracking=True
    )
    contract_clause_ids = fields.One2many(
        "gendan.contract.clause", "order_id", string="Contract Clauses", copy=True
    )

    # Complaints
    complaint_ids = fields.One2many(
        "gendan.complaint", "order_id", string="Complaints", copy=False
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    @api.depends("risk_ids.level", "risk_ids.state")
    def _compute_risk_level(self):
        rank = {level: index for index, (level, _label) in enumerate(RISK_LEVELS)}
        for order in self:
            open_risks = order.risk_ids.filtered(lambda r: r.state != "closed")
            levels = [risk.level for risk in open_risks if risk.level]
            order.risk_level = max(levels, key=rank.get) if levels else False
            order.risk_open_count = len(open_risks)

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
            lines = order.sudo().cost_line_ids
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

    @api.depends("document_ids.required", "document_ids.state")
    def _compute_document_completeness(self):
        for order in self:
            required = order.document_ids.filtered("required")
            done = required.filtered(lambda d: d.state in ("ready", "sent"))
            order.document_required_count = len(required)
            order.document_completeness = (
                len(done) / len(required) * 100.0 if required else 0.0
            )

    def _compute_complaint_count(self):
        groups = self.env["gendan.complaint"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.complaint_count = counts.get(order.id, 0)

    def write(self, vals):
        if vals.get("signed_on") and "contract_state" not in vals:
            to_sign = self.filtered(
                lambda o: o.contract_state in ("draft", "negotiation")
            )
            rest = self - to_sign
            signed_date = fields.Datetime.to_datetime(vals["signed_on"]).date()
            for order in to_sign:
                super(SaleOrder, order).write(
                    dict(
                        vals,
                        contract_state="signed",
                        contract_signed_date=order.contract_signed_date or signed_date,
                        contract_number=order.contract_number or order.name,
                    )
                )
            return super(SaleOrder, rest).write(vals) if rest else True
        return super().write(vals)

    def _action_confirm(self):
        res = super()._action_confirm()
        # bookkeeping of the confirmation, whoever confirms (see sale_order.py)
        orders = self.sudo()
        orders._gendan_apply_document_template()
        orders.filtered(lambda o: o.contract_state == "signed").write(
            {"contract_state": "executing"}
        )
        return res

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

    def action_gendan_sync_costs(self):
        self._gendan_sync_costs()
        return True

    def action_gendan_apply_document_template(self):
        self._gendan_apply_document_template()
        return True

    def action_gendan_send_progress(self):
        """Open the composer with the progress report template."""
        self.ensure_one()
        template = self.env.ref(
            "gendan_tracking.mail_template_progress", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.act_window",
            "view_mode": "form",
            "res_model": "mail.compose.message",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "sale.order",
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "force_email": True,
            },
        }

    def action_gendan_view_risks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_risk_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_gendan_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gendan_tracking.gendan_complaint_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def action_gendan_scan_risks(self):
        self.env["gendan.risk"]._gendan_scan(self)
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _gendan_revenue_company_currency(self):
        self.ensure_one()
        company_currency = self.company_id.currency_id
        if not self.currency_id or self.currency_id == company_currency:
            return self.amount_untaxed
        return self.currency_id._convert(
            self.amount_untaxed,
            company_currency,
            self.company_id,
            self.date_order or fields.Date.context_today(self),
        )

    def _gendan_planned_shipping_dates(self):
        """{order id: planned shipping date}: the 'shipped' milestone's planned
        date, else the commitment date. One query."""
        milestones = self.env["gendan.milestone"].search(
            [
                ("order_id", "in", self.ids),
                ("auto_rule", "=", "shipped"),
                ("planned_date", "!=", False),
            ],
            order="sequence, planned_date, id",
        )
        dates = {}
        for milestone in milestones:
            dates.setdefault(milestone.order_id.id, milestone.planned_date)
        for order in self:
            if order.id not in dates and order.commitment_date:
                dates[order.id] = fields.Date.to_date(order.commitment_date)
        return dates

    def _gendan_risk_scan_events(self, rules):
        if self:
            self.env["gendan.risk"].sudo()._gendan_scan(self.sudo(), rules=rules)

    def _gendan_costs_changed(self):
        self._gendan_risk_scan_events(["cost_overrun", "low_margin"])

    def _gendan_documents_changed(self):
        orders = self.exists()
        complete = orders.filtered(
            lambda o: o.document_required_count and o.document_completeness >= 100.0
        )
        if complete:
            complete._gendan_fire_rule("documents_complete")
        orders._gendan_risk_scan_events(["documents_missing"])

    def _gendan_apply_document_template(self):
        """Add the documents of the customer's (or default) template that the
        order does not have yet."""
        templates = self.env["gendan.document.template"]._gendan_templates_for_orders(
            self
        )
        vals_list = []
        for order in self:
            template = templates.get(order.id)
            if not template:
                continue
            present = set(order.document_ids.mapped("doc_type"))
            for line in template.line_ids:
                if line.doc_type in present and line.doc_type != "other":
                    continue
                vals_list.append(
                    {
                        "order_id": order.id,
                        "doc_type": line.doc_type,
                        "name": line.name,
                        "required": line.required,
                        "review_required": line.review_required,
                        "sequence": line.sequence,
                    }
                )
        return self.env["gendan.document"].create(vals_list)

    def _gendan_missing_documents(self):
        return self.document_ids.filtered(
            lambda d: d.required and d.state not in ("ready", "sent")
        )

    def _gendan_sync_costs(self):
        """Refresh the cost lines that come from confirmed purchase orders and
        posted vendor bills. Per purchase line the posted bills replace the
        ordered amount for the billed quantity (no double counting); amounts are
        in company currency; a purchase shared by several orders is split by
        their untaxed amounts."""
        orders = self.exists().sudo()
        if not orders:
            return
        PurchaseOrder = self.env["purchase.order"].sudo()
        if "gendan_sale_order_ids" in PurchaseOrder._fields:
            purchases = PurchaseOrder.search(
                [
                    ("gendan_sale_order_ids", "in", orders.ids),
                    ("state", "in", ("purchase", "done")),
                ]
            )
        else:
            purchases = PurchaseOrder
        po_lines = purchases.order_line.filtered(lambda line: not line.display_type)
        bill_lines = (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("purchase_line_id", "in", po_lines.ids),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "in", ("in_invoice", "in_refund")),
                ]
            )
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
        CostLine = (
            self.env["gendan.cost.line"].sudo().with_context(gendan_cost_sync=True)
        )
        existing = CostLine.search(
            [("order_id", "in", orders.ids), ("source", "!=", "manual")]
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
                    values,
                    order_id=order_id,
                    purchase_id=purchase_id,
                    cost_type=cost_type,
                    name=self.env["purchase.order"].browse(purchase_id).name,
                )
                for (order_id, purchase_id, cost_type), values in desired.items()
            ]
        )
        orders._gendan_costs_changed()

    @api.model
    def _gendan_purchase_weights(self, orders):
        """Share of a purchase for each of ``orders``, by untaxed amount."""
        amounts = {order.id: order.amount_untaxed for order in orders}
        total = sum(amounts.values())
        if not total:
            return {order.id: 1.0 / len(orders) for order in orders}
        return {order_id: amount / total for order_id, amount in amounts.items()}
