from odoo import fields, models, tools

from ..models.gendan_milestone import DELAY_REASONS
from ..models.gendan_milestone_template import CATEGORY_SELECTION
from ..models.gendan_risk import RISK_LEVELS
from ..models.sale_order import GENDAN_STAGES
from ..tools import dates


class GendanOrderReport(models.Model):
    """Follow-up analysis: one row per confirmed sale order that a
    merchandiser follows. An order without a merchandiser is not followed (no
    T&A plan, not on the boards, in no one's appraisal): counting it would put
    a "None" row into the merchandiser pivot and its unfollowed deliveries
    into the company's OTIF.

    Every date is the calendar date in the company's timezone (the company
    partner's ``tz``, UTC when it has none), so "on time" compares dates and
    never datetimes. The ``*_pct`` columns are 100 or 0 per order, so their
    average in a pivot is the rate of the group (OTIF %, on-time %, in-full %).
    """

    _name = "gendan.order.report"
    _description = "Order Follow-up Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date_order desc, id desc"

    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    merchandiser_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    supplier_id = fields.Many2one(
        "res.partner",
        string="Main Supplier",
        readonly=True,
        help="Vendor of the largest confirmed purchase order serving the order.",
    )
    gendan_stage = fields.Selection(GENDAN_STAGES, string="Stage", readonly=True)
    date_order = fields.Date(string="Confirmation Date", readonly=True)
    commitment_date = fields.Date(readonly=True)
    expected_date = fields.Date(readonly=True)
    due_date = fields.Date(
        readonly=True,
        help="The commitment date, or the expected date when there is none.",
    )
    first_delivery_date = fields.Date(readonly=True)
    last_delivery_date = fields.Date(readonly=True)
    qty_ordered = fields.Float(string="Ordered Qty", readonly=True)
    qty_delivered = fields.Float(
        string="Delivered Qty (capped)",
        readonly=True,
        help="Delivered quantity, each line capped at its ordered quantity.",
    )
    fill_rate = fields.Float(
        string="Fill Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Capped delivered quantity over ordered quantity.",
    )
    is_on_time = fields.Boolean(
        string="On Time",
        readonly=True,
        help="Last delivery on or before the due date.",
    )
    is_in_full = fields.Boolean(
        string="In Full",
        readonly=True,
        help="Every ordered quantity delivered; over-delivery on one line does "
        "not make up for a short one.",
    )
    is_otif = fields.Boolean(string="OTIF", readonly=True)
    on_time_pct = fields.Float(string="On Time (%)", readonly=True, aggregator="avg")
    in_full_pct = fields.Float(string="In Full (%)", readonly=True, aggregator="avg")
    otif_pct = fields.Float(string="OTIF (%)", readonly=True, aggregator="avg")
    cycle_days = fields.Float(
        string="Cycle (days)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Days from confirmation to the last delivery of a fully delivered order.",
    )
    confirmation_hours = fields.Float(
        string="Confirmation (hours)", readonly=True, aggregator="avg"
    )
    is_late = fields.Boolean(string="Late Now", readonly=True)
    delay_days = fields.Integer(
        string="Order Delay (days)", readonly=True, aggregator="avg"
    )
    milestone_count = fields.Integer(readonly=True)
    milestone_done_count = fields.Integer(string="Milestones Done", readonly=True)
    late_milestone_count = fields.Integer(string="Late Milestones", readonly=True)
    max_delay_days = fields.Integer(
        string="Max Milestone Delay (days)", readonly=True, aggregator="max"
    )
    main_delay_reason = fields.Selection(
        DELAY_REASONS,
        readonly=True,
        help="The delay reason carrying the most milestone delay days.",
    )
    main_delay_category = fields.Selection(
        CATEGORY_SELECTION,
        readonly=True,
        help="The milestone category carrying the most delay days.",
    )
    risk_level = fields.Selection(RISK_LEVELS, readonly=True)
    cost_budget = fields.Float(string="Cost Budget", readonly=True)
    cost_actual = fields.Float(string="Actual Cost", readonly=True)
    cost_variance_pct = fields.Float(
        string="Cost Variance (%)", readonly=True, aggregator="avg"
    )
    complaint_count = fields.Integer(readonly=True)
    inspection_pass_rate = fields.Float(
        string="Inspection Pass Rate (%)", readonly=True, aggregator="avg"
    )
    document_completeness = fields.Float(
        string="Documents (%)", readonly=True, aggregator="avg"
    )

    def _with_clause(self):
        return f"""
            WITH company_tz AS ({dates.COMPANY_TZ_SQL}),
            line_qty AS (
                -- goods only; each line capped at its ordered quantity
                SELECT l.order_id,
                       SUM(l.product_uom_qty) AS qty_ordered,
                       SUM(LEAST(l.qty_delivered, l.product_uom_qty)) AS qty_delivered
                  FROM sale_order_line l
                 WHERE l.display_type IS NULL
                   AND l.qty_delivered_method = 'stock_move'
                   AND l.product_uom_qty > 0
                 GROUP BY l.order_id
            ),
            line_lead AS (
                SELECT l.order_id,
                       MIN(l.customer_lead) AS lead_min,
                       MAX(l.customer_lead) AS lead_max
                  FROM sale_order_line l
                 WHERE l.display_type IS NULL
                 GROUP BY l.order_id
            ),
            deliveries AS (
                SELECT p.sale_id AS order_id,
                       MIN(p.date_done) AS first_done,
                       MAX(p.date_done) AS last_done
                  FROM stock_picking p
                  JOIN stock_picking_type t ON t.id = p.picking_type_id
                 WHERE t.code = 'outgoing'
                   AND p.state = 'done'
                   AND p.sale_id IS NOT NULL
                 GROUP BY p.sale_id
            ),
            milestones AS (
                SELECT m.order_id,
                       COUNT(*) AS milestone_count,
                       COUNT(*) FILTER (WHERE m.state = 'done') AS done_count,
                       COUNT(*) FILTER (
                           WHERE m.state = 'late' OR COALESCE(m.delay_days, 0) > 0
                       ) AS late_count,
                       MAX(COALESCE(m.delay_days, 0)) AS max_delay
                  FROM gendan_milestone m
                 WHERE m.state != 'skipped'
                 GROUP BY m.order_id
            ),
            delay_reason AS (
                SELECT DISTINCT ON (m.order_id) m.order_id, m.delay_reason
                  FROM gendan_milestone m
                 WHERE m.delay_reason IS NOT NULL AND m.delay_days > 0
                 GROUP BY m.order_id, m.delay_reason
                 ORDER BY m.order_id, SUM(m.delay_days) DESC, COUNT(*) DESC,
                          m.delay_reason
            ),
            delay_category AS (
                SELECT DISTINCT ON (m.order_id) m.order_id, m.category
                  FROM gendan_milestone m
                 WHERE m.delay_days > 0
                 GROUP BY m.order_id, m.category
                 ORDER BY m.order_id, SUM(m.delay_days) DESC, COUNT(*) DESC,
                          m.category
            ),
            main_supplier AS (
                SELECT DISTINCT ON (rel.sale_id) rel.sale_id AS order_id,
                       po.partner_id AS supplier_id
                  FROM gendan_purchase_sale_rel rel
                  JOIN purchase_order po ON po.id = rel.purchase_id
                 WHERE po.state IN ('purchase', 'done')
                 ORDER BY rel.sale_id, po.amount_untaxed DESC, po.id
            ),
            inspected AS (
                -- orders with a finished first inspection: the others have
                -- no pass rate (NULL, left out of the averages), not 0 %
                SELECT DISTINCT i.sale_order_id AS order_id
                  FROM qc_inspection i
                 WHERE i.sale_order_id IS NOT NULL
                   AND i.reinspection_of_id IS NULL
                   AND i.state IN ('success', 'failed')
            ),
            complaints AS (
                SELECT c.order_id, COUNT(*) AS complaint_count
                  FROM gendan_complaint c
                 WHERE c.order_id IS NOT NULL
                 GROUP BY c.order_id
            ),
            base AS (
                -- dates in the company's timezone, so that days are compared
                SELECT so.id AS order_id,
                       (so.date_order AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date
                           AS date_order,
                       (so.commitment_date AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date
                           AS commitment_date,
                       ((so.date_order + make_interval(days => COALESCE(
                           CASE WHEN so.picking_policy = 'one' THEN ll.lead_max
                                ELSE ll.lead_min END, 0)::integer))
                           AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date
                           AS expected_date,
                       (d.first_done AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date
                           AS first_delivery_date,
                       (d.last_done AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date
                           AS last_delivery_date,
                       COALESCE(lq.qty_ordered, 0) > 0
                           AND lq.qty_delivered >= lq.qty_ordered AS is_in_full
                  FROM sale_order so
                  JOIN company_tz tz ON tz.company_id = so.company_id
                  LEFT JOIN line_qty lq ON lq.order_id = so.id
                  LEFT JOIN line_lead ll ON ll.order_id = so.id
                  LEFT JOIN deliveries d ON d.order_id = so.id
                 WHERE so.state = 'sale' AND so.merchandiser_id IS NOT NULL
            )
        """

    def _select_clause(self):
        on_time = (
            "(b.last_delivery_date IS NOT NULL AND b.last_delivery_date <= "
            "COALESCE(b.commitment_date, b.expected_date))"
        )
        otif = f"({on_time} AND b.is_in_full)"
        return f"""
            SELECT so.id AS id,
                   so.id AS order_id,
                   so.company_id,
                   so.partner_id,
                   so.merchandiser_id,
                   so.team_id,
                   so.user_id,
                   ms.supplier_id,
                   so.gendan_stage,
                   b.date_order,
                   b.commitment_date,
                   b.expected_date,
                   COALESCE(b.commitment_date, b.expected_date) AS due_date,
                   b.first_delivery_date,
                   b.last_delivery_date,
                   COALESCE(lq.qty_ordered, 0) AS qty_ordered,
                   COALESCE(lq.qty_delivered, 0) AS qty_delivered,
                   CASE WHEN COALESCE(lq.qty_ordered, 0) > 0
                        THEN 100.0 * lq.qty_delivered / lq.qty_ordered END AS fill_rate,
                   {on_time} AS is_on_time,
                   b.is_in_full,
                   {otif} AS is_otif,
                   CASE WHEN {on_time} THEN 100.0 ELSE 0.0 END AS on_time_pct,
                   CASE WHEN b.is_in_full THEN 100.0 ELSE 0.0 END AS in_full_pct,
                   CASE WHEN {otif} THEN 100.0 ELSE 0.0 END AS otif_pct,
                   CASE WHEN b.is_in_full
                        THEN (b.last_delivery_date - b.date_order)::float8
                   END AS cycle_days,
                   so.confirmation_hours,
                   so.is_late,
                   so.delay_days,
                   COALESCE(m.milestone_count, 0) AS milestone_count,
                   COALESCE(m.done_count, 0) AS milestone_done_count,
                   COALESCE(m.late_count, 0) AS late_milestone_count,
                   COALESCE(m.max_delay, 0) AS max_delay_days,
                   dr.delay_reason AS main_delay_reason,
                   dc.category AS main_delay_category,
                   so.risk_level,
                   so.cost_budget_total AS cost_budget,
                   so.cost_actual_total AS cost_actual,
                   CASE WHEN so.cost_budget_total > 0
                        THEN so.cost_variance_pct END AS cost_variance_pct,
                   COALESCE(c.complaint_count, 0) AS complaint_count,
                   CASE WHEN ins.order_id IS NOT NULL
                        THEN so.inspection_pass_rate END AS inspection_pass_rate,
                   so.document_completeness
        """

    def _from_clause(self):
        return """
              FROM sale_order so
              JOIN base b ON b.order_id = so.id
              LEFT JOIN line_qty lq ON lq.order_id = so.id
              LEFT JOIN milestones m ON m.order_id = so.id
              LEFT JOIN delay_reason dr ON dr.order_id = so.id
              LEFT JOIN delay_category dc ON dc.order_id = so.id
              LEFT JOIN main_supplier ms ON ms.order_id = so.id
              LEFT JOIN complaints c ON c.order_id = so.id
              LEFT JOIN inspected ins ON ins.order_id = so.id
        """

    def _query(self):
        return f"{self._with_clause()} {self._select_clause()} {self._from_clause()}"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"CREATE OR REPLACE VIEW {self._table} AS ({self._query()})"  # noqa: S608
        )
