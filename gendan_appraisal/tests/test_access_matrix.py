import datetime
import logging

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.gendan_tracking.tests.access_matrix_common import (
    ALL,
    NONE,
    READ,
    AccessMatrixCommon,
)

_logger = logging.getLogger(__name__)

MONTH_FROM = datetime.date(2025, 3, 1)
MONTH_TO = datetime.date(2025, 3, 31)
RW = frozenset({"read", "write"})
RWC = frozenset({"read", "write", "create"})
RCU = frozenset({"read", "create", "unlink"})


def _scorecards(case):
    Appraisal = case.env["gendan.appraisal"].sudo()
    result = {}
    for role in ("merch_a", "merch_b"):
        user = case.users[role]
        domain = [("user_id", "=", user.id), ("date_from", "=", MONTH_FROM)]
        result[role] = Appraisal.search(domain) or Appraisal._create_scorecards(
            MONTH_FROM, MONTH_TO, users=user
        )
    return result


def _scorecard_lines(case):
    return {role: card.line_ids[:1] for role, card in _scorecards(case).items()}


def _exclusions(case):
    Exclusion = case.env["gendan.appraisal.exclusion"].sudo()
    result = {}
    for role, card in _scorecards(case).items():
        line = card.line_ids.filtered(lambda li: li.kind == "computed")[:1]
        order = case.order_a if role == "merch_a" else case.order_b
        result[role] = line.exclusion_ids[:1] or Exclusion.create(
            {
                "line_id": line.id,
                "res_model": "sale.order",
                "res_id": order.id,
                "reason": "Matrix exclusion",
            }
        )
    return result


def _annuals(case):
    Annual = case.env["gendan.appraisal.annual"].sudo()
    result = {}
    for role in ("merch_a", "merch_b"):
        values = {"user_id": case.users[role].id, "year": 2025}
        result[role] = Annual.search(
            [(key, "=", value) for key, value in values.items()]
        ) or Annual.create({**values, "company_id": case.company.id})
    return result


def _annual_competencies(case):
    competency = case.env.ref("gendan_appraisal.competency_attention")
    result = {}
    for role, annual in _annuals(case).items():
        line = annual.competency_line_ids.filtered(
            lambda c: c.competency_id == competency
        ) or case.env["gendan.appraisal.annual.competency"].sudo().create(
            {"annual_id": annual.id, "competency_id": competency.id}
        )
        result[role] = line
    return result


def _satisfactions(case):
    Satisfaction = case.env["gendan.satisfaction"].sudo()
    return {
        role: Satisfaction.create(
            {"order_id": order.id, "partner_id": order.partner_id.id}
        )
        for role, order in (("merch_a", case.order_a), ("merch_b", case.order_b))
    }


def _company_template(case):
    return (
        case.env.ref("gendan_appraisal.template_default")
        .sudo()
        .copy({"name": "Matrix scheme", "company_id": case.company.id})
    )


def _template_part(field):
    def make(case):
        record = _company_template(case)[field][:1]
        if not record and field == "competency_ids":
            record = (
                case.env["gendan.appraisal.template.competency"]
                .sudo()
                .create(
                    {
                        "template_id": _company_template(case).id,
                        "competency_id": case.env.ref(
                            "gendan_appraisal.competency_attention"
                        ).id,
                    }
                )
            )
        return {None: record}

    return make


def _indicator(case):
    return {None: case.env["gendan.appraisal.indicator"].search([], limit=1)}


def _band(case):
    return {
        None: case.env["gendan.appraisal.indicator.band"].sudo().search([], limit=1)
    }


def _competency(case):
    return {None: case.env.ref("gendan_appraisal.competency_attention")}


def _candidates(case):
    Candidate = case.env["gendan.appraisal.candidate"].sudo()
    candidate = Candidate.search(
        [("name", "=", "Matrix Candidate"), ("company_id", "=", case.company.id)]
    ) or Candidate.create({"name": "Matrix Candidate", "company_id": case.company.id})
    return {None: candidate}


def _candidate_competencies(case):
    return {None: _candidates(case)[None].line_ids[:1]}


# One line per gendan_appraisal model (see access_matrix_common for the kinds).
MODEL_SPECS = {
    # a merchandiser reads their own scorecard and writes its self-assessment
    # and appeal (field-level checks in write); managers score every scorecard
    "gendan.appraisal": {
        "kind": "personal",
        "merch_ops": RW,
        "manager_ops": RWC,
        "records": _scorecards,
    },
    "gendan.appraisal.line": {
        "kind": "personal",
        "merch_ops": READ,
        "manager_ops": RWC,
        "records": _scorecard_lines,
    },
    # reviewers exclude evidence (and remove the exclusion); nobody edits one
    "gendan.appraisal.exclusion": {
        "kind": "personal",
        "merch_ops": READ,
        "manager_ops": RCU,
        "admin_ops": RCU,
        "records": _exclusions,
    },
    "gendan.appraisal.exclusion.wizard": {
        "kind": "wizard",
        "merch_ops": NONE,
        "records": lambda case: {None: case.env["gendan.appraisal.exclusion.wizard"]},
    },
    "gendan.appraisal.exclusion.wizard.item": {
        "kind": "wizard",
        "merch_ops": NONE,
        "records": lambda case: {
            None: case.env["gendan.appraisal.exclusion.wizard.item"]
        },
    },
    "gendan.appraisal.annual": {
        "kind": "personal",
        "merch_ops": READ,
        "manager_ops": READ,
        "records": _annuals,
    },
    "gendan.appraisal.annual.competency": {
        "kind": "personal",
        "merch_ops": READ,
        "manager_ops": READ,
        "records": _annual_competencies,
    },
    "gendan.satisfaction": {
        "kind": "personal",
        "merch_ops": RWC,
        "manager_ops": ALL,
        "records": _satisfactions,
    },
    "gendan.appraisal.template": {
        "kind": "admin_config",
        "records": lambda case: {None: _company_template(case)},
    },
    "gendan.appraisal.template.line": {
        "kind": "admin_config",
        "records": _template_part("line_ids"),
    },
    "gendan.appraisal.template.grade": {
        "kind": "admin_config",
        "records": _template_part("grade_ids"),
    },
    "gendan.appraisal.template.competency": {
        "kind": "admin_config",
        "records": _template_part("competency_ids"),
    },
    # candidates are personal data of applicants: hiring managers (and
    # appraisal administrators) only, never merchandisers
    "gendan.appraisal.candidate": {
        "kind": "personal",
        "merch_ops": NONE,
        "manager_ops": ALL,
        "records": _candidates,
    },
    "gendan.appraisal.candidate.competency": {
        "kind": "personal",
        "merch_ops": NONE,
        "manager_ops": ALL,
        "records": _candidate_competencies,
    },
    # catalogues shared by every company
    "gendan.appraisal.indicator": {
        "kind": "admin_config",
        "shared": True,
        "other_company_ops": READ,
        "records": _indicator,
    },
    "gendan.appraisal.indicator.band": {
        "kind": "admin_config",
        "shared": True,
        "other_company_ops": READ,
        "records": _band,
    },
    "gendan.appraisal.competency": {
        "kind": "admin_config",
        "shared": True,
        "other_company_ops": READ,
        "records": _competency,
    },
    "gendan.appraisal.appeal.wizard": {
        "kind": "wizard",
        "records": lambda case: {None: case.env["gendan.appraisal.appeal.wizard"]},
    },
    "gendan.appraisal.engine": {"kind": "abstract"},
    "gendan.appraisal.competency.rating.mixin": {"kind": "abstract"},
}


@tagged("post_install", "-at_install")
class TestAppraisalAccessMatrix(AccessMatrixCommon):
    ADMIN_GROUPS = "base.group_system,gendan_appraisal.group_appraisal_admin"

    def test_matrix_covers_every_model(self):
        self._assert_covers_every_model("gendan_appraisal", MODEL_SPECS)

    def test_every_model_has_explicit_security(self):
        self._assert_explicit_security("gendan_appraisal", MODEL_SPECS)

    def test_access_matrix(self):
        cases = self._run_matrix(MODEL_SPECS)
        _logger.info("gendan_appraisal access matrix: %s cases", cases)
        self.assertGreater(cases, 0)

    def test_records_stay_on_their_order(self):
        self.assertEqual(self._run_reparenting(MODEL_SPECS), ["gendan.satisfaction"])

    def test_scorecard_field_rights(self):
        """Merchandisers write only their self-assessment; scores are the
        reviewers'; nobody scores their own scorecard."""
        cards = _scorecards(self)
        own = cards["merch_a"].with_user(self.users["merch_a"])
        own.self_assessment = "I met every deadline"
        self.assertEqual(own.sudo().self_assessment, "I met every deadline")
        with self.assertRaises(AccessError):
            own.reviewer_comment = "Excellent"
        with self.assertRaises(AccessError):
            cards["merch_b"].with_user(self.users["merch_a"]).self_assessment = "Meh"
        manual = own.sudo().line_ids.filtered(lambda line: line.kind == "manual")[:1]
        if manual:
            with self.assertRaises(AccessError):
                manual.with_user(self.users["merch_a"]).score = 100
        self.assertFalse(own.sudo().reviewer_comment)
        # the company setting does not open other merchandisers' scorecards
        self.company.gendan_see_all_orders = True
        self.env.invalidate_all()
        self.assertFalse(
            self.env["gendan.appraisal"]
            .with_user(self.users["merch_a"])
            .search([("id", "=", cards["merch_b"].id)])
        )
        self.assertEqual(
            self.env["gendan.appraisal"]
            .with_user(self.users["manager"])
            .search([("id", "in", (cards["merch_a"] | cards["merch_b"]).ids)]),
            cards["merch_a"] | cards["merch_b"],
        )

    def test_portal_customer_and_satisfaction(self):
        """The portal customer never reads Gendan records directly: their own
        survey is reached with its token (the portal controller), another
        customer's survey is not."""
        surveys = _satisfactions(self)
        portal = self.users["portal"]
        with self.assertRaises(AccessError):
            surveys["merch_a"].with_user(portal).read(["score"])
        own = surveys["merch_a"]
        self.assertEqual(own.partner_id, portal.partner_id)
        own._portal_ensure_token()
        self.assertTrue(own.access_token)
        self.assertNotEqual(surveys["merch_b"].partner_id, portal.partner_id)
