"""timeline: turn news about an alliance into a queryable, plotted timeline.

The library API; the ``timeline`` command is a thin layer over it::

    import datetime as dt
    import timeline

    with timeline.Store("db/timeline.db") as store:
        store.ingest_text(text, source="story.txt", published=dt.date(2025, 12, 12))
        store.add_event(timeline.new_event(date="first half of 2026", kind="meeting",
                                           title="6th NCG meeting", actors=["US", "KR"]))
        events = store.query(timeline.build_query(date_from="2025-11", date_to="2026-06"))
    timeline.plot_events(events, "timeline.png")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .dates import DateInterval, Timex, interval, parse_date, tag
from .errors import (
    DateParseError,
    InputError,
    OutputError,
    SchemaVersionError,
    SourceError,
    StoreError,
    TimelineError,
    UnknownKindError,
)
from .export import to_csv, to_ics, to_json, to_jsonl, to_timelinejs
from .extract import ExtractedEvent, Extraction, extract
from .fetch import FetchOptions, fetch
from .importer import ImportSpec, import_events
from .ingest import BatchSummary, Document, ingest_paths, parse_document, read_document
from .models import Article, Event, EventActor, Kind, Mention, Precision, Status
from .query import EventQuery, build_query
from .records import EventRecord, SourceRecord
from .store import IngestResult, NewEvent, Store, new_event

if TYPE_CHECKING:
    from .plot import plot_events

__all__ = [
    "Article",
    "BatchSummary",
    "DateInterval",
    "DateParseError",
    "Document",
    "Event",
    "EventActor",
    "EventQuery",
    "EventRecord",
    "ExtractedEvent",
    "Extraction",
    "FetchOptions",
    "ImportSpec",
    "IngestResult",
    "InputError",
    "Kind",
    "Mention",
    "NewEvent",
    "OutputError",
    "Precision",
    "SchemaVersionError",
    "SourceError",
    "SourceRecord",
    "Status",
    "Store",
    "StoreError",
    "TimelineError",
    "Timex",
    "UnknownKindError",
    "__version__",
    "build_query",
    "extract",
    "fetch",
    "import_events",
    "ingest_paths",
    "interval",
    "new_event",
    "parse_date",
    "parse_document",
    "plot_events",
    "read_document",
    "tag",
    "to_csv",
    "to_ics",
    "to_json",
    "to_jsonl",
    "to_timelinejs",
]


def __getattr__(name: str) -> Any:
    # matplotlib is heavy: import the chart module only when it is used.
    if name == "plot_events":
        from .plot import plot_events

        return plot_events
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")
