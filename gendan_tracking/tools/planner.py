"""Time & Action plan arithmetic, free of the ORM.

A *working calendar* here is a pair: the set of working weekdays (Monday is 0,
as in :meth:`datetime.date.weekday`) and a set of holiday dates. The models read
the company's ``resource.calendar`` once and pass these two sets in.
"""

from datetime import timedelta

ALL_WEEKDAYS = frozenset(range(7))
# A calendar without working days would loop forever; a year is a safe bound.
_MAX_STEPS = 366


def is_working_day(day, weekdays=ALL_WEEKDAYS, holidays=()):
    """True when ``day`` is a working weekday and not a holiday."""
    return day.weekday() in weekdays and day not in holidays


def previous_working_day(day, weekdays=ALL_WEEKDAYS, holidays=()):
    """``day`` itself when it is a working day, else the closest working day
    before it. Without any working weekday, ``day`` is returned unchanged."""
    if not weekdays:
        return day
    candidate = day
    for _step in range(_MAX_STEPS):
        if is_working_day(candidate, weekdays, holidays):
            return candidate
        candidate -= timedelta(days=1)
    return day


def next_working_day(day, weekdays=ALL_WEEKDAYS, holidays=()):
    """``day`` itself when it is a working day, else the closest one after it."""
    if not weekdays:
        return day
    candidate = day
    for _step in range(_MAX_STEPS):
        if is_working_day(candidate, weekdays, holidays):
            return candidate
        candidate += timedelta(days=1)
    return day


def plan_date(anchor, offset_days, weekdays=ALL_WEEKDAYS, holidays=(), min_date=None):
    """Planned date of a milestone: ``anchor`` + ``offset_days`` calendar days,
    moved back to the previous working day when it falls on a non-working day.

    When ``min_date`` is given (the order date) and the result falls before it,
    the first working day on or after ``min_date`` is used instead, so that no
    generated milestone is planned before the order exists.
    Returns None when there is no anchor.
    """
    if not anchor:
        return None
    planned = previous_working_day(
        anchor + timedelta(days=offset_days or 0), weekdays, holidays
    )
    if min_date and planned < min_date:
        planned = next_working_day(min_date, weekdays, holidays)
    return planned


def working_days_between(start, end, weekdays=ALL_WEEKDAYS, holidays=()):
    """Number of working days ``d`` with ``start < d <= end`` (0 when ``end`` is
    not after ``start``): the working-days delay of something due on ``start``
    and done (or still open) on ``end``."""
    if not start or not end or end <= start:
        return 0
    # Closed form: the daily scan computes this for every open milestone, and a
    # day-by-day loop costs one step per day of delay.
    weekdays = set(weekdays)
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday()
    count = weeks * len(weekdays) + sum(
        1 for offset in range(1, rest + 1) if (first + offset) % 7 in weekdays
    )
    count -= sum(
        1
        for holiday in set(holidays)
        if start < holiday <= end and holiday.weekday() in weekdays
    )
    return count


def add_working_days(start, days, weekdays=ALL_WEEKDAYS, holidays=()):
    """The date ``days`` working days after ``start`` (``start`` when 0)."""
    if not weekdays:
        return start + timedelta(days=days)
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, weekdays, holidays):
            remaining -= 1
    return day
