from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.float_utils import float_compare

from odoo.addons.gendan_tracking.tools.groups import GROUP_MERCHANDISER


class SaleOrder(models.Model):
    _inherit = "sale.order"

    gendan_first_sent_date = fields.Datetime(
        string="Quotation First Sent",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="When the quotation was first sent to the customer; feeds the quote "
        "turnaround indicator.",
    )
    gendan_satisfaction_ids = fields.One2many(
        "gendan.satisfaction",
        "order_id",
        string="Satisfaction Surveys",
        groups=GROUP_MERCHANDISER,
    )
    gendan_satisfaction_count = fields.Integer(
        compute="_compute_gendan_satisfaction_count",
        # stored: the order form shows it, and a survey is made once per order
        store=True,
        groups=GROUP_MERCHANDISER,
    )

    @api.depends("gendan_satisfaction_ids")
    def _compute_gendan_satisfaction_count(self):
        # as the system (a stored compute); a new order's surveys are in the
        # cache, read otherwise in one query for the batch
        for order in self:
            order.gendan_satisfaction_count = len(order.gendan_satisfaction_ids)

    @api.model
    def _gendan_events(self):
        # a delivery that completes its order mails the customer the survey
        return self._gendan_extend_event(
            super()._gendan_events(),
            "delivery_done",
            handlers=("_gendan_send_satisfaction_surveys",),
        )

    def _gendan_send_satisfaction_surveys(self, items):
        """Orders of ``self`` (the pipeline's, as the system) whose every line
        is delivered get their survey, mailed through the mail queue."""
        delivered = self.filtered(
            lambda order: (
                order.state == "sale"
                and all(
                    float_compare(
                        line.qty_delivered,
                        line.product_uom_qty,
                        precision_rounding=line.product_uom.rounding or 0.01,
                    )
                    >= 0
                    for line in order.order_line
                    if not line.display_type
                )
            )
        )
        self.env["gendan.satisfaction"].sudo()._create_for_delivered_orders(delivered)

    def action_quotation_sent(self):
        result = super().action_quotation_sent()
        self._gendan_mark_first_sent()
        return result

    def message_post(self, **kwargs):
        if self.env.context.get("mark_so_as_sent"):
            self._gendan_mark_first_sent()
        return super().message_post(**kwargs)

    def action_gendan_send_survey(self):
        """Create (if needed) and mail the satisfaction survey of delivered
        orders; say what was done, or why not, and log it on the order."""
        self.check_access("write")
        undelivered = self.filtered(
            lambda o: o.state != "sale" or o.delivery_status != "full"
        )
        if undelivered:
            raise UserError(
                _(
                    "The survey asks the customer about a delivered order: "
                    "%(orders)s is not fully delivered yet.",
                    orders=", ".join(undelivered.mapped("name")),
                )
            )
        Survey = self.env["gendan.satisfaction"]
        existing = Survey.search([("order_id", "in", self.ids)])
        answered = existing.filtered(lambda s: s.state == "done")
        surveys = existing.filtered(lambda s: s.state == "pending")
        surveys |= Survey.create(
            [
                {"order_id": order.id, "source": "email"}
                for order in self - existing.order_id
            ]
        )
        surveys.action_send()
        for survey in surveys:
            survey.order_id.message_post(
                body=_(
                    "Satisfaction survey mailed to %(customer)s.",
                    customer=survey.partner_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        if surveys:
            message = _(
                "Survey mailed to %(customers)s.",
                customers=", ".join(surveys.partner_id.mapped("display_name")),
            )
            kind = "success"
        else:
            message = _(
                "The customer already answered the survey of %(orders)s: "
                "nothing was sent.",
                orders=", ".join(answered.order_id.mapped("name")),
            )
            kind = "info"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": kind, "sticky": False},
        }

    def action_gendan_view_surveys(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Satisfaction Surveys"),
            "res_model": "gendan.satisfaction",
            "view_mode": "list,form",
            "domain": [("order_id", "=", self.id)],
            "context": {"default_order_id": self.id, "default_source": "phone"},
        }

    def _gendan_mark_first_sent(self):
        unsent = self.filtered(lambda o: not o.gendan_first_sent_date)
        if unsent:
            unsent.sudo().write({"gendan_first_sent_date": fields.Datetime.now()})
