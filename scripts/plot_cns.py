#!/usr/bin/env python3
"""Chart North Korea's missile tests (CNS database) with the alliance's meetings and summits.

Usage::

    scripts/plot_cns.py [OUT.png|.svg|.pdf] [--corpora DIR] [--density auto|always|never]

Builds :class:`~timeline.records.EventRecord` objects directly, no database:

* one ``missile_launch`` per row of
  ``nk-missile-tests-cns/nk_missile_tests_flat.csv`` (space launch vehicles,
  type ``SLV``, as ``satellite_launch``), actor KP, titled from the missile's
  name and type, e.g. "Hwasong-15 (ICBM)"; a date given only to the month
  ("1984-09") becomes a month-long span;
* the NCG meetings (a numbered series) and the leaders' summits and meetings
  of ``korea_us_reference_events.csv``;
* the planned sixth NCG meeting "in the first half of 2026", as announced in
  the project's seed article (``../shared/seeds/000_0c6a4617c6e4cd2e.txt``),
  so that the chart also shows how a plan looks.

The CSV has 339 launches, so the chart holds 357 events. Exits with status 0
and a message when the corpus is absent, so CI can call it anywhere.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Let the script run from a checkout that is not pip-installed.
    sys.path.insert(0, str(ROOT))

from timeline.plot import plot_events  # noqa: E402
from timeline.records import EventRecord  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
MISSILES = Path("nk-missile-tests-cns") / "nk_missile_tests_flat.csv"
REFERENCE = Path("korea_us_reference_events.csv")
ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th")


def _dates(value: str) -> tuple[dt.date, dt.date, str]:
    """(start, end, precision) of "YYYY-MM-DD" or "YYYY-MM"."""
    if len(value) == 7:
        first = dt.date.fromisoformat(value + "-01")
        after = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, after - dt.timedelta(days=1), "month"
    day = dt.date.fromisoformat(value)
    return day, day, "day"


def _missile_title(row: dict[str, str]) -> str:
    name, kind = row["missile_name"].strip(), row["missile_type"].strip()
    failed = " – failed" if row["outcome"] == "failure" else ""
    if kind == "Unknown":
        kind = ""
    if name in ("", "Unknown"):
        return f"{kind or 'Unidentified'} launch{failed}"
    return f"{name} ({kind}){failed}" if kind else f"{name}{failed}"


def missile_events(path: Path, first_id: int = 1) -> list[EventRecord]:
    """One event per launch (row) of the CNS flat CSV."""
    events = []
    with path.open(newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f)):
            start, end, precision = _dates(row["date"])
            events.append(
                EventRecord(
                    id=first_id + n,
                    kind="satellite_launch" if row["missile_type"] == "SLV" else "missile_launch",
                    title=_missile_title(row),
                    date_value=row["date"],
                    date_start=start,
                    date_end=end,
                    precision=precision,
                    actors=("KP",),
                    location=row["facility_name"] or None,
                )
            )
    return events


def _surname(person: str) -> str:
    # "Moon Jae-in", "Kishida Fumio": family name first; "Biden", "Trump": alone.
    return person.strip().split()[0]


def _place(location: str) -> str:
    place = re.sub(r"\s*\(.*?\)", "", location).split(",")[0].strip()
    return "" if place.lower().startswith("not stated") else place


def reference_events(path: Path, first_id: int) -> list[EventRecord]:
    """The NCG meetings and leaders' meetings of the reference CSV."""
    events = []
    with path.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["date_precision"] == "day"]
    for n, row in enumerate(rows):
        day = dt.date.fromisoformat(row["date"])
        place = _place(row["location"])
        series = ordinal = None
        if row["event_type"] == "alliance_consultative_meeting":
            kind, series = "meeting", "NCG"
            ordinal = int(row["event_id"].removeprefix("ncg-"))
            title = f"{ORDINALS[ordinal - 1]} NCG"
        elif row["event_type"] in ("summit", "leader_meeting"):
            kind = "summit"
            leaders = "–".join(_surname(p) for p in row["participants"].split(";"))
            title = f"{leaders} {'summit' if row['event_type'] == 'summit' else 'meeting'}"
        else:
            continue
        events.append(
            EventRecord(
                id=first_id + n,
                kind=kind,
                title=f"{title}, {place}" if place else title,
                date_value=row["date"],
                date_start=day,
                date_end=day,
                precision="day",
                actors=("US", "KR"),
                location=place or None,
                series=series,
                ordinal=ordinal,
            )
        )
    return events


def planned_ncg(event_id: int) -> EventRecord:
    """The sixth NCG meeting, planned for the first half of 2026 (seed article)."""
    return EventRecord(
        id=event_id,
        kind="meeting",
        title="6th NCG",
        date_value="2026-H1",
        date_start=dt.date(2026, 1, 1),
        date_end=dt.date(2026, 6, 30),
        precision="half",
        status="planned",
        actors=("US", "KR"),
        series="NCG",
        ordinal=6,
    )


def build_events(corpora: Path) -> list[EventRecord]:
    """All events of the chart; raises FileNotFoundError when a CSV is missing."""
    launches = missile_events(corpora / MISSILES)
    alliance = reference_events(corpora / REFERENCE, first_id=len(launches) + 1)
    return [*launches, *alliance, planned_ncg(len(launches) + len(alliance) + 1)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("/tmp/cns.png"))
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--density", choices=("auto", "always", "never"), default="auto")
    args = parser.parse_args(argv[1:])
    missing = [p for p in (MISSILES, REFERENCE) if not (args.corpora / p).is_file()]
    if missing:
        print(f"skipped: {', '.join(str(args.corpora / p) for p in missing)} not found")
        return 0
    events = build_events(args.corpora)
    first = min(e.date_start for e in events).year
    last = max(e.date_end for e in events).year
    path = plot_events(
        events,
        args.out,
        title=f"North Korean missile tests and U.S.–ROK alliance meetings, {first}–{last}",
        width=14.0,
        density=args.density,
        source="CNS North Korea Missile Test Database (NTI); U.S. and ROK government releases",
    )
    print(f"{path} ({len(events)} events)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
