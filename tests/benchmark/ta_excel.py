"""Issue 20: the buyer's T&A calendar in Excel on 2,000 orders.

Two figures, each the best of ``repeat`` runs, every run rolled back:

- the export (``gendan_tracking.ta_calendar_xlsx``) of 2,000 confirmed orders;
- the import preview (``gendan.ta.import.wizard.action_preview``) of that
  sheet with every row edited: the first open milestone of each order two
  days later, and on orders without an open milestone an actual date one day
  later (a warning line). Reading the file, checking every cell, the
  successors the changes push, and the preview lines written. The generated
  templates have no predecessors, so inside the rolled-back transaction the
  open milestones of each order are first chained (each one the predecessor
  of the next): every change then pushes the order's later open milestones.

Both run as a merchandising manager (record rules applied), with wall time
and query count. Targets of the issue: export < 10 s, preview < 20 s.

    python3 tests/benchmark/run.py --db xl_bench_2k --only ta_excel
"""

import base64
import io
import time
from datetime import timedelta

ORDERS = 2000


def _manager(env):
    group = env.ref("gendan_tracking.group_merchandising_manager")
    user = env["res.users"].search(
        [("groups_id", "in", group.ids), ("share", "=", False)], limit=1
    )
    return user.id or 2


def _chain_open_milestones(env, orders):
    """Each open milestone of an order becomes the predecessor of the next
    one (rolled back with the run)."""
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO gendan_milestone_predecessor_rel (milestone_id, predecessor_id)
        SELECT id, previous
          FROM (SELECT id, lag(id) OVER (PARTITION BY order_id
                                         ORDER BY sequence, id) AS previous
                  FROM gendan_milestone
                 WHERE order_id = ANY(%s)
                   AND state IN ('pending', 'in_progress', 'late')) chain
         WHERE previous IS NOT NULL
        ON CONFLICT DO NOTHING
        """,
        [orders.ids],
    )
    links = env.cr.rowcount
    env.invalidate_all()
    return links


def _edited_sheet(env, content, orders):
    """The exported sheet with the first open milestone of each order planned
    two days later (as the buyer would type it: a real Excel date), and an
    actual date one day later on the orders without an open milestone."""
    from openpyxl import load_workbook

    from odoo.addons.gendan_tracking.tools import ta_sheet

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    columns = {
        cell.value: cell.column
        for cell in sheet[ta_sheet.KEY_ROW]
        if cell.value is not None
    }
    rows = {
        sheet.cell(row, 1).value: row
        for row in range(ta_sheet.FIRST_DATA_ROW, sheet.max_row + 1)
    }
    edited = 0
    milestones = env["gendan.milestone"].search_read(
        [
            ("order_id", "in", orders.ids),
            ("state", "in", ("pending", "in_progress", "late")),
            ("planned_date", "!=", False),
        ],
        ["order_id", "template_line_id", "name", "planned_date"],
        order="order_id, sequence, id",
    )
    seen = set()
    for milestone in milestones:
        order_id, order_name = milestone["order_id"]
        if order_id in seen or not milestone["template_line_id"]:
            continue
        key = ta_sheet.column_key(
            ta_sheet.PLANNED,
            ta_sheet.milestone_key(milestone["template_line_id"][0], None),
        )
        if key not in columns or order_name not in rows:
            continue
        seen.add(order_id)
        sheet.cell(rows[order_name], columns[key]).value = milestone[
            "planned_date"
        ] + timedelta(days=2)
        edited += 1
    actual_columns = [
        column for key, column in columns.items() if key.startswith("actual:")
    ]
    planned_rows = seen_names(orders, seen)
    for order_name, row in rows.items():
        if order_name in planned_rows:
            continue
        for column in actual_columns:
            cell = sheet.cell(row, column)
            if cell.value:
                cell.value += timedelta(days=1)
                edited += 1
                break
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), edited


def seen_names(orders, seen_ids):
    return {order.name for order in orders if order.id in seen_ids}


def bench(odoo, db, repeat, environment, measure, best, count=ORDERS):
    with environment(odoo, db) as env:
        uid = _manager(env)
    export_runs, preview_runs, info = [], [], {}
    for _attempt in range(repeat):
        with environment(odoo, db, uid) as env:
            orders = env["sale.order"].search(
                [("state", "=", "sale")], limit=count, order="id"
            )
            links = _chain_open_milestones(env, orders)
            report = env.ref("gendan_tracking.gendan_ta_calendar_xlsx_action")
            env.invalidate_all()
            with measure() as run:
                content, _kind = report._render_xlsx(
                    report.report_name, orders.ids, data={}
                )
            export_runs.append(run)
            edited_content, edited = _edited_sheet(env, content, orders)
            wizard = env["gendan.ta.import.wizard"].create(
                {"file": base64.b64encode(edited_content)}
            )
            env.invalidate_all()
            env.flush_all()
            with measure() as run:
                wizard.action_preview()
                env.flush_all()
            preview_runs.append(run)
            info = {
                "orders": len(orders),
                "milestones": env["gendan.milestone"].search_count(
                    [("order_id", "in", orders.ids)]
                ),
                "size_kb": len(content) / 1024,
                "chained_links": links,
                "edited_rows": edited,
                "lines": {
                    kind: count_
                    for kind, count_ in (
                        ("change", wizard.change_count),
                        ("push", wizard.push_count),
                        ("warning", wizard.warning_count),
                        ("error", wizard.error_count),
                    )
                },
                "user": env.user.login,
            }
    export, preview = best(export_runs), best(preview_runs)
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    return dict(
        info,
        measured_at=started,
        export_s=export.seconds,
        export_queries=export.queries,
        export_all_s=[run.seconds for run in export_runs],
        preview_s=preview.seconds,
        preview_queries=preview.queries,
        preview_all_s=[run.seconds for run in preview_runs],
    )


def row(result):
    return (
        "6 T&A calendar Excel",
        f"{result['orders']} orders / {result['milestones']} milestones: export "
        f"{result['export_s']:.1f} s, {result['export_queries']} q; preview of "
        f"{result['edited_rows']} edited rows ({result['lines']['change']} changes, "
        f"{result['lines']['push']} pushed, {result['lines']['warning']} warnings) "
        f"{result['preview_s']:.1f} s, "
        f"{result['preview_queries']} q",
    )
