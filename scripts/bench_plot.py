#!/usr/bin/env python3
"""Time the chart for 100, 1,000 and 10,000 events: layout alone and a full PNG.

Usage::

    scripts/bench_plot.py [N ...] [--density auto|always|never] [--out DIR] [--profile]

The events are random but realistic and seeded, so every run sees the same
input: ten years (2016-2025) of alliance news in which about a third of the
events are North Korean missile launches, most dates are exact days and the
rest weeks, months, quarters, halves or years, a few events are planned and
the NCG meetings form a numbered series.

Each N runs in a fresh child process, so its peak memory (``ru_maxrss``, the
resident set of the whole process: Python, matplotlib and the image buffer)
is its own. In the child:

* ``cold``: the first :func:`timeline.plot.plot_events` of the process, to a
  PNG at the default size and 150 dpi: importing matplotlib, loading the
  font, layout, drawing, the Agg render and the PNG encode -- what
  ``timeline plot`` pays, less Python's start and the database query;
* ``layout``: :func:`timeline.plot.layout` alone, best of three;
* ``png``: the same PNG again, now that matplotlib is warm.

``--profile`` prints the top of a cProfile of the PNG render of the largest N
instead of the table. The last PNG is kept in ``--out`` (default /tmp) to be
looked at.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Let the script run from a checkout that is not pip-installed.
    sys.path.insert(0, str(ROOT))

from timeline.plot import DensityMode  # noqa: E402
from timeline.records import EventRecord  # noqa: E402

DEFAULT_NS = (100, 1_000, 10_000)
SEED = 20251212
FIRST = dt.date(2016, 1, 1)
DAYS = 3653  # 2016-01-01 .. 2025-12-31

# (kind, weight, title templates); {m} a missile, {p} a place, {n} a number.
KINDS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("missile_launch", 35, ("KP {m} launch", "North Korea fires {m} into the East Sea",
                            "{m} test from {p}")),
    ("meeting", 14, ("KR-US defense ministers meet in {p}", "Vice-ministerial talks, {p}",
                     "Extended deterrence dialogue {n}")),
    ("exercise", 12, ("Freedom Shield exercise", "Combined air drill near {p}",
                      "Freedom Edge trilateral exercise")),
    ("statement", 9, ("Joint statement on North Korea", "KR-US statement, {p}")),
    ("sanction", 5, ("US Treasury sanctions {n} entities", "UN panel report on sanctions")),
    ("visit", 5, ("US carrier visits {p}", "SSBN port visit to {p}")),
    ("other", 5, ("Alliance cost-sharing news", "Seoul briefing on deterrence")),
    ("talks", 4, ("Cost-sharing talks round {n}", "Working-level talks in {p}")),
    ("agreement", 4, ("Special Measures Agreement signed", "Agreement on {p} base")),
    ("summit", 1, ("KR-US summit in {p}", "Trilateral summit, {p}")),
    ("satellite_launch", 2, ("Malligyong satellite launch", "Chollima-1 space launch")),
    ("nuclear_test", 1, ("Nuclear test at Punggye-ri",)),
)  # fmt: skip
# One in twelve an ICBM, about the share in the CNS database.
MISSILES = ("SRBM", "KN-23", "KN-24", "KN-25", "cruise missile", "SLBM", "Hwasong-11",
            "Hwasong-12 IRBM", "MRBM", "600 mm rocket", "SRBM salvo", "Hwasong-18 ICBM")  # fmt: skip
PLACES = ("Seoul", "Washington", "Busan", "Tokyo", "Pyongyang", "Camp David", "Gyeongju")
# precision -> (weight, inclusive length in days minus one)
PRECISIONS = {"day": (75, 0), "week": (5, 6), "month": (12, 30), "quarter": (3, 90),
              "half": (2, 181), "year": (3, 364)}  # fmt: skip


def random_events(n: int, seed: int = SEED) -> list[EventRecord]:
    """*n* realistic events; the same *n* and *seed* always give the same list."""
    rng = random.Random(seed)
    kinds = [k for k, _, _ in KINDS]
    kind_w = [w for _, w, _ in KINDS]
    templates = {k: t for k, _, t in KINDS}
    precs = list(PRECISIONS)
    prec_w = [PRECISIONS[p][0] for p in precs]
    events = []
    ncg = 0
    for i in range(n):
        kind = rng.choices(kinds, kind_w)[0]
        precision = rng.choices(precs, prec_w)[0]
        start = FIRST + dt.timedelta(days=rng.randrange(DAYS))
        end = start + dt.timedelta(days=PRECISIONS[precision][1])
        title = rng.choice(templates[kind]).format(
            m=rng.choice(MISSILES), p=rng.choice(PLACES), n=rng.randint(2, 12)
        )
        series = ordinal = None
        if kind == "meeting" and rng.random() < 0.02:
            ncg += 1
            series, ordinal, title = "NCG", ncg, f"NCG meeting {ncg}"
        if kind in ("missile_launch", "satellite_launch", "nuclear_test"):
            actors: tuple[str, ...] = ("KP",)
        else:
            actors = rng.choice((("US", "KR"), ("KR", "US"), ("US", "KR", "JP")))
        events.append(
            EventRecord(
                id=i + 1,
                kind=kind,
                title=title,
                date_value=start.isoformat(),
                date_start=start,
                date_end=end,
                precision=precision,
                # Plans are about the future: the last half-year of the range.
                status="planned"
                if start.year == 2025 and start.month > 6 and rng.random() < 0.3
                else "occurred",
                actors=actors,
                series=series,
                ordinal=ordinal,
                confidence=round(rng.uniform(0.5, 1.0), 2),
            )
        )
    return events


def measure(n: int, density: DensityMode, out_dir: Path) -> dict[str, float]:
    """Run in the child: time layout and PNG for *n* events."""
    from timeline.plot import layout, plot_events

    events = random_events(n)
    t0 = time.perf_counter()
    plot_events(events, out_dir / f"bench_{n}.png", density=density)
    cold = time.perf_counter() - t0
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        lay = layout(events, density=density)
        best = min(best, time.perf_counter() - t0)
    t0 = time.perf_counter()
    path = plot_events(
        events, out_dir / f"bench_{n}.png", title=f"{n:,} random events", density=density
    )
    png = time.perf_counter() - t0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "n": n,
        "cold_s": cold,
        "layout_s": best,
        "png_s": png,
        "peak_mb": rss_kb / 1024,
        "labels": len(lay.labels),
        "drawn": len(lay.events),
        "strips": len(lay.strips),
        "png_kb": path.stat().st_size / 1024,
    }


def profile(n: int, density: DensityMode, out_dir: Path) -> None:
    """Print the 25 most expensive calls of one PNG render of *n* events."""
    import cProfile
    import pstats

    from timeline.plot import plot_events

    events = random_events(n)
    plot_events(events[:5], out_dir / "bench_warmup.png")
    prof = cProfile.Profile()
    prof.enable()
    plot_events(events, out_dir / f"bench_{n}.png", density=density)
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    pstats.Stats(prof).sort_stats("tottime").print_stats(15)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ns", nargs="*", type=int, default=list(DEFAULT_NS), metavar="N")
    parser.add_argument("--density", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--out", type=Path, default=Path("/tmp"))
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv[1:])
    if args.profile:
        profile(max(args.ns), args.density, args.out)
        return 0
    if args.child:
        print(json.dumps(measure(args.ns[0], args.density, args.out)))
        return 0
    print(f"density={args.density}, seed {SEED}, 12 x auto in at 150 dpi")
    print(f"{'N':>7} {'cold s':>7} {'layout s':>9} {'PNG s':>7} {'peak MB':>8} {'labels':>7} "
          f"{'drawn':>6} {'strips':>6} {'PNG KB':>7}")  # fmt: skip
    for n in args.ns:
        cmd = [sys.executable, __file__, str(n), "--child", "--density", args.density,
               "--out", str(args.out)]  # fmt: skip
        row = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        print(f"{row['n']:>7,} {row['cold_s']:>7.2f} {row['layout_s']:>9.3f} {row['png_s']:>7.2f} "
              f"{row['peak_mb']:>8.0f} {row['labels']:>7} {row['drawn']:>6} "
              f"{row['strips']:>6} {row['png_kb']:>7.0f}")  # fmt: skip
    print(f"figure: {args.out / f'bench_{max(args.ns)}.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
