"""The batched writer against a slow reference: the same events, the same
merges, the same mentions, whatever the batch sizes.

The reference is the writer's matching rule written out plainly: events
one at a time, each compared with every event stored before it (oldest
first) among those the rule makes candidates, with :func:`same_event`
deciding and :func:`merge_values` merging.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa

from timeline import store as store_module
from timeline.dates import containing_starts, interval
from timeline.models import Article, ordered_actors
from timeline.store import Store
from timeline.writer import NewEvent, Writer, merge_values, same_event

MentionKey = tuple[int, int | None, int, str | None, str]


@dataclass
class _RefEvent:
    id: int
    kind: str
    title: str
    series: str | None
    ordinal: int | None
    date_value: str
    date_start: dt.date
    date_end: dt.date
    precision: str
    date_mod: str | None
    status: str
    location: str | None
    participants: list[str]
    confidence: float
    actors: set[str] = field(default_factory=set)


@dataclass
class _Reference:
    events: list[_RefEvent] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    keys: set[MentionKey] = field(default_factory=set)

    def _candidate(self, row: _RefEvent, ev: NewEvent) -> bool:
        if row.kind != ev.kind:
            return False
        if row.date_start == ev.date.start or row.date_start in containing_starts(ev.date.start):
            return True
        if ev.date.end > ev.date.start or (ev.series and ev.ordinal is not None):
            return ev.date.start <= row.date_start <= ev.date.end or bool(
                row.series == ev.series and row.ordinal == ev.ordinal and ev.series
            )
        return False

    def add(self, ev: NewEvent, article_id: int | None) -> tuple[int, bool]:
        row = next(
            (r for r in self.events if self._candidate(r, ev) and same_event(r, r.actors, ev)),
            None,
        )
        merged = row is not None
        if row is None:
            row = _RefEvent(
                len(self.events) + 1, ev.kind, ev.title, ev.series, ev.ordinal, ev.date.value,
                ev.date.start, ev.date.end, ev.date.precision.value, ev.date_mod, ev.status,
                ev.location, list(dict.fromkeys(ev.participants)), ev.confidence, set(ev.actors),
            )  # fmt: skip
            self.events.append(row)
        else:
            for key, value in merge_values(row, ev).items():  # type: ignore[arg-type]
                setattr(row, key, value)
            row.actors.update(ev.actors)
        if article_id is not None:
            key: MentionKey = (row.id, article_id, ev.start, None, "")
            stored: MentionKey = (row.id, article_id, ev.start, ev.source_note, ev.sentence)
        else:
            key = stored = (row.id, None, 0, ev.source_note, ev.sentence)
        if key not in self.keys:
            self.keys.update((key, stored))
            self.mentions.append(
                (row.id, article_id, ev.source_note, ev.sentence, ev.start, ev.end,
                 ev.date_text, ev.date.value, ev.status)
            )  # fmt: skip
        return row.id, merged


_VALUES = [
    "2024-02-26", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03",
    "2024-03-04", "2024-01-01", "2024-W09", "2024-W09-WE", "2024-W10", "2024-02", "2024-03",
    "2024-Q1", "2024-H1", "2023-WI", "2024-SP", "2024", "202", "20", "2023-12-31", "2023-12",
]  # fmt: skip


def _random_event(rng: random.Random, i: int) -> NewEvent:
    iv = interval(rng.choice(_VALUES))
    assert iv is not None
    series = rng.choice([None, None, "NCG", "TCOG"])
    return NewEvent(
        kind=rng.choice(["meeting", "meeting", "talks"]),
        title=f"event {i}",
        date=iv,
        status=rng.choice(["occurred", "occurred", "planned"]),
        actors=tuple(rng.sample(["US", "KR", "KP", "NATO"], rng.randrange(0, 3))),
        participants=tuple(rng.sample(["Lee", "Kim", "Smith"], rng.randrange(0, 3))),
        location=rng.choice([None, None, None, "Seoul", "Washington"]),
        series=series,
        ordinal=rng.choice([None, 1, 2]) if series else None,
        confidence=rng.choice([0.5, 0.8, 1.0]),
        sentence=f"sentence {rng.randrange(40)}",
        start=rng.randrange(5) * 10,
        end=rng.randrange(5) * 10 + 5,
        date_text=iv.value,
        source_note=rng.choice(["a.csv", "b.csv"]),
        date_mod=rng.choice([None, None, "START"]),
    )


def _stored(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        events = conn.execute(
            sa.text(
                "SELECT id, kind, title, series, ordinal, date_value, date_start, date_end, "
                "precision, date_mod, status, location, participants, confidence "
                "FROM event ORDER BY id"
            )
        ).all()
        actors = conn.execute(sa.text("SELECT event_id, actor FROM event_actor")).all()
        copies = conn.execute(sa.text("SELECT id, actors FROM event ORDER BY id")).all()
        mentions = conn.execute(
            sa.text(
                'SELECT event_id, article_id, source_note, sentence, start, "end", date_text, '
                "date_value, status FROM mention ORDER BY id"
            )
        ).all()
    dates = {6, 7}
    return {
        "events": [
            tuple(str(v) if i in dates else v for i, v in enumerate(r)) for r in events
        ],
        "actors": sorted(tuple(r) for r in actors),
        "actor_lists": [tuple(r) for r in copies],
        "mentions": [tuple(r) for r in mentions],
    }


def _expected(ref: _Reference) -> dict[str, Any]:
    return {
        "events": [
            (e.id, e.kind, e.title, e.series, e.ordinal, e.date_value, str(e.date_start),
             str(e.date_end), e.precision, e.date_mod, e.status, e.location, e.participants,
             e.confidence)
            for e in ref.events
        ],
        "actors": sorted((e.id, a) for e in ref.events for a in e.actors),
        # event.actors copies event_actor, in output order.
        "actor_lists": [(e.id, ordered_actors(e.actors)) for e in ref.events],
        "mentions": ref.mentions,
    }


def _normalize(state: dict[str, Any]) -> dict[str, Any]:
    # SQLite returns the JSON column as text; PostgreSQL as a list.
    import json

    events = [
        (*r[:12], json.loads(r[12]) if isinstance(r[12], str) else r[12], r[13])
        for r in state["events"]
    ]
    lists = [(i, json.loads(a) if isinstance(a, str) else a) for i, a in state["actor_lists"]]
    return {**state, "events": events, "actor_lists": lists}


@pytest.mark.parametrize("hold", [0.0, 60.0], ids=["commit-each-batch", "one-transaction"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batches_match_the_one_by_one_reference(
    db_url: str, seed: int, hold: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_HOLD_SECONDS", hold)
    rng = random.Random(seed)
    ref = _Reference()
    got: list[tuple[int, bool]] = []
    want: list[tuple[int, bool]] = []
    with Store(db_url) as store:
        for round_ in range(12):
            events = [_random_event(rng, 100 * round_ + i) for i in range(rng.randrange(1, 60))]
            if rng.random() < 0.3:  # some reports again: nothing new to store
                events += rng.sample(events, min(len(events), 5))
            if round_ % 4 == 3:  # an article's events, as ingest writes them
                with store.writing() as s:
                    article = Article(
                        source=f"a{round_}.txt", content_hash=f"h{seed}-{round_}", text="x"
                    )
                    s.add(article)
                    s.flush()
                    assert article.id is not None
                    got += Writer(s.connection()).write_all(events, article.id)
                    want += [ref.add(ev, article.id) for ev in events]
            else:
                got += store.add_events(events, batch=rng.choice([1, 3, 17, 1000]))
                want += [ref.add(ev, None) for ev in events]
        assert got == want
        assert _normalize(_stored(store)) == _expected(ref)


def test_bulk_import_sees_what_another_writer_stored_between_its_transactions(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk writer remembers the events it read and wrote, only for as
    long as nobody else writes."""
    monkeypatch.setattr(store_module, "_HOLD_SECONDS", 0.0)  # commit every batch
    day = interval("2024-03-01")
    assert day is not None

    def drill(title: str, actors: tuple[str, ...]) -> NewEvent:
        return NewEvent(kind="exercise", title=title, date=day, actors=actors, source_note=title)

    with Store(db_url) as store, Store(db_url) as other:
        first = store.add_events([drill("seed", ("JP",))])[0]
        stored: list[tuple[int, bool]] = []

        def events() -> Any:
            yield drill("ours", ("JP",))
            # Between our transactions, someone else stores a new event...
            stored.append(other.add_event(drill("theirs", ("CN",))))
            yield drill("report of theirs", ("CN",))

        got = store.add_events(events(), batch=1)
        assert got == [(first[0], True), (stored[0][0], True)]
        assert store.count() == 2
