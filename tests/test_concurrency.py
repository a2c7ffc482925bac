"""Several processes on one SQLite database: nothing lost, nothing duplicated."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from timeline.store import Store, resolve_url

pytestmark = pytest.mark.slow

ARTICLE = (
    "North Korea fired {n} short-range ballistic missiles on March {d}, 2024, South Korea's "
    "military said. The allies held talks in Seoul on April {d}, 2024.\n"
)


def make_corpus(folder: Path, count: int, offset: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        n = i + offset
        text = ARTICLE.format(n=n + 2, d=(n % 28) + 1) + f"Story number {n}.\n"
        (folder / f"a{n:04d}.txt").write_text(text, encoding="utf-8")


def ingest(db: Path | str, folder: Path) -> subprocess.Popen[bytes]:
    log = folder.with_suffix(".log")
    with log.open("ab") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "timeline.cli", "ingest", "-q", str(folder), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )


def count(db: str, sql: str) -> int:
    engine = sa.create_engine(resolve_url(db))
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql)).scalar() or 0)
    finally:
        engine.dispose()


def test_two_writers_and_a_reader(tmp_path: Path, db_url: str) -> None:
    """On SQLite and, with TIMELINE_TEST_DB_URL, on PostgreSQL."""
    Store(db_url).close()
    make_corpus(tmp_path / "one", 40, 0)
    make_corpus(tmp_path / "two", 40, 20)  # half of it overlaps the first
    writers = [ingest(db_url, tmp_path / "one"), ingest(db_url, tmp_path / "two")]
    reads = 0
    with Store(db_url) as reader:
        while any(w.poll() is None for w in writers):
            reader.query()
            reads += 1
    for w, name in zip(writers, ("one", "two"), strict=True):
        assert w.wait() == 0, (tmp_path / f"{name}.log").read_text()
    assert reads > 0
    assert count(db_url, "SELECT COUNT(*) FROM article") == 60
    dup_mentions = count(
        db_url,
        "SELECT COUNT(*) FROM (SELECT event_id, article_id, start FROM mention "
        "GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) d",
    )
    orphans = count(
        db_url, "SELECT COUNT(*) FROM mention WHERE article_id NOT IN (SELECT id FROM article)"
    )
    dup_events = count(
        db_url,
        "SELECT COUNT(*) FROM (SELECT kind, date_value FROM event GROUP BY 1, 2 HAVING COUNT(*) > 1) d",
    )
    assert dup_mentions == 0 and orphans == 0
    # The same talks or launch day reported by articles written concurrently is one event.
    assert dup_events == 0


def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    folder = tmp_path / "news"
    make_corpus(folder, 300)
    proc = ingest(db, folder)
    deadline = time.monotonic() + 60
    # Kill once some, but not all, articles are in.
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    if conn.execute("SELECT COUNT(*) FROM article").fetchone()[0] >= 20:
                        break
            except sqlite3.OperationalError:
                continue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT COUNT(*) FROM article").fetchone()[0]
        # Every stored article has its events: each was committed atomically.
        bare = conn.execute(
            "SELECT COUNT(*) FROM article WHERE id NOT IN (SELECT article_id FROM mention)"
        ).fetchone()[0]
    assert partial > 0 and bare == 0
    rerun = ingest(db, folder)
    assert rerun.wait() == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM article").fetchone()[0] == 300
        assert conn.execute(
            "SELECT COUNT(*) FROM (SELECT content_hash FROM article GROUP BY 1 HAVING COUNT(*) > 1)"
        ).fetchone()[0] == 0
        assert conn.execute(
            "SELECT COUNT(*) FROM (SELECT event_id, article_id, start FROM mention "
            "GROUP BY 1, 2, 3 HAVING COUNT(*) > 1)"
        ).fetchone()[0] == 0


def test_workers_give_the_same_database_as_one(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    make_corpus(folder, 30)
    dumps = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        proc = subprocess.run(
            [sys.executable, "-m", "timeline.cli", "ingest", "-q", str(folder), "--db", str(db),
             "--workers", str(workers)],
            capture_output=True, text=True,
        )
        assert proc.returncode == 0, proc.stderr
        dumps.append(
            [
                count_rows(db, table)
                for table in ("article", "event", "event_actor", "mention")
            ]
        )
    assert dumps[0] == dumps[1]


def count_rows(db: Path, table: str) -> list[tuple[object, ...]]:
    """Rows without their write timestamps, which differ between runs."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        keep = [c for c in cols if c not in ("ingested_at", "created_at", "updated_at")]
        return conn.execute(f"SELECT {', '.join(keep)} FROM {table} ORDER BY 1, 2").fetchall()
