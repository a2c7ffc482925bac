"""The tagger's fast paths find exactly what the plain scans would.

``dates._trigger_hits`` stands in for ``_TRIGGER.finditer``, rules given
``starts=`` carry a lookahead that must only skip work, never matches, and
``dates._matches`` stands in for a rule's ``finditer``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

# The parsed form of a pattern, to prove a rule safe for the lead scan.
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import dates

from .test_dates import CATEGORIES

SAMPLE = " ".join(t for cases in CATEGORIES.values() for t, _ in cases)
EXTRA = (
    "In FY 2025 and fy2024, the 1990s, the '80s, twenties, Q3 2024 and 3Q 24. These days, at this "
    "point in time, Martin Luther King Day, Presidents' Day, Mother's Day, the Fourth of July and "
    "New Year's Eve. At 10 a.m. EST, 7pm, 9 o'clock, on 12/11/2025 and 2025-12-11. x2020 a1990s "
    "today's midweek behalf knowing nowadays sometimes chicago, Sunday-Monday, ٢٠٢٥ and 1٩٩٩."
)
WH_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wh-briefings-korea" / "docs"


def _wh_texts() -> Iterator[tuple[str, str]]:
    """(name, text) of the first 60 White House documents; skips the test
    when the corpus is absent."""
    if not WH_DOCS.is_dir():
        pytest.skip("no ../shared/corpora")
    for path in sorted(WH_DOCS.rglob("*.md"))[:60]:
        yield path.name, path.read_text(encoding="utf-8")
FRAGMENTS = [
    "day", "days", "today", "may", "Mayor", "now", "know", "2025", "1990s", "'90s", "fy", "q2",
    "3q", "new", "year", "these", "point", "in", "time", "10", "a.m.", "pm", "o'clock", "12/11",
    "-", "_", "x", "forties", "half", "behalf", "two", "weeks", "ago", "ٍ", "٣", "’", " ", "  ",
    ".", ",", "\n",
]  # fmt: skip


def _plain_hits(low: str) -> list[tuple[int, str]]:
    return [
        (m.start(), dates._WORD_CLASS[m.group("w")] if m.group("w") else m.lastgroup or "")
        for m in dates._TRIGGER.finditer(low)
    ]


def _fast_hits(low: str) -> list[tuple[int, str]]:
    return sorted((p, cls) for cls, starts in dates._trigger_hits(low).items() for p in starts)


@pytest.mark.parametrize("text", [SAMPLE, EXTRA, SAMPLE.lower(), EXTRA.upper()])
def test_trigger_hits_match_the_plain_scan(text: str) -> None:
    low = dates._ascii_lower(text)
    assert _fast_hits(low) == _plain_hits(low)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_trigger_hits_match_on_any_text(parts: list[str]) -> None:
    low = dates._ascii_lower("".join(parts))
    assert _fast_hits(low) == _plain_hits(low)


@pytest.mark.corpus
def test_trigger_hits_match_on_the_white_house_corpus() -> None:
    for name, text in _wh_texts():
        low = dates._ascii_lower(text)
        assert _fast_hits(low) == _plain_hits(low), name


def test_ascii_lower_keeps_offsets() -> None:
    text = "İstanbul ÉTÉ Straße MAY ’90s \udcff"
    low = dates._ascii_lower(text)
    assert len(low) == len(text)
    assert low == "".join(c.lower() if c.isascii() else c for c in text)


def _without_starts(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The rule's pattern with its ``starts=`` lookahead removed, if it has one."""
    source = pattern.pattern
    if not source.startswith(r"\b(?="):
        return None
    depth = 0
    for i in range(2, len(source)):
        if source[i - 1] == "\\":
            continue
        depth += {"(": 1, ")": -1}.get(source[i], 0)
        if depth == 0:
            return re.compile(r"\b" + source[i + 1 :], pattern.flags)
    raise AssertionError(source)


@pytest.mark.parametrize("rule", [r for r in dates._RULES if _without_starts(r.pattern)], ids=lambda r: r.name)
def test_starts_lookahead_changes_no_match(rule: dates._Rule) -> None:
    plain = _without_starts(rule.pattern)
    assert plain is not None
    for text in (SAMPLE, EXTRA):
        source = dates._ascii_lower(text) if rule.lower else text
        assert [m.span() for m in rule.pattern.finditer(source)] == [
            m.span() for m in plain.finditer(source)
        ]


# --- the lead scan (dates._lead) -------------------------------------------

ParsedItems = list[tuple[object, object]]


def _is_word(c: str) -> bool:
    return re.fullmatch(r"\w", c) is not None


def _class_is_word(items: ParsedItems) -> bool:
    """Whether every character a parsed ``[...]`` class matches is a word character."""
    for op, av in items:
        if op is sre_c.LITERAL:
            if not _is_word(chr(av)):  # type: ignore[call-overload]
                return False
        elif op is sre_c.RANGE:
            lo, hi = av  # type: ignore[misc]
            if not all(_is_word(chr(c)) for c in range(lo, hi + 1)):
                return False
        elif not (op is sre_c.CATEGORY and av in (sre_c.CATEGORY_DIGIT, sre_c.CATEGORY_WORD)):
            return False  # a negated class, a space…
    return True


def _word_start(seq: ParsedItems, bounded: bool = False) -> bool:
    r"""Whether every way of matching ``seq`` passes a ``\b`` and then
    consumes a word character first (so that the character before a match is
    never a word character)."""
    for i, (op, av) in enumerate(seq):
        rest = seq[i + 1 :]
        if op is sre_c.AT:
            bounded = bounded or av is sre_c.AT_BOUNDARY
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        elif op is sre_c.LITERAL:
            return bounded and _is_word(chr(av))  # type: ignore[call-overload]
        elif op is sre_c.IN:
            return bounded and _class_is_word(list(av))  # type: ignore[call-overload]
        elif op is sre_c.SUBPATTERN:
            return _word_start(list(av[3]) + rest, bounded)  # type: ignore[index]
        elif op is sre_c.BRANCH:
            return all(_word_start(list(alt) + rest, bounded) for alt in av[1])  # type: ignore[index]
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            lo, _, sub = av  # type: ignore[misc]
            return _word_start(list(sub) + rest, bounded) and (lo > 0 or _word_start(rest, bounded))
        else:
            return False  # not proven
    return False  # may match the empty string


def _leads_with_lookbehind(pattern: re.Pattern[str]) -> bool:
    """Whether a one-character negative lookbehind starts every match (no
    top-level alternation)."""
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    if not items or items[0][0] is not sre_c.ASSERT_NOT:
        return False
    direction, sub = items[0][1]
    return direction == -1 and len(sub) == 1 and sub[0][0] is sre_c.IN


LED = [r for r in dates._RULES if r.lead is not None]


@pytest.mark.parametrize("rule", LED, ids=lambda r: r.name)
def test_lead_scan_is_sound_by_construction(rule: dates._Rule) -> None:
    # A rule is scanned with one character before it only if every match
    # provably starts after a character of the lead class.
    source = rule.pattern.pattern
    if source.startswith(r"\b"):
        assert _word_start(list(sre_parse.parse(source, rule.pattern.flags)))
    else:
        assert _leads_with_lookbehind(rule.pattern)


def test_rules_without_lead_scan_need_it_off() -> None:
    # lead=False only where the proof above fails.
    for rule in dates._RULES:
        if rule.lead is None:
            assert not _word_start(list(sre_parse.parse(rule.pattern.pattern, rule.pattern.flags)))


def _lead_spans(rule: dates._Rule, source: str, start: int) -> list[tuple[int, int]]:
    assert rule.lead is not None
    return [m.span() for m in dates._matches(rule, source, [(start, len(source))])]


def _plain_spans(rule: dates._Rule, source: str, start: int) -> list[tuple[int, int]]:
    return [m.span() for m in rule.pattern.finditer(source, start, len(source))]


@pytest.mark.parametrize("rule", LED, ids=lambda r: r.name)
def test_lead_scan_finds_what_finditer_finds(rule: dates._Rule) -> None:
    for text in (SAMPLE, EXTRA, SAMPLE.upper(), "x" + SAMPLE):
        source = dates._ascii_lower(text) if rule.lower else text
        for start in (0, 1, 7, len(source) // 2):
            assert _lead_spans(rule, source, start) == _plain_spans(rule, source, start)


LEAD_FRAGMENTS = [
    *FRAGMENTS, "May 5", "Dec. 11, 2025", "the 3rd of March", "x3 days", "é2 weeks", "10:30 p.m.", "noon",
    "'90s", "early", "last", "three", "years", "earlier", "a", "the", "first", "quarter",
    "(", "“", "—", "\xa0", "\n", "\n\n", "٣ days", "\u212aast week", "\u017fix", "\u0130n", "?",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LEAD_FRAGMENTS), max_size=30), st.integers(0, 5))
def test_lead_scan_matches_on_any_text(parts: list[str], start: int) -> None:
    text = "".join(parts)
    for rule in LED:
        source = dates._ascii_lower(text) if rule.lower else text
        start_at = min(start, len(source))
        assert _lead_spans(rule, source, start_at) == _plain_spans(rule, source, start_at), rule.name


# --- rules tried only near their trigger words (near=) ------------------------

NEAR = [r for r in dates._RULES if r.near is not None]


def _near_and_plain(rule: dates._Rule, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans a near= rule finds over the runs of ``text``, tried near
    trigger words and tried everywhere."""
    low = dates._ascii_lower(text)
    hits = dates._trigger_hits(low)
    runs = dates._runs(text, hits)(rule.triggers)
    words = sorted(p for k in rule.triggers for p in hits.get(k, ()))
    assert rule.near is not None
    starts = dates._near_starts(low, low[::-1], words, runs, rule.near)
    source = low if rule.lower else text
    near = [m.span() for m in dates._matches_at(rule, source, runs, starts)]
    plain = [m.span() for m in dates._matches(rule, source, runs)]
    return near, plain


@pytest.mark.parametrize("rule", NEAR, ids=lambda r: r.name)
def test_near_rules_start_at_word_starts(rule: dates._Rule) -> None:
    assert _word_start(list(sre_parse.parse(rule.pattern.pattern, rule.pattern.flags)))


@pytest.mark.parametrize("rule", NEAR, ids=lambda r: r.name)
def test_near_rules_find_what_a_full_scan_finds(rule: dates._Rule) -> None:
    for text in (SAMPLE, EXTRA, "x" + SAMPLE, SAMPLE.replace(" ", "  ")):
        near, plain = _near_and_plain(rule, text)
        assert near == plain


NEAR_FRAGMENTS = [
    " ", "  ", ", ", "-", "(", "the", "The", "this", "This", "26th", "3", "day", "of", "in", "end",
    "as", "early", "mid", "last", "this past", "every", "Monday", "March", "May", "Dec.", "Sept",
    "2025", "may", "beginning", "\n", ".",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NEAR_FRAGMENTS), max_size=30))
def test_near_rules_find_what_a_full_scan_finds_on_any_text(parts: list[str]) -> None:
    text = "".join(parts)
    for rule in NEAR:
        near, plain = _near_and_plain(rule, text)
        assert near == plain, rule.name


@pytest.mark.corpus
def test_near_rules_find_what_a_full_scan_finds_on_the_white_house_corpus() -> None:
    for name, text in _wh_texts():
        for rule in NEAR:
            near, plain = _near_and_plain(rule, text)
            assert near == plain, (name, rule.name)


# --- rules scanned for behind a space (dates._scan) ---------------------------

SPACED = [r for r in dates._RULES if r.spaced]


_CATEGORIES = {
    sre_c.CATEGORY_SPACE: r"\s", sre_c.CATEGORY_NOT_SPACE: r"\S", sre_c.CATEGORY_DIGIT: r"\d",
    sre_c.CATEGORY_NOT_DIGIT: r"\D", sre_c.CATEGORY_WORD: r"\w", sre_c.CATEGORY_NOT_WORD: r"\W",
}  # fmt: skip


def _tells_newline_from_space(items: ParsedItems, dotall: bool) -> bool:
    """Whether some part of a parsed pattern treats a line break and a space
    differently (unproven constructs count as doing so)."""

    def accepts(item_op: object, arg: object, c: str) -> bool:
        if item_op is sre_c.LITERAL:
            return chr(arg) == c  # type: ignore[call-overload]
        if item_op is sre_c.RANGE:
            lo, hi = arg  # type: ignore[misc]
            return bool(lo <= ord(c) <= hi)
        if item_op is sre_c.CATEGORY and arg in _CATEGORIES:
            return re.match(_CATEGORIES[arg], c) is not None
        raise LookupError(item_op)

    for op, av in items:
        try:
            if op in (sre_c.LITERAL, sre_c.NOT_LITERAL):
                if chr(av) in " \n":  # type: ignore[call-overload]
                    return True
            elif op is sre_c.IN:
                negate = any(o is sre_c.NEGATE for o, _ in av)  # type: ignore[attr-defined]
                verdicts = {
                    any(accepts(o, a, c) for o, a in av if o is not sre_c.NEGATE) != negate  # type: ignore[attr-defined]
                    for c in " \n"
                }
                if len(verdicts) > 1:
                    return True
        except LookupError:
            return True
        if op is sre_c.ANY and not dotall:
            return True
        if op is sre_c.AT and av not in (
            sre_c.AT_BOUNDARY, sre_c.AT_NON_BOUNDARY, sre_c.AT_BEGINNING_STRING, sre_c.AT_END_STRING,
        ):  # fmt: skip
            return True
        if op is sre_c.SUBPATTERN:
            if _tells_newline_from_space(list(av[3]), dotall):  # type: ignore[index]
                return True
        elif op is sre_c.BRANCH:
            if any(_tells_newline_from_space(list(alt), dotall) for alt in av[1]):  # type: ignore[index]
                return True
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            if _tells_newline_from_space(list(av[2]), dotall):  # type: ignore[index]
                return True
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            if _tells_newline_from_space(list(av[1]), dotall):  # type: ignore[index]
                return True
        elif op not in (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.IN, sre_c.AT, sre_c.ANY, sre_c.GROUPREF):
            return True  # not proven
    return False


@pytest.mark.parametrize("rule", SPACED, ids=lambda r: r.name)
def test_spaced_rules_do_not_tell_line_breaks_from_spaces(rule: dates._Rule) -> None:
    # _scan finds them in a copy of the text whose line breaks are spaces.
    flags = rule.pattern.flags
    assert not _tells_newline_from_space(list(sre_parse.parse(rule.pattern.pattern, flags)), bool(flags & re.DOTALL))


def test_trigger_scan_does_not_tell_line_breaks_from_spaces() -> None:
    # _trigger_hits finds triggers after spaces in a copy of the text whose
    # line breaks are spaces; every match begins with what _TRIGGER_STARTS
    # (and so _TRIGGER_PREFIXES) allows, checked by the tests above.
    parsed = sre_parse.parse(f"(?={dates._TRIGGER_STARTS})(?:{dates._TRIGGER.pattern})")
    assert not _tells_newline_from_space(list(parsed), False)
    assert {w[:2].encode() for w in ("may", "fy", "q1", "new", "these")} <= dates._TRIGGER_PREFIXES


@pytest.mark.parametrize("rule", SPACED, ids=lambda r: r.name)
def test_spaced_rules_start_with_ascii_word_characters(rule: dates._Rule) -> None:
    # Beyond ASCII, only digits of other scripts and _FOLDS_TO_ASCII (see
    # the test below): so _other_leads need not look before other letters.
    assert rule.first
    assert all(c.isascii() and (c.isalnum() or c == "_") for c in rule.first), rule.first


def test_what_begins_a_match_beyond_ascii() -> None:
    # No Latin-1 character but ASCII ones is a digit or (?i) an ASCII letter;
    # beyond, the digits are what str.isdecimal says, and _FOLDS_TO_ASCII
    # lists the (?i) letters.
    letter, digit = re.compile("(?i:[a-z])"), re.compile(r"\d")
    assert not any(letter.match(chr(c)) or digit.match(chr(c)) for c in range(0x80, 0x100))
    folds = "".join(chr(c) for c in range(0x100, 0x110000) if letter.match(chr(c)))
    assert folds == dates._FOLDS_TO_ASCII
    assert all(chr(c).isdecimal() for c in range(0x100, 0x110000) if digit.match(chr(c)))


@pytest.mark.parametrize(
    "text", ["a\n(today) “Monday” —tomorrow ٣ days \u212aast week", "x\xa0\xa0May 5, 2025", "?٣ days", ""]
)
def test_other_leads(text: str) -> None:
    assert dates._other_leads(text) == _plain_other_leads(text)


def _plain_other_leads(text: str) -> list[int]:
    return [
        q for q in range(len(text) - 1)
        if re.match(r"[^A-Za-z0-9_ \n]", text[q])
        and (re.match(r"[A-Za-z0-9_]", text[q + 1]) or text[q + 1].isdecimal() or text[q + 1] in dates._FOLDS_TO_ASCII)
    ]  # fmt: skip


OTHER_FRAGMENTS = ["?", "’", "“", "٣", "\u212a", "(", ".", "x", "7", "_", " ", "\n", "é", "\xa0"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(OTHER_FRAGMENTS), max_size=20))
def test_other_leads_on_any_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert dates._other_leads(text) == _plain_other_leads(text)


SEGMENT_FRAGMENTS = [
    ".", "!", "?", "\n", " ", "\t", '"', "'", ")", "]", "”", "’", "(", "“", "‘", "`", "A", "a", "U.S.",
    "p.m.", "Mr.", "\n\n", " \n \n", "\xa0", "\r", "\n\n ",
]  # fmt: skip
# Many question and exclamation marks (found with str.find, not the engine's
# scan), and marks that do not end a sentence ("U.S.?").
MARK_FRAGMENTS = [
    "?", "!", ".", "?!", "!?", "??", "\n", " ", "\t", '"', "'", ")", "]", "”", "’", "(", "“", "‘",
    "`", "A", "a", "é", "U.S.?", "p.m.!", "X?", " b? ", "\n\n", " \n \n", "\xa0", "\u2003", "\r",
]  # fmt: skip


@settings(max_examples=6000, deadline=None)
@given(st.lists(st.sampled_from(SEGMENT_FRAGMENTS), max_size=30) | st.lists(st.sampled_from(MARK_FRAGMENTS), max_size=30))
def test_segment_ends_match_the_plain_scan(parts: list[str]) -> None:
    text = "".join(parts)
    assert dates._segment_ends(text) == [m.end() for m in dates._SEGMENT.finditer(text)]


def test_segment_ends_find_every_question_and_exclamation() -> None:
    text = 'Why? Now! "Really?" He asked! Is it? yes? No!\nOK?\n\nEnd? X! U.S.? Q?'
    ends = dates._segment_ends(text)
    assert ends == [m.end() for m in dates._SEGMENT.finditer(text)]
    assert len(ends) >= 8


@pytest.mark.corpus
def test_segment_ends_match_on_the_white_house_corpus() -> None:
    for name, text in _wh_texts():
        assert dates._segment_ends(text) == [m.end() for m in dates._SEGMENT.finditer(text)], name


def test_patterns_compiled_once_are_those_the_handlers_named() -> None:
    # Handlers call methods of patterns compiled once instead of
    # re.<function>(pattern, ...): the same patterns, with no flags.
    expected = {
        "_DASHES_OR_SPACES": r"[\s-]+",
        "_SEPT": r"\bSept\b\.?",
        "_ABBREVIATION_DOT": r"(?<=[A-Za-z])\.(?!m)",
        "_ORDINAL_SUFFIX": r"(?<=\d)(?:st|nd|rd|th)\b",
        "_DECIMAL": r"\d{1,3}(?:\.\d+)?",
        "_LEADING_WEEKDAY": rf"^{dates._WEEKDAY},?\s+",
        "_TRAILING_TZ": dates._TZ + "$",
        "_THE_BEFORE": r"\bthe\s+(?:very\s+)?$",
        "_TRAILING_HALF": dates._HALF + "$",
        "_VAGUE_QTY_RE": dates._VAGUE_QTY,
        "_NOT_A_YEAR_BEFORE": r"(?:no\.|number|#|page|p\.|route|flight|model|about|some|nearly|over|than|top)\s*$",
        "_YEAR_RE": dates._YEAR,
        "_ON_AFTER": r"\s*on\b",
        "_DURATION_PREP_BEFORE": r"\b(?:for|in|over|within|of|during|throughout|took|take|takes|lasted|last)\s+$",
    }
    for name, source in expected.items():
        pattern = getattr(dates, name)
        assert pattern is re.compile(source) or (pattern.pattern, pattern.flags) == (source, re.UNICODE), name
    assert dates._spelled_year("nineteen eighty-four") == 1984
    assert dates._num("2.5") == 2.5 and dates._num("12") == 12


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("a_9 .\n٣é\u00b2\u2160\u0301ſ-’\u3000中"), max_size=120), st.integers(0, 130))
def test_stop_moves_on_over_what_isalnum_or_underscore_takes(text: str, end: int) -> None:
    # _stop's one match of \w* is the loop over str.isalnum() or "_".
    end = min(end, len(text))
    stop = end + dates._LOOKAHEAD_MARGIN
    while stop < len(text) and (text[stop].isalnum() or text[stop] == "_"):
        stop += 1
    assert dates._stop(text, end) == min(stop, len(text))


def test_stop_tells_word_characters_as_isalnum_or_underscore() -> None:
    for code in range(0x30000):
        char = chr(code)
        assert dates._stop("x" * 40 + char, 0) == 40 + (char.isalnum() or char == "_"), hex(code)


def test_expressions_end_trimmed() -> None:
    # _tag calls _trim only when the last character is one it drops: every
    # expression still ends with none of them.
    for text in (SAMPLE, EXTRA, "It ran for two weeks, - \n and on March 4, ,\tthen"):
        for t in dates.tag(text, dt.date(2025, 5, 1)):
            assert t.text == text[t.start : t.end] and t.text[-1] not in dates._TRIMMED, t
