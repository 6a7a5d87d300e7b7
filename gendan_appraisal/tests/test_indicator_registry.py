"""One definition per computed indicator: the engine's registry, and a code
without a method is an error wherever it shows (form, RPC, engine, start-up)."""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.gendan_appraisal_indicator_engine import indicator, indicator_registry
from .common import MONTH_FROM, MONTH_TO, AppraisalCommon

ENGINE_LOGGER = "odoo.addons.gendan_appraisal.models.gendan_appraisal_indicator_engine"


class _Base:
    @indicator("rate")
    def _rate(self, period):
        return {}


class _Override(_Base):
    # an override without the decorator keeps the registered code
    def _rate(self, period):
        return dict(super()._rate(period))

    @indicator("extra")
    def _extra(self, period):
        return {}


class _Twice(_Base):
    @indicator("rate")
    def _rate_again(self, period):
        return {}


@tagged("post_install", "-at_install")
class TestIndicatorRegistry(AppraisalCommon):
    def _indicators(self):
        return self.Indicator.with_context(active_test=False).search_read(
            [], ["code", "kind"], order="id"
        )

    def _insert_unknown_code(self):
        """A computed indicator the constraint would refuse, as a database
        restored from elsewhere or an uninstalled extension leaves it."""
        self.env.cr.execute(
            """INSERT INTO gendan_appraisal_indicator
                   (code, name, kind, category, direction, scoring, target,
                    floor, active, sequence)
               VALUES ('ghost_rate', '{"en_US": "Ghost rate"}', 'computed',
                       'other', 'higher', 'linear', 100, 0, true, 10)
               RETURNING id"""
        )
        return self.Indicator.browse(self.env.cr.fetchone()[0])

    def test_every_shipped_computed_indicator_has_one_method(self):
        registry = self.Engine._indicator_registry()
        shipped = self.Indicator.search([("kind", "=", "computed")])
        self.assertTrue(shipped)
        for record in shipped:
            with self.subTest(code=record.code):
                self.assertIn(record.code, registry)
                self.assertTrue(callable(self.Engine._indicator_method(record.code)))
        self.assertEqual(self.Engine._check_indicator_registry(), self.Indicator)

    def test_unknown_code_refused_on_create(self):
        Indicator = self.Indicator.with_user(self.admin)
        before = self._indicators()
        with self.assertRaisesMsg(ValidationError, "on_time_rat"):
            Indicator.create(
                {"code": "on_time_rat", "name": "Typo", "kind": "computed"}
            )
        # from the form
        form = Form(Indicator)
        form.code = "csat_typo"
        form.name = "Typo"
        form.kind = "computed"
        with self.assertRaisesMsg(ValidationError, "csat_typo"):
            form.save()
        self.assertEqual(self._indicators(), before)
        # a manual indicator takes any code
        manual = Indicator.create({"code": "punctuality", "name": "Punctuality"})
        self.assertEqual(manual.kind, "manual")

    def test_unknown_code_refused_on_write(self):
        Indicator = self.Indicator.with_user(self.admin)
        initiative = Indicator.browse(
            self.env.ref("gendan_appraisal.indicator_initiative").id
        )
        csat = Indicator.browse(self.env.ref("gendan_appraisal.indicator_csat").id)
        before = self._indicators()
        with self.assertRaisesMsg(ValidationError, "initiative"):
            initiative.kind = "computed"
        with self.assertRaisesMsg(ValidationError, "csat_v2"):
            csat.code = "csat_v2"
        with self.assertRaisesMsg(ValidationError, "csat_v2"):
            with Form(csat) as form:
                form.code = "csat_v2"
        self.assertEqual(self._indicators(), before)
        self.assertEqual(initiative.kind, "manual")
        self.assertEqual(csat.code, "csat")
        # managers do not manage indicators at all
        with self.assertRaises(AccessError):
            csat.with_user(self.manager).code = "on_time_rate"
        self.assertEqual(self._indicators(), before)

    def test_engine_refuses_an_unknown_code(self):
        ghost = self._insert_unknown_code()
        with self.assertRaisesMsg(UserError, "ghost_rate"):
            self.Engine._compute_values(
                ghost, self.merchandiser, MONTH_FROM, MONTH_TO, self.company
            )
        # a scorecard on a template with it cannot be computed, and is not
        # created empty or half computed
        template = self.template.sudo().copy({"name": "Ghost scheme"})
        template.line_ids[:1].indicator_id = ghost
        Appraisal = self.env["gendan.appraisal"].with_user(self.manager)
        count = Appraisal.search_count([])
        with self.assertRaisesMsg(UserError, "ghost_rate"):
            Appraisal.create(
                {
                    "user_id": self.merchandiser.id,
                    "date_from": MONTH_FROM,
                    "date_to": MONTH_TO,
                    "template_id": template.id,
                }
            )
        self.assertEqual(Appraisal.search_count([]), count)

    def test_register_hook_logs_unknown_codes(self):
        ghost = self._insert_unknown_code()
        with self.assertLogs(ENGINE_LOGGER, "ERROR") as logs:
            self.Engine._register_hook()
        self.assertIn("ghost_rate", "\n".join(logs.output))
        self.assertEqual(self.Engine._check_indicator_registry(), ghost)

    def test_register_hook_raises_for_a_code_without_method(self):
        registry = dict(self.Engine._indicator_registry(), ghost="_indicator_ghost")
        with patch.object(
            type(self.Engine), "_gendan_indicator_registry", registry, create=True
        ):
            with mute_logger(ENGINE_LOGGER), self.assertRaisesMsg(TypeError, "ghost"):
                self.Engine._register_hook()
            with self.assertRaisesMsg(UserError, "ghost"):
                self.Engine._indicator_method("ghost")
        self.assertNotIn("ghost", self.Engine._indicator_registry())

    def test_registry_of_a_class(self):
        self.assertEqual(indicator_registry(_Base), {"rate": "_rate"})
        self.assertEqual(
            indicator_registry(_Override), {"rate": "_rate", "extra": "_extra"}
        )
        with self.assertRaisesMsg(TypeError, "defined twice"):
            indicator_registry(_Twice)
