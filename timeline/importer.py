"""Structured event lists (CSV, JSON, JSON Lines) to stored events.

Each row becomes an event through :func:`timeline.store.new_event`, so dates
go through the date module and kinds are checked; rows go in through
:meth:`Store.add_events` in batches and merge with matching stored events
(same kind and date, overlapping actors). Every event records where it came
from: ``FILE row N`` (with the row's URL when mapped), or for a file written
by ``timeline export --format json|jsonl`` the original sources.

A column mapping says which column feeds which field::

    parse_mapping(["date=date,event=title,type=kind,description=evidence"])

Fields: date, kind, title, actors, participants, location, status, series,
ordinal, confidence, evidence (the sentence shown as the source's text),
source (where the row's fact comes from: a note or a URL), url.
Without a mapping, columns named like fields are used as they are, which is
how a ``timeline export`` file comes back in.

The kind of a row is, in order: its value in the kind map (``--kind-map
"Missile Provocation=missile_launch"``); the value itself when it is a kind;
the kind map's ``*`` entry; else :func:`timeline.extract.classify_kind` of
the row's evidence or title.

A row already imported (same source note and evidence) is skipped, so
importing a file twice adds nothing; a bad row is reported with its number
and the others go in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from .dates import DateInterval
from .errors import InputError, SourceError, TimelineError
from .extract import classify_kind
from .ingest import ItemError
from .models import KINDS, Article, Event, Mention, Precision
from .store import NewEvent, Store, new_event

__all__ = [
    "FIELDS",
    "ImportSpec",
    "ImportSummary",
    "describe",
    "import_events",
    "parse_kind_map",
    "parse_mapping",
    "parse_set",
    "read_rows",
    "row_events",
]

FIELDS = (
    "date", "kind", "title", "actors", "participants", "location", "status", "series",
    "ordinal", "confidence", "evidence", "source", "url",
)  # fmt: skip

# What a spreadsheet-safe CSV export put in front of a formula-like cell.
_NEUTRALIZED = re.compile(r"\A'(?=[=+\-@\t\r])")


@dataclass(frozen=True, slots=True)
class ImportSpec:
    """How rows become events.

    ``mapping`` is column -> field (None: columns named like fields);
    ``kind_map`` is column value -> kind (``*`` for every other value);
    ``defaults`` is field -> template for fields a row leaves empty, with
    ``{column}`` placeholders (``"{missile_name} launch"``).
    """

    mapping: Mapping[str, str] | None = None
    kind_map: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ImportSummary:
    """Counts of one import, for the summary line."""

    rows: int = 0
    events_new: int = 0
    events_merged: int = 0
    known: int = 0  # rows imported before, skipped
    failed: list[ItemError] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------


def _pairs(texts: Iterable[str], flag: str, *, split_commas: bool = True) -> list[tuple[str, str]]:
    out = []
    for text in texts:
        for part in text.split(",") if split_commas else [text]:
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep or not key.strip():
                raise InputError(f"{flag} {part.strip()!r}: expected NAME=VALUE")
            out.append((key.strip(), value.strip()))
    return out


def parse_mapping(texts: Iterable[str]) -> dict[str, str]:
    """``["date=date,event=title"]`` -> ``{"date": "date", "event": "title"}`` (column -> field).

    >>> parse_mapping(["date=date,event=title", "type=kind"])
    {'date': 'date', 'event': 'title', 'type': 'kind'}
    """
    mapping: dict[str, str] = {}
    for column, target in _pairs(texts, "--map"):
        target = target.lower()
        if target not in FIELDS:
            raise InputError(f"--map {column}={target}: unknown field; choose from {', '.join(FIELDS)}")
        mapping[column] = target
    return mapping


def parse_kind_map(texts: Iterable[str]) -> dict[str, str]:
    """``["Missile Provocation=missile_launch,*=other"]`` -> value -> kind."""
    kinds: dict[str, str] = {}
    for value, kind in _pairs(texts, "--kind-map"):
        kind = kind.lower()
        if kind not in KINDS:
            raise InputError(f"--kind-map {value}={kind}: unknown kind; choose from {', '.join(KINDS)}")
        kinds[value] = kind
    return kinds


def parse_set(texts: Iterable[str]) -> dict[str, str]:
    """``["actors=KP", "title={missile_name} launch"]`` -> field -> template (one per option)."""
    defaults: dict[str, str] = {}
    for target, template in _pairs(texts, "--set", split_commas=False):
        target = target.lower()
        if target not in FIELDS:
            raise InputError(f"--set {target}: unknown field; choose from {', '.join(FIELDS)}")
        defaults[target] = template
    return defaults


# ---------------------------------------------------------------------------
# Reading rows
# ---------------------------------------------------------------------------


def read_rows(path: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """``(where, row)`` pairs of a CSV, JSON (a list of objects) or JSON Lines file.

    ``where`` is ``"row N"`` (the N-th data row of a CSV, the N-th object of
    a JSON list, the object on line N of a JSON Lines file).
    """
    p = Path(path)
    if not p.is_file():
        raise SourceError(f"{p}: no such file; check the path")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{p}: not UTF-8 text; save it as UTF-8 CSV or JSON") from exc
    except OSError as exc:
        raise SourceError(f"{p}: cannot read ({exc.strerror})") from exc
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        rows = []
        for lineno, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    rows.append((f"row {lineno}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    rows.append((f"row {lineno}", {"__error__": f"not JSON ({exc.msg})"}))
        return rows
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{p}: not JSON ({exc.msg}, line {exc.lineno})") from exc
        if isinstance(data, dict) and isinstance(data.get("events"), list):
            data = data["events"]
        if not isinstance(data, list):
            raise SourceError(f"{p}: expected a JSON list of event objects")
        return [(f"row {i}", item) for i, item in enumerate(data, start=1)]
    if suffix not in (".csv", ".tsv"):
        raise SourceError(f"{p}: unknown file type {suffix or '(none)'!r}; use .csv, .json or .jsonl")
    reader = csv.DictReader(io.StringIO(text), dialect="excel-tab" if suffix == ".tsv" else "excel")
    try:
        return [
            (f"row {i}", {k: _unneutralize(v) for k, v in row.items() if k is not None})
            for i, row in enumerate(reader, start=1)
        ]
    except csv.Error as exc:
        raise SourceError(f"{p} line {reader.line_num}: bad CSV ({exc})") from exc


def _unneutralize(value: Any) -> Any:
    return _NEUTRALIZED.sub("", value) if isinstance(value, str) else value


# ---------------------------------------------------------------------------
# Rows to events (pure)
# ---------------------------------------------------------------------------


class _Row(dict[str, str]):
    """Row values for ``{column}`` templates; a key one object lacks is empty
    (a column no row has is refused up front by :func:`_check_columns`)."""

    def __missing__(self, key: str) -> str:
        return ""


def _fields_of(row: Mapping[str, Any], spec: ImportSpec) -> dict[str, Any]:
    if spec.mapping is None:
        values = {k: v for k, v in row.items() if k in FIELDS}
    else:
        values = {}
        for column, target in spec.mapping.items():
            values[target] = row.get(column)
    flat = _Row({k: "" if v is None else str(v) for k, v in row.items()})
    for target, template in spec.defaults.items():
        if _empty(values.get(target)):
            values[target] = string.Formatter().vformat(template, (), flat)
    return values


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _list(value: Any) -> list[str]:
    if _empty(value):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value)
    sep = ";" if ";" in text else ","
    return [v.strip() for v in text.split(sep) if v.strip()]


def _text(values: Mapping[str, Any], key: str) -> str | None:
    value = values.get(key)
    return None if _empty(value) else str(value).strip()


def _kind(raw: Any, values: Mapping[str, Any], spec: ImportSpec) -> str:
    text = "" if raw is None else str(raw).strip()
    if text:
        if text in spec.kind_map:
            return spec.kind_map[text]
        lowered = {k.lower(): v for k, v in spec.kind_map.items()}
        if text.lower() in lowered:
            return lowered[text.lower()]
        as_kind = text.lower().replace(" ", "_").replace("-", "_")
        if as_kind in KINDS:
            return as_kind
    if "*" in spec.kind_map:
        return spec.kind_map["*"]
    # Nothing says what it is: read it from the row's own words.
    return classify_kind(str(values.get("evidence") or values.get("title") or ""))


def _date(value: Any) -> tuple[str | DateInterval, str | None]:
    """A date text, or for an exported event its exact interval and mod."""
    if isinstance(value, Mapping):
        try:
            iv = DateInterval(
                str(value["value"]),
                dt.date.fromisoformat(str(value["start"])),
                dt.date.fromisoformat(str(value["end"])),
                Precision(str(value["precision"])),
            )
        except (KeyError, ValueError) as exc:
            raise InputError(f"date {dict(value)!r} needs value, start, end and precision") from exc
        mod = value.get("mod")
        return iv, str(mod) if mod else None
    if _empty(value):
        raise InputError("no date")
    return str(value).strip(), None


def row_events(
    row: Mapping[str, Any], where: str, source_name: str, spec: ImportSpec
) -> list[NewEvent]:
    """The event a row describes, once per source it cites (pure).

    A plain row cites itself (``"FILE row N"``); an exported event cites the
    sources it was exported with, so each comes back as its own evidence.
    Raises :class:`InputError` for a row that cannot be an event.
    """
    if "__error__" in row:
        raise InputError(str(row["__error__"]))
    values = _fields_of(row, spec)
    date, mod = _date(values.get("date"))
    title = str(values.get("title") or "").strip()
    kind = _kind(values.get("kind"), values, spec)
    if not title:
        raise InputError("no title; map a column to title or give --set title=TEMPLATE")
    ordinal = _text(values, "ordinal")
    confidence = _text(values, "confidence")
    try:
        ordinal_int = int(ordinal) if ordinal is not None else None
    except (TypeError, ValueError) as exc:
        raise InputError(f"ordinal {ordinal!r} is not a whole number") from exc
    try:
        confidence_f = float(confidence) if confidence is not None else 1.0
    except (TypeError, ValueError) as exc:
        raise InputError(f"confidence {confidence!r} is not a number") from exc
    cited = [c for c in (_text(values, "source"), _text(values, "url")) if c]
    note = f"{source_name} {where}" + (f" ({', '.join(dict.fromkeys(cited))})" if cited else "")
    base = new_event(
        date=date,
        kind=kind,
        title=title,
        actors=_list(values.get("actors")),
        participants=_list(values.get("participants")),
        location=_text(values, "location"),
        status=(_text(values, "status") or "").lower() or None,
        series=_text(values, "series"),
        ordinal=ordinal_int,
        source=note,
        confidence=confidence_f,
    )
    base = replace(base, sentence=str(values.get("evidence") or "").strip(), date_mod=mod)
    sources = row.get("sources") if spec.mapping is None else None
    if not isinstance(sources, list) or not sources:
        return [base]
    out = []
    for src in sources:
        if not isinstance(src, Mapping):
            continue
        out.append(
            replace(
                base,
                source_note=str(src.get("article") or note),
                sentence=str(src.get("sentence") or ""),
                start=int(src.get("start") or 0),
                end=int(src.get("end") or 0),
            )
        )
    return out or [base]


# ---------------------------------------------------------------------------
# Storing
# ---------------------------------------------------------------------------


def _already_imported(store: Store, keys: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """Which (source, evidence, kind) triples the store already holds as mentions.

    The kind is part of the key because one sentence often reports two
    events (a meeting and the statement it issued).
    """
    if not keys:
        return set()
    names = sorted({name for name, _, _ in keys})
    found: set[tuple[str, str, str]] = set()
    label = sa.func.coalesce(col(Article.source), col(Mention.source_note))
    with store.session() as s:
        for i in range(0, len(names), 500):
            chunk = names[i : i + 500]
            stmt = (
                select(label, col(Mention.sentence), col(Event.kind))
                .select_from(Mention)
                .join(Event, col(Mention.event_id) == col(Event.id))
                .join(Article, col(Mention.article_id) == col(Article.id), isouter=True)
                .where(
                    sa.or_(col(Mention.source_note).in_(chunk), col(Article.source).in_(chunk))
                )
            )
            for name, sentence, kind in s.exec(stmt):
                found.add((str(name), sentence or "", kind))
    return found & keys


def _check_columns(spec: ImportSpec, rows: list[tuple[str, Any]], name: str) -> None:
    """A column named in --map or a --set template that no row has is the
    file's mistake, not each row's: say so once."""
    have: dict[str, None] = {}
    for _where, row in rows:
        if isinstance(row, Mapping):
            have.update(dict.fromkeys(k for k in row if not str(k).startswith("__")))
    if not have:
        return
    wanted = list(spec.mapping or ())
    for template in spec.defaults.values():
        wanted += [f for _, f, _, _ in string.Formatter().parse(template) if f]
    missing = [c for c in dict.fromkeys(wanted) if c not in have]
    if missing:
        raise InputError(
            f"{name}: no column {', '.join(map(repr, missing))}; its columns are {', '.join(have)}"
        )


def _key(ev: NewEvent) -> tuple[str, str, str]:
    return (ev.source_note or "", ev.sentence, ev.kind)


def import_events(
    store: Store,
    path: str | Path,
    spec: ImportSpec | None = None,
    *,
    batch: int = 1000,
    on_error: Callable[[ItemError], None] | None = None,
) -> ImportSummary:
    """Import the events of a CSV, JSON or JSON Lines file into ``store``.

    A bad row is recorded in ``failed`` (and passed to ``on_error``) and the
    other rows go in; a file that cannot be read at all raises
    :class:`SourceError`.
    """
    spec = spec or ImportSpec()
    p = Path(path)
    rows = read_rows(p)
    _check_columns(spec, rows, p.name)
    summary = ImportSummary(rows=len(rows))
    per_row: list[list[NewEvent]] = []
    for where, row in rows:
        try:
            if not isinstance(row, Mapping):
                raise InputError("not an object")
            per_row.append(row_events(row, where, p.name, spec))
        except TimelineError as exc:
            err = ItemError(f"{p.name} {where}", f"{p.name} {where}: {exc}")
            summary.failed.append(err)
            if on_error:
                on_error(err)
    keys = {_key(ev) for evs in per_row for ev in evs}
    seen = _already_imported(store, keys)
    fresh: list[list[NewEvent]] = []
    for evs in per_row:
        left = [ev for ev in evs if _key(ev) not in seen]
        if left:
            fresh.append(left)
        else:
            summary.known += 1
    flat: list[NewEvent] = [ev for evs in fresh for ev in evs]
    results = store.add_events(flat, batch=batch)
    # A row's first source decides whether it made a new event; its other
    # sources merge into that event by construction.
    i = 0
    for evs in fresh:
        _event_id, merged = results[i]
        if merged:
            summary.events_merged += 1
        else:
            summary.events_new += 1
        i += len(evs)
    return summary


def describe(summary: ImportSummary) -> str:
    """The one-line summary of an import."""
    return (
        f"rows: {summary.rows}; events: {summary.events_new} new, {summary.events_merged} merged; "
        f"{summary.known} row(s) already imported; {len(summary.failed)} failed"
    )
