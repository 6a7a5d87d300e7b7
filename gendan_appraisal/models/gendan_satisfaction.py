from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.gendan_tracking.tools import dates
from odoo.addons.gendan_tracking.tools.batch import isolated

SCORE_FIELDS = ("product_quality", "service_quality", "communication")
# Longest comment kept (characters): a survey comment, not a document.
COMMENT_MAX_LENGTH = 5000


class GendanSatisfaction(models.Model):
    _name = "gendan.satisfaction"
    _description = "Customer Satisfaction Survey"
    _inherit = ["portal.mixin", "mail.thread", "gendan.order.record"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # a survey stays on its order (only a manager moves it) and merchandisers
    # record surveys only on the orders they follow
    _gendan_followed_orders_only = True

    name = fields.Char(compute="_compute_name", store=True)
    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    date = fields.Date(default=dates.today, required=True, index=True, tracking=True)
    product_quality = fields.Integer(
        tracking=True, help="The goods are as the customer required (1-5)."
    )
    service_quality = fields.Integer(
        tracking=True, help="Responsiveness and problem solving (1-5)."
    )
    communication = fields.Integer(
        string="Communication and Cooperation",
        tracking=True,
        help="Communication and cooperation with you (1-5).",
    )
    score = fields.Float(
        compute="_compute_score", store=True, aggregator="avg", digits=(16, 2)
    )
    comment = fields.Text(tracking=True)
    source = fields.Selection(
        [("portal", "Portal"), ("phone", "Phone"), ("email", "Email")],
        required=True,
        default="phone",
        tracking=True,
    )
    send_pending = fields.Boolean(
        string="To Be Mailed",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Created on delivery; the scheduled action mails it to the customer.",
    )
    state = fields.Selection(
        [("pending", "Waiting for Answer"), ("done", "Answered")],
        default="pending",
        required=True,
        tracking=True,
        index=True,
    )

    _sql_constraints = [
        (
            "order_partner_uniq",
            "unique(order_id, partner_id)",
            "There is already a satisfaction survey for this order and customer.",
        ),
    ]

    @api.depends("order_id.name", "partner_id.name")
    def _compute_name(self):
        for survey in self:
            survey.name = " - ".join(
                filter(None, [survey.order_id.name, survey.partner_id.name])
            )

    @api.depends(*SCORE_FIELDS)
    def _compute_score(self):
        for survey in self:
            values = [survey[name] for name in SCORE_FIELDS]
            survey.score = sum(values) / 3.0 if all(values) else 0.0

    def _compute_access_url(self):  # pylint: disable=missing-return
        for survey in self:
            survey.access_url = f"/gendan/survey/{survey.id}"

    @api.constrains("state", *SCORE_FIELDS)
    def _check_scores(self):
        for survey in self:
            values = [survey[name] for name in SCORE_FIELDS]
            if any(value and not 1 <= value <= 5 for value in values) or (
                survey.state == "done" and not all(values)
            ):
                raise ValidationError(
                    _(
                        "Product quality, service quality and communication are each "
                        "rated from 1 to 5."
                    )
                )

    @api.constrains("comment")
    def _check_comment(self):
        for survey in self.filtered("comment"):
            if "\x00" in survey.comment:
                raise ValidationError(
                    _("The comment contains a NUL character, which is not text.")
                )
            if len(survey.comment) > COMMENT_MAX_LENGTH:
                raise ValidationError(
                    _(
                        "The comment is %(length)s characters long: keep it under "
                        "%(limit)s characters.",
                        length=len(survey.comment),
                        limit=COMMENT_MAX_LENGTH,
                    )
                )

    @api.onchange(*SCORE_FIELDS)
    def _onchange_scores(self):
        if all(self[name] for name in SCORE_FIELDS):
            self.state = "done"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("partner_id") and vals.get("order_id"):
                order = self.env["sale.order"].browse(vals["order_id"])
                vals["partner_id"] = order.partner_id.id
            if all(vals.get(name) for name in SCORE_FIELDS):
                vals.setdefault("state", "done")
        return super().create(vals_list)

    def action_send(self):
        """Mail the survey link to the customer."""
        template = self.env.ref("gendan_appraisal.mail_template_gendan_satisfaction")
        for survey in self:
            if survey.state == "done":
                raise UserError(_("This survey is already answered."))
            survey._portal_ensure_token()
            survey.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        self.filtered("send_pending").sudo().send_pending = False
        return True

    def _submit_answer(self, values, source="portal"):
        """Record the customer's answer (from the portal page)."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("This survey is already answered. Thank you!"))
        if any(
            not isinstance(values.get(name), (str, type(None)))
            for name in (*SCORE_FIELDS, "comment")
        ):
            raise ValidationError(_("Each question takes a single answer."))
        answer = {}
        for name in SCORE_FIELDS:
            value = (values.get(name) or "").strip()
            if value not in ("1", "2", "3", "4", "5"):
                raise ValidationError(
                    _(
                        "Product quality, service quality and communication are "
                        "each rated from 1 to 5."
                    )
                )
            answer[name] = int(value)
        answer.update(
            comment=values.get("comment") or False,
            source=source,
            state="done",
            date=dates.today(self),
        )
        self.write(answer)

    @api.model
    def _create_for_delivered_orders(self, orders):
        """Create and mail a survey for each delivered order that has none."""
        if not orders:
            return self
        # through the orders' surveys: the survey count then counts from the
        # cache, with no query of its own
        todo = orders.sudo().filtered(lambda order: not order.gendan_satisfaction_ids)
        # made by the system on delivery: no "created" message, and the user
        # who validated the delivery does not follow the survey
        surveys = (
            self.sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                [
                    {
                        "order_id": order.id,
                        "partner_id": order.partner_id.id,
                        "source": "email",
                        "state": "pending",
                        "send_pending": True,
                    }
                    for order in todo
                ]
            )
        )
        # the step that delivered the goods neither renders nor sends the
        # mail: the scheduled action does, right after the commit
        if surveys:
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id(  # cached
                "gendan_appraisal.ir_cron_gendan_satisfaction_send"
            )
            self.env["ir.cron"].sudo().browse(cron_id)._trigger()
        return surveys

    @api.model
    def _cron_send_pending(self, limit=200):
        """Mail the surveys created on delivery and not mailed yet, in
        batches; a survey that cannot be mailed is logged and never stops
        the others."""
        surveys = self.search(
            [("send_pending", "=", True), ("state", "=", "pending")], limit=limit
        )

        def send(batch):
            batch.with_context(mail_notify_force_send=False).action_send()

        failed = isolated(surveys, send, "Satisfaction survey mail")
        # a survey that failed is not retried every hour: its merchandiser
        # mails it from the survey (Send)
        failed.write({"send_pending": False})
        if len(surveys) == limit:
            self.env.ref("gendan_appraisal.ir_cron_gendan_satisfaction_send")._trigger()
