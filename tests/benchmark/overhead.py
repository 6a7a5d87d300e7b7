#!/usr/bin/env python3
"""What Gendan costs on Odoo's own flows (issue 14).

Builds two fresh databases without demo data: ``ovh_plain`` with
``sale_management``, ``sale_stock`` and ``purchase_stock`` only, and
``ovh_gendan`` with those plus ``gendan_tracking`` and ``gendan_appraisal``.
Then, in one process (both registries open), it measures the same steps of an
order's life side by side on both databases, as the admin user (uid 2):

- ``create_order``: a sale order of 3 lines of storable products bought to
  order (MTO + Buy routes, a vendor on each product);
- ``confirm_order``: ``action_confirm``; on the Gendan database the order has
  a T&A template of 14 milestones, the six review boxes ticked and a
  merchandiser (set in the setup of the step, not measured);
- ``confirm_po``: ``button_confirm`` of the purchase order the MTO created;
- ``validate_receipt``: quantities = demand, picked, ``button_validate``;
- ``validate_delivery``: the same on the customer delivery (the Gendan
  document templates are archived first, so no document is required);
- ``web_read_order``: ``sale.order.web_read`` of the fields of the sale order
  form view, as the web client asks for them.

Each step runs in a fresh environment (empty cache) and its measured block
includes ``env.flush_all()`` and the precommit callbacks
(``env.cr.precommit.run()``), which Odoo runs before the commit and where
Gendan defers work. Each repetition builds its own order chain and is rolled
back. One warm-up repetition (not kept) fills Odoo's caches; then ``--repeat``
repetitions, the median kept. Mail is never sent (the transaction is rolled
back before the post-commit mail sending, and SMTP points to an unused port).

Usage::

    python3 tests/benchmark/run.py --overhead --json overhead.json [--repeat 5]
        [--no-build] [--sql-log DIR] [--addons-dir DIR]

``--no-build`` reuses the two databases; ``--sql-log DIR`` runs the chain once
more on both databases with a query hook of ``odoo.sql_db`` and writes, per
step, the statements by kind and table on both databases and the Gendan
methods on the Python stack of the Gendan database's statements
(``DIR/<step>.txt``). ``--addons-dir DIR`` takes the Gendan add-ons from DIR
instead of this checkout (e.g. ``git archive HEAD gendan_tracking
gendan_appraisal | tar -x -C DIR``, to measure the committed code while the
checkout has work in progress).
"""

import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import traceback
from collections import Counter
from contextlib import nullcontext

from run import REPO, environment, machine, measure

PLAIN_DB = "ovh_plain"
GENDAN_DB = "ovh_gendan"
ODOO_MODULES = "sale_management,sale_stock,purchase_stock"
GENDAN_MODULES = "gendan_tracking,gendan_appraisal"
ADMIN_UID = 2
# the directory of the Gendan add-ons (--addons-dir), first of the addons path
GENDAN_DIR = [REPO]
# nothing listens there: a mail sent by mistake fails at once, never leaves
SMTP_ARGS = ["--smtp=127.0.0.1", "--smtp-port=1"]
STEPS = (
    "create_order",
    "confirm_order",
    "confirm_po",
    "validate_receipt",
    "validate_delivery",
    "web_read_order",
)
FIXTURE_REF = "overhead_benchmark"
# (name, category, anchor, offset days, responsible, auto rule)
PLAN_LINES = (
    ("Order review completed", "order", "order_date", 1, "merchandiser", "review_done"),
    (
        "Customer confirms PI",
        "order",
        "order_date",
        3,
        "merchandiser",
        "customer_confirmed",
    ),
    ("Purchase order placed", "material", "order_date", 5, "purchase", "po_confirmed"),
    ("Lab dip approved", "production", "order_date", 8, "merchandiser", "none"),
    (
        "Pre-production sample approved",
        "production",
        "order_date",
        12,
        "merchandiser",
        "none",
    ),
    (
        "Raw material received",
        "material",
        "commitment_date",
        -35,
        "purchase",
        "material_received",
    ),
    ("Production start", "production", "commitment_date", -30, "merchandiser", "none"),
    ("In-line inspection", "quality", "commitment_date", -18, "quality", "none"),
    (
        "Production finished",
        "production",
        "commitment_date",
        -10,
        "merchandiser",
        "none",
    ),
    (
        "Final inspection passed",
        "quality",
        "commitment_date",
        -7,
        "quality",
        "inspection_passed",
    ),
    ("Booking confirmed", "logistics", "commitment_date", -5, "logistics", "none"),
    ("Goods shipped", "logistics", "commitment_date", 0, "logistics", "shipped"),
    (
        "Documents complete",
        "documents",
        "commitment_date",
        5,
        "merchandiser",
        "documents_complete",
    ),
    (
        "Payment received",
        "finance",
        "commitment_date",
        30,
        "manager",
        "payment_received",
    ),
)


# ------------------------------------------------------------------ databases
def build_databases(addons_path):
    """Drop and install the two databases (``odoo -i``, no demo data)."""
    for db, modules in (
        (PLAIN_DB, ODOO_MODULES),
        (GENDAN_DB, f"{ODOO_MODULES},{GENDAN_MODULES}"),
    ):
        subprocess.run(["dropdb", "--if-exists", db], check=True)
        command = [
            "odoo",
            "-d",
            db,
            f"--addons-path={addons_path}",
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            *SMTP_ARGS,
        ]
        print(" ".join(command), flush=True)
        subprocess.run(command, check=True)


def prepare(odoo, db):
    """Shared configuration of a database, committed once: the MTO route, a
    vendor, a customer, three products; on Gendan the 14-milestone template
    (the company default) and no document templates. Idempotent."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        gendan = "gendan.milestone.template" in env
        mto = env.ref("stock.route_warehouse0_mto")
        mto.active = True
        buy = env.ref("purchase_stock.route_warehouse0_buy")
        Partner = env["res.partner"]
        vendor = Partner.search([("ref", "=", f"{FIXTURE_REF}_vendor")], limit=1)
        if not vendor:
            vendor = Partner.create(
                {"name": "Overhead Vendor", "ref": f"{FIXTURE_REF}_vendor"}
            )
        customer = Partner.search([("ref", "=", f"{FIXTURE_REF}_customer")], limit=1)
        if not customer:
            customer = Partner.create(
                {
                    "name": "Overhead Customer",
                    "ref": f"{FIXTURE_REF}_customer",
                    "email": "customer@example.com",
                }
            )
        Product = env["product.product"]
        products = Product.search(
            [("default_code", "=like", f"{FIXTURE_REF}_%")], order="default_code"
        )
        if len(products) != 3:
            products = Product.create(
                [
                    {
                        "name": f"Overhead product {index}",
                        "default_code": f"{FIXTURE_REF}_{index}",
                        "type": "consu",
                        "is_storable": True,
                        "list_price": 10.0 * index,
                        "route_ids": [(6, 0, [mto.id, buy.id])],
                        "seller_ids": [
                            (
                                0,
                                0,
                                {
                                    "partner_id": vendor.id,
                                    "price": 4.0 * index,
                                    "delay": 3,
                                },
                            )
                        ],
                    }
                    for index in (1, 2, 3)
                ]
            )
        template_id = False
        if gendan:
            Template = env["gendan.milestone.template"]
            template = Template.search(
                [("name", "=", "Overhead benchmark (14 milestones)")], limit=1
            )
            if not template:
                template = Template.create(
                    {
                        "name": "Overhead benchmark (14 milestones)",
                        "sequence": 1,
                        "company_id": False,
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "sequence": 10 * (index + 1),
                                    "name": name,
                                    "category": category,
                                    "anchor": anchor,
                                    "offset_days": offset,
                                    "responsible": responsible,
                                    "auto_rule": rule,
                                },
                            )
                            for index, (
                                name,
                                category,
                                anchor,
                                offset,
                                responsible,
                                rule,
                            ) in enumerate(PLAN_LINES)
                        ],
                    }
                )
            assert len(template.line_ids) == 14
            env.company.gendan_default_template_id = template
            template_id = template.id
            env["gendan.document.template"].search([]).active = False
        cr.commit()
        return {
            "customer": customer.id,
            "vendor": vendor.id,
            "products": products.ids,
            "template": template_id,
            "gendan": gendan,
        }


# ---------------------------------------------------------------------- steps
def fresh(odoo, env, context):
    """A new environment on the same transaction, as a new request: empty
    cache, nothing left to flush or to run before the commit."""
    env.flush_all()
    env.cr.precommit.run()
    env.flush_all()
    env.invalidate_all()
    return odoo.api.Environment(env.cr, ADMIN_UID, dict(context))


def form_specification(env):
    """The ``web_read`` specification of the sale order form: its fields,
    many2one as ``display_name``, x2many with the fields their subviews show."""
    views = env["sale.order"].get_views([(False, "form")])
    models = views["models"]

    def spec(model, nested):
        result = {}
        for name, description in models[model]["fields"].items():
            kind = description["type"]
            if kind == "many2one":
                result[name] = {"fields": {"display_name": {}}}
            elif kind in ("one2many", "many2many"):
                comodel = description["relation"]
                if nested and comodel in models:
                    result[name] = {"fields": spec(comodel, False)}
                else:
                    result[name] = {"fields": {"display_name": {}}}
            elif kind == "properties":
                continue
            else:
                result[name] = {}
        return result

    return spec("sale.order", True)


def validate(picking):
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty
    picking.move_ids.picked = True
    result = picking.button_validate()
    if result is not True:
        raise RuntimeError(f"{picking.name}: button_validate returned {result!r}")


class Chain:
    """One order's life; each step method is what is measured."""

    def __init__(self, fixture):
        self.fixture = fixture
        self.order_id = self.purchase_id = self.picking_id = None
        self.specification = None

    def order(self, env):
        return env["sale.order"].browse(self.order_id)

    def purchase(self, env):
        order = self.order(env)
        purchases = order._get_purchase_orders()
        if len(purchases) != 1:
            raise RuntimeError(f"{order.name}: {len(purchases)} purchase orders")
        return purchases

    def picking(self, env, records, code):
        pickings = records.picking_ids.filtered(
            lambda p: p.picking_type_code == code and p.state not in ("done", "cancel")
        )
        if len(pickings) != 1:
            raise RuntimeError(f"{len(pickings)} open {code} pickings")
        return pickings

    # setup (not measured) of each step
    def setup_confirm_order(self, env):
        if self.fixture["gendan"]:
            values = {
                "milestone_template_id": self.fixture["template"],
                "merchandiser_id": ADMIN_UID,
            }
            values.update(
                dict.fromkeys(
                    (
                        "review_specification",
                        "review_quantity",
                        "review_price",
                        "review_delivery_date",
                        "review_payment_terms",
                        "review_packing",
                    ),
                    True,
                )
            )
            self.order(env).write(values)

    def setup_confirm_po(self, env):
        self.purchase_id = self.purchase(env).id

    def setup_validate_receipt(self, env):
        self.picking_id = self.picking(env, self.purchase(env), "incoming").id

    def setup_validate_delivery(self, env):
        self.picking_id = self.picking(env, self.order(env), "outgoing").id

    def setup_web_read_order(self, env):
        self.specification = form_specification(env)

    # the steps
    def create_order(self, env):
        now = datetime.datetime.now().replace(microsecond=0)
        order = env["sale.order"].create(
            {
                "partner_id": self.fixture["customer"],
                "commitment_date": now + datetime.timedelta(days=60),
                "order_line": [
                    (0, 0, {"product_id": product_id, "product_uom_qty": 10 * index})
                    for index, product_id in enumerate(self.fixture["products"], 1)
                ],
            }
        )
        self.order_id = order.id

    def confirm_order(self, env):
        self.order(env).action_confirm()

    def confirm_po(self, env):
        env["purchase.order"].browse(self.purchase_id).button_confirm()

    def validate_receipt(self, env):
        validate(env["stock.picking"].browse(self.picking_id))

    def validate_delivery(self, env):
        validate(env["stock.picking"].browse(self.picking_id))

    def web_read_order(self, env):
        self.order(env).web_read(self.specification)

    def check(self, env):
        order = self.order(env)
        purchase = self.purchase(env)
        assert order.state == "sale", order.state
        assert purchase.state == "purchase", purchase.state
        assert all(p.state == "done" for p in order.picking_ids), "delivery not done"
        assert all(p.state == "done" for p in purchase.picking_ids), "receipt not done"
        facts = {"delivery_status": order.delivery_status}
        if self.fixture["gendan"]:
            facts["milestones"] = len(order.milestone_ids)
            facts["milestones_done"] = len(
                order.milestone_ids.filtered(lambda m: m.state == "done")
            )
            facts["gendan_stage"] = order.gendan_stage
        return facts


def run_chain(odoo, db, fixture, on_step=None):
    """One repetition: the order chain, each step measured; rolled back.
    Returns ``{step: Measure}`` and the facts of the finished chain."""
    runs = {}
    with environment(odoo, db, ADMIN_UID) as base:
        context = base["res.users"].browse(ADMIN_UID).context_get()
        chain = Chain(fixture)
        env = fresh(odoo, base, context)
        for step in STEPS:
            setup_step = getattr(chain, f"setup_{step}", None)
            if setup_step:
                setup_step(env)
            env = fresh(odoo, env, context)
            action = getattr(chain, step)
            with on_step(step) if on_step else nullcontext(), measure() as run:
                action(env)
                env.flush_all()
                env.cr.precommit.run()
                env.flush_all()
            runs[step] = run
            env = fresh(odoo, env, context)
        facts = chain.check(env)
    return runs, facts


# ------------------------------------------------------------------- SQL log
def statement_key(sql):
    """``KIND table`` of a statement (the first table after FROM for a read)."""
    head = sql.decode() if isinstance(sql, bytes) else str(sql)
    head = head.lstrip()
    upper = head.upper()
    for kind in ("INSERT INTO", "UPDATE", "DELETE FROM"):
        if upper.startswith(kind):
            table = head[len(kind) :].strip().split()[0].strip('"')
            return f"{kind.split()[0]} {table}"
    if upper.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
        return "SAVEPOINT"
    match = re.search(r'\bFROM\s+"?([a-z_0-9]+)"?', head, re.IGNORECASE)
    kind = upper.split()[0] if upper else "?"
    return f"{kind} {match.group(1) if match else '?'}"


ODOO_ADDONS_MARK = f"{os.sep}odoo{os.sep}addons{os.sep}"
ODOO_OWN = "(Odoo's own code)"


def frame_module(path):
    """The add-on a source file belongs to (None outside add-ons)."""
    if path.startswith(GENDAN_DIR[0] + os.sep):
        relative = os.path.relpath(path, GENDAN_DIR[0])
        if relative.startswith("tests" + os.sep):
            return None, None  # this script: its flush_all() is the ORM's
    elif ODOO_ADDONS_MARK in path:
        relative = path.rsplit(ODOO_ADDONS_MARK, 1)[1]
    else:
        return None, None
    return relative.split(os.sep, 1)[0], relative.removesuffix(".py")


class QueryRecorder:
    """A query hook of ``odoo.sql_db``: each statement of the step, the method
    responsible for it and the entry point, among the add-ons installed only
    on the Gendan database (Gendan and its dependencies).

    The responsible method is the innermost frame of such an add-on that is
    not a ``super()`` call: an override that calls ``super()`` passes the work
    on to Odoo, so the statements Odoo runs under it are Odoo's own; the
    statements the override runs itself (before or after ``super()``), or that
    the ORM runs for it (its creates, writes, stored computes), are its own.
    The entry point is the outermost frame of such an add-on."""

    def __init__(self, extra_modules):
        self.extra_modules = extra_modules
        self.rows = []

    def __call__(self, cr, query, params, start, delay):
        responsible = entry = where = None
        for frame in traceback.extract_stack()[:-1]:
            module, relative = frame_module(frame.filename)
            if module is None:
                continue
            name = f"{relative.replace(os.sep, '.')}.{frame.name}"
            if "super(" not in (frame.line or ""):
                where = name
            if module not in self.extra_modules:
                continue
            entry = entry or name
            if "super(" not in (frame.line or ""):
                responsible = name
        key = statement_key(query)
        where = where or "(ORM flush of the step)"
        self.rows.append((key, responsible or ODOO_OWN, entry, f"{where} | {key}"))


class recorded:
    """``on_step`` of ``run_chain``: record the statements of every step."""

    def __init__(self, extra_modules):
        self.extra_modules = extra_modules
        self.steps = {}

    def __call__(self, step):
        return _Recording(self, step)


class _Recording:
    def __init__(self, owner, step):
        self.owner, self.step = owner, step

    def __enter__(self):
        thread = threading.current_thread()
        self.recorder = QueryRecorder(self.owner.extra_modules)
        self.previous = getattr(thread, "query_hooks", None)
        thread.query_hooks = [*(self.previous or ()), self.recorder]
        return self

    def __exit__(self, *exc):
        thread = threading.current_thread()
        if self.previous is None:
            del thread.query_hooks
        else:
            thread.query_hooks = self.previous
        self.owner.steps[self.step] = self.recorder.rows
        return False


def _table(title, plain, gendan):
    keys = sorted(set(plain) | set(gendan), key=lambda k: (plain[k] - gendan[k], k))
    lines = [f"{title:60} {'plain':>6} {'gendan':>6} {'extra':>6}"]
    for key in keys:
        if plain[key] != gendan[key]:
            lines.append(
                f"{key:60} {plain[key]:6} {gendan[key]:6} {gendan[key] - plain[key]:6}"
            )
    same = sum(plain[key] for key in keys if plain[key] == gendan[key])
    lines.append(f"{'(statements the same on both)':60} {same:6} {same:6} {0:6}")
    return lines


def installed_modules(odoo, db):
    with environment(odoo, db) as env:
        env.cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        return {name for (name,) in env.cr.fetchall()}


def write_sql_log(odoo, fixtures, directory):
    """Run the chain once more on both databases, every statement recorded;
    write per step the statements by kind and table on both, and the methods
    of Gendan (and of the add-ons it brings) responsible for the Gendan
    database's statements."""
    os.makedirs(directory, exist_ok=True)
    extra_modules = installed_modules(odoo, GENDAN_DB) - installed_modules(
        odoo, PLAIN_DB
    )
    captured = {}
    for db in (PLAIN_DB, GENDAN_DB):
        recording = recorded(extra_modules)
        run_chain(odoo, db, fixtures[db], recording)
        captured[db] = recording.steps
    summary = {"modules_only_on_gendan": sorted(extra_modules)}
    for step in STEPS:
        plain_rows = captured[PLAIN_DB].get(step, [])
        gendan_rows = captured[GENDAN_DB].get(step, [])
        plain = Counter(row[0] for row in plain_rows)
        gendan = Counter(row[0] for row in gendan_rows)
        responsible = Counter(row[1] for row in gendan_rows)
        entries = Counter(f"{row[2] or ODOO_OWN} > {row[1]}" for row in gendan_rows)
        by_table = Counter(
            f"{r} | {k}" for k, r, _e, _w in gendan_rows if r != ODOO_OWN
        )
        # Odoo's own statements that the plain database does not run: the
        # innermost add-on method (Odoo's) that ran them
        odoo_where = Counter(w for _k, r, _e, w in gendan_rows if r == ODOO_OWN)
        odoo_where.subtract(Counter(row[3] for row in plain_rows))
        own = responsible[ODOO_OWN]
        lines = [
            f"{step}: plain {len(plain_rows)} statements, gendan {len(gendan_rows)} "
            f"(extra {len(gendan_rows) - len(plain_rows)}): "
            f"{len(gendan_rows) - own} run by Gendan and the add-ons it brings, "
            f"{own} by Odoo's own code (plain: {len(plain_rows)})",
            "",
            "Statements by kind and table (only those that differ):",
            *_table("statement (kind table)", plain, gendan),
            "",
            "Gendan database: statements by responsible method",
            *(f"{n:6}  {name}" for name, n in responsible.most_common()),
            "",
            "Gendan database: entry point > responsible method",
            *(f"{n:6}  {name}" for name, n in entries.most_common()),
            "",
            "Gendan database: responsible method | statement",
            *(f"{n:6}  {name}" for name, n in by_table.most_common()),
            "",
            "Odoo's own code: statements more (+) or fewer (-) than on the plain "
            "database, by innermost Odoo method | statement",
            *(f"{n:+6}  {name}" for name, n in odoo_where.most_common() if n),
        ]
        with open(os.path.join(directory, f"{step}.txt"), "w") as output:
            output.write("\n".join(lines) + "\n")
        summary[step] = {
            "plain": len(plain_rows),
            "gendan": len(gendan_rows),
            "gendan_odoo_own": own,
            "gendan_by_method": dict(responsible.most_common()),
        }
    return summary


# ---------------------------------------------------------------------- main
def checkout_state():
    """The commit of the checkout and its uncommitted changes to the add-ons
    (read-only git commands)."""

    def git(*command):
        return subprocess.run(
            ["git", "-C", REPO, *command], capture_output=True, text=True
        ).stdout

    changed = [
        line[3:]
        for line in git(
            "status", "--porcelain", "--", "gendan_tracking", "gendan_appraisal"
        ).splitlines()
    ]
    return {
        "head": git("rev-parse", "HEAD").strip(),
        "uncommitted_addon_files": changed,
    }


def median_run(runs):
    return (
        statistics.median(run.queries for run in runs),
        statistics.median(run.seconds for run in runs),
    )


def print_table(result):
    header = (
        f"{'step':18} {'plain q':>8} {'gendan q':>9} {'q ratio':>8} "
        f"{'plain ms':>9} {'gendan ms':>10} {'t ratio':>8}"
    )
    print(
        f"\nGendan overhead on Odoo's own flows, median of {result['repeat']} "
        f"({result['date']}, load {result['machine']['loadavg'][0]:.2f} before, "
        f"{result['machine']['loadavg_end'][0]:.2f} after)"
    )
    print("-" * len(header))
    print(header)
    print("-" * len(header))
    for step, row in result["steps"].items():
        print(
            f"{step:18} {row['plain_queries']:8g} {row['gendan_queries']:9g} "
            f"{row['query_ratio']:7.2f}x {row['plain_s'] * 1000:9.1f} "
            f"{row['gendan_s'] * 1000:10.1f} {row['time_ratio']:7.2f}x"
        )
    total = result["total"]
    print("-" * len(header))
    print(
        f"{'total':18} {total['plain_queries']:8g} {total['gendan_queries']:9g} "
        f"{total['query_ratio']:7.2f}x {total['plain_s'] * 1000:9.1f} "
        f"{total['gendan_s'] * 1000:10.1f} {total['time_ratio']:7.2f}x"
    )
    print("-" * len(header))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json")
    parser.add_argument(
        "--no-build", action="store_true", help="reuse ovh_plain and ovh_gendan"
    )
    parser.add_argument(
        "--addons-dir",
        default=REPO,
        help="directory of the Gendan add-ons (default: this checkout), e.g. a "
        "`git archive HEAD` export to measure the committed code",
    )
    parser.add_argument(
        "--sql-log", help="directory: SQL of each step per table, both databases"
    )
    args = parser.parse_args(argv)

    import odoo.addons

    GENDAN_DIR[0] = os.path.realpath(args.addons_dir)
    odoo_paths = [
        path
        for path in odoo.addons.__path__
        if os.path.realpath(path) not in (os.path.realpath(REPO), GENDAN_DIR[0])
    ]
    addons_path = ",".join([GENDAN_DIR[0], *odoo_paths])
    checkout = checkout_state() if GENDAN_DIR[0] == os.path.realpath(REPO) else None
    if not args.no_build:
        build_databases(addons_path)
    # not run.setup(): its addons path is this checkout's, fixed
    from odoo.tools import config

    config.parse_config(
        ["-d", PLAIN_DB, f"--addons-path={addons_path}", "--log-level=warn", *SMTP_ARGS]
    )
    assert config["smtp_port"] == 1
    fixtures = {db: prepare(odoo, db) for db in (PLAIN_DB, GENDAN_DB)}
    assert not fixtures[PLAIN_DB]["gendan"] and fixtures[GENDAN_DB]["gendan"]
    loaded_from = os.path.dirname(
        os.path.dirname(os.path.realpath(odoo.addons.gendan_tracking.__file__))
    )
    assert loaded_from == GENDAN_DIR[0], f"Gendan loaded from {loaded_from}"

    started = datetime.datetime.now().isoformat(timespec="seconds")
    machine_start = machine()  # the load average before the measurements
    runs = {db: {step: [] for step in STEPS} for db in (PLAIN_DB, GENDAN_DB)}
    facts = {}
    for attempt in range(args.repeat + 1):  # the first one warms the caches
        order = (PLAIN_DB, GENDAN_DB) if attempt % 2 else (GENDAN_DB, PLAIN_DB)
        for db in order:
            measured, facts[db] = run_chain(odoo, db, fixtures[db])
            if attempt:
                for step, run in measured.items():
                    runs[db][step].append(run)
        print(f"repetition {attempt or 'warm-up'} done", file=sys.stderr, flush=True)

    steps = {}
    for step in STEPS:
        plain_q, plain_s = median_run(runs[PLAIN_DB][step])
        gendan_q, gendan_s = median_run(runs[GENDAN_DB][step])
        steps[step] = {
            "plain_queries": plain_q,
            "gendan_queries": gendan_q,
            "query_ratio": gendan_q / plain_q if plain_q else None,
            "plain_s": plain_s,
            "gendan_s": gendan_s,
            "time_ratio": gendan_s / plain_s if plain_s else None,
            "plain_queries_runs": [r.queries for r in runs[PLAIN_DB][step]],
            "gendan_queries_runs": [r.queries for r in runs[GENDAN_DB][step]],
            "plain_s_runs": [round(r.seconds, 4) for r in runs[PLAIN_DB][step]],
            "gendan_s_runs": [round(r.seconds, 4) for r in runs[GENDAN_DB][step]],
        }
    plain_q = sum(row["plain_queries"] for row in steps.values())
    gendan_q = sum(row["gendan_queries"] for row in steps.values())
    plain_s = sum(row["plain_s"] for row in steps.values())
    gendan_s = sum(row["gendan_s"] for row in steps.values())
    result = {
        "date": started,
        "machine": machine_start,
        "repeat": args.repeat,
        "addons_dir": GENDAN_DIR[0],
        "checkout": checkout,
        "databases": {
            PLAIN_DB: ODOO_MODULES,
            GENDAN_DB: f"{ODOO_MODULES},{GENDAN_MODULES}",
        },
        "chain": facts,
        "steps": steps,
        "total": {
            "plain_queries": plain_q,
            "gendan_queries": gendan_q,
            "query_ratio": gendan_q / plain_q,
            "plain_s": plain_s,
            "gendan_s": gendan_s,
            "time_ratio": gendan_s / plain_s,
        },
    }
    result["machine"]["loadavg_end"] = os.getloadavg()
    if args.sql_log:
        result["sql_log"] = {
            "directory": args.sql_log,
            "statements": write_sql_log(odoo, fixtures, args.sql_log),
        }
    print_table(result)
    if args.json:
        with open(args.json, "w") as output:
            json.dump(result, output, indent=1, default=str)
        print(f"written {args.json}")


if __name__ == "__main__":
    main()
