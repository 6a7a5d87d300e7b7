"""pytest plugin loaded by ``scripts/test`` (``-p tests.gendan_pytest_plugin``).

* ``HttpCase`` classes (browser tours, portal pages) run under Odoo's own test
  runner, which starts a real HTTP server and Chromium. pytest-odoo would only
  skip them, so they are deselected here instead of being reported as skips.
* Any other skipped test fails the run: a skipped test is a test that cannot
  fail, and Odoo skips browser tests silently when Chromium is missing.
"""

import pytest


def _is_http_case(item):
    instance_cls = getattr(item, "cls", None)
    if instance_cls is None:
        return False
    from odoo.tests.common import HttpCase

    return issubclass(instance_cls, HttpCase)


def pytest_collection_modifyitems(config, items):
    kept, deselected = [], []
    for item in items:
        (deselected if _is_http_case(item) else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(
                "gendan: %d test(s) skipped; a skipped test fails the suite"
                % len(skipped),
                red=True,
            )
