from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestCandidate(AppraisalCommon):
    """A hiring manager assesses a candidate with the competency profile of an
    appraisal template."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.attention = cls.env.ref("gendan_appraisal.competency_attention")
        cls.communication = cls.env.ref("gendan_appraisal.competency_communication")
        cls.legal = cls.env.ref("gendan_appraisal.competency_legal")
        cls.small_profile = cls.template.copy(
            {
                "name": "Junior merchandiser profile",
                "is_default": False,
                "competency_ids": [
                    Command.create(
                        {"competency_id": cls.attention.id, "expected_level": 4}
                    ),
                    Command.create(
                        {"competency_id": cls.communication.id, "expected_level": 3}
                    ),
                    Command.create(
                        {"competency_id": cls.legal.id, "expected_level": 5}
                    ),
                ],
            }
        )
        cls.Candidate = cls.env["gendan.appraisal.candidate"].with_user(cls.manager)

    def _line(self, candidate, competency):
        return candidate.line_ids.filtered(lambda li: li.competency_id == competency)

    def _form_levels(self, form):
        levels = []
        for index in range(len(form.line_ids)):
            with form.line_ids.edit(index) as line:
                levels.append(line.expected_level)
        return levels

    def _rate_all(self, candidate, rating=4):
        candidate.line_ids.write({"rating": rating})

    # ------------------------------------------------------------------ profile
    def test_profile_copied_from_default_template(self):
        candidate = self.Candidate.create({"name": "Wang Fang"})
        self.assertEqual(candidate.template_id, self.template)
        self.assertEqual(candidate.position, "Merchandiser")
        self.assertEqual(candidate.interviewer_id, self.manager)
        self.assertEqual(candidate.date, self.today())
        self.assertEqual(candidate.company_id, self.env.company)
        self.assertEqual(candidate.state, "draft")
        profile = {
            line.competency_id: line.expected_level
            for line in self.template.competency_ids
        }
        self.assertEqual(len(profile), 11)
        self.assertEqual(
            {line.competency_id: line.expected_level for line in candidate.line_ids},
            profile,
        )
        self.assertFalse(any(candidate.line_ids.mapped("rating")))
        self.assertEqual(candidate.match_pct, 0.0)
        self.assertEqual(candidate.gap_count, 0)
        self.assertFalse(candidate.development_needs)
        # the expected level is a snapshot: a later change of the template
        # does not rewrite the assessment
        self.template.competency_ids.filtered(
            lambda p: p.competency_id == self.attention
        ).expected_level = 2
        self.assertEqual(self._line(candidate, self.attention).expected_level, 4)

    def test_match_gaps_and_development_needs(self):
        candidate = self.Candidate.create(
            {"name": "Zhao Lei", "template_id": self.small_profile.id}
        )
        self.assertEqual(candidate.line_ids.mapped("expected_level"), [4, 3, 5])
        self._line(candidate, self.attention).rating = 5
        self._line(candidate, self.communication).rating = 2
        # an unrated line reaches 0: (min(5, 4) + min(2, 3) + 0) / (4 + 3 + 5)
        self.assertAlmostEqual(candidate.match_pct, 50.0)
        self.assertEqual(candidate.gap_count, 1)
        self.assertEqual(candidate.average_rating, 3.5)
        self.assertEqual(self._line(candidate, self.communication).gap, 1)
        self.assertEqual(self._line(candidate, self.attention).gap, 0)
        self.assertEqual(self._line(candidate, self.legal).gap, 0)
        self.assertEqual(
            candidate.development_needs, "Communication: rated 2, expected 3"
        )
        self._line(candidate, self.legal).rating = 3
        self.assertAlmostEqual(candidate.match_pct, 75.0)
        self.assertEqual(candidate.gap_count, 2)
        self.assertEqual(candidate.average_rating, 3.33)  # 10 / 3, 2 digits
        self.assertEqual(
            candidate.development_needs,
            "Communication: rated 2, expected 3\n"
            "Law and Contract Knowledge: rated 3, expected 5",
        )
        # the stored values are what a grouped read sees
        [(match,)] = self.env["gendan.appraisal.candidate"]._read_group(
            [("id", "=", candidate.id)], [], ["match_pct:avg"]
        )
        self.assertAlmostEqual(match, 75.0)
        # a perfect candidate matches the whole profile
        candidate.line_ids.write({"rating": 5})
        self.assertEqual(candidate.match_pct, 100.0)
        self.assertEqual(candidate.gap_count, 0)
        self.assertFalse(candidate.development_needs)

    def test_template_onchange_in_form(self):
        with Form(self.Candidate) as form:
            form.name = "Sun Mei"
            self.assertEqual(form.template_id, self.template)
            self.assertEqual(len(form.line_ids), 11)
            form.template_id = self.small_profile
            self.assertEqual(len(form.line_ids), 3)
            self.assertEqual(self._form_levels(form), [4, 3, 5])
            with form.line_ids.edit(1) as line:
                self.assertEqual(line.competency_id, self.communication)
                line.rating = 2
            # back and forth: the rating given to a competency that stays is kept
            form.template_id = self.template
            self.assertEqual(len(form.line_ids), 11)
            form.template_id = self.small_profile
            with form.line_ids.edit(1) as line:
                self.assertEqual(line.rating, 2)
        candidate = form.record
        self.assertEqual(candidate.template_id, self.small_profile)
        self.assertEqual(
            candidate.line_ids.competency_id,
            self.small_profile.competency_ids.competency_id,
        )
        self.assertEqual(candidate.line_ids.mapped("expected_level"), [4, 3, 5])
        self.assertEqual(self._line(candidate, self.communication).rating, 2)
        self.assertEqual(candidate.gap_count, 1)
        # a template changed outside the form replaces the profile too
        candidate.template_id = self.template
        self.assertEqual(len(candidate.line_ids), 11)
        self.assertEqual(self._line(candidate, self.communication).rating, 2)
        self.assertEqual(self._line(candidate, self.communication).expected_level, 4)
        self.assertEqual(self._line(candidate, self.communication).gap, 2)

    # ---------------------------------------------------------------- workflow
    def test_state_flow_and_lock(self):
        candidate = self.Candidate.create(
            {"name": "Wang Fang", "template_id": self.small_profile.id}
        )
        candidate.line_ids[:2].write({"rating": 4})
        with self.assertRaisesMsg(ValidationError, "Rate every competency"):
            candidate.action_done()
        self.assertEqual(candidate.state, "draft")
        self._rate_all(candidate, 4)
        with self.assertRaisesMsg(ValidationError, "Give a recommendation"):
            candidate.action_done()
        candidate.recommendation = "hire"
        candidate.action_done()
        self.assertEqual(candidate.state, "done")
        line = candidate.line_ids[:1]
        with self.assertRaisesMsg(UserError, "done and locked"):
            line.rating = 5
        with self.assertRaises(UserError):
            candidate.write({"line_ids": [Command.update(line.id, {"rating": 1})]})
        with self.assertRaises(UserError):
            candidate.recommendation = "reject"
        with self.assertRaises(UserError):
            candidate.template_id = self.template
        with self.assertRaises(UserError):
            line.unlink()
        self.assertEqual(line.rating, 4)
        self.assertEqual(len(candidate.line_ids), 3)
        # the comment stays writable
        candidate.comment = "Start on the 1st"
        with self.assertRaises(UserError):
            candidate.action_done()
        # back to draft (managers), rating again, closed again
        candidate.action_reset_draft()
        self.assertEqual(candidate.state, "draft")
        line.rating = 5
        candidate.action_done()
        candidate.action_reset_draft()
        candidate.action_cancel()
        self.assertEqual(candidate.state, "cancelled")
        with self.assertRaises(UserError):
            candidate.action_cancel()

    def test_compare_candidates_of_a_position(self):
        strong = self.Candidate.create(
            {"name": "Strong", "template_id": self.small_profile.id}
        )
        self._rate_all(strong, 5)
        weak = self.Candidate.create(
            {"name": "Weak", "template_id": self.small_profile.id}
        )
        self._rate_all(weak, 2)
        other = self.Candidate.create(
            {
                "name": "Buyer",
                "position": "Buyer",
                "template_id": self.small_profile.id,
            }
        )
        action = strong.action_compare()
        self.assertEqual(action["res_model"], "gendan.appraisal.candidate.competency")
        Line = self.env["gendan.appraisal.candidate.competency"].with_user(self.manager)
        groups = Line._read_group(
            action["domain"] + [("candidate_id", "in", (strong | weak | other).ids)],
            ["candidate_id", "competency_id"],
            ["rating:avg"],
        )
        matrix = {(c, comp): rating for c, comp, rating in groups}
        self.assertEqual(len(matrix), 6)
        self.assertEqual(matrix[strong, self.legal], 5)
        self.assertEqual(matrix[weak, self.legal], 2)
        self.assertNotIn((other, self.legal), matrix)
        ordered = self.Candidate.search(
            [("id", "in", (strong | weak).ids)], order="match_pct desc"
        )
        self.assertEqual(ordered, strong | weak)
        self.assertEqual(strong.match_pct, 100.0)
        self.assertAlmostEqual(weak.match_pct, 600 / 12)

    # --------------------------------------------------------------- bad input
    def test_bad_input(self):
        candidate = self.Candidate.create(
            {"name": "Wang Fang", "template_id": self.small_profile.id}
        )
        line = candidate.line_ids[:1]
        for rating in (6, -1):
            with self.assertRaisesMsg(ValidationError, "between 1 and 5"):
                line.rating = rating
                line.flush_recordset()
        self.assertEqual(line.rating, 0)
        with self.assertRaisesMsg(ValidationError, "once per candidate"):
            self.Candidate.create(
                {
                    "name": "Twice",
                    "template_id": self.small_profile.id,
                    "line_ids": [
                        Command.create({"competency_id": self.legal.id, "rating": 3}),
                        Command.create({"competency_id": self.legal.id, "rating": 4}),
                    ],
                }
            )
        with self.assertRaisesMsg(ValidationError, "once per candidate"):
            candidate.line_ids[1].competency_id = self.attention
        with self.assertRaisesMsg(ValidationError, "once per candidate"):
            self.env["gendan.appraisal.candidate.competency"].with_user(
                self.manager
            ).create({"candidate_id": candidate.id, "competency_id": self.legal.id})
        no_profile = self.template.copy(
            {"name": "No profile", "is_default": False, "competency_ids": []}
        )
        self.assertFalse(no_profile.competency_ids)
        with self.assertRaisesMsg(ValidationError, "no competency profile"):
            self.Candidate.create({"name": "Nobody", "template_id": no_profile.id})
        with self.assertRaisesMsg(ValidationError, "no competency profile"):
            candidate.template_id = no_profile
        self.assertEqual(candidate.template_id, self.small_profile)
        self.assertEqual(len(candidate.line_ids), 3)
        self.assertFalse(
            self.env["gendan.appraisal.candidate"].search(
                [("name", "in", ("Twice", "Nobody"))]
            )
        )

    # ------------------------------------------------------------------ access
    def test_access(self):
        candidate = self.Candidate.create({"name": "Wang Fang"})
        self.assertTrue(candidate.line_ids)
        # candidates are personal data: merchandisers have no access at all
        as_merchandiser = self.env["gendan.appraisal.candidate"].with_user(
            self.merchandiser
        )
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base"):
            candidate.with_user(self.merchandiser).read(["name"])
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base"):
            as_merchandiser.create({"name": "Sneaky"})
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base"):
            candidate.line_ids[:1].with_user(self.merchandiser).read(["rating"])
        # hiring managers and appraisal administrators manage them
        candidate.line_ids[:1].rating = 3
        candidate.with_user(self.admin).line_ids[:1].rating = 4
        self.assertEqual(candidate.line_ids[:1].rating, 4)
        # another company's candidates stay invisible
        company_2 = self.env["res.company"].create({"name": "Gendan Other Co"})
        manager_2 = new_test_user(
            self.env,
            login="gendan_candidate_manager_2",
            groups="gendan_tracking.group_merchandising_manager",
            company_id=company_2.id,
            company_ids=[Command.set(company_2.ids)],
        )
        other = (
            self.env["gendan.appraisal.candidate"]
            .with_user(manager_2)
            .create({"name": "Other Co Candidate"})
        )
        self.assertEqual(other.company_id, company_2)
        self.assertEqual(other.template_id, self.template)
        visible = self.Candidate.search([("id", "in", (candidate | other).ids)])
        self.assertEqual(visible, candidate)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base"):
            other.with_user(self.manager).read(["name"])
        self.assertFalse(
            self.env["gendan.appraisal.candidate.competency"]
            .with_user(self.manager)
            .search([("candidate_id", "=", other.id)])
        )
        # the menu is for managers only
        menu = self.env.ref("gendan_appraisal.gendan_appraisal_candidate_menu")
        self.assertNotIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.merchandiser)._visible_menu_ids(),
        )
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        )

    # ------------------------------------------------------------------ report
    def test_report_html(self):
        candidate = self.Candidate.create(
            {
                "name": "Wang Fang",
                "template_id": self.small_profile.id,
                "comment": "Calm under pressure",
            }
        )
        self._line(candidate, self.attention).rating = 5
        self._line(candidate, self.communication).rating = 2
        self._line(candidate, self.legal).rating = 5
        candidate.recommendation = "consider"
        candidate.action_done()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(
                "gendan_appraisal.report_gendan_appraisal_candidate", candidate.ids
            )[0]
            .decode()
        )
        self.assertIn("Candidate Assessment", html)
        self.assertIn("Wang Fang", html)
        self.assertIn("Merchandiser", html)
        self.assertIn(self.manager.name, html)
        self.assertIn("Junior merchandiser profile", html)
        for name in ("Attention to Detail and Patience", "Communication"):
            self.assertIn(name, html)
        self.assertIn("Law and Contract Knowledge", html)
        # (4 + 2 + 5) / 12
        self.assertIn("91.7 %", html)
        self.assertIn("Consider", html)
        self.assertIn("Communication: rated 2, expected 3", html)
        self.assertIn("Calm under pressure", html)
        self.assertIn("Interviewer signature", html)
        self.assertIn("Hiring manager signature", html)
        self.assertIn("text-danger", html)
