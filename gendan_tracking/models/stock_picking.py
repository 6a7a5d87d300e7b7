import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dates
from ..tools.groups import GROUP_MANAGER, GROUP_MERCHANDISER


class StockPicking(models.Model):
    """Deliveries carry the shipment (mode, carrier, B/L, ETD/ETA/ATD/ATA), ask
    for the missing documents before they are validated, and hand receipts and
    deliveries to the follow-up pipeline."""

    _inherit = "stock.picking"

    transport_mode = fields.Selection(
        [
            ("sea", "Sea"),
            ("air", "Air"),
            ("rail", "Rail"),
            ("road", "Road"),
            ("express", "Express"),
        ],
        tracking=True,
    )
    carrier_name = fields.Char(string="Carrier / Forwarder", tracking=True)
    tracking_ref = fields.Char(string="Tracking Reference", tracking=True)
    bl_number = fields.Char(string="B/L / AWB Number", tracking=True)
    container_number = fields.Char(tracking=True)
    etd = fields.Date(string="ETD", tracking=True, help="Estimated time of departure.")
    eta = fields.Date(string="ETA", tracking=True, help="Estimated time of arrival.")
    atd = fields.Date(string="ATD", tracking=True, help="Actual time of departure.")
    ata = fields.Date(string="ATA", tracking=True, help="Actual time of arrival.")
    transport_state = fields.Selection(
        [
            ("planned", "Planned"),
            ("departed", "Departed"),
            ("in_transit", "In Transit"),
            ("arrived", "Arrived"),
            ("delivered", "Delivered"),
            ("exception", "Exception"),
        ],
        string="Transport Status",
        compute="_compute_transport_state",
        store=True,
        readonly=False,
        tracking=True,
    )
    is_on_time = fields.Boolean(
        string="On Time",
        compute="_compute_is_on_time",
        store=True,
        help="Arrival (or done date when there is no arrival) on or before the "
        "order's commitment date.",
    )

    @api.depends("atd", "ata")
    def _compute_transport_state(self):
        """Follow the actual dates; states set by hand that the dates cannot
        tell (in transit, delivered, exception) are kept while they fit."""
        for picking in self:
            current = picking.transport_state
            if picking.ata:
                if current not in ("delivered", "exception"):
                    picking.transport_state = "arrived"
            elif picking.atd:
                if current not in ("in_transit", "exception"):
                    picking.transport_state = "departed"
            elif current != "exception":
                picking.transport_state = "planned"

    @api.depends("ata", "date_done", "sale_id.commitment_date")
    def _compute_is_on_time(self):
        for picking in self:
            arrival = picking.ata or dates.local_date(
                picking.company_id, picking.date_done
            )
            commitment = picking.sale_id and picking.sale_id._gendan_commitment_day()
            if not arrival:
                picking.is_on_time = False
            elif not commitment:
                picking.is_on_time = True
            else:
                picking.is_on_time = arrival <= commitment

    @api.constrains("etd", "eta", "atd", "ata")
    def _check_shipment_dates(self):
        for picking in self:
            if picking.etd and picking.eta and picking.eta < picking.etd:
                raise ValidationError(
                    _(
                        "Shipment %(name)s: the ETA (%(eta)s) cannot be before the "
                        "ETD (%(etd)s).",
                        name=picking.name,
                        eta=picking.eta,
                        etd=picking.etd,
                    )
                )
            if picking.ata and not picking.atd:
                raise ValidationError(
                    _(
                        "Shipment %(name)s: record the actual departure before the "
                        "actual arrival.",
                        name=picking.name,
                    )
                )
            if picking.atd and picking.ata and picking.ata < picking.atd:
                raise ValidationError(
                    _(
                        "Shipment %(name)s: the actual arrival (%(ata)s) cannot be "
                        "before the actual departure (%(atd)s).",
                        name=picking.name,
                        ata=picking.ata,
                        atd=picking.atd,
                    )
                )

    def button_validate(self):
        # the readiness gates of a delivery, before anything is validated
        self.env["sale.order"]._gendan_check_gates(
            "delivery_validation",
            self.filtered(
                lambda p: (
                    p.picking_type_code == "outgoing"
                    and p.state not in ("done", "cancel")
                )
            ),
        )
        return super().button_validate()

    def _gendan_gate_orders(self, event):
        return self.sale_id

    def _pre_action_done_hook(self):
        # A merchandising manager forces a delivery whose documents are missing
        # from the check's dialog; the context only says so, the group decides.
        forced = self.env.context.get(
            "gendan_documents_override"
        ) and self.env.user.has_group(GROUP_MANAGER)
        if not forced:
            missing = self._gendan_missing_documents()
            if missing:
                return self._gendan_action_document_check(missing)
        return super()._pre_action_done_hook()

    def _action_done(self):
        result = super()._action_done()
        SaleOrder = self.env["sale.order"]
        # the last done first: an order concerned by several takes the last
        latest_first = self.sorted(lambda p: p.date_done or p.create_date, reverse=True)
        SaleOrder._gendan_emit_records("material_received", latest_first)
        SaleOrder._gendan_emit_records("delivery_validated", latest_first)
        SaleOrder._gendan_emit_records("delivery_done", latest_first)
        return result

    def _gendan_event_orders(self, event):
        """The orders a receipt or a delivery concerns: a receipt completes the
        material of the orders its purchase serves once no receipt of the
        purchase is left open; a delivery is done for its order once none of
        the order's deliveries is left open."""
        SaleOrder = self.env["sale.order"]
        if event == "delivery_ready":
            ready = self.state == "assigned" and self.picking_type_code == "outgoing"
            return self.sale_id if ready else SaleOrder
        if self.state != "done":
            return SaleOrder
        if event == "material_received":
            purchase = self.purchase_id
            if self.picking_type_code != "incoming" or not purchase:
                return SaleOrder
            if any(
                picking.state not in ("done", "cancel")
                for picking in purchase.picking_ids
                if picking.picking_type_code == "incoming"
            ):
                return SaleOrder
            return purchase.gendan_sale_order_ids
        if self.picking_type_code != "outgoing" or not self.sale_id:
            return SaleOrder
        if event == "delivery_done" and self.search_count(
            [
                ("sale_id", "=", self.sale_id.id),
                ("picking_type_code", "=", "outgoing"),
                ("state", "not in", ("done", "cancel")),
            ],
            limit=1,
        ):
            return SaleOrder
        return self.sale_id

    def _gendan_event_date(self, event):
        return dates.local_date(self.company_id, self.date_done)

    def _gendan_missing_documents(self):
        """Required documents not ready yet on the orders of outgoing deliveries.
        A warehouse user validating cannot read documents: the check reads them
        as the system, and its dialog shows their names only."""
        outgoing = self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.sale_id
        )
        return outgoing.sale_id.sudo()._gendan_missing_documents()

    def _gendan_action_document_check(self, missing_documents):
        values = {
            "picking_ids": [(6, 0, self.ids)],
            "missing_summary": "\n".join(
                f"{document.order_id.name}: {document.display_name}"
                for document in missing_documents
            ),
        }
        if self.env.user.has_group(GROUP_MERCHANDISER):
            values["document_ids"] = [(6, 0, missing_documents.ids)]
        wizard = self.env["gendan.delivery.document.check"].create(values)
        return {
            "type": "ir.actions.act_window",
            "name": _("Documents Missing"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context),
        }

    def _gendan_packing_list(self):
        """Lines and totals of the packing list (装箱单): one line per product
        with quantity, cartons (from the largest product packaging that has a
        quantity), net and gross weight and volume."""
        self.ensure_one()
        lines = []
        by_product = {}
        for move in self.move_ids.filtered(lambda m: m.state != "cancel"):
            qty = move.quantity or move.product_uom_qty
            qty = move.product_uom._compute_quantity(qty, move.product_id.uom_id)
            by_product.setdefault(move.product_id, 0.0)
            by_product[move.product_id] += qty
        for product, qty in by_product.items():
            packaging = product.packaging_ids.filtered(lambda p: p.qty > 0).sorted(
                "qty", reverse=True
            )[:1]
            cartons = math.ceil(qty / packaging.qty - 1e-9) if packaging else 0
            net_weight = product.weight * qty
            gross_weight = net_weight + cartons * packaging.gendan_tare_weight
            if packaging and packaging.gendan_carton_volume:
                volume = cartons * packaging.gendan_carton_volume
            else:
                volume = product.volume * qty
            lines.append(
                {
                    "product": product,
                    "qty": qty,
                    "uom": product.uom_id,
                    "packaging": packaging,
                    "cartons": cartons,
                    "net_weight": net_weight,
                    "gross_weight": gross_weight,
                    "volume": volume,
                }
            )
        totals = {
            key: sum(line[key] for line in lines)
            for key in ("qty", "cartons", "net_weight", "gross_weight", "volume")
        }
        return {"lines": lines, "totals": totals}
