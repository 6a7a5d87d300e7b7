from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from ..tools import dates


def last_full_month(today):
    """First and last day of the month before ``today``."""
    first_of_month = today.replace(day=1)
    return first_of_month - relativedelta(months=1), first_of_month - relativedelta(
        days=1
    )


def safe_ratio(numerator, denominator, factor=100.0):
    """``numerator / denominator * factor``, 0 when there is nothing to divide by."""
    return numerator * factor / denominator if denominator else 0.0


class GendanAnalysisDashboard(models.TransientModel):
    """Headline KPIs of the follow-up for a period: a thin shell over
    ``gendan.order.report`` and ``gendan.risk``, with links to the analyses."""

    _name = "gendan.analysis.dashboard"
    _description = "Merchandising Dashboard"

    def _default_date_from(self):
        return last_full_month(dates.today(self))[0]

    def _default_date_to(self):
        return last_full_month(dates.today(self))[1]

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    company_ids = fields.Many2many(
        "res.company", string="Companies", default=lambda self: self.env.companies
    )
    merchandiser_id = fields.Many2one(
        "res.users",
        domain=[("share", "=", False)],
        help="Only this merchandiser's orders.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", help="Only this customer's orders."
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        help="Only the orders whose main supplier this is.",
    )
    due_order_count = fields.Integer(string="Orders Due", compute="_compute_kpis")
    otif_order_count = fields.Integer(string="Orders OTIF", compute="_compute_kpis")
    otif_pct = fields.Float(string="OTIF (%)", compute="_compute_kpis", digits=(16, 1))
    shipped_order_count = fields.Integer(
        string="Orders Shipped", compute="_compute_kpis"
    )
    avg_cycle_days = fields.Float(
        string="Average Cycle (days)", compute="_compute_kpis", digits=(16, 1)
    )
    late_order_count = fields.Integer(string="Late Orders Now", compute="_compute_kpis")
    high_risk_count = fields.Integer(string="Open High Risks", compute="_compute_kpis")
    complaint_count = fields.Integer(string="Complaints", compute="_compute_kpis")
    complaints_per_100 = fields.Float(
        string="Complaints per 100 Shipped Orders",
        compute="_compute_kpis",
        digits=(16, 1),
    )
    cost_variance_pct = fields.Float(
        string="Cost Variance (%)", compute="_compute_kpis", digits=(16, 1)
    )

    def _compute_display_name(self):
        for dashboard in self:
            dashboard.display_name = _(
                "%(date_from)s to %(date_to)s",
                date_from=dashboard.date_from,
                date_to=dashboard.date_to,
            )

    @api.depends(
        "date_from",
        "date_to",
        "company_ids",
        "merchandiser_id",
        "partner_id",
        "supplier_id",
    )
    def _compute_kpis(self):
        Report = self.env["gendan.order.report"]
        for dashboard in self:
            base = dashboard._report_domain()
            (due_count, otif_avg) = Report._read_group(
                base + dashboard._period_domain("due_date"),
                [],
                ["__count", "otif_pct:avg"],
            )[0]
            (shipped_count, cycle_avg, complaints) = Report._read_group(
                base + dashboard._period_domain("last_delivery_date"),
                [],
                ["__count", "cycle_days:avg", "complaint_count:sum"],
            )[0]
            (budget, actual) = Report._read_group(
                base
                + dashboard._period_domain("last_delivery_date")
                + [("cost_budget", ">", 0)],
                [],
                ["cost_budget:sum", "cost_actual:sum"],
            )[0]
            dashboard.due_order_count = due_count
            dashboard.otif_pct = otif_avg or 0.0
            dashboard.otif_order_count = round((otif_avg or 0.0) * due_count / 100.0)
            dashboard.shipped_order_count = shipped_count
            dashboard.avg_cycle_days = cycle_avg or 0.0
            dashboard.complaint_count = complaints or 0
            dashboard.complaints_per_100 = safe_ratio(complaints or 0, shipped_count)
            dashboard.cost_variance_pct = safe_ratio(
                (actual or 0.0) - (budget or 0.0), budget or 0.0
            )
            dashboard.late_order_count = Report.search_count(
                base + [("is_late", "=", True)]
            )
            dashboard.high_risk_count = self.env["gendan.risk"].search_count(
                dashboard._high_risk_domain()
            )

    @api.model
    def action_open_dashboard(self):
        """Menu entry: the dashboard (a client action) on the last full month."""
        self.env["ir.model.access"].check(self._name, "create")
        return {
            "type": "ir.actions.client",
            "tag": "gendan_dashboard",
            "name": _("Dashboard"),
            "target": "current",
        }

    def _company_ids(self):
        return (self.company_ids or self.env.companies).ids

    def _period_domain(self, field_name):
        return [(field_name, ">=", self.date_from), (field_name, "<=", self.date_to)]

    def _report_domain(self):
        """Company and the chosen merchandiser, customer and supplier, on the
        analysis rows (``gendan.order.report``, ``gendan.milestone.report``)."""
        domain = [("company_id", "in", self._company_ids())]
        for name in ("merchandiser_id", "partner_id", "supplier_id"):
            if self[name]:
                domain.append((name, "=", self[name].id))
        return domain

    def _high_risk_domain(self):
        domain = [
            ("company_id", "in", self._company_ids()),
            ("state", "!=", "closed"),
            ("level", "in", ("high", "critical")),
        ]
        if self.merchandiser_id:
            domain.append(("order_id.merchandiser_id", "=", self.merchandiser_id.id))
        if self.partner_id:
            domain.append(("order_id.partner_id", "=", self.partner_id.id))
        if self.supplier_id:
            domain.append(
                ("order_id.gendan_purchase_ids.partner_id", "=", self.supplier_id.id)
            )
        return domain

    # ------------------------------------------------------- the client action
    KPI_ACTIONS = (
        "action_open_otif",
        "action_open_cycle",
        "action_open_late_orders",
        "action_open_high_risks",
        "action_open_complaints",
        "action_open_costs",
        "action_open_delays",
    )

    @api.model
    def _from_params(self, params):
        """A dashboard record for the client action's period and filters."""
        params = params or {}
        values = {}
        for name in ("date_from", "date_to"):
            if params.get(name):
                values[name] = fields.Date.to_date(params[name])
        for name in ("merchandiser_id", "partner_id", "supplier_id"):
            if params.get(name):
                values[name] = int(params[name])
        return self.create(values)

    @api.model
    def get_dashboard_data(self, params=None):
        """The KPIs of the period and filters, and the choices of the filters
        (the merchandisers, customers and suppliers of the analysis)."""
        dashboard = self._from_params(params)
        kpis = {
            name: dashboard[name]
            for name in (
                "due_order_count",
                "otif_order_count",
                "otif_pct",
                "shipped_order_count",
                "avg_cycle_days",
                "late_order_count",
                "high_risk_count",
                "complaint_count",
                "complaints_per_100",
                "cost_variance_pct",
            )
        }
        Report = self.env["gendan.order.report"]
        company = [("company_id", "in", dashboard._company_ids())]

        def choices(field_name):
            groups = Report._read_group(
                company + [(field_name, "!=", False)], [field_name]
            )
            records = self.env[
                "res.partner" if field_name != "merchandiser_id" else "res.users"
            ]
            for (record,) in groups:
                records |= record
            return [
                {"id": record.id, "name": record.display_name}
                for record in records.sorted("name")
            ]

        return {
            "date_from": fields.Date.to_string(dashboard.date_from),
            "date_to": fields.Date.to_string(dashboard.date_to),
            "merchandiser_id": dashboard.merchandiser_id.id,
            "partner_id": dashboard.partner_id.id,
            "supplier_id": dashboard.supplier_id.id,
            "kpis": kpis,
            "merchandisers": choices("merchandiser_id"),
            "customers": choices("partner_id"),
            "suppliers": choices("supplier_id"),
        }

    @api.model
    def open_kpi(self, params, method):
        """The list or analysis behind a KPI card."""
        if method not in self.KPI_ACTIONS:
            raise UserError(_("Unknown dashboard figure: %(name)s", name=method))
        return getattr(self._from_params(params), method)()

    def _open_report(self, xmlid, domain, name=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = {
            key: value
            for key, value in dict(
                self.env.context, **_eval_context(action.get("context"))
            ).items()
            if not key.startswith("search_default_")
        }
        if name:
            action["name"] = name
        return action

    def action_open_otif(self):
        self.ensure_one()
        return self._open_report(
            "gendan_tracking.gendan_order_report_action",
            self._report_domain() + self._period_domain("due_date"),
        )

    def action_open_cycle(self):
        self.ensure_one()
        return self._open_report(
            "gendan_tracking.gendan_order_report_action_cycle",
            self._report_domain() + self._period_domain("last_delivery_date"),
        )

    def action_open_delays(self):
        self.ensure_one()
        return self._open_report(
            "gendan_tracking.gendan_milestone_report_action",
            self._report_domain()
            + [("is_late", "=", True)]
            + self._period_domain("planned_date"),
        )

    def action_open_late_orders(self):
        self.ensure_one()
        return self._open_report(
            "gendan_tracking.gendan_order_report_action",
            self._report_domain() + [("is_late", "=", True)],
            name=_("Late Orders"),
        )

    def action_open_high_risks(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Open High Risks"),
            "res_model": "gendan.risk",
            "view_mode": "list,form",
            "domain": self._high_risk_domain(),
        }

    def action_open_complaints(self):
        self.ensure_one()
        return self._open_report(
            "gendan_tracking.gendan_order_report_action",
            self._report_domain()
            + [("complaint_count", ">", 0)]
            + self._period_domain("last_delivery_date"),
            name=_("Shipped Orders with Complaints"),
        )

    def action_open_costs(self):
        self.ensure_one()
        action = self._open_report(
            "gendan_tracking.gendan_order_report_action",
            self._report_domain()
            + [("cost_budget", ">", 0)]
            + self._period_domain("last_delivery_date"),
            name=_("Cost Variance"),
        )
        action["context"].update(
            pivot_measures=["cost_budget", "cost_actual", "cost_variance_pct"],
            graph_measure="cost_variance_pct",
        )
        return action


def _eval_context(context):
    if isinstance(context, str):
        return safe_eval(context)
    return context or {}
