from odoo import api, fields, models

GENDAN_STAGES = [
    ("review", "Review"),
    ("confirmed", "Confirmed"),
    ("production", "Production"),
    ("inspection", "Inspection"),
    ("shipping", "Shipping"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    merchandiser_id = fields.Many2one(
        "res.users",
        string="Merchandiser",
        default=lambda self: self._default_merchandiser_id(),
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("gendan_tracking.group_merchandiser").id)
        ],
        tracking=True,
        index=True,
        copy=False,
    )
    gendan_stage = fields.Selection(
        GENDAN_STAGES,
        string="Follow-up Stage",
        default="review",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    milestone_template_id = fields.Many2one(
        "gendan.milestone.template",
        string="T&A Template",
        default=lambda self: self._default_milestone_template_id(),
        check_company=True,
    )
    milestone_ids = fields.One2many(
        "gendan.milestone", "order_id", string="Milestones", copy=False
    )

    @api.model
    def _default_merchandiser_id(self):
        if self.env.user.has_group("gendan_tracking.group_merchandiser"):
            return self.env.user
        return False

    @api.model
    def _default_milestone_template_id(self):
        return self.env["gendan.milestone.template"].search(
            [("company_id", "in", [self.env.company.id, False])], limit=1
        )

    def _gendan_fire_rule(self, rule, event_date=None, record=None):
        """Complete, on every order of ``self``, the first open milestone carrying
        ``rule`` (an ``auto_rule`` code), dated ``event_date`` (default today) and
        linked to ``record``. Orders without such a milestone are left alone.

        This is the single entry point every event (confirmation, purchase,
        receipt, inspection, delivery, documents, invoice, payment) goes through.
        """
        if not self:
            return self.env["gendan.milestone"]
        Milestone = self.env["gendan.milestone"]
        candidates = Milestone.search(
            [
                ("order_id", "in", self.ids),
                ("auto_rule", "=", rule),
                ("state", "in", Milestone._open_states()),
            ],
            order="order_id, sequence, planned_date, id",
        )
        first_per_order = Milestone
        seen = set()
        for milestone in candidates:
            if milestone.order_id.id not in seen:
                seen.add(milestone.order_id.id)
                first_per_order |= milestone
        if first_per_order:
            first_per_order._action_complete(
                event_date or fields.Date.context_today(self), record
            )
        return first_per_order

    def _gendan_advance_stage(self, stage):
        """Move orders forward to ``stage``; never backwards, never out of
        ``cancel`` or ``closed``. Returns the orders that moved.

        Events call this (customer confirmed, PO confirmed, inspection started,
        delivery ready, delivered, paid). Managers set the stage by hand instead.
        """
        order_keys = [key for key, _label in GENDAN_STAGES if key != "cancel"]
        target = order_keys.index(stage) if stage in order_keys else None
        if stage == "cancel":
            to_move = self.filtered(lambda o: o.gendan_stage != "cancel")
        else:
            to_move = self.filtered(
                lambda o: (
                    o.gendan_stage in order_keys
                    and order_keys.index(o.gendan_stage) < target
                )
            )
        if to_move:
            to_move.write({"gendan_stage": stage})
        return to_move
