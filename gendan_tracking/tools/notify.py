"""Group robots of WeCom, DingTalk and Feishu: which URLs may be called, how a
message is signed and shaped, and what an answer means. Pure functions (no
ORM, no network), unit-tested on their own.

Vendor formats (checked against the vendors' documentation):

- WeCom group robot: ``POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?
  key=…`` with ``{"msgtype": "markdown", "markdown": {"content": …}}``; the
  answer is ``{"errcode": 0, "errmsg": "ok"}``.
- DingTalk custom robot: ``POST https://oapi.dingtalk.com/robot/send?
  access_token=…&timestamp=…&sign=…`` with ``{"msgtype": "markdown",
  "markdown": {"title": …, "text": …}}``; ``timestamp`` in milliseconds, ``sign``
  = urlencode(base64(HMAC-SHA256(key=secret, msg=timestamp + "\\n" + secret))).
  The answer is ``{"errcode": 0, "errmsg": "ok"}``.
- Feishu / Lark custom bot: ``POST https://open.feishu.cn/open-apis/bot/v2/
  hook/…`` with ``{"timestamp", "sign", "msg_type": "interactive", "card": …}``;
  ``timestamp`` in seconds, ``sign`` = base64(HMAC-SHA256(key=timestamp + "\\n"
  + secret, msg=b"")). The answer is ``{"code": 0, "msg": "success"}`` (older
  bots: ``{"StatusCode": 0}``).
"""

import base64
import hashlib
import hmac
import json
from urllib.parse import quote_plus, urlsplit

KINDS = ("wecom", "dingtalk", "feishu")

# The vendors' own API hosts: the only ones reached without configuration, and
# only over https on the default port.
VENDOR_HOSTS = {
    "wecom": ("qyapi.weixin.qq.com",),
    "dingtalk": ("oapi.dingtalk.com",),
    "feishu": ("open.feishu.cn", "open.larksuite.com"),
}
ALL_VENDOR_HOSTS = frozenset(host for hosts in VENDOR_HOSTS.values() for host in hosts)

# WeCom refuses markdown content over 4096 bytes; DingTalk and Feishu allow
# more, but a chat alert is short: every kind is cut at the same size.
MAX_TEXT_BYTES = 4000


class UrlRefused(ValueError):
    """A webhook URL that Gendan will not call (the reason is the message)."""


def parse_allowed_hosts(value):
    """The host names of the system parameter (comma-separated), lower case."""
    return frozenset(
        host.strip().lower() for host in (value or "").split(",") if host.strip()
    )


def check_url(url, extra_hosts=frozenset()):
    """Raise :class:`UrlRefused` unless ``url`` may be called: ``https`` to a
    vendor's host (default port), or ``http``/``https`` to one of
    ``extra_hosts`` (any port). No user name or password in the URL, no
    fragment. Returns the URL's host name."""
    if not url or not isinstance(url, str):
        raise UrlRefused("empty URL")
    if any(char.isspace() or ord(char) < 32 for char in url):
        raise UrlRefused("the URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UrlRefused(f"not a URL: {error}") from error
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host:
        raise UrlRefused("the URL has no host")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UrlRefused("a user name or password in the URL is refused")
    if parts.fragment:
        raise UrlRefused("a fragment in the URL is refused")
    if host in extra_hosts:
        if scheme not in ("http", "https"):
            raise UrlRefused(f"scheme {scheme!r} is refused")
        return host
    if host not in ALL_VENDOR_HOSTS:
        raise UrlRefused(f"host {host!r} is neither a vendor's nor an allowed host")
    if scheme != "https":
        raise UrlRefused(
            f"the vendors' hosts are only reached over https, not {scheme}"
        )
    if port not in (None, 443):
        raise UrlRefused(f"port {port} is refused for a vendor's host")
    return host


def dingtalk_sign(secret, timestamp_ms):
    """DingTalk's ``sign`` parameter, URL-encoded."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret, timestamp_s):
    """Feishu's ``sign`` field: the key is ``timestamp\\nsecret``, the message
    empty."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def _cut(text, limit=MAX_TEXT_BYTES):
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode(errors="ignore") + "…"


def markdown_text(title, lines, link_label=None, link_url=None):
    """The markdown body common to the three kinds: a bold title, the lines,
    and the link back to the record."""
    parts = [f"**{title}**", ""]
    parts.extend(line for line in lines if line)
    if link_url:
        parts.extend(["", f"[{link_label or link_url}]({link_url})"])
    return _cut("\n".join(parts))


def build_request(kind, url, secret, title, text, now, link_label=None, link_url=None):
    """``(url, body)``: what to POST (``body`` is a dict sent as JSON) for a
    message of ``kind``. ``now`` is a POSIX timestamp (float, seconds)."""
    if kind == "wecom":
        return url, {"msgtype": "markdown", "markdown": {"content": text}}
    if kind == "dingtalk":
        if secret:
            timestamp_ms = int(now * 1000)
            separator = "&" if "?" in url else "?"
            url = (
                f"{url}{separator}timestamp={timestamp_ms}"
                f"&sign={dingtalk_sign(secret, timestamp_ms)}"
            )
        return url, {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    if kind == "feishu":
        card_body = text
        # the title is the card's header, not repeated in its body
        if card_body.startswith(f"**{title}**"):
            card_body = card_body[len(f"**{title}**") :].lstrip("\n")
        elements = [{"tag": "markdown", "content": card_body}]
        if link_url:
            elements.append(
                {
                    "tag": "action",
                    "actions": [
                        {
                            "tag": "button",
                            "type": "primary",
                            "text": {"tag": "plain_text", "content": link_label},
                            "url": link_url,
                        }
                    ],
                }
            )
        body = {
            "msg_type": "interactive",
            "card": {
                "config": {"wide_screen_mode": True},
                "header": {
                    "template": "orange",
                    "title": {"tag": "plain_text", "content": title},
                },
                "elements": elements,
            },
        }
        if secret:
            timestamp_s = int(now)
            body = {
                "timestamp": str(timestamp_s),
                "sign": feishu_sign(secret, timestamp_s),
                **body,
            }
        return url, body
    raise ValueError(f"unknown robot kind {kind!r}")


def read_answer(kind, status, text):
    """``(ok, summary)`` for the vendor's answer: HTTP 2xx and a zero
    ``errcode`` (WeCom, DingTalk) or ``code`` (Feishu) in a JSON body."""
    summary = f"HTTP {status}: {(text or '')[:500]}"
    if not 200 <= status < 300:
        return False, summary
    try:
        data = json.loads(text or "")
    except ValueError:
        return False, summary
    if not isinstance(data, dict):
        return False, summary
    if kind == "feishu":
        code = data.get("code", data.get("StatusCode"))
    else:
        code = data.get("errcode")
    return code == 0, summary


def backoff_minutes(attempts, base=1, cap=360):
    """Minutes before the next try after ``attempts`` failed tries: 1, 2, 4,
    8, … capped at ``cap``."""
    return min(cap, base * 2 ** max(0, attempts - 1))
