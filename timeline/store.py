"""The database: engine, sessions, write rules and deduplication.

* ``Store(None)`` opens ``$TIMELINE_DB`` or else ``db/timeline.db`` under the
  current directory, creating it on demand; a path or any SQLAlchemy URL
  (``postgresql+psycopg://…``) also works.
* SQLite runs in WAL mode with a busy timeout, so a reader never blocks a
  writer and two writers wait for each other instead of failing.
* Each article is committed atomically with its events and mentions; an
  article whose text was seen before adds nothing.
* The same real event reported by several articles is one :class:`Event`
  with several :class:`Mention` rows (see :func:`same_event`).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, select

from .dates import DateInterval, parse_date
from .errors import InputError, StoreError
from .extract import ExtractedEvent, Extraction, extract
from .migrations import DEFERRABLE_INDEXES, migrate, restore_indexes
from .models import Article, Event, Mention, Status, check_kind
from .query import EventQuery, count_events, load_records, run_query
from .records import EventRecord
from .writer import NewEvent, Writer, bind_processor, same_event, sqlite_driver

__all__ = [
    "DEFAULT_DB",
    "IngestResult",
    "NewEvent",
    "Store",
    "content_hash",
    "new_event",
    "resolve_url",
    "same_event",
]

DEFAULT_DB = Path("db") / "timeline.db"
_MMAP_BYTES = 1 << 30  # address space, not memory: pages are mapped as they are read
_WRITE_LOCK = 0x74696D65  # "time": the advisory lock key writers share on PostgreSQL


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL for ``db``, ``$TIMELINE_DB`` or the default file."""
    raw = os.fspath(db) if db is not None else os.environ.get("TIMELINE_DB") or str(DEFAULT_DB)
    if raw == ":memory:":
        return "sqlite://"
    if "://" in raw:
        return raw
    path = Path(raw).expanduser().resolve()
    return f"sqlite:///{path}"


def content_hash(text: str) -> str:
    """SHA-256 of the text with line endings and outer whitespace normalized."""
    norm = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


# re's \s in a str pattern is str.isspace's set (Py_UNICODE_ISSPACE), what
# str.strip() strips.
_OUTER_SPACE = re.compile(r"\s*")


def hash_and_encode(text: str, encoded: bytes | None = None) -> tuple[str, bytes | None]:
    """``content_hash(text)`` and ``text.encode("utf-8")``, the text encoded
    once for both (``encoded``, if the caller has it already); None for the
    bytes when the text has a carriage return.

    Without one the normalized text is ``text`` less its outer whitespace,
    and UTF-8 encodes a string piece by piece: its digest is that of the
    middle of the encoded text.
    """
    if "\r" in text:
        return content_hash(text), None
    data = text.encode("utf-8") if encoded is None else encoded
    m = _OUTER_SPACE.match(text)
    start = m.end() if m else 0
    end = len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    lead = len(text[:start].encode("utf-8")) if start else 0
    trail = len(text[end:].encode("utf-8"))
    return hashlib.sha256(memoryview(data)[lead : len(data) - trail]).hexdigest(), data


@dataclass(slots=True)
class IngestResult:
    """What one article did to the store."""

    source: str
    article_id: int | None
    new: bool
    events_new: int = 0
    events_merged: int = 0
    junk_skipped: int = 0
    dates_unresolved: int = 0
    event_ids: list[int] = field(default_factory=list)


def from_extracted(e: ExtractedEvent) -> NewEvent:
    """The event to store for one extracted report."""
    return NewEvent(
        kind=e.kind,
        title=e.title,
        date=e.date,
        status=e.status,
        actors=e.actors,
        participants=e.participants,
        location=e.location,
        series=e.series,
        ordinal=e.ordinal,
        confidence=e.confidence,
        sentence=e.sentence,
        start=e.start,
        end=e.end,
        date_text=e.date_text,
        date_mod=e.mod,
    )


class Store:
    """A timeline database. Use as a context manager or call :meth:`close`."""

    def __init__(self, db: str | os.PathLike[str] | None = None, *, echo: bool = False) -> None:
        self.url = resolve_url(db)
        self.engine = self._make_engine(self.url, echo)
        try:
            migrate(self.engine)
        except Exception:
            self.engine.dispose()
            raise

    @staticmethod
    def _make_engine(url: str, echo: bool) -> Engine:
        try:
            parsed = sa.engine.make_url(url)
        except sa.exc.ArgumentError as exc:
            raise InputError(f"--db {url!r} is not a file path or database URL") from exc
        if parsed.get_backend_name() != "sqlite":
            try:
                return sa.create_engine(url, echo=echo, pool_pre_ping=True)
            except (ImportError, sa.exc.SQLAlchemyError) as exc:
                raise StoreError(f"cannot open {parsed.render_as_string()}: {exc}") from exc
        kwargs: dict[str, Any] = {"connect_args": {"timeout": 30, "check_same_thread": False}}
        if not parsed.database or parsed.database == ":memory:":
            kwargs["poolclass"] = StaticPool
        else:
            path = Path(parsed.database)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for {path}: {exc.strerror}") from exc
            if path.exists() and path.is_dir():
                raise StoreError(f"--db {path} is a folder; give a file such as {path}/timeline.db")
        engine = sa.create_engine(url, echo=echo, **kwargs)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            if kwargs.get("poolclass") is not StaticPool:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            # Large imports touch index pages all over the file: keep more of
            # them in memory (16 MB at most; SQLite's default is 2 MB), bounded
            # so that memory stays flat however large the database grows.
            cur.execute("PRAGMA cache_size=-16384")
            cur.execute("PRAGMA temp_store=MEMORY")
            # Read pages straight from the OS page cache instead of copying
            # each into SQLite's: a month of a large archive is a few hundred
            # events and their sources, scattered over the whole file.
            cur.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
            # Copy the write-ahead log into the database file every 10,000
            # pages (40 MB) instead of every 1,000: each copy syncs both files
            # to disk and writes again the index pages that every article
            # touches. Measured on the White House corpus, when ingest still
            # committed each article: its storing part ~40% less wall time.
            cur.execute(f"PRAGMA wal_autocheckpoint={_CHECKPOINT_PAGES}")
            cur.close()

        try:
            with engine.connect():
                pass
        except sa.exc.DatabaseError as exc:
            engine.dispose()
            raise StoreError(f"{parsed.database} is not a timeline database: {exc.orig}") from exc
        return engine

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction, serialized with every other writer.

        SQLite allows one writer at a time by itself; on PostgreSQL a
        transaction-scoped advisory lock gives the same guarantee, so two
        writers never both decide that an event is new.
        """
        with self.session() as s:
            _lock_for_writing(s.connection())
            yield s

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    # -- writing -----------------------------------------------------------

    def ingest_text(
        self,
        text: str,
        *,
        source: str,
        published: dt.date | None = None,
        title: str | None = None,
        extraction: Extraction | None = None,
        home: str | None = None,
    ) -> IngestResult:
        """Store one article and the events extracted from it, atomically.

        An article whose normalized text is already stored adds nothing.
        ``extraction`` is ``extract(text, published, home=home)`` when the
        caller has computed it already (parallel ingest); ``home`` is the
        country the publisher speaks for (see ``extract.publisher_country``).
        """
        with self.ingesting(hold_seconds=0) as batch:
            return batch.ingest_text(
                text, source=source, published=published, title=title, extraction=extraction, home=home
            )

    @contextmanager
    def ingesting(self, *, hold_seconds: float | None = None) -> Iterator[ArticleBatch]:
        """Many articles stored through one connection and committed
        together every ``hold_seconds`` (:data:`_INGEST_HOLD_SECONDS`) and
        at the end, each article still all or nothing. See :class:`ArticleBatch`.

        Committing each article apart wrote the same index pages again and
        again; holding the write lock much longer would make other writers wait.
        """
        with self.engine.connect() as conn:
            batch = ArticleBatch(conn, _INGEST_HOLD_SECONDS if hold_seconds is None else hold_seconds)
            try:
                yield batch
                batch.commit()
            except BaseException:
                conn.rollback()
                raise

    def add_event(self, event: NewEvent) -> tuple[int, bool]:
        """Store one event (merging with a known one); returns (id, merged)."""
        check_kind(event.kind)
        with self.writing() as s:
            return Writer(s.connection()).write_all([event])[0]

    def add_events(self, events: Iterable[NewEvent], *, batch: int = 1000) -> list[tuple[int, bool]]:
        """Store many events, ``batch`` at a time; returns (id, merged) for each.

        Batches are committed together, every few seconds
        (:data:`_HOLD_SECONDS`, plus one batch), the longest other writers wait.
        An invalid event (unknown kind) stops the import after committing
        the events before it; a failed write rolls back the uncommitted
        batches.
        """
        out: list[tuple[int, bool]] = []
        pending: list[NewEvent] = []
        # One connection for every batch, so that its page cache stays warm.
        with self.engine.connect() as conn, _bulk_cache(conn), _no_collector():
            bulk = _BulkWriter(conn)
            try:
                for ev in events:
                    check_kind(ev.kind)
                    pending.append(ev)
                    if len(pending) >= batch:
                        out.extend(bulk.write(pending))
                        pending = []
                if pending:
                    out.extend(bulk.write(pending))
            finally:
                bulk.finish()
        return out

    # -- reading -----------------------------------------------------------

    def query(self, q: EventQuery | None = None) -> list[EventRecord]:
        """Events matching ``q`` (all events when None), sorted by date."""
        # A plain connection: an ORM session costs 0.15 ms to open and
        # commit, a tenth of a month's query on a large archive.
        with self.engine.connect() as conn:
            return run_query(conn, q or EventQuery())

    def count(self, q: EventQuery | None = None) -> int:
        with self.session() as s:
            return count_events(s, q or EventQuery())

    def get(self, event_id: int) -> EventRecord | None:
        with self.session() as s:
            event = s.get(Event, event_id)
            return load_records(s, [event])[0] if event else None

    def stats(self) -> dict[str, int]:
        """Row counts per table."""
        with self.session() as s:
            return {
                "articles": int(s.exec(select(sa.func.count()).select_from(Article)).one()),
                "events": int(s.exec(select(sa.func.count()).select_from(Event)).one()),
                "mentions": int(s.exec(select(sa.func.count()).select_from(Mention)).one()),
            }


_ARTICLE = Article.__table__  # type: ignore[attr-defined]
_KNOWN_ARTICLE = sa.select(_ARTICLE.c.id).where(_ARTICLE.c.content_hash == sa.bindparam("digest"))
_INSERT_ARTICLE = _ARTICLE.insert()
# The same on SQLite's own connection (see _ArticleSql).
_SQL_KNOWN_ARTICLE = "SELECT id FROM article WHERE content_hash = ?"
_SQL_INSERT_ARTICLE = (
    "INSERT INTO article (source, title, published, content_hash, text, ingested_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
# The text given as its UTF-8 bytes (see _ArticleSql.digest): a blob cast to
# text is those bytes read in the database's encoding, the same TEXT value as
# the string's, which the driver would have encoded to UTF-8 again.
_SQL_INSERT_ARTICLE_UTF8 = (
    "INSERT INTO article (source, title, published, content_hash, text, ingested_at)"
    " VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?)"
)


class _ArticleSql:
    """The few statements of storing an article, on ``conn``.

    On SQLite they run on the driver's connection, inside the same
    transaction (as :class:`~timeline.writer.Writer` runs its own): through
    SQLAlchemy each cost several times what SQLite takes to run it, and
    ``begin_nested`` compiles its SAVEPOINT and RELEASE statements anew for
    every article. Elsewhere (PostgreSQL) SQLAlchemy runs them.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.raw: Any = sqlite_driver(conn)
        # One writer for every article of the batch: without ``remember`` it
        # keeps nothing from one write_all to the next (each stamps its own
        # time), and making one per article looked up the same driver
        # connection and bind processors again each time.
        self.writer = Writer(conn)
        self._utf8 = False
        if self.raw is not None:
            self._day = bind_processor(_ARTICLE.c.published, conn)
            self._stamp = bind_processor(_ARTICLE.c.ingested_at, conn)
            self._utf8 = self.raw.execute("PRAGMA encoding").fetchone()[0] == "UTF-8"

    def digest(self, text: str, encoded: bytes | None = None) -> tuple[str, bytes | None]:
        """``content_hash(text)``, and on a UTF-8 SQLite database (mostly)
        the text's UTF-8 bytes for :meth:`insert`: see :func:`hash_and_encode`."""
        if not self._utf8:
            return content_hash(text), None
        return hash_and_encode(text, encoded)

    def known(self, digest: str) -> int | None:
        """The id of the article stored with ``digest``, if any."""
        if self.raw is None:
            return self.conn.execute(_KNOWN_ARTICLE, {"digest": digest}).scalar()
        row = self.raw.execute(_SQL_KNOWN_ARTICLE, (digest,)).fetchone()
        return None if row is None else int(row[0])

    def insert(
        self,
        source: str,
        title: str | None,
        published: dt.date | None,
        digest: str,
        text: str,
        encoded: bytes | None = None,
    ) -> int:
        """Insert an article; its id. ``encoded`` is ``text`` in UTF-8 (see :meth:`digest`)."""
        now = dt.datetime.now(dt.UTC)
        if self.raw is None:
            inserted = self.conn.execute(
                _INSERT_ARTICLE,
                {
                    "source": source, "title": title, "published": published,
                    "content_hash": digest, "text": text, "ingested_at": now,
                },
            )  # fmt: skip
            key = inserted.inserted_primary_key
            assert key is not None
            return int(key[0])
        day = published if published is None or self._day is None else self._day(published)
        stamp = self._stamp(now) if self._stamp else now
        if encoded is None:
            cur = self.raw.execute(_SQL_INSERT_ARTICLE, (source, title, day, digest, text, stamp))
        else:
            cur = self.raw.execute(
                _SQL_INSERT_ARTICLE_UTF8, (source, title, day, digest, encoded, stamp)
            )
        return int(cur.lastrowid)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """What runs inside is kept whole or not at all (an exception
        undoes it and goes on); the transaction around it stays open."""
        if self.raw is None:
            with self.conn.begin_nested():
                yield
            return
        self.raw.execute("SAVEPOINT article")
        try:
            yield
        except BaseException:
            self.raw.execute("ROLLBACK TO SAVEPOINT article")
            self.raw.execute("RELEASE SAVEPOINT article")
            raise
        self.raw.execute("RELEASE SAVEPOINT article")


def _lock_for_writing(conn: Connection) -> None:
    """Take the database's write lock for the transaction ``conn`` is in."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
    elif conn.dialect.name == "sqlite":
        # Take SQLite's write lock before the first read: a transaction
        # that reads, then writes after another writer committed, fails
        # with "database is locked" whatever the busy timeout.
        conn.execute(sa.text("UPDATE schema_migrations SET version = version WHERE 0"))


def _write_article(
    sql: _ArticleSql,
    text: str,
    digest: str,
    encoded: bytes | None,
    source: str,
    published: dt.date | None,
    title: str | None,
    extraction: Extraction,
) -> IngestResult:
    """Insert one article and its events in the transaction ``sql.conn`` is in."""
    result = IngestResult(
        source=source,
        article_id=None,
        new=True,
        junk_skipped=extraction.junk_skipped,
        dates_unresolved=extraction.dates_unresolved,
    )
    article_id = sql.insert(source, title, published, digest, text, encoded)
    result.article_id = article_id
    written = sql.writer.write_all([from_extracted(ev) for ev in extraction.events], article_id)
    for event_id, merged in written:
        if event_id not in result.event_ids:
            result.event_ids.append(event_id)
            if merged:
                result.events_merged += 1
            else:
                result.events_new += 1
    return result


# How long an ingest keeps its write transaction open (see Store.ingesting).
_INGEST_HOLD_SECONDS = 1.0


class ArticleBatch:
    """Articles stored in one write transaction on ``conn``, committed when
    it has been open ``hold_seconds`` (and by :meth:`commit`).

    Plain statements on a connection, not the ORM: an article is a few
    statements, and sessions, flushes and model objects cost more (on
    SQLite they go to the driver's connection: see :class:`_ArticleSql`). The
    transaction takes the write lock before it first reads, so no other
    writer can store an article between the check that it is new and its
    insert; between transactions the next article is checked and extracted
    without the lock, which lets writers waiting for it in. Each article is
    written inside a savepoint: one that fails leaves nothing behind, and
    the articles before it stay. Articles not yet committed when the process
    dies are not stored; ingesting again stores them, once.
    """

    def __init__(self, conn: Connection, hold_seconds: float) -> None:
        self._conn = conn
        self._sql = _ArticleSql(conn)
        self._hold = hold_seconds
        self._since: float | None = None  # when the open transaction began

    def ingest_text(
        self,
        text: str,
        *,
        source: str,
        published: dt.date | None = None,
        title: str | None = None,
        extraction: Extraction | None = None,
        home: str | None = None,
        encoded: bytes | None = None,
    ) -> IngestResult:
        """As :meth:`Store.ingest_text`, committed with the batch. ``encoded``,
        if given, is ``text.encode("utf-8")``, known to the caller."""
        conn = self._conn
        digest, encoded = self._sql.digest(text, encoded)
        if self._since is None:
            # Between transactions, check and extract before taking the lock,
            # so that other writers waiting for it get their turn.
            known = self._sql.known(digest)
            conn.rollback()
            if known is not None:
                return IngestResult(source=source, article_id=known, new=False)
            if extraction is None:
                extraction = extract(text, published, home=home)
            # The lock's statement opens the transaction (before any savepoint).
            _lock_for_writing(conn)
            self._since = time.monotonic()
        known = self._sql.known(digest)
        if known is not None:
            result = IngestResult(source=source, article_id=known, new=False)
        else:
            if extraction is None:
                extraction = extract(text, published, home=home)
            try:
                with self._sql.savepoint():
                    result = _write_article(
                        self._sql, text, digest, encoded, source, published, title, extraction
                    )
            except (sa.exc.IntegrityError, sqlite3.IntegrityError):
                # Stored meanwhile by a writer that does not take the lock:
                # it is known now, and nothing of ours was kept.
                result = IngestResult(source=source, article_id=None, new=False)
        if time.monotonic() - self._since >= self._hold:
            self.commit()
        return result

    def commit(self) -> None:
        """Commit the articles stored since the last commit."""
        if self._since is not None:
            self._conn.commit()
            self._since = None


# How long a bulk import keeps its write transaction open: committing every
# batch wrote the same index pages again and again; holding the lock much
# longer would make other writers wait (they wait up to 30 s).
_HOLD_SECONDS = 5.0


# Events an import into an empty table stores with every index before it
# drops the deferrable ones (SQLite): building them again at the end costs
# about what a few thousand rows' random index inserts do.
_DEFER_AFTER = 20_000


class _BulkWriter:
    """Batches of one import on ``conn``, several per transaction, with one
    :class:`Writer` that remembers what earlier batches read and wrote for
    as long as nobody else writes in between.

    On SQLite, an import into an empty event table that grows past
    :data:`_DEFER_AFTER` events drops the indexes that only queries and
    lookups of older events use (``migrations.DEFERRABLE_INDEXES``) and
    creates them again, by sorting, when it ends, or as soon as it has to
    look something up (another writer came in between, a row repeats an
    earlier one). Each transaction stays consistent: a database left without
    them by a killed import gets them back when next opened.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.writer = Writer(conn, remember=True)
        self.began = 0.0
        self.seen_version: int | None = None
        self.passed = 0
        self.deferred = False
        # Once built again, the indexes stay: the import has to look up.
        self.deferrable = conn.dialect.name == "sqlite"

    def write(self, events: Sequence[NewEvent]) -> list[tuple[int, bool]]:
        if not self.conn.in_transaction():
            self.conn.begin()
            _lock_for_writing(self.conn)
            self.began = time.monotonic()
            if self._someone_else_wrote():
                self.restore_indexes()
                self.writer.forget()
        try:
            if self.deferrable and self.passed >= _DEFER_AFTER and self.writer.horizon == 0:
                self._drop_indexes()
            written = self.writer.write_all(events)
        except BaseException:
            self.conn.rollback()
            self.writer.forget()
            raise
        self.passed += len(events)
        if time.monotonic() - self.began >= _HOLD_SECONDS:
            self.commit()
        return written

    def commit(self) -> None:
        if self.conn.in_transaction():
            self.conn.commit()

    def _drop_indexes(self) -> None:
        for name in DEFERRABLE_INDEXES:
            self.conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        self.deferred = True
        self.deferrable = False
        self.writer.before_lookup = self.restore_indexes

    def restore_indexes(self) -> None:
        """Build the dropped indexes again, in the open transaction."""
        if self.deferred:
            restore_indexes(self.conn)
            self.deferred = False
            self.writer.before_lookup = None

    def finish(self) -> None:
        """Commit, and build the dropped indexes again if they still are."""
        self.commit()
        if self.deferred:
            self.conn.begin()
            _lock_for_writing(self.conn)
            self.restore_indexes()
            self.conn.commit()

    def _someone_else_wrote(self) -> bool:
        """Whether another connection may have written since our last
        transaction (always, but for SQLite, which counts them)."""
        if self.conn.dialect.name != "sqlite":
            return True
        version = int(self.conn.exec_driver_sql("PRAGMA data_version").scalar_one())
        changed = version != self.seen_version
        self.seen_version = version
        return changed


@contextmanager
def _no_collector() -> Iterator[None]:
    # A bulk import makes millions of small objects that never form cycles,
    # and keeps many of them: the collector would walk them all many times
    # over for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# Page cache of a bulk import on SQLite, in KiB. Matching reads and inserts
# touch index pages all over the file; with the everyday 16 MB each batch
# read again most of what the previous one had, and wrote it again to the WAL.
_BULK_CACHE_KIB = 256 * 1024
# WAL pages before a commit copies them into the database file (SQLite's
# default: 1000); see Store._make_engine.
_CHECKPOINT_PAGES = 10_000
# The same during a bulk import: each copy rewrote, and synced, index pages
# that the next transactions changed again.
_BULK_CHECKPOINT_PAGES = 32768


@contextmanager
def _bulk_cache(conn: Connection) -> Iterator[None]:
    """SQLite settings of ``conn`` while it imports, then the usual ones: a
    larger page cache, fewer checkpoints, and no foreign key checks (the
    writer only refers to events it has just stored or read)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = {
        name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("cache_size", "wal_autocheckpoint", "foreign_keys")
    }
    conn.exec_driver_sql(f"PRAGMA cache_size=-{_BULK_CACHE_KIB}")
    conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={_BULK_CHECKPOINT_PAGES}")
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn.commit()
    try:
        yield
    finally:
        conn.rollback()
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before['cache_size'] or -16384)}")
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={int(before['wal_autocheckpoint'] or 1000)}")
        conn.exec_driver_sql(f"PRAGMA foreign_keys={int(before['foreign_keys'] or 0)}")
        # Copy what the import left in the WAL now rather than leave the
        # cost to the next writer.
        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        conn.commit()


_OCCURRED = Status.OCCURRED.value
_PLANNED = Status.PLANNED.value
_STATUSES = frozenset(s.value for s in Status)
# Actor codes seen valid: an import names a few countries a million times.
_GOOD_CODES: set[str] = set()


_day: tuple[float, dt.date] = (0.0, dt.date.min)


def _today() -> dt.date:
    """Today's date, read from the clock at most once a second."""
    global _day
    now = time.monotonic()
    if now - _day[0] >= 1.0:
        _day = (now, dt.date.today())
    return _day[1]


def new_event(
    *,
    date: str | DateInterval,
    kind: str,
    title: str,
    actors: Iterable[str] = (),
    participants: Iterable[str] = (),
    location: str | None = None,
    status: str | None = None,
    series: str | None = None,
    ordinal: int | None = None,
    source: str | None = None,
    dct: dt.date | None = None,
    confidence: float = 1.0,
) -> NewEvent:
    """Validate a hand-made event; the date text goes through the date module.

    ``status`` defaults to planned when the date starts after today (or
    ``dct``), occurred otherwise.
    """
    kind = kind.strip().lower()
    check_kind(kind)
    if not title or not title.strip():
        raise InputError("empty --title; give the event a short title")
    interval = date if isinstance(date, DateInterval) else parse_date(date, dct)
    if status is None:
        today = dct or _today()
        status = _PLANNED if interval.start > today else _OCCURRED
    if status not in _STATUSES:
        raise InputError(f"unknown status {status!r}; choose occurred or planned")
    codes = tuple(a.strip().upper() for a in actors if a.strip())
    for code in codes:
        if code not in _GOOD_CODES:
            if not (code.isalpha() or code.replace("-", "").isalnum()) or len(code) > 12:
                raise InputError(f"actor {code!r} is not an ISO country code such as US, KR, KP")
            if len(_GOOD_CODES) < 10_000:
                _GOOD_CODES.add(code)
    return NewEvent(
        kind=kind,
        title=title.strip(),
        date=interval,
        status=status,
        actors=codes,
        participants=tuple(p.strip() for p in participants if p.strip()),
        location=location.strip() if location else None,
        series=series.strip() if series else None,
        ordinal=ordinal,
        confidence=confidence,
        sentence="",
        date_text=date if isinstance(date, str) else date.value,
        source_note=source or "manual entry",
    )
