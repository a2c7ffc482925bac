"""Read-only event filters shared by the CLI, the chart and the exports.

An event is *in* a range when its date interval overlaps ``[date_from,
date_to]``; with ``within=True`` only intervals entirely inside it count.
Several ``kinds`` match any of them; several ``actors`` must all be present.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from .dates import containing_starts, parse_date
from .errors import InputError, UnknownKindError
from .models import KINDS, Article, Event, EventActor, Mention, Status
from .records import EventRecord, SourceRecord

__all__ = ["EventQuery", "build_query", "count_events", "load_records", "run_query"]


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters on events; every field is optional."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    status: str | None = None
    series: str | None = None
    text: str | None = None
    within: bool = False
    limit: int | None = None


def build_query(
    *,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    kinds: Iterable[str] = (),
    actors: Iterable[str] = (),
    status: str | None = None,
    series: str | None = None,
    text: str | None = None,
    within: bool = False,
    limit: int | None = None,
) -> EventQuery:
    """Validate user filters into an :class:`EventQuery`.

    Dates go through :func:`timeline.dates.parse_date`, so ``--from 2025``
    starts on 2025-01-01 and ``--to 2026-H1`` ends on 2026-06-30.
    """
    start = _bound(date_from, "start", "--from")
    end = _bound(date_to, "end", "--to")
    if start and end and start > end:
        raise InputError(f"--from {start} is after --to {end}; swap them")
    kinds_t = tuple(k.strip().lower() for k in kinds if k.strip())
    for k in kinds_t:
        if k not in KINDS:
            raise UnknownKindError(f"unknown kind {k!r}; choose from {', '.join(KINDS)}")
    if status is not None and status not in {s.value for s in Status}:
        raise InputError(f"unknown status {status!r}; choose occurred or planned")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, not {limit}")
    return EventQuery(
        date_from=start,
        date_to=end,
        kinds=kinds_t,
        actors=tuple(a.strip().upper() for a in actors if a.strip()),
        status=status,
        series=series,
        text=text or None,
        within=within,
        limit=limit,
    )


def _bound(value: str | dt.date | None, side: str, flag: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        iv = parse_date(value)
    except InputError as exc:
        raise type(exc)(f"{flag}: {exc}") from exc
    return iv.start if side == "start" else iv.end


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _statement(q: EventQuery) -> sa.Select[tuple[Event]]:
    stmt = select(Event)
    if q.within:
        if q.date_from:
            stmt = stmt.where(col(Event.date_start) >= q.date_from)
        if q.date_to:
            stmt = stmt.where(col(Event.date_end) <= q.date_to)
        if q.date_from and q.date_to:
            # Bounds both ends of the date_start index range.
            stmt = stmt.where(col(Event.date_start) <= q.date_to)
    else:
        if q.date_to:
            stmt = stmt.where(col(Event.date_end) >= (q.date_from or dt.date.min))
            stmt = stmt.where(col(Event.date_start) <= q.date_to)
        if q.date_from:
            # Every stored interval is a whole calendar period, so one that
            # overlaps the range either starts inside it or is a period that
            # contains its first day: two narrow seeks on the date_start index
            # instead of a scan of everything that started before the end.
            starts = containing_starts(q.date_from)
            inside = col(Event.date_start) >= q.date_from
            stmt = stmt.where(
                sa.or_(
                    inside,
                    sa.and_(col(Event.date_start).in_(starts), col(Event.date_end) >= q.date_from),
                )
                if starts
                else inside
            )
    if q.kinds:
        stmt = stmt.where(col(Event.kind).in_(q.kinds))
    if q.status:
        stmt = stmt.where(Event.status == q.status)
    if q.series:
        stmt = stmt.where(sa.func.lower(col(Event.series)) == q.series.lower())
    for actor in q.actors:
        stmt = stmt.where(
            sa.exists().where(
                col(EventActor.event_id) == col(Event.id), col(EventActor.actor) == actor
            )
        )
    if q.text:
        pattern = _like(q.text.lower())
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(col(Event.title)).like(pattern, escape="\\"),
                sa.func.lower(sa.func.coalesce(col(Event.location), "")).like(pattern, escape="\\"),
                sa.exists().where(
                    col(Mention.event_id) == col(Event.id),
                    sa.func.lower(col(Mention.sentence)).like(pattern, escape="\\"),
                ),
            )
        )
    stmt = stmt.order_by(col(Event.date_start), col(Event.date_end), col(Event.id))
    if q.limit:
        stmt = stmt.limit(q.limit)
    return stmt  # type: ignore[return-value]


def run_query(session: Session, q: EventQuery) -> list[EventRecord]:
    """Events matching ``q``, sorted by date start, with actors and sources."""
    events = list(session.exec(_statement(q)))  # type: ignore[call-overload]
    return load_records(session, events)


def count_events(session: Session, q: EventQuery) -> int:
    sub = _statement(q).order_by(None).subquery()
    return int(session.exec(select(sa.func.count()).select_from(sub)).one())


def load_records(session: Session, events: Sequence[Event]) -> list[EventRecord]:
    """Detached records for ``events``: two extra queries, whatever their number."""
    ids = [e.id for e in events if e.id is not None]
    actors: dict[int, list[str]] = defaultdict(list)
    sources: dict[int, list[SourceRecord]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for ea in session.exec(
            select(EventActor).where(col(EventActor.event_id).in_(chunk)).order_by(
                col(EventActor.event_id), col(EventActor.actor)
            )
        ):
            actors[ea.event_id].append(ea.actor)
        rows = session.exec(
            select(Mention, Article)
            .join(Article, col(Mention.article_id) == col(Article.id), isouter=True)
            .where(col(Mention.event_id).in_(chunk))
            .order_by(col(Mention.event_id), col(Mention.id))
        )
        for mention, article in rows:
            sources[mention.event_id].append(
                SourceRecord(
                    article=article.source if article else mention.source_note,
                    title=article.title if article else None,
                    published=article.published if article else None,
                    sentence=mention.sentence,
                    start=mention.start,
                    end=mention.end,
                    date_value=mention.date_value,
                    status=mention.status,
                )
            )
    out = []
    for e in events:
        assert e.id is not None
        out.append(
            EventRecord(
                id=e.id,
                kind=e.kind,
                title=e.title,
                date_value=e.date_value,
                date_start=e.date_start,
                date_end=e.date_end,
                precision=e.precision,
                date_mod=e.date_mod,
                status=e.status,
                actors=tuple(_actor_order(actors.get(e.id, []))),
                participants=tuple(e.participants or ()),
                location=e.location,
                series=e.series,
                ordinal=e.ordinal,
                confidence=e.confidence,
                sources=tuple(sources.get(e.id, [])),
            )
        )
    return out


def _actor_order(codes: list[str]) -> list[str]:
    # Countries before organizations, each alphabetical: stable output.
    return sorted(codes, key=lambda c: (len(c) != 2, c))
