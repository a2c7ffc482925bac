"""Shared fixtures. Tests never touch the network or the user's database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "t.db") as s:
        yield s


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIMELINE_DB", raising=False)
