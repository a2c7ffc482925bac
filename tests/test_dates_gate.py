"""Quality gate: the tagger's TempEval-3 scores on the shared TimeML news.

Runs only where ``../shared/corpora/timeml-tbaq`` exists (the developers'
machines and CI); elsewhere it skips. The floors are the scores the tagger
reached when they were pinned, minus one point: a change that loses more than
that on either corpus fails here. Scoring is :func:`timeline.timeml.score`,
the same as ``scripts/eval_timeml.py``'s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.dates import tag
from timeline.timeml import Counts, TimeMLError, Timex, read_timeml, score

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "timeml-tbaq"
SUFFIXES = (".tml", ".TE3input")

# (value F1, relaxed F1) in percent, reached minus one point.
FLOORS = {
    "TimeBank": (82.5, 93.5),
    "AQUAINT": (77.5, 94.0),
}

pytestmark = pytest.mark.corpus


def _corpus_scores(name: str) -> Counts:
    folder = CORPUS / name
    pairs: list[tuple[list[Timex], list[Timex]]] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES)):
        try:
            doc = read_timeml(path)
        except TimeMLError:
            continue  # unreadable files are skipped, as by scripts/eval_timeml.py
        pairs.append((doc.gold, tag(doc.text, doc.dct)))
    if not pairs:
        pytest.skip(f"no TimeML files under {folder}")
    return score(pairs).overall


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_timeml_scores_stay_above_floors(name: str) -> None:
    if not (CORPUS / name).is_dir():
        pytest.skip(f"no corpus at {CORPUS / name}")
    counts = _corpus_scores(name)
    value_floor, relaxed_floor = FLOORS[name]
    value_f1, relaxed_f1 = 100 * counts.value_f1, 100 * counts.relaxed_f1
    assert value_f1 >= value_floor, f"{name} value F1 {value_f1:.2f} < {value_floor}"
    assert relaxed_f1 >= relaxed_floor, f"{name} relaxed F1 {relaxed_f1:.2f} < {relaxed_floor}"
