"""The fixed escalation setting becomes the escalation matrix.

``res.company.gendan_escalation_days`` (escalate milestones more than N working
days late to the manager) is read from its column, which Odoo keeps after the
field is removed, and each company gets the default line with N as its level 2
delay. Overdue milestones already escalated by the former code get their
level 2 (and 1) logged, so they are not escalated a second time.

The readiness gates arrive switched off, and the risk rules become records
that take the thresholds the companies had set (cost tolerance, documents
before shipping, low margin).
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'res_company' AND column_name = 'gendan_escalation_days'
        """
    )
    days = {}
    if cr.fetchone():
        cr.execute("SELECT id, gendan_escalation_days FROM res_company")
        days = {company_id: value or 0 for company_id, value in cr.fetchall()}
    Rule = env["gendan.escalation.rule"].with_context(active_test=False)
    companies = env["res.company"].search([])
    # the shipped line (main company) takes the main company's former setting
    shipped = env.ref(
        "gendan_tracking.gendan_escalation_rule_milestone_overdue",
        raise_if_not_found=False,
    )
    if shipped and shipped.company_id.id in days:
        shipped.level_2_days = days[shipped.company_id.id]
    Rule._gendan_ensure_defaults(companies, days)
    overdue_type = env.ref("gendan_tracking.mail_activity_type_milestone_overdue")
    for rule in Rule.search([("trigger", "=", "milestone_overdue")]):
        cr.execute(
            """
            INSERT INTO gendan_escalation_log
                   (rule_id, company_id, res_model, res_id, level, date,
                    create_uid, write_uid, create_date, write_date)
            SELECT %(rule)s, m.company_id, 'gendan.milestone', a.res_id, lvl.level,
                   a.create_date::date, 1, 1, now() at time zone 'UTC',
                   now() at time zone 'UTC'
              FROM mail_activity a
              JOIN gendan_milestone m ON m.id = a.res_id
             CROSS JOIN (VALUES (1), (2)) AS lvl(level)
             WHERE a.res_model = 'gendan.milestone'
               AND a.activity_type_id = %(type)s
               AND m.company_id = %(company)s
            ON CONFLICT DO NOTHING
            """,
            {"rule": rule.id, "type": overdue_type.id, "company": rule.company_id.id},
        )
    # The readiness gates ship with this version. On a database that ran
    # without them they arrive switched off: they would otherwise block
    # deliveries and production starts of orders already under way, before a
    # manager has looked at them (Configuration > Readiness Gates).
    for xmlid in (
        "gendan_tracking.gendan_gate_production",
        "gendan_tracking.gendan_gate_shipping",
        "gendan_tracking.gendan_gate_documents",
    ):
        gate = env.ref(xmlid, raise_if_not_found=False)
        if gate:
            gate.active = False
    _migrate_risk_settings(env)


# the former company settings, and the rule parameter each becomes
RISK_SETTINGS = {
    "gendan_cost_tolerance": ("cost_overrun", "threshold_pct"),
    "gendan_documents_days": ("documents_missing", "threshold_days"),
    "gendan_low_margin_threshold": ("low_margin", "threshold_pct"),
}


def _migrate_risk_settings(env):
    """The risk rules become records. Every company gets them, and the
    thresholds it had set on the company (columns Odoo keeps after the fields
    are removed) move into its rules."""
    cr = env.cr
    env["gendan.risk.rule"]._gendan_ensure_defaults(env["res.company"].search([]))
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'res_company' AND column_name IN %s
        """,
        (tuple(RISK_SETTINGS),),
    )
    columns = [column for (column,) in cr.fetchall()]
    Rule = env["gendan.risk.rule"].with_context(active_test=False)
    for column in columns:
        code, field = RISK_SETTINGS[column]
        cr.execute(
            SQL(
                "SELECT id, %s FROM res_company WHERE %s IS NOT NULL",
                SQL.identifier(column),
                SQL.identifier(column),
            )
        )
        for company_id, value in cr.fetchall():
            rule = Rule.search([("company_id", "=", company_id), ("code", "=", code)])
            values = {field: value}
            if code == "cost_overrun":
                # the impact bands start above the tolerance
                values["threshold_pct_high"] = max(value, rule.threshold_pct_high)
                values["threshold_pct_critical"] = max(
                    value, rule.threshold_pct_critical
                )
            rule.write(values)
