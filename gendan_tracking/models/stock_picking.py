import pytz

from odoo import _, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        deliveries = self.filtered(
            lambda p: (
                p.state == "done" and p.picking_type_code == "outgoing" and p.sale_id
            )
        )
        if deliveries:
            # whoever validates (a warehouse user who cannot read the order)
            # triggers the follow-up; the bookkeeping runs as the system
            deliveries.sudo()._gendan_on_delivery_done()
        return result

    def _gendan_on_delivery_done(self):
        """Follow-up of validated deliveries: the ``shipped`` rule and the
        ``delivered`` stage once the order has no open delivery left, and a
        ``late_shipment`` error when done after the commitment date."""
        orders = self.sale_id
        open_deliveries = self.search(
            [
                ("sale_id", "in", orders.ids),
                ("picking_type_code", "=", "outgoing"),
                ("state", "not in", ("done", "cancel")),
            ]
        )
        completed_orders = orders - open_deliveries.sale_id
        for order in completed_orders:
            last = self.filtered(lambda p, o=order: p.sale_id == o).sorted("date_done")[
                -1
            ]
            order._gendan_fire_rule(
                "shipped",
                event_date=order._gendan_local_date(last.date_done),
                record=last,
            )
        completed_orders._gendan_advance_stage("delivered")
        self._gendan_log_late_shipments()

    def _gendan_log_late_shipments(self):
        orders = self.sale_id.filtered("commitment_date")
        if not orders:
            return
        Error = self.env["gendan.order.error"].sudo()
        already = Error.search(
            [("order_id", "in", orders.ids), ("error_type", "=", "late_shipment")]
        ).order_id
        vals_list = []
        for picking in self.filtered(lambda p: p.sale_id in orders - already):
            order = picking.sale_id
            if any(vals["order_id"] == order.id for vals in vals_list):
                continue
            tz = order.company_id._gendan_tz()
            done_day = pytz.utc.localize(picking.date_done).astimezone(tz).date()
            commitment_day = order._gendan_commitment_day()
            if done_day > commitment_day:
                vals_list.append(
                    {
                        "order_id": order.id,
                        "merchandiser_id": order.merchandiser_id.id,
                        "error_type": "late_shipment",
                        "date": done_day,
                        "found_by_id": self.env.user.id,
                        "description": _(
                            "Delivery %(picking)s was done on %(done)s, after the "
                            "commitment date %(commitment)s.",
                            picking=picking.name,
                            done=done_day,
                            commitment=commitment_day,
                        ),
                    }
                )
        if vals_list:
            Error.create(vals_list)
