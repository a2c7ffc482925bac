from __future__ import annotations

import importlib
import pkgutil

import timeline


def test_all_names_resolve() -> None:
    for name in timeline.__all__:
        assert getattr(timeline, name) is not None, name


def test_public_api_is_complete() -> None:
    """Every public name a module exports that users need is re-exported."""
    expected = {
        "Store", "build_query", "new_event", "parse_date", "tag", "extract", "plot_events",
        "ingest_paths", "read_document", "EventRecord", "TimelineError", "InputError",
    }
    assert expected <= set(timeline.__all__)
    errors = importlib.import_module("timeline.errors")
    assert set(errors.__all__) <= set(timeline.__all__)


def test_every_module_declares_all() -> None:
    for info in pkgutil.iter_modules(timeline.__path__):
        if info.ispkg or info.name in ("cli", "__main__"):
            continue
        module = importlib.import_module(f"timeline.{info.name}")
        assert hasattr(module, "__all__"), info.name
