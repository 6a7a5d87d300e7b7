"""Indicator engine: one SQL query per indicator for all merchandisers of a period.

Each computed indicator ``code`` has exactly one method, declared with
``@indicator("<code>")``, that takes the period and returns
``{user_id: IndicatorValue}``. A merchandiser without any record in the
denominator is absent from the result: the line does not apply. A code without
a method is an error, never an empty result.
"""

import datetime
import logging
from collections import namedtuple

from odoo import _, api, models
from odoo.exceptions import UserError

from odoo.addons.gendan_tracking.tools import dates

IndicatorValue = namedtuple("IndicatorValue", "value count model res_ids")
Period = namedtuple(
    "Period",
    "company user_ids date_from date_to start end due_end tz excluded",
    defaults=((),),
)

EPSILON = 1e-6


def not_excluded(user_column, id_column):
    """SQL condition: the evidence record ``id_column`` of the merchandiser
    ``user_column`` is not excluded by the reviewer (the pairs of the period's
    ``excluded``, passed as ``ex_users`` and ``ex_ids``)."""
    return (
        "NOT EXISTS (SELECT 1 FROM unnest(%(ex_users)s::int[], %(ex_ids)s::int[]) "
        f"AS ex(user_id, res_id) WHERE ex.user_id = {user_column} "
        f"AND ex.res_id = {id_column})"
    )


ORDER_NOT_EXCLUDED = not_excluded("so.merchandiser_id", "so.id")
_logger = logging.getLogger(__name__)


def indicator(code):
    """Declare the decorated engine method as the one definition of the
    computed indicator ``code``. A module that extends the engine overrides
    the method (same name, ``super()`` works) or declares a new code."""

    def decorate(method):
        method._gendan_indicator_code = code
        return method

    return decorate


def indicator_registry(cls):
    """``{code: method name}`` of the methods of ``cls`` (and its bases)
    declared with :func:`indicator`. Two methods declaring the same code are a
    programming error."""
    registry = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            code = getattr(value, "_gendan_indicator_code", None)
            if code is None:
                continue
            if registry.get(code, name) != name:
                raise TypeError(
                    f"Indicator {code!r} is defined twice: by "
                    f"{registry[code]} and by {name}."
                )
            registry[code] = name
    return registry


# Confirmed, not cancelled orders of the merchandisers, in the company.
ORDERS_OF_M = (
    "so.state = 'sale' AND so.company_id = %(company)s "
    "AND so.merchandiser_id = ANY(%(users)s)"
)
# Orders fully delivered, the last delivery done in the period: an order with a
# done customer move in the period and none after it (the same as "the latest
# one is in the period", but starting from the period's moves through the date
# index instead of computing the latest move of every order of the merchandisers).
DELIVERED_CTE = f"""
delivered AS (
    SELECT so.id, so.merchandiser_id
      FROM sale_order so
     WHERE {ORDERS_OF_M} AND {ORDER_NOT_EXCLUDED}
       AND so.id IN (
            SELECT sol.order_id
              FROM stock_move sm
              JOIN sale_order_line sol ON sol.id = sm.sale_line_id
              JOIN stock_location dl ON dl.id = sm.location_dest_id
             WHERE sm.state = 'done' AND dl.usage = 'customer'
               AND sm.date >= %(start)s AND sm.date < %(end)s)
       AND NOT EXISTS (
            SELECT 1
              FROM stock_move sm
              JOIN sale_order_line sol ON sol.id = sm.sale_line_id
              JOIN stock_location dl ON dl.id = sm.location_dest_id
             WHERE sol.order_id = so.id AND sm.state = 'done'
               AND dl.usage = 'customer' AND sm.date >= %(end)s)
       AND NOT EXISTS (
            SELECT 1 FROM sale_order_line sol
             WHERE sol.order_id = so.id AND sol.display_type IS NULL
               AND sol.qty_delivered < sol.product_uom_qty - {EPSILON})
)"""


class GendanAppraisalEngine(models.AbstractModel):
    _name = "gendan.appraisal.engine"
    _description = "Appraisal Indicator Engine"

    @api.model
    def _make_period(self, company, users, date_from, date_to):
        """Period of the calendar days ``date_from``..``date_to`` in the
        company's timezone, with its UTC bounds (``end`` exclusive) and
        ``due_end``: the end, but never after today (for due dates)."""
        tz = dates.company_tz(company)

        def to_utc(day):
            return dates.utc_start(company, day)

        start = to_utc(date_from)
        end = to_utc(date_to + datetime.timedelta(days=1))
        today = dates.company_today(company)
        due_end = min(end, to_utc(today + datetime.timedelta(days=1)))
        return Period(
            company, list(users.ids), date_from, date_to, start, end, due_end, tz.zone
        )

    @api.model
    def _compute_values(
        self, indicators, users, date_from, date_to, company=None, excluded=None
    ):
        """``{indicator_id: {user_id: IndicatorValue}}`` for the computed
        ``indicators`` and the merchandisers ``users`` over the period.

        ``excluded``: ``{indicator_id: [(user_id, res_id), ...]}``, evidence
        records a reviewer excluded from a merchandiser's indicator; the value
        is computed as if they were not there."""
        company = company or self.env.company
        period = self._make_period(company, users, date_from, date_to)
        excluded = excluded or {}
        result = {}
        for record in indicators.filtered(lambda i: i.kind == "computed"):
            method = self._indicator_method(record.code)
            pairs = tuple(excluded.get(record.id, ()))
            result[record.id] = method(period._replace(excluded=pairs)) if users else {}
        return result

    # ----------------------------------------------------------------- registry
    @api.model
    def _indicator_registry(self):
        """``{code: method name}`` of the computed indicators of this engine,
        built once per registry."""
        cls = type(self)
        registry = cls.__dict__.get("_gendan_indicator_registry")
        if registry is None:
            registry = indicator_registry(cls)
            cls._gendan_indicator_registry = registry
        return registry

    @api.model
    def _indicator_method(self, code):
        """The method computing the indicator ``code``; an unknown code is an
        error, never an empty result."""
        name = self._indicator_registry().get(code)
        method = getattr(self, name, None) if name else None
        if not callable(method):
            raise UserError(
                _(
                    "No computation is defined for the indicator code %(code)s.",
                    code=code,
                )
            )
        return method

    def _register_hook(self):
        super()._register_hook()
        self._check_indicator_registry()

    @api.model
    def _check_indicator_registry(self):
        """At registry load: every registered code has a method (a programming
        error otherwise, raised), and every computed indicator in the database
        has a registered code (a data error: logged, so that an administrator
        can still fix the record)."""
        registry = self._indicator_registry()
        broken = sorted(
            code
            for code, name in registry.items()
            if not callable(getattr(type(self), name, None))
        )
        if broken:
            raise TypeError(
                f"gendan.appraisal.engine: indicator codes without a method: "
                f"{', '.join(broken)}"
            )
        unknown = (
            self.env["gendan.appraisal.indicator"]
            .sudo()
            .with_context(active_test=False)
            .search([("kind", "=", "computed"), ("code", "not in", list(registry))])
        )
        for record in unknown:
            _logger.error(
                "Computed appraisal indicator %s (id %s) has the code %r, which "
                "no engine method computes: its scorecards cannot be computed.",
                record.name,
                record.id,
                record.code,
            )
        return unknown

    # ------------------------------------------------------------------ helpers
    @api.model
    def _params(self, period, **extra):
        params = {
            "company": period.company.id,
            "users": period.user_ids,
            "start": period.start,
            "end": period.end,
            "due_end": period.due_end,
            "date_from": period.date_from,
            "date_to": period.date_to,
            "date_after": period.date_to + datetime.timedelta(days=1),
            "tz": period.tz,
            "ex_users": [user_id for user_id, _res_id in period.excluded],
            "ex_ids": [res_id for _user_id, res_id in period.excluded],
        }
        params.update(extra)
        return params

    @api.model
    def _bounds(self, model, field_name, alias):
        """SQL condition "``alias.field`` in the period", for a Date or a
        Datetime column."""
        column = f"{alias}.{field_name}"
        if self.env[model]._fields[field_name].type == "date":
            return f"{column} >= %(date_from)s AND {column} < %(date_after)s"
        return f"{column} >= %(start)s AND {column} < %(end)s"

    @api.model
    def _fetch(self, query, params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        return self.env.cr.fetchall()

    @api.model
    def _ratio_rows(self, rows, model, factor=100.0):
        """Rows of (user_id, denominator, numerator, ids) → values."""
        return {
            user_id: IndicatorValue(
                factor * numerator / denominator, denominator, model, sorted(ids)
            )
            for user_id, denominator, numerator, ids in rows
            if denominator
        }

    @api.model
    def _mean_rows(self, rows, model, factor=1.0):
        """Rows of (user_id, count, mean, ids) → values."""
        return {
            user_id: IndicatorValue(float(mean) * factor, count, model, sorted(ids))
            for user_id, count, mean, ids in rows
            if count and mean is not None
        }

    # --------------------------------------------------------------- indicators
    @api.model
    @indicator("on_time_rate")
    def _indicator_on_time_rate(self, period):
        """OTIF: orders due in the period (and not after today) delivered in
        full, the last delivery on or before the due day ÷ orders due × 100.

        One definition with the follow-up analysis: the rows are those of
        ``gendan.order.report`` (its ``due_date``, the commitment date or the
        expected date, and its ``is_otif``), so the dashboard's OTIF of a month
        and the scorecards' on-time rate of the same orders are one figure."""
        query = f"""
            SELECT r.merchandiser_id, count(*), count(*) FILTER (WHERE r.is_otif),
                   array_agg(r.order_id)
              FROM gendan_order_report r
             WHERE r.company_id = %(company)s
               AND r.merchandiser_id = ANY(%(users)s)
               AND r.due_date >= %(date_from)s
               AND r.due_date <= %(due_date_to)s
               AND {not_excluded("r.merchandiser_id", "r.order_id")}
             GROUP BY r.merchandiser_id
        """
        due_date_to = min(period.date_to, dates.company_today(period.company))
        rows = self._fetch(query, self._params(period, due_date_to=due_date_to))
        return self._ratio_rows(rows, "sale.order")

    @api.model
    @indicator("error_rate")
    def _indicator_error_rate(self, period):
        """Order errors of m dated in the period ÷ orders of m confirmed in the
        period × 100."""
        query = f"""
            WITH confirmed AS (
                SELECT so.merchandiser_id, count(*) AS n, array_agg(so.id) AS ids
                  FROM sale_order so
                 WHERE {ORDERS_OF_M} AND {ORDER_NOT_EXCLUDED}
                   AND so.date_order >= %(start)s AND so.date_order < %(end)s
                 GROUP BY so.merchandiser_id
            ), errors AS (
                SELECT e.merchandiser_id, count(*) AS n
                  FROM gendan_order_error e
                  JOIN sale_order so ON so.id = e.order_id
                 WHERE so.company_id = %(company)s
                   AND e.merchandiser_id = ANY(%(users)s)
                   AND {not_excluded("e.merchandiser_id", "e.order_id")}
                   AND {self._bounds("gendan.order.error", "date", "e")}
                 GROUP BY e.merchandiser_id
            )
            SELECT confirmed.merchandiser_id, confirmed.n,
                   COALESCE(errors.n, 0), confirmed.ids
              FROM confirmed
              LEFT JOIN errors ON errors.merchandiser_id = confirmed.merchandiser_id
        """
        rows = self._fetch(query, self._params(period))
        return self._ratio_rows(rows, "sale.order")

    @api.model
    @indicator("confirmation_hours")
    def _indicator_confirmation_hours(self, period):
        """Mean confirmation hours of orders customer-confirmed in the period."""
        query = f"""
            SELECT so.merchandiser_id, count(*), avg(so.confirmation_hours),
                   array_agg(so.id)
              FROM sale_order so
             WHERE {ORDERS_OF_M}
               AND so.confirmation_hours IS NOT NULL AND {ORDER_NOT_EXCLUDED}
               AND {self._bounds("sale.order", "customer_confirmed_date", "so")}
             GROUP BY so.merchandiser_id
        """
        return self._mean_rows(self._fetch(query, self._params(period)), "sale.order")

    @api.model
    @indicator("quote_hours")
    def _indicator_quote_hours(self, period):
        """Mean hours from creation to the first sending of the quotation, over
        orders first sent in the period."""
        query = f"""
            SELECT so.merchandiser_id, count(*),
                   avg(EXTRACT(EPOCH FROM (so.gendan_first_sent_date
                                           - so.create_date)) / 3600.0),
                   array_agg(so.id)
              FROM sale_order so
             WHERE {ORDERS_OF_M}
               AND so.gendan_first_sent_date >= %(start)s
               AND so.gendan_first_sent_date < %(end)s
               AND {ORDER_NOT_EXCLUDED}
             GROUP BY so.merchandiser_id
        """
        return self._mean_rows(self._fetch(query, self._params(period)), "sale.order")

    @api.model
    @indicator("complaint_response_hours")
    def _indicator_complaint_response_hours(self, period):
        """Mean response hours of the complaints received in the period."""
        # a complaint not answered yet has no response time
        answered = "c.date_first_response IS NOT NULL"
        query = f"""
            SELECT so.merchandiser_id, count(*), avg(c.response_hours),
                   array_agg(c.id)
              FROM gendan_complaint c
              JOIN sale_order so ON so.id = c.order_id
             WHERE {ORDERS_OF_M}
               AND {answered}
               AND {not_excluded("so.merchandiser_id", "c.id")}
               AND {self._bounds("gendan.complaint", "date_received", "c")}
             GROUP BY so.merchandiser_id
        """
        return self._mean_rows(
            self._fetch(query, self._params(period)), "gendan.complaint"
        )

    @api.model
    @indicator("milestone_on_time_rate")
    def _indicator_milestone_on_time_rate(self, period):
        """Milestones planned in the period, not skipped and not delayed by the
        customer, done on or before their planned date ÷ all of them × 100."""
        query = f"""
            SELECT so.merchandiser_id, count(*),
                   count(*) FILTER (WHERE m.state = 'done'
                                      AND m.actual_date <= m.planned_date),
                   array_agg(m.id)
              FROM gendan_milestone m
              JOIN sale_order so ON so.id = m.order_id
             WHERE {ORDERS_OF_M}
               AND m.planned_date >= %(date_from)s AND m.planned_date <= %(date_to)s
               AND m.state != 'skipped'
               AND m.delay_reason IS DISTINCT FROM 'customer'
               AND {not_excluded("so.merchandiser_id", "m.id")}
             GROUP BY so.merchandiser_id
        """
        rows = self._fetch(query, self._params(period))
        return self._ratio_rows(rows, "gendan.milestone")

    @api.model
    @indicator("supplier_on_time_rate")
    def _indicator_supplier_on_time_rate(self, period):
        """Receipts of POs linked to orders of m, scheduled in the period, done
        by the supplier's promised date ÷ all of them × 100."""
        link = self.env["purchase.order"]._fields["gendan_sale_order_ids"]
        # the promise is a day: a receipt done by the end of it, in the
        # company's timezone, is on time
        promised = (
            "COALESCE(((po.supplier_promised_date + 1)::timestamp "
            "AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC', po.date_planned)"
        )
        query = f"""
            WITH links AS (
                SELECT DISTINCT so.merchandiser_id, rel.{link.column1} AS po_id
                  FROM {link.relation} rel
                  JOIN sale_order so ON so.id = rel.{link.column2}
                 WHERE {ORDERS_OF_M}
            ), receipts AS (
                SELECT DISTINCT ON (links.merchandiser_id, sp.id)
                       links.merchandiser_id, sp.id, sp.state, sp.date_done,
                       {promised} AS deadline
                  FROM links
                  JOIN purchase_order po ON po.id = links.po_id
                  JOIN purchase_order_line pol ON pol.order_id = po.id
                  JOIN stock_move sm ON sm.purchase_line_id = pol.id
                  JOIN stock_picking sp ON sp.id = sm.picking_id
                  JOIN stock_picking_type spt ON spt.id = sp.picking_type_id
                 WHERE spt.code = 'incoming' AND sp.state != 'cancel'
                   AND sp.scheduled_date >= %(start)s AND sp.scheduled_date < %(end)s
                   AND {not_excluded("links.merchandiser_id", "sp.id")}
                 ORDER BY links.merchandiser_id, sp.id, 5
            )
            SELECT merchandiser_id, count(*),
                   count(*) FILTER (WHERE state = 'done' AND date_done <= deadline),
                   array_agg(id)
              FROM receipts
             GROUP BY merchandiser_id
        """
        rows = self._fetch(query, self._params(period))
        return self._ratio_rows(rows, "stock.picking")

    @api.model
    @indicator("supplier_on_time_first")
    def _indicator_supplier_on_time_first(self, period):
        """Purchase orders serving orders followed by m, fully received in the
        period and promised by the supplier, whose goods came by the supplier's
        **first** promised day ÷ all of them × 100.

        One definition with the promise reliability analysis: the rows are
        those of ``gendan.supplier.promise.report`` (its ``received_date``,
        ``first_promised_date`` and ``on_time_first_pct``)."""
        query = f"""
            SELECT r.merchandiser_id, count(*),
                   count(*) FILTER (WHERE r.on_time_first_pct = 100),
                   array_agg(r.purchase_id)
              FROM gendan_supplier_promise_report r
             WHERE r.company_id = %(company)s
               AND r.merchandiser_id = ANY(%(users)s)
               AND r.on_time_first_pct IS NOT NULL
               AND r.received_date >= %(date_from)s
               AND r.received_date <= %(date_to)s
               AND {not_excluded("r.merchandiser_id", "r.purchase_id")}
             GROUP BY r.merchandiser_id
        """
        rows = self._fetch(query, self._params(period))
        return self._ratio_rows(rows, "purchase.order")

    @api.model
    @indicator("cost_variance_pct")
    def _indicator_cost_variance_pct(self, period):
        """(Σ actual − Σ budget) ÷ Σ budget × 100 over orders fully delivered in
        the period."""
        query = f"""
            WITH {DELIVERED_CTE}, costs AS (
                SELECT d.id, d.merchandiser_id,
                       COALESCE(sum(cl.actual_amount), 0) AS actual,
                       COALESCE(sum(cl.budget_amount), 0) AS budget
                  FROM delivered d
                  LEFT JOIN gendan_cost_line cl ON cl.order_id = d.id
                 GROUP BY d.id, d.merchandiser_id
            )
            SELECT merchandiser_id, count(*), sum(actual), sum(budget), array_agg(id)
              FROM costs
             GROUP BY merchandiser_id
        """
        values = {}
        for user_id, count, actual, budget, ids in self._fetch(
            query, self._params(period)
        ):
            if count and budget:
                values[user_id] = IndicatorValue(
                    (actual - budget) / budget * 100.0, count, "sale.order", sorted(ids)
                )
        return values

    @api.model
    @indicator("document_completeness")
    def _indicator_document_completeness(self, period):
        """Required documents ready or sent ÷ required documents, over orders
        shipped in the period."""
        query = f"""
            WITH shipped AS (
                SELECT so.id, so.merchandiser_id
                  FROM sale_order so
                 WHERE {ORDERS_OF_M}
                   AND EXISTS (
                        SELECT 1 FROM stock_move sm
                          JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                          JOIN stock_location dl ON dl.id = sm.location_dest_id
                         WHERE sol.order_id = so.id AND sm.state = 'done'
                           AND dl.usage = 'customer'
                           AND sm.date >= %(start)s AND sm.date < %(end)s)
            )
            SELECT s.merchandiser_id, count(d.id),
                   count(d.id) FILTER (WHERE d.state IN ('ready', 'sent')),
                   array_agg(d.id)
              FROM shipped s
              JOIN gendan_document d ON d.order_id = s.id AND d.required
             WHERE {not_excluded("s.merchandiser_id", "d.id")}
             GROUP BY s.merchandiser_id
        """
        rows = self._fetch(query, self._params(period))
        return self._ratio_rows(rows, "gendan.document")

    @api.model
    @indicator("inspection_pass_rate")
    def _indicator_inspection_pass_rate(self, period):
        """First inspections (per order and inspection stage) finished in the
        period that passed ÷ all of them × 100."""
        # gendan_tracking marks re-inspections after rework explicitly
        first = "i.reinspection_of_id IS NULL"
        query = f"""
            SELECT so.merchandiser_id, count(*),
                   count(*) FILTER (WHERE i.state = 'success'), array_agg(i.id)
              FROM qc_inspection i
              JOIN sale_order so ON so.id = i.sale_order_id
             WHERE {ORDERS_OF_M} AND i.state IN ('success', 'failed')
               AND i.date_done >= %(start)s AND i.date_done < %(end)s
               AND {first}
               AND {not_excluded("so.merchandiser_id", "i.id")}
             GROUP BY so.merchandiser_id
        """
        rows = self._fetch(query, self._params(period))
        return self._ratio_rows(rows, "qc.inspection")

    @api.model
    @indicator("csat")
    def _indicator_csat(self, period):
        """Mean survey score × 20 over answered surveys dated in the period."""
        query = f"""
            SELECT so.merchandiser_id, count(*), avg(s.score), array_agg(s.id)
              FROM gendan_satisfaction s
              JOIN sale_order so ON so.id = s.order_id
             WHERE {ORDERS_OF_M} AND s.state = 'done'
               AND s.date >= %(date_from)s AND s.date <= %(date_to)s
               AND {not_excluded("so.merchandiser_id", "s.id")}
             GROUP BY so.merchandiser_id
        """
        return self._mean_rows(
            self._fetch(query, self._params(period)),
            "gendan.satisfaction",
            factor=20.0,
        )

    @api.model
    @indicator("complaint_rate")
    def _indicator_complaint_rate(self, period):
        """Complaints received in the period ÷ orders delivered in the period
        × 100."""
        query = f"""
            WITH {DELIVERED_CTE}, delivered_count AS (
                SELECT merchandiser_id, count(*) AS n, array_agg(id) AS ids
                  FROM delivered GROUP BY merchandiser_id
            ), complaints AS (
                SELECT so.merchandiser_id, count(*) AS n
                  FROM gendan_complaint c
                  JOIN sale_order so ON so.id = c.order_id
                 WHERE {ORDERS_OF_M} AND {ORDER_NOT_EXCLUDED}
                   AND {self._bounds("gendan.complaint", "date_received", "c")}
                 GROUP BY so.merchandiser_id
            )
            SELECT dc.merchandiser_id, dc.n, COALESCE(c.n, 0), dc.ids
              FROM delivered_count dc
              LEFT JOIN complaints c ON c.merchandiser_id = dc.merchandiser_id
        """
        rows = self._fetch(query, self._params(period))
        return self._ratio_rows(rows, "sale.order")

    @api.model
    @indicator("sample_first_pass_rate")
    def _indicator_sample_first_pass_rate(self, period):
        """Samples decided in the period that were approved (with or without
        comments) at round 1 ÷ all samples decided in the period × 100."""
        query = f"""
            SELECT so.merchandiser_id, count(*),
                   count(*) FILTER (
                       WHERE s.round = 1
                         AND s.state IN ('approved', 'approved_with_comments')),
                   array_agg(s.id)
              FROM gendan_sample s
              JOIN sale_order so ON so.id = s.order_id
             WHERE {ORDERS_OF_M}
               AND s.state IN ('approved', 'approved_with_comments', 'rejected')
               AND {self._bounds("gendan.sample", "date_decided", "s")}
               AND {not_excluded("so.merchandiser_id", "s.id")}
             GROUP BY so.merchandiser_id
        """
        rows = self._fetch(query, self._params(period))
        return self._ratio_rows(rows, "gendan.sample")

    @api.model
    @indicator("sample_turnaround_days")
    def _indicator_sample_turnaround_days(self, period):
        """Mean days from a sample sent to the customer's decision, over the
        samples decided in the period."""
        query = f"""
            SELECT so.merchandiser_id, count(*),
                   avg(s.date_decided - s.date_sent), array_agg(s.id)
              FROM gendan_sample s
              JOIN sale_order so ON so.id = s.order_id
             WHERE {ORDERS_OF_M}
               AND s.state IN ('approved', 'approved_with_comments', 'rejected')
               AND s.date_sent IS NOT NULL
               AND {self._bounds("gendan.sample", "date_decided", "s")}
               AND {not_excluded("so.merchandiser_id", "s.id")}
             GROUP BY so.merchandiser_id
        """
        return self._mean_rows(
            self._fetch(query, self._params(period)), "gendan.sample"
        )
