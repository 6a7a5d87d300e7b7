#!/usr/bin/env python3
"""Take the README's screenshots from a running demo database.

    scripts/screenshots.py --db shots_en --port 8190
    scripts/screenshots.py --db shots_zh --port 8190 --lang-suffix _zh_CN
    scripts/screenshots.py ... --only board,followup    a few screens only

The database must have both modules installed with demo data, and an Odoo
server must serve it on --port (this script neither installs nor starts Odoo).
Each screen is taken as the demo user who works with it (the merchandiser
``lily.chen``, the manager ``michael.zhang``, ``admin``, the portal customer
``northwind``, the portal supplier ``supplier_demo``; login = password), in that user's language: for the Chinese
screens, set the demo users' language to zh_CN first. The records shown (the
richest followed order, a scorecard with evidence, a pending survey, ...) are
looked up at run time, so the script keeps working when the demo changes.

Files are written as ``<out>/<module>/static/description/<name><suffix>.png``;
<out> defaults to this repository. PDFs are rendered over HTTP and their first
page is converted with ``pdftoppm`` (poppler-utils).
"""

import argparse
import base64
import datetime
import html
import io
import json
import os
import subprocess
import sys
import tempfile

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRACKING = "gendan_tracking"
APPRAISAL = "gendan_appraisal"
USERS = {
    "lily": ("lily.chen", "lily.chen"),
    "michael": ("michael.zhang", "michael.zhang"),
    "admin": ("admin", "admin"),
    "northwind": ("northwind", "northwind"),
    "supplier": ("supplier_demo", "supplier_demo"),
}
VIEWPORT = {"width": 1440, "height": 900}
# the order form tabs Gendan adds (page name in the views -> file name)
ORDER_TABS = (
    ("gendan_followup", "screenshot_followup"),
    ("gendan_supply_quality", "screenshot_order_tab_supply_quality"),
    ("gendan_risks", "screenshot_order_tab_risks"),
    ("gendan_costs", "screenshot_order_tab_costs"),
    ("gendan_documents", "screenshot_order_tab_documents"),
    ("gendan_contract", "screenshot_order_tab_contract"),
)
ACTIVE_STAGES = ("production", "inspection", "shipping")
# the x2many fields of sale.order behind those tabs: the richest order has most
ORDER_CONTENT = (
    "milestone_ids",
    "gendan_purchase_ids",
    "production_issue_ids",
    "inspection_ids",
    "gendan_shipment_ids",
    "risk_ids",
    "cost_line_ids",
    "document_ids",
    "contract_clause_ids",
)


class Session:
    """One logged-in browser context of one demo user."""

    def __init__(self, browser, base, db, user, height=900):
        self.base = base
        login, password = USERS[user]
        self.context = browser.new_context(
            viewport={"width": VIEWPORT["width"], "height": height}
        )
        self.page = self.context.new_page()
        self.page.goto(f"{base}/web/login?db={db}")
        self.page.fill("input[name=login]", login)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_timeout(4000)
        if "/web/login" in self.page.url:
            raise SystemExit(f"login failed for {login}")
        self.login = login
        info = self.page.request.post(
            f"{base}/web/session/get_session_info",
            data="{}",
            headers={"Content-Type": "application/json"},
        ).json()["result"]
        # the user's language and time zone, as the web client sends them
        self.user_context = info.get("user_context", {})

    def rpc(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.user_context)
        response = self.page.request.post(
            f"{self.base}/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        payload = response.json()
        if "error" in payload:
            raise RuntimeError(
                f"{model}.{method}: {payload['error']['data']['message']}"
            )
        return payload["result"]

    def goto(self, path, selector=".o_action_manager .o_view_controller", wait=2500):
        self.page.goto(f"{self.base}{path}")
        if selector:
            self.page.wait_for_selector(selector, timeout=30000)
        self.page.wait_for_timeout(wait)

    def close(self):
        self.context.close()


class Shooter:
    def __init__(self, browser, args):
        self.browser = browser
        self.args = args
        self.base = f"http://localhost:{args.port}"
        self.sessions = {}
        self.taken = []

    def session(self, user, height=900):
        key = (user, height)
        if key not in self.sessions:
            session = Session(self.browser, self.base, self.args.db, user, height)
            self._check_lang(session)
            self.sessions[key] = session
        return self.sessions[key]

    def _check_lang(self, session):
        """Warn when a user's language does not match the file suffix."""
        wanted = self.args.lang_suffix.lstrip("_") or "en_US"
        lang = session.user_context.get("lang")
        if lang != wanted:
            print(f"  WARNING: {session.login} reads {lang}, not {wanted}", flush=True)

    def path(self, module, name):
        directory = os.path.join(self.args.out, module, "static", "description")
        os.makedirs(directory, exist_ok=True)
        return os.path.join(directory, f"{name}{self.args.lang_suffix}.png")

    def save(self, page, module, name, full_page=False, max_height=None):
        target = self.path(module, name)
        clip = None
        if full_page and max_height:
            height = min(
                page.evaluate("document.documentElement.scrollHeight"), max_height
            )
            clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
        page.screenshot(path=target, full_page=full_page, clip=clip)
        compress(target)
        self.taken.append(target)
        print(f"  {os.path.relpath(target, self.args.out)}", flush=True)

    def save_pdf(self, session, report, res_id, module, name):
        response = session.page.request.get(f"{self.base}/report/pdf/{report}/{res_id}")
        if not response.ok or not response.body().startswith(b"%PDF"):
            raise RuntimeError(f"{report}/{res_id}: HTTP {response.status}")
        target = self.path(module, name)
        with tempfile.TemporaryDirectory() as tmp:
            pdf = os.path.join(tmp, "report.pdf")
            with open(pdf, "wb") as f:
                f.write(response.body())
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
                + [pdf, os.path.join(tmp, "page")],
                check=True,
            )
            os.replace(os.path.join(tmp, "page.png"), target)
        compress(target)
        self.taken.append(target)
        print(f"  {os.path.relpath(target, self.args.out)}", flush=True)

    # -- the records shown ---------------------------------------------------

    def richest_order(self, session):
        """The followed order whose Gendan tabs have the most lines, preferring
        an order still being followed (in production, inspection or shipping)."""
        orders = session.rpc(
            "sale.order",
            "search_read",
            [("state", "=", "sale"), ("merchandiser_id", "!=", False)],
            fields=["name", "partner_id", "gendan_stage", *ORDER_CONTENT],
        )
        if not orders:
            raise RuntimeError("no confirmed order with a merchandiser in the demo")

        def richness(order):
            filled = sum(1 for field in ORDER_CONTENT if order[field])
            return (
                order["gendan_stage"] in ACTIVE_STAGES,
                filled,
                sum(len(order[field]) for field in ORDER_CONTENT),
            )

        return max(orders, key=richness)

    def commercial_partner(self, session, user):
        """The id of the company a demo (portal) user belongs to."""
        partner = session.rpc(
            "res.users",
            "search_read",
            [("login", "=", USERS[user][0])],
            fields=["partner_id"],
        )[0]["partner_id"][0]
        return session.rpc("res.partner", "read", [partner], ["commercial_partner_id"])[
            0
        ]["commercial_partner_id"][0]

    def portal_order(self, session, user):
        commercial = self.commercial_partner(session, user)
        orders = session.rpc(
            "sale.order",
            "search_read",
            [("partner_id", "child_of", commercial), ("state", "=", "sale")],
            fields=["name", "milestone_ids"],
        )
        return max(orders, key=lambda order: len(order["milestone_ids"]))

    # -- the screens ---------------------------------------------------------

    def board(self):
        lily = self.session("lily")
        lily.goto(
            "/odoo/action-gendan_tracking.sale_order_action_gendan",
            ".o_kanban_renderer",
        )
        self.save(lily.page, TRACKING, "screenshot_board")

    def team_board(self):
        michael = self.session("michael")
        michael.goto(
            "/odoo/action-gendan_tracking.sale_order_action_gendan_team",
            ".o_kanban_renderer",
        )
        self.save(michael.page, TRACKING, "screenshot_team_board")

    def order_tabs(self):
        lily = self.session("lily")
        order = self.richest_order(lily)
        print(f"  (order {order['name']}, {order['partner_id'][1]})", flush=True)
        lily.goto(
            f"/odoo/action-gendan_tracking.sale_order_action_gendan/{order['id']}",
            ".o_form_view .o_notebook",
        )
        page = lily.page
        for tab, name in ORDER_TABS:
            link = page.locator(f".o_notebook .nav-link[name={tab}]")
            if not link.count():
                print(f"  tab {tab} not shown, skipped", flush=True)
                continue
            link.click()
            page.wait_for_timeout(1200)
            # the tab's content, not the order's header, is the point
            # the whole tab, within reason: the window grows to fit it
            height = page.evaluate(
                "document.querySelector('.o_control_panel').getBoundingClientRect()"
                ".bottom + document.querySelector('.o_notebook')"
                ".getBoundingClientRect().height + 24"
            )
            page.set_viewport_size(
                {"width": VIEWPORT["width"], "height": int(min(max(height, 900), 1600))}
            )
            page.evaluate(
                "document.querySelector('.o_notebook').scrollIntoView({block: 'start'})"
            )
            page.wait_for_timeout(600)
            self.save(page, TRACKING, name)
        page.set_viewport_size(VIEWPORT)

    def calendar(self):
        lily = self.session("lily")
        lily.goto(
            "/odoo/action-gendan_tracking.gendan_milestone_action?view_type=calendar",
            ".o_calendar_renderer",
            wait=3500,
        )
        self.save(lily.page, TRACKING, "screenshot_calendar")

    def timeline(self):
        """The milestone timeline of Lily's orders; then the replan dialog of
        a customer-visible milestone dragged a month later (cancelled: nothing
        is written)."""
        lily = self.session("lily")
        lily.goto(
            "/odoo/action-gendan_tracking.gendan_milestone_action_timeline",
            ".o_gendan_timeline .o_gendan_tl_item.vis-box",
            wait=3500,
        )
        self.save(lily.page, TRACKING, "screenshot_timeline")
        uid = lily.rpc("res.users", "search", [("login", "=", USERS["lily"][0])])[0]
        candidates = lily.rpc(
            "gendan.milestone",
            "search_read",
            [
                ("merchandiser_id", "=", uid),
                ("state", "in", ["pending", "in_progress"]),
                ("customer_visible", "=", True),
                ("successor_ids", "!=", False),
            ],
            fields=["name", "successor_ids"],
            order="planned_date",
        )
        # the one that pushes the longest chain of successors shows the
        # preview best
        successors = {m["id"]: m["successor_ids"] for m in candidates}
        more = lily.rpc(
            "gendan.milestone",
            "search_read",
            [("merchandiser_id", "=", uid), ("successor_ids", "!=", False)],
            fields=["successor_ids"],
        )
        successors.update({m["id"]: m["successor_ids"] for m in more})

        def reach(milestone_id, seen):
            for successor in successors.get(milestone_id, ()):
                if successor not in seen:
                    seen.add(successor)
                    reach(successor, seen)
            return seen

        candidates.sort(key=lambda milestone: -len(reach(milestone["id"], set())))
        page = lily.page
        for candidate in candidates:
            item = page.locator(
                ".o_gendan_tl_item.vis-box:not(.o_gendan_tl_locked)",
                has_text=candidate["name"],
            ).first
            if not item.count() or not item.is_visible():
                continue
            box = item.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            item.click()  # vis-timeline drags a selected item
            page.mouse.move(x, y)
            page.mouse.down()
            for step in range(1, 11):
                page.mouse.move(x + 15 * step, y)
            page.mouse.up()
            page.wait_for_selector(".modal .o_gendan_replan_preview", timeout=15000)
            page.wait_for_timeout(800)
            self.save(page, TRACKING, "screenshot_timeline_replan")
            page.click(".modal button[special=cancel]")
            page.wait_for_timeout(1500)
            return
        raise RuntimeError("no customer-visible milestone with successors on screen")

    def purchase_followup(self):
        lily = self.session("lily")
        lily.goto(
            "/odoo/action-gendan_tracking.purchase_order_action_followup",
            ".o_list_renderer",
        )
        self.save(lily.page, TRACKING, "screenshot_purchase_followup")

    def risk_matrix(self):
        lily = self.session("lily")
        lily.goto(
            "/odoo/action-gendan_tracking.gendan_risk_action_matrix",
            ".o_pivot, .o_list_renderer, .o_graph_renderer",
        )
        self.save(lily.page, TRACKING, "screenshot_risk_matrix")

    def complaints(self):
        lily = self.session("lily")
        lily.goto("/odoo/action-gendan_tracking.gendan_complaint_action")
        self.save(lily.page, TRACKING, "screenshot_complaints")

    def dashboard(self):
        michael = self.session("michael")
        michael.goto(
            "/odoo/action-gendan_tracking.gendan_analysis_dashboard_client_action",
            ".o_gendan_dashboard .o_gendan_kpi_value",
            wait=3500,
        )
        self.save(michael.page, TRACKING, "analysis_dashboard")

    def analysis_pivot(self):
        michael = self.session("michael")
        michael.goto(
            "/odoo/action-gendan_tracking.gendan_order_report_action", ".o_pivot"
        )
        self.save(michael.page, TRACKING, "analysis_pivot")

    def delay_graph(self):
        michael = self.session("michael")
        michael.goto(
            "/odoo/action-gendan_tracking.gendan_milestone_report_action",
            ".o_graph_renderer, .o_view_nocontent",
        )
        self.save(michael.page, TRACKING, "analysis_delay_graph")

    def portal(self):
        order = self.portal_order(self.session("admin"), "northwind")
        northwind = self.session("northwind")
        northwind.goto(f"/my/orders/{order['id']}", "#portal_sale_content, main")
        self.save(northwind.page, TRACKING, "screenshot_portal_progress", True, 2200)

    def supplier_portal(self):
        """The supplier's Follow-up on the vendor portal: the purchase order
        of the demo supplier that has the most promise history."""
        admin = self.session("admin")
        commercial = self.commercial_partner(admin, "supplier")
        purchases = admin.rpc(
            "purchase.order",
            "search_read",
            [
                ("partner_id", "child_of", commercial),
                ("state", "in", ("purchase", "done")),
                ("gendan_sale_order_ids", "!=", False),
            ],
            fields=["name", "expedite_ids"],
        )
        if not purchases:
            raise RuntimeError("the demo supplier has no purchase order to follow")
        purchase = max(purchases, key=lambda p: (len(p["expedite_ids"]), p["id"]))
        supplier = self.session("supplier")
        # the portal's language is the one of the URL, else of the cookie the
        # login page set: the supplier's language goes in the URL
        lang = supplier.user_context.get("lang") or "en_US"
        prefix = "" if lang == "en_US" else f"/{lang}"
        supplier.goto(f"{prefix}/my/purchase/{purchase['id']}", "#gendan_followup")
        self.save(supplier.page, TRACKING, "screenshot_supplier_portal", True, 2000)

    def packing_list(self):
        admin = self.session("admin")
        pickings = admin.rpc(
            "stock.picking",
            "search_read",
            [
                ("picking_type_code", "=", "outgoing"),
                ("sale_id.merchandiser_id", "!=", False),
                ("state", "!=", "cancel"),
            ],
            fields=["name", "state", "move_ids"],
        )
        if not pickings:
            raise RuntimeError("no outgoing delivery of a followed order")
        picking = max(
            pickings, key=lambda p: (p["state"] == "done", len(p["move_ids"]))
        )
        print(f"  (delivery {picking['name']})", flush=True)
        self.save_pdf(
            admin,
            "gendan_tracking.report_packing_list",
            picking["id"],
            TRACKING,
            "packing_list",
        )

    def _scorecard(self, session):
        """A scorecard of the merchandiser with the most evidence."""
        cards = session.rpc(
            "gendan.appraisal",
            "search_read",
            [("user_id.login", "=", USERS["lily"][0])],
            fields=["name", "line_ids", "date_from"],
            order="date_from desc",
        )
        best, best_evidence = None, -1
        for card in cards:
            lines = session.rpc(
                "gendan.appraisal.line", "read", card["line_ids"], ["evidence_count"]
            )
            evidence = sum(1 for line in lines if line["evidence_count"])
            if evidence > best_evidence:
                best, best_evidence = card, evidence
        if best is None:
            raise RuntimeError("no scorecard of lily.chen in the demo")
        return best

    def scorecard(self):
        michael = self.session("michael", height=1000)
        card = self._scorecard(michael)
        print(f"  (scorecard {card['name']})", flush=True)
        michael.goto(
            f"/odoo/action-gendan_appraisal.gendan_appraisal_action/{card['id']}",
            ".o_form_view .o_field_one2many",
        )
        self.save(michael.page, APPRAISAL, "screenshot_scorecard")
        lines = michael.rpc(
            "gendan.appraisal.line",
            "read",
            card["line_ids"],
            ["indicator_id", "evidence_count"],
        )
        line = max(lines, key=lambda line: line["evidence_count"])
        row = michael.page.locator(
            ".o_field_one2many .o_data_row", has_text=line["indicator_id"][1]
        ).first
        row.locator("button[name=action_open_evidence]").click()
        michael.page.wait_for_selector(".o_list_renderer:not(.o_field_one2many *)")
        michael.page.wait_for_timeout(2500)
        self.save(michael.page, APPRAISAL, "screenshot_scorecard_evidence")
        self.save_pdf(
            michael,
            "gendan_appraisal.report_gendan_appraisal",
            card["id"],
            APPRAISAL,
            "screenshot_scorecard_pdf",
        )

    def scorecard_trend(self):
        michael = self.session("michael")
        michael.goto(
            "/odoo/action-gendan_appraisal.gendan_appraisal_action_trend",
            ".o_graph_renderer, .o_pivot, .o_list_renderer",
        )
        self.save(michael.page, APPRAISAL, "screenshot_scorecard_trend")

    def candidate(self):
        michael = self.session("michael", height=1000)
        candidates = michael.rpc(
            "gendan.appraisal.candidate",
            "search_read",
            [],
            fields=["name", "line_ids"],
        )
        if not candidates:
            raise RuntimeError("no candidate in the demo")
        candidate = max(candidates, key=lambda c: len(c["line_ids"]))
        michael.goto(
            f"/odoo/action-gendan_appraisal.gendan_appraisal_candidate_action/{candidate['id']}",
            ".o_form_view",
        )
        self.save(michael.page, APPRAISAL, "screenshot_candidate")

    def samples(self):
        lily = self.session("lily")
        lily.goto(
            "/odoo/action-gendan_tracking.gendan_sample_action", ".o_kanban_renderer"
        )
        self.save(lily.page, TRACKING, "screenshot_samples")

    def order_samples(self):
        """The Samples tab of the order with the most rounds, then samples."""
        lily = self.session("lily")
        samples = lily.rpc(
            "gendan.sample",
            "search_read",
            [("order_id.state", "=", "sale")],
            fields=["order_id", "round"],
        )
        if not samples:
            raise RuntimeError("no order with samples in the demo")
        orders = {}
        for sample in samples:
            rounds, count = orders.get(sample["order_id"][0], (0, 0))
            orders[sample["order_id"][0]] = (max(rounds, sample["round"]), count + 1)
        order_id = max(orders, key=lambda order_id: orders[order_id])
        order = lily.rpc("sale.order", "read", [order_id], ["name"])[0]
        print(f"  (order {order['name']})", flush=True)
        lily.goto(
            f"/odoo/action-gendan_tracking.sale_order_action_gendan/{order['id']}",
            ".o_form_view .o_notebook",
        )
        page = lily.page
        page.locator(".o_notebook .nav-link[name=gendan_samples]").click()
        page.mouse.move(0, VIEWPORT["height"] - 1)
        page.wait_for_timeout(1200)
        page.evaluate(
            "document.querySelector('.o_notebook').scrollIntoView({block: 'start'})"
        )
        page.wait_for_timeout(600)
        self.save(page, TRACKING, "screenshot_order_tab_samples")

    def gates(self):
        michael = self.session("michael")
        gates = michael.rpc(
            "gendan.gate", "search_read", [], fields=["name", "line_ids"]
        )
        if not gates:
            raise RuntimeError("no readiness gate")
        gate = max(gates, key=lambda gate: len(gate["line_ids"]))
        michael.goto(
            f"/odoo/action-gendan_tracking.gendan_gate_action/{gate['id']}",
            ".o_form_view",
        )
        self.save(michael.page, TRACKING, "screenshot_gate")

    def risk_rules(self):
        michael = self.session("michael")
        michael.goto("/odoo/action-gendan_tracking.gendan_risk_rule_action")
        self.save(michael.page, TRACKING, "screenshot_risk_rules")

    def _xmlid(self, session, xmlid):
        module, name = xmlid.split(".")
        rows = session.rpc(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        if not rows:
            raise RuntimeError(f"no record {xmlid}")
        return rows[0]["res_id"]

    def demo_channel(self, admin):
        """The WeCom group robot of the screenshots (made once; the demo
        ships none, since a webhook address is a company's own secret)."""
        channels = admin.rpc(
            "gendan.notify.channel",
            "search_read",
            [("kind", "=", "wecom")],
            fields=["id"],
            limit=1,
        )
        if channels:
            return channels[0]["id"]
        return admin.rpc(
            "gendan.notify.channel",
            "create",
            {
                "name": "跟单预警群 / Follow-up alerts",
                "kind": "wecom",
                "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
                "?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
            },
        )

    def notify_channel(self):
        admin = self.session("admin")
        channel_id = self.demo_channel(admin)
        admin.goto(
            f"/odoo/action-gendan_tracking.gendan_notify_channel_action/{channel_id}",
            ".o_form_view",
        )
        self.save(admin.page, TRACKING, "screenshot_notify_channel")

    def chat_message(self):
        """A daily digest as the WeCom group shows it, rendered from the
        payload Gendan posts (the digest cron is run once to queue it; the
        robot's address is not reachable from here, so it stays failed)."""
        import markdown

        sys.path.insert(0, os.path.join(ROOT, TRACKING, "tools"))
        import notify  # the pure payload builder, without Odoo

        admin = self.session("admin")
        channel_id = self.demo_channel(admin)
        fields = ["title", "body", "link_url", "link_label"]
        domain = [("channel_id", "=", channel_id), ("trigger", "=", "digest")]
        messages = admin.rpc(
            "gendan.notify.message", "search_read", domain, fields=fields
        )
        if not messages:
            cron = self._xmlid(admin, "gendan_tracking.ir_cron_gendan_notify_digest")
            admin.rpc("ir.cron", "method_direct_trigger", [cron])
            messages = admin.rpc(
                "gendan.notify.message", "search_read", domain, fields=fields
            )
        if not messages:
            raise RuntimeError("the digest queued no message")
        message = max(messages, key=lambda m: len(m["body"] or ""))
        _url, payload = notify.build_request(
            "wecom",
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo",
            None,
            message["title"],
            message["body"],
            0,
            message["link_label"],
            message["link_url"],
        )
        # a line break in a WeCom markdown message is a line break
        content = markdown.markdown(
            payload["markdown"]["content"], extensions=["nl2br"]
        )
        page = admin.context.new_page()
        page.set_viewport_size({"width": 720, "height": 900})
        page.set_content(chat_html(content))
        page.wait_for_timeout(500)
        height = page.evaluate("document.body.scrollHeight")
        target = self.path(TRACKING, "screenshot_chat_message")
        page.screenshot(
            path=target, clip={"x": 0, "y": 0, "width": 720, "height": height}
        )
        page.close()
        compress(target)
        self.taken.append(target)
        print(f"  {os.path.relpath(target, self.args.out)}", flush=True)

    def portal_samples(self):
        """The decision block of the samples on the customer's order page."""
        admin = self.session("admin")
        customer = self.commercial_partner(admin, "northwind")
        samples = admin.rpc(
            "gendan.sample",
            "search_read",
            [("partner_id", "child_of", customer), ("state", "=", "sent")],
            fields=["order_id"],
        )
        if not samples:
            raise RuntimeError("no sample of northwind waiting for a decision")
        northwind = self.session("northwind")
        northwind.goto(
            f"/my/orders/{samples[0]['order_id'][0]}", "#gendan_samples", wait=1500
        )
        # the section, with the order progress above it in sight
        northwind.page.evaluate(
            "document.querySelector('#gendan_samples').scrollIntoView({block: 'start'});"
            "window.scrollBy(0, -160)"
        )
        northwind.page.wait_for_timeout(600)
        self.save(northwind.page, TRACKING, "screenshot_portal_samples")

    def survey(self):
        admin = self.session("admin")
        customer = self.commercial_partner(admin, "northwind")
        domain = [("partner_id", "child_of", customer), ("state", "=", "pending")]
        surveys = admin.rpc("gendan.satisfaction", "search_read", domain, fields=[])
        if not surveys:
            # the page's point is the questions: send the survey of a delivered
            # order, as the merchandiser's Send Survey button does
            orders = admin.rpc(
                "sale.order",
                "search_read",
                [
                    ("partner_id", "child_of", customer),
                    ("state", "=", "sale"),
                    ("delivery_status", "=", "full"),
                ],
                fields=["name"],
                order="date_order desc",
            )
            answered = admin.rpc(
                "gendan.satisfaction",
                "search_read",
                [("partner_id", "child_of", customer)],
                fields=["order_id"],
            )
            answered = {survey["order_id"][0] for survey in answered}
            orders = [order for order in orders if order["id"] not in answered]
            if not orders:
                raise RuntimeError("no pending survey and no delivered order to ask")
            admin.rpc("sale.order", "action_gendan_send_survey", [orders[0]["id"]])
            print(
                f"  (no pending survey: sent one for {orders[0]['name']})", flush=True
            )
            surveys = admin.rpc("gendan.satisfaction", "search_read", domain, fields=[])
        survey = surveys[0]
        northwind = self.session("northwind")
        northwind.goto(f"/gendan/survey/{survey['id']}", "main")
        self.save(northwind.page, APPRAISAL, "screenshot_survey", True, 1400)

    # -- the T&A calendar in Excel (issue 20) -------------------------------

    def ta_calendar_orders(self, session, limit=10):
        """Confirmed followed orders with the most milestones, by ship date."""
        orders = session.rpc(
            "sale.order",
            "search_read",
            [("state", "=", "sale"), ("merchandiser_id", "!=", False)],
            fields=["name", "milestone_ids", "commitment_date"],
        )
        orders = [order for order in orders if order["milestone_ids"]]
        if not orders:
            raise RuntimeError("no confirmed order with milestones in the demo")
        orders.sort(key=lambda order: (-len(order["milestone_ids"]), order["id"]))
        orders = orders[:limit]
        orders.sort(key=lambda order: order["commitment_date"] or "")
        return [order["id"] for order in orders]

    def ta_calendar_xlsx(self, session, order_ids):
        ids = ",".join(map(str, order_ids))
        # the user's context, as the web client's Print menu sends it
        response = session.page.request.get(
            f"{self.base}/report/xlsx/gendan_tracking.ta_calendar_xlsx/{ids}",
            params={"context": json.dumps(session.user_context)},
        )
        if not response.ok or not response.body().startswith(b"PK"):
            raise RuntimeError(f"T&A calendar export: HTTP {response.status}")
        return response.body()

    def ta_calendar_sheet(self):
        """The exported sheet, rendered as a spreadsheet would show it."""
        lily = self.session("lily")
        content = self.ta_calendar_xlsx(lily, self.ta_calendar_orders(lily))
        page = lily.context.new_page()
        page.set_content(sheet_html(content, max_milestones=6))
        width = page.evaluate("document.querySelector('.sheet').scrollWidth") + 16
        height = page.evaluate("document.querySelector('.sheet').scrollHeight") + 16
        page.set_viewport_size({"width": width, "height": height})
        target = self.path(TRACKING, "screenshot_ta_calendar_sheet")
        page.screenshot(path=target)
        compress(target)
        self.taken.append(target)
        print(f"  {os.path.relpath(target, self.args.out)}", flush=True)
        page.close()

    def ta_import_preview(self):
        """The import wizard's preview of a sheet the buyer edited: moved
        dates, the milestones they push, a changed actual date, a bad cell."""
        from openpyxl import load_workbook

        lily = self.session("lily")
        order_ids = self.ta_calendar_orders(lily, 6)
        content = self.ta_calendar_xlsx(lily, order_ids)
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook.active
        keys = {cell.column: cell.value for cell in sheet[1] if cell.value}
        milestones = lily.rpc(
            "gendan.milestone",
            "search_read",
            [
                ("order_id", "in", order_ids),
                ("state", "in", ["pending", "in_progress", "late"]),
                ("template_line_id", "!=", False),
                ("planned_date", "!=", False),
            ],
            fields=["order_id", "template_line_id", "planned_date", "successor_ids"],
            order="order_id, sequence",
        )
        rows = {sheet.cell(row, 1).value: row for row in range(4, sheet.max_row + 1)}
        column = {value: col for col, value in keys.items()}
        # milestones with successors first: the preview shows them pushed
        milestones.sort(key=lambda milestone: not milestone["successor_ids"])
        edits, done_orders = [], set()
        for milestone in milestones:
            order = milestone["order_id"][1]
            key = f"planned:line:{milestone['template_line_id'][0]}"
            if order in done_orders or key not in column or order not in rows:
                continue
            done_orders.add(order)
            edits.append((rows[order], column[key], milestone["planned_date"]))
        for row, col, planned in edits[:3]:
            day = datetime.date.fromisoformat(planned) + datetime.timedelta(days=7)
            sheet.cell(row, col).value = datetime.datetime.combine(day, datetime.time())
        if len(edits) > 3:
            # a buyer's note instead of a date: an error, so Apply is withheld
            row, col, _planned = edits[3]
            sheet.cell(row, col).value = "end of May?"
        # an actual date changed by the buyer: a warning (actuals come from events)
        for row in rows.values():
            actual = next(
                (
                    sheet.cell(row, col)
                    for col, key in keys.items()
                    if key.startswith("actual:") and sheet.cell(row, col).value
                ),
                None,
            )
            if actual is not None:
                actual.value += datetime.timedelta(days=1)
                break
        buffer = io.BytesIO()
        workbook.save(buffer)
        wizard_id = lily.rpc(
            "gendan.ta.import.wizard",
            "create",
            {
                "file": base64.b64encode(buffer.getvalue()).decode(),
                "filename": "T&A Calendar (buyer).xlsx",
            },
        )
        action = lily.rpc("gendan.ta.import.wizard", "action_preview", [wizard_id])
        lily.goto(
            "/odoo/action-gendan_tracking.sale_order_action_gendan?view_type=list",
            ".o_list_renderer",
        )
        action["views"] = [[False, "form"]]
        lily.page.evaluate(
            "(action) => odoo.__WOWL_DEBUG__.root.env.services.action.doAction(action)",
            action,
        )
        lily.page.wait_for_selector(".modal .o_form_view", timeout=30000)
        lily.page.wait_for_timeout(2000)
        self.save(lily.page, TRACKING, "screenshot_ta_import_preview")


SCREENS = (
    "board",
    "team_board",
    "order_tabs",
    "calendar",
    "timeline",
    "purchase_followup",
    "risk_matrix",
    "complaints",
    "dashboard",
    "analysis_pivot",
    "delay_graph",
    "portal",
    "supplier_portal",
    "packing_list",
    "scorecard",
    "scorecard_trend",
    "candidate",
    "survey",
    "ta_calendar_sheet",
    "ta_import_preview",
    "samples",
    "order_samples",
    "gates",
    "portal_samples",
    "risk_rules",
    "notify_channel",
    "chat_message",
)


def _color(value):
    rgb = value.rgb if value is not None and value.type == "rgb" else None
    return f"#{rgb[-6:]}" if isinstance(rgb, str) and rgb != "00000000" else None


def _cell_text(value):
    if isinstance(value, datetime.datetime):
        value = value.strftime("%Y-%m-%d")
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else html.escape(str(value))


def _cell_css(cell, frozen_edge):
    """The CSS of a cell: its fill, font, alignment, the frozen panes' edge."""
    css = []
    if cell.fill is not None and cell.fill.fill_type == "solid":
        background = _color(cell.fill.fgColor)
        if background:
            css.append(f"background:{background}")
    if cell.font is not None:
        font_color = _color(cell.font.color)
        if font_color:
            css.append(f"color:{font_color}")
        if cell.font.bold:
            css.append("font-weight:bold")
        if cell.font.sz and cell.font.sz > 12:
            css.append(f"font-size:{cell.font.sz + 2}px")
    if cell.alignment is not None and cell.alignment.horizontal == "center":
        css.append("text-align:center")
    if isinstance(cell.value, (int, float, datetime.datetime)):
        css.append("text-align:right")
    if frozen_edge:
        css.append("border-right:2px solid #9aa0a6")
    return css


def sheet_html(content, max_milestones=None):
    """An HTML page showing the first sheet of an xlsx file as a spreadsheet
    does: column letters and row numbers, column widths, merged cells, fills
    and fonts, dates in the cells' format, hidden rows left out, frozen panes
    marked. Only the order columns and the first ``max_milestones`` milestone
    pairs are kept (a README image has to stay readable)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    sheet = load_workbook(io.BytesIO(content)).active
    last_col = sheet.max_column
    if max_milestones:
        last_col = min(last_col, 6 + 2 * max_milestones)
    merged = {}
    covered = set()
    for ranges in sheet.merged_cells.ranges:
        merged[(ranges.min_row, ranges.min_col)] = ranges.max_col - ranges.min_col + 1
        for col in range(ranges.min_col + 1, ranges.max_col + 1):
            covered.add((ranges.min_row, col))
    widths = [
        int((sheet.column_dimensions[get_column_letter(col)].width or 9) * 7.2)
        for col in range(1, last_col + 1)
    ]
    frozen_row, frozen_col = 0, 0
    if sheet.freeze_panes:
        frozen = sheet[sheet.freeze_panes]
        frozen_row, frozen_col = frozen.row - 1, frozen.column - 1

    cells = ['<tr><th class="corner"></th>']
    for col in range(1, last_col + 1):
        cells.append(
            f'<th style="width:{widths[col - 1]}px">{get_column_letter(col)}</th>'
        )
    cells.append("</tr>")
    for row in range(1, sheet.max_row + 1):
        if sheet.row_dimensions[row].hidden:
            continue
        height = sheet.row_dimensions[row].height
        style = f' style="height:{int(height * 1.33)}px"' if height else ""
        line_class = ' class="frozen"' if row == frozen_row else ""
        cells.append(f'<tr{style}{line_class}><th class="row">{row}</th>')
        for col in range(1, last_col + 1):
            if (row, col) in covered:
                continue
            cell = sheet.cell(row, col)
            span = min(merged.get((row, col), 1), last_col - col + 1)
            css = _cell_css(cell, col == frozen_col)
            attributes = f' colspan="{span}"' if span > 1 else ""
            if css:
                attributes += f' style="{";".join(css)}"'
            text = _cell_text(cell.value)
            cells.append(f"<td{attributes}>{text}</td>")
        cells.append("</tr>")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ margin: 8px; font: 13px "Noto Sans", "Noto Sans CJK SC", Calibri, sans-serif;
       background: #fff; }}
table {{ border-collapse: collapse; table-layout: fixed; }}
td, th {{ border: 1px solid #d0d4d9; padding: 2px 4px; white-space: nowrap;
         overflow: hidden; text-overflow: ellipsis; }}
th {{ background: #f1f3f4; color: #5f6368; font-weight: normal; }}
th.row {{ width: 28px; }} th.corner {{ width: 28px; }}
tr.frozen td, tr.frozen th {{ border-bottom: 2px solid #9aa0a6; }}
.tab {{ display: inline-block; margin-top: 6px; padding: 3px 14px;
        border: 1px solid #d0d4d9; border-top: 0; background: #fff;
        font-weight: bold; color: #1a73e8; }}
</style></head><body><div class="sheet"><table>{"".join(cells)}</table>
<div class="tab">{html.escape(sheet.title)}</div></div></body></html>"""


def chat_html(content):
    """A WeCom group chat with the robot's markdown message in a bubble."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; font: 14px "Noto Sans CJK SC", "Noto Sans", sans-serif;
       background: #ededed; }}
.bar {{ background: #f7f7f7; border-bottom: 1px solid #d9d9d9; padding: 12px 16px;
        font-size: 16px; font-weight: bold; text-align: center; }}
.row {{ display: flex; gap: 10px; padding: 18px 16px 24px; }}
.avatar {{ width: 40px; height: 40px; border-radius: 6px; background: #3d7cf5;
           color: #fff; font-size: 22px; text-align: center; line-height: 40px;
           flex: none; }}
.name {{ color: #888; font-size: 12px; margin-bottom: 4px; }}
.bubble {{ background: #fff; border-radius: 6px; padding: 10px 14px; max-width: 560px;
           line-height: 1.6; }}
.bubble p {{ margin: 0 0 6px; }} .bubble a {{ color: #2e63c8; text-decoration: none; }}
.bubble ul {{ margin: 0 0 6px; padding-left: 18px; }}
</style></head><body><div class="bar">跟单预警群 / Follow-up alerts (8)</div>
<div class="row"><div class="avatar">跟</div><div>
<div class="name">Gendan 跟单机器人</div><div class="bubble">{content}</div>
</div></div></body></html>"""


def compress(path):
    """Rewrite a PNG with zlib's best effort (Pillow, when installed)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.load()
        image = image.convert("RGB")
    image.save(path, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--lang-suffix", default="", help='"" or "_zh_CN"')
    parser.add_argument("--out", default=ROOT, help="default: this repository")
    parser.add_argument("--only", default="", help="comma-separated screens")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    screens = [s for s in args.only.split(",") if s] or list(SCREENS)
    unknown = set(screens) - set(SCREENS)
    if unknown:
        parser.error(f"unknown screens {sorted(unknown)}; known: {', '.join(SCREENS)}")
    failed = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=["--no-sandbox"]
        )
        shooter = Shooter(browser, args)
        for screen in screens:
            print(screen, flush=True)
            try:
                getattr(shooter, screen)()
            except Exception as error:  # one broken screen must not stop the rest
                print(f"  FAILED: {error}", file=sys.stderr, flush=True)
                failed.append(screen)
        browser.close()
    print(f"{len(shooter.taken)} screenshots written", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
