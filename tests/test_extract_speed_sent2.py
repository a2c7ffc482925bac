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


def test_ordinal_first_letter_first_matches_as_the_alternation() -> None:
    """_ORDINAL_RE finds what the plain alternation after a word boundary
    finds, its ordinal and digits running from the match's start: before
    places in sentences and in random text with every kind of space and the
    characters beyond ASCII that match ASCII letters regardless of case."""
    tail = X._ORDINAL_RE.pattern[X._ORDINAL_RE.pattern.index(r")\s+") + 1 :]
    plain = re.compile(
        r"\b(first|inaugural|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
        r"|twelfth|(\d{1,2})(?:st|nd|rd|th))" + tail,
        re.IGNORECASE,
    )
    words = [w.capitalize() for w in X._ORDINAL_WORDS] + [w.upper() for w in X._ORDINAL_WORDS]
    pieces = [*X._ORDINAL_WORDS, *words, "1", "12", "123", "\u0663", "1st", "22nd", "3RD", "11th", "\u0663th", "st", "nd", "RD", "th", " ", "  ", "\n", "\t",
              "x", "-", "U.S.-ROK ", "Japan–Korea ", "long-term ", "fir", "ſt", "F\u0130RST", "f\u0131rst", "_"]  # fmt: skip
    rng = random.Random(31)
    texts = _random(rng, pieces, 6000)
    ends = ["", "U.S.-ROK ", "Korea–Japan ", "long-term ", "x-y\n"]
    spaces = ["", " ", "\xa0", "\n"]
    texts += [
        t + rng.choice(pieces) + rng.choice(pieces) + rng.choice(spaces) + rng.choice(ends)
        for t in _random(rng, pieces, 6000)
    ]
    texts += [s[max(0, i - 40) : i] for s in _sentences(20) for i in range(1, len(s) + 1) if s[i - 1].isspace()]
    found = digits = 0
    for text in texts:
        m, p = X._ORDINAL_RE.search(text), plain.search(text)
        assert (m is None) == (p is None), text
        if m is not None and p is not None:
            assert m.span() == p.span(), text
            assert text[m.start() : m.end(1)] == p.group(1), text
            assert (m.group(2) is None) == (p.group(2) is None), text
            if p.group(2) is not None:
                assert text[m.start() : m.end(2)] == p.group(2), text
                digits += 1
            found += 1
    assert found > 500 and digits > 50


def test_joint_acts_looked_for_near_the_start_are_those_of_the_whole() -> None:
    """What _leaders_acting takes of _JOINT_ACT (a match starting by 160)
    is the same searched up to _JOINT_REACH as searched in the whole text."""
    rng = random.Random(37)
    pieces = [*X._JOINT_WORDS, "Agreed", "SIGNED", "agreedly", "x" * 20, " ", "\n", "-", "é", "abc ", "re"]
    texts = _sentences(20) + _random(rng, pieces, 3000)
    texts += ["y" * rng.randrange(140, 175) + " " + "".join(rng.choice(pieces) for _ in range(3)) for _ in range(3000)]
    taken = 0
    for text in texts:
        near, whole = X._JOINT_ACT.search(text, 0, X._JOINT_REACH), X._JOINT_ACT.search(text)
        near_span = near.span() if near is not None and near.start() <= 160 else None
        whole_span = whole.span() if whole is not None and whole.start() <= 160 else None
        assert near_span == whole_span, text
        taken += near_span is not None
    assert taken > 500
