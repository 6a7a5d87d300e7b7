from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import GendanOrderCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-04-27 09:00:00")
class TestMilestoneTranslation(GendanOrderCommon):
    """Milestone names come from the T&A template in every language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.sample_line = cls.template.line_ids.filtered(
            lambda line: line.name == "Sample approved"
        )
        cls.sample_line.update_field_translations("name", {"zh_CN": "样品确认"})
        cls.env.ref("base.user_admin").lang = "en_US"

    def _confirmed_order(self, lang="en_US"):
        order = self._create_order(
            user=self.manager, commitment_date=datetime(2026, 5, 12, 10)
        ).with_context(lang=lang)
        self._review(order)
        order.action_confirm()
        return order

    def _sample(self, order):
        return order.milestone_ids.filtered(
            lambda m: m.template_line_id == self.sample_line
        )

    def _names(self, milestone):
        self.env.cr.execute(
            "SELECT name FROM gendan_milestone WHERE id = %s", [milestone.id]
        )
        return self.env.cr.fetchone()[0]

    def test_plan_made_in_english_reads_in_chinese(self):
        order = self._confirmed_order()
        sample = self._sample(order)
        self.assertEqual(sample.with_context(lang="en_US").name, "Sample approved")
        self.assertEqual(sample.with_context(lang="zh_CN").name, "样品确认")
        # a line without a Chinese translation falls back to English
        shipped = order.milestone_ids.filtered(lambda m: m.auto_rule == "shipped")
        self.assertEqual(shipped.with_context(lang="zh_CN").name, "Goods shipped")
        # the analysis reads the translated name too
        self.env.flush_all()
        report = self.env["gendan.milestone.report"].search(
            [("milestone_id", "=", sample.id)]
        )
        self.assertEqual(report.with_context(lang="zh_CN").name, "样品确认")

    def test_plan_made_by_chinese_user_keeps_english_source(self):
        order = self._confirmed_order(lang="zh_CN")
        self.assertEqual(self._sample(order).name, "样品确认")
        self.assertEqual(
            self._names(self._sample(order)),
            {"en_US": "Sample approved", "zh_CN": "样品确认"},
        )

    def test_regenerated_name_follows_the_template_in_all_languages(self):
        order = self._confirmed_order()
        self.sample_line.with_context(lang="en_US").name = "Pre-production sample"
        self.sample_line.update_field_translations("name", {"zh_CN": "产前样确认"})
        order.action_gendan_regenerate_plan()
        sample = self._sample(order)
        self.assertEqual(
            sample.with_context(lang="en_US").name, "Pre-production sample"
        )
        self.assertEqual(sample.with_context(lang="zh_CN").name, "产前样确认")

    def test_language_loaded_later_fills_plans_made_before(self):
        order = self._confirmed_order()
        sample = self._sample(order)
        renamed = order.milestone_ids.filtered(lambda m: m.auto_rule == "shipped")
        renamed.with_context(lang="en_US").name = "Container loaded at Ningbo"
        # the state of a plan made before the Chinese terms existed
        self.env.cr.execute(
            "UPDATE gendan_milestone SET name = jsonb_build_object('en_US', "
            "name->>'en_US') WHERE order_id = %s",
            [order.id],
        )
        self.env.invalidate_all()
        self.assertEqual(sample.with_context(lang="zh_CN").name, "Sample approved")
        self.env["gendan.milestone.template.line"].browse(
            renamed.template_line_id.id
        ).update_field_translations("name", {"zh_CN": "已发货"})
        # what Odoo runs when a language or the module's terms are loaded
        self.env["ir.module.module"]._load_module_terms(["gendan_tracking"], ["zh_CN"])
        self.assertEqual(sample.with_context(lang="zh_CN").name, "样品确认")
        # a name changed by hand is not replaced by the template's translation
        self.assertEqual(self._names(renamed), {"en_US": "Container loaded at Ningbo"})
