from odoo import api, fields, models

DOC_TYPES = [
    ("contract", "Contract"),
    ("proforma_invoice", "Proforma Invoice"),
    ("commercial_invoice", "Commercial Invoice"),
    ("packing_list", "Packing List"),
    ("bill_of_lading", "Bill of Lading"),
    ("certificate_of_origin", "Certificate of Origin"),
    ("inspection_certificate", "Inspection Certificate"),
    ("insurance", "Insurance"),
    ("other", "Other"),
]


class GendanDocumentTemplate(models.Model):
    _name = "gendan.document.template"
    _description = "Order Documents Template"
    _order = "partner_id, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        help="Leave empty for the company default set, used for customers without "
        "their own template.",
    )
    line_ids = fields.One2many(
        "gendan.document.template.line", "template_id", string="Documents", copy=True
    )

    @api.model
    def _gendan_templates_for_orders(self, orders):
        """The template of each order: the customer's own, else the company
        default. One search for the whole set."""
        partners = orders.partner_id.commercial_partner_id
        templates = self.search(
            [
                ("company_id", "in", orders.company_id.ids + [False]),
                "|",
                ("partner_id", "in", partners.ids),
                ("partner_id", "=", False),
            ],
            order="sequence, id",
        )
        result = {}
        for order in orders:
            company_ok = templates.filtered(
                lambda t, o=order: (
                    t.company_id in (o.company_id, self.env["res.company"])
                )
            )
            own = company_ok.filtered(
                lambda t, o=order: t.partner_id == o.partner_id.commercial_partner_id
            )
            default = company_ok.filtered(lambda t: not t.partner_id)
            template = own[:1] or default[:1]
            if template:
                result[order.id] = template
        return result


class GendanDocumentTemplateLine(models.Model):
    _name = "gendan.document.template.line"
    _description = "Order Documents Template Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "gendan.document.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    doc_type = fields.Selection(DOC_TYPES, required=True, default="other")
    name = fields.Char(translate=True)
    required = fields.Boolean(default=True)
    review_required = fields.Boolean(
        help="An attached file first goes to draft, to be checked before it is ready."
    )
