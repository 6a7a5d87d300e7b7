"""The weights of an appraisal scheme add up to 100 on every path: through the
template, on its lines directly (create, write, unlink) and on import."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestTemplateWeights(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.initiative = cls.env.ref("gendan_appraisal.indicator_initiative")
        cls.teamwork = cls.env.ref("gendan_appraisal.indicator_teamwork")
        cls.time_utilisation = cls.env.ref(
            "gendan_appraisal.indicator_time_utilisation"
        )
        cls.Template = cls.env["gendan.appraisal.template"].with_user(cls.admin)
        cls.Line = cls.env["gendan.appraisal.template.line"].with_user(cls.admin)
        cls.scheme = cls.Template.create(
            {
                "name": "Two halves",
                "line_ids": [
                    Command.create({"indicator_id": cls.initiative.id, "weight": 50}),
                    Command.create({"indicator_id": cls.teamwork.id, "weight": 50}),
                ],
            }
        )
        cls.other = cls.Template.create(
            {
                "name": "All teamwork",
                "line_ids": [
                    Command.create({"indicator_id": cls.teamwork.id, "weight": 100})
                ],
            }
        )

    def _weights(self, template=None):
        template = template or self.scheme
        template.invalidate_recordset()
        return {
            line.indicator_id.code: line.weight for line in template.sudo().line_ids
        }

    def test_direct_unlink_refused(self):
        line = self.scheme.line_ids.filtered(
            lambda li: li.indicator_id == self.teamwork
        )
        with self.assertRaisesMsg(ValidationError, "add up to 50"):
            line.unlink()
        self.assertTrue(line.exists())
        with self.assertRaisesMsg(ValidationError, "has no indicators"):
            self.scheme.line_ids.unlink()
        self.assertEqual(self._weights(), {"initiative": 50, "teamwork": 50})

    def test_removal_through_the_template_refused(self):
        with self.assertRaisesMsg(ValidationError, "add up to 50"):
            with Form(self.scheme) as form:
                form.line_ids.remove(1)
        self.assertEqual(self._weights(), {"initiative": 50, "teamwork": 50})

    def test_direct_create_and_write_refused(self):
        with self.assertRaisesMsg(ValidationError, "add up to 110"):
            self.Line.create(
                {
                    "template_id": self.scheme.id,
                    "indicator_id": self.time_utilisation.id,
                    "weight": 10,
                }
            )
        with self.assertRaisesMsg(ValidationError, "add up to 60"):
            self.scheme.line_ids[:1].weight = 10
        self.assertEqual(self._weights(), {"initiative": 50, "teamwork": 50})

    def test_line_moved_to_another_template_refused(self):
        line = self.scheme.line_ids.filtered(
            lambda li: li.indicator_id == self.initiative
        )
        with self.assertRaisesMsg(ValidationError, "must add up to 100"):
            line.template_id = self.other
        self.assertEqual(line.template_id, self.scheme)
        self.assertEqual(self._weights(), {"initiative": 50, "teamwork": 50})
        self.assertEqual(self._weights(self.other), {"teamwork": 100})

    def test_import_of_a_line_refused(self):
        result = self.Line.load(
            ["template_id/.id", "indicator_id/.id", "weight"],
            [[str(self.scheme.id), str(self.time_utilisation.id), "10"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("add up to 110", result["messages"][0]["message"])
        self.assertEqual(self._weights(), {"initiative": 50, "teamwork": 50})

    def test_rebalancing_in_one_save(self):
        """The sums in between do not count: the template is checked once its
        lines are all saved."""
        with Form(self.scheme) as form:
            with form.line_ids.edit(0) as line:
                line.weight = 70
            with form.line_ids.edit(1) as line:
                line.weight = 30
        self.assertEqual(self._weights(), {"initiative": 70, "teamwork": 30})
        # one indicator replaced by another of the same weight, in one write
        teamwork = self.scheme.line_ids.filtered(
            lambda li: li.indicator_id == self.teamwork
        )
        self.scheme.write(
            {
                "line_ids": [
                    Command.delete(teamwork.id),
                    Command.create(
                        {"indicator_id": self.time_utilisation.id, "weight": 30}
                    ),
                ]
            }
        )
        self.assertEqual(self._weights(), {"initiative": 70, "time_utilisation": 30})
        # and an import of a whole scheme with its lines
        result = self.Template.load(
            ["name", "line_ids/indicator_id/.id", "line_ids/weight"],
            [
                ["Imported", str(self.initiative.id), "40"],
                ["", str(self.teamwork.id), "60"],
            ],
        )
        self.assertFalse(result["messages"])
        imported = self.Template.browse(result["ids"])
        self.assertEqual(self._weights(imported), {"initiative": 40, "teamwork": 60})
        result = self.Template.load(
            ["name", "line_ids/indicator_id/.id", "line_ids/weight"],
            [
                ["Imported badly", str(self.initiative.id), "40"],
                ["", str(self.teamwork.id), "50"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertIn("add up to 90", result["messages"][0]["message"])
        self.assertFalse(self.Template.search([("name", "=", "Imported badly")]))

    def test_check_deferred_only_within_one_change(self):
        """A failed template change leaves no deferred check behind: the next
        direct change is checked at once."""
        with self.assertRaises(ValidationError):
            self.scheme.write(
                {"line_ids": [Command.delete(self.scheme.line_ids[0].id)]}
            )
        line = self.scheme.line_ids[:1]
        with self.assertRaisesMsg(ValidationError, "add up to 50"):
            line.unlink()
        self.assertEqual(self._weights(), {"initiative": 50, "teamwork": 50})
