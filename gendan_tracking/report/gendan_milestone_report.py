from odoo import fields, models, tools

from ..models.gendan_milestone import DELAY_REASONS
from ..models.gendan_milestone_template import CATEGORY_SELECTION


class GendanMilestoneReport(models.Model):
    """Delay analysis: one row per milestone of a confirmed order (skipped
    milestones excluded). The supplier is the vendor of the purchase order that
    completed the milestone, else the main supplier of the order."""

    _name = "gendan.milestone.report"
    _description = "Milestone Delay Analysis"
    _auto = False
    _rec_name = "name"
    _order = "planned_date desc, id desc"

    milestone_id = fields.Many2one("gendan.milestone", readonly=True)
    name = fields.Char(string="Milestone Name", readonly=True, translate=True)
    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    merchandiser_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    responsible_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    supplier_id = fields.Many2one("res.partner", string="Supplier", readonly=True)
    category = fields.Selection(CATEGORY_SELECTION, readonly=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("late", "Late"),
        ],
        readonly=True,
    )
    # late milestones without a reason, and milestones on time, are named in
    # the graphs and pivots (not "None")
    delay_reason = fields.Selection(
        DELAY_REASONS + [("not_given", "Not Given"), ("on_time", "No Delay")],
        readonly=True,
    )
    planned_date = fields.Date(readonly=True)
    actual_date = fields.Date(readonly=True)
    delay_days = fields.Integer(string="Delay (days)", readonly=True)
    is_late = fields.Boolean(
        string="Late", readonly=True, help="Late now, or completed late."
    )
    late_count = fields.Integer(string="Late Milestones", readonly=True)
    late_pct = fields.Float(string="Late (%)", readonly=True, aggregator="avg")

    def _query(self):
        return """
            SELECT m.id AS id,
                   m.id AS milestone_id,
                   m.name,
                   m.order_id,
                   so.company_id,
                   so.partner_id,
                   so.merchandiser_id,
                   so.team_id,
                   m.responsible_id,
                   COALESCE(po.partner_id, main_po.partner_id) AS supplier_id,
                   m.category,
                   m.state,
                   CASE WHEN m.state = 'late' OR COALESCE(m.delay_days, 0) > 0
                        THEN COALESCE(m.delay_reason, 'not_given')
                        ELSE 'on_time' END AS delay_reason,
                   m.planned_date,
                   m.actual_date,
                   COALESCE(m.delay_days, 0) AS delay_days,
                   (m.state = 'late' OR COALESCE(m.delay_days, 0) > 0) AS is_late,
                   CASE WHEN m.state = 'late' OR COALESCE(m.delay_days, 0) > 0
                        THEN 1 ELSE 0 END AS late_count,
                   CASE WHEN m.state = 'late' OR COALESCE(m.delay_days, 0) > 0
                        THEN 100.0 ELSE 0.0 END AS late_pct
              FROM gendan_milestone m
              JOIN sale_order so ON so.id = m.order_id
              LEFT JOIN purchase_order po
                     ON m.res_model = 'purchase.order' AND po.id = m.res_id
              LEFT JOIN LATERAL (
                    -- the order's main supplier: its largest confirmed purchase
                    SELECT p.partner_id
                      FROM gendan_purchase_sale_rel rel
                      JOIN purchase_order p ON p.id = rel.purchase_id
                     WHERE rel.sale_id = so.id AND p.state IN ('purchase', 'done')
                     ORDER BY p.amount_untaxed DESC, p.id
                     LIMIT 1
              ) main_po ON TRUE
             WHERE so.state = 'sale' AND m.state != 'skipped'
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"CREATE OR REPLACE VIEW {self._table} AS ({self._query()})"  # noqa: S608
        )
