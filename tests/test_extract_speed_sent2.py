"""More per-sentence shortcuts of the extractor find what the plain
computations find."""

from __future__ import annotations

import importlib
import random
import re
from pathlib import Path

# The module, not the function of the same name that timeline exports.
X = importlib.import_module("timeline.extract")

ROOT = Path(__file__).resolve().parents[1]

# Characters beyond ASCII: spaces, quotes, and those that match ASCII letters regardless of case.
_BEYOND = ["’", "\xa0", "\u2003", "\x85", "é", "\u0130", "\u0131", "\u017f", "\u212a"]


def _sentences(wh_docs: int) -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "timeline" / "samples").iterdir())]
    wh = ROOT.parent / "shared" / "corpora" / "wh-briefings-korea" / "docs"
    texts += [p.read_text("utf-8") for p in sorted(wh.rglob("*.md"))[:wh_docs]] if wh.is_dir() else []
    return [s.text for text in texts for s in X.split_sentences(text)]


def _random(rng: random.Random, pieces: list[str], n: int) -> list[str]:
    every = [*pieces, *_BEYOND]
    return ["".join(rng.choice(every) for _ in range(rng.randrange(0, 10))) for _ in range(n)]


def test_home_reference_first_letter_first_matches_as_the_alternation() -> None:
    """_HOME_REF finds what the plain alternation after a word boundary finds."""
    plain = re.compile(
        r"\b(?:the (?:Vice )?President|the Secretary(?! General)|the First Lady|the National Security Advisor"
        r"|the [Aa]dministration)\b(?! of)|\b(?:[Ww]e|[Oo]ur|[Ss]he|[Hh]e)\b"
    )
    pieces = ["the ", "The ", "Vice ", "President", "Secretary", " General", "First Lady", "National Security Advisor",
              "administration", "Administration", " of", "We", "we", "our", "Our", "she", "She", "he", "He", "the",
              "x", " ", "-", "_", "1", "’s", "t", "h", "e", "s", "W", "o", "ur"]  # fmt: skip
    texts = _sentences(40) + _random(random.Random(23), pieces, 5000)
    found = 0
    for text in texts:
        spans = [m.span() for m in X._HOME_REF.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)], text
        found += len(spans)
    assert found > 2000


def test_words_tell_where_the_two_may_match() -> None:
    """Where _may_hold says no to _TWO_WORDS, _THE_TWO finds nothing."""
    pieces = ["the two ", "THE TWO ", "The Two ", "the ", "two ", "countries", "LEADERS", "Sides", "presidents", "x", " "]
    texts = _sentences(10) + _random(random.Random(29), pieces, 3000)
    skipped = matched = 0
    for text in texts:
        found = X._THE_TWO.search(text) is not None
        matched += found
        if not X._may_hold(text, X._TWO_WORDS):
            skipped += 1
            assert not found, text
    assert skipped > 500 and matched > 100
