"""Tests for :mod:`timeline.plot`: the pure layout first, then the rendered files."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.plot import (
    DENSITY_THRESHOLD,
    KIND_GROUPS,
    NO_EVENTS,
    DensityMode,
    Layout,
    Period,
    abbreviate,
    build_figure,
    chart_style,
    choose_period,
    clean_text,
    count_by_period,
    day_number,
    is_notable,
    label_importance,
    layout,
    period_bounds,
    plot_events,
    text_width_in,
)
from timeline.records import EventRecord, SourceRecord

D = dt.date
DAY = D(2024, 6, 10)

KINDS = (
    "meeting",
    "summit",
    "talks",
    "missile_launch",
    "nuclear_test",
    "satellite_launch",
    "exercise",
    "agreement",
    "sanction",
    "statement",
    "visit",
    "other",
)
# Inclusive length in days minus one, roughly as the TIMEX3 values denote.
PRECISION_DAYS = {
    "day": 0,
    "week": 6,
    "month": 29,
    "season": 91,
    "quarter": 90,
    "half": 180,
    "year": 364,
    "decade": 3652,
}


def ev(
    id: int,
    kind: str = "meeting",
    start: dt.date = DAY,
    end: dt.date | None = None,
    *,
    precision: str | None = None,
    status: str = "occurred",
    title: str | None = None,
    actors: tuple[str, ...] = ("US", "KR"),
    series: str | None = None,
    ordinal: int | None = None,
    sources: tuple[SourceRecord, ...] = (),
) -> EventRecord:
    end = end or start
    return EventRecord(
        id=id,
        kind=kind,
        title=title if title is not None else f"{kind} {id}",
        date_value=start.isoformat(),
        date_start=start,
        date_end=end,
        precision=precision or ("day" if end == start else "month"),
        status=status,
        actors=actors,
        series=series,
        ordinal=ordinal,
        sources=sources,
    )


def realistic() -> list[EventRecord]:
    ncg = "Nuclear Consultative Group meeting"
    return [
        ev(1, "summit", D(2023, 4, 26), title="Washington Declaration summit"),
        ev(2, "missile_launch", D(2023, 7, 12), title="Hwasong-18 ICBM launch", actors=("KP",)),
        ev(3, "meeting", D(2023, 7, 18), title=f"1st {ncg}", series="NCG", ordinal=1),
        ev(4, "meeting", D(2023, 12, 15), title=f"2nd {ncg}", series="NCG", ordinal=2),
        ev(5, "meeting", D(2024, 6, 10), title=f"3rd {ncg}", series="NCG", ordinal=3),
        ev(6, "meeting", D(2025, 1, 10), title=f"4th {ncg}", series="NCG", ordinal=4),
        ev(7, "meeting", D(2025, 12, 11), title=f"5th {ncg}", series="NCG", ordinal=5),
        ev(8, "meeting", D(2026, 1, 1), D(2026, 6, 30), precision="half", status="planned",
           title=f"6th {ncg}", series="NCG", ordinal=6),
        ev(9, "summit", D(2025, 10, 29), title="Gyeongju summit"),
        ev(10, "exercise", D(2024, 6, 1), D(2024, 6, 30), title="Freedom Edge"),
        ev(11, "talks", D(2026, 1, 1), D(2026, 12, 31), precision="year", status="planned",
           title="Cost-sharing talks"),
        ev(12, "statement", D(2025, 11, 1), D(2025, 11, 30), title="Joint fact sheet"),
    ]  # fmt: skip


def assert_disjoint(lay: Layout) -> None:
    boxes = [label.box for label in lay.labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)


def assert_strips_consistent(lay: Layout, events: list[EventRecord]) -> None:
    """Count strips hold every event they stand for, inside their lane, under its labels."""
    drawn_ids = {p.event.id for p in lay.events}
    lane_of_id = {p.event.id: p.lane for p in lay.events}
    for strip in lay.strips:
        lane = lay.lanes[strip.lane]
        binned = [p for p in lay.events if p.binned and p.lane == strip.lane]
        # a bar counts the notable events drawn above it too
        assert strip.total == pytest.approx(lane.aggregated + len(binned))
        assert strip.max_count == math.ceil(max(b.total for b in strip.bins) - 1e-9)
        assert all(p.event.kind in strip.kinds and is_notable(p.event) for p in binned)
        assert lane.y0 < strip.y0 < strip.y1 < lane.baseline
        for a, b in itertools.pairwise(strip.bins):
            assert a.x1 <= b.x0
        for b in strip.bins:
            assert b.count >= 1 or b.spread > 0
            assert lay.xlim[0] <= b.x0 < b.x1 <= lay.xlim[1]
            assert (b.start, b.end) == period_bounds(b.start, strip.period)
        for label in lay.labels:
            if lane_of_id[label.event_id] == strip.lane:
                assert label.box.y0 > strip.y1
    # whatever is not drawn on its own is of a counted kind: in a bar only
    strip_lanes = {s.lane for s in lay.strips}
    counted_kinds = {k for s in lay.strips for k in s.kinds}
    missing = [e for e in events if e.id not in drawn_ids]
    assert len(missing) == lay.aggregated
    assert all(e.kind in counted_kinds for e in missing)
    for lane in lay.lanes:
        assert lane.aggregated == 0 or lane.index in strip_lanes
    # in a strip lane every notable marker has a label (or a series number)
    for p in lay.events:
        if p.binned:
            assert p.label is not None or p.event.ordinal is not None


# --- pure layout -----------------------------------------------------------------


def test_lanes_by_group_follow_fixed_order_and_skip_empty_groups() -> None:
    events = [
        ev(1, "missile_launch"),
        ev(2, "visit"),
        ev(3, "sanction"),
        ev(4, "meeting"),
        ev(5, "mystery_kind"),  # unknown kinds go with "other"
    ]
    lay = layout(events)
    assert [lane.name for lane in lay.lanes] == [
        "Consultations & meetings",
        "Agreements & statements",
        "Missiles & nuclear",
    ]
    by_id = {p.event.id: lay.lanes[p.lane].name for p in lay.events}
    assert by_id[2] == by_id[4] == "Consultations & meetings"
    assert by_id[5] == "Agreements & statements"
    assert [lane.index for lane in lay.lanes] == [0, 1, 2]
    # top lane first, bands stacked without gaps
    for upper, lower in itertools.pairwise(lay.lanes):
        assert upper.y0 == pytest.approx(lower.y1)
        assert upper.baseline > lower.baseline


def test_lane_order_does_not_depend_on_input_order() -> None:
    events = [ev(1, "exercise"), ev(2, "summit"), ev(3, "meeting"), ev(4, "statement")]
    a = [lane.name for lane in layout(events, lanes="kind").lanes]
    b = [lane.name for lane in layout(events[::-1], lanes="kind").lanes]
    assert a == b == ["Meeting", "Summit", "Statement", "Exercise"]


def test_lanes_by_actor_use_the_first_actor() -> None:
    events = [
        ev(1, actors=("US", "KR")),
        ev(2, actors=("KP",)),
        ev(3, actors=("KR", "US")),
        ev(4, actors=()),
    ]
    lay = layout(events, lanes="actor")
    assert [lane.name for lane in lay.lanes] == [
        "North Korea",
        "South Korea",
        "United States",
        "(no actor)",
    ]
    assert [lane.n_events for lane in lay.lanes] == [1, 1, 1, 1]
    # colours no longer follow lanes, so the legend explains them
    assert any(entry.key == "group" for entry in lay.legend)


def test_lanes_by_series_and_none() -> None:
    events = [ev(1, series="NCG", ordinal=1), ev(2), ev(3, "summit")]
    assert [lane.name for lane in layout(events, lanes="series").lanes] == ["NCG", "Other events"]
    single = layout(events, lanes="none")
    assert [lane.name for lane in single.lanes] == ["Events"]
    assert {p.lane for p in single.events} == {0}


def test_unknown_lane_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="lane mode"):
        layout([ev(1)], lanes="colour")  # type: ignore[arg-type]


def test_day_events_are_points_and_vague_dates_are_spans() -> None:
    day = ev(1, start=D(2025, 12, 11))
    month = ev(2, start=D(2025, 1, 1), end=D(2025, 1, 31), precision="month")
    year = ev(3, start=D(2026, 1, 1), end=D(2026, 12, 31), precision="year", status="planned")
    lay = layout([year, month, day])
    placed = {p.event.id: p for p in lay.events}
    assert placed[1].is_point
    assert placed[1].x0 == placed[1].x1 == day_number(D(2025, 12, 11))
    assert not placed[2].is_point
    assert placed[2].x0 == day_number(D(2025, 1, 1))
    assert placed[2].x1 == day_number(D(2025, 2, 1))  # through the end of Jan 31
    assert placed[3].x1 - placed[3].x0 == 365
    assert [p.planned for p in (placed[1], placed[2], placed[3])] == [False, False, True]
    # events come back in date order
    assert [p.event.id for p in lay.events] == [2, 1, 3]
    # the axis covers every event
    assert lay.xlim[0] < placed[2].x0 and placed[3].x1 <= lay.xlim[1]


def test_planned_labels_say_so() -> None:
    lay = layout([ev(1, status="planned", title="Sixth NCG"), ev(2, title="Fifth NCG")])
    texts = {label.event_id: label.text for label in lay.labels}
    assert texts == {1: "Sixth NCG (planned)", 2: "Fifth NCG"}
    assert dict(lay.status_counts) == {"occurred": 1, "planned": 1}


def test_abbreviate() -> None:
    assert abbreviate("  short   title ", 20) == "short title"
    assert abbreviate("Nuclear Consultative Group meeting", 21) == "Nuclear Consultative…"
    assert abbreviate("Nuclear Consultative Group meeting", 30) == "Nuclear Consultative Group…"
    assert abbreviate("Cost sharing talks begin", 19) == "Cost sharing talks…"
    assert abbreviate("Supercalifragilisticexpialidocious", 10) == "Supercali…"
    assert len(abbreviate("x" * 100, 32)) == 32
    assert abbreviate("abc", 1) == "…"


def test_long_titles_are_abbreviated_in_labels() -> None:
    long = "The United States and the Republic of Korea held their consultations in Seoul"
    lay = layout([ev(1, title=long)], max_label_chars=30)
    (label,) = lay.labels
    assert label.text.endswith("…") and len(label.text) <= 30


def test_text_width_estimate_is_monotone_and_wider_for_cjk() -> None:
    assert text_width_in("", 8) == 0
    assert text_width_in("illicit", 8) < text_width_in("MWMWMWM", 8)
    assert text_width_in("한미", 8) > text_width_in("ab", 8)
    assert text_width_in("abc", 16) == pytest.approx(2 * text_width_in("abc", 8))


def test_series_path_is_ordered_by_ordinal() -> None:
    events = [
        ev(3, start=D(2024, 6, 10), series="NCG", ordinal=3),
        ev(1, start=D(2023, 7, 18), series="NCG", ordinal=1),
        ev(6, "meeting", D(2026, 1, 1), D(2026, 6, 30), precision="half", status="planned",
           series="NCG", ordinal=6),
        ev(2, start=D(2023, 12, 15), series="NCG", ordinal=2),
        ev(9, start=D(2024, 1, 1), series="NCG"),  # no ordinal: not on the path
        ev(20, "exercise", D(2024, 3, 4), series="FS", ordinal=1),
        ev(21, "exercise", D(2025, 3, 10), series="FS", ordinal=2),
    ]  # fmt: skip
    lay = layout(events)
    paths = {p.series: p for p in lay.series}
    assert list(paths) == ["FS", "NCG"]
    ncg = paths["NCG"]
    assert [pt[0] for pt in ncg.points] == [1, 2, 3, 6]
    assert [pt[3] for pt in ncg.points] == [1, 2, 3, 6]
    xs = [pt[1] for pt in ncg.points]
    assert xs == sorted(xs)
    # a span joins the line at its middle
    assert xs[-1] == pytest.approx((day_number(D(2026, 1, 1)) + day_number(D(2026, 7, 1))) / 2)
    lane_y = {p.event.id: lay.lanes[p.lane].baseline for p in lay.events}
    assert [pt[2] for pt in ncg.points] == [lane_y[i] for i in (1, 2, 3, 6)]
    assert any(entry.key == "series" and "NCG" in entry.text for entry in lay.legend)


def test_crowded_lane_keeps_the_important_labels() -> None:
    day = D(2025, 3, 1)
    events = [
        ev(1, "other", day),
        ev(2, "statement", day),
        ev(3, "meeting", day),
        ev(4, "summit", day),
        ev(5, "other", day, status="planned"),
        ev(6, "sanction", day),
        ev(7, "meeting", day, series="NCG", ordinal=1),
    ]
    lay = layout(events, lanes="none", max_levels=3)
    labelled = {label.event_id for label in lay.labels}
    # planned first, then series events and summits
    assert labelled == {5, 4, 7}
    assert lay.lanes[0].hidden == 4 == lay.hidden
    assert lay.lanes[0].levels == 3
    # one label a level: a label flipped to end at the same stem would read
    # as one phrase with the label starting there
    assert sorted(label.level for label in lay.labels) == [0, 1, 2]
    assert_disjoint(lay)


def test_fixed_height_reduces_levels() -> None:
    events = [ev(i, "meeting", D(2025, 3, 1)) for i in range(8)]
    tall = layout(events, lanes="none")
    short = layout(events, lanes="none", height_in=2.6)
    assert tall.lanes[0].levels == 4
    assert short.lanes[0].levels < 4
    assert short.height_in == 2.6
    assert short.hidden > tall.hidden
    assert short.ylim[1] * 1.001 >= sum(lane.y1 - lane.y0 for lane in short.lanes)


def test_labels_start_at_their_event_and_stay_inside_the_chart() -> None:
    lay = layout(realistic(), width_in=10)
    assert lay.hidden == 0
    placed = {p.event.id: p for p in lay.events}
    for label in lay.labels:
        event = placed[label.event_id]
        lane = lay.lanes[event.lane]
        assert label.x == event.x0
        assert label.box.x1 == label.x if label.flipped else label.box.x0 == label.x
        assert lay.xlim[0] <= label.box.x0 < label.box.x1 <= lay.xlim[1]
        # above the lane's markers and bars, inside its band
        assert lane.baseline + 0.1 < label.box.y0 < label.box.y1 <= lane.y1
    assert_disjoint(lay)


def test_axes_rect_matches_margins() -> None:
    lay = layout(realistic(), width_in=12)
    left, bottom, width, height = lay.axes_rect
    assert left * lay.width_in == pytest.approx(lay.margins.left)
    assert (1 - left - width) * lay.width_in == pytest.approx(lay.margins.right)
    assert bottom * lay.height_in == pytest.approx(lay.margins.bottom)
    assert (1 - bottom - height) * lay.height_in == pytest.approx(lay.margins.top)
    assert layout(realistic(), with_title=False).margins.top < lay.margins.top


def test_empty_and_too_narrow() -> None:
    with pytest.raises(ValueError, match="no events to plot; widen the filters"):
        layout([])
    with pytest.raises(ValueError, match="too narrow"):
        layout(realistic(), width_in=2.0)


# --- density: count strips --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "period", "bounds"),
    [
        (D(2024, 8, 19), "week", (D(2024, 8, 19), D(2024, 8, 26))),  # a Monday
        (D(2024, 8, 25), "week", (D(2024, 8, 19), D(2024, 8, 26))),  # the Sunday after
        (D(2024, 12, 31), "week", (D(2024, 12, 30), D(2025, 1, 6))),  # across New Year
        (D(2024, 2, 29), "month", (D(2024, 2, 1), D(2024, 3, 1))),
        (D(2024, 12, 5), "month", (D(2024, 12, 1), D(2025, 1, 1))),
        (D(2024, 3, 31), "quarter", (D(2024, 1, 1), D(2024, 4, 1))),
        (D(2024, 8, 19), "quarter", (D(2024, 7, 1), D(2024, 10, 1))),
        (D(2024, 11, 2), "quarter", (D(2024, 10, 1), D(2025, 1, 1))),
        (D(2024, 6, 30), "year", (D(2024, 1, 1), D(2025, 1, 1))),
    ],
)
def test_period_bounds(day: dt.date, period: Period, bounds: tuple[dt.date, dt.date]) -> None:
    assert period_bounds(day, period) == bounds


@pytest.mark.parametrize(
    ("days_per_inch", "period"),
    [
        (10.0, "week"),  # a few months on the page
        (120.0, "week"),  # 7 / 120 = 0.058 in
        (200.0, "month"),  # a week would be 0.035 in
        (365.0, "month"),  # ten years on ten inches
        (1500.0, "quarter"),  # forty years: the CNS missile database
        (3000.0, "year"),
        (1e6, "year"),  # nothing is wide enough: the coarsest
    ],
)
def test_choose_period_keeps_bars_legible(days_per_inch: float, period: Period) -> None:
    assert choose_period(days_per_inch) == period


@pytest.mark.parametrize(
    ("ranges", "period", "exact", "spread"),
    [
        ([], "month", {}, {}),
        (
            [(D(2024, 1, 3), D(2024, 1, 3)), (D(2024, 1, 31), D(2024, 1, 31)),
             (D(2024, 3, 1), D(2024, 3, 1))],
            "month",
            {D(2024, 1, 1): 2, D(2024, 3, 1): 1},
            {},
        ),
        # a launch known only to the month fits a month or a quarter ...
        ([(D(1984, 9, 1), D(1984, 9, 30))], "month", {D(1984, 9, 1): 1}, {}),
        ([(D(1984, 9, 1), D(1984, 9, 30))], "quarter", {D(1984, 7, 1): 1}, {}),
        # ... but is shared out over the weeks it overlaps, by days
        ([(D(1984, 9, 1), D(1984, 9, 30))], "week", {},
         {D(1984, 8, 27): 2 / 30, D(1984, 9, 3): 7 / 30, D(1984, 9, 10): 7 / 30,
          D(1984, 9, 17): 7 / 30, D(1984, 9, 24): 7 / 30}),
        # a two-day event across a month boundary is never put in one month
        ([(D(2024, 1, 31), D(2024, 2, 1)), (D(2024, 2, 5), D(2024, 2, 5))], "month",
         {D(2024, 2, 1): 1}, {D(2024, 1, 1): 0.5, D(2024, 2, 1): 0.5}),
        # a year on a chart of quarters
        ([(D(2023, 1, 1), D(2023, 12, 31))], "quarter", {},
         {D(2023, 1, 1): 90 / 365, D(2023, 4, 1): 91 / 365, D(2023, 7, 1): 92 / 365,
          D(2023, 10, 1): 92 / 365}),
    ],
)  # fmt: skip
def test_count_by_period(
    ranges: list[tuple[dt.date, dt.date]],
    period: Period,
    exact: dict[dt.date, int],
    spread: dict[dt.date, float],
) -> None:
    got_exact, got_spread = count_by_period(ranges, period)
    assert got_exact == exact
    assert got_spread == pytest.approx(spread)
    # every range is counted once in all
    assert sum(got_exact.values()) + sum(got_spread.values()) == pytest.approx(len(ranges))


@pytest.mark.parametrize(
    ("event", "notable", "tier"),
    [
        (ev(1, "missile_launch", title="KP SRBM launch"), False, 0),
        (ev(2, "missile_launch", title="Hwasong-18 ICBM launch"), True, 2),
        (ev(3, "missile_launch", title="two icbms fired"), True, 2),
        (ev(4, "missile_launch", title="Nuclear-capable cruise missile"), True, 2),
        (ev(5, "nuclear_test", title="Sixth test"), True, 2),
        (ev(6, "summit"), True, 2),
        (ev(7, "meeting", series="NCG", ordinal=1), True, 2),
        (ev(8, "missile_launch", title="KN-25 launch", status="planned"), True, 0),
        (ev(9, "meeting"), False, 1),
        (ev(10, "missile_launch", title="ICBMX engine test"), False, 0),  # words, not letters
    ],
)
def test_notable_events(event: EventRecord, notable: bool, tier: int) -> None:
    assert is_notable(event) is notable
    assert label_importance(event)[1] == tier


def missile_year(n: int = 120) -> list[EventRecord]:
    """*n* launches in 2022 and three meetings; with n > 40, two of the launches
    are ICBMs, one is a nuclear test and one a planned launch known to the month."""
    special = {
        10: ev(10, "missile_launch", D(2022, 3, 24), title="Hwasong-17 ICBM launch"),
        20: ev(20, "missile_launch", D(2022, 11, 18), title="Hwasong-17 ICBM launch"),
        30: ev(30, "nuclear_test", D(2022, 6, 1), title="Seventh nuclear test"),
        40: ev(40, "missile_launch", D(2022, 12, 1), D(2022, 12, 31), precision="month",
               status="planned", title="Expected KN-25 salvo"),
    }  # fmt: skip
    launches = [
        special.get(i)
        or ev(i, "missile_launch", D(2022, 1, 1) + dt.timedelta(days=(i * 3) % 365),
              title=f"KP SRBM launch {i}", actors=("KP",))
        for i in range(n)
    ]  # fmt: skip
    meetings = [ev(1000 + i, "meeting", D(2022, 2 + 3 * i, 10)) for i in range(3)]
    return launches + meetings


def test_crowded_missile_lane_becomes_a_count_strip_with_notable_launches_labelled() -> None:
    events = missile_year()
    lay = layout(events)
    (strip,) = lay.strips
    lane = lay.lanes[strip.lane]
    assert lane.name == "Missiles & nuclear"
    assert strip.kinds == ("missile_launch",)  # one nuclear test is not frequent
    assert strip.period == "week"  # one year on ten inches
    assert strip.description == "missile launches per week"
    # Every launch is counted (the planned one, known only to the month,
    # shared over the weeks of December); the ICBMs and the planned launch are
    # drawn and labelled too. The nuclear test is not a launch.
    assert strip.total == pytest.approx(119)
    assert strip.has_spread
    drawn = {p.event.id: p for p in lay.events if p.lane == strip.lane}
    assert set(drawn) == {10, 20, 30, 40}
    assert {p.event.id for p in drawn.values() if p.binned} == {10, 20, 40}
    assert {label.event_id for label in lay.labels} >= {10, 20, 30, 40}
    assert lane.aggregated == 116 and lane.n_events == 120 and lane.hidden == 0
    # the meetings lane is not crowded and stays as it was
    assert lay.lanes[0].aggregated == 0 and len(lay.events) == 4 + 3
    assert any(e.key == "strip" and "missile launches per week" in e.text for e in lay.legend)
    assert lay.margins.right > layout(events, density="never").margins.right  # the scale
    assert_strips_consistent(lay, events)
    assert_disjoint(lay)


@pytest.mark.parametrize(
    ("n", "density", "threshold", "max_levels", "strips"),
    [
        (61, "auto", DENSITY_THRESHOLD, 4, 1),  # past the threshold
        (50, "auto", DENSITY_THRESHOLD, 4, 0),  # under it, and labels have room
        (50, "auto", 40, 4, 1),  # a lower threshold
        (50, "auto", DENSITY_THRESHOLD, 1, 1),  # one level: crowded beyond its levels
        (50, "always", DENSITY_THRESHOLD, 4, 1),
        (200, "never", DENSITY_THRESHOLD, 4, 0),
        (7, "always", DENSITY_THRESHOLD, 4, 0),  # too few to be a frequent kind
    ],
)
def test_when_lanes_become_count_strips(
    n: int, density: DensityMode, threshold: int, max_levels: int, strips: int
) -> None:
    events = missile_year(n)
    lay = layout(events, density=density, density_threshold=threshold, max_levels=max_levels)
    assert len(lay.strips) == strips
    assert len(lay.events) + lay.aggregated == len(events)
    if not strips:
        assert lay.aggregated == 0


def test_vaguely_dated_launches_are_shared_over_their_range() -> None:
    events = missile_year()
    events.append(ev(500, "missile_launch", D(2022, 1, 1), D(2022, 12, 31), precision="year",
                     title="Launch reported for the year"))  # fmt: skip
    lay = layout(events)
    (strip,) = lay.strips
    assert strip.period == "week"
    assert 500 not in {p.event.id for p in lay.events}  # counted, not drawn
    assert strip.total == pytest.approx(120)
    # 1/365 of the launch per day: a full week gets 7/365 of it
    week = next(b for b in strip.bins if b.start == D(2022, 6, 6))
    assert week.spread == pytest.approx(7 / 365)
    assert any(e.key == "strip_spread" for e in lay.legend)


def test_density_mode_is_checked() -> None:
    with pytest.raises(ValueError, match="density mode"):
        layout([ev(1)], density="sometimes")  # type: ignore[arg-type]


def test_count_strip_is_drawn(tmp_path: Path) -> None:
    with chart_style():
        fig, lay, drawn = build_figure(missile_year(), title="Launches")
        fig.savefig(tmp_path / "strip.png")
    (strip,) = lay.strips
    assert drawn.strips == 1 and drawn.bins == len(strip.bins)
    assert drawn.points + drawn.spans == len(lay.events)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"0", str(strip.max_count)} <= texts  # the scale in the right margin


@pytest.mark.corpus
def test_cns_missile_chart_lays_out_readably() -> None:
    """The chart of scripts/plot_cns.py: every launch counted, the ICBMs and NCG labelled."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "plot_cns.py"
    spec = importlib.util.spec_from_file_location("plot_cns", script)
    assert spec is not None and spec.loader is not None
    plot_cns = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plot_cns)
    corpora = plot_cns.CORPORA
    if not (corpora / plot_cns.MISSILES).is_file():
        pytest.skip(f"no corpus at {corpora}")
    events = plot_cns.build_events(corpora)
    assert sum(e.kind == "missile_launch" for e in events) == 330
    lay = layout(events, width_in=14.0)
    (strip,) = lay.strips
    assert lay.lanes[strip.lane].name == "Missiles & nuclear"
    assert strip.kinds == ("missile_launch",) and strip.period == "quarter"
    assert strip.total == pytest.approx(330)
    labels = [label.text for label in lay.labels]
    assert sum("ICBM" in text for text in labels) >= 6
    assert sum("NCG" in text for text in labels) == 6  # the five held and the planned one
    assert "6th NCG (planned)" in labels
    assert_disjoint(lay)
    assert_strips_consistent(lay, events)


# --- literal, safe text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain title", "plain title"),
        ("  spaced\tout\n title ", "spaced out title"),
        ("bell\x07 and\x00 null", "bell and null"),
        ("rtl\u202eoverride\u200b", "rtloverride"),
        ("$5 cost_sharing ^2 $x$", "$5 cost_sharing ^2 $x$"),  # kept: drawn literally
        ("한미 NCG", "한미 NCG"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_mathtext_and_control_characters_render_literally(tmp_path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    # Each title is broken mathtext: parsed as math, drawing would raise.
    events = [
        ev(1, title="Cost $5_000^2 \\frac{$ talks"),
        ev(2, "summit", D(2024, 7, 1), title="Bell\x07 and null\x00 $x_1$ summit"),
        ev(3, "statement", D(2024, 8, 1), series="S$_^{", ordinal=1, title="^_^ $$ $"),
    ]
    with chart_style():
        fig, lay, _ = build_figure(events, title="Title with $\\alpha_$ and \x1b", lanes="series")
        FigureCanvasAgg(fig).draw()  # type: ignore[no-untyped-call]  # warnings are errors: no missing-glyph warnings either
        fig.savefig(tmp_path / "math.svg")
    texts = [t for t in fig.findobj(Text) if "$" in t.get_text() or "^" in t.get_text()]
    shown = {t.get_text() for t in texts}
    assert {
        "Cost $5_000^2 \\frac{$ talks",
        "Bell and null $x_1$ summit",
        "^_^ $$ $",
        "Title with $\\alpha_$ and",
        "S$_^{",  # the lane name
        "S$_^{ series, numbered in order",  # the legend
    } <= shown
    assert not any(t.get_parse_math() for t in texts)
    assert all(ch.isprintable() for text in shown for ch in text)
    assert {label.text for label in lay.labels} == {
        "Cost $5_000^2 \\frac{$ talks",
        "Bell and null $x_1$ summit",
        "^_^ $$ $",
    }


TITLES = (
    "Nuclear Consultative Group meeting in Washington with the allies",
    "KP launches Hwasong-18 ICBM into the East Sea from near Pyongyang",
    "illicit ship-to-ship transfers illuminated in a UN panel report",
    "WMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWM",
    "한미 핵협의그룹 회의 서울 개최 (NCG) 0123456789",
    "Cost $5_000^2 sharing talks: $x_1$ and $\\frac{a}{$ round ^ _",
    "Control\x07 char\x00acters\u202e and\ttabs\nnewlines",
    "(planned) – ‘quoted’ — “double” … 0123456789",
)


# Strategies built once: constructing them per draw made generation, not
# the layout, the cost of the property test.
_HEAVY_KINDS = KINDS + ("missile_launch",) * 24
_EVENT_FIELDS = st.tuples(
    st.sampled_from(list(PRECISION_DAYS)),
    st.dates(min_value=D(2021, 1, 1), max_value=D(2026, 12, 31)),
    st.integers(0, len(_HEAVY_KINDS) - 1),
    st.sampled_from(["occurred", "occurred", "planned"]),
    # A prefix of a varied title: two draws rather than one per character.
    st.sampled_from(TITLES),
    st.integers(0, 80),
    st.sampled_from([(), ("US",), ("KR", "US"), ("KP",)]),
    st.sampled_from([None, None, None, None, None, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
)


@st.composite
def event_sets(draw: st.DrawFn) -> list[EventRecord]:
    # Up to 150 events, half the time mostly missile launches, so that lanes
    # cross the density thresholds and get count strips.
    # (A drawn size: st.lists alone stays near a handful of elements.)
    heavy = draw(st.booleans())
    n = draw(st.integers(min_value=0, max_value=150))
    fields = draw(st.lists(_EVENT_FIELDS, min_size=n, max_size=n))
    return [
        ev(
            i,
            _HEAVY_KINDS[k] if heavy else KINDS[k % len(KINDS)],
            start,
            start + dt.timedelta(days=PRECISION_DAYS[precision]),
            precision=precision,
            status=status,
            title=title[:cut],
            actors=actors,
            series="NCG" if ordinal else None,
            ordinal=ordinal,
        )
        for i, (precision, start, k, status, title, cut, actors, ordinal) in enumerate(fields)
    ]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    events=event_sets(),
    lanes=st.sampled_from(["group", "kind", "actor", "series", "none"]),
    width=st.floats(min_value=6.0, max_value=18.0),
    height=st.one_of(st.none(), st.floats(min_value=2.0, max_value=12.0)),
    max_levels=st.integers(min_value=0, max_value=6),
    density=st.sampled_from(["auto", "always", "never"]),
    threshold=st.sampled_from([0, 10, DENSITY_THRESHOLD]),
)
def test_placed_labels_never_overlap(
    events: list[EventRecord],
    lanes: str,
    width: float,
    height: float | None,
    max_levels: int,
    density: DensityMode,
    threshold: int,
) -> None:
    if not events:
        with pytest.raises(ValueError, match="no events"):
            layout(events)
        return
    lay = layout(
        events,
        lanes=lanes,  # type: ignore[arg-type]
        width_in=width,
        height_in=height,
        max_levels=max_levels,
        density=density,
        density_threshold=threshold,
    )
    assert_disjoint(lay)
    assert_strips_consistent(lay, events)
    if density == "never":
        assert not lay.strips and len(lay.events) == len(events)
    assert len(lay.events) + lay.aggregated == len(events)
    assert len(lay.labels) + lay.hidden == len(lay.events)
    assert all(label.level < max_levels for label in lay.labels)
    per_lane = Counter(p.lane for p in lay.events)
    assert [lane.n_events for lane in lay.lanes] == [
        per_lane[lane.index] + lane.aggregated for lane in lay.lanes
    ]
    for p in lay.events:
        lane = lay.lanes[p.lane]
        assert lay.xlim[0] <= p.x0 <= p.x1 <= lay.xlim[1]
        if p.label is not None:
            box = p.label.box
            assert p.label.x == p.x0
            assert box.x0 == p.x0 or (p.label.flipped and box.x1 == p.x0)
            assert lay.xlim[0] <= box.x0 < box.x1 <= lay.xlim[1]
            assert lane.baseline + 0.1 < box.y0 < box.y1 <= lane.y1 + 1e-9
    if height is not None:
        assert lay.height_in == height
        if lay.labels:
            # the lanes fit the height asked for, so y stays in real inches
            plot_h = height - lay.margins.top - lay.margins.bottom
            assert lay.ylim[1] == pytest.approx(plot_h)


def test_two_thousand_events_lay_out_quickly_and_drop_labels() -> None:
    events = [
        ev(
            i,
            KINDS[i % len(KINDS)],
            D(2016, 1, 1) + dt.timedelta(days=(i * 37) % 3650),
            title=f"Event number {i} about the alliance",
        )
        for i in range(2000)
    ]
    t0 = time.perf_counter()
    lay = layout(events)
    assert time.perf_counter() - t0 < 2.0
    assert 0 < len(lay.labels) < 400
    assert len(lay.labels) + lay.hidden + lay.aggregated == 2000
    assert lay.strips  # 400 events a lane is past the density threshold
    assert_disjoint(lay)
    assert_strips_consistent(lay, events)


# --- drawing and files -----------------------------------------------------------


def test_rendered_labels_fit_their_layout_boxes() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    events = realistic() + [
        ev(100 + i, "exercise", D(2024, 8, 1) + dt.timedelta(days=9 * i),
           title=f"Combined drill WMW {i} with an unusually long, wide NAME")
        for i in range(12)
    ]  # fmt: skip
    with chart_style():
        fig, lay, drawn = build_figure(events, title="Check", today=D(2025, 12, 20))
        renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
        ax = fig.axes[0]
        assert drawn.labels == len(lay.labels) == len(drawn.texts)
        assert drawn.hidden == lay.hidden > 0
    assert drawn.today
    assert drawn.series_lines == 1
    assert drawn.points + drawn.spans == len(events)
    extents = [t.get_window_extent(renderer) for t in drawn.texts]
    for text, extent in zip(drawn.texts, extents, strict=True):
        label = next(lb for lb in lay.labels if lb.text == text.get_text())
        (bx0, by0), (bx1, by1) = ax.transData.transform(
            [(label.box.x0, label.box.y0), (label.box.x1, label.box.y1)]
        )
        assert bx0 - 0.5 <= extent.x0 and extent.x1 <= bx1 + 0.5, label.text
        assert by0 - 0.5 <= extent.y0 and extent.y1 <= by1 + 0.5, label.text
    for a, b in itertools.combinations(extents, 2):
        assert not a.overlaps(b)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_files_are_written(tmp_path: Path, suffix: str) -> None:
    magic = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix]
    out = plot_events(
        realistic(),
        tmp_path / f"chart{suffix}",
        title="U.S.–ROK alliance",
        generated=D(2025, 12, 20),
        n_articles=7,
    )
    assert out == tmp_path / f"chart{suffix}"
    data = out.read_bytes()
    assert data.startswith(magic) and len(data) > 1000


def test_svg_output_is_deterministic(tmp_path: Path) -> None:
    a = plot_events(realistic(), tmp_path / "a.svg", title="T", generated=D(2025, 1, 2))
    b = plot_events(realistic()[::-1], tmp_path / "b.svg", title="T", generated=D(2025, 1, 2))
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text()
    assert "12 events, generated 2025-01-02" in text  # as a comment beside the glyphs
    c = plot_events(realistic(), tmp_path / "c.pdf")
    d = plot_events(realistic(), tmp_path / "d.pdf")
    assert c.read_bytes() == d.read_bytes()


def test_caption_counts_articles_from_sources() -> None:
    src = [SourceRecord(article=f"a{i % 3}", title=None, published=None, sentence="s", start=0,
                        end=1) for i in range(5)]  # fmt: skip
    events = [ev(i, sources=(src[i],)) for i in range(5)]
    with chart_style():
        fig, _, _ = build_figure(events, generated=D(2025, 12, 20))
        texts = [t.get_text() for t in fig.texts]
    assert "5 events from 3 articles, generated 2025-12-20" in texts
    with chart_style():
        fig, _, _ = build_figure(events[:1], n_articles=1)
        texts = [t.get_text() for t in fig.texts]
    assert "1 event from 1 article" in texts


def test_missing_directory_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        plot_events(realistic(), tmp_path / "nowhere" / "chart.png")


def test_bad_suffix_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"'\.jpg'.*\.png, \.svg, \.pdf"):
        plot_events(realistic(), tmp_path / "chart.jpg")
    with pytest.raises(ValueError, match="no suffix"):
        plot_events(realistic(), tmp_path / "chart")
    assert not list(tmp_path.iterdir())


def test_empty_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^no events to plot; widen the filters$") as info:
        plot_events([], tmp_path / "chart.png")
    assert str(info.value) == NO_EVENTS
    assert not (tmp_path / "chart.png").exists()


def test_two_thousand_events_render_in_seconds(tmp_path: Path) -> None:
    events = [
        ev(
            i,
            KINDS[i % len(KINDS)],
            D(2016, 1, 1) + dt.timedelta(days=(i * 37) % 3650),
            D(2016, 1, 1) + dt.timedelta(days=(i * 37) % 3650 + (0 if i % 3 else 30)),
            status="planned" if i % 7 == 0 else "occurred",
            title=f"Event number {i} about the alliance",
            series="NCG" if i % 50 == 0 else None,
            ordinal=i // 50 + 1 if i % 50 == 0 else None,
        )
        for i in range(2000)
    ]
    t0 = time.perf_counter()
    out = plot_events(events, tmp_path / "dense.png", lanes="group")
    assert time.perf_counter() - t0 < 15.0
    assert out.stat().st_size > 10_000


def test_every_kind_group_has_a_distinct_colour() -> None:
    colours = [colour for _, _, colour in KIND_GROUPS]
    assert len(set(colours)) == len(colours)
    assert {k for _, kinds, _ in KIND_GROUPS for k in kinds} == set(KINDS)
