import logging

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.gendan_tracking.tests.bad_input_common import BadInputCommon

from .common import MONTH_FROM, MONTH_TO, AppraisalCommon

_logger = logging.getLogger(__name__)


def _ref(case, xmlid):
    return case.env.ref("gendan_appraisal." + xmlid)


def _manual_line(case):
    return case.draft_card.line_ids.filtered(lambda li: li.kind == "manual")[:1]


def _computed_line(case):
    return case.draft_card.line_ids.filtered(lambda li: li.kind == "computed")[:1]


def _admin(case):
    return case.admin


def _manager(case):
    return case.manager


def _merchandiser(case):
    return case.merchandiser


CASES = [
    # -- weights ---------------------------------------------------------------
    {
        "name": "scheme weights adding up to 90",
        "model": "gendan.appraisal.template",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {
            "name": "Bad weights",
            "line_ids": [
                Command.create(
                    {"indicator_id": _ref(c, "indicator_initiative").id, "weight": 60}
                ),
                Command.create(
                    {"indicator_id": _ref(c, "indicator_teamwork").id, "weight": 30}
                ),
            ],
        },
    },
    {
        "name": "scheme weight changed away from 100",
        "model": "gendan.appraisal.template.line",
        "exception": ValidationError,
        "user": _admin,
        "record": lambda c: c.template.line_ids[:1],
        "write": lambda c: {"weight": c.template.line_ids[:1].weight + 1},
    },
    {
        "name": "negative indicator weight",
        "model": "gendan.appraisal.template.line",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {
            "template_id": c.template.id,
            "indicator_id": c.band_indicator.id,
            "weight": -5,
        },
    },
    # -- a template without lines ---------------------------------------------------
    {
        "name": "appraisal scheme without lines",
        "model": "gendan.appraisal.template",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {"name": "Empty scheme"},
    },
    # -- indicators ---------------------------------------------------------------
    {
        "name": "indicator target equal to its floor",
        "model": "gendan.appraisal.indicator",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {
            "code": "bad_linear",
            "name": "Bad",
            "kind": "manual",
            "target": 50,
            "floor": 50,
        },
    },
    {
        "name": "indicator bands not monotonic",
        "model": "gendan.appraisal.indicator",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {
            "code": "bad_bands",
            "name": "Bad",
            "kind": "manual",
            "scoring": "bands",
            "direction": "higher",
            "band_ids": [
                Command.create({"threshold": 90, "score": 50}),
                Command.create({"threshold": 95, "score": 40}),
            ],
        },
    },
    {
        "name": "computed indicator whose code nothing computes",
        "model": "gendan.appraisal.indicator",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {
            "code": "on_time_rat",
            "name": "Typo",
            "kind": "computed",
        },
    },
    {
        "name": "manual indicator turned computed without a computation",
        "model": "gendan.appraisal.indicator",
        "exception": ValidationError,
        "user": _admin,
        "record": lambda c: _ref(c, "indicator_initiative"),
        "write": lambda c: {"kind": "computed"},
    },
    {
        "name": "band score above 100",
        "model": "gendan.appraisal.indicator.band",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {
            "indicator_id": c.band_indicator.id,
            "threshold": 99,
            "score": 150,
        },
    },
    {
        "name": "grade minimum above 100",
        "model": "gendan.appraisal.template.grade",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {
            "template_id": c.template.id,
            "grade": "S",
            "minimum": 150,
        },
    },
    {
        "name": "expected competency level 7",
        "model": "gendan.appraisal.template.competency",
        "exception": ValidationError,
        "user": _admin,
        "record": lambda c: c.template.competency_ids[:1],
        "write": lambda c: {"expected_level": 7},
    },
    # -- scores out of range --------------------------------------------------------
    {
        "name": "manual score 120",
        "model": "gendan.appraisal.line",
        "exception": ValidationError,
        "user": _manager,
        "record": _manual_line,
        "write": lambda c: {"score": 120},
    },
    {
        "name": "manual score -1",
        "model": "gendan.appraisal.line",
        "exception": ValidationError,
        "user": _manager,
        "record": _manual_line,
        "write": lambda c: {"score": -1},
    },
    {
        "name": "computed indicator edited by hand",
        "model": "gendan.appraisal.line",
        "exception": UserError,
        "user": _manager,
        "record": _computed_line,
        "write": lambda c: {"score": 100},
    },
    {
        "name": "satisfaction score 6 (create)",
        "model": "gendan.satisfaction",
        "exception": ValidationError,
        "create": lambda c: {
            "order_id": c.order2.id,
            "product_quality": 6,
            "service_quality": 5,
            "communication": 5,
        },
    },
    {
        "name": "satisfaction score 6 (write)",
        "model": "gendan.satisfaction",
        "exception": ValidationError,
        "record": lambda c: c.survey,
        "write": lambda c: {"communication": 6},
    },
    {
        "name": "survey comment with a NUL character",
        "model": "gendan.satisfaction",
        "exception": ValidationError,
        "user": _merchandiser,
        "record": lambda c: c.survey,
        "write": lambda c: {"comment": "Good\x00service"},
    },
    {
        "name": "survey comment of 1 MB",
        "model": "gendan.satisfaction",
        "exception": ValidationError,
        "user": _merchandiser,
        "record": lambda c: c.survey,
        "write": lambda c: {"comment": "x" * 1024 * 1024},
    },
    {
        "name": "competency rating 9",
        "model": "gendan.appraisal.annual.competency",
        "exception": ValidationError,
        "user": _admin,
        "record": lambda c: c.annual.competency_line_ids[:1],
        "write": lambda c: {"rating": 9},
    },
    {
        "name": "salary adjustment of 250%",
        "model": "gendan.appraisal.annual",
        "exception": ValidationError,
        "user": _admin,
        "record": lambda c: c.annual,
        "write": lambda c: {"salary_adjustment_pct": 250},
    },
    # -- candidate assessments -------------------------------------------------------
    {
        "name": "candidate competency rating 6",
        "model": "gendan.appraisal.candidate.competency",
        "exception": ValidationError,
        "user": _manager,
        "record": lambda c: c.candidate.line_ids[:1],
        "write": lambda c: {"rating": 6},
    },
    {
        "name": "candidate competency rating -1",
        "model": "gendan.appraisal.candidate.competency",
        "exception": ValidationError,
        "user": _manager,
        "record": lambda c: c.candidate.line_ids[:1],
        "write": lambda c: {"rating": -1},
    },
    {
        "name": "candidate assessment closed with unrated competencies",
        "model": "gendan.appraisal.candidate",
        "exception": ValidationError,
        "user": _manager,
        "record": lambda c: c.candidate,
        "write": lambda c: {"state": "done", "recommendation": "hire"},
    },
    {
        "name": "candidate assessment closed without a recommendation",
        "model": "gendan.appraisal.candidate",
        "exception": ValidationError,
        "user": _manager,
        "record": lambda c: c.rated_candidate,
        "write": lambda c: {"state": "done"},
    },
    {
        "name": "candidate with a competency rated twice",
        "model": "gendan.appraisal.candidate",
        "exception": ValidationError,
        "user": _manager,
        "create": lambda c: {
            "name": "Twice Rated",
            "template_id": c.template.id,
            "line_ids": [
                Command.create(
                    {"competency_id": _ref(c, "competency_legal").id, "rating": 3}
                ),
                Command.create(
                    {"competency_id": _ref(c, "competency_legal").id, "rating": 4}
                ),
            ],
        },
    },
    {
        "name": "candidate assessed with a template without competency profile",
        "model": "gendan.appraisal.candidate",
        "exception": ValidationError,
        "user": _manager,
        "create": lambda c: {"name": "No Profile", "template_id": c.no_profile.id},
    },
    {
        "name": "rating of a closed candidate assessment changed",
        "model": "gendan.appraisal.candidate.competency",
        "exception": UserError,
        "user": _manager,
        "record": lambda c: c.done_candidate.line_ids[:1],
        "write": lambda c: {"rating": 1},
    },
    # -- bad dates ------------------------------------------------------------------
    {
        "name": "scorecard period that is not a calendar month",
        "model": "gendan.appraisal",
        "exception": ValidationError,
        "user": _manager,
        "create": lambda c: {
            "user_id": c.merchandiser2.id,
            "date_from": "2025-03-02",
            "date_to": "2025-03-31",
            "template_id": c.template.id,
        },
    },
    {
        "name": "annual appraisal of year 99",
        "model": "gendan.appraisal.annual",
        "exception": ValidationError,
        "user": _admin,
        "create": lambda c: {"user_id": c.merchandiser2.id, "year": 99},
    },
    # -- duplicate scorecards ----------------------------------------------------------
    {
        "name": "duplicate scorecard",
        "model": "gendan.appraisal",
        "exception": ValidationError,
        "user": _manager,
        "create": lambda c: {
            "user_id": c.merchandiser.id,
            "date_from": MONTH_FROM,
            "date_to": MONTH_TO,
            "template_id": c.template.id,
        },
    },
    # -- editing locked scorecards -----------------------------------------------------
    {
        "name": "locked scorecard edited",
        "model": "gendan.appraisal",
        "exception": UserError,
        "user": _admin,
        "record": lambda c: c.locked_card,
        "write": lambda c: {"improvement_plan": "Rewrite history"},
    },
    {
        "name": "locked scorecard line edited",
        "model": "gendan.appraisal.line",
        "exception": UserError,
        "user": _admin,
        "record": lambda c: c.locked_card.line_ids.filtered(
            lambda li: li.kind == "manual"
        )[:1],
        "write": lambda c: {"reason": "Changed my mind"},
    },
    # -- imports ----------------------------------------------------------------------
    {
        "name": "import scorecard for an unknown merchandiser",
        "model": "gendan.appraisal",
        "user": _manager,
        "load": lambda c: (
            ["user_id", "date_from", "date_to", "template_id/.id"],
            [["No Such Merchandiser", "2025-05-01", "2025-05-31", str(c.template.id)]],
        ),
    },
    {
        "name": "import scorecard with a malformed date",
        "model": "gendan.appraisal",
        "user": _manager,
        "load": lambda c: (
            ["user_id/.id", "date_from", "date_to", "template_id/.id"],
            [[str(c.merchandiser2.id), "2025-02-30", "2025-02-28", str(c.template.id)]],
        ),
    },
    {
        "name": "import duplicate scorecard",
        "model": "gendan.appraisal",
        "user": _manager,
        "translated": True,
        "load": lambda c: (
            ["user_id/.id", "date_from", "date_to", "template_id/.id"],
            [
                [
                    str(c.merchandiser.id),
                    str(MONTH_FROM),
                    str(MONTH_TO),
                    str(c.template.id),
                ]
            ],
        ),
    },
    {
        "name": "import scheme line with an unknown indicator",
        "model": "gendan.appraisal.template.line",
        "user": _admin,
        "load": lambda c: (
            ["template_id/.id", "indicator_id", "weight"],
            [[str(c.template.id), "No Such Indicator", "10"]],
        ),
    },
    {
        "name": "import scheme line making the weights 110",
        "model": "gendan.appraisal.template.line",
        "user": _admin,
        "translated": True,
        "load": lambda c: (
            ["template_id/.id", "indicator_id/.id", "weight"],
            [[str(c.template.id), str(c.band_indicator.id), "10"]],
        ),
    },
    {
        "name": "import candidate with a competency rated 6",
        "model": "gendan.appraisal.candidate",
        "user": _manager,
        "translated": True,
        "load": lambda c: (
            ["name", "line_ids/competency_id", "line_ids/rating"],
            [
                [
                    "Imported Candidate",
                    c.candidate.line_ids[:1].competency_id.name,
                    "6",
                ]
            ],
        ),
    },
    {
        "name": "import candidate rated on an unknown competency",
        "model": "gendan.appraisal.candidate",
        "user": _manager,
        "load": lambda c: (
            ["name", "line_ids/competency_id", "line_ids/rating"],
            [["Imported Candidate", "No Such Competency", "4"]],
        ),
    },
    {
        "name": "import survey for an unknown order",
        "model": "gendan.satisfaction",
        "load": lambda c: (["order_id", "product_quality"], [["S-NO-SUCH", "4"]]),
    },
    {
        "name": "import survey with a score of 6",
        "model": "gendan.satisfaction",
        "translated": True,
        "load": lambda c: (
            ["order_id/.id", "partner_id/.id", "product_quality"],
            [[str(c.order2.id), str(c.customer.id), "6"]],
        ),
    },
]


@tagged("post_install", "-at_install")
class TestBadInputTable(BadInputCommon, AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft_card = (
            cls.env["gendan.appraisal"]
            ._create_scorecards(MONTH_FROM, MONTH_TO, users=cls.merchandiser)
            .filtered(lambda a: a.user_id == cls.merchandiser)
        )
        cls.locked_card = (
            cls.env["gendan.appraisal"]
            ._create_scorecards(MONTH_FROM, MONTH_TO, users=cls.merchandiser2)
            .filtered(lambda a: a.user_id == cls.merchandiser2)
        )
        cls.locked_card.with_user(cls.manager).action_submit_review()
        cls.locked_card.with_user(cls.manager).action_approve()
        cls.order = cls.make_order(confirm=False)
        cls.order2 = cls.make_order(confirm=False)
        cls.survey = cls.env["gendan.satisfaction"].create({"order_id": cls.order.id})
        cls.annual = cls.env["gendan.appraisal.annual"].create(
            {"user_id": cls.merchandiser.id, "year": 2025}
        )
        if not cls.annual.competency_line_ids:
            cls.env["gendan.appraisal.annual.competency"].create(
                {
                    "annual_id": cls.annual.id,
                    "competency_id": cls.env.ref(
                        "gendan_appraisal.competency_attention"
                    ).id,
                }
            )
        cls.band_indicator = cls.env["gendan.appraisal.indicator"].create(
            {
                "code": "band_fixture",
                "name": "Band fixture",
                "kind": "manual",
                "scoring": "bands",
                "band_ids": [Command.create({"threshold": 50, "score": 50})],
            }
        )
        if not cls.template.competency_ids:
            cls.env["gendan.appraisal.template.competency"].create(
                {
                    "template_id": cls.template.id,
                    "competency_id": cls.env.ref(
                        "gendan_appraisal.competency_attention"
                    ).id,
                }
            )

        Candidate = cls.env["gendan.appraisal.candidate"]
        cls.candidate = Candidate.create({"name": "Table Candidate"})
        cls.rated_candidate = Candidate.create({"name": "Rated Candidate"})
        cls.rated_candidate.line_ids.write({"rating": 4})
        cls.done_candidate = Candidate.create(
            {"name": "Done Candidate", "recommendation": "hire"}
        )
        cls.done_candidate.line_ids.write({"rating": 3})
        cls.done_candidate.action_done()
        cls.no_profile = cls.template.copy(
            {
                "name": "Scheme without profile",
                "is_default": False,
                "competency_ids": [],
            }
        )

    def test_bad_inputs(self):
        self.assertEqual(self.locked_card.state, "approved")
        self.assertTrue(self.annual.competency_line_ids)
        cases = []
        for case in CASES:
            case = dict(case)
            for key in ("create", "write", "load"):
                if key in case:
                    case[key] = case[key](self)
            cases.append(case)
        done = self._run_bad_inputs(cases)
        _logger.info("gendan_appraisal bad inputs: %s cases", done)
        self.assertEqual(done, len(CASES))
