from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import planner
from .gendan_sample import SAMPLE_TYPES


def check_dependencies(records, network, outside_message, cycle_message):
    """The dependencies of a template's steps or of an order's milestones:
    a lag is never negative, predecessors stay inside ``network`` (the same
    template or order), and they form no cycle. ``cycle_message`` gives the
    message for the cycle, written as names joined by arrows."""
    if any(record.lag_days < 0 for record in records):
        raise ValidationError(
            records.env._("The lag after the predecessors cannot be negative.")
        )
    if any(record.predecessor_ids - network for record in network):
        raise ValidationError(outside_message)
    cycle = planner.find_cycle(
        {record: list(record.predecessor_ids) for record in network}
    )
    if cycle:
        raise ValidationError(cycle_message(" → ".join(r.name for r in cycle)))


CATEGORY_SELECTION = [
    ("order", "Order"),
    ("material", "Material"),
    ("production", "Production"),
    ("quality", "Quality"),
    ("logistics", "Logistics"),
    ("documents", "Documents"),
    ("finance", "Finance"),
]

# steps on the supplier's side: not shown to the customer unless chosen
INTERNAL_CATEGORIES = ("material", "production")

AUTO_RULE_SELECTION = [
    ("none", "None"),
    ("review_done", "Order review completed"),
    ("customer_confirmed", "Customer confirmed"),
    ("po_confirmed", "Purchase order confirmed"),
    ("material_received", "Material received"),
    ("inspection_passed", "Inspection passed"),
    ("shipped", "Goods shipped"),
    ("documents_complete", "Documents complete"),
    ("invoice_posted", "Invoice posted"),
    ("payment_received", "Payment received"),
    ("production_started", "Production started"),
    ("production_finished", "Production finished"),
    ("sample_approved", "Samples approved"),
]

RESPONSIBLE_SELECTION = [
    ("merchandiser", "Merchandiser"),
    ("purchase", "Purchasing"),
    ("quality", "Quality"),
    ("logistics", "Logistics"),
    ("manager", "Manager"),
    # the vendor of the purchase order serving the order: the milestone is
    # updated by the supplier on the vendor portal (/my/purchase/<id>)
    ("supplier", "Supplier"),
]


class GendanMilestoneTemplate(models.Model):
    _name = "gendan.milestone.template"
    _description = "Time & Action Plan Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    line_ids = fields.One2many(
        "gendan.milestone.template.line", "template_id", string="Milestones", copy=True
    )

    def copy(self, default=None):
        """A duplicated template links its own steps as the original's are
        linked (a step's predecessors are not copied with the step: they
        would point into the original template)."""
        copies = super().copy(default)
        for template, duplicate in zip(self, copies, strict=True):
            mapping = dict(
                zip(template.line_ids, duplicate.line_ids.sorted("id"), strict=True)
            )
            for line, new_line in mapping.items():
                if line.predecessor_ids:
                    new_line.predecessor_ids = self.env[
                        "gendan.milestone.template.line"
                    ].union(*(mapping[p] for p in line.predecessor_ids))
        return copies

    def action_gendan_export_xlsx(self):
        """The template as the sheet its import reads (one row per line)."""
        return self.env.ref(
            "gendan_tracking.gendan_template_xlsx_action"
        ).report_action(self, config=False)


class GendanMilestoneTemplateLine(models.Model):
    _name = "gendan.milestone.template.line"
    _description = "Time & Action Plan Template Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "gendan.milestone.template", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(CATEGORY_SELECTION, required=True, default="order")
    anchor = fields.Selection(
        [("order_date", "Order date"), ("commitment_date", "Commitment date")],
        required=True,
        default="order_date",
    )
    offset_days = fields.Integer(
        string="Offset (days)",
        help="Calendar days from the anchor date; negative means before the anchor.",
    )
    responsible = fields.Selection(
        RESPONSIBLE_SELECTION, required=True, default="merchandiser"
    )
    auto_rule = fields.Selection(
        AUTO_RULE_SELECTION,
        required=True,
        default="none",
        help="Completes the milestone automatically when this event happens.",
    )
    sample_type = fields.Selection(
        SAMPLE_TYPES,
        help="With the rule Samples approved: the milestone completes when the "
        "sample of this type of every order line is approved; without a type, "
        "when every sample of the order is.",
    )
    production_start = fields.Boolean(
        help="Marking this milestone done starts production: the readiness gates "
        "on production start are checked first.",
    )
    customer_visible = fields.Boolean(
        compute="_compute_customer_visible",
        store=True,
        readonly=False,
        precompute=True,
        help="Shown to the customer in progress reports and on the portal. "
        "Material and production steps (the supplier's side) are internal "
        "unless you tick it.",
    )
    offset_warning = fields.Char(compute="_compute_offset_warning")
    predecessor_ids = fields.Many2many(
        "gendan.milestone.template.line",
        "gendan_template_line_predecessor_rel",
        "line_id",
        "predecessor_id",
        string="Predecessors",
        copy=False,
        domain="[('template_id', '=', template_id), ('id', '!=', id)]",
        help="Steps that must be finished first (finish-to-start). When one of "
        "them is late, this step and the ones after it move.",
    )
    lag_days = fields.Integer(
        string="Lag (working days)",
        help="Working days between the end of the predecessors and this step.",
    )
    # stored: planning reads the predecessors only of lines that have any
    has_predecessors = fields.Boolean(compute="_compute_has_predecessors", store=True)

    @api.depends("predecessor_ids")
    def _compute_has_predecessors(self):
        for line in self:
            line.has_predecessors = bool(line.predecessor_ids)

    @api.constrains("predecessor_ids", "lag_days")
    def _check_predecessors(self):
        for template in self.template_id:
            check_dependencies(
                self,
                template.line_ids,
                _(
                    "The predecessors of a step of %(template)s must be steps of "
                    "the same template.",
                    template=template.display_name,
                ),
                lambda cycle, t=template: self.env._(
                    "The predecessors of %(template)s form a cycle: %(cycle)s.",
                    template=t.display_name,
                    cycle=cycle,
                ),
            )

    @api.depends("category")
    def _compute_customer_visible(self):
        for line in self:
            line.customer_visible = line.category not in INTERNAL_CATEGORIES

    @api.depends("anchor", "offset_days")
    def _compute_offset_warning(self):
        for line in self:
            line.offset_warning = (
                _(
                    "This offset plans the milestone before the order date: it will "
                    "be planned on the order date instead."
                )
                if line.anchor == "order_date" and line.offset_days < 0
                else False
            )

    @api.onchange("anchor", "offset_days")
    def _onchange_offset_days(self):
        if self.offset_warning:
            return {
                "warning": {
                    "title": _("Milestone before the order date"),
                    "message": self.offset_warning,
                }
            }
