"""Bulk adds: batches commit one by one, and the connection and the process
are left as they were found."""

from __future__ import annotations

import gc

import pytest

from timeline.errors import UnknownKindError
from timeline.store import _CHECKPOINT_PAGES, Store, new_event
from timeline.writer import NewEvent


def _events(n: int) -> list[NewEvent]:
    return [new_event(date=f"2024-01-{d:02d}", kind="exercise", title=f"drill {d}") for d in range(1, n + 1)]


def test_bad_event_keeps_the_batches_before_it(store: Store) -> None:
    bad = NewEvent(kind="party", title="x", date=_events(1)[0].date)
    with pytest.raises(UnknownKindError):
        store.add_events([*_events(4), bad], batch=2)
    assert store.count() == 4


def test_bulk_add_leaves_settings_and_collector_as_they_were(store: Store) -> None:
    assert gc.isenabled()
    store.add_events(_events(10), batch=3)
    assert gc.isenabled()
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -16384
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == _CHECKPOINT_PAGES


def test_bulk_add_of_nothing(store: Store) -> None:
    assert store.add_events([]) == []
    assert store.count() == 0
