"""Plain, detached views of stored events: what queries return and what the
chart, the exports and the JSON output consume.

They hold no database session, so they can cross process boundaries and be
built by hand in tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EventRecord", "SourceRecord"]


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One piece of evidence for an event."""

    article: str | None
    title: str | None
    published: dt.date | None
    sentence: str
    start: int
    end: int
    date_value: str | None = None
    status: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event as read from the store (or built for a chart)."""

    id: int
    kind: str
    title: str
    date_value: str
    date_start: dt.date
    date_end: dt.date
    precision: str
    status: str = "occurred"
    date_mod: str | None = None
    actors: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    location: str | None = None
    series: str | None = None
    ordinal: int | None = None
    confidence: float = 1.0
    sources: tuple[SourceRecord, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "date": {
                "value": self.date_value,
                "start": self.date_start.isoformat(),
                "end": self.date_end.isoformat(),
                "precision": self.precision,
                "mod": self.date_mod,
            },
            "status": self.status,
            "actors": list(self.actors),
            "participants": list(self.participants),
            "location": self.location,
            "series": self.series,
            "ordinal": self.ordinal,
            "confidence": round(self.confidence, 3),
            "sources": [s.to_json() for s in self.sources],
        }
