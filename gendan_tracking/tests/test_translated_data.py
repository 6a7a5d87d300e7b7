from odoo.tests import tagged

from .control_common import GendanControlCommon


@tagged("post_install", "-at_install")
class TestTranslatedData(GendanControlCommon):
    """Text Gendan writes itself (document names, rule risks) reads in the
    user's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["gendan_tracking"], ["zh_CN"])

    def _names(self, record):
        self.env.flush_all()
        self.env.cr.execute(
            f"SELECT name FROM {record._table} WHERE id = %s",  # noqa: S608
            [record.id],
        )
        return self.env.cr.fetchone()[0]

    def test_document_named_after_its_type_in_every_language(self):
        Document = self.env["gendan.document"]
        invoice = Document.create(
            {"order_id": self.order.id, "doc_type": "commercial_invoice"}
        )
        self.assertEqual(invoice.with_context(lang="zh_CN").name, "商业发票")
        self.assertEqual(invoice.with_context(lang="en_US").name, "Commercial Invoice")
        # created by a Chinese user: the English name stays English
        bill = Document.with_context(lang="zh_CN").create(
            {"order_id": self.order.id, "doc_type": "bill_of_lading"}
        )
        self.assertEqual(
            self._names(bill), {"en_US": "Bill of Lading", "zh_CN": "提单"}
        )
        # a name typed by the user is kept as typed
        photos = Document.create(
            {"order_id": self.order.id, "doc_type": "other", "name": "Photos"}
        )
        self.assertEqual(self._names(photos), {"en_US": "Photos"})

    def test_language_loaded_later_names_documents_made_before(self):
        invoice = self.env["gendan.document"].create(
            {"order_id": self.order.id, "doc_type": "commercial_invoice"}
        )
        self.env.flush_all()
        self.env.cr.execute(
            'UPDATE gendan_document SET name = \'{"en_US": "Commercial Invoice"}\''
            " WHERE id = %s",
            [invoice.id],
        )
        self.env.invalidate_all()
        self.assertEqual(invoice.with_context(lang="zh_CN").name, "Commercial Invoice")
        self.env["ir.module.module"]._load_module_terms(["gendan_tracking"], ["zh_CN"])
        self.assertEqual(invoice.with_context(lang="zh_CN").name, "商业发票")

    def test_rule_risk_worded_in_the_merchandiser_language(self):
        self.merchandiser.lang = "zh_CN"
        english = self.manager.copy({"login": "gendan_en_merch", "lang": "en_US"})
        other = self._create_order(self.other_customer, merchandiser_id=english.id)
        for order in self.order + other:
            self._milestone(order, "Lab dips approved", -2)
        self._scan(self.order + other, ["milestone_overdue"])
        chinese_risk = self._open_rule_risks(self.order, "milestone_overdue")
        english_risk = self._open_rule_risks(other, "milestone_overdue")
        self.assertEqual(chinese_risk.name, "节点逾期：Lab dips approved")
        self.assertEqual(english_risk.name, "Milestone overdue: Lab dips approved")
        # the merchandiser switches to English: the next scan rewords the risk
        self.merchandiser.lang = "en_US"
        self._scan(self.order, ["milestone_overdue"])
        self.assertEqual(chinese_risk.name, "Milestone overdue: Lab dips approved")

    def test_rule_risks_written_before_the_language_are_worded_again(self):
        """A rule risk raised while only English terms existed reads in
        Chinese once the terms are loaded, for a Chinese merchandiser's order
        only."""
        english = self.manager.copy({"login": "gendan_en_merch3", "lang": "en_US"})
        other = self._create_order(self.other_customer, merchandiser_id=english.id)
        self._milestone(self.order, "Lab dips approved", -5)
        self._milestone(other, "Lab dips approved", -5)
        self._scan(self.order + other, ["milestone_overdue"])
        chinese_risk = self._open_rule_risks(self.order, "milestone_overdue")
        english_risk = self._open_rule_risks(other, "milestone_overdue")
        self.assertEqual(chinese_risk.name, "Milestone overdue: Lab dips approved")
        # the merchandiser reads Chinese from now on; the terms are loaded
        self.merchandiser.lang = "zh_CN"
        self.env["ir.module.module"]._load_module_terms(["gendan_tracking"], ["zh_CN"])
        self.assertEqual(chinese_risk.state, "open")
        self.assertEqual(chinese_risk.name, "节点逾期：Lab dips approved")
        self.assertEqual(english_risk.name, "Milestone overdue: Lab dips approved")

    def test_activities_worded_in_the_assignee_language(self):
        self.merchandiser.lang = "zh_CN"
        clause = self.env["gendan.contract.clause"].create(
            {
                "order_id": self.order.id,
                "name": "30% deposit",
                "clause_type": "payment",
                "owner_id": self.merchandiser.id,
                "date_due": self.today,
            }
        )
        self.env["gendan.contract.clause"]._cron_gendan_clause_activities()
        self.assertEqual(clause.activity_id.summary, "合同条款到期：30% deposit")
        vendor = self.env["res.partner"].create({"name": "Ningbo Glassworks"})
        purchase = self.env["purchase.order"].create(
            {"partner_id": vendor.id, "user_id": self.merchandiser.id}
        )
        activity_type = self.env.ref(
            "gendan_tracking.mail_activity_type_purchase_followup"
        )
        values = purchase._gendan_followup_activity_values(activity_type)
        self.assertEqual(values["summary"], "跟进供应商 Ningbo Glassworks")
        # an English-speaking owner reads English
        self.merchandiser.lang = "en_US"
        values = purchase._gendan_followup_activity_values(activity_type)
        self.assertEqual(values["summary"], "Follow up supplier Ningbo Glassworks")

    def test_milestone_reminder_worded_in_the_assignee_language(self):
        english = self.manager.copy({"login": "gendan_en_merch2", "lang": "en_US"})
        self.merchandiser.lang = "zh_CN"
        chinese_milestone = self._milestone(self.order, "Lab dips approved", 1)
        chinese_milestone.update_field_translations("name", {"zh_CN": "色样确认"})
        other = self._create_order(self.other_customer, merchandiser_id=english.id)
        english_milestone = self._milestone(other, "Lab dips approved", 1)
        english_milestone.update_field_translations("name", {"zh_CN": "色样确认"})
        (chinese_milestone + english_milestone)._gendan_schedule_activities()
        self.assertEqual(
            chinese_milestone.activity_ids.summary,
            f"{self.order.name}：节点 色样确认 即将到期",
        )
        self.assertEqual(
            english_milestone.activity_ids.summary,
            f"{other.name}: Lab dips approved is due",
        )

    def test_reminders_written_before_the_language_are_worded_again(self):
        """Open Gendan reminders of a Chinese reader, written while only
        English terms existed, read in Chinese once the terms are loaded."""
        self.merchandiser.lang = "zh_CN"
        vendor = self.env["res.partner"].create({"name": "Ningbo Kiln"})
        purchase = self.env["purchase.order"].create(
            {"partner_id": vendor.id, "user_id": self.merchandiser.id}
        )
        milestone = self.env["gendan.milestone"].create(
            {"order_id": self.order.id, "name": "Sample approved"}
        )
        Activity = self.env["mail.activity"].with_context(
            mail_activity_quick_update=True
        )
        followup = Activity.create(
            {
                "res_model_id": self.env["ir.model"]._get_id("purchase.order"),
                "res_id": purchase.id,
                "activity_type_id": self.env.ref(
                    "gendan_tracking.mail_activity_type_purchase_followup"
                ).id,
                "user_id": self.merchandiser.id,
                "summary": "Follow up supplier Ningbo Kiln",
            }
        )
        due = Activity.create(
            {
                "res_model_id": self.env["ir.model"]._get_id("gendan.milestone"),
                "res_id": milestone.id,
                "activity_type_id": self.env.ref(
                    "gendan_tracking.mail_activity_type_milestone_due"
                ).id,
                "user_id": self.merchandiser.id,
                "summary": f"{self.order.name}: Sample approved is due",
            }
        )
        self.env["ir.module.module"]._load_module_terms(["gendan_tracking"], ["zh_CN"])
        expected = (
            self.env["purchase.order"]
            .with_context(lang="zh_CN")
            .env._("Follow up supplier %(partner)s", partner="Ningbo Kiln")
        )
        self.assertNotEqual(expected, "Follow up supplier Ningbo Kiln")
        self.assertEqual(followup.summary, expected)
        self.assertNotIn("is due", due.summary)
        self.assertIn(self.order.name, due.summary)
