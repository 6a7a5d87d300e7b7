from datetime import datetime

from odoo import Command

from .common import GendanCommon


class GendanAnalysisCommon(GendanCommon):
    """A small known dataset for the analysis: six confirmed orders in a
    company at UTC+8, confirmed on 2026-03-01 20:00 UTC (2026-03-02 local),
    committed for 2026-03-11 15:00 UTC (2026-03-11 23:00 local).

    ======  =============  ==============================  ==================
    order   merchandiser   delivered (UTC done time)       expected outcome
    ======  =============  ==============================  ==================
    a       merchandiser   10/10 on 03-11 15:30            OTIF, cycle 9
    b       merchandiser   6/10 on 03-10 02:00 (partial)   on time, not full
    c       manager        15/10 + 5/10 on 03-10 02:00     on time, not full
    d       merchandiser   12/10 on 03-10 02:00 (over)     OTIF, cycle 8
    e       manager        10/10 on 03-11 16:30            late, full, cycle 10
    f       manager        nothing                         neither
    ======  =============  ==============================  ==================
    """

    date_order = datetime(2026, 3, 1, 20, 0)
    commitment = datetime(2026, 3, 11, 15, 0)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.product_b = cls.env["product.product"].create(
            {"name": "Ceramic Bowl", "type": "consu", "list_price": 8.0}
        )
        cls.customer_b = cls.env["res.partner"].create({"name": "Bazaar GmbH"})
        cls.supplier = cls.env["res.partner"].create({"name": "Jingdezhen Kiln Co."})
        p1, p2 = cls.product, cls.product_b
        cls.order_a = cls._make_order([(p1, 10)], cls.merchandiser)
        cls.order_b = cls._make_order([(p1, 10)], cls.merchandiser)
        cls.order_c = cls._make_order(
            [(p1, 10), (p2, 10)], cls.manager, partner=cls.customer_b
        )
        cls.order_d = cls._make_order([(p1, 10)], cls.merchandiser)
        cls.order_e = cls._make_order([(p1, 10)], cls.manager, partner=cls.customer_b)
        cls.order_f = cls._make_order([(p1, 10)], cls.manager, partner=cls.customer_b)
        cls._deliver(cls.order_a, {p1: 10}, datetime(2026, 3, 11, 15, 30))
        cls._deliver(cls.order_b, {p1: 6}, datetime(2026, 3, 10, 2, 0))
        cls._deliver(cls.order_c, {p1: 15, p2: 5}, datetime(2026, 3, 10, 2, 0))
        cls._deliver(cls.order_d, {p1: 12}, datetime(2026, 3, 10, 2, 0))
        cls._deliver(cls.order_e, {p1: 10}, datetime(2026, 3, 11, 16, 30))
        cls.orders = (
            cls.order_a
            | cls.order_b
            | cls.order_c
            | cls.order_d
            | cls.order_e
            | cls.order_f
        )

    @classmethod
    def _make_order(cls, lines, merchandiser, partner=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "merchandiser_id": merchandiser.id,
                "milestone_template_id": False,
                "commitment_date": cls.commitment,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
        order.action_confirm()
        order.date_order = cls.date_order
        return order

    @classmethod
    def _deliver(cls, order, quantities, done_at):
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, 0.0)
            move.picked = True
        picking.with_context(cancel_backorder=False)._action_done()
        picking.date_done = done_at
        return picking

    def _row(self, order, user=None):
        # the view is computed by PostgreSQL: flush the writes, forget old rows
        self.env.flush_all()
        self.env.invalidate_all()
        Report = self.env["gendan.order.report"]
        if user:
            Report = Report.with_user(user)
        return Report.search([("order_id", "=", order.id)])
