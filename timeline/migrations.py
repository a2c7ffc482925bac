"""Ordered, named schema migrations.

Each migration runs in its own transaction and is recorded in the
``schema_migrations`` table; the schema version is the number of migrations
applied. A database whose version is higher than :data:`SCHEMA_VERSION` was
written by a newer timeline and is refused untouched.

Migrations describe tables with their own frozen SQLAlchemy ``Table``
definitions rather than the live models, so that version 1 always builds the
version-1 schema, whatever the models look like later. The same code runs on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .errors import SchemaVersionError, StoreError

__all__ = [
    "DEFERRABLE_INDEXES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Migration",
    "current_version",
    "migrate",
    "restore_indexes",
    "sqlite_schema",
]


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    apply: Callable[[Connection], None]


def _v1_initial(conn: Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "article",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("title", sa.String),
        sa.Column("published", sa.Date, index=True),
        sa.Column("content_hash", sa.String, nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    sa.Table(
        "event",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String, nullable=False, index=True),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("date_value", sa.String, nullable=False),
        sa.Column("date_start", sa.Date, nullable=False),
        sa.Column("date_end", sa.Date, nullable=False),
        sa.Column("precision", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False, index=True),
        sa.Column("participants", sa.JSON, nullable=False),
        sa.Column("location", sa.String),
        sa.Column("series", sa.String, index=True),
        sa.Column("ordinal", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_event_range", "date_start", "date_end"),
    )
    sa.Table(
        "event_actor",
        md,
        sa.Column(
            "event_id", sa.Integer, sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("actor", sa.String, primary_key=True),
        sa.Index("ix_event_actor_actor", "actor", "event_id"),
    )
    sa.Table(
        "mention",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "event_id",
            sa.Integer,
            sa.ForeignKey("event.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
        ),
        sa.Column("source_note", sa.String),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("date_text", sa.String),
        sa.Column("date_value", sa.String),
        sa.Column("status", sa.String),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("event_id", "article_id", "start", name="uq_mention"),
    )
    md.create_all(conn)


def _v2_event_date_mod(conn: Connection) -> None:
    # TIMEX3 mod of the event's date ("early next year" = 2026, START), so a
    # chart or a reader can tell an early-2026 event from a 2026 one.
    conn.execute(sa.text("ALTER TABLE event ADD COLUMN date_mod VARCHAR"))


def _v3_lookup_indexes(conn: Connection) -> None:
    # Deduplication looks up candidates by kind within a band of start dates,
    # long-precision events by (precision, kind), and known URLs by source.
    conn.execute(sa.text("CREATE INDEX ix_event_kind_start ON event (kind, date_start)"))
    conn.execute(sa.text("CREATE INDEX ix_event_precision_kind ON event (precision, kind)"))
    conn.execute(sa.text("CREATE INDEX ix_article_source ON article (source)"))


def _v4_write_indexes(conn: Connection) -> None:
    # Deduplication looks for the events that could contain a day among
    # those longer than a day: a partial index holds only them, so the lookup
    # reads no one-day event. Three indexes only cost writes: ix_event_kind
    # and ix_mention_event_id repeat the first column of ix_event_kind_start
    # and uq_mention, and the lookup ix_event_precision_kind served is gone.
    conn.execute(
        sa.text(
            "CREATE INDEX ix_event_spanning ON event (kind, date_start) "
            "WHERE date_end > date_start"
        )
    )
    for name in ("ix_event_kind", "ix_event_precision_kind", "ix_mention_event_id"):
        conn.execute(sa.text(f"DROP INDEX {name}"))


def _v5_event_actors(conn: Connection) -> None:
    # A copy of each event's actors on the event row, in output order
    # (countries, then organizations, each alphabetical), so that matching
    # and queries need no lookup in event_actor per event. event_actor stays
    # the source of truth and what actor filters seek on.
    conn.execute(sa.text("ALTER TABLE event ADD COLUMN actors JSON DEFAULT '[]' NOT NULL"))
    event = sa.Table(
        "event", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("actors", sa.JSON)
    )
    update = (
        event.update().where(event.c.id == sa.bindparam("_id")).values(actors=sa.bindparam("_a"))
    )
    rows = conn.execute(
        sa.text("SELECT event_id, actor FROM event_actor ORDER BY event_id")
    ).all()
    pending: list[dict[str, object]] = []
    for event_id, group in itertools.groupby(rows, key=lambda r: r[0]):
        codes = sorted((r[1] for r in group), key=lambda c: (len(c) != 2, c))
        pending.append({"_id": event_id, "_a": codes})
        if len(pending) >= 10_000:
            conn.execute(update, pending)
            pending = []
    if pending:
        conn.execute(update, pending)


def _v6_mention_sources_index(conn: Connection) -> None:
    # Every column a query shows (and the writer's duplicate check reads) of
    # an event's mentions, in (event, id) order: loading the sources of a
    # month of events reads a few adjacent index pages per event instead of
    # mention rows scattered over the whole table.
    conn.execute(
        sa.text(
            "CREATE INDEX ix_mention_event_sources ON mention (event_id, id, article_id, "
            'source_note, sentence, start, "end", date_value, status)'
        )
    )


def _v7_leaner_writes(conn: Connection) -> None:
    # Fewer index entries per stored event: the status index served no
    # query (two values, always with a date range), the series index holds
    # only events of a series; on SQLite event_actor is its primary key
    # alone (WITHOUT ROWID) instead of a table plus that key's index.
    conn.execute(sa.text("DROP INDEX ix_event_status"))
    conn.execute(sa.text("DROP INDEX ix_event_series"))
    conn.execute(
        sa.text("CREATE INDEX ix_event_series ON event (series) WHERE series IS NOT NULL")
    )
    if conn.dialect.name != "sqlite":
        return
    conn.execute(
        sa.text(
            "CREATE TABLE event_actor_new (event_id INTEGER NOT NULL, actor VARCHAR NOT NULL, "
            "PRIMARY KEY (event_id, actor), "
            "FOREIGN KEY(event_id) REFERENCES event (id) ON DELETE CASCADE) WITHOUT ROWID"
        )
    )
    conn.execute(sa.text("INSERT INTO event_actor_new SELECT event_id, actor FROM event_actor"))
    conn.execute(sa.text("DROP TABLE event_actor"))
    conn.execute(sa.text("ALTER TABLE event_actor_new RENAME TO event_actor"))
    conn.execute(sa.text("CREATE INDEX ix_event_actor_actor ON event_actor (actor, event_id)"))


_MENTION_COLUMNS = (
    'id, event_id, article_id, source_note, sentence, start, "end", date_text, date_value, '
    "status, created_at"
)


def _v8_article_mention_indexes(conn: Connection) -> None:
    # A mention of no article (a hand entry, an import row) can never
    # conflict in uq_mention (NULLs are distinct) nor be looked up by
    # article: both indexes now hold articles' mentions only. Same
    # uniqueness, one random index insert less per imported row. SQLite
    # cannot drop a table constraint: the table is rebuilt, rows and ids kept.
    if conn.dialect.name == "sqlite":
        conn.execute(
            sa.text(
                "CREATE TABLE mention_new (\n"
                "\tid INTEGER NOT NULL, \n\tevent_id INTEGER NOT NULL, \n\tarticle_id INTEGER, \n"
                "\tsource_note VARCHAR, \n\tsentence TEXT NOT NULL, \n\tstart INTEGER NOT NULL, \n"
                '\t"end" INTEGER NOT NULL, \n\tdate_text VARCHAR, \n\tdate_value VARCHAR, \n'
                "\tstatus VARCHAR, \n\tcreated_at DATETIME NOT NULL, \n\tPRIMARY KEY (id), \n"
                "\tFOREIGN KEY(event_id) REFERENCES event (id) ON DELETE CASCADE, \n"
                "\tFOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE\n)"
            )
        )
        conn.execute(
            sa.text(
                f"INSERT INTO mention_new ({_MENTION_COLUMNS}) "
                f"SELECT {_MENTION_COLUMNS} FROM mention ORDER BY id"
            )
        )
        conn.execute(sa.text("DROP TABLE mention"))
        conn.execute(sa.text("ALTER TABLE mention_new RENAME TO mention"))
        conn.execute(
            sa.text(
                "CREATE INDEX ix_mention_event_sources ON mention (event_id, id, article_id, "
                'source_note, sentence, start, "end", date_value, status)'
            )
        )
    else:
        conn.execute(sa.text("ALTER TABLE mention DROP CONSTRAINT uq_mention"))
        conn.execute(sa.text("DROP INDEX ix_mention_article_id"))
    conn.execute(
        sa.text(
            "CREATE UNIQUE INDEX uq_mention ON mention (event_id, article_id, start) "
            "WHERE article_id IS NOT NULL"
        )
    )
    conn.execute(
        sa.text(
            "CREATE INDEX ix_mention_article_id ON mention (article_id) "
            "WHERE article_id IS NOT NULL"
        )
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _v1_initial),
    Migration("0002_event_date_mod", _v2_event_date_mod),
    Migration("0003_lookup_indexes", _v3_lookup_indexes),
    Migration("0004_write_indexes", _v4_write_indexes),
    Migration("0005_event_actors", _v5_event_actors),
    Migration("0006_mention_sources_index", _v6_mention_sources_index),
    Migration("0007_leaner_writes", _v7_leaner_writes),
    Migration("0008_article_mention_indexes", _v8_article_mention_indexes),
)
SCHEMA_VERSION = len(MIGRATIONS)

_MIGRATIONS_TABLE = sa.Table(
    "schema_migrations",
    sa.MetaData(),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)


def current_version(conn: Connection) -> int:
    """The number of migrations applied to this database (0 when new)."""
    if not sa.inspect(conn).has_table("schema_migrations"):
        return 0
    version = conn.execute(sa.select(sa.func.max(_MIGRATIONS_TABLE.c.version))).scalar()
    return int(version or 0)


def migrate(engine: Engine, *, target: int | None = None) -> list[str]:
    """Bring the database up to ``target`` (default: the latest) version.

    Returns the names of the migrations applied. Raises
    :class:`SchemaVersionError` without touching anything when the database is
    newer than this code.
    """
    target = SCHEMA_VERSION if target is None else target
    applied: list[str] = []
    with engine.connect() as conn:
        version = current_version(conn)
        conn.rollback()
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"database {engine.url.render_as_string(hide_password=True)} has schema version "
            f"{version}, newer than this timeline's {SCHEMA_VERSION}; upgrade timeline "
            "(pip install -U timeline) or use another --db"
        )
    for number, migration in enumerate(MIGRATIONS[version:target], start=version + 1):
        try:
            with engine.begin() as conn:
                _MIGRATIONS_TABLE.create(conn, checkfirst=True)
                migration.apply(conn)
                conn.execute(
                    _MIGRATIONS_TABLE.insert().values(
                        version=number,
                        name=migration.name,
                        applied_at=dt.datetime.now(dt.UTC),
                    )
                )
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"migration {migration.name} failed: {exc}") from exc
        applied.append(migration.name)
    if engine.dialect.name == "sqlite" and target == SCHEMA_VERSION:
        with engine.connect() as conn:
            present = {
                r[0]
                for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
            }
            conn.rollback()
        if not present.issuperset(DEFERRABLE_INDEXES):
            _restore_unless_busy(engine)
    return applied


def _restore_unless_busy(engine: Engine) -> None:
    """Build the missing deferrable indexes, unless another connection
    holds the write lock: then it is the bulk import that dropped them,
    which builds them itself when it ends, and this connection (maybe a
    reader) does not wait for it. An import that was killed left the lock
    free: its indexes are built here."""
    with engine.connect() as conn:
        timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        conn.exec_driver_sql("PRAGMA busy_timeout=0")
        try:
            restore_indexes(conn)
            conn.commit()
        except sa.exc.OperationalError as exc:
            conn.rollback()
            if "locked" not in str(exc.orig):
                raise
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(timeout or 0)}")
            conn.commit()


# Indexes of the current schema that only serve queries and the writer's
# lookups of events stored before an import: a bulk import into an empty
# table drops them on SQLite and builds them again when it ends (a sort,
# rather than a random B-tree insert per row). Spelled exactly as the
# migrations create them, so that a rebuilt database is the same.
DEFERRABLE_INDEXES: dict[str, str] = {
    "ix_event_range": "CREATE INDEX ix_event_range ON event (date_start, date_end)",
    "ix_event_kind_start": "CREATE INDEX ix_event_kind_start ON event (kind, date_start)",
    "ix_event_actor_actor": "CREATE INDEX ix_event_actor_actor ON event_actor (actor, event_id)",
    "ix_mention_event_sources": (
        "CREATE INDEX ix_mention_event_sources ON mention (event_id, id, article_id, "
        'source_note, sentence, start, "end", date_value, status)'
    ),
}


def restore_indexes(conn: Connection) -> list[str]:
    """Create the :data:`DEFERRABLE_INDEXES` missing on ``conn`` (SQLite, at
    the current version): those of an import that stopped before building
    them again. Runs in the caller's transaction; returns their names."""
    if conn.dialect.name != "sqlite":
        return []
    present = {
        r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    missing = [name for name in DEFERRABLE_INDEXES if name not in present]
    for name in missing:
        conn.exec_driver_sql(DEFERRABLE_INDEXES[name])
    return missing


def sqlite_schema(path: str) -> str:
    """The CREATE statements of a SQLite database, in a stable order (for
    ``db/schema.sql``, which documents what the migrations build)."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name != 'sqlite_sequence' "
            "ORDER BY type DESC, name"
        ).fetchall()
    return "".join(f"{r[0]};\n\n" for r in rows)
