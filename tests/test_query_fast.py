"""The SQLite query path builds records as it reads rows (events first,
then their mentions, streamed, articles read afterwards) and attaches each
event's sources at the end. These tests compare it with records built
independently: SQLAlchemy's statements (the events, and the join of mentions
with their articles) and the records' own constructors."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

import timeline.query as query_module
from tests.test_writer_batches import _random_event
from timeline.models import Article, Mention
from timeline.query import _SOURCES, EventQuery, _statement, build_query
from timeline.records import EventRecord, SourceRecord
from timeline.store import Store
from timeline.writer import Writer


def _reference(store: Store, q: EventQuery) -> list[EventRecord]:
    """``q``'s records through SQLAlchemy alone, made by their __init__."""
    with store.engine.connect() as conn:
        rows = conn.execute(_statement(q)).all()
        sources: dict[int, list[SourceRecord]] = defaultdict(list)
        ids = [r[0] for r in rows]
        for i in range(0, len(ids), 500):
            for r in conn.execute(_SOURCES, {"ids": ids[i : i + 500]}):
                sources[r[0]].append(SourceRecord(*r[1:]))
    out = []
    for (
        event_id, kind, title, date_value, start, end, precision, status, date_mod, actors,
        participants, location, series, ordinal, confidence,
    ) in rows:  # fmt: skip
        out.append(
            EventRecord(
                id=event_id, kind=kind, title=title, date_value=date_value,
                date_start=dt.date.fromisoformat(start), date_end=dt.date.fromisoformat(end),
                precision=precision, status=status, date_mod=date_mod,
                actors=tuple(json.loads(actors)), participants=tuple(json.loads(participants)),
                location=location, series=series, ordinal=ordinal, confidence=confidence,
                sources=tuple(sources.get(event_id, ())),
            )
        )  # fmt: skip
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Events with hand-entry mentions, events citing two articles, and
    events whose mentions alternate between articles and hand entries."""
    path: Path = tmp_path_factory.mktemp("fast") / "q.db"
    store = Store(path)
    rng = random.Random(8)
    stored = store.add_events([_random_event(rng, i) for i in range(400)], batch=64)
    with store.writing() as s:
        articles = []
        for n in range(2):
            article = Article(
                source=f"a{n}.txt", title=None if n else "A", content_hash=f"h{n}", text="x",
                published=None if n else dt.date(2024, 3, 1),
            )  # fmt: skip
            s.add(article)
            s.flush()
            articles.append(article.id)
            Writer(s.connection()).write_all([_random_event(rng, 2000 + 50 * n + i) for i in range(50)], article.id)
        # Mixed sources on some hand-entry events: article, note, article.
        for event_id in sorted({event_id for event_id, _ in stored})[::7]:
            for k, article_id in enumerate((articles[1], None, articles[0])):
                s.add(
                    Mention(
                        event_id=event_id, article_id=article_id,
                        source_note=None if article_id else ("note" if k else None),
                        sentence=f"mixed {k}", start=100 + k, end=110 + k,
                        date_value=None if k == 1 else "2024", status=None if k else "planned",
                    )
                )  # fmt: skip
    return store


_FILTERS: list[dict[str, object]] = [
    {},
    {"date_from": "2024-03", "date_to": "2024-03"},
    {"date_from": "2024-02-29"},
    {"date_to": "2024-02", "within": True},
    {"kinds": ["talks"]},
    {"actors": ["KR"]},
    {"text": "event 2"},
    {"limit": 11},
    {"date_from": "2024-01", "limit": 5, "kinds": ["meeting"]},
]


@pytest.mark.parametrize("filters", _FILTERS, ids=[str(f) for f in _FILTERS])
@pytest.mark.parametrize("chunk", [900, 7])
def test_sqlite_path_equals_records_built_independently(
    store: Store, filters: dict[str, object], chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small chunk splits a query's events over many IN lists (an event's
    # mentions never span two), as a month of a large archive does.
    monkeypatch.setattr(query_module, "_CHUNK", chunk)
    q: EventQuery = build_query(**filters)  # type: ignore[arg-type]
    want = _reference(store, q)
    got = store.query(q)
    assert got == want
    assert [type(r) for r in got] == [EventRecord] * len(want)
    assert all(type(s) is SourceRecord for r in got for s in r.sources)
    if not filters:
        assert len(got) > 50
        assert sum(len(r.sources) > 1 for r in got) > 20
        mixed = [r for r in got if any(s.sentence.startswith("mixed") for s in r.sources)]
        assert mixed and all(
            [s.article for s in r.sources][-3:] == ["a1.txt", "note", "a0.txt"] for r in mixed
        )


def test_events_without_mentions_have_no_sources(tmp_path: Path) -> None:
    store = Store(tmp_path / "q.db")
    rng = random.Random(2)
    stored = store.add_events([_random_event(rng, i) for i in range(200)])
    ids = sorted({event_id for event_id, _ in stored})[:3]
    assert len(ids) == 3
    with store.writing() as s:
        s.connection().execute(sa.delete(Mention).where(sa.column("event_id").in_(ids)))
    got = {r.id: r for r in store.query(build_query())}
    assert [got[i].sources for i in ids] == [(), (), ()]
    assert all(r.sources for i, r in got.items() if i not in ids)
    assert list(got.values()) == _reference(store, build_query())
