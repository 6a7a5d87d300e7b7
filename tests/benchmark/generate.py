#!/usr/bin/env python3
"""Fill a database with N Gendan orders for the benchmark (issue 10).

Two phases:

1. **Seed through the ORM.** 50 merchandisers, 200 customers, 20 vendors and
   ``--seeds`` complete orders that go through the real flows: confirmation
   (T&A plan of milestones), purchase order bought to order, receipt,
   inspections, deliveries (``stock.picking`` done), order errors, production
   issues, expedite logs, satisfaction surveys, and the records of the later
   issues (complaints, costs, documents, risks) when their models are installed.
   Every stored field of these rows is therefore computed by the ORM.
2. **Clone through SQL.** The rows created by the seed (found by comparing the
   ids with a snapshot taken before it) are copied ``N / seeds`` times with one
   ``INSERT ... SELECT ... generate_series`` statement per table. Every
   foreign key between cloned rows (many2one, many2many tables, many2one
   references ``res_model``/``res_id`` and reference fields ``"model,id"``) is
   mapped to the copy; the seed merchandiser, customer and vendor are replaced
   by the copy's own (50 merchandisers, 200 customers, 20 vendors), in every
   table at once, so related stored fields (``merchandiser_id`` of the
   milestones, ``partner_id`` ...) stay consistent; every date and datetime of
   a copy moves back by the same number of days, spreading the orders over 13
   months. Document names get a suffix so unique constraints hold.

Mail tables (chatter, followers, activities), quants and attachments are not
cloned: the daily scan creates the activities itself.

Usage::

    python3 tests/benchmark/generate.py --db bench_5k --orders 5000 \
        --template bench_base
"""

import argparse
import logging
import math
import os
import subprocess
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, timedelta

import odoo.addons

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# this repository's modules, importable before Odoo's configuration is read
if REPO not in odoo.addons.__path__:
    odoo.addons.__path__.append(REPO)

from odoo.addons.gendan_tracking.tools import dates  # noqa: E402

ODOO_ADDONS = "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/odoo/addons"

_logger = logging.getLogger("gendan.benchmark")

MERCHANDISERS = 50
CUSTOMERS = 200
VENDORS = 20
SPREAD_DAYS = 400

# Tables never cloned (prefixes or names): chatter, technical, master data.
SKIP_PREFIXES = ("mail_", "bus_", "ir_", "res_", "base_", "auth_", "web_", "sms_")
SKIP_TABLES = {
    "stock_quant",
    "product_product",
    "product_template",
    "product_supplierinfo",
    "stock_lot",
    "stock_warehouse_orderpoint",
    "rating_rating",
}
# Tables whose "name" is a document reference that must stay unique.
NAMED_DOCUMENTS = {
    "sale_order",
    "purchase_order",
    "stock_picking",
    "qc_inspection",
    "procurement_group",
    "account_move",
    "gendan_complaint",
}


def log(message, *args):
    print(time.strftime("%H:%M:%S"), message % args, flush=True)


def odoo_env(db):
    import odoo
    from odoo.tools import config

    config.parse_config(
        ["-d", db, f"--addons-path={REPO},{ODOO_ADDONS}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(db)
    return odoo, registry


# ---------------------------------------------------------------------------
# Phase 1: master data and seed orders through the ORM
# ---------------------------------------------------------------------------
def make_master_data(env):
    from odoo import Command

    group = env.ref("gendan_tracking.group_merchandiser")
    Users = env["res.users"].with_context(
        no_reset_password=True, mail_create_nolog=True, tracking_disable=True
    )
    users = Users.search([("login", "=like", "bench_merch_%")], order="login")
    if not users:
        users = Users.create(
            [
                {
                    "name": f"Merchandiser {index:02d}",
                    "login": f"bench_merch_{index:02d}",
                    "email": f"merch{index:02d}@bench.example.com",
                    "groups_id": [Command.set([group.id])],
                    "company_id": env.company.id,
                    "company_ids": [Command.set([env.company.id])],
                }
                for index in range(MERCHANDISERS)
            ]
        )
    Partner = env["res.partner"].with_context(tracking_disable=True)
    customers = Partner.create(
        [
            {"name": f"Customer {index:03d}", "is_company": True}
            for index in range(CUSTOMERS)
        ]
    )
    vendors = Partner.create(
        [
            {"name": f"Vendor {index:02d}", "is_company": True}
            for index in range(VENDORS)
        ]
    )
    env.ref("stock.route_warehouse0_mto").active = True
    routes = env.ref("stock.route_warehouse0_mto") | env.ref(
        "purchase_stock.route_warehouse0_buy"
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench Article {index}",
                "is_storable": True,
                "list_price": 10.0 + index,
                "standard_price": 4.0 + index,
                "weight": 0.5,
                "volume": 0.002,
                "route_ids": [Command.set(routes.ids)],
                "seller_ids": [
                    Command.create(
                        {"partner_id": vendors[0].id, "price": 4.0 + index, "delay": 5}
                    )
                ],
            }
            for index in range(3)
        ]
    )
    env.company.partner_id.tz = env.company.partner_id.tz or "Asia/Shanghai"
    return users, customers, vendors, products


def _deliver(picking, ratio=1.0):
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty * ratio
        move.picked = True
    picking.with_context(
        skip_backorder=True, cancel_backorder=ratio >= 1.0, skip_sms=True
    )._action_done()


def make_seed_order(env, index, merchandiser, customer, vendor, products):
    """One order through the real flows; ``index`` picks the scenario."""
    from odoo import Command

    now = datetime.now().replace(microsecond=0)
    scenario = index % 10
    commitment = now + timedelta(days=45 + index % 20)
    order = (
        env["sale.order"]
        .with_context(tracking_disable=True)
        .create(
            {
                "partner_id": customer.id,
                "merchandiser_id": merchandiser.id,
                "commitment_date": commitment,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 100 + 10 * index + 50 * position,
                        }
                    )
                    for position, product in enumerate(products[: 1 + index % 3])
                ],
            }
        )
    )
    order.action_confirm()
    purchases = env["purchase.order"].search([("origin", "ilike", order.name)])
    if scenario == 0:
        return order  # confirmed, RFQ still in draft
    purchases.write({"partner_ref": f"V-{index}"})
    purchases.button_confirm()
    if "supplier_promised_date" in purchases._fields:
        for purchase in purchases:
            purchase.supplier_promised_date = purchase.date_order.date() + timedelta(
                days=3 + index % 7
            )
    if "gendan.expedite.log" in env and scenario in (1, 4):
        env["gendan.expedite.log"].create(
            {"purchase_id": purchases[0].id, "contact": "Mr. Wang", "note": "Chased"}
        )
    if scenario in (1, 2):
        return order  # purchase confirmed, nothing received
    for receipt in purchases.picking_ids:
        _deliver(receipt)
    inspection = env["qc.inspection"].create(
        {
            "sale_order_id": order.id,
            "inspection_stage": "final",
            "product_id": products[0].id,
            "qty": 10,
        }
    )
    inspection.write({"state": "failed" if scenario == 3 else "success"})
    if scenario == 3:
        rework = env["qc.inspection"].create(
            {
                "sale_order_id": order.id,
                "inspection_stage": "final",
                "product_id": products[0].id,
                "qty": 10,
                "reinspection_of_id": inspection.id,
            }
        )
        rework.write({"state": "success"})
    if index % 3 == 0:
        env["gendan.order.error"].create(
            {
                "order_id": order.id,
                "error_type": "quantity" if index % 2 else "document",
                "description": "Found at review",
            }
        )
    if index % 4 == 1 and "gendan.production.issue" in env:
        env["gendan.production.issue"].create(
            {
                "name": "Glaze defect",
                "order_id": order.id,
                "purchase_id": purchases[0].id,
                "issue_type": env["gendan.production.issue"]
                ._fields["issue_type"]
                .get_values(env)[0],
            }
        )
    if scenario == 4:
        return order  # received and inspected, not shipped
    delivery = order.picking_ids.filtered(
        lambda p: (
            p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )
    )
    _deliver(delivery, ratio=0.5 if scenario == 5 else 1.0)
    if scenario == 5:
        return order  # partly shipped
    if "gendan.satisfaction" in env:
        survey = env["gendan.satisfaction"].search([("order_id", "=", order.id)])
        if not survey:
            survey = env["gendan.satisfaction"].create(
                {"order_id": order.id, "partner_id": customer.id}
            )
        if index % 3:  # a third of the surveys stay unanswered
            # the answers as the portal form posts them: text
            survey._submit_answer(
                {
                    "product_quality": str(3 + index % 3),
                    "service_quality": "4",
                    "communication": str(3 + index % 2),
                },
                source="phone",
            )
    make_issue5_records(env, order, index)
    return order


def make_issue5_records(env, order, index):
    """Complaints, costs and documents (issue 5), when installed. Each create is
    tried and skipped (with a warning) when the model's fields differ."""
    if hasattr(order, "action_gendan_apply_cost_template"):
        order.action_gendan_apply_cost_template()
    received = datetime.now().replace(microsecond=0) - timedelta(days=2)
    specs = [
        (
            "gendan.complaint",
            {
                "order_id": order.id,
                "partner_id": order.partner_id.id,
                "subject": "Broken pieces",
                "date_received": received,
                "date_first_response": received + timedelta(hours=3 + index % 30),
            },
            index % 4 == 0,
        ),
        (
            "gendan.cost.line",
            {
                "order_id": order.id,
                "name": "Freight",
                "cost_type": "freight",
                "budget_amount": 100.0,
                "actual_amount": 90.0 + index,
            },
            True,
        ),
        (
            "gendan.document",
            {"order_id": order.id, "name": "Inspection certificate", "required": True},
            index % 2 == 0,
        ),
    ]
    for model, values, wanted in specs:
        if not wanted or model not in env:
            continue
        Model = env[model]
        values = {key: value for key, value in values.items() if key in Model._fields}
        if "cost_type" in values:
            allowed = [key for key, _label in Model._fields["cost_type"].selection]
            values["cost_type"] = (
                values["cost_type"] if values["cost_type"] in allowed else allowed[0]
            )
        try:
            with env.cr.savepoint():
                Model.create(values)
        except Exception as error:  # noqa: BLE001 - best effort on later models
            log("seed: %s not created: %s", model, error)


def run_daily_crons(env):
    """The daily scans, so that the seed has its risks and activities."""
    env["gendan.milestone"]._cron_daily_followup()
    env["purchase.order"]._cron_gendan_followup_activities()
    if "gendan.risk" in env:
        env["gendan.risk"]._cron_gendan_scan_risks()
    if "gendan.contract.clause" in env:
        env["gendan.contract.clause"]._cron_gendan_clause_activities()


# ---------------------------------------------------------------------------
# Phase 2: SQL cloning
# ---------------------------------------------------------------------------
def table_max_ids(cr):
    cr.execute(
        """SELECT c.table_name FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_name = c.table_name AND t.table_schema = c.table_schema
           WHERE c.table_schema = 'public' AND c.column_name = 'id'
             AND t.table_type = 'BASE TABLE'"""
    )
    result = {}
    for (table,) in cr.fetchall():
        cr.execute(f'SELECT COALESCE(max(id), 0) FROM "{table}"')
        result[table] = cr.fetchone()[0]
    return result


def foreign_keys(cr):
    """{table: {column: target_table}} of the single-column foreign keys."""
    cr.execute(
        """SELECT cl.relname, att.attname, tcl.relname
             FROM pg_constraint con
             JOIN pg_class cl ON cl.oid = con.conrelid
             JOIN pg_class tcl ON tcl.oid = con.confrelid
             JOIN pg_attribute att ON att.attrelid = con.conrelid
                                  AND att.attnum = con.conkey[1]
            WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1"""
    )
    result = {}
    for table, column, target in cr.fetchall():
        result.setdefault(table, {})[column] = target
    return result


def columns_of(cr, table):
    cr.execute(
        """SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = %s
            ORDER BY ordinal_position""",
        [table],
    )
    return cr.fetchall()


class Cloner:
    """Copies every row created since a snapshot of the max ids ``copies``
    times, one INSERT ... SELECT per table (see the module docstring)."""

    def __init__(self, env, snapshot, copies, substitutions):
        self.env = env
        self.cr = env.cr
        self.snapshot = snapshot
        self.copies = copies
        self.substitutions = substitutions
        after = table_max_ids(self.cr)
        self.tables = sorted(
            table
            for table, max_id in after.items()
            if max_id > snapshot.get(table, 0)
            and table not in SKIP_TABLES
            and not table.startswith(SKIP_PREFIXES)
        )
        model_of_table = {env[m]._table: m for m in env if env[m]._auto}
        self.model_of_table = model_of_table
        self.table_of_model = {model: table for table, model in model_of_table.items()}
        self.fks = foreign_keys(self.cr)
        # reference fields ("model,id") and many2one references (res_model, res_id)
        self.references, self.m2o_references = {}, {}
        for table in self.tables:
            model = model_of_table.get(table)
            for name, field in env[model]._fields.items() if model else ():
                if not field.store or not field.column_type:
                    continue
                if field.type == "reference":
                    self.references.setdefault(table, set()).add(name)
                elif field.type == "many2one_reference":
                    self.m2o_references.setdefault(table, {})[name] = field.model_field

    def run(self):
        cr = self.cr
        log("cloning %s x %s", self.copies, self.tables)
        cr.execute("SET LOCAL session_replication_role = replica")
        for table in self.tables:
            self.make_map(table)
        rows = {}
        for table in self.tables:
            started = time.time()
            names, selects = [], []
            for column, data_type in columns_of(cr, table):
                names.append(f'"{column}"')
                selects.append(self.expression(table, column, data_type))
            cr.execute(
                f"""INSERT INTO "{table}" ({", ".join(names)})
                    SELECT {", ".join(selects)}
                      FROM "{table}" t JOIN "map_{table}" m ON m.old_id = t.id"""
            )
            rows[table] = cr.rowcount
            log("  %-40s %8d rows %6.1fs", table, cr.rowcount, time.time() - started)
        rows.update(self.clone_relations())
        cr.execute("SET LOCAL session_replication_role = origin")
        return rows

    def make_map(self, table):
        """Temporary table (old_id, copy_no, new_id) of the copies of ``table``."""
        self.cr.execute(
            f"""CREATE TEMP TABLE "map_{table}" ON COMMIT DROP AS
                SELECT t.id AS old_id, c AS copy_no,
                       nextval(pg_get_serial_sequence('"{table}"', 'id')) AS new_id
                  FROM "{table}" t, generate_series(1, %s) c
                 WHERE t.id > %s""",
            [self.copies, self.snapshot.get(table, 0)],
        )
        self.cr.execute(f'CREATE INDEX ON "map_{table}" (old_id, copy_no)')
        self.cr.execute(f'ANALYZE "map_{table}"')

    @staticmethod
    def lookup(target, expression, copy="m.copy_no"):
        return (
            f'COALESCE((SELECT mx.new_id FROM "map_{target}" mx '
            f"WHERE mx.old_id = {expression} AND mx.copy_no = {copy}), {expression})"
        )

    def foreign_key(self, column, target, alias="t", copy="m.copy_no"):
        """``alias.column``, a foreign key to ``target``, in the copy."""
        expression = f'{alias}."{column}"'
        if target in self.tables:
            return self.lookup(target, expression, copy)
        if target in self.substitutions:
            cases = " ".join(
                f"WHEN {old_id} THEN (ARRAY{new_ids})[1 + {copy} % {len(new_ids)}]"
                for old_id, new_ids in self.substitutions[target].items()
            )
            return f"CASE {expression} {cases} ELSE {expression} END"
        return expression

    def model_cases(self, template):
        """CASE branches, one per cloned model, ``template`` formatted with the
        model's name and table."""
        return " ".join(
            template.format(model=model, table=self.table_of_model[model])
            for model in self.env
            if self.table_of_model.get(model) in self.tables
        )

    def expression(self, table, column, data_type):
        """SQL expression of ``column`` of the copy ``m.copy_no`` of row ``t``."""
        source = f't."{column}"'
        if column == "id":
            return "m.new_id"
        if column in self.fks.get(table, {}):
            return self.foreign_key(column, self.fks[table][column])
        if column in self.m2o_references.get(table, {}):
            model_column = self.m2o_references[table][column]
            cases = self.model_cases(
                "WHEN '{model}' THEN " + self.lookup("{table}", source)
            )
            return f'CASE t."{model_column}" {cases} ELSE {source} END'
        if column in self.references.get(table, ()):
            record_id = f"split_part({source}, ',', 2)::int"
            cases = self.model_cases(
                "WHEN '{model}' THEN '{model},' || " + self.lookup("{table}", record_id)
            )
            return f"CASE split_part({source}, ',', 1) {cases} ELSE {source} END"
        if data_type == "date" or data_type.startswith("timestamp"):
            return f"{source} - ((m.copy_no * 7) % {SPREAD_DAYS}) * interval '1 day'"
        if column == "name" and table in NAMED_DOCUMENTS:
            return f"{source} || '-' || m.copy_no"
        if column == "access_token" and data_type.startswith("character"):
            return f"CASE WHEN {source} IS NULL THEN NULL ELSE md5(random()::text) END"
        return source

    def clone_relations(self):
        """Rows of the many2many tables (no id) that link cloned rows."""
        cr = self.cr
        cr.execute(
            """SELECT DISTINCT relation_table FROM ir_model_fields
                WHERE ttype = 'many2many' AND relation_table IS NOT NULL"""
        )
        rows = {}
        for (relation,) in cr.fetchall():
            relation_fks = self.fks.get(relation, {})
            linked = [(c, t) for c, t in relation_fks.items() if t in self.tables]
            if not linked:
                continue
            condition = " OR ".join(
                f'r."{column}" IN (SELECT old_id FROM "map_{target}")'
                for column, target in linked
            )
            selects = [
                self.foreign_key(column, target, alias="r", copy="c")
                for column, target in relation_fks.items()
            ]
            cr.execute(
                f"""INSERT INTO "{relation}" ({", ".join(f'"{c}"' for c in relation_fks)})
                    SELECT {", ".join(selects)}
                      FROM "{relation}" r, generate_series(1, %s) c
                     WHERE {condition}
                    ON CONFLICT DO NOTHING""",
                [self.copies],
            )
            rows[relation] = cr.rowcount
            if cr.rowcount:
                log("  %-40s %8d rows", relation, cr.rowcount)
        return rows


# ---------------------------------------------------------------------------
# Phase 3: realistic milestone states, steady-state activities
# ---------------------------------------------------------------------------
def make_milestones_realistic(env, late_share=0.10, late_window=60):
    """Close the past milestones the way a running company has them.

    The clones keep the milestone states of their seed order, which was
    created *today*: every manual milestone (order review, samples,
    production ...) is still pending, and a copy moved back by months has all
    of them overdue. A company that follows its orders ticks them off as they
    happen: the milestones planned before today are done, except a minority
    that is really late. The rule, applied to the confirmed orders:

    - open milestones planned more than ``late_window`` days ago are done (a
      milestone two months overdue has long been done or skipped in practice);
    - open milestones planned in the last ``late_window`` days are done too,
      except ``late_share`` of them (chosen by a hash of the id), which stay
      open and become late at the next scan;
    - a fifth of the milestones closed here were done 1 to 3 days after their
      planned date (never after today), with a delay reason (supplier) and
      their delay in working days; the others on the planned date.

    Future milestones are left as they are. Purchase orders still waiting
    for their goods get a next follow-up date a week after their order date
    (nobody sets it in the seed flows). Orders' stored fields that depend
    on the milestones (lateness, projected ship date, next milestone) are
    recomputed by the ORM. Returns the number of milestones closed.
    """

    from odoo.addons.gendan_tracking.tools import planner

    cr = env.cr
    today = dates.today(env["gendan.milestone"])
    env.flush_all()
    cr.execute(
        """UPDATE gendan_milestone m
              SET state = 'done',
                  actual_date = LEAST(m.planned_date + x.late, %(today)s::date - 1),
                  delay_reason = CASE WHEN x.late > 0
                                      THEN COALESCE(m.delay_reason, 'supplier')
                                      ELSE m.delay_reason END,
                  delay_days = 0,
                  write_date = now() AT TIME ZONE 'UTC'
             FROM (SELECT p.id,
                          CASE WHEN abs(hashint4(p.id + 1)) %% 5 = 0
                               THEN 1 + abs(hashint4(p.id + 2)) %% 3
                               ELSE 0 END AS late
                     FROM gendan_milestone p
                     JOIN sale_order o ON o.id = p.order_id
                    WHERE o.state = 'sale'
                      AND p.state IN ('pending', 'in_progress', 'late')
                      AND p.planned_date < %(today)s
                      AND NOT (p.planned_date >= %(today)s::date - %(window)s
                               AND abs(hashint4(p.id)) %% 1000 < %(late)s)) x
            WHERE x.id = m.id""",
        {"today": today, "window": late_window, "late": round(late_share * 1000)},
    )
    closed = cr.rowcount
    # delay in working days of the milestones done late, one UPDATE per
    # distinct (company, planned, actual)
    cr.execute(
        """SELECT DISTINCT company_id, planned_date, actual_date
             FROM gendan_milestone
            WHERE state = 'done' AND actual_date > planned_date
              AND delay_days = 0 AND res_model IS NULL"""
    )
    triples = cr.fetchall()
    companies = env["res.company"].browse({row[0] for row in triples})
    calendars = companies._gendan_working_calendars()
    values = [
        (
            company_id,
            planned,
            actual,
            planner.working_days_between(
                planned, actual, *calendars.get(company_id, (planner.ALL_WEEKDAYS, ()))
            ),
        )
        for company_id, planned, actual in triples
    ]
    if values:
        from psycopg2.extras import execute_values

        execute_values(
            cr._obj,
            """UPDATE gendan_milestone m SET delay_days = v.days
                 FROM (VALUES %s) v (company_id, planned, actual, days)
                WHERE m.company_id = v.company_id AND m.planned_date = v.planned
                  AND m.actual_date = v.actual AND m.state = 'done'
                  AND m.delay_days = 0 AND m.res_model IS NULL""",
            values,
            template="(%s, %s::date, %s::date, %s)",
            page_size=len(values),  # one statement: each one scans the table
        )
    # Purchase orders waiting for their goods have a next follow-up date (set
    # by the merchandiser in practice; the seed flows leave it empty): a week
    # after the order.
    cr.execute(
        """UPDATE purchase_order
              SET next_followup_date = (date_order AT TIME ZONE 'UTC')::date + 7
            WHERE next_followup_date IS NULL
              AND state IN ('draft', 'sent', 'to approve', 'purchase')
              AND receipt_status IS DISTINCT FROM 'full'"""
    )
    followups = cr.rowcount
    env.invalidate_all()
    recompute_order_follow_up(env)
    log(
        "realistic milestones: %s past milestones closed; %s purchase orders "
        "with a follow-up date",
        closed,
        followups,
    )
    return closed


def recompute_order_follow_up(env, batch_size=5000):
    """Recompute the orders' stored fields that depend on their milestones."""
    Order = env["sale.order"]
    names = ["is_late", "projected_ship_date", "next_milestone_id"]
    ids = Order.search([], order="id").ids
    for start in range(0, len(ids), batch_size):
        orders = Order.browse(ids[start : start + batch_size])
        for name in names:
            env.add_to_compute(Order._fields[name], orders)
        orders.flush_recordset(names + ["delay_days"])
        env.invalidate_all()


@contextmanager
def activities_in_sql(env):
    """Within the block, ``mail.activity.create`` inserts its rows with one SQL
    statement per call instead of the ORM: same column values as the ORM
    (defaults, ``convert_to_column``, the stored computed ``res_model``,
    ``res_name``, ``user_tz``), the assigned users made followers of the
    records through the real ``message_subscribe`` as ``create`` does; no
    notification e-mail and no bus message (a scheduled action sends none
    either with ``mail_activity_quick_update``)."""
    from psycopg2.extras import execute_values

    from odoo import api

    Activity = type(env["mail.activity"])
    original = Activity.create
    inserted = []

    @api.model_create_multi
    def create(self, vals_list):
        if not vals_list:
            return self.browse()
        model = self.with_context(mail_activity_quick_update=True)
        fields_ = model._fields
        defaults = model.default_get(
            [name for name, field in fields_.items() if field.store]
        )
        rows = [dict(defaults, **vals) for vals in vals_list]
        ir_model = model.env["ir.model"].sudo()
        model_names = {
            model_id: ir_model.browse(model_id).model
            for model_id in {row["res_model_id"] for row in rows}
        }
        res_names = {}
        for model_id, model_name in model_names.items():
            records = (
                model.env[model_name]
                .sudo()
                .browse(
                    {row["res_id"] for row in rows if row["res_model_id"] == model_id}
                )
            )
            res_names.update(
                {(model_name, record.id): record.display_name for record in records}
            )
        users = model.env["res.users"].sudo().browse({row["user_id"] for row in rows})
        tz = {user.id: user.tz or None for user in users}
        now = model.env.cr.now()
        columns = sorted(
            name
            for name in set().union(*rows)
            if fields_[name].store and fields_[name].column_type
        )
        extra = ["res_model", "res_name", "user_tz", "create_uid", "write_uid"]
        extra += ["create_date", "write_date"]
        columns = [c for c in columns if c not in extra]
        values = []
        for row in rows:
            res_model = model_names[row["res_model_id"]]
            values.append(
                [
                    fields_[name].convert_to_column(row.get(name), model)
                    for name in columns
                ]
                + [
                    res_model,
                    res_names.get((res_model, row["res_id"])),
                    tz.get(row["user_id"]),
                    model.env.uid,
                    model.env.uid,
                    now,
                    now,
                ]
            )
        names = ", ".join(f'"{name}"' for name in columns + extra)
        ids = [
            row[0]
            for row in execute_values(
                model.env.cr._obj,
                f"INSERT INTO mail_activity ({names}) VALUES %s RETURNING id",
                values,
                fetch=True,
                page_size=5000,
            )
        ]
        inserted.extend(ids)
        # followers, as mail.activity.create does (batched by model and user)
        per_user = defaultdict(list)
        for row in rows:
            per_user[(model_names[row["res_model_id"]], row["user_id"])].append(
                row["res_id"]
            )
        for (model_name, user_id), res_ids in per_user.items():
            partner = model.env["res.users"].sudo().browse(user_id).partner_id
            model.env[model_name].sudo().browse(res_ids).message_subscribe(
                partner_ids=partner.ids
            )
        return self.browse(ids)

    Activity.create = create
    try:
        yield inserted
    finally:
        Activity.create = original
        env.invalidate_all()


def make_steady_state(env, rounds=20):
    """Run the daily scheduled actions once with ``mail.activity.create`` in
    SQL: the database then holds the activities, followers, milestone states
    and risks a daily run of the scan leaves behind, as if it had run every
    day. The purchase follow-up action creates at most one batch per call (the
    scheduler calls it again): it is called until it creates nothing."""
    started = time.time()
    with activities_in_sql(env) as inserted:
        run_daily_crons(env)
        for _round in range(rounds):
            before = len(inserted)
            env["purchase.order"]._cron_gendan_followup_activities()
            if len(inserted) == before:
                break
        env.flush_all()
    log(
        "steady state: %s activities inserted in SQL in %.1fs",
        len(inserted),
        time.time() - started,
    )
    return len(inserted)


def verify(env, sample_size=300):
    """The cloned data is valid for the ORM: constraints hold on the newest
    rows, stored computed fields of orders equal their recomputation, related
    fields follow their order and a merchandiser sees their own orders."""
    models = (
        "sale.order",
        "gendan.milestone",
        "purchase.order",
        "stock.picking",
        "qc.inspection",
        "gendan.risk",
        "gendan.complaint",
        "gendan.cost.line",
        "gendan.document",
    )
    for model in models:
        if model in env:
            records = env[model].search([], limit=sample_size, order="id desc")
            records._validate_fields(list(records._fields))
            records._check_company()
    orders = env["sale.order"].search([], limit=100, order="id desc")
    # is_late and delay_days depend on today: the daily scan refreshes them.
    names = ["next_milestone_id", "projected_ship_date"]
    stored = {order.id: [order[name] for name in names] for order in orders}
    for name in names:
        env.add_to_compute(orders._fields[name], orders)
    orders.flush_recordset()
    wrong = [o.name for o in orders if stored[o.id] != [o[name] for name in names]]
    milestones = env["gendan.milestone"].search([("order_id", "in", orders.ids)])
    wrong += [
        m.order_id.name
        for m in milestones
        if m.merchandiser_id != m.order_id.merchandiser_id
        or m.partner_id != m.order_id.partner_id
    ]
    if wrong:
        raise AssertionError(f"inconsistent cloned orders: {sorted(set(wrong))[:10]}")
    user = orders[0].merchandiser_id
    visible = env["sale.order"].with_user(user).search_count([])
    log("verified: %s orders visible to %s", visible, user.login)


def generate(
    db, orders, seeds, template=None, milestones="realistic", activities="sql"
):
    if template:
        subprocess.run(["dropdb", "--if-exists", db], check=True)
        subprocess.run(["createdb", "-T", template, db], check=True)
    odoo, registry = odoo_env(db)
    started = time.time()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        users, customers, vendors, products = make_master_data(env)
        env.flush_all()
        snapshot = table_max_ids(cr)
        for index in range(seeds):
            make_seed_order(env, index, users[0], customers[0], vendors[0], products)
        run_daily_crons(env)
        env.flush_all()
        seeded = time.time()
        log("%s seed orders in %.1fs", seeds, seeded - started)
        copies = math.ceil(orders / seeds) - 1
        substitutions = {
            "res_users": {users[0].id: users.ids},
            "res_partner": {
                customers[0].id: customers.ids,
                vendors[0].id: vendors.ids,
                users[0].partner_id.id: users.partner_id.ids,
            },
        }
        rows = Cloner(env, snapshot, copies, substitutions).run()
        env.invalidate_all()
        post_process(env, milestones, activities)
        verify(env)
        cr.execute("ANALYZE")
    total = time.time() - started
    log("generated %s orders in %.1fs", (copies + 1) * seeds, total)
    return {"orders": (copies + 1) * seeds, "seconds": total, "rows": rows}


def post_process(env, milestones="realistic", activities="sql"):
    """Phase 3 (see ``make_milestones_realistic`` and ``make_steady_state``)."""
    if milestones == "realistic":
        make_milestones_realistic(env)
    if activities == "sql":
        make_steady_state(env)
    env.flush_all()


def post_process_only(db, milestones, activities):
    """Phase 3 alone, on a database generated before it existed."""
    odoo, registry = odoo_env(db)
    started = time.time()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        post_process(env, milestones, activities)
        env.invalidate_all()
        verify(env)
        cr.execute("ANALYZE")
    log("post-processed %s in %.1fs", db, time.time() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument(
        "--template",
        help="database to copy first (both gendan modules installed, no demo)",
    )
    parser.add_argument(
        "--milestones",
        choices=("realistic", "as-cloned"),
        default="realistic",
        help="realistic: past milestones mostly done, a minority late (default); "
        "as-cloned: the states of the seed orders (all manual milestones pending, "
        "the behaviour before)",
    )
    parser.add_argument(
        "--activities",
        choices=("sql", "none"),
        default="sql",
        help="sql: run the daily scan once with the activities inserted in SQL, "
        "the steady state (default); none: leave them to the first scan",
    )
    parser.add_argument(
        "--post-only",
        action="store_true",
        help="only apply --milestones and --activities to an existing database",
    )
    args = parser.parse_args()
    if args.post_only:
        post_process_only(args.db, args.milestones, args.activities)
        return
    result = generate(
        args.db,
        args.orders,
        args.seeds,
        args.template,
        milestones=args.milestones,
        activities=args.activities,
    )
    print(f"{result['orders']} orders in {result['seconds']:.1f}s")


if __name__ == "__main__":
    main()
