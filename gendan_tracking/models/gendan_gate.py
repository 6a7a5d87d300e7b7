from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .gendan_sample import SAMPLE_TYPES
from .qc_inspection import INSPECTION_STAGES

GATE_EVENTS = [
    ("production_start", "Production start"),
    ("delivery_validation", "Delivery validation"),
    ("po_confirmation", "Purchase order confirmation"),
]

GATE_CONDITIONS = [
    ("sample_approved", "Samples approved"),
    ("material_received", "Material received"),
    ("inspection_passed", "Inspection passed"),
    ("deposit_received", "Deposit received"),
    ("documents_complete", "Documents complete"),
]


class GendanGate(models.Model):
    """A readiness gate: before an event (production start, a delivery
    validated, a purchase order confirmed) of an order on one of its
    templates, the conditions that block the event or only warn."""

    _name = "gendan.gate"
    _description = "Readiness Gate"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    event = fields.Selection(GATE_EVENTS, required=True, default="production_start")
    template_ids = fields.Many2many(
        "gendan.milestone.template",
        "gendan_gate_template_rel",
        "gate_id",
        "template_id",
        string="T&A Templates",
        help="The gate applies to the orders planned with these templates; "
        "without any, to every order followed by a merchandiser.",
    )
    line_ids = fields.One2many(
        "gendan.gate.line", "gate_id", string="Conditions", copy=True
    )

    @api.constrains("active", "line_ids")
    def _check_lines(self):
        for gate in self:
            if gate.active and not gate.line_ids:
                raise ValidationError(
                    _(
                        "The readiness gate %(gate)s needs at least one condition.",
                        gate=gate.name,
                    )
                )


class GendanGateLine(models.Model):
    _name = "gendan.gate.line"
    _description = "Readiness Gate Condition"
    _order = "gate_id, sequence, id"

    gate_id = fields.Many2one(
        "gendan.gate", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="gate_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    condition = fields.Selection(GATE_CONDITIONS, required=True)
    sample_type = fields.Selection(
        SAMPLE_TYPES,
        help="The type of sample that must be approved for every line of the "
        "order; without a type, every sample of the order.",
    )
    inspection_stage = fields.Selection(
        INSPECTION_STAGES,
        help="The inspection stage that must have passed; without a stage, any "
        "in-line, final or pre-shipment inspection.",
    )
    blocking = fields.Selection(
        [("block", "Blocks"), ("warn", "Warns only")],
        string="When Missing",
        required=True,
        default="block",
    )

    @api.depends("condition", "sample_type", "inspection_stage")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line._gendan_label()

    def _gendan_label(self):
        """The condition in the reader's words, such as "PP Sample approved"."""
        self.ensure_one()
        env = self.env

        def label(field, value):
            return dict(self._fields[field]._description_selection(env)).get(value, "")

        if self.condition == "sample_approved" and self.sample_type:
            return env._(
                "%(type)s approved", type=label("sample_type", self.sample_type)
            )
        if self.condition == "inspection_passed" and self.inspection_stage:
            return env._(
                "%(stage)s inspection passed",
                stage=label("inspection_stage", self.inspection_stage),
            )
        return label("condition", self.condition)


class GendanGateOverride(models.Model):
    """A merchandising manager lets an event of an order through its
    readiness gates although conditions are missing, with the reason (logged
    in the order's chatter)."""

    _name = "gendan.gate.override"
    _inherit = ["gendan.order.record"]
    _description = "Readiness Gate Override"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    merchandiser_id = fields.Many2one(
        related="order_id.merchandiser_id", store=True, index=True
    )
    event = fields.Selection(GATE_EVENTS, required=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Overridden By",
        default=lambda self: self.env.user,
        readonly=True,
        required=True,
    )
    missing = fields.Text(
        string="Missing Conditions",
        compute="_compute_missing",
        help="What the gates of this event miss on the order now.",
    )

    @api.depends("order_id", "event")
    def _compute_missing(self):
        for override in self:
            missing = (
                override.order_id._gendan_gate_missing(override.event)
                if override.order_id and override.event
                else []
            )
            override.missing = "\n".join(
                f"{gate.name}: {line._gendan_label()}" for gate, line in missing
            )

    @api.constrains("reason")
    def _check_reason(self):
        for override in self:
            if not (override.reason or "").strip():
                raise ValidationError(_("Give the reason for the override."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the manager who overrides is the one who signs it
            vals["user_id"] = self.env.user.id
        overrides = super().create(vals_list)
        labels = dict(self._fields["event"]._description_selection(self.env))
        for override in overrides:
            override.order_id.message_post(
                body=Markup("%s<br/>%s")
                % (
                    _(
                        "Readiness gate on %(event)s overridden by %(user)s.",
                        event=labels[override.event],
                        user=override.user_id.name,
                    ),
                    _("Reason: %(reason)s", reason=override.reason),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return overrides

    def write(self, vals):
        if {"event", "reason", "user_id"} & set(vals):
            raise ValidationError(
                _("An override is kept as it was given; record a new one instead.")
            )
        return super().write(vals)

    def action_save(self):
        """The dialog's button: the override is saved by the form."""
        return {"type": "ir.actions.act_window_close"}
