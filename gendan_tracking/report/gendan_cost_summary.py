from odoo import fields, models, tools

from ..models.gendan_cost_template import COST_TYPES


class GendanCostSummary(models.Model):
    """An order's cost sheet by cost type: the budget (template and manual
    lines) and the actual (purchases, bills and manual lines) of one type on
    one line, so a purchase's cost reads against the budget it spends."""

    _name = "gendan.cost.summary"
    _description = "Order Costs by Type"
    _auto = False
    _order = "order_id, cost_type"
    _rec_name = "cost_type"

    order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    merchandiser_id = fields.Many2one("res.users", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    cost_type = fields.Selection(COST_TYPES, readonly=True)
    budget_amount = fields.Monetary(
        string="Budget", currency_field="currency_id", readonly=True
    )
    actual_amount = fields.Monetary(
        string="Actual", currency_field="currency_id", readonly=True
    )
    variance_amount = fields.Monetary(
        string="Variance", currency_field="currency_id", readonly=True
    )
    variance_pct = fields.Float(string="Variance (%)", readonly=True, digits=(16, 1))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT MIN(cl.id) AS id,
                       cl.order_id,
                       so.company_id,
                       so.merchandiser_id,
                       c.currency_id,
                       cl.cost_type,
                       SUM(COALESCE(cl.budget_amount, 0)) AS budget_amount,
                       SUM(COALESCE(cl.actual_amount, 0)) AS actual_amount,
                       SUM(COALESCE(cl.actual_amount, 0))
                           - SUM(COALESCE(cl.budget_amount, 0)) AS variance_amount,
                       CASE WHEN SUM(COALESCE(cl.budget_amount, 0)) > 0
                            THEN 100.0 * (SUM(COALESCE(cl.actual_amount, 0))
                                          - SUM(COALESCE(cl.budget_amount, 0)))
                                 / SUM(COALESCE(cl.budget_amount, 0))
                       END AS variance_pct
                  FROM gendan_cost_line cl
                  JOIN sale_order so ON so.id = cl.order_id
                  JOIN res_company c ON c.id = so.company_id
                 GROUP BY cl.order_id, so.company_id, so.merchandiser_id,
                          c.currency_id, cl.cost_type
            )
            """  # noqa: S608
        )
