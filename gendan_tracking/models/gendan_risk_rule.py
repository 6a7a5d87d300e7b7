"""The risk rules as configuration: one record per rule and company.

The rule logic lives in ``tools/risk_rules.py`` (pure functions); a record
says whether the rule runs for its company, its thresholds, the probability
and impact it gives, and who owns the risks it raises. The rules ship as data
for the main company; every other company gets a copy of them when it is
created (or when the module is upgraded).
"""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import risk_rules
from .gendan_risk import RISK_RULES

# which parameters each rule reads (the form shows only these)
RULE_PARAMS = {
    code: frozenset(field for field in values if field not in ("probability", "impact"))
    for code, values in risk_rules.DEFAULTS.items()
}


class GendanRiskRule(models.Model):
    _name = "gendan.risk.rule"
    _description = "Risk Rule"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        RISK_RULES,
        string="Rule",
        required=True,
        help="The check the rule runs on every open order.",
    )
    active = fields.Boolean(
        default=True,
        help="A rule switched off raises no risk, and the next scan closes the "
        "open risks it raised.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    description = fields.Text(
        translate=True, help="What the rule checks, and how its bands raise the risk."
    )
    probability = fields.Integer(
        required=True, default=3, help="From 1 (rare) to 5 (certain)."
    )
    impact = fields.Integer(
        required=True, default=3, help="From 1 (minor) to 5 (severe)."
    )
    threshold_days = fields.Integer(
        string="Days",
        help="Milestone overdue: days late above which the risk is one band higher; "
        "documents missing: days before the planned shipping date from which the "
        "risk is raised; sample late: days late above which it is one band higher.",
    )
    threshold_days_high = fields.Integer(
        string="Days (Second Band)",
        help="Milestone overdue: days late above which the risk is two bands higher.",
    )
    threshold_pct = fields.Float(
        string="Percentage",
        help="Cost overrun: the tolerance above the budget; low margin: the margin "
        "below which the risk is raised.",
    )
    threshold_pct_high = fields.Float(
        string="Percentage (Second Band)",
        help="Cost overrun: an overrun above it raises the impact by one.",
    )
    threshold_pct_critical = fields.Float(
        string="Percentage (Third Band)",
        help="Cost overrun: an overrun above it raises the impact by two.",
    )
    threshold_amount = fields.Float(
        string="Amount",
        help="Customer payment: overdue invoices count when their amount due is "
        "above it (credit limits are checked whatever it is).",
    )
    owner_role = fields.Selection(
        [("merchandiser", "Merchandiser"), ("salesperson", "Salesperson")],
        string="Owner",
        required=True,
        default="merchandiser",
        help="Who owns the risks the rule raises (the other one when the order has "
        "none).",
    )
    uses_days = fields.Boolean(compute="_compute_uses")
    uses_days_high = fields.Boolean(compute="_compute_uses")
    uses_pct = fields.Boolean(compute="_compute_uses")
    uses_pct_bands = fields.Boolean(compute="_compute_uses")
    uses_amount = fields.Boolean(compute="_compute_uses")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique (code, company_id)",
            "A company has one rule of each kind.",
        ),
    ]

    @api.depends("code")
    def _compute_uses(self):
        for rule in self:
            params = RULE_PARAMS.get(rule.code, frozenset())
            rule.uses_days = "threshold_days" in params
            rule.uses_days_high = "threshold_days_high" in params
            rule.uses_pct = "threshold_pct" in params
            rule.uses_pct_bands = "threshold_pct_high" in params
            rule.uses_amount = "threshold_amount" in params

    @api.constrains(
        "code",
        "probability",
        "impact",
        "threshold_days",
        "threshold_days_high",
        "threshold_pct",
        "threshold_pct_high",
        "threshold_pct_critical",
        "threshold_amount",
    )
    def _check_values(self):
        Risk = self.env["gendan.risk"]
        for rule in self:
            if rule.code not in risk_rules.RULES or not hasattr(
                Risk, f"_gendan_facts_{rule.code}"
            ):
                raise ValidationError(
                    _("The risk rule %(code)s is not known.", code=rule.code)
                )
            if not (1 <= rule.probability <= 5 and 1 <= rule.impact <= 5):
                raise ValidationError(
                    _(
                        "Probability and impact of the rule %(rule)s must be between "
                        "1 and 5.",
                        rule=rule.name,
                    )
                )
            if min(rule.threshold_days, rule.threshold_days_high) < 0 or (
                rule.threshold_amount < 0
            ):
                raise ValidationError(
                    _(
                        "The days and the amount of the rule %(rule)s cannot be "
                        "negative.",
                        rule=rule.name,
                    )
                )
            if rule.uses_days_high and rule.threshold_days_high < rule.threshold_days:
                raise ValidationError(
                    _(
                        "The second band of the rule %(rule)s starts after the first.",
                        rule=rule.name,
                    )
                )
            if rule.code == "low_margin" and not -100 <= rule.threshold_pct <= 100:
                raise ValidationError(
                    _("The low margin threshold must be between -100% and 100%.")
                )
            if rule.code == "cost_overrun" and not (
                0 <= rule.threshold_pct
                and rule.threshold_pct <= rule.threshold_pct_high
                and rule.threshold_pct_high <= rule.threshold_pct_critical
            ):
                raise ValidationError(
                    _(
                        "The cost tolerance cannot be negative, and each band of the "
                        "rule %(rule)s starts above the one before.",
                        rule=rule.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # a parameter left out takes the rule's shipped value
        vals_list = [
            dict(risk_rules.DEFAULTS.get(vals.get("code"), {}), **vals)
            for vals in vals_list
        ]
        return super().create(vals_list)

    def _gendan_params(self):
        """The parameters of the rule, for its pure function."""
        self.ensure_one()
        return risk_rules.Params(
            probability=self.probability,
            impact=self.impact,
            **{param: self[field] for field, param in risk_rules.PARAM_FIELDS.items()},
        )

    @api.model
    def _gendan_rules_by_company(self, companies):
        """``{company_id: {code: rule}}``: the active rules of ``companies``."""
        result = {company.id: {} for company in companies}
        for rule in self.sudo().search([("company_id", "in", companies.ids)]):
            result[rule.company_id.id].setdefault(rule.code, rule)
        return result

    @api.model
    def _gendan_ensure_defaults(self, companies):
        """Give each of ``companies`` the rules it lacks, with the shipped
        values: copies of the main company's shipped records (for their
        translated names and descriptions), or new records."""
        Rule = self.sudo().with_context(active_test=False)
        having = {
            (rule.company_id.id, rule.code)
            for rule in Rule.search([("company_id", "in", companies.ids)])
        }
        labels = dict(RISK_RULES)
        for code in risk_rules.RULES:
            shipped = self.env.ref(
                f"gendan_tracking.risk_rule_{code}", raise_if_not_found=False
            )
            for company in companies:
                if (company.id, code) in having:
                    continue
                if shipped:
                    shipped.sudo().copy(
                        dict(
                            risk_rules.DEFAULTS[code],
                            company_id=company.id,
                            active=True,
                        )
                    )
                else:
                    Rule.create(
                        {"code": code, "name": labels[code], "company_id": company.id}
                    )
