"""The extractor's fast paths over paragraphs and the document's officials
find what the plain computations find, on the sample articles, White House
documents and random text made of the pieces each path has to tell apart."""

from __future__ import annotations

import importlib
import random

from .test_extract import _sample_and_wh_texts

# The module, not the function of the same name that timeline exports.
X = importlib.import_module("timeline.extract")


def _random_texts(pieces: list[str], count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, longest))) for _ in range(count)]


def _plain_short_names(text: str, pos: int, sentence: str) -> list[str]:
    """_DocParties.short_names as first written, from the whole pattern's matches before ``pos``."""
    g = X._gazetteers()
    short: dict[str, str] = {}
    for m in g.official_re._whole.finditer(text, 0, pos):
        name = g.aliases.get(m.group(0), m.group(0))
        if name in g.officials and " " in name:
            short[X._surname(name)] = name
    return [
        full for word, full in short.items()
        if word in sentence and word not in g.aliases and X._surname_re(word).search(sentence)
    ]  # fmt: skip


def _plain_leader_before(text: str, pos: int) -> bool:
    g = X._gazetteers()
    named = [m.group(0) for m in g.official_re._whole.finditer(text, max(0, pos - 400), pos)]
    if not named:
        return False
    name = g.aliases.get(named[-1], named[-1])
    return bool(g.officials.get(name, ["", ""])[1] in X._LEADER_TITLES)


def test_officials_before_found_as_by_the_whole_pattern() -> None:
    """short_names (asked in text order, and again from the start) and
    leader_before find what the whole pattern's matches tell."""
    g = X._gazetteers()
    names = sorted({*g.officials, *g.aliases})
    surnames = sorted({X._surname(n) for n in g.officials})
    pieces = [*names, *surnames, *" -_.,a", " said ", "\n\n", "Mr. ", "é", "xyz"]
    texts = _random_texts(pieces, 600, 60, 11) + _sample_and_wh_texts(20)
    rng = random.Random(5)
    for text in texts:
        doc = X._DocParties(text)
        cuts = sorted(rng.randrange(0, len(text) + 1) for _ in range(6))
        cuts += sorted(rng.randrange(0, len(text) + 1) for _ in range(3))  # back to the start: taken in anew
        for pos in cuts:
            sentence = text[pos : pos + rng.randrange(0, 200)]
            assert doc.short_names(pos, sentence) == _plain_short_names(text, pos, sentence), (text, pos)
            assert doc.leader_before(pos) == _plain_leader_before(text, pos), (text, pos)


RELATIVE_PIECES = [
    *" \n\tabs", "a ", "an ", "One ", "TWO ", "12 ", "day ", "Days ", "WEEK ", "months ", "after", "Before",
    "AFTER", "dAy ", "\u017f", "\u0130", "\u212a", "launch ", "the ", "afte", "befor", "é", "  ",
]  # fmt: skip


def test_every_relative_match_holds_a_unit_and_a_link() -> None:
    """extract asks _RELATIVE_ANY only where _may_hold finds one of
    _RELATIVE_UNITS and one of _RELATIVE_LINKS: every match holds both."""
    texts = _random_texts(RELATIVE_PIECES, 40000, 12, 3) + _sample_and_wh_texts(30)
    texts += ["a day after", "Two Weeks Before", "5 months later after", "fifteen \u017fays after"]
    found = 0
    for text in texts:
        if X._RELATIVE_ANY.search(text):
            found += 1
            assert X._may_hold(text, X._RELATIVE_UNITS) and X._may_hold(text, X._RELATIVE_LINKS), repr(text)
    assert found > 100
