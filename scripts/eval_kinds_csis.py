#!/usr/bin/env python3
"""How often the extractor's kind for a CSIS incident description agrees with
the database's Missile / Nuclear / Other type, and how often it dates the
launch or test on the incident's day.

    python scripts/eval_kinds_csis.py [CSV] [--show-errors N]

Missile agrees with missile_launch or satellite_launch, Nuclear with
nuclear_test, Other with any other kind.

Launch day: each Missile or Nuclear description is read as a report
published on the incident's date (the DCT), as the descriptions are written
("fired … at around 5 p.m., per South Korea's military"); it counts when the
extractor finds a launch or test of that group dated exactly that day.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.extract import classify_kind, extract  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpora" / "nk-provocations-csis" / "processed" / "north_korea_provocations_1958_present.csv"
GROUPS = {"missile_launch": "Missile", "satellite_launch": "Missile", "nuclear_test": "Nuclear"}


def expected(csis_type: str) -> str:
    return csis_type.split()[0]


def evaluate(path: Path) -> tuple[int, int, Counter[tuple[str, str]], list[tuple[str, str, str]]]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    agree = 0
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    for row in rows:
        kind = classify_kind(row["description"])
        got = GROUPS.get(kind, "Other")
        want = expected(row["type"])
        confusion[(want, got)] += 1
        if got == want:
            agree += 1
        else:
            errors.append((want, kind, row["description"][:160]))
    return agree, len(rows), confusion, errors


def launch_days(path: Path) -> tuple[int, int, list[tuple[str, list[str], str]]]:
    """Missile and Nuclear incidents whose launch or test is found on its day."""
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if expected(r["type"]) in ("Missile", "Nuclear")]
    found = 0
    errors = []
    for row in rows:
        day = dt.date.fromisoformat(row["date"])
        events = extract(row["description"], day).events
        dates = [e.date.value for e in events if GROUPS.get(e.kind) == expected(row["type"])]
        if row["date"] in dates:
            found += 1
        else:
            errors.append((row["date"], dates, row["description"][:160]))
    return found, len(rows), errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--show-errors", type=int, default=0)
    args = ap.parse_args()
    if not args.csv.is_file():
        print(f"{args.csv} not found; skipping", file=sys.stderr)
        return 0
    agree, n, confusion, errors = evaluate(args.csv)
    print(f"agreement with CSIS type: {agree}/{n} = {100 * agree / n:.2f} %")
    for want in ("Missile", "Nuclear", "Other"):
        row = "  ".join(f"{got}:{confusion[(want, got)]:4d}" for got in ("Missile", "Nuclear", "Other"))
        print(f"  CSIS {want:8s} -> {row}")
    for want, kind, text in errors[: args.show_errors]:
        print(f"  [{want} -> {kind}] {text}")
    found, total, misses = launch_days(args.csv)
    print(f"launch or test dated on the incident's day: {found}/{total} = {100 * found / total:.2f} %")
    for day, dates, text in misses[: args.show_errors]:
        print(f"  [{day}: found {dates}] {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
