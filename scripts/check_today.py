#!/usr/bin/env python3
"""Fail when code or tests take "today" anywhere else than the company's day.

Odoo's ``fields.Date.today()`` is the server's (UTC) day and
``fields.Date.context_today()`` the user's; Gendan's is the company's
(``gendan_tracking/tools/dates.py``). Between 16:00 and 24:00 UTC a Shanghai
company is already on the next day, so a test that compares a default with
the server's day fails only at that hour. This check catches it at any hour.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PATTERN = re.compile(
    r"\bcontext_today\(|\bDate\.today\(|\bdate\.today\(|\bdatetime\.date\.today\("
)
ALLOWED = {ROOT / "gendan_tracking" / "tools" / "dates.py"}


def main():
    found = []
    for folder in ("gendan_tracking", "gendan_appraisal", "tests", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in ALLOWED or path == pathlib.Path(__file__).resolve():
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#", 1)[0]
                if PATTERN.search(code):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    if found:
        print("the server's or the user's day where the company's is meant")
        print("(use gendan_tracking.tools.dates.today):")
        print("\n".join(found))
        return 1
    print("today: the company's day everywhere")
    return 0


if __name__ == "__main__":
    sys.exit(main())
