"""A scorecard always has its template's lines, whatever the way it is made
(form, RPC, import, the monthly action), and an empty one goes nowhere."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import MONTH_FROM, MONTH_TO, AppraisalCommon

LINE_FIELDS = (
    "sequence",
    "weight",
    "kind",
    "actual_value",
    "applicable",
    "score",
    "evidence_count",
    "evidence_model",
    "evidence_res_ids",
)


@tagged("post_install", "-at_install")
class TestScorecardLines(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # March: one order on time, one late, so that computed lines have values
        ontime = cls.make_order(commitment=cls.local(2025, 3, 10, 10))
        cls.deliver(ontime, 10, cls.local(2025, 3, 9, 15))
        late = cls.make_order(commitment=cls.local(2025, 3, 12, 10))
        cls.deliver(late, 10, cls.local(2025, 3, 14, 9))
        cls.Appraisal = cls.env["gendan.appraisal"]
        cls.initiative = cls.env.ref("gendan_appraisal.indicator_initiative")
        cls.teamwork = cls.env.ref("gendan_appraisal.indicator_teamwork")
        cls.on_time = cls.env.ref("gendan_appraisal.indicator_on_time_rate")
        cls.small_template = (
            cls.env["gendan.appraisal.template"]
            .with_user(cls.admin)
            .create(
                {
                    "name": "Small scheme",
                    "line_ids": [
                        Command.create({"indicator_id": cls.on_time.id, "weight": 60}),
                        Command.create(
                            {"indicator_id": cls.initiative.id, "weight": 40}
                        ),
                    ],
                }
            )
        )

    # ----------------------------------------------------------------- helpers
    def _snapshot(self, scorecard):
        """The lines of ``scorecard``, comparable across scorecards."""
        scorecard.invalidate_recordset()
        return {
            line.indicator_id.code: tuple(line[name] for name in LINE_FIELDS)
            for line in scorecard.sudo().line_ids
        }

    def _monthly_snapshot(self):
        """The lines the monthly action gives the merchandiser for March (the
        scorecard is removed again, so the same month can be created by hand)."""
        scorecard = self.Appraisal._create_scorecards(
            MONTH_FROM, MONTH_TO, users=self.merchandiser
        )
        snapshot = self._snapshot(scorecard)
        scorecard.unlink()
        return snapshot

    def _values(self, **extra):
        return dict(
            {
                "user_id": self.merchandiser.id,
                "date_from": MONTH_FROM,
                "date_to": MONTH_TO,
                "template_id": self.template.id,
            },
            **extra,
        )

    def _line(self, scorecard, indicator):
        return scorecard.line_ids.filtered(lambda li: li.indicator_id == indicator)

    # ------------------------------------------------------------------- tests
    def test_monthly_scorecard_has_template_lines(self):
        expected = self._monthly_snapshot()
        self.assertEqual(
            set(expected), set(self.template.line_ids.indicator_id.mapped("code"))
        )
        on_time = expected["on_time_rate"]
        self.assertEqual(on_time[LINE_FIELDS.index("actual_value")], 50.0)
        self.assertEqual(on_time[LINE_FIELDS.index("evidence_count")], 2)

    def test_form_as_manager(self):
        expected = self._monthly_snapshot()
        form = Form(self.Appraisal.with_user(self.manager))
        form.user_id = self.merchandiser
        form.date_from = MONTH_FROM
        self.assertEqual(form.date_to, MONTH_TO, "the month ends on its last day")
        self.assertEqual(len(form.line_ids), 0)
        form.template_id = self.template
        # the lines and their values show before saving
        self.assertEqual(len(form.line_ids), len(self.template.line_ids))
        shown = {}
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                shown[line.indicator_id.code] = line.actual_value
                # a manual score typed before saving is kept
                if line.indicator_id == self.initiative:
                    line.score = 70
        self.assertEqual(shown["on_time_rate"], 50.0)
        scorecard = form.save()
        self.assertEqual(scorecard.state, "draft")
        got = self._snapshot(scorecard)
        initiative = self._line(scorecard, self.initiative)
        self.assertEqual(initiative.score, 70)
        self.assertTrue(initiative.scored)
        del got["initiative"], expected["initiative"]
        self.assertEqual(got, expected)

    def test_create_as_manager(self):
        expected = self._monthly_snapshot()
        scorecard = self.Appraisal.with_user(self.manager).create(self._values())
        self.assertEqual(self._snapshot(scorecard), expected)

    def test_create_cannot_bring_its_own_figures(self):
        """Lines sent with create are rebuilt from the template and the engine:
        a caller cannot send a computed value, a weight or an extra line."""
        expected = self._monthly_snapshot()
        scorecard = self.Appraisal.with_user(self.manager).create(
            self._values(
                line_ids=[
                    Command.create(
                        {
                            "indicator_id": self.on_time.id,
                            "actual_value": 100,
                            "score": 100,
                            "weight": 95,
                            "evidence_count": 9,
                        }
                    ),
                    Command.create(
                        {"indicator_id": self.on_time.id, "score": 100, "weight": 5}
                    ),
                ]
            )
        )
        self.assertEqual(self._snapshot(scorecard), expected)

    def test_load_as_manager(self):
        expected = self._monthly_snapshot()
        result = self.Appraisal.with_user(self.manager).load(
            ["user_id/.id", "date_from", "date_to", "template_id/.id"],
            [
                [
                    str(self.merchandiser.id),
                    str(MONTH_FROM),
                    str(MONTH_TO),
                    str(self.template.id),
                ]
            ],
        )
        self.assertFalse(result["messages"])
        scorecard = self.Appraisal.browse(result["ids"])
        self.assertEqual(len(scorecard), 1)
        self.assertEqual(self._snapshot(scorecard), expected)

    def test_load_with_lines_keeps_engine_values(self):
        expected = self._monthly_snapshot()
        result = self.Appraisal.with_user(self.manager).load(
            [
                "user_id/.id",
                "date_from",
                "date_to",
                "template_id/.id",
                "line_ids/indicator_id/.id",
                "line_ids/actual_value",
                "line_ids/score",
            ],
            [
                [
                    str(self.merchandiser.id),
                    str(MONTH_FROM),
                    str(MONTH_TO),
                    str(self.template.id),
                    str(self.on_time.id),
                    "100",
                    "100",
                ],
                ["", "", "", "", str(self.initiative.id), "", "65"],
            ],
        )
        self.assertFalse(result["messages"])
        scorecard = self.Appraisal.browse(result["ids"])
        got = self._snapshot(scorecard)
        self.assertEqual(self._line(scorecard, self.initiative).score, 65)
        del got["initiative"], expected["initiative"]
        self.assertEqual(got, expected, "the imported computed values were ignored")

    def test_merchandiser_cannot_create_nor_preview(self):
        Appraisal = self.Appraisal.with_user(self.merchandiser2)
        count = self.Appraisal.search_count([])
        with self.assertRaises(AccessError):
            Appraisal.create(self._values())
        self.assertEqual(self.Appraisal.search_count([]), count)
        # the form preview of someone else's month computes nothing for them
        preview = Appraisal.new(self._values())._prepare_form_lines()
        self.assertEqual(len(preview), len(self.template.line_ids))
        self.assertFalse(
            [command for command in preview if command[2].get("applicable")]
        )

    def test_change_template_in_draft_rebuilds_lines(self):
        scorecard = self.Appraisal.with_user(self.manager).create(self._values())
        with Form(scorecard) as form:
            form.template_id = self.small_template
            self.assertEqual(len(form.line_ids), 2, "the form shows the new lines")
            with form.line_ids.edit(1) as line:
                self.assertEqual(line.indicator_id, self.initiative)
                line.score = 55
        self.assertEqual(
            scorecard.line_ids.mapped("indicator_id"), self.on_time | self.initiative
        )
        self.assertEqual(scorecard.line_ids.mapped("weight"), [60.0, 40.0])
        self.assertEqual(self._line(scorecard, self.on_time).actual_value, 50.0)
        self.assertEqual(self._line(scorecard, self.initiative).score, 55)
        # back to the default template over RPC: its lines again
        scorecard.write({"template_id": self.template.id})
        self.assertEqual(len(scorecard.line_ids), len(self.template.line_ids))

    def test_change_template_refused_after_draft(self):
        scorecard = self.Appraisal.with_user(self.manager).create(self._values())
        scorecard.action_submit_review()
        before = self._snapshot(scorecard)
        with self.assertRaisesMsg(UserError, "only be changed in draft"):
            scorecard.write({"template_id": self.small_template.id})
        with self.assertRaisesMsg(UserError, "only be changed in draft"):
            scorecard.write({"user_id": self.merchandiser2.id})
        self.assertEqual(scorecard.template_id, self.template)
        self.assertEqual(scorecard.user_id, self.merchandiser)
        self.assertEqual(self._snapshot(scorecard), before)
        # writing the same values is no change
        scorecard.write({"template_id": self.template.id, "date_from": MONTH_FROM})
        self.assertEqual(self._snapshot(scorecard), before)

    def test_lines_are_not_added_or_removed_by_hand(self):
        scorecard = self.Appraisal.with_user(self.manager).create(self._values())
        before = self._snapshot(scorecard)
        Line = self.env["gendan.appraisal.line"].with_user(self.manager)
        with self.assertRaisesMsg(UserError, "come from its template"):
            Line.create(
                {
                    "appraisal_id": scorecard.id,
                    "indicator_id": self.teamwork.id,
                    "weight": 50,
                }
            )
        with self.assertRaisesMsg(UserError, "come from its template"):
            scorecard.line_ids[:1].unlink()
        with self.assertRaisesMsg(UserError, "come from its template"):
            scorecard.write({"line_ids": [Command.delete(scorecard.line_ids[0].id)]})
        manual = self._line(scorecard, self.initiative)
        with self.assertRaisesMsg(UserError, "Only the score and reason"):
            manual.write({"weight": 50})
        with self.assertRaisesMsg(UserError, "Only the score and reason"):
            manual.write({"indicator_id": self.teamwork.id})
        self.assertEqual(self._snapshot(scorecard), before)

    def test_empty_scorecard_cannot_be_submitted_nor_approved(self):
        scorecard = self.Appraisal.with_user(self.manager).create(
            self._values(user_id=self.merchandiser2.id)
        )
        # a scorecard emptied behind the ORM's back (or made before lines were
        # built on creation)
        scorecard.sudo().line_ids.unlink()
        mine = scorecard.with_user(self.merchandiser2)
        with self.assertRaisesMsg(UserError, "has no indicator lines"):
            mine.action_self_review()
        with self.assertRaisesMsg(UserError, "has no indicator lines"):
            mine.action_submit_review()
        with self.assertRaisesMsg(UserError, "has no indicator lines"):
            scorecard.action_submit_review()
        self.assertEqual(scorecard.state, "draft")
        scorecard.sudo().state = "review"
        with self.assertRaisesMsg(UserError, "has no indicator lines"):
            scorecard.action_approve()
        self.assertEqual(scorecard.state, "review")
        self.assertFalse(scorecard.line_ids)
        # Recompute gives it its template's lines again
        scorecard.action_recompute()
        self.assertEqual(len(scorecard.line_ids), len(self.template.line_ids))
        scorecard.action_approve()
        self.assertEqual(scorecard.state, "approved")
