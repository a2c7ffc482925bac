"""The Hyperscan prefilter of the trigger patterns (extract._kind_prefilter)
changes no trigger and no extraction: each pattern is tried only where one
scan of the sentence says it may match, and that finds what finditer finds."""

from __future__ import annotations

import datetime as dt
import importlib
import re

# The parsed form of a pattern, to tell its shortest match.
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import prefilter
from timeline.ingest import parse_document

from .test_prefilter import SAMPLES, TRICKY, WH_DOCS

pytest.importorskip("hyperscan")

# The module, not the function of the same name that timeline exports.
X = importlib.import_module("timeline.extract")

TRIGGER_WORDS = [
    "met", "meets", "summit", "talks", "fired", "missile", "missiles", "Freedom Shield",
    "Ulchi Freedom Shield", "visit", "visited", "test-fired", "test‑fired", "launched a", "launch",
    "tests", "satellite", "rocket", "orbit", "DPRK's", "Korea’s", "North's", "nuclear test",
    "exercises", "joint", "drills", "war games", "Plans", "Joint Statement", "Camp David Statement",
    "welcomed the", "President", "Yoon", "of", "to", "the", "a", "ICBMs", "KN-23", "Hwasong-18",
    "establishment of the", "Council", "declaration of war", "martial law", "spoke with",
    "phone call", "signed", "sanctioned", "said", "warned", "called for", "dropped", "bombs",
    "trip to", "arrived in", "RIMPAC", "Iron Mace", "conference", "Meeting-Plus", "cease-fire",
]  # fmt: skip
PIECES = [*TRICKY, *TRIGGER_WORDS]
PATTERNS = [p for _k, p, _w in X._KIND_RES] + [X._gazetteers().exercise_re._whole]


def test_the_patterns_are_those_scanned_for_and_none_matches_the_empty_string() -> None:
    # finditer_at, like finditer, moves on from a match's end: only right for
    # matches that are not empty.
    assert [p for p, _caseless in X._kind_prefilter()._patterns] == PATTERNS
    for pattern in PATTERNS:
        assert sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[0] > 0, pattern.pattern[:60]


def test_finditer_at_finds_what_finditer_finds() -> None:
    pattern = re.compile(r"aa|b(?=c)")
    text = "aaaaa bc abc"
    starts = [i for i in range(len(text) + 1) if pattern.match(text, i)]
    assert starts == [0, 1, 2, 3, 6, 10]
    found = [m.span() for m in prefilter.finditer_at(pattern, text, starts)]
    assert found == [m.span() for m in pattern.finditer(text)] == [(0, 2), (2, 4), (6, 7), (10, 11)]
    # Extra places (the prefilter's superset) change nothing.
    assert [m.span() for m in prefilter.finditer_at(pattern, text, range(len(text)))] == found


def _sentence(parts: list[str], glue: list[bool]) -> str:
    """Parts run together (a word right beside another) or spaced."""
    out = parts[0] if parts else ""
    for part, spaced in zip(parts[1:], glue, strict=False):
        out += (" " if spaced else "") + part
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=30),
    st.lists(st.booleans(), max_size=30),
)
def test_every_match_start_is_reported_and_the_triggers_are_the_same(parts: list[str], glue: list[bool]) -> None:
    sentence = X._spaces(_sentence(parts, glue))
    reported = X._kind_prefilter().starts(sentence)
    for pattern, starts in zip(PATTERNS, reported, strict=True):
        missing = {i for i in range(len(sentence) + 1) if pattern.match(sentence, i)} - set(starts)
        assert not missing, (pattern.pattern[:60], sentence, missing)
    for keys in (X._key_mask(sentence.lower()), X._ALL_KEYS):
        assert X._triggers(sentence, keys=keys, scan=True) == X._triggers(sentence, keys=keys), sentence


def _extract_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[X.Extraction, X.Extraction]:
    dct = dt.date(2025, 12, 12)
    monkeypatch.delenv("TIMELINE_PREFILTER", raising=False)  # scanned even where turned off
    monkeypatch.setattr(X, "_PREFILTER_MIN", 0)
    scanned = X.extract(text, dct)
    monkeypatch.setattr(X, "prefilter_available", lambda: False)
    plain = X.extract(text, dct)
    monkeypatch.undo()
    return scanned, plain


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([*PIECES, ".", ". ", "\n\n", "on Thursday", "March 3, 2024"]), max_size=60),
    st.lists(st.booleans(), max_size=60),
)
def test_extraction_is_the_same_on_any_text(parts: list[str], glue: list[bool]) -> None:
    # Sentences cut from a text, beside word characters or not.
    with pytest.MonkeyPatch.context() as monkeypatch:
        scanned, plain = _extract_both_ways(_sentence(parts, glue), monkeypatch)
    assert scanned == plain


def test_extraction_is_the_same_on_the_samples_and_real_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(SAMPLES.glob("*.md"))
    if WH_DOCS.is_dir():
        paths += sorted(WH_DOCS.rglob("*.md"))[::8]
    scanned_sentences = 0
    real = X._kind_prefilter.__wrapped__

    def counted() -> prefilter.Prefilter:
        nonlocal scanned_sentences
        scanned_sentences += 1
        return real()

    for path in paths:
        doc = parse_document(path.read_text("utf-8"), str(path))
        with monkeypatch.context() as m:
            m.setattr(X, "_kind_prefilter", counted)
            scanned, plain = _extract_both_ways(doc.text, m)
        assert scanned == plain, path
    assert scanned_sentences > 20  # the scan did run


def test_without_hyperscan_the_plain_scans_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter, "_hs", None)
    monkeypatch.setattr(X, "_PREFILTER_MIN", 0)
    events = X.extract("North Korea fired two missiles on Thursday.", dt.date(2025, 12, 12)).events
    assert [(e.kind, e.date.value) for e in events] == [("missile_launch", "2025-12-11")]


def test_short_texts_are_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> prefilter.Prefilter:
        raise AssertionError("scanned")

    monkeypatch.setattr(X, "_kind_prefilter", fail)
    text = "The allies met in Seoul on Thursday."
    assert len(text) < X._PREFILTER_MIN
    assert X.extract(text, dt.date(2025, 12, 12)).events
