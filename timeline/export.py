"""Events to text formats: JSON, JSON Lines, CSV, iCalendar and TimelineJS.

Pure functions from :class:`~timeline.records.EventRecord` lists to strings,
and :func:`write_export` to put one in a file.

* CSV cells that a spreadsheet would run as a formula (starting with ``=``,
  ``+``, ``-``, ``@``, tab or carriage return) are prefixed with a quote.
* iCalendar (RFC 5545): one all-day VEVENT per event; a vague date ("first
  half of 2026") spans its whole interval, DTEND being the day after it as
  the standard says. The UID is the event id plus a hash of the database it
  came from, so importing a newer export into a calendar updates the events
  instead of adding copies.
* TimelineJS 3 JSON: partial dates stay partial (a month has no day, a year
  no month); a quarter, half, season, decade or week gets an end date.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import OutputError
from .records import EventRecord

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "check_output",
    "display_date",
    "event_uid",
    "render",
    "timelinejs_data",
    "to_csv",
    "to_ics",
    "to_json",
    "to_jsonl",
    "to_timelinejs",
    "write_export",
]

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


# ---------------------------------------------------------------------------
# iCalendar
# ---------------------------------------------------------------------------


def _ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (§3.1)."""
    out: list[str] = []
    current = ""
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def event_uid(record: EventRecord, namespace: str = "") -> str:
    """A UID stable across exports of the same database.

    >>> event_uid(EventRecord(7, "meeting", "T", "2025", dt.date(2025, 1, 1),
    ...                       dt.date(2025, 12, 31), "year"), "sqlite:///db")
    'event-7-044ef6699e47@timeline'
    """
    digest = hashlib.sha256(namespace.encode("utf-8")).hexdigest()[:12]
    return f"event-{record.id}-{digest}@timeline"


_DISPLAY_HALF = {"1": "first half", "2": "second half"}
_DISPLAY_SEASON = {"SP": "spring", "SU": "summer", "FA": "fall", "WI": "winter"}


def display_date(record: EventRecord) -> str:
    """The date as a person would say it: "Dec. 11, 2025", "first half of 2026"."""
    value, p = record.date_value, record.precision
    start = record.date_start
    if p == "day":
        return f"{start:%b}. {start.day}, {start.year}".replace("May.", "May")
    if p == "week":
        return f"week of {start:%b}. {start.day}, {start.year}".replace("May.", "May")
    if p == "month":
        return f"{start:%B %Y}"
    if p == "quarter":
        return f"Q{value[-1]} {start.year}"
    if p == "half":
        return f"{_DISPLAY_HALF.get(value[-1], value)} of {start.year}"
    if p == "season":
        return f"{_DISPLAY_SEASON.get(value[-2:], value)} {start.year}"
    if p == "decade":
        return f"{start.year}s"
    return value


def _source_lines(record: EventRecord) -> list[str]:
    lines = []
    for src in record.sources:
        where = src.article or "unknown source"
        lines.append(f"- {where}: {src.sentence}" if src.sentence else f"- {where}")
    return lines


def _first_url(record: EventRecord) -> str | None:
    for src in record.sources:
        for word in (src.article or "").replace("(", " ").replace(")", " ").split():
            if word.startswith(("http://", "https://")):
                return word.rstrip(",")
    return None


def to_ics(
    records: Sequence[EventRecord],
    *,
    namespace: str = "",
    name: str = "timeline",
    stamp: dt.datetime | None = None,
) -> str:
    """An iCalendar file with one all-day event per record.

    ``namespace`` (the database URL) makes the UIDs unique to one database;
    ``stamp`` is the DTSTAMP (default: now, UTC).
    """
    from . import __version__

    when = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//timeline//timeline {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(name)}",
    ]
    for r in records:
        summary = r.title if r.precision == "day" else f"{r.title} ({display_date(r)})"
        description = [
            f"{r.kind}, {r.status}; date {r.date_value} ({r.precision}, "
            f"{r.date_start.isoformat()}..{r.date_end.isoformat()})",
        ]
        if r.actors:
            description.append("Actors: " + ", ".join(r.actors))
        if r.participants:
            description.append("Participants: " + ", ".join(r.participants))
        if r.sources:
            description.append("Sources:")
            description.extend(_source_lines(r))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid(r, namespace)}",
            f"DTSTAMP:{when:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{r.date_start:%Y%m%d}",
            # All-day DTEND is exclusive: the day after the last day.
            f"DTEND;VALUE=DATE:{r.date_end + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(chr(10).join(description))}",
            f"CATEGORIES:{_ics_text(r.kind)}",
            f"STATUS:{'TENTATIVE' if r.status == 'planned' else 'CONFIRMED'}",
            "TRANSP:TRANSPARENT",
        ]
        if r.location:
            lines.append(f"LOCATION:{_ics_text(r.location)}")
        if (url := _first_url(r)) is not None:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


# ---------------------------------------------------------------------------
# TimelineJS 3
# ---------------------------------------------------------------------------


def _tl_date(day: dt.date, precision: str) -> dict[str, int]:
    if precision in ("year", "decade", "century"):
        return {"year": day.year}
    if precision in ("month", "quarter", "half", "season"):
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def _tl_text(record: EventRecord) -> str:
    parts = [f"<p>{html.escape(record.kind)} · {html.escape(record.status)}"
             f" · {html.escape(display_date(record))}</p>"]
    who = ", ".join(record.actors)
    if who or record.location:
        parts.append("<p>" + html.escape(" · ".join(x for x in (who, record.location or "") if x)) + "</p>")
    items = []
    for src in record.sources:
        label = html.escape(src.title or src.article or "source")
        link = src.article if src.article and src.article.startswith(("http://", "https://")) else None
        head = f'<a href="{html.escape(link, quote=True)}">{label}</a>' if link else label
        items.append(f"<li>{head}: {html.escape(src.sentence)}</li>" if src.sentence else f"<li>{head}</li>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def timelinejs_data(records: Sequence[EventRecord], *, title: str = "Timeline") -> dict[str, Any]:
    """The TimelineJS 3 JSON object for ``records`` (see :func:`to_timelinejs`)."""
    events = []
    for r in records:
        start = _tl_date(r.date_start, r.precision)
        slide: dict[str, Any] = {"unique_id": f"event-{r.id}", "start_date": start}
        end = _tl_date(r.date_end, r.precision)
        if r.precision != "day" and end != start:
            slide["end_date"] = end
        if r.precision not in ("day", "month", "year"):
            slide["display_date"] = display_date(r)
        slide["text"] = {"headline": r.title, "text": _tl_text(r)}
        slide["group"] = r.kind
        events.append(slide)
    return {
        "title": {"text": {"headline": title, "text": f"<p>{len(records)} event(s)</p>"}},
        "events": events,
    }


def to_timelinejs(records: Sequence[EventRecord], *, title: str = "Timeline") -> str:
    """TimelineJS 3 JSON: ``{"title": …, "events": [{"start_date": {"year": …}, …}]}``.

    A day is year/month/day; a month has no day; a year has only its year;
    a week, quarter, half, season or decade also gets an ``end_date`` and a
    ``display_date`` ("first half of 2026"). Events are grouped by kind.
    """
    return json.dumps(timelinejs_data(records, title=title), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

EXPORT_FORMATS: dict[str, Callable[..., str]] = {
    "csv": to_csv,
    "json": to_json,
    "jsonl": to_jsonl,
    "ics": to_ics,
    "timelinejs": to_timelinejs,
}


def render(records: Sequence[EventRecord], fmt: str, **options: Any) -> str:
    """``records`` in format ``fmt``; ``options`` go to the formats that take them
    (``namespace``/``name`` for ics, ``title`` for timelinejs)."""
    try:
        fn = EXPORT_FORMATS[fmt]
    except KeyError:
        raise OutputError(f"unknown format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}") from None
    if fmt == "ics":
        return fn(records, **{k: v for k, v in options.items() if k in ("namespace", "name", "stamp")})
    if fmt == "timelinejs":
        return fn(records, **{k: v for k, v in options.items() if k == "title"})
    return fn(records)


def check_output(path: str | os.PathLike[str], suffixes: Sequence[str] | None = None) -> Path:
    """Check, before any work, that ``path`` can be written (and, with
    ``suffixes``, has one of them); raises :class:`OutputError` naming the
    path and the fix. Nothing is written."""
    target = Path(path)
    if suffixes is not None and target.suffix.lower() not in suffixes:
        raise OutputError(
            f"cannot write {target}: unknown file type {target.suffix or '(none)'!r}; "
            f"use one of {', '.join(suffixes)}"
        )
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {target}: folder {parent} does not exist; create it first")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder; give a file name")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise OutputError(f"cannot write {target}: permission denied; choose another path")
    return target


def write_export(text: str, path: str | os.PathLike[str]) -> Path:
    """Write ``text`` to ``path`` atomically (a partial file never replaces a good one).

    Raises :class:`OutputError` naming the path and the fix.
    """
    target = check_output(path)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror}; choose another path") from exc
    try:
        # newline="" keeps the CRLF that iCalendar requires as it is.
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror}; choose another path") from exc
    return target
