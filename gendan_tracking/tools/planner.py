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


# ---------------------------------------------------------------------------
# Dependencies (finish-to-start, lags in working days) and the critical path
# ---------------------------------------------------------------------------


class CycleError(ValueError):
    """The predecessors form a cycle; ``cycle`` lists its keys in order."""

    def __init__(self, cycle):
        super().__init__(f"cycle: {' -> '.join(map(str, cycle))}")
        self.cycle = list(cycle)


def find_cycle(predecessors):
    """A cycle of ``{key: iterable of predecessor keys}`` as a list of keys
    (the first key repeated at the end), or None. Predecessors that are not
    keys of the mapping are ignored."""
    state = {}  # key -> 1 while on the path, 2 when done
    for start in predecessors:
        if state.get(start):
            continue
        path = [start]
        stack = [iter(predecessors.get(start, ()))]
        state[start] = 1
        while stack:
            for nxt in stack[-1]:
                if nxt not in predecessors:
                    continue
                if state.get(nxt) == 1:
                    return path[path.index(nxt) :] + [nxt]
                if not state.get(nxt):
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(predecessors.get(nxt, ())))
                    break
            else:
                state[path.pop()] = 2
                stack.pop()
    return None


def network_dates(nodes, today, end=None, weekdays=ALL_WEEKDAYS, holidays=()):
    """Projected dates and the critical path of a milestone network.

    ``nodes``: ``{key: {"planned": date or None, "actual": date or None,
    "state": "pending" | "in_progress" | "late" | "done" | "skipped",
    "predecessors": keys, "lag": working days}}`` (finish-to-start: a
    milestone happens ``lag`` working days after each predecessor at the
    earliest).

    - a done milestone's projected date is its actual date (else its planned);
    - an open one happens on its planned date, or later when a predecessor's
      projected date plus the lag is later, and never before ``today``; a
      skipped one passes its predecessors' dates on, as an open one without
      ``today``;
    - the critical path is the chain of binding constraints that ends at
      ``end`` (default: the open milestone projected last): from it, each
      predecessor whose projected date plus the lag is its successor's
      projected date. Done and skipped milestones are never critical.

    Returns ``{key: (projected date or None, is_critical)}``. Raises
    :class:`CycleError` when the predecessors form a cycle."""
    predecessors = {
        key: [p for p in node.get("predecessors", ()) if p in nodes]
        for key, node in nodes.items()
    }
    cycle = find_cycle(predecessors)
    if cycle:
        raise CycleError(cycle)
    projected = {}
    order = []

    def visit(key):
        # depth-first, predecessors first (no cycle: it ends)
        stack = [(key, False)]
        while stack:
            current, expanded = stack.pop()
            if current in projected:
                continue
            if expanded:
                projected[current] = _projected(current)
                order.append(current)
                continue
            stack.append((current, True))
            stack.extend(
                (p, False) for p in predecessors[current] if p not in projected
            )

    def _projected(key):
        node = nodes[key]
        state = node.get("state")
        if state == "done":
            return node.get("actual") or node.get("planned")
        dates = [node["planned"]] if node.get("planned") else []
        lag = node.get("lag") or 0
        dates.extend(
            add_working_days(projected[p], lag, weekdays, holidays)
            for p in predecessors[key]
            if projected[p]
        )
        if not dates:
            return None
        day = max(dates)
        if state != "skipped" and today and day < today:
            day = today
        return day

    for key in nodes:
        visit(key)
    critical = _critical_path(
        nodes, predecessors, projected, end, weekdays=weekdays, holidays=holidays
    )
    return {key: (projected[key], key in critical) for key in nodes}


def _critical_path(nodes, predecessors, projected, end, weekdays, holidays):
    """The open milestones of the chain of binding constraints ending at
    ``end`` (default: the open milestone projected last)."""
    closed = ("done", "skipped")
    if end is None:
        candidates = [
            k for k in nodes if projected[k] and nodes[k].get("state") not in closed
        ]
        if not candidates:
            return set()
        end = max(candidates, key=lambda k: (projected[k], str(k)))
    critical = set()
    seen = set()
    todo = [end] if end in nodes and projected.get(end) else []
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        if nodes[key].get("state") == "done":
            continue  # what it waited for is done as well
        if nodes[key].get("state") != "skipped":
            critical.add(key)
        lag = nodes[key].get("lag") or 0
        todo.extend(
            p
            for p in predecessors[key]
            if projected[p]
            and add_working_days(projected[p], lag, weekdays, holidays)
            >= projected[key]
        )
    return critical


def shift_successors(successors, nodes, moves, weekdays=ALL_WEEKDAYS, holidays=()):
    """The successors that a replan pushes, and where to.

    ``successors``: ``{key: successor keys}``; ``nodes``: ``{key: {"planned":
    date or None, "state": ...}}``; ``moves``: ``{key: new planned date}`` of
    the milestones replanned by hand.

    A milestone moved later by ``n`` working days pushes every open successor
    (directly or through others) ``n`` working days later; a successor reached
    from several moves takes the largest push, once. A done milestone stops the
    push (it happened); a skipped one passes it on without moving. Moves to an
    earlier date push nothing, and the milestones in ``moves`` keep the date
    given. Returns ``{key: new planned date}`` of the pushed successors."""
    push = {}
    for key, new in moves.items():
        old = nodes.get(key, {}).get("planned")
        if not old or not new or new <= old:
            continue
        slip = working_days_between(old, new, weekdays, holidays)
        if slip <= 0:
            continue
        stack = list(successors.get(key, ()))
        seen = set()
        while stack:
            current = stack.pop()
            if current in seen or current in moves or current not in nodes:
                continue
            seen.add(current)
            state = nodes[current].get("state")
            if state == "done":
                continue
            if state != "skipped" and nodes[current].get("planned"):
                push[current] = max(push.get(current, 0), slip)
            stack.extend(successors.get(current, ()))
    return {
        key: add_working_days(nodes[key]["planned"], days, weekdays, holidays)
        for key, days in push.items()
    }
