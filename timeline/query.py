"""Read-only event filters shared by the CLI, the chart and the exports.

An event is *in* a range when its date interval overlaps ``[date_from,
date_to]``; with ``within=True`` only intervals entirely inside it count.
Several ``kinds`` match any of them; several ``actors`` must all be present.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from .dates import containing_starts, parse_date
from .errors import InputError
from .models import Article, Event, EventActor, Mention, Status, check_kind
from .records import EventRecord, SourceRecord
from .slots import positional_maker
from .writer import sqlite_driver

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
        check_kind(k)
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


# In EventRecord's order, so that a row builds a record positionally.
_EVENT_COLUMNS = (
    "id", "kind", "title", "date_value", "date_start", "date_end", "precision", "status",
    "date_mod", "actors", "participants", "location", "series", "ordinal", "confidence",
)  # fmt: skip
_TABLE = Event.__table__  # type: ignore[attr-defined]
# Read as stored (ISO text and JSON text on SQLite; the server's driver
# gives dates and lists by itself) and converted in _records: SQLAlchemy's
# per-value result processing cost more than the query.
_RAW = {"date_start", "date_end", "actors", "participants"}
_SELECTED = [
    sa.type_coerce(_TABLE.c[name], sa.String).label(name) if name in _RAW else _TABLE.c[name]
    for name in _EVENT_COLUMNS
]


def _date_branches(q: EventQuery) -> list[list[Any]]:
    """Date conditions, as one or two disjoint branches each an index seek.

    Every stored interval is a whole calendar period, so one that overlaps
    the range either starts inside it, or is a period that contains its first
    day and so starts on one of :func:`containing_starts`. Two narrow seeks on
    the date_start index, instead of a scan of all that started before the end.
    """
    start, end = col(Event.date_start), col(Event.date_end)
    if q.within:
        inside = [start >= q.date_from] if q.date_from else []
        if q.date_to:
            inside += [start <= q.date_to, end <= q.date_to]
        return [inside]
    if q.date_from is None:
        return [[start <= q.date_to]] if q.date_to else [[]]
    inside = [start >= q.date_from]
    if q.date_to:
        inside.append(start <= q.date_to)
    branches = [inside]
    starts = containing_starts(q.date_from)
    if starts:
        branches.append([start.in_(starts), end >= q.date_from])
    return branches


def _filters(q: EventQuery) -> list[Any]:
    where: list[Any] = []
    if q.kinds:
        where.append(col(Event.kind).in_(q.kinds))
    if q.status:
        where.append(col(Event.status) == q.status)
    if q.series:
        where.append(sa.func.lower(col(Event.series)) == q.series.lower())
    for actor in q.actors:
        where.append(
            sa.exists().where(
                col(EventActor.event_id) == col(Event.id), col(EventActor.actor) == actor
            )
        )
    if q.text:
        pattern = _like(q.text.lower())
        where.append(
            sa.or_(
                sa.func.lower(col(Event.title)).like(pattern, escape="\\"),
                sa.func.lower(sa.func.coalesce(col(Event.location), "")).like(pattern, escape="\\"),
                sa.exists().where(
                    col(Mention.event_id) == col(Event.id),
                    sa.func.lower(col(Mention.sentence)).like(pattern, escape="\\"),
                ),
            )
        )
    return where


def _statement(q: EventQuery, *, ordered: bool = True) -> Any:
    """The rows (``_EVENT_COLUMNS``) of the matching events."""
    where = _filters(q)
    parts = [sa.select(*_SELECTED).where(*where, *branch) for branch in _date_branches(q)]
    keys: list[Any]
    if len(parts) == 1:
        stmt: Any = parts[0]
        keys = [col(Event.date_start), col(Event.date_end), col(Event.id)]
    else:
        stmt = sa.union_all(*parts)
        keys = [sa.literal_column(name) for name in ("date_start", "date_end", "id")]
    if ordered:
        stmt = stmt.order_by(*keys)
        if q.limit:
            stmt = stmt.limit(q.limit)
    return stmt


# The same statement as _statement builds, as SQL for SQLite's own cursor:
# SQLAlchemy's statement caching, parameter and row handling cost as much as
# the query itself on a month of a large archive. A test runs both on the
# same filters and compares.
_SQLITE_SELECT = f"SELECT {', '.join(_EVENT_COLUMNS)} FROM event WHERE "


def _sqlite_statement(q: EventQuery) -> tuple[str, list[Any]]:
    """``_statement(q)`` on SQLite: the SQL and its parameters."""
    where: list[str] = []
    params: list[Any] = []
    if q.kinds:
        where.append(f"kind IN ({', '.join('?' * len(q.kinds))})")
        params += q.kinds
    if q.status:
        where.append("status = ?")
        params.append(q.status)
    if q.series:
        where.append("lower(series) = ?")
        params.append(q.series.lower())
    for actor in q.actors:
        where.append(
            "EXISTS (SELECT 1 FROM event_actor WHERE event_actor.event_id = event.id "
            "AND event_actor.actor = ?)"
        )
        params.append(actor)
    if q.text:
        pattern = _like(q.text.lower())
        where.append(
            "(lower(title) LIKE ? ESCAPE '\\' OR lower(coalesce(location, '')) LIKE ? "
            "ESCAPE '\\' OR EXISTS (SELECT 1 FROM mention WHERE mention.event_id = event.id "
            "AND lower(mention.sentence) LIKE ? ESCAPE '\\'))"
        )
        params += [pattern, pattern, pattern]
    parts: list[str] = []
    part_params: list[Any] = []
    for branch in _sqlite_date_branches(q):
        terms = where + [term for term, _ in branch]
        parts.append(_SQLITE_SELECT + (" AND ".join(terms) if terms else "1"))
        part_params += params
        for _, values in branch:
            part_params += values
    sql = " UNION ALL ".join(parts) + " ORDER BY date_start, date_end, id"
    if q.limit:
        sql += " LIMIT ?"
        part_params.append(q.limit)
    return sql, part_params


def _sqlite_date_branches(q: EventQuery) -> list[list[tuple[str, list[str]]]]:
    """:func:`_date_branches` as SQL terms with their ISO date parameters."""
    if q.within:
        inside = [("date_start >= ?", [q.date_from.isoformat()])] if q.date_from else []
        if q.date_to:
            to = q.date_to.isoformat()
            inside += [("date_start <= ?", [to]), ("date_end <= ?", [to])]
        return [inside]
    if q.date_from is None:
        return [[("date_start <= ?", [q.date_to.isoformat()])]] if q.date_to else [[]]
    inside = [("date_start >= ?", [q.date_from.isoformat()])]
    if q.date_to:
        inside.append(("date_start <= ?", [q.date_to.isoformat()]))
    branches = [inside]
    starts = containing_starts(q.date_from)
    if starts:
        branches.append(
            [
                (f"date_start IN ({', '.join('?' * len(starts))})", [d.isoformat() for d in starts]),
                ("date_end >= ?", [q.date_from.isoformat()]),
            ]
        )
    return branches


def run_query(session: Session | Connection, q: EventQuery) -> list[EventRecord]:
    """Events matching ``q``, sorted by date start, with actors and sources;
    read through a session or a plain connection (cheaper to open)."""
    # Plain tuples rather than ORM objects, through the connection rather
    # than the ORM session: a month of a large archive can be hundreds of
    # events, and identity-mapped objects (or even rows read by name) cost
    # several times more than the query.
    conn = session.connection() if isinstance(session, Session) else session
    raw = sqlite_driver(conn)
    if raw is None:
        return _records(conn, conn.execute(_statement(q)).all())
    sql, params = _sqlite_statement(q)
    cur = raw.cursor()
    try:
        records = _sqlite_records(cur.execute(sql, params))
        ids = [r.id for r in records]
        sources = _sqlite_sources(cur, [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)])
    finally:
        cur.close()
    _attach(records, sources)
    return records


def count_events(session: Session, q: EventQuery) -> int:
    sub = _statement(q, ordered=False).subquery()
    return int(session.exec(select(sa.func.count()).select_from(sub)).one())


# Only index ix_mention_event_sources is read; the few articles they cite
# are read once each afterwards (a join would seek one per mention).
_MENTIONS_SQL = (
    'SELECT event_id, article_id, source_note, sentence, start, "end", date_value, status '
    "FROM mention WHERE event_id IN ({}) ORDER BY event_id, id"
)
_ARTICLES_SQL = "SELECT id, source, title, published FROM article WHERE id IN ({})"
_SOURCES = (
    sa.select(
        col(Mention.event_id), sa.func.coalesce(col(Article.source), col(Mention.source_note)),
        col(Article.title), col(Article.published), col(Mention.sentence), col(Mention.start),
        col(Mention.end), col(Mention.date_value), col(Mention.status),
    )
    .join(Article, col(Mention.article_id) == col(Article.id), isouter=True)
    .where(col(Mention.event_id).in_(sa.bindparam("ids", expanding=True)))
    .order_by(col(Mention.event_id), col(Mention.id))
)  # fmt: skip
_CHUNK = 900  # bound parameters per IN list, as timeline.writer: under any SQLite limit


# Records made without their frozen __init__ (see timeline.slots): a month
# of a large archive is hundreds of events and a thousand sources.
_new_record = positional_maker(EventRecord)
_new_source = positional_maker(SourceRecord)

_Sources = dict[int, tuple[SourceRecord, ...]]


def _sources(conn: Connection, ids: list[int]) -> _Sources:
    """The sources of the events ``ids``, each event's in mention order (an
    event without any has no entry)."""
    chunks = [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
    raw = sqlite_driver(conn)
    if raw is None:
        lists: dict[int, list[SourceRecord]] = defaultdict(list)
        for chunk in chunks:
            for r in conn.execute(_SOURCES, {"ids": chunk}):
                lists[r[0]].append(SourceRecord(*r[1:]))
        return {event_id: tuple(found) for event_id, found in lists.items()}
    # SQLite: the driver's cursor. SQLAlchemy's statement and row handling
    # cost more than the index seek per event they wrap.
    cur = raw.cursor()
    try:
        return _sqlite_sources(cur, chunks)
    finally:
        cur.close()


def _sqlite_sources(cur: Any, chunks: list[list[int]]) -> _Sources:
    """:func:`_sources` on SQLite's cursor ``cur``, for the event ids in
    ``chunks``, each id in one chunk only."""
    # A month of a large archive is a thousand mention rows: each becomes its
    # record as it is read, and its event's tuple once the next event's rows
    # start (the statement returns each event's together, in mention order),
    # rather than being kept as rows, then a list per event, then tuples.
    # Fewer objects made and alive at once: the cyclic collector's passes
    # over them were a fifth of a query's time (its generation-0 passes, 724
    # -> 546 over 300 months of the 1M-event bench database).
    # Until _cite_articles, a tuple may hold rows as well as records.
    sources: dict[int, tuple[Any, ...]] = {}
    make = _new_source
    group: list[Any] = []  # the current event's records, reused
    last: Any = None
    waiting: list[int] = []  # events whose tuples hold rows citing an article
    for chunk in chunks:
        sql = _MENTIONS_SQL.format(", ".join("?" * len(chunk)))
        for row in cur.execute(sql, chunk):
            event_id, article_id, note, sentence, start, end, value, status = row
            if event_id != last:
                if group:
                    sources[last] = tuple(group)
                    group.clear()
                last = event_id
            if article_id is None:
                group.append(make(note, None, None, sentence, start, end, value, status))
            else:
                # Made once its article is read, below; a row is a tuple,
                # never a SourceRecord.
                group.append(row)
                if not waiting or waiting[-1] != event_id:
                    waiting.append(event_id)
    if group:
        sources[last] = tuple(group)
    if waiting:
        _cite_articles(cur, sources, waiting)
    return sources


def _cite_articles(cur: Any, sources: dict[int, tuple[Any, ...]], waiting: list[int]) -> None:
    """Replace the mention rows left in ``sources[e]`` for each event ``e``
    of ``waiting`` by their records, reading each cited article once."""
    cited = sorted({m[1] for e in waiting for m in sources[e] if type(m) is tuple})
    articles: dict[int, tuple[str, str | None, dt.date | None]] = {}
    date = dt.date.fromisoformat
    for i in range(0, len(cited), _CHUNK):
        chunk = cited[i : i + _CHUNK]
        sql = _ARTICLES_SQL.format(", ".join("?" * len(chunk)))
        for article_id, source, title, published in cur.execute(sql, chunk):
            articles[article_id] = (source, title, date(published) if published else None)
    make = _new_source
    for e in waiting:
        sources[e] = tuple(
            make(*articles[m[1]], *m[3:]) if type(m) is tuple else m for m in sources[e]
        )


def load_records(session: Session, events: Sequence[Any]) -> list[EventRecord]:
    """Detached records for ``events`` (Event objects or rows with the same
    attribute names): two extra queries per 500 events."""
    rows = [tuple(getattr(e, name) for name in _EVENT_COLUMNS) for e in events]
    return _records(session.connection(), rows)


@lru_cache(maxsize=10_000)
def _parsed_actors(text: str) -> tuple[str, ...]:
    """A stored actors list (JSON text on SQLite): few lists recur, so each
    is parsed once."""
    return tuple(json.loads(text))


def _records(conn: Connection, rows: Sequence[Sequence[Any]]) -> list[EventRecord]:
    """Records for event rows, each ``_EVENT_COLUMNS`` in that order; dates
    and lists either as objects or as stored on SQLite (ISO and JSON text)."""
    sources = _sources(conn, [r[0] for r in rows if r[0] is not None])
    out = []
    no_sources: tuple[SourceRecord, ...] = ()
    date, loads, make, parsed = dt.date.fromisoformat, json.loads, _new_record, _parsed_actors
    for (
        event_id, kind, title, date_value, start, end, precision, status, date_mod, actors,
        participants, location, series, ordinal, confidence,
    ) in rows:  # fmt: skip
        assert event_id is not None
        if isinstance(start, str):
            start, end = date(start), date(end)
        if isinstance(actors, str):
            actors = parsed(actors)
        if isinstance(participants, str):
            participants = loads(participants) if participants != "[]" else ()
        record = make(
            event_id, kind, title, date_value, start, end, precision, status, date_mod,
            # Stored in output order (models.ordered_actors).
            tuple(actors) if actors else (),
            tuple(participants) if participants else (),
            location, series, ordinal, confidence,
            sources.get(event_id, no_sources),
        )  # fmt: skip
        out.append(record)
    return out


def _sqlite_records(rows: Iterable[tuple[Any, ...]]) -> list[EventRecord]:
    """:func:`_records` for rows as SQLite's own cursor reads them, but each
    without its sources yet (:func:`_attach` adds them).

    Their values are always as stored: dates as ISO text, actors and
    participants as JSON text of a list (NOT NULL columns), so the same
    conversions as _records's apply without its checks for the objects
    another database gives (tests compare both). Each record is made as its
    row is read, the row dropped at once: a month of a large archive is
    hundreds of rows otherwise kept until the mentions are read.
    """
    date, loads, make, parsed = dt.date.fromisoformat, json.loads, _new_record, _parsed_actors
    return [
        make(
            event_id, kind, title, date_value, date(start), date(end), precision, status,
            date_mod, parsed(actors),
            # Most events have none: "[]" is () without parsing it.
            tuple(loads(participants)) if participants != "[]" else (),
            location, series, ordinal, confidence,
        )
        for (
            event_id, kind, title, date_value, start, end, precision, status, date_mod, actors,
            participants, location, series, ordinal, confidence,
        ) in rows
    ]  # fmt: skip


# Stores into the slot itself, past the frozen __setattr__ (as
# timeline.slots does).
_set_sources = vars(EventRecord)["sources"].__set__


def _attach(records: list[EventRecord], sources: _Sources) -> None:
    """Give the records made by :func:`_sqlite_records` (all ``()``) their
    sources; before they are returned, so no one sees them change."""
    get = sources.get
    for record in records:
        found = get(record.id)
        if found:
            _set_sources(record, found)
