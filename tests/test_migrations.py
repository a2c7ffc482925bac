from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from timeline.errors import SchemaVersionError
from timeline.migrations import SCHEMA_VERSION, current_version, migrate, sqlite_schema
from timeline.models import ordered_actors
from timeline.store import Store


def test_fresh_database_gets_every_migration(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'a.db'}")
    applied = migrate(engine)
    assert len(applied) == SCHEMA_VERSION
    with engine.connect() as conn:
        assert current_version(conn) == SCHEMA_VERSION
    assert migrate(engine) == []  # idempotent


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Store(path) as store:
        store.ingest_text("Seoul and Washington met on July 18, 2023.", source="a.txt")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (SCHEMA_VERSION + 1, "9999_from_the_future", "2030-01-01 00:00:00"),
        )
    before = path.read_bytes()
    with pytest.raises(SchemaVersionError, match="newer than this timeline"):
        Store(path)
    assert path.read_bytes() == before


def test_schema_file_matches_migrations(tmp_path: Path) -> None:
    """db/schema.sql documents the schema; it must be what the migrations build."""
    schema = Path(__file__).resolve().parent.parent / "db" / "schema.sql"
    path = tmp_path / "s.db"
    Store(path).close()
    built = sqlite_schema(str(path))
    assert schema.read_text("utf-8").split("\n\n", 1)[1] == built, (
        "db/schema.sql is stale; regenerate it with: python scripts/dump_schema.py"
    )


def test_version_1_database_upgrades_with_every_row_kept(tmp_path: Path) -> None:
    """tests/data/schema-v1.db was written by schema version 1 (timeline 0.1)."""
    fixture = Path(__file__).resolve().parent / "data" / "schema-v1.db"
    path = tmp_path / "old.db"
    path.write_bytes(fixture.read_bytes())
    with sqlite3.connect(path) as conn:
        before = {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("article", "event", "event_actor", "mention")
        }
        assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == 1
    with Store(path) as store:
        assert store.stats()["events"] == len(before["event"])
        assert any(e.date_value == "2026-H1" for e in store.query())
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION
        for table, rows in before.items():
            after = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            width = len(rows[0])
            assert [r[:width] for r in after] == rows, table
        # 0005 copied each event's actors onto it, countries first.
        copies = dict(conn.execute("SELECT id, actors FROM event").fetchall())
        for event_id, actors in copies.items():
            codes = [a for e, a in before["event_actor"] if e == event_id]
            assert json.loads(actors) == ordered_actors(codes)
        assert any(json.loads(a) for a in copies.values())


def test_one_mention_per_event_article_and_offset(tmp_path: Path) -> None:
    """uq_mention holds articles' mentions only (0008); hand entries never
    conflicted in it, NULL articles being distinct."""
    path = tmp_path / "u.db"
    with Store(path) as store:
        result = store.ingest_text("Seoul and Washington met on July 18, 2023.", source="a.txt")
    assert result.event_ids
    with sqlite3.connect(path) as conn:
        event_id, article_id, start = conn.execute(
            "SELECT event_id, article_id, start FROM mention"
        ).fetchone()
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO mention (event_id, article_id, sentence, start, \"end\", created_at) "
                "VALUES (?, ?, '', ?, 0, '2025-01-01')",
                (event_id, article_id, start),
            )
