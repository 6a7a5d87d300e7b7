#!/usr/bin/env python3
"""Measure Gendan on a database filled by ``generate.py`` (issue 10).

Five measurements, each run ``--repeat`` times (best kept), every run rolled
back so that the database is unchanged and runs can be repeated:

1. monthly scorecards of all merchandisers by the real scheduled action,
   against the same aggregation as one raw SQL statement per indicator;
2. daily follow-up scan (milestone activities, purchase follow-ups and the
   risk rules when installed) over all open orders, first run (catch-up) and
   steady state, and the same on a database ten times smaller (``--small-db``);
3. ``web_search_read`` of 80 and 20 orders with the fields of the Gendan list
   and kanban views, as a merchandiser; and the milestone timeline's
   ``search_read`` of 200 and 2,000 milestones (issue 20);
4. ``read_group`` on ``gendan.order.report`` by merchandiser × month against
   ``sale.report`` grouped the same way;
5. the XLSX order register of 2,000 orders: time and peak memory;
6. (issue 20) the T&A calendar of 2,000 orders: export, and the import preview
   of the sheet with a date moved per order (``ta_excel.py``).

Queries are counted with ``odoo.sql_db.sql_counter``.

Usage::

    python3 tests/benchmark/run.py --db bench_5k --orders 5000 \
        --small-db bench_500 --json /tmp/bench_5k.json
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from contextlib import contextmanager

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ODOO_ADDONS = "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/odoo/addons"


def setup(db):
    import odoo
    from odoo.tools import config

    config.parse_config(
        ["-d", db, f"--addons-path={REPO},{ODOO_ADDONS}", "--log-level=warn"]
    )
    return odoo


class Measure:
    """Wall time and query count of a block."""

    def __init__(self):
        self.seconds = None
        self.queries = None


@contextmanager
def measure():
    from odoo import sql_db

    result = Measure()
    queries = sql_db.sql_counter
    started = time.perf_counter()
    yield result
    result.seconds = time.perf_counter() - started
    result.queries = sql_db.sql_counter - queries


def best(runs):
    """The fastest of the runs (query counts are identical between runs)."""
    return min(runs, key=lambda run: run.seconds)


@contextmanager
def environment(odoo, db, uid=None):
    """An environment whose work is rolled back at the end."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, uid or odoo.SUPERUSER_ID, {})
        try:
            yield env
        finally:
            env.invalidate_all()
            cr.rollback()


# ---------------------------------------------------------------------- 1
def bench_scorecards(odoo, db, repeat):
    runs, raw_runs, statements = [], [], []
    for _attempt in range(repeat):
        with environment(odoo, db) as env:
            Engine = type(env["gendan.appraisal.engine"])
            captured = []
            original = Engine._fetch

            def capture(self, query, params, _captured=captured, _original=original):
                _captured.append((query, params))
                return _original(self, query, params)

            Engine._fetch = capture
            try:
                env["gendan.appraisal"].search([]).unlink()
                env.flush_all()
                env.invalidate_all()
                with measure() as run:
                    env["gendan.appraisal"]._cron_create_monthly()
                    env.flush_all()
            finally:
                Engine._fetch = original
            cards = env["gendan.appraisal"].search_count([])
            lines = env["gendan.appraisal.line"].search_count([])
            runs.append(run)
            statements = captured
        with environment(odoo, db) as env:
            with measure() as raw:
                for query, params in statements:
                    env.cr.execute(query, params)
                    env.cr.fetchall()
            raw_runs.append(raw)
    run, raw = best(runs), best(raw_runs)
    return {
        "scorecards": cards,
        "lines": lines,
        "cron_s": run.seconds,
        "cron_queries": run.queries,
        "raw_sql_s": raw.seconds,
        "raw_sql_statements": len(statements),
        "ratio": run.seconds / raw.seconds if raw.seconds else None,
    }


# ---------------------------------------------------------------------- 2
def daily_scan(env):
    """Every daily scheduled action of Gendan: milestone activities, purchase
    follow-ups, risk rules and contract clauses."""
    env["gendan.milestone"]._cron_daily_followup()
    env["purchase.order"]._cron_gendan_followup_activities()
    if "gendan.risk" in env:
        env["gendan.risk"]._cron_gendan_scan_risks()
    if "gendan.contract.clause" in env:
        env["gendan.contract.clause"]._cron_gendan_clause_activities()
    env.flush_all()


SCAN_ACTIVITY_TYPES = (
    ("gendan.milestone", "gendan_tracking.mail_activity_type_milestone_due"),
    ("gendan.milestone", "gendan_tracking.mail_activity_type_milestone_overdue"),
    ("purchase.order", "gendan_tracking.mail_activity_type_purchase_followup"),
)


def scan_activity_domain(env):
    """The activities the daily scan creates (milestones, purchase orders)."""
    types = [
        env.ref(xmlid, raise_if_not_found=False) for _m, xmlid in SCAN_ACTIVITY_TYPES
    ]
    return [
        ("res_model", "in", [model for model, _x in SCAN_ACTIVITY_TYPES]),
        ("activity_type_id", "in", [t.id for t in types if t]),
    ]


def scan_duplicates(env):
    """Number of (record, activity type) pairs with more than one activity."""
    env.flush_all()
    env.cr.execute(
        """SELECT count(*) FROM (
               SELECT 1 FROM mail_activity
                WHERE res_model IN ('gendan.milestone', 'purchase.order')
                GROUP BY res_model, res_id, activity_type_id
               HAVING count(*) > 1) d"""
    )
    return env.cr.fetchone()[0]


def forget_scan_activities(env):
    """Catch-up: delete the activities of the daily scan and the milestones'
    followers (added by those activities), inside the rolled-back transaction,
    so that the next scan is a first run."""
    activities = env["mail.activity"].search(scan_activity_domain(env))
    count = len(activities)
    env.cr.execute("DELETE FROM mail_activity WHERE id = ANY(%s)", [activities.ids])
    env.cr.execute("DELETE FROM mail_followers WHERE res_model = 'gendan.milestone'")
    env.invalidate_all()
    return count


@contextmanager
def profiled(path):
    """pyinstrument profile of the block, written to ``path`` (text)."""
    if not path:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.005)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        with open(path, "w") as output:
            output.write(profiler.output_text(unicode=True, show_all=False))


def bench_daily_scan(odoo, db, repeat, catch_up=False, profile=None):
    first_runs, steady_runs = [], []
    for attempt in range(repeat):
        with environment(odoo, db) as env:
            open_orders = env["sale.order"].search_count(
                [
                    ("state", "=", "sale"),
                    ("gendan_stage", "not in", ("delivered", "closed", "cancel")),
                ]
            )
            open_milestones = env["gendan.milestone"].search_count(
                [("state", "in", ("pending", "in_progress", "late"))]
            )
            late_milestones = env["gendan.milestone"].search_count(
                [("state", "=", "late")]
            )
            forgotten = forget_scan_activities(env) if catch_up else 0
            Activity = env["mail.activity"]
            domain = scan_activity_domain(env)
            before = Activity.search_count(domain)
            env.invalidate_all()
            stem = f"{profile}_{db}" if profile and not attempt else None
            with profiled(stem and f"{stem}_first.txt"), measure() as first:
                daily_scan(env)
            after_first = Activity.search_count(domain)
            env.invalidate_all()
            with profiled(stem and f"{stem}_steady.txt"), measure() as steady:
                daily_scan(env)
            after_steady = Activity.search_count(domain)
            duplicates = scan_duplicates(env)
            first.created = after_first - before
            steady.created = after_steady - after_first
            first_runs.append(first)
            steady_runs.append(steady)
    first, steady = best(first_runs), best(steady_runs)
    return {
        "catch_up": catch_up,
        "open_orders": open_orders,
        "open_milestones": open_milestones,
        "late_milestones": late_milestones,
        "scan_activities_before": before + forgotten,
        "scan_activities_deleted_for_catch_up": forgotten,
        "first_created": first.created,
        "first_s": first.seconds,
        "first_queries": first.queries,
        "steady_created": steady.created,
        "steady_s": steady.seconds,
        "steady_queries": steady.queries,
        "duplicate_activities": duplicates,
    }


# ---------------------------------------------------------------------- 3
def view_specification(env, model, view_xmlid):
    """The ``specification`` the web client sends for the fields of a view."""
    view = env.ref(view_xmlid)
    arch = env[model].get_views([(view.id, view.type)])["views"][view.type]["arch"]
    fields = env[model]._fields
    specification = {}
    for node in etree.fromstring(arch).iter("field"):
        name = node.get("name")
        field = fields.get(name)
        if not field or name in specification:
            continue
        if field.type == "many2one":
            specification[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            comodel = env[field.comodel_name]
            sub = {"display_name": {}}
            if "color" in comodel._fields:
                sub["color"] = {}
            specification[name] = {"fields": sub}
        else:
            specification[name] = {}
    return specification


def bench_board(odoo, db, repeat):
    result = {}
    with environment(odoo, db) as env:
        group = env.ref("gendan_tracking.group_merchandising_manager")
        manager = env["res.users"].search([("groups_id", "in", group.id)], limit=1)
        uid = manager.id
    for view_name, xmlid in (
        ("list", "gendan_tracking.sale_order_view_list"),
        ("kanban", "gendan_tracking.sale_order_view_kanban"),
    ):
        for limit in (80, 20):
            runs = []
            for attempt in range(repeat + 1):  # the first run warms the caches
                with environment(odoo, db, uid) as env:
                    specification = view_specification(env, "sale.order", xmlid)
                    env.invalidate_all()
                    with measure() as run:
                        data = env["sale.order"].web_search_read(
                            [("state", "!=", "cancel")],
                            specification,
                            limit=limit,
                            order="date_order desc, id desc",
                        )
                    if attempt:
                        runs.append(run)
            run = best(runs)
            result[f"{view_name}_{limit}_ms"] = run.seconds * 1000
            result[f"{view_name}_{limit}_queries"] = run.queries
            result[f"{view_name}_{limit}_rows"] = len(data["records"])
    return result


# ---------------------------------------------------------------------- 3b
def timeline_fields(env):
    """The fields web_timeline's model reads for the milestone timeline: those
    of its arch, its dates, its default group and its dependency arrows
    (``TimelineArchParser.parse``), with ``display_name``."""
    view = env.ref("gendan_tracking.gendan_milestone_view_timeline")
    arch = env["gendan.milestone"].get_views([(view.id, "timeline")])["views"][
        "timeline"
    ]["arch"]
    root = etree.fromstring(arch)
    names = ["display_name"]
    names += [node.get("name") for node in root.iter("field")]
    names += [
        root.get(attribute)
        for attribute in ("date_start", "date_stop", "default_group_by")
        if root.get(attribute)
    ]
    names.append(root.get("dependency_arrow"))
    return list(dict.fromkeys(names)), root.get("default_group_by")


def chain_milestones(env):
    """Orders planned from templates without dependencies get a chain (each
    milestone after the previous one of its order), in the rolled-back
    transaction, so that the timeline reads arrows as a planned network has."""
    env.cr.execute(
        """
        INSERT INTO gendan_milestone_predecessor_rel (milestone_id, predecessor_id)
        SELECT id, previous FROM (
            SELECT id, lag(id) OVER (PARTITION BY order_id ORDER BY sequence, id)
                   AS previous
              FROM gendan_milestone
        ) chained
         WHERE previous IS NOT NULL
           AND NOT EXISTS (
               SELECT 1 FROM gendan_milestone_predecessor_rel rel
                WHERE rel.milestone_id = chained.id
           )
        """
    )


def bench_timeline(odoo, db, repeat, sizes=(200, 2000)):
    """The timeline's data load (the ``search_read`` web_timeline issues, with
    ``predecessor_ids`` for the arrows) of ``sizes`` milestones, as a
    merchandising manager: the query count must not grow with the rows."""
    with environment(odoo, db) as env:
        group = env.ref("gendan_tracking.group_merchandising_manager")
        manager = env["res.users"].search([("groups_id", "in", group.id)], limit=1)
        uid = manager.id
        ids = env["gendan.milestone"].search([], order="id").ids
    result = {"milestones": len(ids)}
    for size in sizes:
        if size > len(ids):
            result[f"{size}_status"] = f"only {len(ids)} milestones"
            continue
        domain = [("id", "in", ids[:size])]
        runs = []
        for attempt in range(repeat + 1):  # the first run warms the caches
            with environment(odoo, db, uid) as env:
                names, group_by = timeline_fields(env)
                chain_milestones(env)
                env.invalidate_all()
                with measure() as run:
                    data = env["gendan.milestone"].search_read(
                        domain, names, order=group_by
                    )
                if attempt:
                    runs.append(run)
        run = best(runs)
        result[f"{size}_ms"] = run.seconds * 1000
        result[f"{size}_queries"] = run.queries
        result[f"{size}_rows"] = len(data)
        result[f"{size}_arrows"] = sum(len(row["predecessor_ids"]) for row in data)
    result["fields"] = names
    return result


# ---------------------------------------------------------------------- 4
def bench_analysis(odoo, db, repeat):
    with environment(odoo, db) as env:
        if "gendan.order.report" not in env:
            return {"status": "gendan.order.report not installed (issue 6)"}
        report_fields = env["gendan.order.report"]._fields
        date_field = next(
            name
            for name in ("date_order", "date", "date_confirmed", "commitment_date")
            if name in report_fields
        )
    timings = {"gendan": [], "sale": []}
    rows = {}
    for attempt in range(repeat + 1):
        with environment(odoo, db) as env:
            for key, model, groupby in (
                (
                    "gendan",
                    "gendan.order.report",
                    ["merchandiser_id", f"{date_field}:month"],
                ),
                ("sale", "sale.report", ["user_id", "date:month"]),
            ):
                env.invalidate_all()
                with measure() as run:
                    groups = env[model].read_group([], ["__count"], groupby, lazy=False)
                rows[key] = len(groups)
                if attempt:
                    timings[key].append(run)
    gendan, sale = best(timings["gendan"]), best(timings["sale"])
    return {
        "order_report_ms": gendan.seconds * 1000,
        "order_report_groups": rows["gendan"],
        "sale_report_ms": sale.seconds * 1000,
        "sale_report_groups": rows["sale"],
        "ratio": gendan.seconds / sale.seconds,
    }


# ---------------------------------------------------------------------- 5
def bench_register(odoo, db, repeat, count=2000):
    with environment(odoo, db) as env:
        # the register by name: sale.order has other XLSX reports (T&A calendar)
        reports = env["ir.actions.report"].search(
            [
                ("model", "=", "sale.order"),
                ("report_type", "=", "xlsx"),
                ("report_name", "=", "gendan_tracking.register_xlsx"),
            ]
        )
        if not reports:
            return {"status": "no XLSX register report on sale.order (issue 6)"}
        report_id, report_name = reports[0].id, reports[0].report_name
    runs, peaks = [], []
    for _attempt in range(repeat):
        with environment(odoo, db) as env:
            orders = env["sale.order"].search([("state", "=", "sale")], limit=count)
            report = env["ir.actions.report"].browse(report_id)
            orders_count = len(orders)
            env.invalidate_all()
            tracemalloc.start()
            with measure() as run:
                content, _kind = report._render_xlsx(
                    report.report_name, orders.ids, data={}
                )
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            runs.append(run)
            peaks.append(peak)
    run = best(runs)
    return {
        "report": report_name,
        "orders": orders_count,
        "seconds": run.seconds,
        "queries": run.queries,
        "peak_mb": min(peaks) / 2**20,
        "size_kb": len(content) / 1024,
    }


# ---------------------------------------------------------------------------
def machine():
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
    return {
        "nproc": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "memory": memory.splitlines()[1].split()[1] if memory else None,
        "python": platform.python_version(),
        "loadavg": os.getloadavg(),
    }


def counts(odoo, db):
    with environment(odoo, db) as env:
        result = {}
        for model in (
            "sale.order",
            "gendan.milestone",
            "purchase.order",
            "stock.picking",
            "stock.move",
            "qc.inspection",
            "gendan.order.error",
            "gendan.production.issue",
            "gendan.satisfaction",
            "gendan.complaint",
            "gendan.cost.line",
            "gendan.document",
            "gendan.risk",
        ):
            if model in env:
                result[model] = env[model].search_count([])
        result["merchandisers"] = env["res.users"].search_count(
            [("login", "=like", "bench_merch_%")]
        )
        return result


def print_table(result):
    rows = []
    n = result["orders"]
    sc = result.get("scorecards")
    if sc:
        rows.append(
            (
                "1 Scorecards (cron)",
                f"{sc['cron_s']:.2f} s, {sc['cron_queries']} queries, "
                f"{sc['scorecards']} cards",
            )
        )
        rows.append(
            (
                "1 Scorecards (raw SQL)",
                f"{sc['raw_sql_s']:.2f} s, {sc['raw_sql_statements']} statements, "
                f"ratio {sc['ratio']:.2f}x",
            )
        )
    for key, label in (
        ("scan", f"N={n}"),
        ("scan_small", "N/10"),
        ("scan_catch_up", f"catch-up N={n}"),
        ("scan_catch_up_small", "catch-up N/10"),
    ):
        scan = result.get(key)
        if scan:
            rows.append(
                (
                    f"2 Daily scan {label}",
                    f"{scan['open_orders']} open orders, {scan['open_milestones']} "
                    f"open milestones: first {scan['first_s']:.1f} s / "
                    f"{scan['first_queries']} q / {scan['first_created']} activities, "
                    f"steady {scan['steady_s']:.1f} s / "
                    f"{scan['steady_queries']} q / {scan['steady_created']} activities",
                )
            )
    board = result.get("board")
    if board:
        for view in ("list", "kanban"):
            rows.append(
                (
                    f"3 {view} web_search_read",
                    f"80 rows {board[f'{view}_80_ms']:.0f} ms / "
                    f"{board[f'{view}_80_queries']} q; 20 rows "
                    f"{board[f'{view}_20_ms']:.0f} ms / {board[f'{view}_20_queries']} q",
                )
            )
    timeline = result.get("timeline")
    if timeline:
        rows.append(
            (
                "3b Timeline search_read",
                ", ".join(
                    timeline.get(f"{size}_status")
                    or f"{timeline[f'{size}_rows']} milestones "
                    f"{timeline[f'{size}_ms']:.0f} ms / {timeline[f'{size}_queries']} q"
                    for size in (200, 2000)
                ),
            )
        )
    analysis = result.get("analysis")
    if analysis:
        rows.append(
            (
                "4 Analysis read_group",
                analysis.get("status")
                or f"order report {analysis['order_report_ms']:.0f} ms vs sale.report "
                f"{analysis['sale_report_ms']:.0f} ms, ratio {analysis['ratio']:.2f}x",
            )
        )
    register = result.get("register")
    if register:
        rows.append(
            (
                "5 XLSX register",
                register.get("status")
                or f"{register['orders']} orders {register['seconds']:.1f} s, "
                f"peak {register['peak_mb']:.0f} MB, {register['queries']} q",
            )
        )
    ta_calendar = result.get("ta_excel")
    if ta_calendar:
        import ta_excel

        rows.append(ta_excel.row(ta_calendar))
    width = max(len(label) for label, _value in rows)
    print(f"\nGendan benchmark, N = {n} orders ({result['db']})")
    print("-" * (width + 80))
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    print("-" * (width + 80))


def main():
    if "--overhead" in sys.argv[1:]:
        # issue 14: Gendan's cost on Odoo's own flows, on two fresh databases
        import overhead

        return overhead.main([arg for arg in sys.argv[1:] if arg != "--overhead"])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--overhead",
        action="store_true",
        help="issue 14: build ovh_plain and ovh_gendan and measure Odoo's own "
        "flows on both (overhead.py; options --repeat, default 5, --json, "
        "--no-build, --sql-log DIR)",
    )
    parser.add_argument("--db", required=True)
    parser.add_argument("--orders", type=int, help="N, for the table (default: count)")
    parser.add_argument("--small-db", help="database with N/10 orders for the scan")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--only",
        help="comma-separated: scorecards,scan,board,timeline,analysis,register,"
        "ta_excel",
    )
    parser.add_argument(
        "--catch-up",
        action="store_true",
        help="scan: delete the scan's activities first (in the rolled-back "
        "transaction), so that the first run is a catch-up run",
    )
    parser.add_argument(
        "--profile",
        help="scan: write pyinstrument profiles of the first attempt to "
        "PREFIX_<db>_first.txt and PREFIX_<db>_steady.txt",
    )
    parser.add_argument("--json")
    args = parser.parse_args()
    odoo = setup(args.db)
    only = set(args.only.split(",")) if args.only else None

    def wanted(name):
        return only is None or name in only

    result = {"db": args.db, "machine": machine(), "counts": counts(odoo, args.db)}
    result["orders"] = args.orders or result["counts"]["sale.order"]
    if wanted("scorecards"):
        result["scorecards"] = bench_scorecards(odoo, args.db, args.repeat)
    if wanted("scan"):
        key = "scan_catch_up" if args.catch_up else "scan"
        result[key] = bench_daily_scan(
            odoo, args.db, args.repeat, args.catch_up, args.profile
        )
        if args.small_db:
            result[f"{key}_small"] = bench_daily_scan(
                odoo, args.small_db, args.repeat, args.catch_up, args.profile
            )
    if wanted("board"):
        result["board"] = bench_board(odoo, args.db, args.repeat)
    if wanted("timeline"):
        result["timeline"] = bench_timeline(odoo, args.db, args.repeat)
    if wanted("analysis"):
        result["analysis"] = bench_analysis(odoo, args.db, args.repeat)
    if wanted("register"):
        result["register"] = bench_register(odoo, args.db, args.repeat)
    if wanted("ta_excel"):
        import ta_excel

        result["ta_excel"] = ta_excel.bench(
            odoo, args.db, args.repeat, environment, measure, best
        )
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(result)
    print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=1))
    if args.json:
        with open(args.json, "w") as output:
            json.dump(result, output, indent=1, default=str)


if __name__ == "__main__":
    main()
