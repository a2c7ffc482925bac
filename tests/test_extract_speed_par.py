"""The extractor's fast paths over paragraphs and sentences find what the
plain computations find, on the sample articles, White House documents and
random text made of the pieces each path has to tell apart."""

from __future__ import annotations

import importlib
import random
import re

from .test_extract import _sample_and_wh_texts

# The module, not the function of the same name that timeline exports.
X = importlib.import_module("timeline.extract")


def _plain_split(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """split_sentences as first written: one finditer of _SENT_END, each
    sentence stripped by copies."""
    end = len(text) if end is None else end
    out: list[tuple[int, int, str]] = []

    def append(s: int, e: int) -> None:
        part = text[s:e]
        body = part.strip()
        if body:
            s += len(part) - len(part.lstrip())
            out.append((s, s + len(body), X._spaces(body)))

    s = start
    for m in X._SENT_END.finditer(text, start, end):
        cut = m.start() + 1 if text[m.start()] in ".!?" else m.start()
        while cut < m.end() and text[cut] in "\"'”’)":
            cut += 1
        if text[m.start()] == "." and X._ABBREV.search(text[max(s, m.start() - 6) : m.start() + 1]):
            continue
        if text[m.start()] == "\n" and X._MONTH_END.search(text, max(s, m.start() - 12), m.start()):
            continue
        append(s, cut)
        s = m.end()
    append(s, end)
    return out


SENTENCE_PIECES = [
    *".!?\n \t\"'”’)(“‘-*•Aa9\xa0\u2003é", "1. ", "12) ", "U.S. ", "\n- ", "\n 3. ", "Mr. ", "Aug\n",
    "Sept.\n2. ", "p.m. ", "Gen. ", "Talks ended. ", "Why? ", "No! ", ".\n1. ", "?\n- ", "\n\n",
    "abcdMr. ", "1234N. ", "x_Jan. ", "éSt. ", "Corp. ", "talks. ",
]  # fmt: skip


def _random_texts(pieces: list[str], count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, longest))) for _ in range(count)]


def test_sentence_ends_are_finditers() -> None:
    """_sentence_ends, from one pattern per first character, finds the
    spans one finditer of _SENT_END finds, in any range."""
    texts = _random_texts(SENTENCE_PIECES, 5000, 60, 21) + _sample_and_wh_texts(30)
    checked = 0
    for text in texts:
        for pos, endpos in ((0, len(text)), (len(text) // 3, len(text) // 2), (1, len(text) - 1)):
            if pos > endpos:
                continue
            expected = [m.span() for m in X._SENT_END.finditer(text, pos, endpos)]
            assert X._sentence_ends(text, pos, endpos) == expected, (text, pos, endpos)
            checked += len(expected)
    assert checked > 5000


def test_sentences_split_as_by_the_plain_loop() -> None:
    texts = _random_texts(SENTENCE_PIECES, 3000, 60, 23) + _sample_and_wh_texts(30)
    sentences = 0
    for text in texts:
        got = [(s.start, s.end, s.text) for s in X.split_sentences(text)]
        assert got == _plain_split(text), text
        sentences += len(got)
        for start, end in X._paragraphs(text):
            got = [(s.start, s.end, s.text) for s in X.split_sentences(text, start, end)]
            assert got == _plain_split(text, start, end), (text, start, end)
    assert sentences > 3000


def test_the_alternatives_are_those_of_the_sentence_end() -> None:
    """Each pattern of _sentence_ends is _SENT_END's alternative for its
    first character (a test that can fail when one of them is edited)."""
    full_stop = X._FULL_STOP_END.pattern
    assert full_stop.startswith(re.escape("."))
    for char, pattern in X._OTHER_ENDS:
        if char == "\n":
            assert pattern.pattern == r"\n(?=[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t])"
        else:
            assert pattern.pattern == re.escape(char) + full_stop[2:]


def _plain_is_junk(par: str) -> bool:
    """_is_junk as first written, for a paragraph alone: its words found by
    _WORD in its lower-cased head."""
    first = par[:1]
    if (first in X._LISTING_FIRST or first.isspace()) and X._LISTING_HEAD.match(par):
        return True
    if par.rstrip()[-1:].isdigit():
        stamped = len(X._LISTING_LINE.findall(par))
        if stamped > 0 and stamped * 2 >= par.strip().count("\n") + 1:
            return True
    low = par[:2000].lower()
    words = X._WORD.findall(low)
    n, english = len(words), sum(w in X._STOPWORDS for w in words)
    if not n:
        return par.strip() != ""
    if n < 40 and X._JUNK_LINE.search(low):
        return True
    if n >= 8:
        return english / n < 0.08
    words = X._WORD.findall(par[:2000])
    if len(words) >= 4 and english == 0:
        return not words[0][0].isupper() or not all(w.isascii() for w in words)
    return english == 0 and not any(w[0].isupper() for w in words[:1])


JUNK_PIECES = [
    *"abcXYZ  '.,-’é×Ÿ\xa0\n\t0123456789", "the ", "of ", "and ", "it's ", "is ", "Related articles",
    "  more news", "See also ", "Trending now", "2025-03-05 09:12", " 10:30", "\n\n", "sign up ", "cookie",
    "privacy policy", "Séoul ", "Ärger ", "North Korea fires two missiles ", "MS. PSAKI: Yeah. ", "   ",
]  # fmt: skip


def test_junk_judged_in_place_as_by_the_plain_test() -> None:
    """_junk_at (no copy of a paragraph that reads as prose, the letters from
    À-ÿ found once for the whole text) judges every paragraph, and any range,
    as the plain test of the paragraph alone does."""
    rng = random.Random(29)
    texts = _random_texts(JUNK_PIECES, 1500, 120, 31) + _sample_and_wh_texts(40)
    texts.append("Séoul café\n\nThe allies met on Monday in Séoul. " + "the of and to in a " * 30)
    judged = junk = 0
    for text in texts:
        low, utf8 = X._lower_utf8(text)
        ascii_low = X._ascii_spaces(low)
        doc = X._WordBytes.of(text, low, ascii_low, utf8, X._KeyHits(ascii_low).junk)
        if doc is None:
            continue
        ranges = list(X._paragraphs(text))
        for _ in range(10 if text else 0):
            start = rng.randrange(0, len(text))
            ranges.append((start, rng.randrange(start + 1, len(text) + 1)))
        for start, end in ranges:
            expected = _plain_is_junk(text[start:end])
            assert X._junk_at(text, start, end, doc) == expected, (text, start, end)
            assert X._is_junk(text[start:end], doc, start) == expected, (text, start, end)
            assert X._is_junk(text[start:end]) == expected, (text, start, end)
            judged += 1
            junk += expected
    assert judged > 10000 and 1000 < junk < judged - 1000


def test_letters_from_a_to_y_found_once_as_by_searching_each_range() -> None:
    rng = random.Random(37)
    pieces = [*"aé Ÿ’\n", "ÀÁÂ", "×÷", "ÿþ", "Ǆ", "\ud800", "plain "]
    for text in _random_texts(pieces, 2000, 30, 41):
        low = text.lower()
        doc = X._WordBytes.of(text, low)
        assert doc is not None
        for _ in range(10 if text else 0):
            start = rng.randrange(0, len(text))
            end = rng.randrange(start, len(text) + 1)
            assert doc.has_latin(start, end) == bool(X._LATIN_LETTER.search(low, start, end)), (text, start, end)
