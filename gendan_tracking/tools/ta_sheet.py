"""The buyer's T&A calendar as a sheet: its layout and how its cells read back.

Plain Python (no ORM), shared by the export (``report/gendan_ta_calendar_xlsx``)
and the import wizard (``wizards/gendan_ta_import_wizard``), so that what one
writes the other reads.

Layout of the sheet (rows 1-based, as Excel shows them):

- row 1 (hidden): the keys of the columns: ``MARKER`` in column A, then
  ``order`` fields and, per milestone, ``planned:<key>`` and ``actual:<key>``.
  The import finds the columns by these keys, not by their position or their
  title, so a buyer may move, insert or retitle columns;
- row 2: the title, the legend, and each milestone's name over its two columns;
- row 3: the column titles (Order, Customer, ... Planned, Actual);
- row 4 on: one row per order, the order reference in column A.

A milestone's key is the same for every order planned from one template:
``line:<template line id>``; a milestone added by hand (no template line) is
keyed by its English name, ``name:<name>``.
"""

import datetime
import re

MARKER = "gendan:ta_calendar:1"
KEY_ROW = 1
TITLE_ROW = 2
HEADER_ROW = 3
FIRST_DATA_ROW = 4
PLANNED = "planned"
ACTUAL = "actual"

# The last day an Excel serial number can hold (9999-12-31)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MAX_SERIAL = 2958465
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?$")


class UnreadableDate(ValueError):
    """A cell that holds something, but not a date."""


def milestone_key(template_line_id, english_name):
    """The key of a milestone column (see the module's docstring)."""
    if template_line_id:
        return f"line:{template_line_id}"
    return f"name:{normalize(english_name)}"


def column_key(kind, key):
    """The key of the ``kind`` (PLANNED or ACTUAL) column of a milestone."""
    return f"{kind}:{key}"


def split_column_key(value):
    """``(kind, milestone key)`` of a milestone column's key, else None."""
    if not isinstance(value, str):
        return None
    kind, _sep, key = value.strip().partition(":")
    if kind in (PLANNED, ACTUAL) and key:
        return kind, key
    return None


def normalize(text):
    """Names compared as a person reads them: case and spaces do not count."""
    return " ".join(str(text or "").split()).casefold()


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def read_date(value, date_formats=()):
    """The day a cell holds: an Excel date (``datetime``/``date``), an Excel
    serial number (a date cell whose format was lost), or a text in ISO
    (``2026-11-05``) or in one of ``date_formats`` (``strptime`` formats, e.g.
    the user's language's). None for an empty cell; raises UnreadableDate for
    anything else."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise UnreadableDate(value)
    if isinstance(value, (int, float)):
        if not 1 <= value <= _MAX_SERIAL:
            raise UnreadableDate(value)
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError as error:
            raise UnreadableDate(value) from error
    for date_format in date_formats:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise UnreadableDate(value)


def column_letter(index):
    """Excel letters of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# A T&A template as a sheet: one row per line under a row of titles; the
# titles (or technical keys) say which column is which.
TEMPLATE_COLUMNS = (
    "name",
    "category",
    "anchor",
    "offset_days",
    "responsible",
    "predecessors",
    "lag_days",
    "auto_rule",
    "customer_visible",
)
PREDECESSOR_SEPARATORS = re.compile(r"[;,；，]")


def split_names(value):
    """The names of a predecessors cell, separated by ``,`` or ``;``."""
    if is_empty(value):
        return []
    return [
        name.strip()
        for name in PREDECESSOR_SEPARATORS.split(str(value))
        if name.strip()
    ]


def sheet_title(name, taken=()):
    """A worksheet title from ``name``: at most 31 characters, none of
    ``[]:*?/\\``, unique among ``taken``."""
    title = re.sub(r"[\[\]:*?/\\]", " ", name or "").strip()[:31] or "Sheet"
    candidate, number = title, 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate = title[: 31 - len(suffix)] + suffix
        number += 1
    return candidate
