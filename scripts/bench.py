#!/usr/bin/env python3
"""Measure timeline's speed and memory on this machine, in one run.

    python scripts/bench.py [--mb 50] [--events 1000000] [--json-out bench.json] [--quick]

Prints, and writes as JSON for run-to-run comparison:

* end-to-end ingest (read, tag, extract, store) of the White House corpus
  (../shared/corpora/wh-briefings-korea/docs) repeated to --mb megabytes, with
  1 and 2 worker processes taking turns --repeat times (the median of each):
  MB/s, articles/s, peak RSS;
* plain ``dateparser.search.search_dates`` over a sample of the same text, and
  the ratio of the two rates;
* peak RSS of ingest at 10 MB and 100 MB of input, and its anonymous part
  (RSS also counts database pages read through SQLite's memory map);
* bulk add of --events events, then query latency p50/p95 for one-month
  ranges with and without kind and actor filters;
* chart time for 10,000 events.

Each measurement runs in a fresh process so peak memory is its own. This is
a benchmark: it measures and reports, it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "wh-briefings-korea" / "docs"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_corpus(folder: Path, megabytes: float) -> tuple[int, int]:
    """Copies of the corpus files, each copy made distinct, up to ``megabytes``."""
    files = sorted(CORPUS.rglob("*.md"))
    texts = [f.read_text("utf-8") for f in files]
    total = n = 0
    copy = 0
    while total < megabytes * 1e6:
        for i, text in enumerate(texts):
            body = f"{text}\n\n(archive copy {copy})\n"
            (folder / f"c{copy:03d}_{i:04d}.md").write_text(body, "utf-8")
            total += len(body.encode("utf-8"))
            n += 1
            if total >= megabytes * 1e6:
                break
        copy += 1
    return total, n


# -- parts, each run in its own process --------------------------------------


def _rss_anon_mb() -> float:
    """This process's anonymous resident memory (heap, not mapped files), MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class _AnonPeak:
    """Samples anonymous RSS every 50 ms: peak RSS also counts the database
    pages SQLite reads through its memory map, which are file-backed."""

    def __init__(self) -> None:
        self.peak = _rss_anon_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, _rss_anon_mb())

    def __enter__(self) -> _AnonPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_anon_mb())


def part_ingest(folder: str, workers: int) -> dict[str, Any]:
    from timeline.ingest import ingest_paths
    from timeline.store import Store

    size = sum(p.stat().st_size for p in Path(folder).iterdir())
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.db") as store, _AnonPeak() as anon:
        t0 = time.perf_counter()
        summary = ingest_paths(store, [folder], workers=workers)
        seconds = time.perf_counter() - t0
        events = store.stats()["events"]
    return {
        "workers": workers,
        "mb": size / 1e6,
        "articles": summary.articles_new,
        "events": events,
        "seconds": seconds,
        "mb_per_s": size / 1e6 / seconds,
        "articles_per_s": summary.articles_new / seconds,
        "peak_rss_mb": peak_rss_mb(),
        "peak_anon_mb": anon.peak,
    }


def part_search_dates(folder: str, sample_mb: float) -> dict[str, Any]:
    from dateparser.search import search_dates

    from timeline.ingest import read_document

    docs = [read_document(p) for p in sorted(Path(folder).iterdir())]
    chosen, size = [], 0
    for d in docs:
        if size >= sample_mb * 1e6:
            break
        chosen.append(d)
        size += len(d.text.encode("utf-8"))
    t0 = time.perf_counter()
    found = 0
    for d in chosen:
        base = dt.datetime.combine(d.published or dt.date(2024, 1, 1), dt.time())
        hits = search_dates(
            d.text, languages=["en"], settings={"RELATIVE_BASE": base, "RETURN_TIME_AS_PERIOD": True}
        )
        found += len(hits or [])
    seconds = time.perf_counter() - t0
    return {"mb": size / 1e6, "seconds": seconds, "mb_per_s": size / 1e6 / seconds, "found": found}


def _bench_events(events: int) -> Any:
    """The bulk benchmark's events: random days from 1950 on, 7 kinds, 1-2 actors."""
    from timeline.dates import interval
    from timeline.writer import NewEvent

    rng = random.Random(7)
    kinds = ["meeting", "summit", "missile_launch", "statement", "exercise", "talks", "visit"]
    actors = ["US", "KR", "KP", "JP", "CN", "RU"]
    start = dt.date(1950, 1, 1)
    for i in range(events):
        day = start + dt.timedelta(days=rng.randrange(27000))
        iv = interval(day.isoformat())
        assert iv is not None
        yield NewEvent(
            kind=rng.choice(kinds), title=f"event {i}", date=iv,
            actors=tuple(rng.sample(actors, rng.choice((1, 2)))),
            source_note="bench", sentence=f"row {i}",
        )


class _Timed:
    """An iterator that counts the wall and CPU time spent producing items,
    so that the store's own share of a bulk add can be told apart. Items are
    produced (and timed) a thousand at a time: reading two clocks per item
    cost 2.7 µs, more than producing many of them."""

    CHUNK = 1000

    def __init__(self, items: Any) -> None:
        self.items = iter(items)
        self.wall = self.cpu = 0.0

    def __iter__(self) -> Any:
        items, chunk = self.items, self.CHUNK
        while True:
            w, c = time.perf_counter(), time.process_time()
            got = list(itertools.islice(items, chunk))
            self.wall += time.perf_counter() - w
            self.cpu += time.process_time() - c
            if not got:
                return
            yield from got


def _timed_add(db: str, items: Any) -> tuple[float, float, int, _Timed]:
    """store.add_events of ``items`` into ``db``: wall and CPU seconds (the
    producing of items included, and counted apart in the _Timed), events stored."""
    from timeline.store import Store

    with Store(db) as store:
        timed = _Timed(items)
        t0, c0 = time.perf_counter(), time.process_time()
        store.add_events(timed, batch=10000)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        stored = store.stats()["events"]
    return seconds, cpu, stored, timed


def part_bulk(events: int, db: str) -> dict[str, Any]:
    """store.add_events of generated events; the generator's time is
    measured apart (``generation_*``) and included in ``seconds``."""
    seconds, cpu, stored, timed = _timed_add(db, _bench_events(events))
    return {
        "events": events, "stored": stored, "seconds": seconds, "cpu_seconds": cpu,
        "generation_seconds": timed.wall, "generation_cpu_seconds": timed.cpu,
        "store_seconds": seconds - timed.wall, "store_cpu_seconds": cpu - timed.cpu,
        "peak_rss_mb": peak_rss_mb(),
    }


def part_bulk_file(events: int, db: str) -> dict[str, Any]:
    """What a user's import does: a CSV file of ``events`` rows (written
    first, untimed) read and checked row by row as scripts/add_events.py
    does, and stored in the same call; ``parse_*`` is the reading share."""
    import csv

    sys.path.insert(0, str(ROOT / "scripts"))
    from add_events import rows, to_event

    path = Path(db).with_suffix(".csv")
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["date", "kind", "title", "actors", "source"])
        for ev in _bench_events(events):
            out.writerow([ev.date.value, ev.kind, ev.title, ",".join(ev.actors), ev.source_note])
    seconds, cpu, stored, timed = _timed_add(db, (to_event(row) for _, row in rows(path)))
    return {
        "events": events, "stored": stored, "seconds": seconds, "cpu_seconds": cpu,
        "parse_seconds": timed.wall, "parse_cpu_seconds": timed.cpu,
        "peak_rss_mb": peak_rss_mb(),
    }


def part_query(db: str, repeats: int) -> dict[str, Any]:
    from timeline.query import build_query
    from timeline.store import Store

    rng = random.Random(11)
    out: dict[str, Any] = {}
    with Store(db) as store:
        for name, extra in (
            ("range", {}),
            ("range+kind", {"kinds": ["missile_launch"]}),
            ("range+actor", {"actors": ["KP"]}),
            ("range+kind+actor", {"kinds": ["meeting"], "actors": ["KR"]}),
        ):
            times, sizes = [], []
            for _ in range(repeats):
                year, month = rng.randrange(1951, 2023), rng.randrange(1, 13)
                q = build_query(date_from=f"{year}-{month:02d}", date_to=f"{year}-{month:02d}", **extra)
                t0 = time.perf_counter()
                rows = store.query(q)
                times.append(time.perf_counter() - t0)
                sizes.append(len(rows))
            times.sort()
            out[name] = {
                "p50_ms": 1000 * statistics.median(times),
                "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
                "rows_median": statistics.median(sizes),
            }
    return out


def part_chart(n: int) -> dict[str, Any]:
    from timeline.plot import plot_events
    from timeline.records import EventRecord

    rng = random.Random(3)
    kinds = ["meeting", "summit", "missile_launch", "statement", "exercise", "talks"]
    events = []
    for i in range(n):
        day = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(12000))
        events.append(
            EventRecord(
                id=i + 1, kind=rng.choice(kinds), title=f"Event {i}", date_value=day.isoformat(),
                date_start=day, date_end=day, precision="day", actors=("KP",),
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        plot_events(events, Path(tmp) / "c.png")
        seconds = time.perf_counter() - t0
    return {"events": n, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}


PARTS = {
    "ingest": part_ingest,
    "search_dates": part_search_dates,
    "bulk": part_bulk,
    "bulk_file": part_bulk_file,
    "query": part_query,
    "chart": part_chart,
}


def run_part(name: str, *args: Any) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--part", name, json.dumps(args)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"part {name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="Input size for the ingest runs.")
    ap.add_argument("--events", type=int, default=1_000_000, help="Events for the bulk/query runs.")
    ap.add_argument("--sample-mb", type=float, default=0.5, help="Text given to search_dates.")
    ap.add_argument("--repeat", type=int, default=3, help="Ingest runs with 1 and 2 workers, in turns.")
    ap.add_argument("--json-out", type=Path, default=None)
    ap.add_argument("--quick", action="store_true", help="Small sizes, to try the script.")
    ap.add_argument(
        "--skip", action="append", default=[],
        help="Parts to skip, comma-separated or repeated; a prefix names every part it starts: "
        "ingest, search_dates, streaming, bulk, bulk_file, query, chart.",
    )
    ap.add_argument("--part", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="?", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.part:
        print(json.dumps(PARTS[a.part](*json.loads(a.args or "[]"))))
        return 0
    names = ["ingest", "search_dates", "streaming", *PARTS]
    wanted = [w.strip() for item in a.skip for w in item.split(",") if w.strip()]
    for w in wanted:
        if not any(n.startswith(w) for n in names):
            ap.error(f"--skip {w}: no such part; choose from {', '.join(dict.fromkeys(names))}")
    a.skip = {n for n in names for w in wanted if n.startswith(w)}
    corpus_parts = {"ingest", "search_dates"} - a.skip
    if corpus_parts and not CORPUS.is_dir():
        print(f"{CORPUS} is absent; skipping {', '.join(sorted(corpus_parts))}")
        a.skip |= corpus_parts
        corpus_parts = set()
    if a.repeat < 1:
        ap.error("--repeat must be at least 1")
    if a.quick:
        a.mb, a.events, a.sample_mb, a.repeat = 5.0, 20_000, 0.1, 1
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "platform": platform.platform(), "when": dt.datetime.now(dt.UTC).isoformat(),
        }
    }
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big"
        big.mkdir()
        if corpus_parts:
            size, n = make_corpus(big, a.mb)
            print(f"corpus: {n} articles, {size / 1e6:.1f} MB (White House documents, repeated)")
        if "ingest" not in a.skip:
            # 1 and 2 workers take turns, --repeat times: this machine's
            # speed drifts between runs, and the median of each is reported.
            runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
            for _ in range(a.repeat):
                for workers in (1, 2):
                    r = run_part("ingest", str(big), workers)
                    runs[workers].append(r)
                    print(f"  ingest, {workers} worker(s): {r['mb_per_s']:.2f} MB/s, {r['seconds']:.1f} s")
            for workers, rs in runs.items():
                r = dict(sorted(rs, key=lambda x: x["seconds"])[len(rs) // 2])
                r["runs_seconds"] = [x["seconds"] for x in rs]
                results[f"ingest_w{workers}"] = r
                print(f"ingest, {workers} worker(s), median of {len(rs)}: {r['mb_per_s']:.2f} MB/s, "
                      f"{r['articles_per_s']:.0f} articles/s, {r['seconds']:.1f} s, "
                      f"peak RSS {r['peak_rss_mb']:.0f} MB")
        if "search_dates" not in a.skip:
            sd = run_part("search_dates", str(big), a.sample_mb)
            results["search_dates"] = sd
            print(f"plain search_dates on {sd['mb']:.2f} MB: {sd['mb_per_s']:.3f} MB/s")
            if "ingest_w1" in results:
                ratio = results["ingest_w1"]["mb_per_s"] / sd["mb_per_s"]
                results["ratio_ingest_vs_search_dates"] = ratio
                print(f"timeline end to end (1 worker) is {ratio:.1f}x faster")
        if "ingest" not in a.skip:
            speedup = results["ingest_w1"]["seconds"] / results["ingest_w2"]["seconds"]
            results["workers_speedup"] = speedup
            pairs = [one["seconds"] / two["seconds"] for one, two in zip(runs[1], runs[2], strict=True)]
            results["workers_speedup_pairs"] = pairs
            print(f"--workers 2 vs 1: {speedup:.2f}x (medians; run by run "
                  f"{', '.join(f'{x:.2f}x' for x in pairs)})")
        if "streaming" not in a.skip and not a.quick:
            for mb in (10, 100):
                folder = Path(tmp) / f"s{mb}"
                folder.mkdir()
                make_corpus(folder, mb)
                r = run_part("ingest", str(folder), 1)
                results[f"streaming_{mb}mb"] = r
                print(f"ingest of {mb} MB: peak RSS {r['peak_rss_mb']:.0f} MB, "
                      f"of it anonymous (not the mapped database) {r['peak_anon_mb']:.0f} MB")
        if "bulk" not in a.skip:
            db = str(Path(tmp) / "events.db")
            r = run_part("bulk", a.events, db)
            results["bulk"] = r
            print(f"bulk add of {a.events:,} events: {r['store_seconds']:.1f} s storing "
                  f"(CPU {r['store_cpu_seconds']:.1f} s), {r['seconds']:.1f} s with generating "
                  f"them (CPU {r['cpu_seconds']:.1f} s); {r['stored']:,} stored, "
                  f"peak RSS {r['peak_rss_mb']:.0f} MB")
            q = run_part("query", db, 200)
            results["query"] = q
            for name, v in q.items():
                print(f"query {name:18s} p50 {v['p50_ms']:6.1f} ms  p95 {v['p95_ms']:6.1f} ms  "
                      f"(median {v['rows_median']:.0f} rows)")
        if "bulk_file" not in a.skip:
            r = run_part("bulk_file", a.events, str(Path(tmp) / "file.db"))
            results["bulk_file"] = r
            print(f"bulk add of {a.events:,} events from a CSV file: {r['seconds']:.1f} s "
                  f"(CPU {r['cpu_seconds']:.1f} s), of which reading and checking rows "
                  f"{r['parse_seconds']:.1f} s; peak RSS {r['peak_rss_mb']:.0f} MB")
        if "chart" not in a.skip:
            r = run_part("chart", 10_000)
            results["chart_10000"] = r
            print(f"chart of 10,000 events: {r['seconds']:.2f} s")
    if a.json_out:
        a.json_out.write_text(json.dumps(results, indent=2), "utf-8")
        print(f"wrote {a.json_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
