"""Tables and enums of the timeline store.

Importable without a database: nothing here opens an engine. The tables are
created and upgraded by :mod:`timeline.migrations`, never by
``SQLModel.metadata.create_all``; a test checks that the two agree.

Schema (version 8)::

    article ──< mention >── event ──< event_actor
                                 (one row per ISO country code / organization)

An :class:`Event` is one real-world happening; each article sentence that
reports it is a :class:`Mention`. Dates are TIMEX3 values (``2025-12-11``,
``2025-W44``, ``2026-H1``…) with the inclusive interval they denote stored
beside them so that range queries are two indexed comparisons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from .errors import UnknownKindError

__all__ = [
    "KINDS",
    "Article",
    "Event",
    "EventActor",
    "Kind",
    "Mention",
    "Precision",
    "Status",
    "check_kind",
    "ordered_actors",
]


class Kind(StrEnum):
    """What sort of event happened."""

    MEETING = "meeting"
    SUMMIT = "summit"
    TALKS = "talks"
    MISSILE_LAUNCH = "missile_launch"
    NUCLEAR_TEST = "nuclear_test"
    SATELLITE_LAUNCH = "satellite_launch"
    EXERCISE = "exercise"
    AGREEMENT = "agreement"
    SANCTION = "sanction"
    STATEMENT = "statement"
    VISIT = "visit"
    OTHER = "other"


KINDS: tuple[str, ...] = tuple(k.value for k in Kind)


def check_kind(kind: str) -> str:
    """``kind`` if it is one of :data:`KINDS`, else :class:`UnknownKindError`."""
    if kind not in KINDS:
        raise UnknownKindError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    return kind


class Status(StrEnum):
    """Whether the event has happened, as of the reporting article."""

    OCCURRED = "occurred"
    PLANNED = "planned"


class Precision(StrEnum):
    """How finely the event's date is known, finest first."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"

    @property
    def rank(self) -> int:
        """0 for day, growing as the date gets vaguer."""
        return _PRECISION_RANK[self]


def ordered_actors(codes: Iterable[str]) -> list[str]:
    """Actor codes in output order: countries (two letters) before
    organizations, each alphabetical. ``Event.actors`` is stored this way.

    >>> ordered_actors({"NATO", "US", "KR"})
    ['KR', 'US', 'NATO']
    """
    return sorted(codes, key=lambda c: (len(c) != 2, c))


# Looked up for every merge: a table, not a scan of the enum.
_PRECISION_RANK = {p: i for i, p in enumerate(Precision)}


def _partial_index(name: str, *columns: str, where: str, unique: bool = False) -> Index:
    """An index of the rows matching ``where``, the same on SQLite and PostgreSQL."""
    return Index(name, *columns, unique=unique, sqlite_where=text(where), postgresql_where=text(where))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Article(SQLModel, table=True):
    """One ingested document. ``content_hash`` makes re-ingest a no-op."""

    __tablename__ = "article"
    __table_args__ = (Index("ix_article_source", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(description="File path or URL the text came from")
    title: str | None = None
    published: dt.date | None = Field(
        default=None, index=True, description="Document creation time (DCT)"
    )
    content_hash: str = Field(unique=True, description="SHA-256 of the normalized text")
    text: str = ""
    ingested_at: dt.datetime = Field(default_factory=_utcnow)


class Event(SQLModel, table=True):
    """One dated event, however many articles report it."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_range", "date_start", "date_end"),
        Index("ix_event_kind_start", "kind", "date_start"),
        # Events longer than a day: those that can contain a later day.
        _partial_index("ix_event_spanning", "kind", "date_start", where="date_end > date_start"),
        # Only events of a series: the lookup is by series, never for none.
        _partial_index("ix_event_series", "series", where="series IS NOT NULL"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    title: str
    date_value: str = Field(description="TIMEX3 value: 2025-12-11, 2025-W44, 2026-H1, 2026…")
    date_start: dt.date = Field(description="First day of the interval, inclusive")
    date_end: dt.date = Field(description="Last day of the interval, inclusive")
    precision: str
    date_mod: str | None = Field(default=None, description="TIMEX3 mod: START, MID, END, APPROX…")
    status: str = Field(default=Status.OCCURRED.value)
    participants: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # A copy of the event's event_actor rows, in output order (countries,
    # then organizations, each alphabetical): matching and queries read an
    # event's actors with the event instead of one more lookup per event.
    # event_actor stays the source of truth and what actor filters seek on.
    actors: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    location: str | None = None
    series: str | None = None
    ordinal: int | None = None
    confidence: float = 1.0
    created_at: dt.datetime = Field(default_factory=_utcnow)
    updated_at: dt.datetime = Field(default_factory=_utcnow)


class EventActor(SQLModel, table=True):
    """An actor of an event: an ISO 3166 alpha-2 code or an organization (NATO, UN…)."""

    __tablename__ = "event_actor"
    __table_args__ = (Index("ix_event_actor_actor", "actor", "event_id"),)

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    actor: str = Field(primary_key=True)


class Mention(SQLModel, table=True):
    """Evidence: where an article (or a hand-made entry) reports an event.

    ``date_value`` and ``status`` record what this source said, so an event
    first reported as planned and later as held keeps its history.
    """

    __tablename__ = "mention"
    __table_args__ = (
        # One mention per (event, article, offset); other mentions have no
        # article and never enter these two indexes.
        _partial_index("uq_mention", "event_id", "article_id", "start", where="article_id IS NOT NULL", unique=True),
        _partial_index("ix_mention_article_id", "article_id", where="article_id IS NOT NULL"),
        # Every column a query shows (and the duplicate check reads) of an
        # event's mentions, in their order: an event's sources are a few
        # adjacent index entries, not rows scattered over the table.
        Index(
            "ix_mention_event_sources",
            "event_id",
            "id",
            "article_id",
            "source_note",
            "sentence",
            "start",
            "end",
            "date_value",
            "status",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE")
    article_id: int | None = Field(default=None, foreign_key="article.id", ondelete="CASCADE")
    source_note: str | None = Field(default=None, description="Free-text source of a hand entry")
    sentence: str = ""
    start: int = 0
    end: int = 0
    date_text: str | None = None
    date_value: str | None = None
    status: str | None = None
    created_at: dt.datetime = Field(default_factory=_utcnow)
