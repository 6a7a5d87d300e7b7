from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .control_common import PDF_BYTES, GendanControlCommon


@tagged("post_install", "-at_install")
class TestDocuments(GendanControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the shipped readiness gates (export template, the demo's default)
        # would stop these deliveries for want of a final inspection: not
        # what is tested here (see test_gates)
        cls.env["gendan.gate"].search([]).write({"active": False})
        cls.default_template = cls.env["gendan.document.template"].create(
            {
                "name": "Default export set",
                "line_ids": [
                    Command.create({"doc_type": "commercial_invoice"}),
                    Command.create({"doc_type": "packing_list"}),
                    Command.create({"doc_type": "insurance", "required": False}),
                ],
            }
        )
        cls.customer_template = cls.env["gendan.document.template"].create(
            {
                "name": "Acme set",
                "partner_id": cls.customer.id,
                "line_ids": [
                    Command.create({"doc_type": "commercial_invoice"}),
                    Command.create({"doc_type": "packing_list"}),
                    Command.create(
                        {"doc_type": "certificate_of_origin", "review_required": True}
                    ),
                ],
            }
        )
        cls.order_docs = cls._create_order(cls.customer)

    def test_required_set_from_templates(self):
        docs = self.order_docs.document_ids
        self.assertEqual(
            sorted(docs.mapped("doc_type")),
            ["certificate_of_origin", "commercial_invoice", "packing_list"],
        )
        self.assertTrue(all(d.required and d.state == "missing" for d in docs))
        other = self._create_order(self.other_customer)
        self.assertEqual(
            sorted(other.document_ids.mapped("doc_type")),
            ["commercial_invoice", "insurance", "packing_list"],
        )
        # the button adds only what is not there yet
        self.order_docs.action_gendan_apply_document_template()
        self.assertEqual(self.order_docs.document_ids, docs)

    def test_completeness_and_milestone_rule(self):
        milestone = self._milestone(
            self.order_docs, "Documents complete", 10, auto_rule="documents_complete"
        )
        docs = {d.doc_type: d for d in self.order_docs.document_ids}
        self.assertEqual(self.order_docs.document_completeness, 0.0)
        with Form(docs["packing_list"].with_user(self.merchandiser)) as form:
            form.file = self._file()
        self.assertEqual(docs["packing_list"].state, "ready")
        self.assertEqual(docs["packing_list"].attachment_id.name, "Packing List")
        self.assertEqual(docs["packing_list"].attachment_id.raw, PDF_BYTES)
        self.assertAlmostEqual(self.order_docs.document_completeness, 100 / 3, 2)
        # review required: attaching moves to draft, which does not count
        docs["certificate_of_origin"].write(
            {"file": self._file(), "file_name": "co.pdf"}
        )
        self.assertEqual(docs["certificate_of_origin"].state, "draft")
        self.assertAlmostEqual(self.order_docs.document_completeness, 100 / 3, 2)
        docs["certificate_of_origin"].action_mark_ready()
        self.assertEqual(milestone.state, "pending")
        attachment = self.env["ir.attachment"].create(
            {"name": "ci.pdf", "raw": b"%PDF invoice"}
        )
        docs["commercial_invoice"].attachment_id = attachment
        self.assertEqual(self.order_docs.document_completeness, 100.0)
        self.assertEqual(milestone.state, "done")
        self.assertEqual(milestone.actual_date, self.today)
        self.assertEqual(
            self.env["sale.order"].search(
                [("id", "=", self.order_docs.id), ("document_completeness", "=", 100)]
            ),
            self.order_docs,
        )

    def test_ready_without_attachment_is_refused(self):
        document = self.order_docs.document_ids.filtered(
            lambda d: d.doc_type == "packing_list"
        )
        with self.assertRaises(ValidationError):
            document.with_user(self.merchandiser).action_mark_ready()
        other = self.env["gendan.document"].create(
            {"order_id": self.order_docs.id, "doc_type": "other", "name": "Photos"}
        )
        other.action_mark_ready()
        self.assertEqual(other.state, "ready")

    def test_commercial_invoice_from_posted_invoice(self):
        document = self.order_docs.document_ids.filtered(
            lambda d: d.doc_type == "commercial_invoice"
        )
        self.order_docs.order_line.qty_delivered = 100
        invoice = self.order_docs._create_invoices()
        invoice.action_post()
        document.action_generate()
        self.assertEqual(document.state, "ready")
        self.assertIn(
            invoice.name.replace("/", "_"),
            document.attachment_id.name.replace("/", "_"),
        )
        self.assertTrue(document.attachment_id.raw)

    def test_packing_list_from_report(self):
        document = self.order_docs.document_ids.filtered(
            lambda d: d.doc_type == "packing_list"
        )
        document.with_user(self.merchandiser).action_generate()
        self.assertEqual(document.state, "ready")
        self.assertIn(self.order_docs.name, document.attachment_id.name)
        # rendered from the packing list report of the order's delivery
        delivery = self.order_docs.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self.assertIn(delivery.name.encode(), document.attachment_id.raw)

    def _validate_delivery(self, user):
        picking = self.order_docs.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        picking.move_ids.quantity = 100
        return picking, picking.with_user(user).button_validate()

    def test_delivery_check_and_manager_force(self):
        picking, action = self._validate_delivery(self.merchandiser)
        self.assertIsInstance(action, dict)
        self.assertEqual(action["res_model"], "gendan.delivery.document.check")
        wizard = self.env["gendan.delivery.document.check"].browse(action["res_id"])
        self.assertEqual(len(wizard.document_ids), 3)
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(wizard.with_user(self.merchandiser).can_force)
        with self.assertRaises(AccessError):
            wizard.with_user(self.merchandiser).action_force()
        self.assertNotEqual(picking.state, "done")
        wizard = wizard.with_user(self.manager)
        self.assertTrue(wizard.can_force)
        wizard.action_force()
        self.assertEqual(picking.state, "done")
        self.assertIn("documents", self.order_docs.message_ids[0].body)

    def test_delivery_without_missing_documents_is_not_stopped(self):
        for document in self.order_docs.document_ids:
            document.write({"file": self._file(), "file_name": "f.pdf"})
            if document.state == "draft":
                document.action_mark_ready()
        picking, result = self._validate_delivery(self.merchandiser)
        self.assertIs(result, True)
        self.assertEqual(picking.state, "done")
