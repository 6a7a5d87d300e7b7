import base64
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import dates
from .gendan_document_template import DOC_TYPES

DOC_TYPES_WITHOUT_FILE = ("other",)


class GendanDocument(models.Model):
    _name = "gendan.document"
    _description = "Order Document"
    _inherit = ["gendan.order.record", "mail.thread", "mail.activity.mixin"]
    _order = "order_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, translate=True
    )
    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True)
    sequence = fields.Integer(default=10)
    doc_type = fields.Selection(
        DOC_TYPES, string="Type", required=True, default="other", tracking=True
    )
    required = fields.Boolean(default=True, tracking=True)
    review_required = fields.Boolean(
        help="An attached file first goes to draft, to be checked before it is ready."
    )
    state = fields.Selection(
        [
            ("missing", "Missing"),
            ("draft", "Draft"),
            ("ready", "Ready"),
            ("sent", "Sent"),
        ],
        default="missing",
        required=True,
        index=True,
        tracking=True,
        group_expand=True,
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="Attachment", ondelete="set null", tracking=True
    )
    file = fields.Binary(
        compute="_compute_file", inverse="_inverse_file", string="File"
    )
    file_name = fields.Char(compute="_compute_file", inverse="_inverse_file")
    date = fields.Date(tracking=True)
    note = fields.Text()

    @api.depends("doc_type", "order_id.name")
    def _compute_name(self):
        labels = dict(self._fields["doc_type"]._description_selection(self.env))
        for document in self:
            if not document.name:
                document.name = labels.get(document.doc_type)

    @api.depends("attachment_id")
    def _compute_file(self):
        for document in self:
            document.file = document.attachment_id.datas
            document.file_name = document.attachment_id.name

    def _inverse_file(self):
        for document in self:
            if not document.file:
                continue
            document._gendan_attach(
                document.file_name or document.name, base64.b64decode(document.file)
            )

    @api.constrains("state", "attachment_id", "doc_type")
    def _check_attachment_when_ready(self):
        for document in self:
            if (
                document.state in ("ready", "sent")
                and not document.attachment_id
                and document.doc_type not in DOC_TYPES_WITHOUT_FILE
            ):
                raise ValidationError(
                    _(
                        "The document %(document)s of %(order)s cannot be ready or sent "
                        "without an attached file.",
                        document=document.name,
                        order=document.order_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "name" in vals and not vals["name"]:
                del vals["name"]
            if vals.get("attachment_id") and vals.get("state", "missing") == "missing":
                vals["state"] = "draft" if vals.get("review_required") else "ready"
        documents = super().create(vals_list)
        documents._gendan_translate_type_names()
        self.env["sale.order"]._gendan_emit("documents_changed", documents.order_id)
        return documents

    def write(self, vals):
        if vals.get("attachment_id") and "state" not in vals:
            missing = self.filtered(lambda d: d.state == "missing")
            if missing:
                for review, docs in (
                    (True, missing.filtered("review_required")),
                    (False, missing.filtered(lambda d: not d.review_required)),
                ):
                    if docs:
                        super(GendanDocument, docs).write(
                            dict(vals, state="draft" if review else "ready")
                        )
                rest = self - missing
                if rest:
                    super(GendanDocument, rest).write(vals)
                self.env["sale.order"]._gendan_emit("documents_changed", self.order_id)
                return True
        orders = self.order_id
        res = super().write(vals)
        if {"state", "required", "order_id", "attachment_id"} & set(vals):
            self.env["sale.order"]._gendan_emit(
                "documents_changed", orders | self.order_id
            )
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        self.env["sale.order"]._gendan_emit("documents_changed", orders.exists())
        return res

    def _gendan_translate_type_names(self, lang=None):
        """Documents named after their type (a commercial invoice named
        "Commercial Invoice") take the type's label in every installed language,
        so a Chinese user reads 商业发票. Without ``self``: all documents still
        named after their type in ``lang``. One statement."""
        lang = lang or self.env.lang or "en_US"
        langs = [code for code, __ in self.env["res.lang"].get_installed()]
        if langs == [lang]:
            # one language: the names are already in it
            return
        field = self._fields["doc_type"]
        labels = {
            code: dict(field._description_selection(self.with_context(lang=code).env))
            for code in set(langs) | {lang}
        }
        rows = [
            SQL(
                "(%s, %s, %s::jsonb)",
                doc_type,
                labels[lang][doc_type],
                json.dumps({code: labels[code][doc_type] for code in langs}),
            )
            for doc_type in labels[lang]
        ]
        self.flush_model(["name", "doc_type"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE gendan_document d
                   SET name = v.names
                  FROM (VALUES %s) AS v(doc_type, label, names)
                 WHERE d.doc_type = v.doc_type
                   AND COALESCE(d.name->>%s, d.name->>'en_US') = v.label
                   AND d.name <> v.names
                   %s
                """,
                SQL(", ").join(rows),
                lang,
                SQL("AND d.id IN %s", tuple(self.ids)) if self else SQL(""),
            )
        )
        self.invalidate_model(["name"])

    def action_mark_ready(self):
        self.write({"state": "ready", "date": dates.today(self)})

    def action_mark_sent(self):
        self.write({"state": "sent"})

    def action_reset_missing(self):
        self.write({"state": "missing", "attachment_id": False})

    def _gendan_attach(self, filename, raw):
        """Store ``raw`` as the file of this document (moves it to draft/ready)."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename or self.name or self.doc_type,
                "raw": raw,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.write({"attachment_id": attachment.id, "date": dates.today(self)})
        return attachment

    @api.model
    def _gendan_render_report(self, report_xmlid, records):
        report = self.env.ref(report_xmlid, raise_if_not_found=False)
        if not report or not records:
            return None
        content, extension = report._render(report.report_name, records.ids)
        return content, extension or "pdf"

    def _gendan_generate_from_report(self, report_xmlid, records, filename):
        self.ensure_one()
        rendered = self._gendan_render_report(report_xmlid, records)
        if not rendered:
            raise UserError(
                _(
                    "Nothing to generate the document %(document)s from.",
                    document=self.name,
                )
            )
        content, extension = rendered
        self._gendan_attach("%s.%s" % (filename, extension), content)
        return True

    def action_generate(self):
        """Generate the file: packing list from the packing list report of the
        order's deliveries, commercial invoice from its posted invoice."""
        for document in self:
            order = document.order_id
            if document.doc_type == "commercial_invoice":
                invoices = order.invoice_ids.filtered(
                    lambda m: m.state == "posted" and m.move_type == "out_invoice"
                )
                if not invoices:
                    raise UserError(
                        _(
                            "The order %(order)s has no posted invoice yet.",
                            order=order.name,
                        )
                    )
                document._gendan_generate_from_report(
                    "account.account_invoices",
                    invoices[-1:],
                    _("Commercial Invoice %(name)s", name=invoices[-1].name),
                )
            elif document.doc_type == "packing_list":
                report = self.env.ref(
                    "gendan_tracking.action_report_packing_list",
                    raise_if_not_found=False,
                )
                if not report:
                    raise UserError(_("The packing list report is not available."))
                if report.model == "sale.order":
                    records = order
                else:
                    records = order.picking_ids.filtered(
                        lambda p: (
                            p.picking_type_code == "outgoing" and p.state != "cancel"
                        )
                    )
                document._gendan_generate_from_report(
                    "gendan_tracking.action_report_packing_list",
                    records,
                    _("Packing List %(name)s", name=order.name),
                )
            else:
                raise UserError(
                    _(
                        "Only the packing list and the commercial invoice can be "
                        "generated."
                    )
                )
        return True
