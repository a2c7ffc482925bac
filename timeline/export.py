"""Events to text formats: JSON, JSON Lines and CSV.

Pure functions from :class:`~timeline.records.EventRecord` lists to strings.
CSV cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return) are prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from .records import EventRecord

__all__ = ["CSV_COLUMNS", "to_csv", "to_json", "to_jsonl"]

CSV_COLUMNS = (
    "id", "date", "date_start", "date_end", "precision", "kind", "title", "status", "actors",
    "participants", "location", "series", "ordinal", "confidence", "sources", "first_source",
    "evidence",
)  # fmt: skip


def to_json(records: Sequence[EventRecord]) -> str:
    """A JSON array, one object per event (the README documents the shape)."""
    return json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2) + "\n"


def to_jsonl(records: Sequence[EventRecord]) -> str:
    return "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in records)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def to_csv(records: Sequence[EventRecord]) -> str:
    """One row per event; lists joined with ``;``; formula cells neutralized."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        first = r.sources[0] if r.sources else None
        writer.writerow(
            _cell(v)
            for v in (
                r.id,
                r.date_value,
                r.date_start.isoformat(),
                r.date_end.isoformat(),
                r.precision,
                r.kind,
                r.title,
                r.status,
                ";".join(r.actors),
                ";".join(r.participants),
                r.location,
                r.series,
                r.ordinal,
                f"{r.confidence:.2f}",
                len(r.sources),
                first.article if first else None,
                first.sentence if first else None,
            )
        )
    return buf.getvalue()
