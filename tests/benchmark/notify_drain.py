"""Chat outbox drain (issue 19): N queued messages to C robots drain at the
rate limit, without duplicates.

A fake robot (a real HTTP server on 127.0.0.1, DingTalk kind: signed URLs)
counts what it receives. The clock is simulated with freezegun: each run of
the sending cron happens one minute after the previous one, so a drain that
takes hours of wall-clock time at 20 messages a minute per robot is measured
in seconds. Everything is rolled back at the end (the database stays as it
was), and nothing is committed.

    python3 tests/benchmark/notify_drain.py --db nt_t --messages 10000 --channels 50
"""

import argparse
import calendar
import json
import os
import sys
import time
from collections import Counter
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from run import environment, setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    odoo = setup(args.db)
    from freezegun import freeze_time

    from odoo.addons.gendan_tracking.models import gendan_notify_message
    from odoo.addons.gendan_tracking.tests.notify_common import SECRET, FakeRobot

    robot = FakeRobot()
    start = datetime(2026, 4, 27, 9, 0, 0)
    figures = {}
    try:
        with environment(odoo, args.db) as env:
            env["ir.config_parameter"].set_param(
                "gendan_tracking.notify_allowed_hosts", "127.0.0.1"
            )
            channels = env["gendan.notify.channel"].create(
                [
                    {
                        "name": f"Bench robot {n}",
                        "kind": "dingtalk",
                        "webhook_url": robot.url(f"/dingtalk/{n}"),
                        "secret": SECRET,
                        "lang": "en_US",
                    }
                    for n in range(args.channels)
                ]
            )
            Message = env["gendan.notify.message"]
            queue_queries = env.cr.sql_log_count
            queue_started = time.perf_counter()
            with freeze_time(start):
                Message.create(
                    [
                        {
                            "channel_id": channels[n % len(channels)].id,
                            "trigger": "bench",
                            "title": f"Alert {n}",
                            "body": f"**Alert {n}**\n\nbench message {n}",
                            "dedup_key": f"bench:{n}",
                        }
                        for n in range(args.messages)
                    ]
                )
                env.flush_all()
            queue_seconds = time.perf_counter() - queue_started
            queue_queries = env.cr.sql_log_count - queue_queries
            runs = calls = 0
            moment = start
            drain_queries = env.cr.sql_log_count
            drain_started = time.perf_counter()
            while Message.search_count([("state", "=", "queued")]):
                with freeze_time(moment):
                    # as Odoo's cron runner: called again while some are due
                    while Message._cron_gendan_send():
                        calls += 1
                env.invalidate_all()
                runs += 1
                moment += timedelta(seconds=61)
                if runs > 10 * args.messages:
                    raise RuntimeError("the outbox does not drain")
            drain_seconds = time.perf_counter() - drain_started
            drain_queries = env.cr.sql_log_count - drain_queries
            states = Counter(
                Message.search([("trigger", "=", "bench")]).mapped("state")
            )
            bodies = Counter(r["body"]["markdown"]["text"] for r in robot.requests)
            start_ts = calendar.timegm(start.timetuple())
            per_minute = Counter(
                (
                    r["path"],
                    int((int(r["query"]["timestamp"][0]) / 1000 - start_ts) // 60),
                )
                for r in robot.requests
            )
            signed = sum(
                robot.dingtalk_signature_ok(r, max_age=None) for r in robot.requests
            )
            figures = {
                "messages": args.messages,
                "channels": args.channels,
                "rate_limit_per_minute": gendan_notify_message.RATE_LIMIT,
                "requests_received": len(robot.requests),
                "duplicates": sum(count - 1 for count in bodies.values() if count > 1),
                "sent": states.get("sent", 0),
                "still_queued_or_failed": states.get("queued", 0)
                + states.get("failed", 0),
                "cron_runs": runs,
                "cron_calls": calls,
                "simulated_minutes": runs,
                "expected_minutes": -(
                    -args.messages // (args.channels * gendan_notify_message.RATE_LIMIT)
                ),
                "max_per_robot_per_minute": max(per_minute.values()),
                "signatures_valid": signed,
                "queue_seconds": round(queue_seconds, 2),
                "queue_queries": queue_queries,
                "drain_seconds": round(drain_seconds, 2),
                "drain_queries": drain_queries,
                "messages_per_second": round(args.messages / drain_seconds, 1),
                "queries_per_message": round(drain_queries / args.messages, 2),
            }
    finally:
        robot.stop()
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2)
    ok = (
        figures["duplicates"] == 0
        and figures["sent"] == args.messages
        and figures["max_per_robot_per_minute"] <= gendan_notify_message.RATE_LIMIT
    )
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    started = time.time()
    code = main()
    print(f"wall clock: {time.time() - started:.1f} s")
    sys.exit(code)
