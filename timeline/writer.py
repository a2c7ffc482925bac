"""Writing events inside one transaction: matching, merging, inserting.

Used by :class:`timeline.store.Store` for articles, hand entries and bulk
imports alike, so every path follows the same deduplication rules
(:func:`same_event`). It speaks SQLAlchemy Core rather than the ORM, and on
SQLite plain SQL on the driver's cursor: a bulk import of a million events
spends its time in a few indexed statements per batch and a dictionary
lookup per event, not in object or parameter bookkeeping.

Finding candidates stays cheap on large tables. Apart from numbered series,
an event only matches one whose interval is nested with its own, and every
stored interval is a whole calendar period (a day, an ISO week, a month…).
So a candidate either starts inside the new interval, or is a coarser period
containing it and starts on one of the few dates such periods can start on
(:func:`timeline.dates.containing_starts`): seeks on the ``(kind,
date_start)`` index, and on the partial index of events longer than a day
for the containing periods, whatever the size of the table. A batch's
candidates are then indexed in memory the same way (:class:`_Index`).
"""

from __future__ import annotations

import datetime as dt
import json
from bisect import insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from sys import intern
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .dates import DateInterval, containing_starts
from .models import Event, EventActor, Mention, Precision, Status, ordered_actors
from .slots import fast_init

__all__ = ["EventLike", "NewEvent", "Writer", "better_date", "same_event"]

_EVENT = Event.__table__  # type: ignore[attr-defined]
_ACTOR = EventActor.__table__  # type: ignore[attr-defined]
_MENTION = Mention.__table__  # type: ignore[attr-defined]


@fast_init  # a million imported events: see timeline.slots
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


def same_event(existing: EventLike, existing_actors: AbstractSet[str], new: NewEvent) -> bool:
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


# The statuses as plain strings: reading an enum member off its class is a
# descriptor call, a cost paid several times per merge.
_OCCURRED = Status.OCCURRED.value
_PLANNED = Status.PLANNED.value


def better_date(current_status: str, current_precision: str, new: NewEvent) -> bool:
    """Whether ``new``'s date should replace the stored one: a report that it
    happened beats a plan; otherwise the more precise date wins."""
    if current_status == _PLANNED and new.status == _OCCURRED:
        return True
    if current_status == _OCCURRED and new.status == _PLANNED:
        return False
    return _rank(new.date.precision) < _rank(current_precision)


# Precision(p).rank, looked up by value: an enum call per merge was a cost.
_RANKS: dict[str, int] = {p.value: p.rank for p in Precision}


def _rank(precision: str) -> int:
    rank = _RANKS.get(precision)
    return Precision(precision).rank if rank is None else rank


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
    # Never changed in place (a merge assigns a new list), so the many
    # events without participants share one empty tuple.
    participants: Sequence[str]
    confidence: float
    # Shared and interned (see _actor_set): most events have one of a few
    # sets of actors, and a set per remembered event was most of a bulk
    # import's memory.
    actors: frozenset[str] = frozenset()


_COLUMNS = (
    "id", "kind", "title", "series", "ordinal", "date_value", "date_start", "date_end",
    "precision", "date_mod", "status", "location", "participants", "confidence", "actors",
)  # fmt: skip


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# Statements built once with bind parameters: rebuilding them per event cost
# more than running them (SQLAlchemy coerces every clause it is given). These
# serve PostgreSQL (and any other server); SQLite gets the plain SQL below.
_B = sa.bindparam
# Only events up to ``horizon`` (see Writer): later ones are in memory.
_SELECT = sa.select(*(_EVENT.c[name] for name in _COLUMNS)).where(_EVENT.c.id <= _B("horizon"))
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
_MENTIONS_OF = sa.select(
    _MENTION.c.event_id,
    _MENTION.c.article_id,
    _MENTION.c.start,
    _MENTION.c.source_note,
    _MENTION.c.sentence,
).where(_MENTION.c.event_id.in_(_B("ids", expanding=True)))
_INSERT_EVENTS = _EVENT.insert().returning(_EVENT.c.id, sort_by_parameter_order=True)
_INSERT_ACTOR = _ACTOR.insert()
_INSERT_MENTION = _MENTION.insert()

# SQLite: the same statements as plain SQL on the driver's cursor. A bulk
# import spent most of its time in SQLAlchemy's per-row parameter and result
# processing; sqlite3 binds tuples and returns tuples in C. Dates are stored
# as ISO text and JSON as json.dumps text, exactly as SQLAlchemy writes them.
# "+id": the horizon filters rows found by the other terms' index, never
# chooses the index itself.
_SQL_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM event WHERE +id <= ? AND "
_SQL_INSIDE = _SQL_SELECT + "kind = ? AND date_start >= ? AND date_start <= ?"
_SQL_BY_ORDINAL = _SQL_SELECT + "series = ? AND ordinal = ? AND kind = ?"
_SQL_BY_STARTS = _SQL_SELECT + "kind = ? AND date_start IN ({})"
_SQL_SPANNING_FROM = _SQL_BY_STARTS + " AND date_end > date_start"
_SQL_MAX_ID = "SELECT coalesce(max(id), 0) FROM event"
_INSERT_COLUMNS = (
    "kind", "title", "date_value", "date_start", "date_end", "precision", "date_mod", "status",
    "participants", "actors", "location", "series", "ordinal", "confidence", "created_at",
    "updated_at",
)  # fmt: skip
_SQL_INSERT_EVENT = (
    f"INSERT INTO event (id, {', '.join(_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * (len(_INSERT_COLUMNS) + 1))})"
)
_SQL_INSERT_ACTOR = "INSERT INTO event_actor (event_id, actor) VALUES (?, ?)"
_MENTION_COLUMNS = (
    "event_id", "article_id", "source_note", "sentence", "start", "end", "date_text",
    "date_value", "status", "created_at",
)  # fmt: skip
_SQL_INSERT_MENTION = (
    'INSERT INTO mention (event_id, article_id, source_note, sentence, start, "end", date_text, '
    "date_value, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# A hand entry's or an import's mention, unless its key (see _mention_key)
# is stored already; the check is skipped when the 11th parameter is true.
_SQL_INSERT_NEW_NOTE_MENTION = (
    'INSERT INTO mention (event_id, article_id, source_note, sentence, start, "end", date_text, '
    "date_value, status, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ? OR NOT EXISTS "
    "(SELECT 1 FROM mention WHERE event_id = ? AND article_id IS NULL AND source_note IS ? "
    "AND sentence = ?)"
)
# Only stored mentions whose key (see _mention_key) can equal a new one's.
_SQL_ARTICLE_MENTIONS_OF = (
    "SELECT event_id, start FROM mention WHERE event_id IN ({}) AND article_id = ? "
    "AND source_note IS NULL AND sentence = ''"
)
_SQL_NOTE_MENTIONS_OF = (
    "SELECT event_id, source_note, sentence FROM mention "
    "WHERE event_id IN ({}) AND article_id IS NULL"
)
_CHUNK = 900  # bound parameters per IN list, well under any SQLite limit


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _in(sql: str, n: int) -> str:
    return sql.format(", ".join("?" * n))


_date = dt.date.fromisoformat


def _sqlite_row(r: tuple[Any, ...]) -> _Row:
    p, a = r[12], r[14]
    return _Row(
        r[0], r[1], r[2], r[3], r[4], r[5], _date(r[6]), _date(r[7]), r[8], r[9], r[10], r[11],
        () if p == "[]" else json.loads(p), r[13], _NO_ACTORS if a == "[]" else _json_actor_set(a),
    )  # fmt: skip


def _server_row(r: Any) -> _Row:
    return _Row(*r[:12], r[12] or (), r[13], _actor_set(r[14]))  # type: ignore[call-arg]


_NO_ACTORS: frozenset[str] = frozenset()
_ACTOR_SETS: dict[Any, frozenset[str]] = {}


def _actor_set(codes: Iterable[str]) -> frozenset[str]:
    """The shared frozenset of ``codes`` (a tuple, list or set)."""
    key = codes if isinstance(codes, (tuple, frozenset)) else tuple(codes)
    found = _ACTOR_SETS.get(key)
    if found is None:
        made = frozenset(key)
        found = _ACTOR_SETS.get(made, made)
        if len(_ACTOR_SETS) < 10_000:
            _ACTOR_SETS[made] = _ACTOR_SETS[key] = found
    return found


# Few sets of actors recur: each stored list is read, each set encoded and
# sorted once.
@lru_cache(maxsize=10_000)
def _json_actor_set(text: str) -> frozenset[str]:
    """The shared frozenset of a stored actors list (JSON text on SQLite)."""
    return _actor_set(json.loads(text))


@lru_cache(maxsize=10_000)
def _actors_json(actors: frozenset[str]) -> str:
    """``actors`` as stored on SQLite."""
    return json.dumps(ordered_actors(actors))


@lru_cache(maxsize=10_000)
def _sorted_actors(actors: frozenset[str]) -> tuple[str, ...]:
    """``sorted(actors)``, as a tuple shared by the events of one set."""
    return tuple(sorted(actors))


def _sqlite_value(value: Any) -> Any:
    """A merged column's value as SQLAlchemy would store it on SQLite."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):  # the actors, stored in output order
        return _actors_json(value)
    if isinstance(value, list):
        return json.dumps(value)
    return value


class _Index:
    """The events a batch can match (stored ones fetched for it and the
    batch's new ones), by what matching looks up: kind and start day, and
    kind, series and ordinal. Always keyed by a row's current values.

    Each day's rows are kept in candidate order (:func:`_candidate_order`):
    rows are mostly added in that order, and a provisional id turns into
    one larger than every id already known, so the order holds as ids are
    given (:meth:`resort` for a server that might give them out of order).
    """

    def __init__(self) -> None:
        self.by_start: dict[str, dict[dt.date, list[_Row]]] = defaultdict(dict)
        self.by_ordinal: dict[tuple[str, str, int], list[_Row]] = defaultdict(list)

    def add(self, row: _Row) -> None:
        days = self.by_start[row.kind]
        rows = days.get(row.date_start)
        if not rows:
            days[row.date_start] = [row]
        elif _candidate_order(rows[-1]) < _candidate_order(row):
            rows.append(row)
        else:
            insort(rows, row, key=_candidate_order)
        if row.series and row.ordinal is not None:
            self.by_ordinal[(row.kind, row.series, row.ordinal)].append(row)

    def remove(self, row: _Row) -> None:
        self.by_start[row.kind][row.date_start].remove(row)
        if row.series and row.ordinal is not None:
            self.by_ordinal[(row.kind, row.series, row.ordinal)].remove(row)

    def resort(self, rows: Iterable[_Row]) -> None:
        """Restore candidate order after ``rows`` were given their ids."""
        for row in rows:
            self.by_start[row.kind][row.date_start].sort(key=_candidate_order)

    def candidates(self, ev: NewEvent) -> list[_Row]:
        """Every row that could be ``ev``'s event: one starting on its first
        day or on the first day of a period containing it; for a longer
        interval, one starting inside it; for a numbered series, the same
        number. Stored rows first, oldest first, then the batch's in order.

        Without a series or an ordinal, only an event with the same date
        value can match (:func:`same_event`), and so the same first day: the
        others are not candidates. That day's own list is returned then, to
        be read before the index changes, not kept."""
        days = self.by_start.get(ev.kind)
        if days is None:
            days = {}
        start, end = ev.date.start, ev.date.end
        if not ev.series and ev.ordinal is None:
            return days.get(start) or []
        found: dict[int, _Row] = {}
        rows = days.get(start)
        if rows:
            for row in rows:
                found[row.id] = row
        for day in containing_starts(start):
            rows = days.get(day)
            if rows:
                for row in rows:
                    found[row.id] = row
        if end > start:
            span = (end - start).days
            if span < len(days):
                day = start
                one = dt.timedelta(days=1)
                for _ in range(span):
                    day += one
                    rows = days.get(day)
                    if rows:
                        for row in rows:
                            found[row.id] = row
            else:
                for day, rows in days.items():
                    if start <= day <= end:
                        for row in rows:
                            found[row.id] = row
        if ev.series and ev.ordinal is not None:
            for row in self.by_ordinal.get((ev.kind, ev.series, ev.ordinal), ()):
                found[row.id] = row
        if len(found) < 2:
            return list(found.values())
        return sorted(found.values(), key=_candidate_order)


# A horizon past every id: the id column is a 32-bit INTEGER on servers
# (a larger bound would not bind), 64-bit on SQLite.
_EVERY = 2**31 - 1
_EVERY_SQLITE = 2**63 - 1


def _candidate_order(row: _Row) -> tuple[bool, int]:
    return (row.id < 0, abs(row.id))


def sqlite_driver(conn: Connection) -> Any:
    """SQLite's own connection under ``conn`` (in the same transaction), for
    statements that SQLAlchemy would cost more to run than SQLite does; None
    on another database."""
    return conn.connection.driver_connection if conn.dialect.name == "sqlite" else None


def bind_processor(column: sa.Column[Any], conn: Connection) -> Callable[[Any], Any] | None:
    """How SQLAlchemy turns a value of ``column`` into what the driver of
    ``conn`` is given (None: as it is), for statements run on the driver."""
    dialect = conn.dialect
    return column.type.dialect_impl(dialect).bind_processor(dialect)


class Writer:
    """Writes batches of events within one open transaction (``conn``).

    A batch is matched in memory against the stored events it could concern,
    fetched up front in a few statements (by kind and possible start dates,
    by series and ordinal), then written with one multi-row statement per
    table. Events of the same batch match each other too, exactly as if they
    had been written one by one.
    """

    def __init__(self, conn: Connection, *, remember: bool = False) -> None:
        self.conn = conn
        # SQLite: the driver's connection, inside the same transaction.
        self.raw: Any = sqlite_driver(conn)
        self._stamp = bind_processor(_EVENT.c.created_at, conn)
        self._stamp_now()
        # With ``remember``, the batches of one bulk import share what they
        # know: every event this writer stored or read stays in ``index``,
        # and stored ones are read again only for (kind, day) keys not read
        # yet, and only up to ``horizon``, the last id before the first
        # batch (later ones are all this writer's). Valid only while no one
        # else writes: the caller calls :meth:`forget` when someone may have.
        self.remember = remember
        # Called before a statement that looks up stored mentions by event
        # (see timeline.store: a bulk import may have dropped the index).
        self.before_lookup: Callable[[], None] | None = None
        self.forget()

    def forget(self) -> None:
        """Drop what earlier batches read and wrote (see ``remember``)."""
        self.index = _Index()
        self.known: set[int] = set()
        self.horizon: int | None = None
        self.read_starts: set[tuple[str, dt.date]] = set()
        self.read_spanning: set[tuple[str, dt.date]] = set()
        # (event id, source, sentence) of every hand or import mention this
        # writer stored for an event it created, the only mentions such an
        # event has: whether one is stored already is known without a
        # lookup (which a bulk import may have dropped the index for).
        self.noted: set[tuple[int, str | None, str]] = set()

    def _stamp_now(self) -> None:
        self.now = _now()  # one batch, one time of writing
        self.now_sql: Any = self._stamp(self.now) if self._stamp else self.now

    # -- finding -------------------------------------------------------------

    def _fetch(self, events: Sequence[NewEvent]) -> dict[int, _Row]:
        """Every stored event that one of ``events`` could report and that
        this writer does not hold already."""
        same_start: dict[str, set[dt.date]] = defaultdict(set)
        earlier_start: dict[str, set[dt.date]] = defaultdict(set)
        inside: set[tuple[str, dt.date, dt.date]] = set()
        ordinals: set[tuple[str, str, int]] = set()
        horizon = _EVERY_SQLITE if self.raw is not None else _EVERY
        if self.remember:
            if self.horizon is None:
                self.horizon = self._max_id()
            horizon = self.horizon
            if horizon == 0:
                return {}  # nothing was stored before this writer's first batch
        for ev in events:
            same_start[ev.kind].add(ev.date.start)
            if not ev.series and ev.ordinal is None:
                continue  # only the same first day can match (_Index.candidates)
            earlier_start[ev.kind].update(containing_starts(ev.date.start))
            if ev.date.end > ev.date.start:
                inside.add((ev.kind, ev.date.start, ev.date.end))
            if ev.series and ev.ordinal is not None:
                ordinals.add((ev.kind, ev.series, ev.ordinal))
        if self.remember:
            # Keys read by an earlier batch hold no stored event this writer
            # does not know.
            for wanted, read in (
                (same_start, self.read_starts),
                (earlier_start, self.read_spanning),
            ):
                for kind, days in wanted.items():
                    days -= {day for day in days if (kind, day) in read}
                    read.update((kind, day) for day in days)
        if self.before_lookup is not None:
            self.before_lookup()
        if self.raw is not None:
            found = self._fetch_sqlite(horizon, same_start, earlier_start, inside, ordinals)
        else:
            found = {}
            b = {"horizon": horizon}
            for kind, start, end in sorted(inside):
                for r in self.conn.execute(_INSIDE, {**b, "kind": kind, "start": start, "end": end}):
                    found.setdefault(r[0], _server_row(r))
            for kind, series, ordinal in sorted(ordinals):
                params = {**b, "kind": kind, "series": series, "ordinal": ordinal}
                for r in self.conn.execute(_BY_ORDINAL, params):
                    found.setdefault(r[0], _server_row(r))
            for stmt, wanted in ((_BY_STARTS, same_start), (_SPANNING_FROM, earlier_start)):
                for kind, days in wanted.items():
                    for chunk in _chunks(sorted(days)):
                        for r in self.conn.execute(stmt, {**b, "kind": kind, "starts": chunk}):
                            found.setdefault(r[0], _server_row(r))
        if self.remember:
            # A row read before is in memory, maybe changed since: keep that one.
            found = {i: row for i, row in found.items() if i not in self.known}
            self.known.update(found)
        return found

    def _max_id(self) -> int:
        if self.raw is not None:
            return int(self.raw.execute(_SQL_MAX_ID).fetchone()[0])
        return int(self.conn.execute(sa.select(sa.func.coalesce(sa.func.max(_EVENT.c.id), 0))).scalar_one())

    def _fetch_sqlite(
        self,
        horizon: int,
        same_start: dict[str, set[dt.date]],
        earlier_start: dict[str, set[dt.date]],
        inside: set[tuple[str, dt.date, dt.date]],
        ordinals: set[tuple[str, str, int]],
    ) -> dict[int, _Row]:
        cur = self.raw.cursor()
        raw: dict[int, tuple[Any, ...]] = {}
        for kind, start, end in inside:
            for r in cur.execute(
                _SQL_INSIDE, (horizon, kind, start.isoformat(), end.isoformat())
            ):
                raw[r[0]] = r
        for kind, series, ordinal in ordinals:
            for r in cur.execute(_SQL_BY_ORDINAL, (horizon, series, ordinal, kind)):
                raw[r[0]] = r
        for sql, wanted in ((_SQL_BY_STARTS, same_start), (_SQL_SPANNING_FROM, earlier_start)):
            for kind, days in wanted.items():
                for chunk in _chunks(sorted(d.isoformat() for d in days), _CHUNK):
                    for r in cur.execute(_in(sql, len(chunk)), (horizon, kind, *chunk)):
                        raw[r[0]] = r
        cur.close()
        return {event_id: _sqlite_row(r) for event_id, r in raw.items()}

    # -- writing -------------------------------------------------------------

    def write_all(
        self, events: Sequence[NewEvent], article_id: int | None = None
    ) -> list[tuple[int, bool]]:
        """Store ``events`` (each merging into a known event when it reports
        one); returns (event id, merged) for each, in order."""
        self._stamp_now()
        known = self._fetch(events)
        index = self.index if self.remember else _Index()
        for event_id in sorted(known):
            index.add(known[event_id])
        fresh: list[_Row] = []
        touched: dict[int, dict[str, Any]] = {}
        extra_actors: list[tuple[int, str]] = []
        outcome: list[tuple[_Row, bool]] = []
        for ev in events:
            row = None
            for candidate in index.candidates(ev):
                if same_event(candidate, candidate.actors, ev):
                    row = candidate
                    break
            if row is None:
                row = _new_row(ev, -(len(fresh) + 1))
                fresh.append(row)
                index.add(row)
                outcome.append((row, False))
                continue
            values = merge_values(row, ev)
            if values:
                index.remove(row)
                for key, value in values.items():
                    setattr(row, key, value)
                index.add(row)
                if row.id > 0:
                    touched.setdefault(row.id, {}).update(values)
            if ev.actors:
                actors = row.actors
                added = [a for a in dict.fromkeys(ev.actors) if a not in actors]
                if added:
                    row.actors = _actor_set(actors.union(added))
                    if row.id > 0:
                        extra_actors += [(row.id, a) for a in added]
                        # The set itself: _update writes it as each database stores it.
                        touched.setdefault(row.id, {})["actors"] = row.actors
            outcome.append((row, True))
        self._insert(fresh)
        if self.raw is None:
            index.resort(fresh)
        self._update(touched)
        if extra_actors:
            if self.raw is not None:
                self.raw.executemany(_SQL_INSERT_ACTOR, extra_actors)
            else:
                self.conn.execute(
                    _INSERT_ACTOR, [{"event_id": i, "actor": a} for i, a in extra_actors]
                )
        self._mentions(outcome, events, article_id)
        return [(row.id, merged) for row, merged in outcome]

    def _insert(self, fresh: list[_Row]) -> None:
        if not fresh:
            return
        ids: Sequence[int]
        if self.raw is not None:
            # SQLite cannot return ids of a multi-row insert in order, which
            # makes SQLAlchemy insert row by row. The transaction holds the
            # write lock (Store.writing), so the next ids are known: give them.
            first = int(self.raw.execute(_SQL_MAX_ID).fetchone()[0]) + 1
            ids = range(first, first + len(fresh))
            now, dumps = self.now_sql, json.dumps
            self.raw.executemany(
                _SQL_INSERT_EVENT,
                [
                    (
                        event_id, row.kind, row.title, row.date_value,
                        row.date_start.isoformat(), row.date_end.isoformat(), row.precision,
                        row.date_mod, row.status,
                        dumps(row.participants) if row.participants else "[]",
                        _actors_json(row.actors) if row.actors else "[]",
                        row.location, row.series, row.ordinal, row.confidence, now, now,
                    )
                    for row, event_id in zip(fresh, ids, strict=True)
                ],
            )
        else:
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
                    "actors": ordered_actors(row.actors),
                    "location": row.location,
                    "series": row.series,
                    "ordinal": row.ordinal,
                    "confidence": row.confidence,
                    "created_at": self.now,
                    "updated_at": self.now,
                }
                for row in fresh
            ]
            ids = self.conn.execute(_INSERT_EVENTS, rows).scalars().all()
        actors: list[tuple[int, str]] = []
        for row, event_id in zip(fresh, ids, strict=True):
            row.id = int(event_id)
            if row.actors:
                actors += [(row.id, a) for a in _sorted_actors(row.actors)]
        if not actors:
            return
        if self.raw is not None:
            self.raw.executemany(_SQL_INSERT_ACTOR, actors)
        else:
            self.conn.execute(_INSERT_ACTOR, [{"event_id": i, "actor": a} for i, a in actors])

    def _update(self, touched: dict[int, dict[str, Any]]) -> None:
        """One UPDATE per set of changed columns, each run for all its rows."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for event_id, values in sorted(touched.items()):
            if self.raw is None and "actors" in values:
                values["actors"] = ordered_actors(values["actors"])
            groups[tuple(sorted(values))].append({"_id": event_id, **values, "updated_at": self.now})
        if self.raw is not None:
            for columns, rows in groups.items():
                sets = ", ".join(f"{name} = ?" for name in (*columns, "updated_at"))
                self.raw.executemany(
                    f"UPDATE event SET {sets} WHERE id = ?",
                    [
                        (*(_sqlite_value(r[name]) for name in columns), self.now_sql, r["_id"])
                        for r in rows
                    ],
                )
            return
        for columns, rows in groups.items():
            stmt = (
                _EVENT.update()
                .where(_EVENT.c.id == _B("_id"))
                .values({name: _B(name) for name in (*columns, "updated_at")})
            )
            self.conn.execute(stmt, rows)

    def _mentions(
        self, outcome: list[tuple[_Row, bool]], events: Sequence[NewEvent], article_id: int | None
    ) -> None:
        """One mention per (event, report); a report already stored is not
        stored again, so re-importing the same rows adds nothing."""
        # SQLite, hand entries and imports: each insert checks in C (an index
        # seek on ix_mention_event_sources) that its report is not stored
        # yet, rather than every stored report of the batch's events being
        # read into Python first.
        checked = self.raw is not None and article_id is None
        if checked:
            now = self.now_sql
            seen: set[tuple[int, str | None, str]] = set()
            params = []
            # Events this writer created have no mention but those it stored.
            mine = self.horizon if self.remember and self.horizon is not None else _EVERY_SQLITE
            noted = self.noted
            # The plain inserts, for as long as none can be stored already.
            plain: list[tuple[Any, ...]] | None = []
            for (row, _), ev in zip(outcome, events, strict=True):
                event_id, note, sentence = row.id, ev.source_note, ev.sentence
                if note is not None:
                    note = intern(note)  # one string for an import's many rows
                note_key = (event_id, note, sentence)
                known_new = event_id > mine
                if known_new:
                    if note_key in noted:
                        continue
                    noted.add(note_key)
                elif note_key in seen:
                    continue
                else:
                    seen.add(note_key)
                values = (
                    event_id, None, note, sentence, ev.start, ev.end, ev.date_text,
                    ev.date.value, ev.status, now,
                )  # fmt: skip
                if plain is not None:
                    if known_new:
                        plain.append(values)
                    else:
                        plain = None
                params.append((*values, known_new, event_id, note, sentence))
            if plain is not None:  # none can be stored already
                self.raw.executemany(_SQL_INSERT_MENTION, plain)
            else:
                if self.before_lookup is not None:
                    self.before_lookup()
                self.raw.executemany(_SQL_INSERT_NEW_NOTE_MENTION, params)
            return
        # Events created by this batch have no stored mentions to read.
        created = {row.id for row, merged in outcome if not merged}
        merged_ids = sorted({row.id for row, merged in outcome if merged} - created)
        if merged_ids and self.before_lookup is not None:
            self.before_lookup()
        stored = self._stored_mentions(merged_ids, article_id)
        rows: list[tuple[Any, ...]] = []
        for (row, _), ev in zip(outcome, events, strict=True):
            key = _mention_key(row.id, ev, article_id)
            if key in stored:
                continue
            stored.add(key)
            rows.append(
                (
                    row.id, article_id, ev.source_note, ev.sentence, ev.start, ev.end,
                    ev.date_text, ev.date.value, ev.status,
                )
            )
        if not rows:
            return
        if self.raw is not None:
            now = self.now_sql
            self.raw.executemany(_SQL_INSERT_MENTION, [(*r, now) for r in rows])
        else:
            self.conn.execute(
                _INSERT_MENTION,
                [dict(zip(_MENTION_COLUMNS, (*r, self.now), strict=True)) for r in rows],
            )

    def _stored_mentions(
        self, ids: list[int], article_id: int | None
    ) -> set[tuple[int, int | None, int, str | None, str]]:
        """The keys (:func:`_mention_key`) of the mentions of ``ids``."""
        stored: set[tuple[int, int | None, int, str | None, str]] = set()
        if not ids:
            return stored
        if self.raw is None:
            for chunk in _chunks(ids):
                for r in self.conn.execute(_MENTIONS_OF, {"ids": chunk}):
                    event_id, art, start, note, sentence = r
                    stored.add((event_id, art, start if art is not None else 0, note, sentence))
            return stored
        # The key of a stored mention names its article, offset, note and
        # sentence; only those that can equal a new key are read.
        cur = self.raw.cursor()
        if article_id is not None:
            for chunk in _chunks(ids, _CHUNK):
                sql = _in(_SQL_ARTICLE_MENTIONS_OF, len(chunk))
                for event_id, start in cur.execute(sql, (*chunk, article_id)):
                    stored.add((event_id, article_id, start, None, ""))
        else:
            for chunk in _chunks(ids, _CHUNK):
                sql = _in(_SQL_NOTE_MENTIONS_OF, len(chunk))
                for event_id, note, sentence in cur.execute(sql, chunk):
                    stored.add((event_id, None, 0, note, sentence))
        cur.close()
        return stored


def _mention_key(
    event_id: int, ev: NewEvent, article_id: int | None
) -> tuple[int, int | None, int, str | None, str]:
    # An article's mention is unique per (event, article, offset); a hand
    # entry's per (event, source, sentence).
    if article_id is not None:
        return (event_id, article_id, ev.start, None, "")
    return (event_id, None, 0, ev.source_note, ev.sentence)


# Precision(p).value by lookup: the enum's property was a cost per event.
_PRECISION_VALUE: dict[str, str] = {p: p.value for p in Precision}


def _new_row(ev: NewEvent, provisional_id: int) -> _Row:
    d = ev.date
    return _Row(
        provisional_id, ev.kind, ev.title, ev.series, ev.ordinal, d.value, d.start, d.end,
        _PRECISION_VALUE.get(d.precision) or Precision(d.precision).value, ev.date_mod, ev.status, ev.location,
        list(dict.fromkeys(ev.participants)) if ev.participants else (), ev.confidence,
        _actor_set(ev.actors) if ev.actors else _NO_ACTORS,
    )  # fmt: skip


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
    if new.status == _OCCURRED and row.status == _PLANNED:
        values["status"] = _OCCURRED
    if not row.location and new.location and "location" not in values:
        values["location"] = new.location
    if not row.series and new.series:
        values["series"] = new.series
    if row.ordinal is None and new.ordinal is not None:
        values["ordinal"] = new.ordinal
    if new.participants or row.participants:
        participants = list(dict.fromkeys([*(row.participants or []), *new.participants]))
        if participants != list(row.participants or []):
            values["participants"] = participants
    if new.confidence > row.confidence:
        values["confidence"] = new.confidence
    return values
