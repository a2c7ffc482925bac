"""A large import into an empty SQLite table drops the indexes that only
queries use and builds them again at the end: the database it leaves is the
one an import with every index leaves, whatever happens on the way."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_writer_batches import _normalize, _random_event, _stored
from timeline import store as store_module
from timeline.errors import UnknownKindError
from timeline.migrations import DEFERRABLE_INDEXES, restore_indexes, sqlite_schema
from timeline.store import Store, new_event
from timeline.writer import NewEvent

_SCHEMA = (Path(__file__).resolve().parent.parent / "db" / "schema.sql").read_text("utf-8")


def _indexes(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _events(seed: int, n: int, repeats: bool) -> list[NewEvent]:
    rng = random.Random(seed)
    events = [_random_event(rng, i) for i in range(n)]
    if repeats:  # rows repeated in later batches: a lookup of stored mentions
        events += rng.sample(events, 20)
    return events


def _import(
    path: Path, events: list[NewEvent], defer_after: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[tuple[int, bool]], dict[str, Any]]:
    monkeypatch.setattr(store_module, "_DEFER_AFTER", defer_after)
    with Store(path) as store:
        got = store.add_events(events, batch=25)
        return got, _normalize(_stored(store))


@pytest.mark.parametrize("repeats", [False, True], ids=["distinct", "repeated-rows"])
@pytest.mark.parametrize("hold", [0.0, 60.0], ids=["commit-each-batch", "one-transaction"])
def test_deferred_indexes_leave_the_same_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repeats: bool, hold: float
) -> None:
    monkeypatch.setattr(store_module, "_HOLD_SECONDS", hold)
    events = _events(4, 300, repeats)
    want = _import(tmp_path / "every.db", events, 10**9, monkeypatch)
    got = _import(tmp_path / "deferred.db", events, 50, monkeypatch)
    assert got == want
    assert _indexes(tmp_path / "deferred.db") >= set(DEFERRABLE_INDEXES)
    assert _SCHEMA.endswith(sqlite_schema(str(tmp_path / "deferred.db")))


def test_a_failed_import_keeps_its_batches_and_builds_the_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_HOLD_SECONDS", 0.0)
    good = _events(5, 100, False)
    bad = NewEvent(kind="party", title="x", date=good[0].date)
    monkeypatch.setattr(store_module, "_DEFER_AFTER", 10)
    with Store(tmp_path / "t.db") as store:
        with pytest.raises(UnknownKindError):
            store.add_events([*good, bad], batch=10)
        got = _normalize(_stored(store))
    assert _indexes(tmp_path / "t.db") >= set(DEFERRABLE_INDEXES)
    assert got == _import(tmp_path / "ref.db", good, 10**9, monkeypatch)[1]


def test_another_writer_between_transactions_gets_the_indexes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_DEFER_AFTER", 0)
    monkeypatch.setattr(store_module, "_HOLD_SECONDS", 0.0)
    events = _events(6, 120, False)
    path = tmp_path / "t.db"
    seen: list[set[str]] = []

    def stream() -> Iterator[NewEvent]:
        for i, ev in enumerate(events):
            if i == 60:
                seen.append(_indexes(path))
                with Store(path) as other:  # another process's hand entry
                    other.add_event(events[0])
            yield ev

    with Store(path) as store:
        store.add_events(stream(), batch=10)
    assert not seen[0] & set(DEFERRABLE_INDEXES)  # dropped while importing
    assert _indexes(path) >= set(DEFERRABLE_INDEXES)
    reference = tmp_path / "ref.db"
    with Store(reference) as store:
        store.add_events(events[:60], batch=10)
        store.add_event(events[0])
        store.add_events(events[60:], batch=10)
    with Store(path) as imported, Store(reference) as expected:
        assert _normalize(_stored(imported)) == _normalize(_stored(expected))


def test_a_killed_import_leaves_indexes_built_on_next_open(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:  # what a killed import committed
        for name in DEFERRABLE_INDEXES:
            conn.execute(f"DROP INDEX {name}")
    with Store(path):
        pass
    assert _indexes(path) >= set(DEFERRABLE_INDEXES)
    assert _SCHEMA.endswith(sqlite_schema(str(path)))


def test_opening_during_an_import_does_not_wait_for_it(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    Store(path).close()
    importer = sqlite3.connect(path, isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")  # an import in progress holds the lock
    for name in DEFERRABLE_INDEXES:
        importer.execute(f"DROP INDEX {name}")
    try:
        t0 = time.monotonic()
        with Store(path) as reader:
            assert reader.count() == 0
        assert time.monotonic() - t0 < 5
    finally:
        importer.execute("COMMIT")
        importer.close()
    assert not _indexes(path) & set(DEFERRABLE_INDEXES)
    with Store(path):
        pass
    assert _indexes(path) >= set(DEFERRABLE_INDEXES)


def test_rows_reporting_the_same_event_again_keep_the_indexes_deferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV import: hand entries of one source, many of them merging into
    events of earlier batches. Their mentions are checked in memory, and the
    indexes are built once, at the end."""
    rows = [
        new_event(date=f"2024-03-{1 + i % 9:02d}", kind="exercise", title=f"drill {i}",
                  actors=[("US", "KR", "JP")[i % 3]], source="drills.csv")
        for i in range(400)
    ]  # fmt: skip
    built: list[list[str]] = []

    def counted(conn: Any) -> list[str]:
        built.append(restore_indexes(conn))
        return built[-1]

    monkeypatch.setattr(store_module, "restore_indexes", counted)
    monkeypatch.setattr(store_module, "_HOLD_SECONDS", 0.0)
    got = _import(tmp_path / "deferred.db", rows, 50, monkeypatch)
    assert [b for b in built if b] == [list(DEFERRABLE_INDEXES)]
    assert got == _import(tmp_path / "every.db", rows, 10**9, monkeypatch)
