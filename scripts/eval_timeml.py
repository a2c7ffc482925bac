#!/usr/bin/env python3
"""Score the temporal tagger against TimeML gold annotations (TempEval-3 Task A).

Usage::

    scripts/eval_timeml.py [GOLD_DIR ...] [--show-errors N] [--json]

Every ``*.tml`` and ``*.TE3input`` file under the directories is read, the
tagger (:func:`timeline.dates.tag`) is run on its TEXT with its DCT, and the
predictions are scored against the file's TIMEX3s: strict and relaxed span
precision/recall/F1, type and value accuracy over relaxed matches, and value
F1 = relaxed F1 x value accuracy. Without directories the TimeBank and
AQUAINT parts of ``../shared/corpora/timeml-tbaq`` (next to the project root)
are used; if those are absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Let the script run from a checkout that is not pip-installed.
    sys.path.insert(0, str(ROOT))

from timeline.timeml import (  # noqa: E402
    TIMEX_TYPES,
    Alignment,
    Counts,
    Scores,
    TimeMLDoc,
    TimeMLError,
    Timex,
    align,
    read_timeml,
    score,
    value_shape,
)

Tagger = Callable[[str, dt.date | None], Sequence[Timex]]

CORPUS_ROOT = ROOT.parent / "shared" / "corpora" / "timeml-tbaq"
DEFAULT_DIRS = (CORPUS_ROOT / "TimeBank", CORPUS_ROOT / "AQUAINT")
SUFFIXES = (".tml", ".TE3input")
_T = TypeVar("_T")


@dataclass(slots=True)
class DocResult:
    """One document's gold, predictions and their alignment."""

    doc: TimeMLDoc
    corpus: str
    pred: list[Timex]
    alignment: Alignment
    error: str | None = None  # the tagger's exception, if it raised


def find_files(dirs: Sequence[Path]) -> list[tuple[str, Path]]:
    """``(corpus name, path)`` of every TimeML file under ``dirs``, sorted per directory."""
    found: list[tuple[str, Path]] = []
    for d in dirs:
        if d.is_file():
            found.append((d.parent.name, d))
            continue
        files = sorted(p for p in d.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))
        found.extend((d.name, p) for p in files)
    return found


def evaluate(files: Sequence[tuple[str, Path]], tagger: Tagger) -> tuple[list[DocResult], float]:
    """Tag every file and align the predictions with its gold; also the seconds spent tagging.

    A file that cannot be read is reported on stderr and skipped; a tagger
    exception is recorded on the document (scored as no predictions) so one
    bad document does not hide the scores of the others.
    """
    results: list[DocResult] = []
    tagging = 0.0
    for corpus, path in files:
        try:
            doc = read_timeml(path)
        except TimeMLError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
            continue
        error = None
        t0 = time.perf_counter()
        try:
            pred = list(tagger(doc.text, doc.dct))
        except Exception as exc:  # reported, see docstring
            pred = []
            error = f"{type(exc).__name__}: {exc}"
        tagging += time.perf_counter() - t0
        results.append(DocResult(doc, corpus, pred, align(doc.gold, pred), error))
    return results, tagging


def tally(results: Sequence[DocResult]) -> tuple[Scores, dict[str, Counts]]:
    """Scores over all results, and overall counts per corpus directory."""
    overall = score((r.doc.gold, r.pred) for r in results)
    by_corpus: dict[str, Counts] = {}
    for name in dict.fromkeys(r.corpus for r in results):
        part = score((r.doc.gold, r.pred) for r in results if r.corpus == name)
        by_corpus[name] = part.overall
    return overall, by_corpus


def error_categories(results: Sequence[DocResult]) -> dict[str, dict[str, int]]:
    """Error counts by value shape: missed and wrong value/type/span by gold, spurious by prediction."""
    table: dict[str, Counter[str]] = {
        k: Counter() for k in ("gold", "missed", "spurious", "wrong value", "wrong type", "span")
    }
    for r in results:
        for g in r.doc.gold:
            table["gold"][value_shape(g.value, g.type)] += 1
        for g in r.alignment.missed:
            table["missed"][value_shape(g.value, g.type)] += 1
        for p in r.alignment.spurious:
            table["spurious"][value_shape(p.value, p.type)] += 1
        for g, p in r.alignment.matches:
            shape = value_shape(g.value, g.type)
            table["wrong value"][shape] += g.value != p.value
            table["wrong type"][shape] += g.type != p.type
            table["span"][shape] += (g.start, g.end) != (p.start, p.end)
    shapes = sorted({s for c in table.values() for s in c}, key=lambda s: -table["gold"][s])
    return {s: {k: c[s] for k, c in table.items()} for s in shapes}


def bad_offsets(results: Sequence[DocResult]) -> list[tuple[str, Timex]]:
    """Predictions whose ``text`` is not the slice of the document they claim (a tagger bug)."""
    return [
        (r.doc.name, p)
        for r in results
        for p in r.pred
        if not (0 <= p.start <= p.end <= len(r.doc.text)) or r.doc.text[p.start : p.end] != p.text
    ]


# ---------------------------------------------------------------------------
# Output

_COLUMNS: tuple[tuple[str, str], ...] = (
    ("strict P", "strict_precision"),
    ("strict R", "strict_recall"),
    ("strict F1", "strict_f1"),
    ("relax P", "relaxed_precision"),
    ("relax R", "relaxed_recall"),
    ("relax F1", "relaxed_f1"),
    ("type acc", "type_accuracy"),
    ("value acc", "value_accuracy"),
    ("value F1", "value_f1"),
)


def _defined(c: Counts, attr: str) -> bool:
    # A ratio with nothing to count (precision of a type never predicted)
    # is shown as "-" rather than a misleading 0.00.
    if attr.endswith("precision"):
        return c.pred > 0
    if attr.endswith("recall"):
        return c.gold > 0
    if attr.endswith("accuracy"):
        return c.relaxed_gold > 0
    return True


def _row(label: str, c: Counts) -> str:
    cells = [f"{label:<12}", f"{c.gold:>6}", f"{c.pred:>6}"]
    for head, attr in _COLUMNS:
        width = max(len(head), 6)
        cells.append(
            f"{100 * getattr(c, attr):>{width}.2f}" if _defined(c, attr) else f"{'-':>{width}}"
        )
    return "  ".join(cells)


def render_table(scores: Scores, by_corpus: dict[str, Counts]) -> str:
    """The score table: overall, per corpus directory, then per TIMEX3 type."""
    head = "  ".join(
        [f"{'':<12}", f"{'gold':>6}", f"{'pred':>6}"]
        + [f"{h:>{max(len(h), 6)}}" for h, _ in _COLUMNS]
    )
    rule = "-" * len(head)
    lines = [head, rule, _row("overall", scores.overall)]
    if len(by_corpus) > 1:
        lines += [_row(name, c) for name, c in by_corpus.items()]
    lines.append(rule)
    types: list[str] = [t for t in TIMEX_TYPES if t in scores.by_type]
    types += sorted(t for t in scores.by_type if t not in TIMEX_TYPES)
    lines += [_row(t, scores.by_type[t]) for t in types]
    lines.append(rule)
    lines.append(
        "percentages; per type, P counts predictions of that type, R and accuracies gold of it;"
    )
    lines.append("value F1 = relaxed F1 x value accuracy")
    return "\n".join(lines)


_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n\s*\n")


def context(text: str, start: int, end: int, width: int = 120) -> str:
    """The sentence around ``text[start:end]``, the span marked ``[[...]]``, on one line."""
    left = 0
    for m in _BOUNDARY.finditer(text, 0, start):
        left = m.end()
    m_right = _BOUNDARY.search(text, end)
    right = m_right.start() if m_right else len(text)
    left = max(left, start - width)
    right = min(right, end + width)
    snippet = f"{text[left:start]}[[{text[start:end]}]]{text[end:right]}"
    return " ".join(snippet.split())


def _sample(items: list[_T], n: int) -> list[_T]:
    # Spread the examples over the corpus rather than showing the first file's.
    if len(items) <= n:
        return items
    picked = sorted(random.Random(0).sample(range(len(items)), n))
    return [items[i] for i in picked]


def render_errors(results: Sequence[DocResult], n: int) -> str:
    """Up to ``n`` missed, spurious and wrong-value examples, and the error categories."""
    missed = [(r, g) for r in results for g in r.alignment.missed]
    spurious = [(r, p) for r in results for p in r.alignment.spurious]
    wrong = [(r, g, p) for r in results for g, p in r.alignment.matches if g.value != p.value]
    out: list[str] = []

    out.append(f"\nMissed gold timexes ({len(missed)}):")
    for r, g in _sample(missed, n):
        out.append(f"  {r.doc.name}: {g.type} {g.value}  | {context(r.doc.text, g.start, g.end)}")
    out.append(f"\nSpurious predictions ({len(spurious)}):")
    for r, p in _sample(spurious, n):
        out.append(f"  {r.doc.name}: {p.type} {p.value}  | {context(r.doc.text, p.start, p.end)}")
    out.append(f"\nWrong values ({len(wrong)}):")
    for r, g, p in _sample(wrong, n):
        out.append(
            f"  {r.doc.name}: gold {g.type} {g.value} {g.text!r} / predicted {p.type} {p.value}"
            f" {p.text!r}  | {context(r.doc.text, min(g.start, p.start), max(g.end, p.end))}"
        )

    cats = error_categories(results)
    heads = ("gold", "missed", "spurious", "wrong value", "wrong type", "span")
    out.append("\nErrors by value shape (gold shape; spurious by predicted shape):")
    out.append("  " + f"{'shape':<16}" + "".join(f"{h:>12}" for h in heads))
    for shape, row in cats.items():
        out.append("  " + f"{shape:<16}" + "".join(f"{row[h]:>12}" for h in heads))
    return "\n".join(out)


def summary(
    results: Sequence[DocResult], scores: Scores, by_corpus: dict[str, Counts], seconds: float
) -> dict[str, Any]:
    """The JSON summary: file counts, scores, per-corpus scores, error categories, failures."""
    return {
        "files": len(results),
        "tagger_seconds": round(seconds, 3),
        **scores.to_json(),
        "by_corpus": {k: v.to_json() for k, v in by_corpus.items()},
        "error_categories": error_categories(results),
        "tagger_failures": {r.doc.name: r.error for r in results if r.error},
        "bad_offsets": len(bad_offsets(results)),
    }


def main(argv: Sequence[str] | None = None, tagger: Tagger | None = None) -> int:
    """Command-line entry point; ``tagger`` defaults to :func:`timeline.dates.tag`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dirs", nargs="*", type=Path, help="directories of .tml files")
    parser.add_argument(
        "--show-errors",
        type=int,
        default=0,
        metavar="N",
        help="print up to N examples of each kind of error",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)

    dirs: list[Path] = args.dirs or [d for d in DEFAULT_DIRS if d.is_dir()]
    if not dirs:
        # The shared corpus is optional: a machine without it skips, not fails.
        print(f"eval_timeml: no corpus at {CORPUS_ROOT}; skipping", file=sys.stderr)
        return 0
    missing = [d for d in dirs if not d.exists()]
    if missing:
        print(f"eval_timeml: no such directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    files = find_files(dirs)
    if not files:
        print(
            f"eval_timeml: no {' or '.join(SUFFIXES)} files under the given dirs; skipping",
            file=sys.stderr,
        )
        return 0
    if tagger is None:
        from timeline.dates import tag

        tagger = tag

    results, seconds = evaluate(files, tagger)
    scores, by_corpus = tally(results)
    failures = [r for r in results if r.error]
    wrong_offsets = bad_offsets(results)

    if args.json:
        json.dump(summary(results, scores, by_corpus, seconds), sys.stdout, indent=2)
        print()
        return 0

    chars = sum(len(r.doc.text) for r in results)
    print(
        f"TempEval-3 Task A: {len(results)} files ({', '.join(by_corpus)}), "
        f"{chars / 1e6:.2f} M chars, tagger {seconds:.2f} s"
    )
    print(render_table(scores, by_corpus))
    if failures:
        print(f"\nThe tagger raised on {len(failures)} files (scored as no predictions):")
        for r in failures[:10]:
            print(f"  {r.doc.name}: {r.error}")
    if wrong_offsets:
        print(f"\n{len(wrong_offsets)} predictions whose text is not text[start:end], e.g.:")
        for name, p in wrong_offsets[:5]:
            print(f"  {name}: {p}")
    if args.show_errors > 0:
        print(render_errors(results, args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
