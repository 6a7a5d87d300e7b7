from odoo import api, fields, models

from ..tools import dates

INSPECTION_STAGES = [
    ("incoming", "Incoming Material"),
    ("inline", "In-line"),
    ("final", "Final"),
    ("pre_shipment", "Pre-shipment"),
]

# Stages whose pass completes the "inspection passed" milestone; an incoming
# material check is part of production, not the order's release inspection.
RELEASE_STAGES = ("inline", "final", "pre_shipment")
FINISHED_STATES = ("success", "failed")
STARTED_STATES = ("ready", "waiting", "success", "failed")
# what a new state of an inspection tells the follow-up (gendan_event.py)
INSPECTION_EVENTS = (
    "inspection_started",
    "inspection_failed",
    "inspection_passed",
    "inspection_changed",
)


class QcInspection(models.Model):
    _inherit = "qc.inspection"

    sale_order_id = fields.Many2one(
        "sale.order", string="Sale Order", index="btree_not_null", tracking=True
    )
    purchase_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        index="btree_not_null",
        help="The purchase order whose goods are inspected (an inspection the "
        "supplier requested on the portal).",
    )
    inspection_stage = fields.Selection(
        INSPECTION_STAGES, string="Inspection Stage", tracking=True
    )
    reinspection_of_id = fields.Many2one(
        "qc.inspection",
        string="Re-inspection Of",
        index="btree_not_null",
        copy=False,
        help="The failed inspection this one repeats after rework. Re-inspections "
        "do not count in the first-pass rate.",
    )
    reinspection_ids = fields.One2many(
        "qc.inspection", "reinspection_of_id", string="Re-inspections"
    )

    @api.model_create_multi
    def create(self, vals_list):
        inspections = super().create(vals_list)
        inspections._gendan_emit_state_events()
        return inspections

    def write(self, vals):
        changed = self.browse()
        if "state" in vals:
            changed = self.filtered(lambda i: i.state != vals["state"])
        if "sale_order_id" in vals:
            changed = self
        result = super().write(vals)
        changed._gendan_emit_state_events()
        return result

    def action_gendan_reinspect(self):
        """Create a new inspection repeating this failed one after rework."""
        self.ensure_one()
        reinspection = self.copy(
            {
                "reinspection_of_id": self.id,
                "state": "draft",
                "auto_generated": False,
                "sale_order_id": self.sale_order_id.id,
                "inspection_stage": self.inspection_stage,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "qc.inspection",
            "res_id": reinspection.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _prepare_inspection_header(self, object_ref, trigger_line):
        values = super()._prepare_inspection_header(object_ref, trigger_line)
        sale_order, stage = self._gendan_origin_of(object_ref)
        if sale_order:
            values["sale_order_id"] = sale_order.id
        if stage:
            values["inspection_stage"] = stage
        return values

    @api.model
    def _gendan_origin_of(self, object_ref):
        """Sale order and inspection stage for an inspection of ``object_ref``
        (a stock move or picking): receipts are incoming material checks for the
        orders the purchase serves, deliveries are pre-shipment checks."""
        picking = self.env["stock.picking"]
        moves = self.env["stock.move"]
        if object_ref and object_ref._name == "stock.move":
            moves = object_ref
            picking = object_ref.picking_id
        elif object_ref and object_ref._name == "stock.picking":
            picking = object_ref
            moves = object_ref.move_ids
        if not picking:
            return self.env["sale.order"], False
        if picking.picking_type_code == "incoming":
            sale_order = (
                moves.purchase_line_id.order_id.gendan_sale_order_ids
                or picking.purchase_id.gendan_sale_order_ids
                or moves.sale_line_id.order_id
            )
            return sale_order[:1], "incoming"
        if picking.picking_type_code == "outgoing":
            return (picking.sale_id or moves.sale_line_id.order_id)[:1], "pre_shipment"
        return (picking.sale_id or moves.sale_line_id.order_id)[:1], False

    def _gendan_is_blocked(self):
        """True when the order still has a failed inspection that no later passed
        inspection of the same product has cleared."""
        self.ensure_one()
        siblings = self.sale_order_id.inspection_ids
        for failed in siblings.filtered(lambda i: i.state == "failed"):
            cleared = siblings.filtered(
                lambda i, f=failed: (
                    i.state == "success"
                    and i.product_id == f.product_id
                    and (i.date_done or fields.Datetime.now())
                    >= (f.date_done or fields.Datetime.now())
                    and i.id != f.id
                )
            )
            if not cleared:
                return True
        return False

    def _gendan_emit_state_events(self):
        SaleOrder = self.env["sale.order"]
        for event in INSPECTION_EVENTS:
            SaleOrder._gendan_emit_records(event, self)

    def _gendan_event_orders(self, event):
        """The order an inspection's new state concerns: started (in-line, final
        or pre-shipment), failed, passed at a release stage, or any change."""
        order = self.sale_order_id
        if event == "inspection_started":
            started = (
                self.state in STARTED_STATES and self.inspection_stage != "incoming"
            )
            return order if started else order.browse()
        if event == "inspection_failed":
            return order if self.state == "failed" else order.browse()
        if event == "inspection_passed":
            passed = self.state == "success" and self.inspection_stage in RELEASE_STAGES
            return order if passed else order.browse()
        return order

    def _gendan_event_date(self, event):
        return dates.local_date(self.company_id, self.date_done)
