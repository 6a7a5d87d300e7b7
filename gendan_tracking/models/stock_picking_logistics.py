import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class StockPicking(models.Model):
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
            arrival = picking.ata or (
                picking.date_done
                and fields.Datetime.context_timestamp(picking, picking.date_done).date()
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

    def _action_done(self):
        result = super()._action_done()
        self._gendan_fire_material_received()
        return result

    def _gendan_fire_material_received(self):
        """A receipt of a purchase order serving sale orders completes their
        "material received" milestone once no receipt of that purchase is left
        open."""
        receipts = self.filtered(
            lambda p: (
                p.state == "done"
                and p.picking_type_code == "incoming"
                and p.purchase_id.gendan_sale_order_ids
            )
        )
        for purchase in receipts.purchase_id:
            if any(
                picking.state not in ("done", "cancel")
                for picking in purchase.picking_ids
                if picking.picking_type_code == "incoming"
            ):
                continue
            last = receipts.filtered(lambda p, po=purchase: p.purchase_id == po)[-1:]
            done_date = fields.Datetime.context_timestamp(last, last.date_done).date()
            purchase.gendan_sale_order_ids._gendan_fire_rule(
                "material_received", done_date, last
            )

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
