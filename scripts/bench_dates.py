#!/usr/bin/env python3
"""Throughput and peak memory of the tagger against plain ``dateparser`` search.

Usage::

    scripts/bench_dates.py [DIR ...] [--repeat N] [--json] [--tagger-only]

Both engines get the same input: the TEXT of every TimeML file under the
directories (default: TimeBank and AQUAINT in ``../shared/corpora/timeml-tbaq``),
or the text of every Markdown document (``*.md``, read as ``timeline ingest``
reads it, its published date as DCT), one whole document per call, with the
document's DCT as reference date:

* ``timeline``: ``timeline.dates.tag(text, dct)``;
* ``search_dates``: ``dateparser.search.search_dates(text, languages=["en"],
  settings={"RELATIVE_BASE": dct, "RETURN_TIME_AS_PERIOD": True})``.

Whole documents are fed to ``search_dates`` too: on this corpus it is no
slower per character than sentence by sentence, and it keeps the inputs
identical. Each engine first runs one cold pass, the first in the process (it
pays for lazy loading and fills the caches of strings seen), is then warmed up
and timed over ``--repeat`` warm passes (the best pass is reported), then run
once more under :mod:`tracemalloc` for its peak memory; timing passes run
without tracemalloc, which would slow them down. Times are CPU time of this
process (:func:`time.process_time`), steadier than wall time on a shared
machine. MB are 10^6 bytes of UTF-8.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Let the script run from a checkout that is not pip-installed.
    sys.path.insert(0, str(ROOT))

from timeline.timeml import TimeMLError, read_timeml  # noqa: E402

CORPUS_ROOT = ROOT.parent / "shared" / "corpora" / "timeml-tbaq"
DEFAULT_DIRS = (CORPUS_ROOT / "TimeBank", CORPUS_ROOT / "AQUAINT")
SUFFIXES = (".tml", ".TE3input")
MARKDOWN = ".md"
WARM_UP = "Talks resumed on Friday, 3 March 2023, two weeks after the summit of last year."

Doc = tuple[str, dt.date | None]
Engine = Callable[[Sequence[Doc]], int]


@dataclass(slots=True)
class Result:
    """One engine's measurements over the corpus."""

    engine: str
    mb: float
    seconds: float  # best of the warm timing passes
    mb_per_s: float
    cold_seconds: float  # the first pass in the process
    cold_mb_per_s: float
    found: int  # expressions returned in one pass
    peak_mib: float  # tracemalloc peak during one pass


def load_docs(dirs: Sequence[Path]) -> list[Doc]:
    """``(text, dct)`` of every TimeML or Markdown file under ``dirs``;
    unreadable files are skipped."""
    from timeline.ingest import parse_document

    docs: list[Doc] = []
    for d in dirs:
        paths = [d] if d.is_file() else sorted(d.rglob("*"))
        for p in paths:
            if p.is_file() and p.name.endswith(MARKDOWN):
                md = parse_document(p.read_text(encoding="utf-8"), str(p))
                docs.append((md.text, md.published))
                continue
            if not (p.is_file() and p.name.endswith(SUFFIXES)):
                continue
            try:
                doc = read_timeml(p)
            except TimeMLError as exc:
                print(f"skipped: {exc}", file=sys.stderr)
                continue
            docs.append((doc.text, doc.dct))
    return docs


def timeline_engine() -> Engine:
    """Run :func:`timeline.dates.tag` over documents, returning how many timexes it found."""
    from timeline.dates import tag

    def run(docs: Sequence[Doc]) -> int:
        return sum(len(tag(text, dct)) for text, dct in docs)

    return run


def search_dates_engine() -> Engine:
    """Run ``dateparser.search.search_dates`` over documents, returning how many dates it found."""
    from dateparser.search import search_dates

    def run(docs: Sequence[Doc]) -> int:
        found = 0
        for text, dct in docs:
            settings: dict[str, object] = {"RETURN_TIME_AS_PERIOD": True}
            if dct is not None:
                settings["RELATIVE_BASE"] = dt.datetime.combine(dct, dt.time())
            hits = search_dates(text, languages=["en"], settings=settings)
            found += len(hits or [])
        return found

    return run


def measure(name: str, engine: Engine, docs: Sequence[Doc], repeat: int) -> Result:
    """Time a cold pass, warm up, time ``repeat`` passes, then one traced pass
    for peak memory."""
    gc.collect()
    t0 = time.process_time()
    engine(docs)
    cold = time.process_time() - t0
    engine([(WARM_UP, dt.date(2023, 3, 3))])
    best = float("inf")
    found = 0
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.process_time()
        found = engine(docs)
        best = min(best, time.process_time() - t0)
    gc.collect()
    tracemalloc.start()
    try:
        engine(docs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    mb = sum(len(text.encode("utf-8")) for text, _ in docs) / 1e6
    return Result(
        name, mb, best, mb / best if best else 0.0, cold, mb / cold if cold else 0.0, found,
        peak / 2**20,
    )


def render(results: Sequence[Result], docs: int, repeat: int) -> str:
    """The results table and the timeline/search_dates ratios."""
    lines = [
        f"{docs} documents, whole document per call, CPU time, warm: best of {repeat} passes",
        f"{'engine':<14}{'MB':>8}{'seconds':>10}{'MB/s':>10}{'cold s':>10}{'cold MB/s':>11}"
        f"{'found':>8}{'peak MiB':>10}",
    ]
    for r in results:
        lines.append(
            f"{r.engine:<14}{r.mb:>8.3f}{r.seconds:>10.3f}{r.mb_per_s:>10.3f}"
            f"{r.cold_seconds:>10.3f}{r.cold_mb_per_s:>11.3f}{r.found:>8}{r.peak_mib:>10.2f}"
        )
    by_name = {r.engine: r for r in results}
    if {"timeline", "search_dates"} <= by_name.keys():
        ours, theirs = by_name["timeline"], by_name["search_dates"]
        speed = ours.mb_per_s / theirs.mb_per_s if theirs.mb_per_s else float("inf")
        memory = ours.peak_mib / theirs.peak_mib if theirs.peak_mib else float("inf")
        lines.append(f"timeline/search_dates: speed x{speed:.2f}, peak memory x{memory:.2f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dirs", nargs="*", type=Path, help="directories of .tml or .md files")
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="timing passes")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--tagger-only", action="store_true", help="skip search_dates (slow on large corpora)"
    )
    args = parser.parse_args(argv)

    dirs: list[Path] = args.dirs or [d for d in DEFAULT_DIRS if d.is_dir()]
    if not dirs:
        # The shared corpus is optional: a machine without it skips, not fails.
        print(f"bench_dates: no corpus at {CORPUS_ROOT}; skipping", file=sys.stderr)
        return 0
    missing = [d for d in dirs if not d.exists()]
    if missing:
        print(f"bench_dates: no such directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    docs = load_docs(dirs)
    if not docs:
        print("bench_dates: no TimeML or Markdown files found; skipping", file=sys.stderr)
        return 0

    results = [measure("timeline", timeline_engine(), docs, args.repeat)]
    if not args.tagger_only:
        results.append(measure("search_dates", search_dates_engine(), docs, args.repeat))
    if args.json:
        ours, theirs = results[0], results[-1]
        out = {
            "documents": len(docs),
            "unit": "document",
            "clock": "process_time",
            "repeat": args.repeat,
            "results": [asdict(r) for r in results],
            "speed_ratio": ours.mb_per_s / theirs.mb_per_s if len(results) > 1 else None,
            "memory_ratio": ours.peak_mib / theirs.peak_mib if len(results) > 1 else None,
        }
        json.dump(out, sys.stdout, indent=2)
        print()
    else:
        print(render(results, len(docs), args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
