from odoo import fields, models, tools

from ..tools import dates


class GendanSupplierPromiseReport(models.Model):
    """Promise reliability: one row per confirmed purchase order serving a
    followed sale order, with the supplier's first and last promise, how often
    the promise moved, by how many days, and whether the goods came by the
    first and by the last promise.

    Dates are calendar dates in the company's timezone. The rates are measured
    on purchase orders fully received (``is_received``): their ``*_pct``
    columns are 100 or 0 per order, so their average in a pivot is the rate of
    the group; a purchase still open counts nowhere yet. The appraisal's
    indicator ``supplier_on_time_first`` reads these rows: one definition.
    """

    _name = "gendan.supplier.promise.report"
    _description = "Supplier Promise Reliability"
    _auto = False
    _rec_name = "purchase_id"
    _order = "date_order desc, id desc"

    purchase_id = fields.Many2one(
        "purchase.order", string="Purchase Order", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Supplier", readonly=True)
    merchandiser_id = fields.Many2one("res.users", readonly=True)
    date_order = fields.Date(string="Order Date", readonly=True)
    required_date = fields.Date(readonly=True)
    first_promised_date = fields.Date(string="First Promise", readonly=True)
    promised_date = fields.Date(string="Last Promise", readonly=True)
    received_date = fields.Date(
        readonly=True, help="Day of the last receipt of a fully received order."
    )
    is_received = fields.Boolean(string="Fully Received", readonly=True)
    purchase_count = fields.Integer(string="Purchase Orders", readonly=True)
    promise_change_count = fields.Integer(
        string="Promise Changes",
        readonly=True,
        help="Times the supplier moved a promise already given.",
    )
    slip_days = fields.Float(
        string="Slip (days)",
        readonly=True,
        aggregator="avg",
        help="Last promise minus first promise, in calendar days.",
    )
    on_time_first_pct = fields.Float(
        string="On Time vs First Promise (%)",
        readonly=True,
        aggregator="avg",
        help="Fully received orders whose goods came by the first promised day.",
    )
    on_time_last_pct = fields.Float(
        string="On Time vs Last Promise (%)",
        readonly=True,
        aggregator="avg",
        help="Fully received orders whose goods came by the last promised day.",
    )

    def _query(self):
        link = self.env["purchase.order"]._fields["gendan_sale_order_ids"]
        return f"""
            WITH company_tz AS ({dates.COMPANY_TZ_SQL}),
            followed AS (
                SELECT DISTINCT rel.{link.column1} AS purchase_id
                  FROM {link.relation} rel
                  JOIN sale_order so ON so.id = rel.{link.column2}
                 WHERE so.state = 'sale' AND so.merchandiser_id IS NOT NULL
            ),
            changes AS (
                SELECT l.purchase_id, count(*) AS change_count
                  FROM gendan_expedite_log l
                 WHERE l.new_promised_date IS NOT NULL
                   AND l.previous_promised_date IS NOT NULL
                   AND l.new_promised_date <> l.previous_promised_date
                 GROUP BY l.purchase_id
            ),
            receipts AS (
                SELECT pol.order_id AS purchase_id, max(sp.date_done) AS last_done
                  FROM stock_move sm
                  JOIN purchase_order_line pol ON pol.id = sm.purchase_line_id
                  JOIN stock_picking sp ON sp.id = sm.picking_id
                 WHERE sm.state = 'done' AND sp.state = 'done'
                 GROUP BY pol.order_id
            ),
            base AS (
                SELECT po.id,
                       po.company_id,
                       COALESCE(vendor.commercial_partner_id, vendor.id) AS partner_id,
                       po.merchandiser_id,
                       (po.date_order AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date
                           AS date_order,
                       po.required_date,
                       COALESCE(po.supplier_first_promised_date,
                                po.supplier_promised_date) AS first_promised_date,
                       po.supplier_promised_date AS promised_date,
                       po.receipt_status = 'full' AS is_received,
                       CASE WHEN po.receipt_status = 'full'
                            THEN (r.last_done AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date
                       END AS received_date,
                       COALESCE(c.change_count, 0) AS promise_change_count
                  FROM purchase_order po
                  JOIN followed f ON f.purchase_id = po.id
                  JOIN res_partner vendor ON vendor.id = po.partner_id
                  JOIN company_tz tz ON tz.company_id = po.company_id
                  LEFT JOIN changes c ON c.purchase_id = po.id
                  LEFT JOIN receipts r ON r.purchase_id = po.id
                 WHERE po.state IN ('purchase', 'done')
            )
            SELECT b.id,
                   b.id AS purchase_id,
                   b.company_id,
                   b.partner_id,
                   b.merchandiser_id,
                   b.date_order,
                   b.required_date,
                   b.first_promised_date,
                   b.promised_date,
                   b.received_date,
                   b.is_received,
                   1 AS purchase_count,
                   b.promise_change_count,
                   CASE WHEN b.first_promised_date IS NOT NULL
                         AND b.promised_date IS NOT NULL
                        THEN b.promised_date - b.first_promised_date END AS slip_days,
                   CASE WHEN b.received_date IS NOT NULL
                         AND b.first_promised_date IS NOT NULL
                        THEN CASE WHEN b.received_date <= b.first_promised_date
                                  THEN 100.0 ELSE 0.0 END
                   END AS on_time_first_pct,
                   CASE WHEN b.received_date IS NOT NULL
                         AND b.promised_date IS NOT NULL
                        THEN CASE WHEN b.received_date <= b.promised_date
                                  THEN 100.0 ELSE 0.0 END
                   END AS on_time_last_pct
              FROM base b
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"CREATE OR REPLACE VIEW {self._table} AS ({self._query()})"  # noqa: S608
        )
