from odoo import api, fields, models


class SaleOrder(models.Model):
    """The trade documents of an order (文档管理): required sets from templates,
    completeness, and what is missing before shipping."""

    _inherit = "sale.order"

    document_ids = fields.One2many(
        "gendan.document", "order_id", string="Documents", copy=False
    )
    document_completeness = fields.Float(
        string="Documents (%)",
        compute="_compute_document_completeness",
        store=True,
        aggregator="avg",
        help="Share of the required documents that are ready or sent.",
    )
    document_required_count = fields.Integer(
        compute="_compute_document_completeness", store=True
    )

    @api.depends("document_ids.required", "document_ids.state")
    def _compute_document_completeness(self):
        for order in self:
            required = order.document_ids.filtered("required")
            done = required.filtered(lambda d: d.state in ("ready", "sent"))
            order.document_required_count = len(required)
            order.document_completeness = (
                len(done) / len(required) * 100.0 if required else 0.0
            )

    def action_gendan_apply_document_template(self):
        """Button: add the documents of the customer's (or default) template."""
        self._gendan_check_public_access("write")
        self._gendan_apply_document_template()
        return True

    def _gendan_planned_shipping_dates(self):
        """{order id: planned shipping date}: the 'shipped' milestone's planned
        date, else the commitment date. One query."""
        milestones = self.env["gendan.milestone"].search(
            [
                ("order_id", "in", self.ids),
                ("auto_rule", "=", "shipped"),
                ("planned_date", "!=", False),
            ],
            order="sequence, planned_date, id",
        )
        result = {}
        for milestone in milestones:
            result.setdefault(milestone.order_id.id, milestone.planned_date)
        for order in self:
            if order.id not in result and order.commitment_date:
                result[order.id] = order._gendan_commitment_day()
        return result

    def _gendan_apply_document_template(self):
        """Add the documents of the customer's (or default) template that the
        order does not have yet."""
        templates = self.env["gendan.document.template"]._gendan_templates_for_orders(
            self
        )
        vals_list = []
        for order in self:
            template = templates.get(order.id)
            if not template:
                continue
            present = set(order.document_ids.mapped("doc_type"))
            for line in template.line_ids:
                if line.doc_type in present and line.doc_type != "other":
                    continue
                vals_list.append(
                    {
                        "order_id": order.id,
                        "doc_type": line.doc_type,
                        "name": line.name,
                        "required": line.required,
                        "review_required": line.review_required,
                        "sequence": line.sequence,
                    }
                )
        return self.env["gendan.document"].create(vals_list)

    def _gendan_missing_documents(self):
        return self.document_ids.filtered(
            lambda d: d.required and d.state not in ("ready", "sent")
        )
