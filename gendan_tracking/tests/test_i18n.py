from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import GendanCommon


@tagged("post_install", "-at_install")
class TestChineseTranslation(GendanCommon):
    """A zh_CN user reads Gendan in Chinese: menus, fields, selections, errors,
    and the quality_control_oca labels Gendan ships in i18n_extra/."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["quality_control_oca", "gendan_tracking"], ["zh_CN"], overwrite=True
        )
        cls.merchandiser.write({"lang": "zh_CN"})

    def test_menu_and_fields_in_chinese(self):
        # The web client sends the context of the user: their language.
        env = self.env(
            user=self.merchandiser,
            context=self.merchandiser.with_user(self.merchandiser).context_get(),
        )
        self.assertEqual(env.lang, "zh_CN")
        self.assertEqual(env.ref("gendan_tracking.menu_gendan_root").name, "跟单")
        stage = env["sale.order"].fields_get(["gendan_stage"])["gendan_stage"]
        self.assertEqual(stage["string"], "跟单阶段")
        self.assertIn(("review", "订单评审"), stage["selection"])
        milestone = env["gendan.milestone"].fields_get(["planned_date", "state"])
        self.assertEqual(milestone["planned_date"]["string"], "计划日期")
        self.assertIn(("late", "逾期"), milestone["state"]["selection"])

    def test_quality_control_labels_from_i18n_extra(self):
        inspection = (
            self.env["qc.inspection"]
            .with_context(lang="zh_CN")
            .fields_get(["name", "date", "date_done"])
        )
        self.assertEqual(inspection["name"]["string"], "验货单号")
        self.assertEqual(inspection["date"]["string"], "计划日期")
        self.assertEqual(inspection["date_done"]["string"], "完成日期")
        # English stays English.
        english = self.env["qc.inspection"].with_context(lang="en_US")
        self.assertEqual(
            english.fields_get(["name"])["name"]["string"], "Inspection number"
        )

    def test_error_message_in_chinese(self):
        company = self.company.with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "^物料提前期不能为负数。$"):
            company.write({"gendan_purchase_lead_days": -1})
        with self.assertRaisesRegex(
            ValidationError, "^The material lead time cannot be negative.$"
        ):
            self.company.with_context(lang="en_US").write(
                {"gendan_purchase_lead_days": -1}
            )
