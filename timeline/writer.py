"""Writing events inside one transaction: matching, merging, inserting.

Used by :class:`timeline.store.Store` for articles, hand entries and bulk
imports alike, so every path follows the same deduplication rules
(:func:`same_event`). It speaks SQLAlchemy Core rather than the ORM: a bulk
import of a million events spends its time in a few indexed statements per
event, not in object bookkeeping.

Finding candidates stays cheap on large tables. Apart from numbered series,
an event only matches one whose interval is nested with its own, and every
stored interval is a whole calendar period (a day, an ISO week, a month…).
So a candidate either starts inside the new interval, or is a coarser period
containing it and starts on one of the few dates such periods can start on
(:func:`timeline.dates.containing_starts`): two seeks on the ``(kind, date_start)`` index,
whatever the size of the table.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .dates import DateInterval, containing_starts
from .models import Event, EventActor, Mention, Precision, Status

__all__ = ["EventLike", "NewEvent", "Writer", "better_date", "same_event"]

_EVENT = Event.__table__  # type: ignore[attr-defined]
_ACTOR = EventActor.__table__  # type: ignore[attr-defined]
_MENTION = Mention.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to store, from extraction, a person or an import."""

    kind: str
    title: str
    date: DateInterval
    status: str = Status.OCCURRED.value
    actors: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    location: str | None = None
    series: str | None = None
    ordinal: int | None = None
    confidence: float = 1.0
    sentence: str = ""
    start: int = 0
    end: int = 0
    date_text: str | None = None
    source_note: str | None = None
    date_mod: str | None = None


class EventLike(Protocol):
    """What matching needs of a stored event."""

    kind: str
    series: str | None
    ordinal: int | None
    date_value: str
    date_start: dt.date
    date_end: dt.date
    location: str | None


def same_event(existing: EventLike, existing_actors: set[str], new: NewEvent) -> bool:
    """Whether ``new`` reports the stored event ``existing``.

    * same kind, always;
    * a series with ordinals identifies a meeting outright ("5th NCG"), even
      when a planned date moved;
    * otherwise the dates must be compatible (one interval inside the other;
      equal when neither names a series), actors must overlap when both have
      some, and locations must agree when both are known.
    """
    if existing.kind != new.kind:
        return False
    if existing.series and new.series and existing.series != new.series:
        return False
    if existing.ordinal is not None and new.ordinal is not None:
        return existing.series == new.series and existing.ordinal == new.ordinal
    nested = (existing.date_start <= new.date.start and new.date.end <= existing.date_end) or (
        new.date.start <= existing.date_start and existing.date_end <= new.date.end
    )
    if not nested:
        return False
    if not (existing.series and new.series) and existing.date_value != new.date.value:
        return False
    if existing_actors and new.actors and not existing_actors & set(new.actors):
        return False
    return not (existing.location and new.location and existing.location != new.location)


def better_date(current_status: str, current_precision: str, new: NewEvent) -> bool:
    """Whether ``new``'s date should replace the stored one: a report that it
    happened beats a plan; otherwise the more precise date wins."""
    if current_status == Status.PLANNED and new.status == Status.OCCURRED:
        return True
    if current_status == Status.OCCURRED and new.status == Status.PLANNED:
        return False
    return Precision(new.date.precision).rank < Precision(current_precision).rank


@dataclass(slots=True)
class _Row:
    """A stored event as read for matching and merging."""

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


_COLUMNS = (
    "id", "kind", "title", "series", "ordinal", "date_value", "date_start", "date_end",
    "precision", "date_mod", "status", "location", "participants", "confidence",
)  # fmt: skip


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# Statements built once with bind parameters: rebuilding them per event cost
# more than running them (SQLAlchemy coerces every clause it is given).
_B = sa.bindparam
_SELECT = sa.select(*(_EVENT.c[name] for name in _COLUMNS))
_INSIDE = _SELECT.where(
    _EVENT.c.kind == _B("kind"),
    _EVENT.c.date_start >= _B("start"),
    _EVENT.c.date_start <= _B("end"),
)
_BY_STARTS = _SELECT.where(
    _EVENT.c.kind == _B("kind"), _EVENT.c.date_start.in_(_B("starts", expanding=True))
)
# Only an event longer than a day can contain a later day.
_SPANNING_FROM = _BY_STARTS.where(_EVENT.c.date_end > _EVENT.c.date_start)
_BY_ORDINAL = _SELECT.where(
    _EVENT.c.series == _B("series"),
    _EVENT.c.ordinal == _B("ordinal"),
    _EVENT.c.kind == _B("kind"),
)
_ACTORS_OF = sa.select(_ACTOR.c.event_id, _ACTOR.c.actor).where(
    _ACTOR.c.event_id.in_(_B("ids", expanding=True))
)
_MENTIONS_OF = sa.select(
    _MENTION.c.event_id,
    _MENTION.c.article_id,
    _MENTION.c.start,
    _MENTION.c.source_note,
    _MENTION.c.sentence,
).where(_MENTION.c.event_id.in_(_B("ids", expanding=True)))
_INSERT_EVENTS = _EVENT.insert().returning(_EVENT.c.id, sort_by_parameter_order=True)
_INSERT_EVENT_ROWS = _EVENT.insert()
_MAX_ID = sa.select(sa.func.coalesce(sa.func.max(_EVENT.c.id), 0))
_INSERT_ACTOR = _ACTOR.insert()
_INSERT_MENTION = _MENTION.insert()


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Writer:
    """Writes batches of events within one open transaction (``conn``).

    A batch is matched in memory against the stored events it could concern,
    fetched up front in a few statements (by kind and possible start dates,
    by series and ordinal), then written with one multi-row statement per
    table. Events of the same batch match each other too, exactly as if they
    had been written one by one.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.now = _now()  # one transaction, one time of writing

    # -- finding -------------------------------------------------------------

    def _fetch(self, events: Sequence[NewEvent]) -> dict[int, _Row]:
        """Every stored event that one of ``events`` could report."""
        same_start: dict[str, set[dt.date]] = defaultdict(set)
        earlier_start: dict[str, set[dt.date]] = defaultdict(set)
        found: dict[int, _Row] = {}
        for ev in events:
            same_start[ev.kind].add(ev.date.start)
            earlier_start[ev.kind].update(containing_starts(ev.date.start))
            if ev.date.end > ev.date.start:
                for r in self.conn.execute(
                    _INSIDE, {"kind": ev.kind, "start": ev.date.start, "end": ev.date.end}
                ):
                    found.setdefault(r[0], _Row(*r))
            if ev.series and ev.ordinal is not None:
                params = {"kind": ev.kind, "series": ev.series, "ordinal": ev.ordinal}
                for r in self.conn.execute(_BY_ORDINAL, params):
                    found.setdefault(r[0], _Row(*r))
        for stmt, wanted in ((_BY_STARTS, same_start), (_SPANNING_FROM, earlier_start)):
            for kind, days in wanted.items():
                for chunk in _chunks(sorted(days)):
                    for r in self.conn.execute(stmt, {"kind": kind, "starts": chunk}):
                        found.setdefault(r[0], _Row(*r))
        for chunk in _chunks(sorted(found)):
            for event_id, actor in self.conn.execute(_ACTORS_OF, {"ids": chunk}):
                found[event_id].actors.add(actor)
        return found

    # -- writing -------------------------------------------------------------

    def write_all(
        self, events: Sequence[NewEvent], article_id: int | None = None
    ) -> list[tuple[int, bool]]:
        """Store ``events`` (each merging into a known event when it reports
        one); returns (event id, merged) for each, in order."""
        known = self._fetch(events)
        index: dict[tuple[str, dt.date], list[_Row]] = defaultdict(list)
        for row in sorted(known.values(), key=lambda r: r.id):
            index[(row.kind, row.date_start)].append(row)
        fresh: list[tuple[_Row, NewEvent]] = []
        touched: dict[int, dict[str, Any]] = {}
        extra_actors: list[dict[str, Any]] = []
        outcome: list[tuple[_Row, bool, NewEvent]] = []
        for ev in events:
            match = self._match(ev, index, known, fresh)
            if match is None:
                created = _new_row(ev, -(len(fresh) + 1))
                fresh.append((created, ev))
                index[(created.kind, created.date_start)].append(created)
                outcome.append((created, False, ev))
                continue
            row = match
            values = merge_values(row, ev)
            if values:
                if row.date_start != values.get("date_start", row.date_start):
                    index[(row.kind, row.date_start)].remove(row)
                    index[(row.kind, values["date_start"])].append(row)
                for key, value in values.items():
                    setattr(row, key, value)
                if row.id > 0:
                    touched.setdefault(row.id, {}).update(values)
            new_actors = [a for a in dict.fromkeys(ev.actors) if a not in row.actors]
            row.actors.update(new_actors)
            if row.id > 0:
                extra_actors += [{"event_id": row.id, "actor": a} for a in new_actors]
            outcome.append((row, True, ev))
        self._insert(fresh)
        for event_id, values in touched.items():
            values["updated_at"] = self.now
            self.conn.execute(_EVENT.update().where(_EVENT.c.id == event_id).values(**values))
        if extra_actors:
            self.conn.execute(_INSERT_ACTOR, extra_actors)
        self._mentions(outcome, article_id)
        return [(row.id, merged) for row, merged, _ in outcome]

    @staticmethod
    def _match(
        ev: NewEvent,
        index: dict[tuple[str, dt.date], list[_Row]],
        known: dict[int, _Row],
        fresh: list[tuple[_Row, NewEvent]],
    ) -> _Row | None:
        candidates: dict[int, _Row] = {}
        for day in (ev.date.start, *containing_starts(ev.date.start)):
            for row in index.get((ev.kind, day), ()):
                candidates[row.id] = row
        if ev.date.end > ev.date.start or (ev.series and ev.ordinal is not None):
            for row in [*known.values(), *(r for r, _ in fresh)]:
                if row.kind == ev.kind and (
                    ev.date.start <= row.date_start <= ev.date.end
                    or (row.series == ev.series and row.ordinal == ev.ordinal and ev.series)
                ):
                    candidates[row.id] = row
        # The oldest stored event first, then this batch's in order.
        order = sorted(candidates.values(), key=lambda r: (r.id < 0, abs(r.id)))
        return next((row for row in order if same_event(row, row.actors, ev)), None)

    def _insert(self, fresh: list[tuple[_Row, NewEvent]]) -> None:
        if not fresh:
            return
        rows = [
            {
                "kind": row.kind,
                "title": row.title,
                "date_value": row.date_value,
                "date_start": row.date_start,
                "date_end": row.date_end,
                "precision": row.precision,
                "date_mod": row.date_mod,
                "status": row.status,
                "participants": list(row.participants),
                "location": row.location,
                "series": row.series,
                "ordinal": row.ordinal,
                "confidence": row.confidence,
                "created_at": self.now,
                "updated_at": self.now,
            }
            for row, _ in fresh
        ]
        if self.conn.dialect.name == "sqlite":
            # SQLite cannot return ids of a multi-row insert in order, which
            # makes SQLAlchemy insert row by row. The transaction holds the
            # write lock (Store.writing), so the next ids are known: give them.
            first = int(self.conn.execute(_MAX_ID).scalar_one()) + 1
            ids: Sequence[int] = range(first, first + len(rows))
            for values, event_id in zip(rows, ids, strict=True):
                values["id"] = event_id
            self.conn.execute(_INSERT_EVENT_ROWS, rows)
        else:
            ids = self.conn.execute(_INSERT_EVENTS, rows).scalars().all()
        actors = []
        for (row, _), event_id in zip(fresh, ids, strict=True):
            row.id = int(event_id)
            actors += [{"event_id": row.id, "actor": a} for a in sorted(row.actors)]
        if actors:
            self.conn.execute(_INSERT_ACTOR, actors)

    def _mentions(self, outcome: list[tuple[_Row, bool, NewEvent]], article_id: int | None) -> None:
        """One mention per (event, report); a report already stored is not
        stored again, so re-importing the same rows adds nothing."""
        merged_ids = sorted({row.id for row, merged, _ in outcome if merged})
        stored: set[tuple[int, int | None, int, str | None, str]] = set()
        for chunk in _chunks(merged_ids):
            for r in self.conn.execute(_MENTIONS_OF, {"ids": chunk}):
                event_id, art, start, note, sentence = r
                stored.add((event_id, art, start if art is not None else 0, note, sentence))
        rows = []
        for row, _, ev in outcome:
            key = _mention_key(row.id, ev, article_id)
            if key in stored:
                continue
            stored.add(key)
            rows.append(
                {
                    "event_id": row.id,
                    "article_id": article_id,
                    "source_note": ev.source_note,
                    "sentence": ev.sentence,
                    "start": ev.start,
                    "end": ev.end,
                    "date_text": ev.date_text,
                    "date_value": ev.date.value,
                    "status": ev.status,
                    "created_at": self.now,
                }
            )
        if rows:
            self.conn.execute(_INSERT_MENTION, rows)


def _mention_key(
    event_id: int, ev: NewEvent, article_id: int | None
) -> tuple[int, int | None, int, str | None, str]:
    # An article's mention is unique per (event, article, offset); a hand
    # entry's per (event, source, sentence).
    if article_id is not None:
        return (event_id, article_id, ev.start, None, "")
    return (event_id, None, 0, ev.source_note, ev.sentence)


def _new_row(ev: NewEvent, provisional_id: int) -> _Row:
    return _Row(
        id=provisional_id,
        kind=ev.kind,
        title=ev.title,
        series=ev.series,
        ordinal=ev.ordinal,
        date_value=ev.date.value,
        date_start=ev.date.start,
        date_end=ev.date.end,
        precision=ev.date.precision.value,
        date_mod=ev.date_mod,
        status=ev.status,
        location=ev.location,
        participants=list(dict.fromkeys(ev.participants)),
        confidence=ev.confidence,
        actors=set(ev.actors),
    )


def merge_values(row: _Row, new: NewEvent) -> dict[str, Any]:
    """The columns of stored event ``row`` that report ``new`` changes."""
    values: dict[str, Any] = {}
    if better_date(row.status, row.precision, new):
        # The report that pins the date best also names the event best
        # ("5th NCG meeting, Washington" over "NCG meeting").
        values.update(
            date_value=new.date.value,
            date_start=new.date.start,
            date_end=new.date.end,
            precision=new.date.precision.value,
            date_mod=new.date_mod,
            title=new.title,
        )
        if new.location:
            values["location"] = new.location
    if new.status == Status.OCCURRED and row.status == Status.PLANNED:
        values["status"] = Status.OCCURRED.value
    if not row.location and new.location and "location" not in values:
        values["location"] = new.location
    if not row.series and new.series:
        values["series"] = new.series
    if row.ordinal is None and new.ordinal is not None:
        values["ordinal"] = new.ordinal
    participants = list(dict.fromkeys([*(row.participants or []), *new.participants]))
    if participants != list(row.participants or []):
        values["participants"] = participants
    if new.confidence > row.confidence:
        values["confidence"] = new.confidence
    return values
