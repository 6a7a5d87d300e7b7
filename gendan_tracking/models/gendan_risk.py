from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools import dates
from ..tools.lang import reader_lang

RISK_CATEGORIES = [
    ("supplier_delay", "Supplier Delay"),
    ("quality", "Quality"),
    ("logistics", "Logistics"),
    ("payment", "Payment / Credit"),
    ("cost", "Cost"),
    ("documents", "Documents"),
    ("spec_change", "Specification Change"),
    ("other", "Other"),
]

RISK_RULES = [
    ("milestone_overdue", "Milestone overdue"),
    ("supply_late", "Supplier promise late"),
    ("inspection_failed", "Inspection failed"),
    ("cost_overrun", "Cost overrun"),
    ("documents_missing", "Documents missing before shipping"),
    ("payment", "Customer credit / overdue invoices"),
    ("low_margin", "Low expected margin"),
    ("sample_late", "Sample late"),
]

RISK_LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]

MILESTONE_CATEGORY_TO_RISK = {
    "material": "supplier_delay",
    "production": "supplier_delay",
    "quality": "quality",
    "logistics": "logistics",
    "documents": "documents",
    "finance": "payment",
}


def score_to_level(score):
    """Level of a probability x impact score (1..25)."""
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 16:
        return "high"
    return "critical"


def _company_days(orders):
    """``{company_id: the company's today}`` for the companies of ``orders``."""
    return {company.id: dates.company_today(company) for company in orders.company_id}


class GendanRisk(models.Model):
    _name = "gendan.risk"
    _description = "Order Risk"
    _inherit = ["gendan.order.record", "mail.thread", "mail.activity.mixin"]
    _order = "state, score desc, date_deadline, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    order_id = fields.Many2one(
        "sale.order",
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
    partner_id = fields.Many2one(related="order_id.partner_id", store=True)
    category = fields.Selection(
        RISK_CATEGORIES, required=True, default="other", tracking=True
    )
    probability = fields.Integer(
        default=3, required=True, tracking=True, help="From 1 (rare) to 5 (certain)."
    )
    impact = fields.Integer(
        default=3, required=True, tracking=True, help="From 1 (minor) to 5 (severe)."
    )
    score = fields.Integer(
        compute="_compute_score",
        store=True,
        aggregator="max",
        help="Probability × impact.",
    )
    level = fields.Selection(
        RISK_LEVELS, compute="_compute_score", store=True, index=True, tracking=True
    )
    # the axes of the risk matrix: every row and column, highest probability first
    probability_level = fields.Selection(
        [
            ("5", "5 - Almost certain"),
            ("4", "4 - Likely"),
            ("3", "3 - Possible"),
            ("2", "2 - Unlikely"),
            ("1", "1 - Rare"),
        ],
        string="Probability Level",
        compute="_compute_score",
        store=True,
        group_expand=True,
    )
    impact_level = fields.Selection(
        [
            ("1", "1 - Minor"),
            ("2", "2 - Moderate"),
            ("3", "3 - Significant"),
            ("4", "4 - Major"),
            ("5", "5 - Severe"),
        ],
        string="Impact Level",
        compute="_compute_score",
        store=True,
        group_expand=True,
    )
    description = fields.Text()
    mitigation = fields.Text(string="Mitigation Plan", tracking=True)
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
    )
    date_deadline = fields.Date(string="Due Date", tracking=True)
    date_closed = fields.Date(readonly=True, copy=False)
    state = fields.Selection(
        [("open", "Open"), ("mitigating", "Mitigating"), ("closed", "Closed")],
        default="open",
        required=True,
        index=True,
        tracking=True,
        group_expand=True,
    )
    rule = fields.Selection(
        RISK_RULES,
        readonly=True,
        index=True,
        copy=False,
        help="Empty for a risk entered by hand, otherwise the rule that raised it.",
    )
    assessment_manual = fields.Boolean(
        string="Assessed by Hand",
        readonly=True,
        copy=False,
        help="Set once probability or impact were changed by hand: the rules then "
        "keep them as they are.",
    )

    @api.depends("probability", "impact")
    def _compute_score(self):
        for risk in self:
            risk.score = risk.probability * risk.impact
            risk.level = score_to_level(risk.score)
            risk.probability_level = (
                str(risk.probability) if risk.probability else False
            )
            risk.impact_level = str(risk.impact) if risk.impact else False

    @api.constrains("probability", "impact")
    def _check_probability_impact(self):
        for risk in self:
            if not (1 <= risk.probability <= 5 and 1 <= risk.impact <= 5):
                raise ValidationError(
                    _(
                        "Probability and impact of the risk %(risk)s must be between "
                        "1 and 5.",
                        risk=risk.name,
                    )
                )

    def write(self, vals):
        if (
            ("probability" in vals or "impact" in vals)
            and not self.env.su
            and "assessment_manual" not in vals
        ):
            vals = dict(vals, assessment_manual=True)
        if vals.get("state") == "closed":
            vals.setdefault("date_closed", dates.company_today(self.company_id[:1]))
        elif vals.get("state") in ("open", "mitigating"):
            vals.setdefault("date_closed", False)
        return super().write(vals)

    def action_mitigate(self):
        self.write({"state": "mitigating"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_reopen(self):
        self.write({"state": "open"})

    # ------------------------------------------------------------------
    # Rule engine
    # ------------------------------------------------------------------
    @api.model
    def _gendan_rule_codes(self):
        return [code for code, _label in RISK_RULES]

    @api.model
    def _gendan_scan_domain(self):
        return [
            ("state", "=", "sale"),
            ("gendan_stage", "not in", ("closed", "cancel")),
        ]

    @api.model
    def _cron_gendan_scan_risks(self, batch_size=500):
        """Daily scan: evaluate every rule on every open order, batch by batch."""
        orders = self.env["sale.order"].sudo().search(self._gendan_scan_domain())
        done = 0
        for start in range(0, len(orders), batch_size):
            batch = orders[start : start + batch_size]
            self.sudo()._gendan_scan(batch)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(
                done=done, remaining=len(orders) - done
            )
        return True

    @api.model
    def _gendan_scan(self, orders, rules=None):
        """Raise, update and close the rule risks of ``orders``.

        Each rule returns the orders where it holds with its assessment, worded
        in the language of the order's merchandiser (one pass per language); the open
        rule risks of the batch are read in one query and compared: one open risk
        per (order, rule), updated in place, closed when the condition cleared.
        Returns the risks created, updated and closed.
        """
        rules = rules or self._gendan_rule_codes()
        orders = orders.filtered_domain(self._gendan_scan_domain())
        # the engine's writes are the system's (no manual assessment), untracked
        engine = self.sudo().with_context(tracking_disable=True, mail_create_nolog=True)
        hits = {rule: {} for rule in rules} if orders else {}
        # a rule risk reads in the language of its owner, as a mail would
        by_lang = orders.grouped(
            lambda o: reader_lang(self, o.merchandiser_id or o.user_id)
        )
        for lang, lang_orders in by_lang.items():
            lang_engine = engine.with_context(lang=lang)
            for rule in rules:
                hits[rule].update(
                    getattr(lang_engine, f"_gendan_rule_{rule}")(lang_orders)
                )
        open_risks = engine.search(
            [
                ("order_id", "in", orders.ids),
                ("rule", "in", rules),
                ("state", "!=", "closed"),
            ]
        )
        by_key = {}
        duplicates = engine.browse()
        for risk in open_risks:
            key = (risk.order_id.id, risk.rule)
            if key in by_key:
                duplicates |= risk
            else:
                by_key[key] = risk
        today = _company_days(orders)
        orders_by_id = {order.id: order for order in orders}
        to_create = []
        updated = engine.browse()
        for rule, results in hits.items():
            for order_id, assessment in results.items():
                risk = by_key.pop((order_id, rule), None)
                if risk is None:
                    order = orders_by_id[order_id]
                    to_create.append(
                        dict(
                            assessment,
                            order_id=order_id,
                            rule=rule,
                            owner_id=order.merchandiser_id.id or order.user_id.id,
                            date_deadline=today[order.company_id.id]
                            + timedelta(days=3),
                        )
                    )
                    continue
                changes = {
                    field: value
                    for field, value in assessment.items()
                    if risk[field] != value
                    and not (
                        risk.assessment_manual and field in ("probability", "impact")
                    )
                }
                if changes:
                    risk.write(changes)
                    updated |= risk
        to_close = duplicates.union(*by_key.values())
        for company in to_close.company_id:
            to_close.filtered(lambda r, c=company: r.company_id == c).write(
                {"state": "closed", "date_closed": today[company.id]}
            )
        created = engine.create(to_create) if to_create else engine.browse()
        return created, updated, to_close

    @api.model
    def _gendan_reword_rule_risks(self, langs, batch_size=500):
        """After a language is installed: the open rule risks of the orders
        read in it (their merchandiser's language) are worded again, by a
        scan of their rules (they were written before its terms existed)."""
        risks = self.sudo().search([("rule", "!=", False), ("state", "!=", "closed")])
        orders = risks.order_id.filtered(
            lambda o: reader_lang(self, o.merchandiser_id or o.user_id) in langs
        )
        if not orders:
            return
        order_ids = set(orders.ids)
        rules = sorted({risk.rule for risk in risks if risk.order_id.id in order_ids})
        for start in range(0, len(orders), batch_size):
            self.sudo()._gendan_scan(orders[start : start + batch_size], rules=rules)

    def _gendan_assessment(self, name, probability, impact, category, description=""):
        return {
            "name": name,
            "probability": probability,
            "impact": impact,
            "category": category,
            "description": description,
        }

    def _gendan_rule_milestone_overdue(self, orders):
        today = _company_days(orders)
        milestones = self.env["gendan.milestone"].search(
            [
                ("order_id", "in", orders.ids),
                "|",
                ("state", "=", "late"),
                "&",
                ("state", "in", ("pending", "in_progress")),
                ("planned_date", "<", max(today.values(), default=False)),
            ],
            order="planned_date, id",
        )
        grouped = {}
        for milestone in milestones:
            if milestone.state == "late" or (
                milestone.planned_date < today[milestone.company_id.id]
            ):
                grouped.setdefault(milestone.order_id.id, []).append(milestone)
        # translated once per batch, formatted per order
        title = _("Milestone overdue: %(name)s")
        description = _(
            "%(count)s milestone(s) overdue; the oldest, %(name)s, is "
            "%(days)s day(s) late."
        )
        result = {}
        for order_id, order_milestones in grouped.items():
            first = order_milestones[0]
            day = today[first.company_id.id]
            days = max((day - (first.planned_date or day)).days, 0)
            if days > 10:
                probability, impact = 5, 4
            elif days > 3:
                probability, impact = 4, 3
            else:
                probability, impact = 3, 2
            result[order_id] = self._gendan_assessment(
                title % {"name": first.name},
                probability,
                impact,
                MILESTONE_CATEGORY_TO_RISK.get(first.category, "other"),
                description
                % {"count": len(order_milestones), "name": first.name, "days": days},
            )
        return result

    def _gendan_rule_supply_late(self, orders):
        PurchaseOrder = self.env["purchase.order"]
        purchases = PurchaseOrder.search(
            [
                ("gendan_sale_order_ids", "in", orders.ids),
                ("state", "in", ("purchase", "done")),
            ]
        ).filtered("is_supply_late")
        late = {}
        order_ids = set(orders.ids)
        for purchase in purchases:
            for order in purchase.gendan_sale_order_ids:
                if order.id in order_ids:
                    late.setdefault(order.id, []).append(purchase.name)
        title = _("Supplier promise late: %(purchases)s")
        description = _(
            "The suppliers promise delivery after the material is required "
            "(%(purchases)s)."
        )
        return {
            order_id: self._gendan_assessment(
                title % {"purchases": ", ".join(names)},
                4,
                4,
                "supplier_delay",
                description % {"purchases": ", ".join(names)},
            )
            for order_id, names in late.items()
        }

    def _gendan_rule_inspection_failed(self, orders):
        Inspection = self.env["qc.inspection"]
        inspections = Inspection.search(
            [("sale_order_id", "in", orders.ids), ("state", "=", "failed")]
        )
        # a failed inspection whose re-inspection (or a re-inspection of that
        # one, after more rework) passed is behind the order: the goods are good
        passed_reinspections = Inspection.search(
            [
                ("sale_order_id", "in", orders.ids),
                ("state", "=", "success"),
                ("reinspection_of_id", "!=", False),
            ]
        )
        reworked = set()
        for reinspection in passed_reinspections:
            parent = reinspection.reinspection_of_id
            while parent and parent.id not in reworked:
                reworked.add(parent.id)
                parent = parent.reinspection_of_id
        failed = {}
        for inspection in inspections.filtered(lambda i: i.id not in reworked):
            failed.setdefault(inspection.sale_order_id.id, []).append(inspection.name)
        title = _("Inspection failed: %(inspections)s")
        description = _("%(count)s failed inspection(s): %(inspections)s.")
        return {
            order_id: self._gendan_assessment(
                title % {"inspections": ", ".join(names)},
                4 if len(names) == 1 else 5,
                4,
                "quality",
                description % {"count": len(names), "inspections": ", ".join(names)},
            )
            for order_id, names in failed.items()
        }

    def _gendan_rule_cost_overrun(self, orders):
        title = _("Cost overrun: %(pct)s%%")
        description = _(
            "Actual cost %(actual)s is above the budget %(budget)s by "
            "%(pct)s%% (tolerance %(tolerance)s%%)."
        )
        result = {}
        for order in orders:
            tolerance = order.company_id.gendan_cost_tolerance
            budget = order.cost_budget_total
            actual = order.cost_actual_total
            if budget <= 0 or actual <= budget * (1 + tolerance / 100.0):
                continue
            overrun = (actual - budget) / budget * 100.0
            impact = 5 if overrun > 25 else 4 if overrun > 10 else 3
            result[order.id] = self._gendan_assessment(
                title % {"pct": round(overrun, 1)},
                5,
                impact,
                "cost",
                description
                % {
                    "actual": round(actual, 2),
                    "budget": round(budget, 2),
                    "pct": round(overrun, 1),
                    "tolerance": tolerance,
                },
            )
        return result

    def _gendan_rule_documents_missing(self, orders):
        documents = self.env["gendan.document"].search(
            [
                ("order_id", "in", orders.ids),
                ("required", "=", True),
                ("state", "in", ("missing", "draft")),
            ]
        )
        missing = {}
        for document in documents:
            missing.setdefault(document.order_id.id, []).append(document)
        if not missing:
            return {}
        today = _company_days(orders)
        ship_dates = orders.filtered(
            lambda o: o.id in missing
        )._gendan_planned_shipping_dates()
        title = _("Documents missing before shipping: %(docs)s")
        description = _(
            "%(count)s required document(s) not ready, %(days)s day(s) "
            "before the planned shipping date %(date)s."
        )
        result = {}
        for order in orders:
            ship_date = ship_dates.get(order.id)
            if order.id not in missing or not ship_date:
                continue
            days_left = (ship_date - today[order.company_id.id]).days
            if days_left > order.company_id.gendan_documents_days:
                continue
            names = ", ".join(doc.display_name for doc in missing[order.id])
            result[order.id] = self._gendan_assessment(
                title % {"docs": names},
                5 if days_left <= 0 else 4,
                4 if days_left <= 0 else 3,
                "documents",
                description
                % {
                    "count": len(missing[order.id]),
                    "days": days_left,
                    "date": ship_date,
                },
            )
        return result

    def _gendan_rule_payment(self, orders):
        # an invoice is overdue from the day after its due date, in its
        # company's day
        overdue_domain = expression.OR(
            [
                [("company_id", "=", company_id), ("invoice_date_due", "<", day)]
                for company_id, day in _company_days(orders).items()
            ]
        )
        partners = orders.partner_id.commercial_partner_id
        groups = self.env["account.move.line"]._read_group(
            [
                ("partner_id", "in", partners.ids),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("company_id", "in", orders.company_id.ids),
            ],
            ["partner_id", "company_id"],
            ["amount_residual:sum"],
        )
        balance = {
            (partner.id, company.id): amount for partner, company, amount in groups
        }
        overdue_groups = self.env["account.move"]._read_group(
            [
                ("partner_id", "in", partners.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                *overdue_domain,
            ],
            ["partner_id", "company_id"],
            ["__count", "amount_residual_signed:sum"],
        )
        overdue = {
            (partner.id, company.id): (count, amount)
            for partner, company, count, amount in overdue_groups
        }
        result = {}
        for order in orders:
            partner = order.partner_id.commercial_partner_id
            key = (partner.id, order.company_id.id)
            partner_company = partner.with_company(order.company_id)
            limit = partner_company.credit_limit
            use_limit = (
                order.company_id.account_use_credit_limit
                or partner_company.use_partner_credit_limit
            )
            over_limit = use_limit and limit > 0 and balance.get(key, 0.0) > limit
            overdue_count, overdue_amount = overdue.get(key, (0, 0.0))
            if not over_limit and not overdue_count:
                continue
            reasons = []
            if over_limit:
                reasons.append(
                    _(
                        "receivable %(balance)s above the credit limit %(limit)s",
                        balance=round(balance[key], 2),
                        limit=limit,
                    )
                )
            if overdue_count:
                reasons.append(
                    _(
                        "%(count)s overdue invoice(s) for %(amount)s",
                        count=overdue_count,
                        amount=round(overdue_amount, 2),
                    )
                )
            result[order.id] = self._gendan_assessment(
                _("Customer payment risk: %(partner)s", partner=partner.name),
                5 if over_limit and overdue_count else 4,
                4,
                "payment",
                "; ".join(reasons),
            )
        return result

    def _gendan_rule_low_margin(self, orders):
        title = _("Low margin: %(pct)s%%")
        description = _(
            "The expected margin is %(pct)s%%, below the threshold of %(threshold)s%%."
        )
        result = {}
        for order in orders:
            if not order.cost_budget_total and not order.cost_actual_total:
                continue
            threshold = order.company_id.gendan_low_margin_threshold
            margin_pct = order.expected_margin_pct
            if margin_pct >= threshold:
                continue
            result[order.id] = self._gendan_assessment(
                title % {"pct": round(margin_pct, 1)},
                4,
                5 if margin_pct < 0 else 3,
                "cost",
                description % {"pct": round(margin_pct, 1), "threshold": threshold},
            )
        return result

    def _gendan_rule_sample_late(self, orders):
        """Samples past their due date without a decision: a sample not sent
        yet is the supplier's delay, one sent waits for the customer."""
        today = _company_days(orders)
        samples = self.env["gendan.sample"].search(
            [
                ("order_id", "in", orders.ids),
                ("state", "in", ("planned", "in_progress", "sent")),
                ("date_due", "<", max(today.values(), default=False)),
            ],
            order="date_due, id",
        )
        late = {}
        for sample in samples:
            if sample.date_due < today[sample.company_id.id]:
                late.setdefault(sample.order_id.id, []).append(sample)
        title = _("Sample late: %(sample)s")
        description = _(
            "%(count)s sample(s) past their due date; the oldest, %(sample)s, "
            "was due %(days)s day(s) ago."
        )
        result = {}
        for order_id, order_samples in late.items():
            first = order_samples[0]
            days = (today[first.company_id.id] - first.date_due).days
            waiting_customer = first.state == "sent"
            result[order_id] = self._gendan_assessment(
                title % {"sample": first.display_name},
                4 if days > 3 else 3,
                4 if first.sample_type == "pp_sample" else 3,
                "other" if waiting_customer else "supplier_delay",
                description
                % {
                    "count": len(order_samples),
                    "sample": first.display_name,
                    "days": days,
                },
            )
        return result
