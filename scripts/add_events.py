#!/usr/bin/env python3
"""Add events from a CSV or JSON file through the timeline API.

    python scripts/add_events.py FILE.csv|FILE.json [--db DB] [--skip-bad] [--batch N]

Columns (CSV header) or keys (JSON list of objects): date, kind, title, and
optionally actors (comma-separated codes, or a JSON list), status, location,
participants (comma-separated, or a list), series, ordinal, source.

Every row is checked first; a bad row is reported with its line number (CSV)
or index (JSON) and nothing is added, unless --skip-bad adds the good rows.
Rows go in one transaction per batch; a row matching a stored event merges.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline import InputError, NewEvent, Store, new_event  # noqa: E402


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v for v in str(value).split(",") if v.strip()]


def rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, row) pairs: "line N" for CSV, "item N" for JSON."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        if not isinstance(data, list):
            raise InputError(f"{path}: expected a JSON list of event objects")
        for i, item in enumerate(data):
            if not isinstance(item, dict):
                raise InputError(f"{path}: item {i} is not an object")
            yield f"item {i}", item
        return
    reader = csv.DictReader(text.splitlines())
    missing = {"date", "kind", "title"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    for row in reader:
        yield f"line {reader.line_num}", row


def to_event(row: dict[str, Any]) -> NewEvent:
    ordinal = row.get("ordinal")
    try:
        ordinal_int = int(ordinal) if ordinal not in (None, "") else None
    except ValueError as exc:
        raise InputError(f"ordinal {ordinal!r} is not a whole number") from exc
    return new_event(
        date=str(row.get("date") or ""),
        kind=str(row.get("kind") or ""),
        title=str(row.get("title") or ""),
        actors=_list(row.get("actors")),
        participants=_list(row.get("participants")),
        location=row.get("location") or None,
        status=row.get("status") or None,
        series=row.get("series") or None,
        ordinal=ordinal_int,
        source=row.get("source") or None,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--db", default=None, help="Database file or URL (default: TIMELINE_DB or db/timeline.db).")
    ap.add_argument("--skip-bad", action="store_true", help="Add the good rows even if some are bad.")
    ap.add_argument("--batch", type=int, default=1000, help="Rows per transaction.")
    args = ap.parse_args()
    if not args.file.is_file():
        print(f"error: {args.file}: no such file", file=sys.stderr)
        return 1
    good: list[NewEvent] = []
    bad = 0
    try:
        for where, row in rows(args.file):
            try:
                good.append(to_event(row))
            except InputError as exc:
                bad += 1
                print(f"error: {args.file} {where}: {exc}", file=sys.stderr)
    except (InputError, json.JSONDecodeError, csv.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if bad and not args.skip_bad:
        print(f"{bad} bad row(s); nothing added (fix them, or use --skip-bad)", file=sys.stderr)
        return 1
    with Store(args.db) as store:
        results = store.add_events(good, batch=args.batch)
    merged = sum(1 for _, m in results if m)
    print(f"added {len(results) - merged} new event(s), merged {merged}; skipped {bad} bad row(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
