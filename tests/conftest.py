"""Shared fixtures. Tests never touch the network or the user's database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from timeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_0c6a4617c6e4cd2e.txt"
SEED_GOLD = SHARED / "seeds" / "seed-gold.json"
CORPORA = SHARED / "corpora"


def need(path: Path) -> Path:
    """Skip the test cleanly when a file from ../shared is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


# The suite always runs on SQLite; with TIMELINE_TEST_DB_URL set (CI starts a
# PostgreSQL server with scripts/pg.sh), store tests run on that database too.
TEST_DB_URL = os.environ.get("TIMELINE_TEST_DB_URL")
BACKENDS = ["sqlite", *(["server"] if TEST_DB_URL else [])]


def reset_database(url: str) -> None:
    """Drop every table so each test starts from an empty, unmigrated database."""
    engine = sa.create_engine(url)
    try:
        meta = sa.MetaData()
        meta.reflect(engine)
        meta.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file, or the emptied server database."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    assert TEST_DB_URL is not None
    reset_database(TEST_DB_URL)
    return TEST_DB_URL


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIMELINE_DB", raising=False)
