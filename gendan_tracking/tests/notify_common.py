"""A fake group robot: a real HTTP server on 127.0.0.1, started by the test,
that checks each vendor's signature and payload and answers as told."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlsplit

from odoo.tests.common import BaseCase
from odoo.tests.common import _super_send as real_send  # noqa: PLC2701

ALLOWED_HOSTS_PARAM = "gendan_tracking.notify_allowed_hosts"
SECRET = "SECtest-secret-0123456789"


class FakeRobot:
    """``answers``: per path, a list of answers used in turn (the last one
    repeats): ``"ok"``, ``"errcode"`` (HTTP 200, a vendor error code),
    ``"http500"``, ``"slow"`` (answers after ``slow_seconds``), ``"redirect"``
    (302 to ``/redirected``), ``"not_json"``."""

    def __init__(self):
        self.requests = []
        self.answers = {}
        self.slow_seconds = 2.0
        self.lock = threading.Lock()
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                parts = urlsplit(self.path)
                try:
                    body = json.loads(raw.decode())
                except ValueError:
                    body = None
                with robot.lock:
                    robot.requests.append(
                        {
                            "path": parts.path,
                            "query": parse_qs(parts.query),
                            "raw_query": parts.query,
                            "body": body,
                            "at": time.time(),
                        }
                    )
                    queue = robot.answers.get(parts.path) or ["ok"]
                    answer = queue.pop(0) if len(queue) > 1 else queue[0]
                kind = parts.path.split("/")[1] if "/" in parts.path else ""
                if answer == "slow":
                    time.sleep(robot.slow_seconds)
                    answer = "ok"
                if answer == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "/redirected")
                    self.end_headers()
                    return
                if answer == "http500":
                    self._reply(500, {"error": "boom"})
                    return
                if answer == "not_json":
                    self._reply(200, None, raw=b"<html>ok</html>")
                    return
                error = answer == "errcode"
                if kind == "feishu":
                    payload = (
                        {"code": 19021, "msg": "sign match fail", "data": {}}
                        if error
                        else {"code": 0, "msg": "success", "data": {}}
                    )
                else:
                    payload = (
                        {"errcode": 45009, "errmsg": "api freq out of limit"}
                        if error
                        else {"errcode": 0, "errmsg": "ok"}
                    )
                self._reply(200, payload)

            def _reply(self, status, payload, raw=None):
                data = raw if raw is not None else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a time-out test)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def to(self, path):
        return [request for request in self.requests if request["path"] == path]

    # the vendors' checks

    @staticmethod
    def dingtalk_signature_ok(request, secret=SECRET, max_age=3600):
        timestamp = request["query"]["timestamp"][0]
        # the sign arrives URL-encoded once more than parse_qs undoes
        raw = dict(pair.split("=", 1) for pair in request["raw_query"].split("&"))
        sign = unquote_plus(raw["sign"])
        expected = base64.b64encode(
            hmac.new(
                secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256
            ).digest()
        ).decode()
        fresh = max_age is None or abs(int(timestamp) / 1000 - time.time()) < max_age
        return sign == expected and fresh

    @staticmethod
    def feishu_signature_ok(request, secret=SECRET):
        body = request["body"]
        timestamp = body["timestamp"]
        expected = base64.b64encode(
            hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
        ).decode()
        return body["sign"] == expected


class FakeRobotMixin:
    """Start a fake robot for the test class; let the requests to it through
    (Odoo's test runner blocks every other one) without stretching the
    time-outs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.robot = FakeRobot()
        cls.addClassCleanup(cls.robot.stop)
        cls.outside_requests = []
        cls.env["ir.config_parameter"].sudo().set_param(
            ALLOWED_HOSTS_PARAM, "127.0.0.1"
        )

    @classmethod
    def _request_handler(cls, session, prepared, /, **kw):
        host = urlsplit(prepared.url).hostname
        if host == "127.0.0.1":
            return real_send(session, prepared, **kw)
        cls.outside_requests.append(prepared.url)
        return BaseCase._request_handler.__func__(cls, session, prepared, **kw)

    def setUp(self):
        super().setUp()
        self.robot.requests.clear()
        self.robot.answers.clear()
