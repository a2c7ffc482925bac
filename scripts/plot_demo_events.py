"""Render a small, realistic alliance timeline to check the chart by eye.

Usage: python scripts/plot_demo_events.py [OUT.png|.svg|.pdf]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from timeline.plot import plot_events
from timeline.records import EventRecord

D = dt.date


def demo_events() -> list[EventRecord]:
    """About fifteen events of 2023-2026, vague dates and plans included."""

    def ev(
        i: int,
        kind: str,
        title: str,
        value: str,
        start: dt.date,
        end: dt.date,
        precision: str = "day",
        status: str = "occurred",
        series: str | None = None,
        ordinal: int | None = None,
        actors: tuple[str, ...] = ("US", "KR"),
    ) -> EventRecord:
        return EventRecord(
            id=i,
            kind=kind,
            title=title,
            date_value=value,
            date_start=start,
            date_end=end,
            precision=precision,
            status=status,
            actors=actors,
            series=series,
            ordinal=ordinal,
        )

    ncg = "Nuclear Consultative Group meeting"
    return [
        ev(
            1,
            "summit",
            "Yoon–Biden summit adopts Washington Declaration",
            "2023-04-26",
            D(2023, 4, 26),
            D(2023, 4, 26),
        ),
        ev(
            2,
            "missile_launch",
            "North Korea launches Hwasong-18 ICBM",
            "2023-07-12",
            D(2023, 7, 12),
            D(2023, 7, 12),
            actors=("KP",),
        ),
        ev(
            3,
            "meeting",
            f"1st {ncg}",
            "2023-07-18",
            D(2023, 7, 18),
            D(2023, 7, 18),
            series="NCG",
            ordinal=1,
        ),
        ev(
            4,
            "meeting",
            f"2nd {ncg}",
            "2023-12-15",
            D(2023, 12, 15),
            D(2023, 12, 15),
            series="NCG",
            ordinal=2,
        ),
        ev(
            5,
            "meeting",
            f"3rd {ncg}",
            "2024-06-10",
            D(2024, 6, 10),
            D(2024, 6, 10),
            series="NCG",
            ordinal=3,
        ),
        ev(
            6,
            "meeting",
            f"4th {ncg}",
            "2025-01-10",
            D(2025, 1, 10),
            D(2025, 1, 10),
            series="NCG",
            ordinal=4,
        ),
        ev(
            7,
            "meeting",
            f"5th {ncg}",
            "2025-12-11",
            D(2025, 12, 11),
            D(2025, 12, 11),
            series="NCG",
            ordinal=5,
        ),
        ev(
            8,
            "meeting",
            f"6th {ncg}",
            "2026-H1",
            D(2026, 1, 1),
            D(2026, 6, 30),
            "half",
            "planned",
            "NCG",
            6,
        ),
        ev(
            9,
            "summit",
            "Lee–Trump summit in Gyeongju",
            "2025-10-29",
            D(2025, 10, 29),
            D(2025, 10, 29),
        ),
        ev(
            10,
            "exercise",
            "Freedom Edge trilateral exercise",
            "2024-06",
            D(2024, 6, 1),
            D(2024, 6, 30),
            "month",
        ),
        ev(11, "exercise", "Ulchi Freedom Shield", "2024-08-19", D(2024, 8, 19), D(2024, 8, 29)),
        ev(
            12,
            "talks",
            "Defense cost-sharing talks (SMA)",
            "2026",
            D(2026, 1, 1),
            D(2026, 12, 31),
            "year",
            "planned",
        ),
        ev(
            13,
            "agreement",
            "12th Special Measures Agreement signed",
            "2024-11-04",
            D(2024, 11, 4),
            D(2024, 11, 4),
        ),
        ev(
            14,
            "missile_launch",
            "North Korea tests Hwasong-19 ICBM",
            "2024-10-31",
            D(2024, 10, 31),
            D(2024, 10, 31),
            actors=("KP",),
        ),
        ev(
            15,
            "statement",
            "Joint fact sheet on alliance modernization",
            "2025-11",
            D(2025, 11, 1),
            D(2025, 11, 30),
            "month",
        ),
        ev(
            16,
            "visit",
            "US SSBN port visit to Busan",
            "2023-W29",
            D(2023, 7, 17),
            D(2023, 7, 23),
            "week",
        ),
    ]


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path("/tmp/plot_check.png")
    plot_events(
        demo_events(),
        out,
        title="U.S.–South Korea alliance, 2023–2026",
        today=D(2025, 12, 20),
        generated=D(2025, 12, 20),
        n_articles=42,
    )
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
