"""The risk rules as pure functions: facts in, an assessment out.

Each rule takes the facts the ORM gathered for one order (a dict, see each
function) and the parameters of the company's rule record (``Params``), and
returns an ``Assessment`` (probability, impact, category, and the values its
wording is formatted with) or ``None`` when the rule does not hold. Nothing
here reads the database: the ORM side (``gendan.risk._gendan_scan``) gathers
the facts of a batch of orders set-based, calls these functions, and words
and stores the result.

A rule's probability and impact are its record's base values; a rule with
bands raises them by one (capped at 5) for each band reached.
"""

from collections import namedtuple

Params = namedtuple(
    "Params",
    "probability impact days days_high pct pct_high pct_critical amount",
    defaults=(3, 3, 0, 0, 0.0, 0.0, 0.0, 0.0),
)
Assessment = namedtuple("Assessment", "probability impact category values")

MILESTONE_CATEGORY_TO_RISK = {
    "material": "supplier_delay",
    "production": "supplier_delay",
    "quality": "quality",
    "logistics": "logistics",
    "documents": "documents",
    "finance": "payment",
}

# the parameters each rule reads, and the values it ships with (the data
# records and the companies created later take these)
DEFAULTS = {
    "milestone_overdue": {
        "probability": 3,
        "impact": 2,
        "threshold_days": 3,
        "threshold_days_high": 10,
    },
    "supply_late": {"probability": 4, "impact": 4},
    "inspection_failed": {"probability": 4, "impact": 4},
    "cost_overrun": {
        "probability": 5,
        "impact": 3,
        "threshold_pct": 5.0,
        "threshold_pct_high": 10.0,
        "threshold_pct_critical": 25.0,
    },
    "documents_missing": {"probability": 4, "impact": 3, "threshold_days": 7},
    "payment": {"probability": 4, "impact": 4, "threshold_amount": 0.0},
    "low_margin": {"probability": 4, "impact": 3, "threshold_pct": 10.0},
    "sample_late": {"probability": 3, "impact": 3, "threshold_days": 3},
}
PARAM_FIELDS = {
    "threshold_days": "days",
    "threshold_days_high": "days_high",
    "threshold_pct": "pct",
    "threshold_pct_high": "pct_high",
    "threshold_pct_critical": "pct_critical",
    "threshold_amount": "amount",
}


def _cap(value):
    return max(1, min(5, value))


def _raised(params, probability_bands=0, impact_bands=0):
    return _cap(params.probability + probability_bands), _cap(
        params.impact + impact_bands
    )


def milestone_overdue(facts, params):
    """facts: ``count`` open milestones past their planned day, ``days`` the
    oldest is late, its ``name`` and ``category``. One band above
    ``days`` days late, two above ``days_high``."""
    if not facts.get("count"):
        return None
    days = max(facts["days"], 0)
    bands = 2 if days > params.days_high else 1 if days > params.days else 0
    probability, impact = _raised(params, bands, bands)
    return Assessment(
        probability,
        impact,
        MILESTONE_CATEGORY_TO_RISK.get(facts.get("category"), "other"),
        {"count": facts["count"], "name": facts["name"], "days": days},
    )


def supply_late(facts, params):
    """facts: ``purchases``, the names of the confirmed purchase orders whose
    supplier promises delivery after the material is required."""
    if not facts.get("purchases"):
        return None
    names = ", ".join(facts["purchases"])
    return Assessment(
        params.probability, params.impact, "supplier_delay", {"purchases": names}
    )


def inspection_failed(facts, params):
    """facts: ``inspections``, the names of the failed inspections no passed
    re-inspection made good. One band of probability for more than one."""
    names = facts.get("inspections") or []
    if not names:
        return None
    probability, impact = _raised(params, 1 if len(names) > 1 else 0)
    return Assessment(
        probability,
        impact,
        "quality",
        {"count": len(names), "inspections": ", ".join(names)},
    )


def cost_overrun(facts, params):
    """facts: ``budget`` and ``actual`` cost of the order. Holds when the
    actual cost is above the budget by more than ``pct`` %; one band of
    impact above ``pct_high`` %, two above ``pct_critical`` %."""
    budget, actual = facts["budget"], facts["actual"]
    if budget <= 0 or actual <= budget * (1 + params.pct / 100.0):
        return None
    overrun = (actual - budget) / budget * 100.0
    bands = (
        2 if overrun > params.pct_critical else 1 if overrun > params.pct_high else 0
    )
    probability, impact = _raised(params, 0, bands)
    return Assessment(
        probability,
        impact,
        "cost",
        {
            "actual": round(actual, 2),
            "budget": round(budget, 2),
            "pct": round(overrun, 1),
            "tolerance": params.pct,
        },
    )


def documents_missing(facts, params):
    """facts: ``documents`` (names of the required documents not ready),
    ``days_left`` to the planned shipping ``date``. Holds ``days`` days
    before shipping or later; one band on the shipping day and after."""
    if not facts.get("documents") or facts.get("days_left") is None:
        return None
    days_left = facts["days_left"]
    if days_left > params.days:
        return None
    bands = 1 if days_left <= 0 else 0
    probability, impact = _raised(params, bands, bands)
    return Assessment(
        probability,
        impact,
        "documents",
        {
            "docs": ", ".join(facts["documents"]),
            "count": len(facts["documents"]),
            "days": days_left,
            "date": facts["date"],
        },
    )


def payment(facts, params):
    """facts: the customer's receivable ``balance`` and ``limit``,
    ``use_limit`` (the credit limit is enforced), ``overdue_count`` and
    ``overdue_amount`` of its overdue invoices, its ``partner`` name. Holds
    over the credit limit, or with overdue invoices for more than
    ``amount``; one band of probability when both."""
    over_limit = bool(
        facts.get("use_limit")
        and facts.get("limit", 0) > 0
        and facts.get("balance", 0.0) > facts["limit"]
    )
    overdue = bool(
        facts.get("overdue_count") and facts.get("overdue_amount", 0.0) > params.amount
    )
    if not over_limit and not overdue:
        return None
    probability, impact = _raised(params, 1 if over_limit and overdue else 0)
    return Assessment(
        probability,
        impact,
        "payment",
        {
            "partner": facts.get("partner", ""),
            "over_limit": over_limit,
            "balance": round(facts.get("balance", 0.0), 2),
            "limit": facts.get("limit", 0),
            "overdue": overdue,
            "count": facts.get("overdue_count", 0),
            "amount": round(facts.get("overdue_amount", 0.0), 2),
        },
    )


def low_margin(facts, params):
    """facts: ``has_costs`` (a budget or an actual cost) and the expected
    ``margin_pct``. Holds below ``pct`` %; two bands of impact below zero."""
    if not facts.get("has_costs"):
        return None
    margin = facts["margin_pct"]
    if margin >= params.pct:
        return None
    probability, impact = _raised(params, 0, 2 if margin < 0 else 0)
    return Assessment(
        probability,
        impact,
        "cost",
        {"pct": round(margin, 1), "threshold": params.pct},
    )


def sample_late(facts, params):
    """facts: ``count`` samples past their due date without a decision, the
    oldest's ``days`` late, ``sample`` name, ``state`` and ``sample_type``.
    One band of probability above ``days`` days, one of impact for a
    pre-production sample. A sample sent waits for the customer; one not
    sent yet is the supplier's delay."""
    if not facts.get("count"):
        return None
    days = facts["days"]
    probability, impact = _raised(
        params,
        1 if days > params.days else 0,
        1 if facts.get("sample_type") == "pp_sample" else 0,
    )
    return Assessment(
        probability,
        impact,
        "other" if facts.get("state") == "sent" else "supplier_delay",
        {"count": facts["count"], "sample": facts["sample"], "days": days},
    )


RULES = {
    "milestone_overdue": milestone_overdue,
    "supply_late": supply_late,
    "inspection_failed": inspection_failed,
    "cost_overrun": cost_overrun,
    "documents_missing": documents_missing,
    "payment": payment,
    "low_margin": low_margin,
    "sample_late": sample_late,
}


def evaluate(code, facts, params):
    """The assessment of rule ``code`` on one order's facts; a code without
    a function is an error, never a silent no-op."""
    try:
        rule = RULES[code]
    except KeyError:
        raise ValueError(f"Unknown risk rule: {code!r}") from None
    return rule(facts, params)
