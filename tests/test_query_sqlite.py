"""On SQLite, queries run as plain SQL on the driver's cursor: the same
records, in the same order, as the SQLAlchemy statement every other
database runs, whatever the filters."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from tests.test_writer_batches import _random_event
from timeline.models import Article
from timeline.query import EventQuery, _records, _statement, build_query, run_query
from timeline.store import Store
from timeline.writer import Writer

_FILTERS = [
    {},
    {"date_from": "2024-03", "date_to": "2024-03"},
    {"date_from": "2024-02-29"},
    {"date_to": "2024-02"},
    {"date_from": "2024-03-01", "date_to": "2024-03-02", "within": True},
    {"date_from": "2024", "within": True},
    {"date_to": "2024-Q1", "within": True},
    {"kinds": ["meeting"]},
    {"kinds": ["meeting", "talks"], "date_from": "2024-03"},
    {"actors": ["KR"]},
    {"actors": ["US", "KR"], "date_from": "2024-02", "date_to": "2024-03"},
    {"kinds": ["talks"], "actors": ["KP"], "date_from": "2024-03", "date_to": "2024-03"},
    {"status": "planned"},
    {"series": "ncg"},
    {"text": "event 1"},
    {"text": "sentence 3"},
    {"text": "SEOUL"},
    {"text": "100%_x"},
    {"limit": 7},
    {"date_from": "2024-03", "limit": 3, "kinds": ["meeting"]},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path: Path = tmp_path_factory.mktemp("q") / "q.db"
    store = Store(path)
    rng = random.Random(5)
    store.add_events([_random_event(rng, i) for i in range(300)], batch=50)
    with store.writing() as s:
        article = Article(source="a.txt", title="A", content_hash="h", text="x")
        s.add(article)
        s.flush()
        Writer(s.connection()).write_all([_random_event(rng, 1000 + i) for i in range(40)], article.id)
    return store


@pytest.mark.parametrize("filters", _FILTERS, ids=[str(f) for f in _FILTERS])
def test_sqlite_sql_gives_the_statements_records(store: Store, filters: dict[str, object]) -> None:
    q: EventQuery = build_query(**filters)  # type: ignore[arg-type]
    with store.session() as s:
        conn = s.connection()
        want = _records(conn, conn.execute(_statement(q)).all())
        got = run_query(s, q)
    assert got == want
    if not filters:
        assert len(got) > 50


def test_records_made_without_their_constructor_equal_constructed_ones() -> None:
    import datetime as dt

    from timeline.query import _new_record, _new_source
    from timeline.records import EventRecord, SourceRecord

    source_fields = ("a.txt", "A", dt.date(2024, 3, 1), "They met.", 0, 9, "2024-03-01", "occurred")
    source = _new_source(*source_fields)
    assert type(source) is SourceRecord and source == SourceRecord(*source_fields)
    fields = (
        7, "meeting", "Talks", "2024-03", dt.date(2024, 3, 1), dt.date(2024, 3, 31), "month",
        "planned", "START", ("KR", "US"), ("Lee",), "Seoul", "NCG", 5, 0.8, (source,),
    )  # fmt: skip
    record = _new_record(*fields)
    assert type(record) is EventRecord and record == EventRecord(*fields)
    assert hash(record) == hash(EventRecord(*fields))
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.title = "x"  # type: ignore[misc]


def test_sqlite_sources_equal_the_sqlalchemy_join(store: Store) -> None:
    """The SQLite path reads mentions and their articles apart and groups
    them per event; the statement other databases run joins them."""
    from collections import defaultdict

    from timeline.query import _SOURCES, _sources
    from timeline.records import SourceRecord

    with store.session() as s:
        conn = s.connection()
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM event ORDER BY date_start DESC")]
        want: dict[int, list[SourceRecord]] = defaultdict(list)
        for r in conn.execute(_SOURCES, {"ids": ids}):
            want[r[0]].append(SourceRecord(*r[1:]))
        got = _sources(conn, ids)
    assert got == {event_id: tuple(found) for event_id, found in want.items()}
    assert any(len(v) > 1 for v in got.values())
    assert any(v[0].title == "A" for v in got.values())  # the article's mentions
