from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools import dates, risk_rules
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

        The rules are the companies' ``gendan.risk.rule`` records. For each
        rule that is active in some company of the batch, the facts of its
        orders are gathered set-based (``_gendan_facts_<code>``), in the
        language of the order's merchandiser (one pass per language), and the
        rule's pure function (``tools/risk_rules.py``) assesses each order with
        its company's parameters. The open rule risks of the batch are read in
        one query and compared: one open risk per (order, rule), updated in
        place, closed when the condition cleared or the rule was switched off.
        Returns the risks created, updated and closed.
        """
        rules = rules or self._gendan_rule_codes()
        orders = orders.filtered_domain(self._gendan_scan_domain())
        # the engine's writes are the system's (no manual assessment), untracked
        engine = self.sudo().with_context(tracking_disable=True, mail_create_nolog=True)
        company_rules = self.env["gendan.risk.rule"]._gendan_rules_by_company(
            orders.company_id
        )
        params, owner_roles = {}, {}
        for company_id, by_code in company_rules.items():
            for code, rule in by_code.items():
                params[company_id, code] = rule._gendan_params()
                owner_roles[company_id, code] = rule.owner_role
        # (company, merchandiser, salesperson) of each order, read once
        order_info = {
            order.id: (order.company_id.id, order.merchandiser_id.id, order.user_id.id)
            for order in orders
        }
        hits = {rule: {} for rule in rules} if orders else {}
        owners = {}
        # a rule risk reads in the language of its owner, as a mail would
        by_lang = orders.grouped(
            lambda o: reader_lang(self, o.merchandiser_id or o.user_id)
        )
        for lang, lang_orders in by_lang.items():
            lang_engine = engine.with_context(lang=lang)
            wording = lang_engine._gendan_wording()
            for code in rules:
                ids = [
                    order_id
                    for order_id in lang_orders.ids
                    if (order_info[order_id][0], code) in params
                ]
                if not ids:
                    continue
                rule_orders = (
                    lang_orders
                    if len(ids) == len(lang_orders)
                    else lang_orders.browse(ids).with_prefetch(
                        lang_orders._prefetch_ids
                    )
                )
                facts = getattr(lang_engine, f"_gendan_facts_{code}")(rule_orders)
                for order_id, order_facts in facts.items():
                    company_id, merchandiser_id, user_id = order_info[order_id]
                    assessment = risk_rules.evaluate(
                        code, order_facts, params[company_id, code]
                    )
                    if assessment is None:
                        continue
                    name, description = self._gendan_word(
                        code, assessment.values, wording
                    )
                    hits[code][order_id] = self._gendan_assessment(
                        name,
                        assessment.probability,
                        assessment.impact,
                        assessment.category,
                        description,
                    )
                    owners[order_id, code] = (
                        (user_id or merchandiser_id)
                        if owner_roles[company_id, code] == "salesperson"
                        else (merchandiser_id or user_id)
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
                            owner_id=owners[order_id, rule],
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

    def _gendan_wording(self):
        """The rules' messages in the context's language, translated once per
        batch: ``{code: (name, description)}`` templates (the payment rule's
        description is made of the reasons that hold)."""
        wording = {
            "milestone_overdue": (
                _("Milestone overdue: %(name)s"),
                _(
                    "%(count)s milestone(s) overdue; the oldest, %(name)s, is "
                    "%(days)s day(s) late."
                ),
            ),
            "supply_late": (
                _("Supplier promise late: %(purchases)s"),
                _(
                    "The suppliers promise delivery after the material is required "
                    "(%(purchases)s)."
                ),
            ),
            "inspection_failed": (
                _("Inspection failed: %(inspections)s"),
                _("%(count)s failed inspection(s): %(inspections)s."),
            ),
            "cost_overrun": (
                _("Cost overrun: %(pct)s%%"),
                _(
                    "Actual cost %(actual)s is above the budget %(budget)s by "
                    "%(pct)s%% (tolerance %(tolerance)s%%)."
                ),
            ),
            "documents_missing": (
                _("Documents missing before shipping: %(docs)s"),
                _(
                    "%(count)s required document(s) not ready, %(days)s day(s) "
                    "before the planned shipping date %(date)s."
                ),
            ),
            "low_margin": (
                _("Low margin: %(pct)s%%"),
                _(
                    "The expected margin is %(pct)s%%, below the threshold of "
                    "%(threshold)s%%."
                ),
            ),
            "sample_late": (
                _("Sample late: %(sample)s"),
                _(
                    "%(count)s sample(s) past their due date; the oldest, %(sample)s, "
                    "was due %(days)s day(s) ago."
                ),
            ),
        }
        wording["payment"] = (
            _("Customer payment risk: %(partner)s"),
            (
                _("receivable %(balance)s above the credit limit %(limit)s"),
                _("%(count)s overdue invoice(s) for %(amount)s"),
            ),
        )
        return wording

    @api.model
    def _gendan_word(self, code, values, wording):
        """``(name, description)`` of a rule risk, from ``wording``."""
        title, description = wording[code]
        if code == "payment":
            over_limit, overdue = description
            reasons = []
            if values["over_limit"]:
                reasons.append(over_limit % values)
            if values["overdue"]:
                reasons.append(overdue % values)
            return title % values, "; ".join(reasons)
        return title % values, description % values

    # ------------------------------------------------------------------
    # The facts of each rule, gathered for a batch of orders:
    # ``{order_id: facts}`` (see tools/risk_rules.py)
    # ------------------------------------------------------------------
    def _gendan_facts_milestone_overdue(self, orders):
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
        result = {}
        for order_id, order_milestones in grouped.items():
            first = order_milestones[0]
            day = today[first.company_id.id]
            result[order_id] = {
                "count": len(order_milestones),
                "days": (day - (first.planned_date or day)).days,
                "name": first.name,
                "category": first.category,
            }
        return result

    def _gendan_facts_supply_late(self, orders):
        purchases = (
            self.env["purchase.order"]
            .search(
                [
                    ("gendan_sale_order_ids", "in", orders.ids),
                    ("state", "in", ("purchase", "done")),
                ]
            )
            .filtered("is_supply_late")
        )
        late = {}
        order_ids = set(orders.ids)
        for purchase in purchases:
            for order in purchase.gendan_sale_order_ids:
                if order.id in order_ids:
                    late.setdefault(order.id, []).append(purchase.name)
        return {order_id: {"purchases": names} for order_id, names in late.items()}

    def _gendan_facts_inspection_failed(self, orders):
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
        return {order_id: {"inspections": names} for order_id, names in failed.items()}

    def _gendan_facts_cost_overrun(self, orders):
        return {
            order.id: {
                "budget": order.cost_budget_total,
                "actual": order.cost_actual_total,
            }
            for order in orders
        }

    def _gendan_facts_documents_missing(self, orders):
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
        with_missing = orders.filtered(lambda o: o.id in missing)
        ship_dates = with_missing._gendan_planned_shipping_dates()
        result = {}
        for order in with_missing:
            ship_date = ship_dates.get(order.id)
            if not ship_date:
                continue
            result[order.id] = {
                "documents": [doc.display_name for doc in missing[order.id]],
                "days_left": (ship_date - today[order.company_id.id]).days,
                "date": ship_date,
            }
        return result

    def _gendan_facts_payment(self, orders):
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
            overdue_count, overdue_amount = overdue.get(key, (0, 0.0))
            result[order.id] = {
                "partner": partner.name,
                "balance": balance.get(key, 0.0),
                "limit": partner_company.credit_limit,
                "use_limit": order.company_id.account_use_credit_limit
                or partner_company.use_partner_credit_limit,
                "overdue_count": overdue_count,
                "overdue_amount": overdue_amount,
            }
        return result

    def _gendan_facts_low_margin(self, orders):
        return {
            order.id: {
                "has_costs": bool(order.cost_budget_total or order.cost_actual_total),
                "margin_pct": order.expected_margin_pct,
            }
            for order in orders
        }

    def _gendan_facts_sample_late(self, orders):
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
        result = {}
        for order_id, order_samples in late.items():
            first = order_samples[0]
            result[order_id] = {
                "count": len(order_samples),
                "days": (today[first.company_id.id] - first.date_due).days,
                "sample": first.display_name,
                "state": first.state,
                "sample_type": first.sample_type,
            }
        return result
