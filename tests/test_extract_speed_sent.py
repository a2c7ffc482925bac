"""The per-sentence shortcuts of the extractor (its gazetteer name search,
the trigger search, the checks around a trigger) find what the plain
computations find."""

from __future__ import annotations

import importlib
import json
import random
import re
import sys
from pathlib import Path

import pytest

from timeline import prefilter

# The module, not the function of the same name that timeline exports.
X = importlib.import_module("timeline.extract")

ROOT = Path(__file__).resolve().parents[1]


def _texts(wh_docs: int) -> list[str]:
    """The sample articles and the first White House documents, if present."""
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "timeline" / "samples").iterdir())]
    wh = ROOT.parent / "shared" / "corpora" / "wh-briefings-korea" / "docs"
    texts += [p.read_text("utf-8") for p in sorted(wh.rglob("*.md"))[:wh_docs]] if wh.is_dir() else []
    return texts


def _sentences(wh_docs: int) -> list[str]:
    return [s.text for text in _texts(wh_docs) for s in X.split_sentences(text)]


def test_a_word_character_is_alphanumeric_or_an_underscore() -> None:
    """What _Names.spans tells by str.isalnum, for every character."""
    word = re.compile(r"\w")
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    by_regex = {m.start() for m in word.finditer(every)}
    by_str = {i for i, c in enumerate(every) if c.isalnum() or c == "_"}
    assert by_regex == by_str


def test_name_spans_are_the_lookaround_pattern_matches() -> None:
    """_Names.spans finds what the names' pattern with its lookbehind finds,
    in sentences and in names run together, inside words, next to
    characters beyond ASCII and cut by the range's ends."""
    g = X._gazetteers()
    gazetteers = (g.actor_re, g.official_re, g.place_re, g.exercise_re)
    sentences = _sentences(40)
    for names in gazetteers:
        for text in sentences:
            found = names.spans(text)
            assert found == [m.span() for m in names._whole.finditer(text)], text
    rng = random.Random(7)
    matched = 0
    for names in gazetteers:
        # Names that start alike ("Korea", "Korea Strait"), and one a prefix of another.
        pieces = [*rng.sample(names.names, 12), *[n for n in names.names if " " in n][:6]]
        pieces += [" ", "-", ".", "_", "x", "é", "\u0130", "9", "'s ", "\n", "?"]
        pieces += [n[: len(n) // 2] for n in pieces[:6]]
        for _ in range(1500):
            text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 14)))
            pos = rng.randrange(0, len(text))
            endpos = rng.randrange(pos, len(text) + 1)
            found = names.spans(text, pos, endpos)
            assert found == [m.span() for m in names._whole.finditer(text, pos, endpos)], (text, pos, endpos)
            matched += len(found)
    assert matched > 100


def test_names_beyond_ascii_and_with_question_marks_are_found_exactly() -> None:
    """Names that cannot be looked for in ASCII bytes (beyond ASCII, or with
    a "?", which stands for any such character there) are looked for in
    the text."""
    names = X._Names(["Köln", "Köln Bonn", "Bonn", "Why?", "Why? Not", "Not"])
    assert not names._ascii
    for text in ("Köln Bonn", "xKöln Bonn", "Köln Bonnx", "Why? Not", "Whyé Not", "Köln-Bonn", "Why?Not"):
        for pos in range(len(text)):
            for endpos in range(pos, len(text) + 1):
                assert names.spans(text, pos, endpos) == [
                    m.span() for m in names._whole.finditer(text, pos, endpos)
                ], (text, pos, endpos)
    assert names.spans("Why? Not Bonn") == [(0, 8), (9, 13)]


def test_prefilter_places_are_the_starts_that_are_there() -> None:
    """Prefilter.places: Prefilter.starts without the empty lists."""
    pytest.importorskip("hyperscan")
    if not prefilter.available():
        pytest.skip("prefilter turned off")
    kinds = X._kind_prefilter()
    seen = 0
    for text in [*_sentences(20), "", "x", "North Korea fired two missiles; the allies met for talks."]:
        starts = kinds.starts(text)
        assert kinds.places(text) == {i: s for i, s in enumerate(starts) if s}
        seen += sum(map(bool, starts))
    assert seen > 100


def test_triggers_found_by_the_scan_are_those_found_by_the_patterns() -> None:
    for text in _sentences(40):
        plain = X._triggers(text, prefilter=False)
        assert X._triggers(text, scan=True) == X._triggers(text) == plain, text


def test_titles_written_first_letter_first_match_as_the_alternation() -> None:
    """The officials' title pattern finds what ``\\b(?:title|…)`` followed by
    the name finds, in sentences and in titles run together."""
    g = X._gazetteers()
    titles = json.loads((ROOT / "timeline" / "data" / "officials.json").read_text("utf-8"))["titles"]
    tail = g.title_re.pattern[g.title_re.pattern.index(r"\s+(") :]
    plain = re.compile(rf"\b(?:{X._alternation(titles)}){tail}")
    assert plain.pattern != g.title_re.pattern
    texts = _sentences(40)
    rng = random.Random(5)
    pieces = [*titles, " ", "  ", "x", "-", ".", "é", "Kim ", "Jong ", "Un", "Lee", "Yoon-", "suk ", "\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 16))) for _ in range(3000)]
    found = 0
    for text in texts:
        spans = [m.span(1) for m in g.title_re.finditer(text)]
        assert spans == [m.span(1) for m in plain.finditer(text)], text
        found += len(spans)
    assert found > 200


def test_patterns_that_end_at_the_end_are_looked_for_there() -> None:
    """_ends_with finds what a search up to each place finds: in sentences
    and in random text with every kind of space (line breaks, no-break and
    Unicode spaces, the information separators that str.isspace counts)
    and the characters beyond ASCII that match ASCII letters in any case."""
    rng = random.Random(11)
    pieces = ["the", "The", "THEIR", "their", "a", "an", "its", "his", "her", "this", "'s", "’s", "thi\u017f",
              "x", "-", "the\n", " ", "  ", "\n", "\t", "\xa0", "\u2003", "\x1c", "\x85", ",", "othe", "ſ"]  # fmt: skip
    texts = _sentences(3)[:300]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 10))) for _ in range(2000)]
    found = 0
    for pattern in (X._NOUN_BEFORE, X._ATTRIBUTIVE):
        for text in texts:
            # Where a space ends the text (elsewhere neither matches), and a few other places.
            ends = [i for i in range(len(text) + 1) if text[i - 1 : i].isspace() or rng.random() < 0.05]
            for end in ends:
                plain = pattern.search(text, 0, end) is not None
                assert X._ends_with(pattern, text, end) == plain, (pattern.pattern, text, end)
                found += plain
    assert found > 1000


def test_words_tell_where_the_relative_and_three_patterns_may_match() -> None:
    """Where _may_hold says no to a pattern's words, it finds nothing (text
    in any case, with the characters beyond ASCII that match ASCII letters)."""
    rng = random.Random(13)
    beyond = ["’", "\xa0", "é", "\u0130", "\u0131", "\u017f", "\u212a"]
    cases = [
        (X._RELATIVE_ANY, X._RELATIVE_LINKS, [" a ", "two ", "12 ", "days ", "Week ", "MONTHS ", "After", "BEFORE ", "x ", "two days after", "a week before"]),
        (X._THE_THREE, X._THREE_WORDS, ["the ", "Our ", "three ", "THREE ", "trilateral", "Tri", "lateral", "allies", "leaders"]),
        (X._NEGATION, X._NEGATION_WORDS, [*X._NEGATION_WORDS, "NOT ", "Never", "cancelled", "x ", ", ", "; ", "CouLd"]),
        (X._FUTURE, X._FUTURE_WORDS, [*X._FUTURE_WORDS, "WILL ", "Plans to ", "agreed to hold", "Next", "x", " "]),
        (X._MEDIA_SUBJECT, X._MEDIA_WORDS, [*X._MEDIA_WORDS, "State Media ", "KCNA ", "reports ", " said", "x "]),
        (X._ANCHOR_BEFORE, X._ANCHOR_WORDS, [*X._ANCHOR_WORDS, " AFTER ", "the ", "Summit ", "x ", "’s "]),
        (X._SUPERSEDED, X._SUPERSEDED_WORDS, [*X._SUPERSEDED_WORDS, "Originally ", "first ", " for ", " on ", " ", "originally set for ", "Instead of "]),
        (X._SPAN_END, X._SPAN_END_WORDS, [*X._SPAN_END_WORDS, "runs to ", "lasts until ", "Through ", " ", "x", "until "]),
        (X._WRAP_UP, X._WRAP_UP_WORDS, [*X._WRAP_UP_WORDS, "wraps up ", "Ended ", "closes ", " on ", " ", "x", "ends on "]),
    ]  # fmt: skip
    for pattern, words, pieces in cases:
        texts = ["".join(rng.choice([*pieces, *beyond]) for _ in range(rng.randrange(0, 8))) for _ in range(3000)]
        texts += _sentences(10)
        skipped = matched = 0
        for text in texts:
            found = pattern.search(text) is not None
            matched += found
            if not X._may_hold(text, words):
                skipped += 1
                assert not found, text
        assert skipped > 500 and matched > 100, pattern.pattern


def test_case_bound_patterns_match_only_with_their_words() -> None:
    """_LEADERS_NOUN matches only where "eaders" or "heads of" occurs,
    _COMPOUND only where a dash does."""
    rng = random.Random(17)
    cases = [
        (X._LEADERS_NOUN, ("eaders", "heads of"), ["Leaders", "leaders", "heads of ", "state", "government", "x", " "]),
        (X._COMPOUND, ("-", "–"), ["U.S.", "ROK", "-", "–", "Japan", "x", " ", "Korea"]),
        (X._NOW_VERB, X._NOW_WORDS, [*X._NOW_WORDS, "is ", "are ", "honored to host", "x", " ", "Meets"]),
        (X._NOW_OPENING, (*X._NOW_WORDS, "We"), [*X._NOW_WORDS, "We, the Leaders", "We the heads of state", " ", "x", "we"]),
        (X._TOPIC, X._TOPIC_WORDS, [*X._TOPIC_WORDS, "where she will go", "on the threats", "x", " ", "About"]),
        (X._CLAUSE_BREAK, (";", ":", ",", "that"), [";", ":", ", ", "while", "and", "that", "That", " ", "x", "who"]),
    ]
    for pattern, words, pieces in cases:
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8))) for _ in range(2000)]
        texts += _sentences(10)
        skipped = matched = 0
        for text in texts:
            found = pattern.search(text) is not None
            matched += found
            if not any(w in text for w in words):
                skipped += 1
                assert not found, text
        assert skipped > 300 and matched > 100, pattern.pattern
