"""Scheduled work that one broken record never stops."""

import logging

from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)


def isolated(records, work, what="Scheduled follow-up"):
    """Run ``work(records)`` in a savepoint; when it fails, again record by
    record, so that one broken record never stops the others. Returns the
    records that failed (each logged with its traceback).

    A concurrency error (another transaction wrote the same rows) is not a
    broken record: it goes up, and Odoo retries the whole scheduled action."""
    if not records:
        return records
    try:
        with records.env.cr.savepoint():
            work(records)
        return records.browse()
    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
        raise
    except Exception:  # noqa: BLE001 - one record must not stop the others
        if len(records) == 1:
            _logger.exception("%s failed on %s", what, records)
            return records
    failed = records.browse()
    for record in records:
        failed |= isolated(record, work, what)
    return failed
