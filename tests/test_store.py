from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.dates import parse_date
from timeline.errors import DateParseError, InputError, UnknownKindError
from timeline.query import build_query
from timeline.store import Store, new_event, resolve_url

NCG5 = (
    "South Korea's defense ministry said the allies held the fifth Nuclear Consultative "
    "Group (NCG) meeting in Washington on Thursday."
)


def test_resolve_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'db' / 'timeline.db'}"
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).endswith("env.db")
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url(":memory:") == "sqlite://"


def test_default_database_created_on_demand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Store() as store:
        assert store.stats() == {"articles": 0, "events": 0, "mentions": 0}
    assert (tmp_path / "db" / "timeline.db").is_file()


def test_sqlite_runs_in_wal_mode(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_ingest_twice_adds_nothing(store: Store) -> None:
    first = store.ingest_text(NCG5, source="a.txt", published=dt.date(2025, 12, 12))
    assert first.new and first.events_new == 1
    before = store.stats()
    again = store.ingest_text(NCG5 + "\n", source="b.txt", published=dt.date(2025, 12, 12))
    assert not again.new
    assert store.stats() == before


def test_same_event_from_two_articles_is_one_event(store: Store) -> None:
    store.ingest_text(NCG5, source="a.txt", published=dt.date(2025, 12, 12))
    store.ingest_text(
        "The allies' fifth NCG meeting took place in Washington on Dec. 11, officials said.",
        source="b.txt",
        published=dt.date(2025, 12, 14),
    )
    events = store.query()
    assert len(events) == 1
    assert events[0].date_value == "2025-12-11"
    assert [s.article for s in events[0].sources] == ["a.txt", "b.txt"]


def test_planned_then_held_becomes_one_occurred_event(store: Store) -> None:
    store.ingest_text(
        "The allies approved plans for the sixth NCG meeting in the first half of 2026.",
        source="plan.txt",
        published=dt.date(2025, 12, 12),
    )
    store.ingest_text(
        "The allies held the sixth NCG meeting in Seoul on Tuesday.",
        source="held.txt",
        published=dt.date(2026, 3, 19),
    )
    (event,) = store.query()
    assert (event.status, event.date_value, event.precision) == ("occurred", "2026-03-17", "day")
    assert [s.status for s in event.sources] == ["planned", "occurred"]
    assert [s.date_value for s in event.sources] == ["2026-H1", "2026-03-17"]


def _add(store: Store, date: str, kind: str = "meeting", **kw: object) -> int:
    event_id, _ = store.add_event(new_event(date=date, kind=kind, title=f"{kind} {date}", **kw))  # type: ignore[arg-type]
    return event_id


@pytest.mark.parametrize(
    ("date_from", "date_to", "within", "expected"),
    [
        ("2025-11-01", "2026-06-30", False, ["2025-12-11", "2026-H1", "2026"]),
        ("2025-11-01", "2026-06-30", True, ["2025-12-11", "2026-H1"]),
        ("2026-03", "2026-03", False, ["2026-H1", "2026"]),
        ("2026-03", "2026-03", True, []),
        (None, "2024", False, ["2023-04"]),
        ("2026-07-01", None, False, ["2026"]),
    ],
)
def test_range_overlap_semantics(
    store: Store, date_from: str | None, date_to: str | None, within: bool, expected: list[str]
) -> None:
    for d in ("2023-04", "2025-12-11", "2026-H1", "2026"):
        _add(store, d, status="occurred")
    q = build_query(date_from=date_from, date_to=date_to, within=within)
    assert [e.date_value for e in store.query(q)] == expected


def test_filters(store: Store) -> None:
    _add(store, "2025-11-08", "missile_launch", actors=["KP"])
    _add(store, "2025-12-11", "meeting", actors=["US", "KR"], series="NCG", ordinal=5)
    _add(store, "2025-11-01", "meeting", actors=["KR", "JP"], location="Kuala Lumpur")
    titles = lambda **kw: [e.date_value for e in store.query(build_query(**kw))]  # noqa: E731
    assert titles(kinds=["missile_launch"]) == ["2025-11-08"]
    assert titles(actors=["KR"]) == ["2025-11-01", "2025-12-11"]
    assert titles(actors=["KR", "US"]) == ["2025-12-11"]
    assert titles(series="ncg") == ["2025-12-11"]
    assert titles(text="kuala") == ["2025-11-01"]
    assert titles(status="planned") == []


@pytest.mark.parametrize("text", ["'; DROP TABLE event; --", "%", "_", "\\", "\" OR 1=1"])
def test_filter_values_are_data_not_sql(store: Store, text: str) -> None:
    _add(store, "2025-12-11")
    assert store.query(build_query(text=text, actors=[text[:2] or "X"])) == []
    assert store.query(build_query(series=text)) == []
    assert store.stats()["events"] == 1


def test_bad_filters() -> None:
    with pytest.raises(InputError, match="after --to"):
        build_query(date_from="2026", date_to="2025")
    with pytest.raises(UnknownKindError, match="unknown kind 'party'"):
        build_query(kinds=["party"])
    with pytest.raises(DateParseError, match="--from"):
        build_query(date_from="the day after never")


def test_add_event_parses_dates_like_articles(store: Store) -> None:
    event_id = _add(store, "first half of 2026", actors=["us", "kr"])
    record = store.get(event_id)
    assert record is not None
    assert (record.date_value, record.date_start, record.date_end, record.precision) == (
        "2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "half",
    )
    assert record.actors == ("KR", "US")
    assert record.sources[0].article == "manual entry"


def test_new_event_validation() -> None:
    with pytest.raises(UnknownKindError):
        new_event(date="2025", kind="party", title="x")
    with pytest.raises(DateParseError):
        new_event(date="someday", kind="meeting", title="x")
    with pytest.raises(InputError, match="title"):
        new_event(date="2025", kind="meeting", title=" ")
    future = new_event(date="2026-H1", kind="meeting", title="x", dct=dt.date(2025, 12, 12))
    assert future.status == "planned"


def test_bulk_add_is_batched(store: Store) -> None:
    events = [
        new_event(date=f"2024-{m:02d}-01", kind="exercise", title=f"drill {m}") for m in range(1, 13)
    ]
    ids = store.add_events(events, batch=5)
    assert len({i for i, _ in ids}) == 12
    assert store.count() == 12


def test_interval_of_parse_matches_store(store: Store) -> None:
    iv = parse_date("2025-W44")
    event_id = _add(store, "2025-W44")
    record = store.get(event_id)
    assert record is not None and (record.date_start, record.date_end) == (iv.start, iv.end)


_VALUES = st.sampled_from(
    ["2024-02-29", "2024-03-01", "2024-W09", "2024-W09-WE", "2024-02", "2024-03", "2024-Q1",
     "2024-H1", "2023-WI", "2024-SP", "2024", "202X", "20XX", "2023-12-31", "2024-06-30"]
)
_DAYS = st.dates(dt.date(2023, 11, 1), dt.date(2024, 8, 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_VALUES, min_size=1, max_size=8, unique=True), _DAYS, _DAYS, st.booleans())
def test_range_query_matches_brute_force(
    tmp_path: Path, values: list[str], a: dt.date, b: dt.date, within: bool
) -> None:
    """The indexed range query finds exactly the intervals that overlap (or lie within)."""
    lo, hi = min(a, b), max(a, b)
    with Store(":memory:") as store:
        for v in values:
            store.add_event(new_event(date=v, kind="meeting", title=v))
        got = {e.date_value for e in store.query(build_query(date_from=lo, date_to=hi, within=within))}
        got_from = {e.date_value for e in store.query(build_query(date_from=lo))}
    want, want_from = set(), set()
    for v in values:
        iv = parse_date(v)
        if (lo <= iv.start and iv.end <= hi) if within else (iv.start <= hi and iv.end >= lo):
            want.add(v)
        if iv.end >= lo:
            want_from.add(v)
    assert got == want
    assert got_from == want_from
