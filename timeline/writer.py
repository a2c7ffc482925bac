"""Writing events inside one transaction: matching, merging, inserting.

Used by :class:`timeline.store.Store` for articles, hand entries and bulk
imports alike, so every path follows the same deduplication rules
(:func:`same_event`). It speaks SQLAlchemy Core rather than the ORM: a bulk
import of a million events spends its time in a few indexed statements per
event, not in object bookkeeping.

Finding candidates stays cheap on large tables: an event can only match one
whose interval overlaps its own, and every precision up to a year spans at
most :data:`SHORT_SPAN`, so candidates lie in a narrow band of ``date_start``
on the ``(kind, date_start)`` index. Decades and centuries, rare, are looked
up apart, only for kinds that have any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .dates import DateInterval
from .models import Event, EventActor, Mention, Precision, Status

__all__ = ["SHORT_SPAN", "EventLike", "NewEvent", "Writer", "better_date", "same_event"]

SHORT_SPAN = dt.timedelta(days=400)
LONG_PRECISIONS = (Precision.DECADE.value, Precision.CENTURY.value)

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


class Writer:
    """Writes events within one open transaction (``conn``)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._long_kinds: set[str] | None = None
        self._mentions: list[dict[str, Any]] = []
        self._mention_keys: set[tuple[int, int | None, int, str | None, str]] = set()

    # -- finding -------------------------------------------------------------

    def _select(self, *where: Any) -> list[_Row]:
        cols = [_EVENT.c[name] for name in _COLUMNS]
        rows = [
            _Row(**dict(zip(_COLUMNS, r, strict=True)))
            for r in self.conn.execute(sa.select(*cols).where(*where).order_by(_EVENT.c.id))
        ]
        return rows

    def _long_kind_set(self) -> set[str]:
        if self._long_kinds is None:
            self._long_kinds = set(
                self.conn.execute(
                    sa.select(_EVENT.c.kind).where(_EVENT.c.precision.in_(LONG_PRECISIONS)).distinct()
                ).scalars()
            )
        return self._long_kinds

    def _candidates(self, new: NewEvent) -> list[_Row]:
        start, end = new.date.start, new.date.end
        found = self._select(
            _EVENT.c.kind == new.kind,
            _EVENT.c.date_start >= start - SHORT_SPAN,
            _EVENT.c.date_start <= end,
            _EVENT.c.date_end >= start,
        )
        if new.kind in self._long_kind_set():
            found += self._select(
                _EVENT.c.kind == new.kind,
                _EVENT.c.precision.in_(LONG_PRECISIONS),
                _EVENT.c.date_start <= end,
                _EVENT.c.date_end >= start,
            )
        if new.series and new.ordinal is not None:
            found += self._select(
                _EVENT.c.series == new.series,
                _EVENT.c.ordinal == new.ordinal,
                _EVENT.c.kind == new.kind,
            )
        unique = {row.id: row for row in found}
        rows = [unique[i] for i in sorted(unique)]
        if rows:
            for event_id, actor in self.conn.execute(
                sa.select(_ACTOR.c.event_id, _ACTOR.c.actor).where(
                    _ACTOR.c.event_id.in_([r.id for r in rows])
                )
            ):
                unique[event_id].actors.add(actor)
        return rows

    def find(self, new: NewEvent) -> _Row | None:
        """The stored event ``new`` reports, if any (the oldest when several)."""
        for row in self._candidates(new):
            if same_event(row, row.actors, new):
                return row
        return None

    # -- writing -------------------------------------------------------------

    def write(self, new: NewEvent, article_id: int | None) -> tuple[int, bool]:
        """Store ``new`` (merging into a known event); returns (id, merged)."""
        row = self.find(new)
        if row is None:
            event_id = self._insert(new)
            merged = False
        else:
            event_id = row.id
            self._merge(row, new)
            merged = True
        self._mention(event_id, new, article_id, check_db=merged)
        return event_id, merged

    def _insert(self, new: NewEvent) -> int:
        now = _now()
        event_id = self.conn.execute(
            _EVENT.insert().returning(_EVENT.c.id),
            {
                "kind": new.kind,
                "title": new.title,
                "date_value": new.date.value,
                "date_start": new.date.start,
                "date_end": new.date.end,
                "precision": new.date.precision.value,
                "date_mod": new.date_mod,
                "status": new.status,
                "participants": list(new.participants),
                "location": new.location,
                "series": new.series,
                "ordinal": new.ordinal,
                "confidence": new.confidence,
                "created_at": now,
                "updated_at": now,
            },
        ).scalar_one()
        actors = list(dict.fromkeys(new.actors))
        if actors:
            self.conn.execute(
                _ACTOR.insert(), [{"event_id": event_id, "actor": a} for a in actors]
            )
        if new.date.precision.value in LONG_PRECISIONS and self._long_kinds is not None:
            self._long_kinds.add(new.kind)
        return int(event_id)

    def _merge(self, row: _Row, new: NewEvent) -> None:
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
        if values:
            values["updated_at"] = _now()
            self.conn.execute(_EVENT.update().where(_EVENT.c.id == row.id).values(**values))
        extra = [a for a in dict.fromkeys(new.actors) if a not in row.actors]
        if extra:
            self.conn.execute(_ACTOR.insert(), [{"event_id": row.id, "actor": a} for a in extra])

    def _mention(self, event_id: int, new: NewEvent, article_id: int | None, *, check_db: bool) -> None:
        key = (event_id, article_id, new.start, new.source_note, new.sentence)
        if key in self._mention_keys:
            return
        if check_db and self._mention_stored(event_id, new, article_id):
            return
        self._mention_keys.add(key)
        self._mentions.append(
            {
                "event_id": event_id,
                "article_id": article_id,
                "source_note": new.source_note,
                "sentence": new.sentence,
                "start": new.start,
                "end": new.end,
                "date_text": new.date_text,
                "date_value": new.date.value,
                "status": new.status,
                "created_at": _now(),
            }
        )

    def _mention_stored(self, event_id: int, new: NewEvent, article_id: int | None) -> bool:
        """An article's mention is unique per (event, article, offset); a hand
        entry's per (event, source, sentence), so re-importing adds nothing."""
        if article_id is not None:
            where = [_MENTION.c.article_id == article_id, _MENTION.c.start == new.start]
        else:
            where = [
                _MENTION.c.article_id.is_(None),
                _MENTION.c.source_note == new.source_note,
                _MENTION.c.sentence == new.sentence,
            ]
        stmt = sa.select(_MENTION.c.id).where(_MENTION.c.event_id == event_id, *where).limit(1)
        return self.conn.execute(stmt).first() is not None

    def flush(self) -> None:
        """Insert the mentions gathered so far, in one statement."""
        if self._mentions:
            self.conn.execute(_MENTION.insert(), self._mentions)
            self._mentions = []

    def write_all(
        self, events: Iterable[NewEvent], article_id: int | None = None
    ) -> list[tuple[int, bool]]:
        out = [self.write(ev, article_id) for ev in events]
        self.flush()
        return out
