from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..tools import planner

MON_FRI = frozenset({0, 1, 2, 3, 4})
MAY_DAY = date(2026, 5, 1)  # a Friday


@tagged("post_install", "-at_install")
class TestPlanner(BaseCase):
    def test_working_day_unchanged(self):
        # Monday 2026-04-27 + 2 days = Wednesday
        self.assertEqual(
            planner.plan_date(date(2026, 4, 27), 2, MON_FRI), date(2026, 4, 29)
        )

    def test_weekend_moves_to_friday(self):
        # Monday + 5 = Saturday 2026-05-02 -> Friday 2026-05-01
        self.assertEqual(
            planner.plan_date(date(2026, 4, 27), 5, MON_FRI), date(2026, 5, 1)
        )
        # Sunday -> Friday
        self.assertEqual(
            planner.plan_date(date(2026, 4, 27), 6, MON_FRI), date(2026, 5, 1)
        )

    def test_weekend_then_holiday_moves_to_thursday(self):
        self.assertEqual(
            planner.plan_date(date(2026, 4, 27), 5, MON_FRI, {MAY_DAY}),
            date(2026, 4, 30),
        )

    def test_negative_offset(self):
        # 2026-05-12 (Tuesday) - 2 = Sunday 2026-05-10 -> Friday 2026-05-08
        self.assertEqual(
            planner.plan_date(date(2026, 5, 12), -2, MON_FRI), date(2026, 5, 8)
        )

    def test_min_date_clamps_to_next_working_day(self):
        # Saturday order date, offset 0 would move back to Friday, before the order
        self.assertEqual(
            planner.plan_date(
                date(2026, 5, 2),
                0,
                MON_FRI,
                {date(2026, 5, 4)},
                min_date=date(2026, 5, 2),
            ),
            date(2026, 5, 5),
        )

    def test_no_anchor(self):
        self.assertIsNone(planner.plan_date(None, 3, MON_FRI))

    def test_calendar_without_working_days_does_not_loop(self):
        self.assertEqual(
            planner.plan_date(date(2026, 5, 2), 0, frozenset()), date(2026, 5, 2)
        )

    def test_working_days_between(self):
        # Thursday -> next Tuesday: Fri, Mon, Tue = 3 working days
        self.assertEqual(
            planner.working_days_between(date(2026, 4, 30), date(2026, 5, 5), MON_FRI),
            3,
        )
        # with May Day off: Mon, Tue
        self.assertEqual(
            planner.working_days_between(
                date(2026, 4, 30), date(2026, 5, 5), MON_FRI, {MAY_DAY}
            ),
            2,
        )
        self.assertEqual(
            planner.working_days_between(date(2026, 5, 5), date(2026, 5, 5), MON_FRI),
            0,
        )
        self.assertEqual(
            planner.working_days_between(date(2026, 5, 5), date(2026, 5, 1), MON_FRI),
            0,
        )

    def test_working_days_between_matches_day_by_day_count(self):
        # The closed form must count exactly the days a day-by-day walk counts,
        # for every weekday of the start, any length, any calendar and holidays
        # on working and non-working days.
        holidays = {MAY_DAY, date(2026, 5, 2), date(2026, 10, 1), date(2027, 1, 1)}
        calendars = [MON_FRI, frozenset({0, 1, 2, 3, 4, 5}), frozenset({2}), ()]
        for weekdays in calendars:
            for start_day in range(0, 14):
                start = date(2026, 4, 20) + timedelta(days=start_day)
                for length in (0, 1, 3, 6, 7, 8, 13, 30, 200, 400):
                    end = start + timedelta(days=length)
                    expected = sum(
                        1
                        for step in range(1, length + 1)
                        if planner.is_working_day(
                            start + timedelta(days=step), weekdays, holidays
                        )
                    )
                    self.assertEqual(
                        planner.working_days_between(start, end, weekdays, holidays),
                        expected,
                        (weekdays, start, end),
                    )

    def test_add_working_days(self):
        # Thursday + 3 working days, May Day off: Mon, Tue, Wed -> Wednesday
        self.assertEqual(
            planner.add_working_days(date(2026, 4, 30), 3, MON_FRI, {MAY_DAY}),
            date(2026, 5, 6),
        )
        self.assertEqual(
            planner.add_working_days(date(2026, 4, 30), 0, MON_FRI), date(2026, 4, 30)
        )


@tagged("post_install", "-at_install")
class TestCriticalPath(BaseCase):
    """Dependencies, finish-to-start with lags in working days (issue 20):
    ``planner.network_dates`` without the ORM."""

    MON_FRI = frozenset(range(5))
    # Monday 2026-11-02
    D = date(2026, 11, 2)

    def node(self, planned, preds=(), lag=0, state="pending", actual=None):
        return {
            "planned": self.D + timedelta(days=planned)
            if planned is not None
            else None,
            "actual": actual,
            "state": state,
            "predecessors": preds,
            "lag": lag,
        }

    def test_diamond(self):
        """A -> B, A -> C, B and C -> D: D waits for the later of B and C; the
        critical path runs through the longer branch only."""
        nodes = {
            "A": self.node(0),
            "B": self.node(2, ["A"], lag=2),
            "C": self.node(7, ["A"], lag=5),
            "D": self.node(8, ["B", "C"], lag=1),
        }
        result = planner.network_dates(nodes, self.D, weekdays=self.MON_FRI)
        self.assertEqual(result["D"][0], self.D + timedelta(days=8))
        self.assertEqual(
            {k for k, (_d, critical) in result.items() if critical}, {"A", "C", "D"}
        )

    def test_lags_in_working_days(self):
        """A lag of 3 working days from a Thursday lands on Tuesday, and pushes
        a successor planned on the Monday."""
        nodes = {
            "A": self.node(3),  # Thursday
            "B": self.node(7, ["A"], lag=3),  # planned Monday
        }
        result = planner.network_dates(nodes, self.D, weekdays=self.MON_FRI)
        self.assertEqual(result["B"][0], date(2026, 11, 10))  # Tuesday
        self.assertTrue(result["B"][1] and result["A"][1])

    def test_late_predecessor_pushes_two_successors(self):
        """A done four working days late moves B and C, both planned one
        working day after it, by the slip; the end is projected from the
        network, not from the largest delay."""
        nodes = {
            "A": self.node(0, state="done", actual=self.D + timedelta(days=4)),
            "B": self.node(1, ["A"], lag=1),
            "C": self.node(1, ["A"], lag=1),
            "Ship": self.node(9, ["B", "C"], lag=2),
        }
        result = planner.network_dates(nodes, self.D, weekdays=self.MON_FRI)
        self.assertEqual(result["B"][0], date(2026, 11, 9))
        self.assertEqual(result["C"][0], date(2026, 11, 9))
        # B + 2 working days is Wednesday 11/11, the ship date planned then
        self.assertEqual(result["Ship"][0], date(2026, 11, 11))
        self.assertFalse(result["A"][1], "a done milestone is not critical")
        # an open milestone is never projected before today
        late = planner.network_dates(
            {"X": self.node(0)}, self.D + timedelta(days=3), weekdays=self.MON_FRI
        )
        self.assertEqual(late["X"][0], self.D + timedelta(days=3))

    def test_cycle_refused(self):
        nodes = {
            "A": self.node(0, ["C"]),
            "B": self.node(1, ["A"]),
            "C": self.node(2, ["B"]),
            "D": self.node(3),
        }
        with self.assertRaises(planner.CycleError) as caught:
            planner.network_dates(nodes, self.D)
        cycle = caught.exception.cycle
        self.assertEqual(cycle[0], cycle[-1])
        self.assertEqual(set(cycle), {"A", "B", "C"})
        self.assertIsNone(planner.find_cycle({"A": [], "B": ["A"], "C": ["A", "B"]}))
        self.assertEqual(planner.find_cycle({"A": ["A"]}), ["A", "A"])


class TestShiftSuccessors(BaseCase):
    """A replan (a drag on the timeline, an imported sheet) pushes the
    successors by the slip in working days (issue 20)."""

    MON_FRI = frozenset(range(5))
    D = date(2026, 11, 2)  # a Monday

    def nodes(self, **states):
        # A -> B -> C, A -> D; B -> E (done) -> F
        planned = {"A": 0, "B": 2, "C": 4, "D": 7, "E": 8, "F": 9}
        return {
            key: {
                "planned": self.D + timedelta(days=offset),
                "state": states.get(key, "pending"),
            }
            for key, offset in planned.items()
        }

    SUCCESSORS = {"A": ["B", "D"], "B": ["C", "E"], "E": ["F"]}

    def test_push_by_working_days(self):
        """A moves from Monday to Wednesday (2 working days): B, C and D move
        2 working days; C (Friday) lands on Tuesday, over the weekend; the done
        E stops the push, so F stays."""
        result = planner.shift_successors(
            self.SUCCESSORS,
            self.nodes(E="done"),
            {"A": self.D + timedelta(days=2)},
            weekdays=self.MON_FRI,
        )
        self.assertEqual(
            result,
            {
                "B": date(2026, 11, 6),
                "C": date(2026, 11, 10),
                "D": date(2026, 11, 11),
            },
        )

    def test_earlier_pushes_nothing_and_moves_keep_their_date(self):
        nodes = self.nodes()
        self.assertEqual(
            planner.shift_successors(
                self.SUCCESSORS, nodes, {"B": self.D}, weekdays=self.MON_FRI
            ),
            {},
        )
        # A and B both moved: B keeps its given date, C takes the larger push
        result = planner.shift_successors(
            self.SUCCESSORS,
            nodes,
            {"A": self.D + timedelta(days=1), "B": self.D + timedelta(days=9)},
            weekdays=self.MON_FRI,
        )
        self.assertNotIn("B", result)
        # B: Wed 4 -> Wed 11 is 5 working days; C: Fri 6 + 5 -> Fri 13
        self.assertEqual(result["C"], date(2026, 11, 13))
        self.assertEqual(result["D"], date(2026, 11, 10))

    def test_skipped_passes_the_push_on(self):
        result = planner.shift_successors(
            self.SUCCESSORS,
            self.nodes(B="skipped"),
            {"A": self.D + timedelta(days=1)},
            weekdays=self.MON_FRI,
        )
        self.assertNotIn("B", result)
        self.assertEqual(result["C"], date(2026, 11, 9))
