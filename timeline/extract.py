"""Text to dated events: a pure function of (text, document creation time).

Pipeline, per article:

1. split into paragraphs; skip junk paragraphs (cookie banners, text in
   another language, image credits) and count them;
2. split paragraphs into sentences, keeping character offsets;
3. tag temporal expressions once for the whole text (so "two days later"
   can anchor on a date in an earlier sentence);
4. in each sentence, find event triggers per kind, pair each trigger with at
   most one DATE and each DATE with at most one trigger, nearest first;
5. read actors, participants, location, series and ordinal around the
   trigger from the gazetteers in ``timeline/data``; decide the status.

A trigger whose sentence gives it no date yields no event: nothing is placed
on the timeline with an invented date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from operator import attrgetter, itemgetter
from typing import Any
from urllib.parse import urlsplit

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation

from .dates import DateInterval, Timex, interval, tag_with_stats
from .models import Kind, Status
from .prefilter import Prefilter, finditer_at
from .prefilter import available as prefilter_available

__all__ = [
    "ExtractedEvent",
    "Extraction",
    "Sentence",
    "classify_kind",
    "extract",
    "find_actors",
    "publisher_country",
    "split_sentences",
]


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ExtractedEvent:
    """One event as one sentence of one article reports it."""

    kind: str
    title: str
    date: DateInterval
    date_text: str
    status: str
    actors: tuple[str, ...]
    participants: tuple[str, ...]
    location: str | None
    series: str | None
    ordinal: int | None
    confidence: float
    sentence: str
    start: int  # sentence offsets in the article text
    end: int
    trigger: str
    mod: str | None = None


@dataclass(slots=True)
class Extraction:
    """Events of one text and what was skipped on the way."""

    events: list[ExtractedEvent] = field(default_factory=list)
    sentences: int = 0  # read one by one (past the opening, only where an event may be)
    timexes: int = 0
    junk_skipped: int = 0
    dates_unresolved: int = 0
    undated_triggers: int = 0  # triggers in dated sentences left without a date
    # Which undated opening events ("meeting", "launch") were dated by the DCT.
    now_taken: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------------
# Gazetteers
# ---------------------------------------------------------------------------


def _load(name: str) -> Any:
    return json.loads(resources.files("timeline.data").joinpath(name).read_text("utf-8"))


# An Aho-Corasick hit's (word, start, end): its start, its end.
_HIT_START = itemgetter(1)
_HIT_END = itemgetter(2)


class _Names:
    """A gazetteer's names (each followed by ``tail``, a lookahead) as a
    pattern that matches only where no word character (or one of ``also``)
    comes right before, as the lookbehind ``(?<![\\w-])`` would say, but
    searched many times faster.

    The regex engine tries an alternation of a hundred names one by one at
    every capital letter; an Aho-Corasick pass finds where any name occurs
    at all, and the pattern is worked out only there. A match starts where
    one of its names occurs, so ``spans`` finds exactly what the pattern
    with the lookbehind finds: at each such place in turn, past the last
    match, the character before is checked, and the pattern takes the
    longest name found there that the lookahead lets end (it tries the names
    longest first; a name found is one that occurs there).

    Both lookarounds look at one character, a word character (``\\w``:
    ``str.isalnum`` or "_", as a test checks for every character) or one
    of a few others: a look at that character tells what they would.
    """

    __slots__ = ("_after", "_also", "_ascii", "_automaton", "_whole", "body", "names")

    def __init__(self, names: Iterable[str], after: str = "-", also: str = "-") -> None:
        """``after``: the characters besides word characters that may not
        follow a name; ``also``: that may not come before one."""
        unique = sorted(set(names))
        self.names = tuple(unique)
        body = rf"(?:{_alternation(unique)})(?![\w{after}])"
        self.body = re.compile(body)
        # ASCII names are looked for in the text as ASCII bytes (each other
        # character one "?"), several times faster: where a name holding no
        # "?" occurs in them, it occurs in the text.
        self._ascii = all(n.isascii() and "?" not in n for n in unique)
        self._automaton: AhoCorasick | BytesAhoCorasick = (
            _bytes_automaton(tuple(unique)) if self._ascii else AhoCorasick(unique, implementation=Implementation.DFA)
        )
        self._after = f"_{after}"
        self._also = f"_{also}"
        self._whole = re.compile(rf"(?<![\w{re.escape(also)}])(?:{body})")

    def spans(self, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int]]:
        """The (start, end) of each match of ``_whole`` in ``text[pos:endpos]``
        (as its ``finditer`` finds them)."""
        end = len(text) if endpos is None else endpos
        part = text[pos:end] if pos or end < len(text) else text
        data = part.encode("ascii", "replace") if self._ascii else part
        hits = self._automaton.find_matches_as_indexes(data, overlapping=True)  # type: ignore[arg-type]
        out: list[tuple[int, int]] = []
        if not hits:
            return out
        if len(hits) > 1:
            # By start, and at one start the longest first (sorts keep the
            # order of equal keys).
            hits.sort(key=_HIT_END, reverse=True)
            hits.sort(key=_HIT_START)
        also, after = self._also, self._after
        last = pos
        for _n, start, stop in hits:
            start += pos
            if start < last or (start and ((c := text[start - 1]).isalnum() or c in also)):
                continue  # inside the last match (or a shorter name where it starts), or inside a word
            stop += pos
            if stop < end and ((c := text[stop]).isalnum() or c in after):
                continue  # running on into a word: a shorter name found here may not
            out.append((start, stop))
            last = stop
        return out

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self._whole.fullmatch(text)


@dataclass(frozen=True, slots=True)
class _Gazetteers:
    actor_re: _Names
    actor_of: dict[str, str]
    compound_of: dict[str, str]
    place_re: _Names
    place_of: dict[str, str]
    series_re: re.Pattern[str]
    series_of: dict[str, str]
    series_keys: tuple[str, ...]
    series_names: tuple[str, ...]
    series_info: dict[str, dict[str, Any]]
    exercise_re: _Names
    official_re: _Names
    officials: dict[str, list[str]]
    aliases: dict[str, str]
    title_re: re.Pattern[str]


@lru_cache(maxsize=16)
def _automaton(words: tuple[str, ...]) -> AhoCorasick:
    return AhoCorasick(words)


@lru_cache(maxsize=16)
def _bytes_automaton(words: tuple[str, ...]) -> BytesAhoCorasick:
    """``_automaton`` for ASCII words searched in ASCII bytes, as a DFA (the
    fastest to search, at most a few hundred words here)."""
    return BytesAhoCorasick([w.encode("ascii") for w in words], implementation=Implementation.DFA)


def _occurrences(text: str, words: tuple[str, ...]) -> list[int]:
    """Sorted start offsets of every occurrence of each word in ``text``,
    overlapping ones too (as a ``str.find`` loop from each hit on finds them).

    One Aho-Corasick pass finds all the words at once, many times faster than
    a regular expression alternating them (which tries each at every
    character) or a search per word."""
    return sorted(start for _w, start, _e in _automaton(words).find_matches_as_indexes(text, overlapping=True))


def _alternation(names: Iterable[str]) -> str:
    """The names, longest first, as an alternation. Names of one length in
    their own order, so that the pattern is the same in every process (its
    text names the prefilter's cached database)."""
    return "|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))


def _first_letter_first(names: Iterable[str]) -> str:
    """``\\b(?:{_alternation(names)})`` for names that start with a word
    character, written so that the regex engine skips ahead to a first
    letter of one instead of trying every name at every character: the
    letter first, the word boundary before it looked for behind it, then the
    rest of each name that starts with it, in the alternation's order (at a
    place only the names starting with its letter can match, so the first
    of them that does is the alternation's)."""
    rests: dict[str, list[str]] = {}
    for n in sorted(set(names), key=lambda n: (-len(n), n)):
        rests.setdefault(n[0], []).append(re.escape(n[1:]))
    alternatives = "|".join(f"(?<={re.escape(c)})(?:{'|'.join(r)})" for c, r in rests.items())
    return rf"[{''.join(map(re.escape, rests))}](?<!\w.)(?:{alternatives})"


@lru_cache(maxsize=1)
def _gazetteers() -> _Gazetteers:
    countries = _load("countries.json")
    actor_of: dict[str, str] = {}
    for code, names in {**countries["countries"], **countries["organizations"]}.items():
        for n in names:
            actor_of[n] = code
    compound_of = {k: v for k, v in countries["compounds"].items() if not k.startswith("_")}
    places = _load("places.json")["places"]
    series = _load("series.json")
    series_of: dict[str, str] = {}
    for short, info in series["series"].items():
        for p in info["patterns"]:
            series_of[p.lower()] = short
    officials = _load("officials.json")
    aliases = {k: v for k, v in officials.get("aliases", {}).items() if not k.startswith("_")}
    return _Gazetteers(
        actor_re=_Names(actor_of, also=".-"),
        actor_of=actor_of,
        compound_of=compound_of,
        place_re=_Names(places),
        place_of=places,
        # Long names match in any case (headlines: "Nuclear consultative group
        # meets"); acronyms only in capitals.
        series_re=re.compile(
            rf"(?<![\w-])(?:{_alternation(k for k in series_of if ' ' in k)})(?![\w])"
            rf"|(?<![\w-])(?-i:{_alternation(p for i in series['series'].values() for p in i['patterns'] if ' ' not in p)})(?![\w])",
            re.IGNORECASE,
        ),
        series_of=series_of,
        # Every series name ends with one of these words: a cheap first look.
        series_keys=tuple(sorted({k.split()[-1].lower() for k in series_of})),
        series_names=tuple(series_of),
        series_info=series["series"],
        exercise_re=_Names(series["exercises"], after=""),
        official_re=_Names([*officials["officials"], *aliases]),
        officials=officials["officials"],
        aliases=aliases,
        title_re=re.compile(
            rf"{_first_letter_first(officials['titles'])}\s+"
            r"((?:[A-Z][a-z]+(?:-[a-z]+)?\.?\s+){1,2}[A-Z][a-z]+(?:-[a-z]+)?)"
        ),
    )


@lru_cache(maxsize=1)
def _publishers() -> tuple[dict[str, str], re.Pattern[str], dict[str, str]]:
    data = _load("publishers.json")
    agencies: dict[str, str] = data["agencies"]
    pattern = re.compile(rf"\((?:{_alternation(agencies)})\)")
    return data["domains"], pattern, agencies


def publisher_country(url: str | None) -> str | None:
    """The country a publisher speaks for, from its web address.

    >>> publisher_country("https://www.whitehouse.gov/briefings-statements/2025/07/x/")
    'US'
    >>> publisher_country("https://en.yna.co.kr/view/AEN2025") is None
    False
    """
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    domains = _publishers()[0]
    parts = host.lower().split(".")
    for i in range(len(parts) - 1):
        code = domains.get(".".join(parts[i:]))
        if code:
            return code
    return None


def _agency_country(text: str) -> str | None:
    """The country of a news agency named in the dateline: "(Yonhap) --"."""
    _domains, pattern, agencies = _publishers()
    m = pattern.search(text, 0, 600)
    return agencies[m.group(0)[1:-1]] if m else None


# ---------------------------------------------------------------------------
# Paragraphs, junk and sentences
# ---------------------------------------------------------------------------

_STOPWORDS = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by", "at", "from", "has", "have", "are", "said", "will", "its", "it", "an", "be", "were", "this", "which", "their", "his", "her", "they", "he", "she", "not", "or", "but", "also", "would", "after", "over", "about"]
)
_JUNK_LINE = re.compile(
    r"cookie|privacy policy|all rights reserved|subscribe|sign up|newsletter|advertisement"
    r"|share this|click here|terms of use|accept all"
)  # searched in lower-cased text
_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
# Bytes of lower-cased text that cannot be in a _WORD when the text has no
# letter from À-ÿ: all but a-z and the apostrophe (non-ASCII characters are
# all bytes >= 0x80 in UTF-8) become spaces.
_NOT_WORD_BYTE = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz'" else 32 for c in range(256))
_STOPWORD_BYTES = frozenset(w.encode() for w in _STOPWORDS)


def _word_counts(low: str) -> tuple[int, int]:
    """(words, function words) in lower-cased ``low``, as _WORD finds words.

    Splitting bytes is several times faster than a regular expression
    finding each word; text with accented letters takes the slow road."""
    raw = low.encode("utf-8", "surrogatepass")
    if b"\xc3" in raw:  # the lead byte of U+00C0-U+00FF, that is À-ÿ
        words = _WORD.findall(low)
        return len(words), sum(map(_STOPWORDS.__contains__, words))
    return _byte_word_counts(raw.translate(_NOT_WORD_BYTE))


def _byte_word_counts(raw: bytes) -> tuple[int, int]:
    """(words, function words) in bytes whose non-word bytes are spaces."""
    tokens = raw.split()
    return len(tokens), sum(map(_STOPWORD_BYTES.__contains__, tokens))


def _lower(text: str) -> str:
    """``text.lower()``, faster on text whose only characters beyond ASCII
    are caseless (curly quotes, dashes: most news), which ``str.lower``
    otherwise looks up one character at a time.

    Exact: ``str.lower`` maps each character on its own (but for "Σ", which
    never maps to itself); so if the characters beyond ASCII, all together,
    lower to themselves, each does, and only A-Z change, as ``bytes.lower``
    changes them in UTF-8, where every byte of any other character is >= 0x80."""
    return _lower_utf8(text)[0]


def _lower_utf8(text: str) -> tuple[str, bytes | None]:
    """``_lower(text)``, and its UTF-8 bytes (surrogates passed) if they
    were made on the way (for text beyond ASCII)."""
    if text.isascii():
        return text.lower(), None
    raw = text.encode("utf-8", "surrogatepass")
    beyond = raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    if beyond.lower() != beyond:
        return text.lower(), None
    raw = raw.lower()
    return raw.decode("utf-8", "surrogatepass"), raw


_ASCII_BYTES = bytes(range(128))


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


# A block of links to other articles: a heading, or lines that end with a
# timestamp instead of a full stop ("S. Korea, US to hold NCG meeting 2025-03-05 09:12").
# Possessive "\s*+": every phrase starts with a letter, so giving back
# spaces finds nothing more, and trying after each one (paragraphs indented
# by hundreds of spaces) is what took the time.
_LISTING_HEAD = re.compile(
    r"\s*+(?:related (?:articles|news|stories|content|coverage|links)|more (?:news|stories|from|on this)"
    r"|most (?:read|viewed|popular)|latest (?:news|stories)|recommended(?: for you)?|read more|see also"
    r"|trending(?: now)?|top stories|you may also like|editor's picks)\b",
    re.IGNORECASE,
)
_LISTING_LINE = re.compile(r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\b\d{1,2}:\d{2})[ \t]*$", re.MULTILINE)


# The letters a _LISTING_HEAD phrase can start with, in either case ("ſ" is
# an "s" to a case-blind pattern): a paragraph starting with another letter
# (not a space, which the pattern skips) needs no run of the pattern.
_LISTING_FIRST = frozenset("rmlstyeRMLSTYE\u017f")


def _listing_head(text: str, start: int, end: int) -> bool:
    """Whether the paragraph ``text[start:end]`` starts with a _LISTING_HEAD
    phrase (which looks at nothing before where it starts)."""
    first = text[start : start + 1]
    return (first in _LISTING_FIRST or first.isspace()) and _LISTING_HEAD.match(text, start, end) is not None


def _is_listing(par: str) -> bool:
    if _listing_head(par, 0, len(par)):
        return True
    # The last character that is not a space, without copying a paragraph
    # that does not end with one.
    last = par[-1:] if par[-1:] and not par[-1].isspace() else par.rstrip()[-1:]
    if not last.isdigit():
        return False  # a list of stamped links ends with a stamp
    stamped = len(_LISTING_LINE.findall(par))
    return stamped > 0 and stamped * 2 >= par.strip().count("\n") + 1


class _WordBytes:
    """A whole lower-cased text as bytes in which every character that cannot
    be in a _WORD is a space, one byte for one character, made once so that
    each paragraph's words are counted without lower-casing, encoding and
    translating it again."""

    __slots__ = ("_junk", "_latin", "latin", "low", "marks", "raw")

    def __init__(
        self,
        low: str,
        ascii_low: bytes | None = None,
        utf8: bytes | None = None,
        junk: list[tuple[str, int]] | None = None,
    ) -> None:
        """``ascii_low``: ``low`` as _ascii_spaces bytes, if made already (the
        spaces it puts for line breaks and the rest are no word bytes either);
        ``utf8``: ``low`` in UTF-8 (surrogates passed), if made already;
        ``junk``: _KeyHits.junk of ``ascii_low``, if scanned already."""
        self.low = low
        # Characters beyond ASCII become "?", one for one, then spaces.
        self.raw = (low.encode("ascii", "replace") if ascii_low is None else ascii_low).translate(_NOT_WORD_BYTE)
        # Every word byte as "a": a word starts at each " a" (and at the start).
        self.marks = self.raw.translate(_WORD_MARK)
        # Any letter from À-ÿ: their UTF-8 lead byte (a search for the
        # letters themselves takes several times longer).
        if not low.isascii() and utf8 is None:
            utf8 = low.encode("utf-8", "surrogatepass")
        self.latin = utf8 is not None and b"\xc3" in utf8
        # Where those letters are (seldom more than a few), found once instead
        # of searched for in each range: each lead byte tells one letter,
        # looked for in ``low``.
        self._latin: list[int] = []
        if utf8 is not None and self.latin:
            letters: set[bytes] = set()
            i = utf8.find(b"\xc3")
            while i >= 0:
                letters.add(utf8[i : i + 2])
                i = utf8.find(b"\xc3", i + 2)
            for letter in letters:
                char = letter.decode("utf-8", "surrogatepass")
                i = low.find(char)
                while i >= 0:
                    self._latin.append(i)
                    i = low.find(char, i + 1)
            self._latin.sort()
        # Where _JUNK_LINE's phrases occur (seldom at all): a few string
        # searches of the whole text instead of a pattern run per paragraph.
        self._junk: list[tuple[int, int]] = []
        if junk is not None:
            # The scan found every occurrence of each phrase in the
            # _ascii_spaces bytes, one byte for each character of ``low``,
            # overlapping ones too, as the find loop below does. Each phrase
            # is ASCII letters and spaces, which those bytes keep as they
            # are, so it occurs there wherever it occurs in ``low``; and
            # where it occurs there but not in ``low`` (a line break for a
            # space) ``startswith`` tells. Listed in the loop's order.
            for phrase, i in sorted(junk, key=lambda h: (_JUNK_PHRASES.index(h[0]), h[1])):
                if low.startswith(phrase, i):
                    self._junk.append((i, i + len(phrase)))
            return
        for phrase in _JUNK_PHRASES:
            i = low.find(phrase)
            while i >= 0:
                self._junk.append((i, i + len(phrase)))
                i = low.find(phrase, i + 1)

    @staticmethod
    def of(
        text: str,
        low: str,
        ascii_low: bytes | None = None,
        utf8: bytes | None = None,
        junk: list[tuple[str, int]] | None = None,
    ) -> _WordBytes | None:
        """For ``text`` lower-cased as ``low``, if they align one for one
        (``ascii_low``, ``utf8``, ``junk``: as in the constructor)."""
        return _WordBytes(low, ascii_low, utf8, junk) if len(low) == len(text) else None

    def has_latin(self, start: int, end: int) -> bool:
        """``_LATIN_LETTER.search(low, start, end) is not None``."""
        at = self._latin
        i = bisect.bisect_left(at, start)
        return i < len(at) and at[i] < end

    def counts(self, start: int, end: int) -> tuple[int, int]:
        """``_word_counts(low[start:end])``."""
        if self.latin and self.has_latin(start, end):
            return _word_counts(self.low[start:end])  # letters from À-ÿ: the slow road
        return _byte_word_counts(self.raw[start:end])

    def junk_line(self, start: int, end: int) -> bool:
        """``_JUNK_LINE.search(low[start:end]) is not None``: one of its
        phrases wholly within the range."""
        return any(start <= s and e <= end for s, e in self._junk)

    def surely_prose(self, start: int, end: int) -> bool:
        """Whether ``_is_junk`` surely finds ``low[start:end]`` (a paragraph's
        head that is no listing) English prose, found with a few
        ``bytes.count`` calls instead of splitting the range into words.

        Exact: the word count is exact (a word starts at ``start`` or right
        after a space); each " the " (etc.) counted is a function word of its
        own, so their sum, and its ratio to the words, is at most the full
        count's. When this says no, the full count decides."""
        if self.latin and self.has_latin(start, end):
            return False  # words of letters from À-ÿ: the slow road
        marks = self.marks
        n = marks.count(b" a", start, end) + (marks[start] == 97)
        if n < 8 or (n < 40 and self._junk and self.junk_line(start, end)):
            return False
        # One copy of the range, counted with no range to convert each time.
        raw, english = self.raw[start:end], 0
        for word in _COMMON_STOPWORDS:
            english += raw.count(word)
            if not english / n < 0.08:
                return True
        return False


_LATIN_LETTER = re.compile("[\u00c0-\u00ff]")
_WORD_MARK = bytes(32 if c == 32 else 97 for c in _NOT_WORD_BYTE)
# The commonest function words, each between spaces, most frequent first.
_COMMON_STOPWORDS = (b" the ", b" of ", b" and ", b" to ", b" a ", b" in ")
# _JUNK_LINE's phrases: it is their alternation and nothing else.
_JUNK_PHRASES = tuple(_JUNK_LINE.pattern.split("|"))


def _is_junk(par: str, doc: _WordBytes | None = None, at: int = 0) -> bool:
    """A paragraph that is boilerplate, a list of links, or not English prose.

    ``doc``: the whole text's _WordBytes, if the paragraph starts at ``at`` in it."""
    if _is_listing(par):
        return True
    # The start of a paragraph tells its language; long ones need no full scan.
    end = at + min(len(par), 2000)
    if doc is not None and doc.surely_prose(at, end):
        return False
    return _not_english(par, doc, at, end)


def _not_english(par: str, doc: _WordBytes | None, at: int, end: int) -> bool:
    """_is_junk's judgement of ``par``, no listing, from the words of its
    head (``doc``'s range from ``at`` to ``end``, if given)."""
    if doc is not None:
        n, english = doc.counts(at, end)
    else:
        low = par[:2000].lower()
        n, english = _word_counts(low)
    if not n:
        return par.strip() != ""
    # Banner wording counts only in short paragraphs: a real one may well
    # say that countries "sign up" to a declaration.
    if n < 40 and (doc.junk_line(at, end) if doc is not None else _JUNK_LINE.search(low)):
        return True
    if n >= 8:
        return english / n < 0.08
    if english:
        return False  # what the lines below return for it, without finding the words
    words = _WORD.findall(par[:2000])
    if len(words) >= 4 and english == 0:
        # A short line with no function word: a headline ("North Korea fires
        # two missiles") unless it is lower case or not in English letters.
        return not words[0][0].isupper() or not all(w.isascii() for w in words)
    # Short lines (headings, credits): keep if they look English.
    return english == 0 and not any(w[0].isupper() for w in words[:1])


def _junk_at(text: str, start: int, end: int, doc: _WordBytes | None) -> bool:
    """``_is_junk(text[start:end], doc, start)``, without copying the
    paragraph when its head surely reads as prose (as most do).

    Exact: a paragraph is no listing when _LISTING_HEAD, which looks at
    nothing before where it starts, does not match at its start (the end of
    the range is the end of the text to ``\\b`` as to ``$``) and its last
    character that is no space is no digit; _is_junk then asks surely_prose."""
    if doc is None:
        return _is_junk(text[start:end])
    if _listing_head(text, start, end):
        return True
    # The last character that is no space, from the last few.
    tail = text[max(start, end - 4) : end].rstrip()
    if not tail or tail[-1].isdigit():
        return _is_junk(text[start:end], doc, start)
    head = min(end, start + 2000)
    return not doc.surely_prose(start, head) and _not_english(text[start:end], doc, start, head)


_ABBREV = re.compile(
    r"(?:\b(?:U\.S|U\.N|U\.K|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Adm|Sgt|Capt|Gov|Sen|Rep|St|No|Jr|Sr|Inc|Corp|Co"
    r"|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|a\.m|p\.m|D\.C|N|S)\.)$"
    r"|\b[A-Z]\.$"
)
# A single newline inside a paragraph is a soft wrap (hard-wrapped Markdown,
# wire copy), not a sentence end, unless a list item starts on the next line.
# Written as one class of first characters, then the rest for each (a
# lookbehind tells which it was): the regex engine then skips ahead to such
# a character instead of trying the pattern at every one. It matches what
# "[.!?][\"'”’)]*\s+(?=…)|\n(?=…)" matches, as the two start differently.
_AFTER_MARK = r"[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])"  # closing quotes, spaces, then a capital or digit
_LIST_ITEM_NEXT = r"(?=[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t])"  # a list item starts on the next line
_SENT_END = re.compile(rf"[.!?\n](?:(?<=[.!?]){_AFTER_MARK}|(?<=\n){_LIST_ITEM_NEXT})")


def _ascii_spaces(text: str) -> bytes:
    """``_spaces(text).encode("ascii", "replace")``, in fewer passes."""
    return text.replace("\xa0", " ").encode("ascii", "replace").translate(_BLANK_BYTES)


_BLANK_BYTES = bytes(32 if chr(c) in "\n\r\t" else c for c in range(256))


def _spaces(text: str) -> str:
    """Line wraps, tabs and no-break spaces as plain spaces, one for one."""
    return text.replace("\n", " ").replace("\r", " ").replace("\t", " ").replace("\xa0", " ")


_MONTH_END = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]*$", re.IGNORECASE
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]`` with offsets into ``text``.

    >>> [s.text for s in split_sentences("The U.S. and Seoul met. Talks ended.")]
    ['The U.S. and Seoul met.', 'Talks ended.']
    """
    end = len(text) if end is None else end
    out: list[Sentence] = []
    s = start
    for p, e in _sentence_ends(text, start, end):
        if text[p] == "\n":
            if _MONTH_END.search(text, max(s, p - 12), p):
                # "on August\n25. Notably": a wrapped date, not a numbered list.
                continue
            cut = p
        else:
            # No abbreviation is longer than four characters, each after a
            # word's start: after five word characters there is none to find.
            if text[p] == "." and not (p - 5 >= s and text[p - 5 : p].isalnum()) and _ABBREV.search(text[max(s, p - 6) : p + 1]):
                continue
            cut = p + 1
            # Include closing quotes in the sentence.
            while cut < e and text[cut] in "\"'”’)":
                cut += 1
        _append(out, text, s, cut)
        s = e
    _append(out, text, s, end)
    return out


# _SENT_END's alternatives, each from its one first character: the regex
# engine skips ahead to a literal first character with a fast scan, while it
# tries a class of first characters at every character, several times slower.
_FULL_STOP_END = re.compile(r"\." + _AFTER_MARK)
_OTHER_ENDS = (
    ("\n", re.compile(r"\n" + _LIST_ITEM_NEXT)),
    ("?", re.compile(r"\?" + _AFTER_MARK)),
    ("!", re.compile(r"!" + _AFTER_MARK)),
)


def _sentence_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``_SENT_END.finditer(text, start, end)``, found as the
    matches of each alternative for one first character, in text order.

    Exact: at a character _SENT_END matches only as the alternative for that
    character does, to the same end. What finditer does not find is a match
    starting inside an earlier one's span, and only a line break can be in
    one (among the spaces after a full stop): no span from one pattern is
    inside another's of the same, so dropping those that start before the
    end of the one kept before leaves finditer's."""
    spans = [m.span() for m in _FULL_STOP_END.finditer(text, start, end)]
    more = False
    for char, pattern in _OTHER_ENDS:
        if text.find(char, start, end) >= 0:
            found = [m.span() for m in pattern.finditer(text, start, end)]
            if found:
                spans += found
                more = True
    if not more:
        return spans
    spans.sort()
    kept: list[tuple[int, int]] = []
    last = start
    for span in spans:
        if span[0] >= last:
            kept.append(span)
            last = span[1]
    return kept


def _append(out: list[Sentence], text: str, s: int, e: int) -> None:
    body = text[s:e].strip()
    if body:
        # Where the first character that is no space is: the spaces before it
        # are the only ones strip took from the front.
        s = text.find(body[0], s, e)
        # Line wraps and no-break spaces read as spaces ("the United\nStates");
        # one character for one, so offsets stay offsets into the article.
        out.append(Sentence(s, s + len(body), _spaces(body)))


# ---------------------------------------------------------------------------
# Triggers
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Trigger:
    kind: str
    start: int  # offsets within the sentence
    end: int
    text: str
    weak: bool = False  # statements: only taken with a date right beside them


_KIND_PATTERNS: list[tuple[str, str, bool]] = [
    (Kind.NUCLEAR_TEST, r"\bnuclear (?:weapons? )?test(?:s|ing)?\b(?! site)|\bnuclear detonation\b|\bunderground (?:nuclear )?test\b", False),
    (Kind.SATELLITE_LAUNCH, r"\b(?:(?:spy|reconnaissance|military|earth observation) )?satellite(?: launch(?:es)?)?\b(?=[^.]{0,60}\b(?:launch|orbit|rocket))|\blaunch(?:ed|es)? (?:a|its|the|another) (?:[\w-]+ ){0,3}?satellite\b|\bspace launch vehicle\b", False),
    (Kind.MISSILE_LAUNCH, r"\b(?:(?:ballistic|cruise|hypersonic|ICBM|IRBM|SRBM|SLBM) )?missile (?:launch(?:es)?|tests?|firings?)\b|\b(?:fired|fires|launched|launches|test[-‑ ]?fired|test[-‑ ]?fires|test[-‑ ]?launched|tested|test[-‑]firing|test launch|salvo launch|attempted to (?:test[-‑ ]?)?launch)\b(?=[^.]{0,80}?\b(?:missiles?|ICBMs?|IRBMs?|SRBMs?|SLBMs?|rockets?(?! launcher)|projectiles?|MLRS|Hwasong[\w-]*|KN-\d+)\b)|\b(?:launch(?:es)?|tests?)\b(?=[^.]{0,10}\bof\b[^.]{0,40}\bmissiles?\b)|\blaunch\b(?<=missile launch)|(?:(?<=DPRK['’]s )|(?<=Korea['’]s )|(?<=yang['’]s )|(?<=North['’]s ))(?:\w+ ){0,2}?(?:tests?|launch(?:es)?)\b", False),
    (Kind.EXERCISE, r"\b(?:joint |combined |military |naval |air |live-fire |trilateral |large-scale )*(?:exercises?|drills?|war ?games?|maneuvers)\b(?!\s+(?:[Pp]lans?|[Pp]rogram|[Ss]chedule|[Ff]ramework|[Ss]ystem))", False),
    (Kind.SUMMIT, r"\bsummit(?:s| meeting| talks)?\b", False),
    (Kind.TALKS, r"\b(?:talks|negotiations|dialogue|consultations|(?:phone|telephone|video) call|call with|spoke(?: \w+){0,2}? (?:with|to)|spoke by (?:phone|telephone))\b", False),
    (Kind.MEETING, r"\b(?:[Mm]eetings?|[Mm]eeting-Plus|gathering|session|conference|[Ff]orum)\b|\b(?:met|meets?|convened?|convenes|(?:co-)?chaired)\b", False),
    (Kind.AGREEMENT, r"\b(?:agreement|accord|treaty|pact|declaration(?! of (?:martial|war|a state|emergency))|joint statement|joint press statement|fact sheet|memorandum of understanding|MOU|communique|framework|deal|armistice(?! [Dd]ay)|cease-?fire|(?:adoption|signing|conclusion|ratification) of)\b|\b(?:signed|endorsed|adopted)\b"
     r"|(?-i:\b(?:[A-Z][a-z]+ )+(?<!Joint )Statement\b)", False),
    (Kind.OTHER, r"\b(?:war|conflict|fighting|hostilities|clashes?)\s+(?:erupted|broke out|began|started)\b"
     r"|\b(?:invaded|invasion of|shelled|shelling of|torpedoed|sank|ambushed|infiltrated)\b"
     r"|\b(?:establishment|creation|inauguration|opening) of (?:the|a|an) (?=(?-i:[A-Z]))"
     r"|\bdeclaration of (?:martial law|war|a state of emergency|emergency)|\bmartial law\b"
     r"|\bdropped (?:\w+ ){0,3}bombs\b", False),
    (Kind.SANCTION, r"\bsanction(?:s|ed)?\b|\bdesignated\b|\bblacklist(?:ed)?\b", False),
    (Kind.VISIT, r"\b(?:state visit|visit(?:ed|s)?|visiting(?= (?:the|a|an) )|trip(?: to)?|travel(?:s|ed|led)? to|arrived (?:in|at)|welcom(?:e[sd]?|ing)\s+(?:the\s+)?(?:(?-i:[A-Z])[\w.-]*,?\s+)(?:(?:(?-i:[A-Z])[\w.-]*,?|of|the)\s+){0,7}to)\b", False),
    (Kind.STATEMENT, r"\b(?:condemn(?:s|ed)?|denounce[sd]?|warn(?:s|ed)?|pledge[sd]?|vow(?:s|ed)?|announce[sd]?|declare[sd]?|said|says|stated|urge[sd]?|criticize[sd]?|reaffirm(?:s|ed)?|called for)\b", True),
]
# Case-insensitive: documents capitalize named events ("the Camp David
# Trilateral Summit", "a State Visit").
_KIND_RES = [(kind, re.compile(p, re.IGNORECASE), weak) for kind, p, weak in _KIND_PATTERNS]
# Words (lower case) one of which every match of a kind's pattern contains:
# a sentence with none of them needs no run of that pattern.
_KIND_KEYS: dict[str, tuple[str, ...]] = {
    Kind.NUCLEAR_TEST: ("nuclear", "underground"),
    Kind.SATELLITE_LAUNCH: ("satellite", "space launch"),
    Kind.MISSILE_LAUNCH: ("missile", "fire", "launch", "test", "salvo"),
    Kind.EXERCISE: ("exercise", "drill", "war", "game", "maneuver"),
    Kind.SUMMIT: ("summit",),
    Kind.TALKS: ("talks", "negotiation", "dialogue", "consultation", "call", "spoke"),
    Kind.MEETING: ("meet", "gathering", "session", "conference", "forum", "met", "conven", "chaired"),
    Kind.AGREEMENT: (
        "agreement", "accord", "treaty", "pact", "declaration", "statement", "fact sheet",
        "memorandum", "mou", "communique", "framework", "deal", "signed", "armistice", "cease",
        "adoption", "signing", "conclusion", "ratification", "endorsed", "adopted",
    ),
    Kind.SANCTION: ("sanction", "designated", "blacklist"),
    Kind.OTHER: (
        "war", "conflict", "fighting", "hostilities", "clash", "invad", "invasion", "shell", "torpedo",
        "sank", "ambush", "infiltrat", "establishment", "creation", "inauguration", "opening",
        "declaration", "martial", "bombs",
    ),
    Kind.VISIT: ("visit", "trip", "travel", "arrived", "welcom"),
    Kind.STATEMENT: (
        "condemn", "denounce", "warn", "pledge", "vow", "announce", "declare", "said", "says",
        "stated", "urge", "critici", "reaffirm", "called for",
    ),
}  # fmt: skip

# "sanctions" preceded by "against recent U.S." is a noun naming an earlier event;
# such uses still count as sanction triggers, but only with a date.
_NEGATION = re.compile(
    r"\b(?:not|n't|never|no|without|failed to|refused to|cancel(?:led|ed)|postponed|called off"
    r"|if|unless|whether|would have|could|might)\b[^,;]{0,40}$",
    re.IGNORECASE,
)
# Every match of _NEGATION holds one of these ("no" is in "not").
_NEGATION_WORDS = (
    "no", "n't", "never", "without", "failed to", "refused to", "cancel", "postponed", "called off", "if",
    "unless", "whether", "would have", "could", "might",
)  # fmt: skip
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|going to|plans? to|planned|planning|scheduled|expected to|intends? to"
    r"|set to|due to|to be held|upcoming|agree[sd]? to (?:hold|convene|launch|meet|resume|host)"
    r"|approved (?:future )?plans|is to|are to"
    r"|(?-i:next)|would)\b",
    re.IGNORECASE,
)
# Every match of _FUTURE holds one of these.
_FUTURE_WORDS = (
    "will", "won't", "shall", "'ll", "going to", "plan", "scheduled", "expected to", "intend", "set to",
    "due to", "to be held", "upcoming", "agree", "is to", "are to", "next", "would",
)  # fmt: skip
_ORDINAL_WORDS = {
    "first": 1, "inaugural": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
# "\b(first|inaugural|…|twelfth|(\d{1,2})(?:st|nd|rd|th))\s+…", written first-letter
# first (the word boundary looked for behind that letter, the rest told by
# it): the ordinal runs from the match's start to the end of group 1, the
# digits (if any) to the end of group 2.
_ORDINAL_RE = re.compile(
    r"[fisten\d](?<!\w[fisten\d])((?<=f)(?:irst|ourth|ifth)|(?<=i)naugural|(?<=s)(?:econd|ixth|eventh)"
    r"|(?<=t)(?:hird|enth|welfth)|(?<=e)(?:ighth|leventh)|(?<=n)inth|(?<=\d)(\d?)(?:st|nd|rd|th))\s+(?:(?:U\.S\.|US|ROK|Korea|South Korea|Japan)[-–](?:ROK|U\.S\.|US|Korea|Japan)\s+)?"
    r"(?:[a-z]+-[a-z]+\s+)?$",
    re.IGNORECASE,
)
_MISSILE_CLASS = [
    ("ICBM", r"\bICBMs?\b|intercontinental ballistic"),
    ("IRBM", r"\bIRBMs?\b|intermediate-range"),
    ("SLBM", r"\bSLBMs?\b|submarine-launched"),
    ("SRBM", r"\bSRBMs?\b|short-range ballistic|short-range missile"),
    ("hypersonic", r"\bhypersonic\b"),
    ("cruise", r"\bcruise missiles?\b"),
]
_PRONOUN_SUBJECT = re.compile(r"(?:It|The group|The body|The panel|The forum)\b")
_MONTH_WORDS = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
_LAUNCH_KINDS = {Kind.MISSILE_LAUNCH, Kind.NUCLEAR_TEST, Kind.SATELLITE_LAUNCH}


# Each key word with the bits of the kinds (in _KIND_RES order) it stands
# for; _JOINT_BIT marks the words _JOINT_ACT needs ("agreed", "issued"…),
# _EXERCISE_BIT the names of exercises (lower-cased: "freedom shield").
_JOINT_BIT = 1 << len(_KIND_RES)
_EXERCISE_BIT = _JOINT_BIT << 1
_ALL_KEYS = (_EXERCISE_BIT << 1) - 1


@lru_cache(maxsize=1)
def _key_bits() -> dict[str, int]:
    out: dict[str, int] = {}
    for i, (kind, _p, _w) in enumerate(_KIND_RES):
        for key in _KIND_KEYS[kind]:
            out[key] = out.get(key, 0) | 1 << i
    for key in _JOINT_WORDS:
        out[key] = out.get(key, 0) | _JOINT_BIT
    for name in _load("series.json")["exercises"]:
        out[name.lower()] = out.get(name.lower(), 0) | _EXERCISE_BIT
    return out


def _key_mask(low: str) -> int:
    """The bits of every key word in lower-cased ``low``: no bit, no trigger."""
    mask = 0
    for key, bits in _key_bits().items():
        if key in low:
            mask |= bits
    return mask


@lru_cache(maxsize=1)
def _scan_words() -> tuple[tuple[str, ...], list[int], frozenset[int], frozenset[int], frozenset[int]]:
    """The words of _KeyHits' one scan: trigger key words, series words,
    present-tense meeting verbs and _JUNK_LINE's phrases; and for each word
    (by index) its key bits, and which indices are series words, which such
    verbs and which banner phrases."""
    key_bits = _key_bits()
    series_keys = _gazetteers().series_keys
    words = tuple(dict.fromkeys([*key_bits, *series_keys, *_NOW_WORDS, *_JUNK_PHRASES]))
    return (
        words,
        [key_bits.get(w, 0) for w in words],
        frozenset(i for i, w in enumerate(words) if w in series_keys),
        frozenset(i for i, w in enumerate(words) if w in _NOW_WORDS),
        frozenset(i for i, w in enumerate(words) if w in _JUNK_PHRASES),
    )


class _KeyHits:
    """Where the key words occur in a whole lower-cased text, found in one
    pass, so that each sentence's key bits come from a few comparisons
    instead of a search of the sentence for every word.

    The same pass finds the series words (``series``: what
    ``_occurrences(low, series_keys)`` finds) and the present-tense meeting
    verbs in any case (``now``: where ``_now_verbs`` need look). A scan of
    a text costs about the same for ten words as for a hundred."""

    __slots__ = ("_bits", "_ends", "_starts", "junk", "now", "series")

    def __init__(self, low: str | bytes) -> None:
        """``low``: the lower-cased text as each sentence's _spaces text is,
        or that as _ascii_spaces bytes."""
        words, key_bits, series, now, junk = _scan_words()
        # Scanned as ASCII bytes, several times faster than as text: every
        # character beyond ASCII, which no word holds, becomes one "?".
        data = _ascii_spaces(low) if isinstance(low, str) else low
        hits = sorted(_bytes_automaton(words).find_matches_as_indexes(data, overlapping=True), key=lambda h: h[1])
        # Series words and verbs hold no space, tab or line break, so
        # they occur in the lower-cased text where they occur in its
        # _spaces copy.
        self.series = [h[1] for h in hits if h[0] in series]
        self.now = [h[1] for h in hits if h[0] in now]
        # Banner phrases (seldom any): where they occur in the scanned bytes,
        # (phrase, start) for _WordBytes, which tells the ones of the
        # lower-cased text from them.
        self.junk = [(words[h[0]], h[1]) for h in hits if h[0] in junk]
        hits = [h for h in hits if key_bits[h[0]]]
        self._starts = [h[1] for h in hits]
        self._ends = [h[2] for h in hits]
        self._bits = [key_bits[h[0]] for h in hits]

    def mask(self, start: int, end: int) -> int:
        """The bits of the key words lying wholly within ``low[start:end]``:
        ``_key_mask(low[start:end])``."""
        starts, ends, bits = self._starts, self._ends, self._bits
        mask = 0
        i = bisect.bisect_left(starts, start)
        n = len(starts)
        while i < n and starts[i] < end:
            if ends[i] <= end:
                mask |= bits[i]
            i += 1
        return mask


# In texts at least this long each sentence's trigger patterns are found by
# one prefilter scan (see _triggers) when it is available. A shorter text (a
# headline, a row of an incident database) has few sentences, and the scan's
# database would cost more to load than it saves (as for the tagger:
# dates._PREFILTER_MIN).
_PREFILTER_MIN = 2000


@lru_cache(maxsize=1)
def _kind_prefilter() -> Prefilter:
    """Every pattern of _KIND_RES and, last, the exercise names' in one
    Hyperscan scan (see :mod:`.prefilter`). The names' pattern is the one
    whose matches _Names.spans finds (lookbehind and all)."""
    return Prefilter([(p, False) for _k, p, _w in _KIND_RES] + [(_gazetteers().exercise_re._whole, False)])


_TRIGGER_START = attrgetter("start")


def _triggers(
    sentence: str, *, prefilter: bool = True, keys: int | None = None, scan: bool = False
) -> list[_Trigger]:
    """Event words in ``sentence``. ``keys``: its _key_mask, if known; with
    ``prefilter`` a kind whose key words are all absent is not looked for.

    ``scan`` (with ``prefilter``): find where each pattern may match in one
    Hyperscan scan of the sentence (_kind_prefilter) and try it only there,
    instead of running each pattern over the sentence. The scan reports
    every place where a pattern matches in the very string it runs on, so
    trying it at those places in order finds what finditer finds
    (finditer_at), lookarounds and all; no pattern matches the empty string
    (a test checks)."""
    found: list[_Trigger] = []
    taken: list[tuple[int, int]] = []
    if not prefilter:
        keys = _ALL_KEYS
    elif keys is None:
        keys = _key_mask(sentence.lower())
    places = _kind_prefilter().places(sentence) if scan and prefilter and keys & ~_JOINT_BIT else None
    if keys & _EXERCISE_BIT:
        names = _gazetteers().exercise_re
        if places is None:
            spans = names.spans(sentence)
        else:
            at = places.get(len(_KIND_RES))  # the names' pattern is the last one scanned for
            spans = [m.span() for m in finditer_at(names._whole, sentence, at)] if at else []
        for s, e in spans:
            found.append(_Trigger(Kind.EXERCISE, s, e, sentence[s:e]))
            taken.append((s, e))
    for i, (kind, pattern, weak) in enumerate(_KIND_RES):
        if not keys >> i & 1:
            continue
        if places is None:
            matches = pattern.finditer(sentence)
        elif i in places:
            matches = finditer_at(pattern, sentence, places[i])
        else:
            continue  # no place where it may match
        for m in matches:
            s, e = m.span()
            if taken and any(s < te and ts < e for ts, te in taken):
                continue
            found.append(_Trigger(kind, s, e, m.group(0), weak))
            taken.append((s, e))
    found.sort(key=_TRIGGER_START)
    return found


# ---------------------------------------------------------------------------
# Attributes around a trigger
# ---------------------------------------------------------------------------


# Names joined by dashes ("U.S.-ROK", "Japan–Korea"): what
# "(?:U\.S\.|[A-Z][A-Za-z.]*)(?:[-–](?:U\.S\.|[A-Z][A-Za-z.]*))+" matches,
# written so that the regex engine skips ahead to a capital (a class first,
# "U.S." told by a lookbehind) and never gives back letters of a word (a
# dash cannot follow where a letter or dot was given back: "*+").
_COMPOUND = re.compile(r"[A-Z](?:(?<=U)\.S\.|[A-Za-z.]*+)(?:[-–](?:U\.S\.|[A-Z][A-Za-z.]*+))+")
_DASH = re.compile(r"[-–]")


def find_actors(text: str) -> list[tuple[int, int, str]]:
    """Actor mentions in ``text``: (start, end, code), compounds split.

    >>> [a[2] for a in find_actors("the U.S.-ROK alliance and Pyongyang")]
    ['US', 'KR', 'KP']
    """
    g = _gazetteers()
    out: list[tuple[int, int, str]] = []
    for m in _COMPOUND.finditer(text) if "-" in text or "–" in text else ():  # each match holds a dash
        parts = _DASH.split(m.group(0))
        codes = [g.compound_of.get(p) or g.actor_of.get(p) for p in parts]
        if len([c for c in codes if c]) >= 2:
            pos = m.start()
            for p, c in zip(parts, codes, strict=True):
                if c:
                    out.append((pos, pos + len(p), c))
                pos += len(p) + 1
    covered = [(s, e) for s, e, _ in out]
    for start, end in g.actor_re.spans(text):
        if any(start < e and s < end for s, e in covered):
            continue
        name = text[start:end]
        if name == "US" and text[max(0, start - 1) : start] == "-":
            continue
        out.append((start, end, g.actor_of[name]))
    return sorted(out)


def _parties(sentence: str) -> list[str]:
    """Countries a sentence names, directly or through its officials, in order."""
    g = _gazetteers()
    found = [(s, code) for s, _e, code in find_actors(sentence)]
    for s, e in g.official_re.spans(sentence):
        name = g.aliases.get(sentence[s:e], sentence[s:e])
        found.append((s, g.officials[name][0]))
    return list(dict.fromkeys(code for _s, code in sorted(found)))


def _participants(sentence: str) -> list[str]:
    g = _gazetteers()
    names: list[str] = []
    for s, e in g.official_re.spans(sentence):
        name = g.aliases.get(sentence[s:e], sentence[s:e])
        if name not in names:
            names.append(name)
    for m in g.title_re.finditer(sentence):
        name = m.group(1).strip()
        known = any(name in n or n in name for n in names)
        if not known and not any(w in g.actor_of for w in name.split()):
            names.append(name)
    return names


# "the President" alone is the head of state of the document's country.
# What "(?<!Vice )\b(?:President|Prime Minister|Premier|Chancellor|leader)\s+[A-Z]
# |\b[Tt]he President(?:['’]s)?\b" matches, written first-letter first (the
# word boundary and "Vice " looked for behind that letter, the rest told by
# it) so that the regex engine skips ahead to such a letter instead of
# trying every alternative at every character; so are the next two.
_LEADER_TITLE = re.compile(
    r"[PClTt](?<!\w[PClTt])(?:(?<!Vice [PCl])(?:(?<=P)(?:resident|rime Minister|remier)|(?<=C)hancellor"
    r"|(?<=l)eader)\s+[A-Z]|(?<=[Tt])he President(?:['’]s)?\b)"
)
_NEXT = re.compile(r"\b(?:next|following|subsequent)\b(?:[\s-]+[\w-]+){0,3}\s*$", re.IGNORECASE)
_ADVERSARIES = frozenset({"KP", "CN", "RU"})
# The speaker's side, named without a name: "the Vice President", "we", "our".
# "\b(?:the (?:Vice )?President|the Secretary(?! General)|the First Lady|the National Security Advisor
# |the [Aa]dministration)\b(?! of)|\b(?:[Ww]e|[Oo]ur|[Ss]he|[Hh]e)\b", first-letter first.
_HOME_REF = re.compile(
    r"[tWwOoSsHh](?<!\w[tWwOoSsHh])(?:(?<=t)he (?:(?:Vice )?President|Secretary(?! General)|First Lady"
    r"|National Security Advisor|[Aa]dministration)\b(?! of)|(?<=[Ww])e\b|(?<=[Oo])ur\b|(?<=[Ss])he\b|(?<=[Hh])e\b)"
)
_THE_THREE = re.compile(
    r"\b(?:the|our|their) three (?:governments|countries|sides|allies|leaders|nations)\b|\btrilateral\b", re.I
)
# Every match of _THE_THREE holds one of these.
_THREE_WORDS = ("three", "trilateral")
_THE_TWO = re.compile(r"\bthe two (?:governments|countries|sides|allies|leaders|nations|presidents)\b", re.I)
# Every match of _THE_TWO holds this.
_TWO_WORDS = ("the two",)
# "\b(?:with|and) (?:North Korea|the DPRK|DPRK|Pyongyang|Kim Jong[ -]?[Uu]n)\b
# |inter-Korean|North Korea(?:n)? (?:and|with) |U\.S\.-DPRK|US-DPRK", first-letter first.
_KP_PARTY = re.compile(
    r"[waiNU](?:(?<!\w[wa])(?:(?<=w)ith|(?<=a)nd) (?:North Korea|the DPRK|DPRK|Pyongyang|Kim Jong[ -]?[Uu]n)\b"
    r"|(?<=i)nter-Korean|(?<=N)orth Korea(?:n)? (?:and|with) |(?<=U)\.S\.-DPRK|(?<=U)S-DPRK)"
)
_LEADER_TITLES = {"President", "Prime Minister", "Leader"}
_PRONOUN_LEADER = re.compile(r"\s*(?:He|She)\b")
_LEADERS_NOUN = re.compile(r"\b(?:[Ll]eaders|heads of (?:state|government))\b")


def _position(name: str, text: str) -> int:
    """Where ``name`` or a surname standing for it first appears in ``text``, or -1."""
    g = _gazetteers()
    spots = [text.find(form) for form in (name, *(a for a, n in g.aliases.items() if n == name))]
    found = [i for i in spots if i >= 0]
    return min(found) if found else -1


def _leaders(participants: Sequence[str], sentence: str, trigger: _Trigger) -> int:
    """How many heads of state or government take part: named as the subject
    (before the trigger) or as its partner right after it ("met with President Yoon")."""
    g = _gazetteers()
    window = sentence[: trigger.start] + " " + sentence[trigger.end : trigger.end + 90]
    named = {
        p for p in participants
        if g.officials.get(p, ["", ""])[1] in _LEADER_TITLES and _position(p, window) >= 0
    }
    titled = len(_LEADER_TITLE.findall(window))
    before = sentence[: trigger.start]
    # Each match holds one of "eaders" and "heads of".
    if ("eaders" in before or "heads of" in before) and _LEADERS_NOUN.search(before):
        return 2  # "the three leaders convened…"
    return max(len(named), titled)


_IN_AT_BEFORE = re.compile(r"\b(?:in|at)\s+$")


def _location(sentence: str, trigger: _Trigger) -> str | None:
    g = _gazetteers()
    best: tuple[int, str] | None = None
    # A place in another clause ("…, after stopping in Tokyo") is not this event's.
    cut = _NEXT_CLAUSE.search(sentence, trigger.end)
    for s, e in g.place_re.spans(sentence, 0, cut.start() if cut else len(sentence)):
        before = sentence[max(0, s - 4) : s]
        if not _IN_AT_BEFORE.search(before):
            continue
        distance = abs(s - trigger.end)
        if best is None or distance < best[0]:
            best = (distance, g.place_of[sentence[s:e]])
    return best[1] if best else None


_OF_SERIES = re.compile(r"\s+of\s+(?:the|their|its|the allies['’])?\s*(?:[a-z]+\s+){0,2}$")


def _series(sentence: str, trigger: _Trigger) -> tuple[str | None, int, int]:
    """The series a trigger belongs to, and the extent of its noun phrase.

    Accepted: a series named just before the trigger ("the fifth NCG
    meeting"), as the subject a few words before ("the NCG, set up by both
    allies, held its second meeting"), or in an of-phrase right after ("the
    third meeting of their Nuclear Consultative Group").
    """
    g = _gazetteers()
    low = sentence.lower()
    if not any(map(low.__contains__, g.series_keys)) or not _may_name_a_series(sentence, low):
        return None, trigger.start, trigger.end  # no series name ends here
    best: tuple[int, str, int, int] | None = None
    for m in g.series_re.finditer(sentence):
        short = g.series_of[m.group(0).lower()]
        if m.start() >= trigger.end:
            between = sentence[trigger.end : m.start()]
            if m.start() - trigger.end <= 30 and _OF_SERIES.fullmatch(" " + between.lstrip()):
                candidate = (m.start() - trigger.end, short, trigger.start, m.end())
            else:
                continue
        else:
            distance = trigger.start - m.end()
            if distance > 80 or distance < -len(m.group(0)) - 5:
                continue
            candidate = (abs(distance), short, m.start(), m.end())
        if best is None or candidate[0] < best[0]:
            best = candidate
    if best is None:
        return None, trigger.start, trigger.end
    start = best[2]
    # "Nuclear Consultative Group (NCG) meeting": the phrase starts at the
    # first of the adjacent mentions of the same series.
    for m in g.series_re.finditer(sentence[: best[2]]):
        if g.series_of[m.group(0).lower()] == best[1] and best[2] - m.end() <= 3:
            start = min(start, m.start())
    return best[1], min(start, trigger.start), max(best[3], trigger.end)


def _names_itself(sentence: str, trigger: _Trigger) -> bool:
    """Whether the trigger is a specific, numbered or named, occurrence:
    "the fourth meeting", "the NCG meeting", "the meeting of the NCG"."""
    if _ordinal(sentence, trigger.start) is not None:
        return True
    series, start, end = _series(sentence, trigger)
    if series is None:
        return False
    return trigger.start - start <= 45 + len(trigger.text) or end > trigger.end


_PAREN_END = re.compile(r"\s*\([^)]*\)\s*$")


def _ordinal(sentence: str, phrase_start: int) -> int | None:
    before = sentence[max(0, phrase_start - 40) : phrase_start]
    if "(" in before:
        before = _PAREN_END.sub(" ", before)
    # _ORDINAL_RE ends with spaces (then the end, or a last line break):
    # text that does not end with one holds no match.
    m = _ORDINAL_RE.search(before) if before[-1:].isspace() else None
    if not m:
        return None
    if m.group(2) is not None:
        return int(before[m.start() : m.end(2)])
    return _ORDINAL_WORDS[before[m.start() : m.end(1)].lower()]


def _missile_class(sentence: str) -> str | None:
    for name, pattern in _MISSILE_CLASS:
        if re.search(pattern, sentence, re.IGNORECASE):
            return name
    return None


# ---------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------


def classify_kind(text: str) -> str:
    """The kind of event a short description is about (its first sentence's
    main trigger), e.g. for a row of an incident database.

    >>> classify_kind("North Korea fired two short-range ballistic missiles on May 9.")
    'missile_launch'
    """
    for sent in split_sentences(text)[:2]:
        triggers = [t for t in _triggers(sent.text) if not _negated(sent.text, t)]
        strong = [t for t in triggers if not t.weak]
        if strong:
            # Launches and tests outrank the talk around them.
            ranked = sorted(strong, key=lambda t: (t.kind not in _LAUNCH_KINDS, t.start))
            return str(ranked[0].kind)
        if triggers:
            return str(triggers[0].kind)
    return Kind.OTHER.value


def extract(text: str, dct: dt.date | None = None, *, home: str | None = None) -> Extraction:
    """Dated events in ``text`` as of the document creation time ``dct``.

    ``home`` is the country the text speaks for (its publisher's: see
    :func:`publisher_country`); "the President", "we" and "our" are its. A
    news agency in the dateline ("SEOUL, March 10 (Yonhap) --") tells it too.
    Pure: no I/O, same input gives the same output.

    >>> ex = extract("The allies held the fifth NCG meeting in Washington on Thursday.",
    ...              dt.date(2025, 12, 12))
    >>> [(e.title, e.date.value) for e in ex.events]
    [('5th NCG meeting, Washington', '2025-12-11')]
    """
    result = Extraction()
    timexes, unresolved = tag_with_stats(text, dct)
    result.timexes = len(timexes)
    result.dates_unresolved = unresolved
    starts = [t.start for t in timexes]  # sorted: tag() returns text order
    g = _gazetteers()
    doc = _DocParties(text, home or _agency_country(text))
    low, low_utf8 = _lower_utf8(text)
    # Trigger key words, series words and present-tense meeting verbs: one
    # scan of the text (lower-cased one character for one, as each
    # sentence's _spaces text is) instead of one per sentence or per kind.
    ascii_low = _ascii_spaces(low) if len(low) == len(text) else None
    hits = _KeyHits(ascii_low) if ascii_low is not None else None
    series_at = hits.series if hits is not None else _occurrences(low, g.series_keys)
    now_at = _now_verbs(text, hits.now if hits is not None else None) if dct is not None else []
    last_series: str | None = None
    previous: tuple[Timex, DateInterval] | None = None
    word_bytes = _WordBytes.of(text, low, ascii_low, low_utf8, hits.junk if hits is not None else None)
    scan = len(text) >= _PREFILTER_MIN and prefilter_available()
    # Sorted places, each list ending with one past the text: a range holds
    # one of them when the first at or after its start is before its end.
    past = [len(text) + 1]
    at_timex, at_now, at_series = starts + past, now_at + past, series_at + past
    bisect_left = bisect.bisect_left
    for p_start, p_end in _paragraphs(text):
        if _junk_at(text, p_start, p_end, word_bytes):
            result.junk_skipped += 1
            continue
        if (
            # No date, no present-tense meeting, past the opening…
            previous is None
            and not _opening(dct, result)
            and at_timex[bisect_left(at_timex, p_start)] >= p_end
            and ("meeting" in result.now_taken or at_now[bisect_left(at_now, p_start)] >= p_end)
        ) or (
            # …or, past the sentences whose count matters, no key word of any trigger.
            hits is not None and result.sentences > _OPENING_SENTENCES and not hits.mask(p_start, p_end)
        ):
            # No event can come of this paragraph (and none carries on from
            # it); only the series it names matters.
            previous = None
            if at_series[bisect_left(at_series, p_start)] < p_end:
                last_series = _last_series(_spaces(text[p_start:p_end]), last_series)
            continue
        context = _Context(doc)
        last_told: tuple[Timex, DateInterval] | None = None  # the day of the paragraph's first event
        for sent in split_sentences(text, p_start, p_end):
            result.sentences += 1
            lo = bisect_left(at_timex, sent.start)
            in_sentence = (
                [t for t in timexes[lo : bisect_left(at_timex, sent.end, lo)] if t.end <= sent.end and not _in_dateline(text, sent, t)]
                if at_timex[lo] < sent.end
                else []
            )
            # "The Vice President will also meet…": a day just given carries
            # into the next sentence.
            carried = previous if previous and not in_sentence and _SEQUEL.search(sent.text) else None
            # "The launch came five days after …": dated from the event just
            # told (asked only once the paragraph has told one).
            told = (
                last_told
                if last_told
                and not any(t.type in ("DATE", "TIME") for t in in_sentence)
                and _may_hold(sent.text, _RELATIVE_UNITS)
                and _may_hold(sent.text, _RELATIVE_LINKS)
                and _RELATIVE_ANY.search(sent.text)
                else None
            )
            now_verb = at_now[bisect_left(at_now, sent.start)] < sent.end
            if in_sentence or carried or told or _opening(dct, result) or (now_verb and "meeting" not in result.now_taken):
                events = _sentence_events(
                    sent, in_sentence, dct, last_series, context, result, carried, told,
                    now_verb=now_verb, keys=hits.mask(sent.start, sent.end) if hits else None, scan=scan,
                )
                result.events.extend(events)
                previous = _carry(events, sent)
                if last_told is None and events and events[0].date.precision == "day":
                    last_told = (Timex(sent.start, sent.start, "", "DATE", events[0].date.value, None), events[0].date)
            else:
                # Most sentences carry no date: no event can come of them.
                previous = None
            if at_series[bisect_left(at_series, sent.start)] < sent.end:
                last_series = _last_series(sent.text, last_series)
            context.add(sent.text)
    result.events = _same_story(result.events)
    return result


_COARSE = frozenset({"year", "half", "quarter", "season", "month"})
# Kinds seldom repeated between the same parties within a month or a year;
# launches, talks and drills often are.
_ONE_OF_A_KIND = frozenset({Kind.AGREEMENT, Kind.SUMMIT, Kind.EXERCISE})


def _same_story(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """One text telling of one event twice, once loosely ("a 2018 inter-Korean
    military agreement") and once exactly ("signed in Pyongyang on Sept. 19,
    2018"): the loose mention takes the exact date, so the store keeps one
    event with both mentions. Only when exactly one finer event fits."""
    out = list(events)
    for i, loose in enumerate(events):
        if loose.date.precision not in _COARSE or loose.kind not in _ONE_OF_A_KIND:
            continue
        finer = [
            e for e in events
            if e is not loose and e.kind == loose.kind and e.status == loose.status
            and e.date.precision not in _COARSE and loose.date.contains(e.date)
            and (not loose.actors or not e.actors or set(loose.actors) & set(e.actors))
            and (loose.series is None or e.series is None or loose.series == e.series)
        ]
        if len({e.date.value for e in finer}) == 1:
            out[i] = replace(loose, date=finer[0].date, mod=finer[0].mod)
    return out


# "SEOUL, March 10 (Yonhap) --": the date of the report, not of an event in it.
_DATELINE_BEFORE = re.compile(r"[A-Z][A-Za-z.' -]{1,40},[ \t]*")
_DATELINE_AFTER = re.compile(r"[ \t,]*(?:\d{4}[ \t]*)?(?:\([^)\n]{1,30}\))?[ \t]*(?:--|—|–|-|:)")


def _in_dateline(text: str, sent: Sentence, t: Timex) -> bool:
    return bool(
        _DATELINE_BEFORE.fullmatch(text, sent.start, t.start) and _DATELINE_AFTER.match(text, t.end)
    )


def _surname(name: str) -> str:
    """How a text calls an official after the first mention: "Kim Jong Un"
    is "Kim", "Donald Trump" is "Trump"."""
    parts = name.split()
    return parts[0] if _gazetteers().officials.get(name, [""])[0] in ("KR", "KP") else parts[-1]


@lru_cache(maxsize=256)
def _surname_re(word: str) -> re.Pattern[str]:
    """A surname on its own ("Kim", not the "Kim" of "Kim Jong Un"), compiled
    once: the officials of the gazetteer have few surnames."""
    return re.compile(rf"\b{re.escape(word)}\b(?![ -][A-Z])")


class _DocParties:
    """The countries a whole text is about, most named first (not North
    Korea, the usual subject rather than party), worked out once if needed."""

    def __init__(self, text: str, home: str | None = None) -> None:
        self._text = text
        self.home = home
        self.ordinals: dict[str, int] = {}  # the latest ordinal told of each series
        self._short: dict[str, str] = {}  # surname -> official, for text before _short_pos
        self._short_pos = 0
        self._codes: list[str] | None = None

    def short_names(self, pos: int, sentence: str) -> list[str]:
        """Officials named in full before ``pos`` whom ``sentence`` calls by
        surname alone ("Kim", "Lee"): the latest full mention wins. Asked in
        text order, so the names are taken in as ``pos`` moves on."""
        g = _gazetteers()
        if pos < self._short_pos:
            self._short_pos = 0
            self._short = {}
        text, aliases, officials = self._text, g.aliases, g.officials
        for s, e in g.official_re.spans(text, self._short_pos, pos):
            found = text[s:e]
            name = aliases.get(found, found)
            if name in officials and " " in name:
                self._short[_surname(name)] = name
        self._short_pos = max(self._short_pos, pos)
        short = self._short
        return [
            full for word, full in short.items()
            if word in sentence and word not in g.aliases
            and _surname_re(word).search(sentence)
        ]

    def leader_before(self, pos: int) -> bool:
        """Whether the last official named in the 400 characters before
        ``pos`` is a head of state or government (whom "He" stands for)."""
        g = _gazetteers()
        named = g.official_re.spans(self._text, max(0, pos - 400), pos)
        if not named:
            return False
        s, e = named[-1]
        last = self._text[s:e]
        name = g.aliases.get(last, last)
        return g.officials.get(name, ["", ""])[1] in _LEADER_TITLES

    def codes(self, *, adversaries: bool = False) -> list[str]:
        if self._codes is None:
            counts = Counter(c for _s, _e, c in find_actors(self._text) if len(c) == 2)
            self._codes = [c for c, _n in counts.most_common()]
        return self._codes if adversaries else [c for c in self._codes if c != "KP"]


def _last_series(text: str, current: str | None) -> str | None:
    """The last series ``text`` names, else ``current``."""
    g = _gazetteers()
    if not _may_name_a_series(text, text.lower()):
        return current
    named = [g.series_of[m.group(0).lower()] for m in g.series_re.finditer(text)]
    return named[-1] if named else current


def _may_name_a_series(text: str, low: str) -> bool:
    """Whether series_re may match in ``text`` (lower-cased ``low``). In text
    without _ASCII_CASE_TWINS matching regardless of case is ASCII's (the
    pattern's characters are all ASCII), so each match is ASCII and, in lower
    case, one of the series names (series_of's keys: every alternative of
    the pattern lower-cased), found in ``low`` as ``str.lower`` lowers each
    character on its own; a few substring tests tell what a scan of the
    pattern, tried at every character, would. Other text is scanned."""
    return (not text.isascii() and any(map(text.__contains__, _ASCII_CASE_TWINS))) or any(
        map(low.__contains__, _gazetteers().series_names)
    )


# The characters beyond ASCII that a case-blind pattern matches with an ASCII
# character: "İ", "ı" (i), "ſ" (s) and the Kelvin sign (k).
_ASCII_CASE_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")


class _Context:
    """The parties of the latest sentence of a paragraph that names any,
    worked out only when a sentence without parties needs them."""

    def __init__(self, doc: _DocParties) -> None:
        self.doc = doc
        self._pending: list[str] = []
        self._known: list[str] = []

    def add(self, sentence: str) -> None:
        self._pending.append(sentence)

    def actors(self) -> list[str]:
        while self._pending:
            here = _parties(self._pending.pop())
            if here:
                self._pending.clear()
                self._known = here
        return self._known


# "also", "then", "after that": the sentence goes on with the day just given.
_SEQUEL = re.compile(r"\b(?:also|then|after that|afterwards|afterward|later that day)\b", re.IGNORECASE)


def _carry(events: Sequence[ExtractedEvent], sent: Sentence) -> tuple[Timex, DateInterval] | None:
    """The day of a sentence's last event, for a sequel sentence to take up."""
    days = [e for e in events if e.date.precision == "day"]
    if not days:
        return None
    last = days[-1]
    return Timex(sent.end, sent.end, "", "DATE", last.date.value, last.mod), last.date


# Patterns used per sentence or per event, compiled once (re's cache
# lookup costs on every call of re.search and its kin).
_TO_BEFORE = re.compile(r"\bto\s+$")
_POSSESSIVE = re.compile(r"['’]s\b")
_FOUR_DIGITS = re.compile(r"\d{4}")
_DASH_OR_SEMICOLON = re.compile(r"[;—–]")
_PHRASE_WORD = re.compile(r"[A-Z][\w.'’-]*|[a-z][\w-]*")


def _sentence_events(
    sent: Sentence,
    timexes: Sequence[Timex],
    dct: dt.date | None,
    last_series: str | None,
    context: _Context,
    result: Extraction,
    carried: tuple[Timex, DateInterval] | None = None,
    told: tuple[Timex, DateInterval] | None = None,
    *,
    now_verb: bool = False,
    keys: int | None = None,
    scan: bool = False,
) -> list[ExtractedEvent]:
    """The events of one sentence. ``now_verb``: it holds a present-tense
    meeting verb ("welcomes", "are signing"), found by the caller's one scan;
    ``keys``: its key words' bits (_key_mask), if the caller knows them;
    ``scan``: whether _triggers is to find the triggers' places by a scan."""
    text = sent.text
    if keys is None:
        keys = _key_mask(text.lower())
    if not keys:
        # No word any trigger needs: no event can come of the sentence.
        return []
    now_meeting = now_verb and "meeting" not in result.now_taken
    dated = [
        (t, iv)
        for t in timexes
        if t.type in ("DATE", "TIME")
        and (iv := t.interval) is not None
        and not _hypothetical(text, t.start - sent.start)
        and not (dct is not None and iv.start > dct + _HORIZON)
    ]
    if not dated and carried is not None:
        tx, iv = carried
        dated = [(Timex(sent.start, sent.start, "", tx.type, tx.value, tx.mod), iv)]
    if not dated and not told and not _opening(dct, result) and not now_meeting:
        # Most sentences carry no date: no event can come of them.
        return []
    triggers = [
        t for t in _triggers(text, keys=keys, scan=scan)
        if (not _negated(text, t) or _not_since(text, t))
        and not (
            t.weak and _may_hold(text[max(0, t.start - 40) : t.start], _MEDIA_WORDS)
            and _MEDIA_SUBJECT.search(text, max(0, t.start - 40), t.start)
        )
    ]
    triggers = _drop_support_nouns(text, triggers)
    met = _leaders_acting(text, triggers) if dated else None
    if met is not None:
        triggers = sorted([*triggers, met], key=lambda t: t.start)
    if carried is not None and dated[0][0].text == "":
        # A carried day goes only to what the sentence's subject does next
        # ("will also meet"), not to what it reports or names ("a second state visit").
        triggers = [
            t for t in triggers
            if not t.weak and t.kind != Kind.STATEMENT and _VERB_TRIGGER.fullmatch(t.text)
        ]
    if not triggers:
        return []
    # Pair triggers and dates one to one, nearest first; statements only
    # when the date stands right beside them ("said on November 7").
    pairs = []
    named = [_names_itself(text, t) for t in triggers]
    anchors = [
        m.start() if (m := _search_with(_ANCHOR_BEFORE, _ANCHOR_WORDS, text, max(0, t.start - 50), t.start)) else -1
        for t in triggers
    ]
    infinitive = [
        bool(_INFINITIVE.search(text, max(0, t.start - 30), t.start))
        or bool(_VERB_TRIGGER.fullmatch(t.text) and _TO_BEFORE.search(text[max(0, t.start - 4) : t.start]))
        for t in triggers
    ]
    # A verb can take a date later in its own clause ("after North Korea
    # fired …, possibly …, on Monday"); a noun only one right after it.
    verbal = [bool(_VERB_TRIGGER.fullmatch(t.text) or _GERUND.match(text, t.start)) for t in triggers]
    for ti, trig in enumerate(triggers):
        for di, (tx, _) in enumerate(dated):
            s, e = tx.start - sent.start, tx.end - sent.start
            gap = s - trig.end if s >= trig.end else trig.start - e
            if _in_other_clause(text, trig, s):
                continue
            if infinitive[ti] and s < trig.end:
                # "agreed on Monday to hold talks next month": Monday is the agreeing.
                continue
            if anchors[ti] >= 0 and not (
                (s >= trig.end and (verbal[ti] or not re.search(r"[,;:]", text[trig.end : s])))
                or (e <= trig.start and s >= anchors[ti])
            ):
                continue
            if (
                _search_with(_SUPERSEDED, _SUPERSEDED_WORDS, text, max(0, s - 40), s)
                or _search_with(_SPAN_END, _SPAN_END_WORDS, text, max(0, s - 25), s)
                or (_search_with(_WRAP_UP, _WRAP_UP_WORDS, text, max(0, s - 25), s) and _START_WORD.search(text))
            ):
                # "…and run it through March 20": the end of a period, not an event's day.
                continue
            if (
                trig.kind == Kind.AGREEMENT and trig.text.lower() in _BARE_DEALS
                and _THE_BEFORE.search(text, max(0, trig.start - 8), trig.start) and gap > 20
            ):
                # "halted under the pact": a deal named before, not dated here.
                continue
            nominal = not _VERB_TRIGGER.fullmatch(trig.text) or _ends_with(_NOUN_BEFORE, text, trig.start)
            if e <= trig.start and nominal and _REGARDING_VERB.search(text, e, trig.start):
                # "Today, the Leaders reaffirmed the importance of regular talks":
                # the date is the verb's; the talks are what it is about.
                continue
            if "anniversar" in text[min(s, trig.start) : max(e, trig.end)].lower():
                # "Today marks the 73rd anniversary of the Armistice": a date
                # of remembrance, not of the event.
                continue
            if _ends_with(_ATTRIBUTIVE, text, s) and not (0 <= trig.start - e <= 40):
                # "since the 2021 coup", "the November 2022 Phnom Penh
                # Statement": a date after an article names the noun after it.
                continue
            if _crosses_clause(text, trig, s, e):
                gap += 60
            if s < trig.end:
                if _POSSESSIVE.match(text[e : e + 2]):
                    # "last month's APEC summit": a possessive date modifies the noun after it.
                    gap -= 20
                elif "," in text[e : trig.start]:
                    # "…on July 18, 2023, met again…": a date before a comma
                    # closes the previous clause; a date after the verb is its own.
                    gap += 30
            if named[ti]:
                # A trigger naming its series ("the fourth meeting of the NCG")
                # is the sentence's main event, ahead of appositions ("the last session").
                gap -= 20
            if trig.weak:
                # "said on November 7", "warned Friday": the date follows the verb.
                if s < trig.end or gap > 8:
                    continue
                gap += 15
            pairs.append((gap, ti, di))
    pairs.sort()
    used_t: set[int] = set()
    used_d: set[int] = set()
    chosen: list[tuple[int, int]] = []
    for _gap, ti, di in pairs:
        if ti in used_t or di in used_d:
            continue
        used_t.add(ti)
        used_d.add(di)
        chosen.append((ti, di))
    if len(dated) == 1 and chosen:
        # "will travel to Seoul on Thursday and have a bilateral meeting with
        # President Yoon": coordinated events of other kinds share the one date.
        ti0, di0 = chosen[0]
        first = triggers[ti0]
        for ti, trig in enumerate(triggers):
            if ti in used_t or trig.weak or trig.kind == first.kind or trig.start < first.end:
                continue
            between = text[first.end : trig.start]
            after_date = text[max(first.end, dated[di0][0].end - sent.start) : trig.start]
            if _SAME_DAY_LINK.search(after_date) and len(after_date) < 120:
                # "fired … on Monday, hours after Seoul and Washington kicked off
                # an exercise": hours apart is the same day.
                used_t.add(ti)
                chosen.append((ti, di0))
            elif (
                len(between) < (130 if re.search(r"\bwhen\b", between) else 80)
                and re.search(r"\band\b|\bwhen\b", between)
                and not re.search(r"[;:—]|\b(?:that|which|after|before|since|following|ahead of)\b", between)
                # "held talks on Monday and agreed to expand drills": the drills are a plan.
                and not re.search(r"\bto\s+(?:\w+\s+){1,3}$", between)
            ):
                used_t.add(ti)
                chosen.append((ti, di0))
    # "the DPRK's tests on February 26 and March 4", "met Kim three times —
    # in Singapore in June 2018, in Hanoi in February 2019 and …": one event per date.
    for ti, di in list(chosen):
        end = dated[di][0].end - sent.start
        for dj, (tx, _iv) in enumerate(dated):
            if dj in used_d or tx.start - sent.start < end:
                continue
            link = _AND_ANOTHER if triggers[ti].kind in _LAUNCH_KINDS else _DATE_LIST
            if link.fullmatch(text, end, tx.start - sent.start):
                used_d.add(dj)
                chosen.append((ti, dj))
                end = tx.end - sent.start
    if chosen or told:
        # "…on Friday, a day after it launched a short-range missile": the
        # day before the main event's day (or the day of the event just told).
        main_iv = dated[chosen[0][1]][1] if chosen else told[1]  # type: ignore[index]
        used_now = {ti for ti, _ in chosen}
        relative = (
            main_iv.precision == "day" and _may_hold(text, _RELATIVE_UNITS) and _may_hold(text, _RELATIVE_LINKS)
        )
        for rel in _RELATIVE_ANY.finditer(text) if relative else ():
            # The first trigger after "a day after" is the event it dates.
            nxt = next((ti for ti, t in enumerate(triggers) if t.start >= rel.end()), None)
            if nxt is None or nxt in used_now or triggers[nxt].weak or triggers[nxt].start - rel.end() > 150:
                continue
            trig = triggers[nxt]
            if (
                re.search(r"[;:]", text[rel.end() : trig.start])
                or (trig.kind == Kind.AGREEMENT and _THE_BEFORE.search(text, max(0, trig.start - 14), trig.start))
                or re.search(r"\bthe same\s+$", text[max(0, trig.start - 14) : trig.start])
            ):
                continue  # "a day after Seoul suspended the same deal": no new event
            shifted = _shift(main_iv, rel)
            if shifted is not None:
                tx0 = Timex(sent.start + rel.start(), sent.start + rel.end(), "", "DATE", shifted.value, None)
                dated.append((tx0, shifted))
                chosen.append((nxt, len(dated) - 1))
                used_now.add(nxt)
    events = []
    for ti, di in sorted(chosen):
        trig = triggers[ti]
        tx, iv = dated[di]
        events.append(_build(sent, trig, tx, iv, dct, last_series, context))
    if any(e.kind in _LAUNCH_KINDS for e in events):
        # "fired … on Thursday that flew longer than any missile it had tested before"
        result.now_taken.add("launch")
    now = _happening_now(sent, triggers, {ti for ti, _ in chosen}, dct, result, now_verb=now_verb)
    if now is not None:
        events.append(_build(sent, *now, dct, last_series, context))
    result.undated_triggers += len(triggers) - len(chosen) - (now is not None)
    return events


# "President Yoon welcomes President Biden to the ROK", "We, the leaders of
# Japan, the ROK and the United States, convened at Camp David": the opening
# of a report in the present tense, or of leaders' joint statement, is about
# the day it is dated.
_NOW_VERB = re.compile(
    r"\b(?:welcomes|(?:is|are) (?:honored|pleased|delighted|proud) to (?:welcome|host)|hosts|meets|convenes"
    r"|(?:is|are) (?:meeting|visiting|hosting|signing))\b"
)
# Each alternative of _NOW_VERB holds one of these words, and starts where
# the word does or at the "is"/"are" right before it.
_NOW_WORDS = (
    "welcomes", "hosts", "meets", "convenes", "honored", "pleased", "delighted", "proud",
    "meeting", "visiting", "hosting", "signing",
)  # fmt: skip
_IS_ARE_BEFORE = re.compile(r"\b(?:is|are) $")


def _now_verbs(text: str, near: list[int] | None = None) -> list[int]:
    """Where _NOW_VERB matches in ``text``, as ``finditer`` would find them,
    looking only where one of its words occurs.

    ``near``: sorted places that include every one of those words' (from
    _KeyHits, which finds them in any case: a place where the text has
    "Meets" matches nothing, and the pattern matches only at its words)."""
    out: list[int] = []
    end = 0
    for i in _occurrences(text, _NOW_WORDS) if near is None else near:
        before = _IS_ARE_BEFORE.search(text, max(0, i - 4), i)
        for start in (before.start(), i) if before else (i,):
            m = _NOW_VERB.match(text, start) if start >= end else None
            if m:
                out.append(start)
                end = m.end()
                break
    return out


_NOW_OPENING = re.compile(
    _NOW_VERB.pattern + r"|^\W*We,? the (?:[Ll]eaders|[Hh]eads of (?:[Ss]tate|[Gg]overnment))\b"
)
_NOW_KINDS = {Kind.SUMMIT, Kind.MEETING, Kind.VISIT, Kind.AGREEMENT}
_OPENING_SENTENCES = 8
# "North Korea fired a ballistic missile toward the East Sea, the JCS said":
# a launch in the first lines of a report with no day given is the day's news.
_LAUNCH_VERB = re.compile(r"(?i)(?:test[-‑ ]?)?(?:fired|launched|fires|launches)|tested")
_LAUNCH_OPENING = 3
# "conducted its fifth nuclear test", "oversaw a test launch of…"
_LAUNCH_DID = re.compile(
    r"\b(?:conducted|carried out|staged|attempted|made|oversaw|supervised|observed|guided|claims? to have conducted)"
    r"\b[^.;]{0,60}$"
)


def _opening(dct: dt.date | None, result: Extraction) -> bool:
    """Whether an undated sentence may still hold the opening's main event."""
    return dct is not None and result.sentences <= _OPENING_SENTENCES and len(result.now_taken) < 2


def _happening_now(
    sent: Sentence,
    triggers: Sequence[_Trigger],
    used: set[int],
    dct: dt.date | None,
    result: Extraction,
    *,
    now_verb: bool,
) -> tuple[_Trigger, Timex, DateInterval] | None:
    """The undated main event of a report's opening, or of a present-tense
    meeting anywhere, dated by the DCT."""
    if dct is None or not (_opening(dct, result) or (now_verb and "meeting" not in result.now_taken)):
        return None
    for ti, trig in enumerate(triggers):
        if ti in used or _future(sent.text[: trig.start]):
            continue
        if trig.kind in _NOW_KINDS and "meeting" not in result.now_taken:
            # Each match of _NOW_VERB holds one of _NOW_WORDS; of _NOW_OPENING, one or "We".
            now_words = any(map(sent.text.__contains__, _NOW_WORDS))
            if now_words and _NOW_VERB.search(sent.text, 0, trig.end):
                pass  # present tense anywhere: "The United States and the ROK are signing…"
            elif not (
                result.sentences <= _OPENING_SENTENCES
                and (now_words or "We" in sent.text)
                and _NOW_OPENING.search(sent.text, 0, trig.end)
            ):
                continue
            group = "meeting"
        elif trig.kind in _LAUNCH_KINDS and "launch" not in result.now_taken:
            said = _LAUNCH_VERB.fullmatch(trig.text) or _LAUNCH_DID.search(sent.text, 0, trig.start)
            if not (result.sentences <= _LAUNCH_OPENING and said):
                continue
            group = "launch"
        else:
            continue
        iv = interval(dct.isoformat())
        if iv is None:
            return None
        result.now_taken.add(group)
        tx = Timex(sent.start + trig.start, sent.start + trig.start, "", "DATE", iv.value, None)
        return trig, tx, iv
    return None


# "on Jan. 6 and another on Jan. 14", "on May 9, and again on May 12"
_AND_ANOTHER = re.compile(r",?\s+and\s+(?:(?:another|again|one more)\s+)?(?:(?:on|in)\s+)?")
_DATE_LIST = re.compile(
    r"(?:,\s+(?:and\s+)?|\s+and\s+)(?:(?:again|another)\s+)?(?:(?:in|at|on)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,4}?)?(?:in|on)\s+"
)
# "originally planned for December": a date the event no longer has.
_SUPERSEDED = re.compile(
    r"\b(?:originally|initially|previously|first|once)\s+(?:planned|scheduled|set|slated|expected)"
    r"\s+(?:for|on|in)\s+$|\bpostponed from\s+$|\binstead of\s+$",
    re.IGNORECASE,
)
_REGARDING_VERB = re.compile(
    r"\b(?:welcom(?:e|ed|es|ing)|reaffirm(?:ed|s|ing)?|applaud(?:ed|s)?|highlight(?:ed|s)?|note[ds]?|noting"
    r"|underscore[ds]?|commend(?:ed|s)?|discuss(?:ed|es)?|preview(?:ed|s|ing)?|recall(?:ed|s)?|celebrate[ds]?"
    r"|review(?:ed|s)?|stress(?:ed|es)?|emphasi[sz](?:e|ed|es)|praise[ds]?|look(?:ed|s)? forward to)\b",
    re.IGNORECASE,
)
_NOUN_BEFORE = re.compile(r"(?:['’]s|\bthe|\bher|\bhis|\btheir|\bthis)\s+$", re.IGNORECASE)


def _ends_with(pattern: re.Pattern[str], text: str, end: int) -> bool:
    """Whether ``pattern.search(text, 0, end)`` finds a match, for a pattern
    of words of at most five characters, the last of each no space, then
    ``\\s+$`` (_NOUN_BEFORE, _ATTRIBUTIVE), looking only at the end.

    A match ends with the spaces that end ``text[:end]`` (``$`` matches at
    the end or before a line break ending it, a space too), all of them:
    its word, which ends with no space, ends where they start. So it starts
    at most five characters before them, and ``\\s`` is ``str.isspace``
    (what ``rstrip`` drops). The word boundaries look behind the place the
    search starts at, as in a search of the whole."""
    if not text[end - 1 : end].isspace():
        return False
    words_end = len(text[:end].rstrip())
    return pattern.search(text, max(0, words_end - 5), end) is not None
# "began on Aug. 18 and wraps up on Thursday": the end of what began.
_WRAP_UP = re.compile(r"\b(?:wraps? up|wrapped up|ends?|ended|concludes?|concluded|closes?|closed)\s+(?:on\s+)?$", re.IGNORECASE)
_START_WORD = re.compile(r"\b(?:began|begins|begin|kicked off|kicks off|started|starts|opened|opens)\b", re.IGNORECASE)
_SPAN_END = re.compile(r"\b(?:through|until|till|thru|runs? to|lasts? until)\s+$", re.IGNORECASE)
_SAME_DAY_LINK = re.compile(r"\b(?:hours|minutes|shortly|moments|just|soon)\s+(?:after|before)\b", re.IGNORECASE)
# Every match of _SUPERSEDED, _WRAP_UP, _SPAN_END holds one of these.
_SUPERSEDED_WORDS = ("planned", "scheduled", "set", "slated", "expected", "postponed from", "instead of")
_WRAP_UP_WORDS = ("wrap", "end", "conclude", "close")
_SPAN_END_WORDS = ("through", "until", "till", "thru", "run")
_BARE_DEALS = frozenset({"pact", "agreement", "accord", "deal", "treaty", "framework", "declaration"})
_THE_BEFORE = re.compile(r"\b(?:the|that|this|its|their)\s+$", re.IGNORECASE)
# "state media said the next morning": the report of news, not a statement.
_MEDIA_SUBJECT = re.compile(
    r"\b(?:state media|media|news agency|KCNA|Yonhap|newspaper|Rodong Sinmun|state TV|television|reports?)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# Every match of _MEDIA_SUBJECT holds one of these.
_MEDIA_WORDS = ("media", "news agency", "kcna", "yonhap", "newspaper", "rodong sinmun", "state tv", "television", "report")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
}  # fmt: skip
# "a day after it launched", "five days after Biden, Yoon and Kishida met":
# an event dated from the day of the sentence's main event.
_RELATIVE_ANY = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|\d{1,2})\s+"
    r"(?P<unit>days?|weeks?|months?)\s+(?:\w+\s+)?(?P<dir>after|before)\b",
    re.IGNORECASE,
)


# Every match of _RELATIVE_ANY holds one of these, and one of the links.
_RELATIVE_UNITS = ("day", "week", "month")
_RELATIVE_LINKS = ("after", "before")


def _shift(main: DateInterval, rel: re.Match[str]) -> DateInterval | None:
    """The day ``rel`` ("a day after", "two weeks before") points to from ``main``."""
    word = rel.group("n").lower()
    n = int(word) if word.isdigit() else _NUMBER_WORDS[word]
    unit = rel.group("unit").lower()
    sign = -1 if rel.group("dir").lower() == "after" else 1
    if unit.startswith("month"):
        # "just four months after the Camp David Summit": that month.
        months = main.start.year * 12 + main.start.month - 1 + sign * n
        return interval(f"{months // 12:04d}-{months % 12 + 1:02d}")
    days = n * (7 if unit.startswith("week") else 1)
    # "The launch came five days after X": X is five days before the launch.
    day = main.start + dt.timedelta(days=sign * days)
    if unit.startswith("week"):
        year, week, _ = day.isocalendar()
        return interval(f"{year}-W{week:02d}")
    return interval(day.isoformat())


_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their)\s+$", re.IGNORECASE)
# "before meeting Lee at the museum": a verb, not a noun.
_GERUND = re.compile(r"(?:meeting|visiting|signing|hosting)\s+(?:with\s+)?(?:[A-Z]|the\b|his\b|her\b)")
# "an invitation to meet Kim", "promising to seek dialogue": a plan whose
# date, if any, follows it.
_INFINITIVE = re.compile(
    r"\bto\s+(?:meet|hold|seek|pursue|attend|host|resume|restart|sign|conduct|stage|visit|discuss|have"
    r"|open|start|begin|convene|join|promote|push for|call for|launch)\s+(?:(?:a|an|the|new|more|its|their|"
    r"high-level|direct|bilateral|trilateral|further)\s+){0,3}$",
    re.IGNORECASE,
)
_TIME_LINK = re.compile(r"\b(?:after|before|since|following|ahead of|until|prior to)\b", re.IGNORECASE)
# "A month after that third meeting, on July 11, …": a trigger that only
# anchors another time takes no date but one inside its own phrase.
_ANCHOR_BEFORE = re.compile(
    r"\b(?:after|before|since|following|ahead of|prior to)\s+(?:(?:the|that|this|its|their|his|her|a|an)\s+)?"
    r"(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
# Every match of _ANCHOR_BEFORE holds one of these.
_ANCHOR_WORDS = ("after", "before", "since", "following", "ahead of", "prior to")
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:while|but|and|which|who|after|as)\b|\bthat\b")
# A subordinate clause with its own verb: "… before Trump is sworn in on Jan. 20".
_SUBCLAUSE = re.compile(
    r"\b(?:before|after|until|since|when|while|because|once)\s+(?:\w+\s+){0,4}?"
    r"(?:is|are|was|were|will|would|has|have|had|did|does|\w+ed|\w+s)\b"
)


def _drop_support_nouns(text: str, triggers: list[_Trigger]) -> list[_Trigger]:
    """ "met for talks", "held talks" as one event: keep the verb's reading."""
    if any(t.kind == Kind.SATELLITE_LAUNCH for t in triggers) and not re.search(r"\bmissiles?\b", text, re.I):
        # "fired a Chollima-1 rocket … the Malligyong-1 satellite": one satellite
        # launch, told by its verb; the satellite is the payload.
        launches = [t for t in triggers if t.kind == Kind.MISSILE_LAUNCH]
        if launches:
            triggers = [
                replace(t, kind=Kind.SATELLITE_LAUNCH) if t.kind == Kind.MISSILE_LAUNCH else t
                for t in triggers if t.kind != Kind.SATELLITE_LAUNCH
            ]
    out = []
    for t in triggers:
        before = text[max(0, t.start - 12) : t.start]
        if t.kind == Kind.TALKS and re.search(r"\b(?:met|meet|meets)\s+(?:for|to hold)\s+$", before):
            continue
        if t.kind in (Kind.MEETING, Kind.TALKS) and t.text.lower().endswith(("s", "talks")) and any(
            v.kind == Kind.VISIT and 0 <= t.start - v.end <= 60
            and re.search(r"\bfor\s+(?:\w+\s+){0,2}$", text[v.end : t.start])
            for v in triggers
        ):
            # "traveled to Seoul for meetings": the meetings are what the visit is for.
            continue
        out.append(t)
    # "met in Vilnius for the NATO Summit": the meeting is the summit;
    # "chaired the inaugural … Dialogue": a chaired dialogue is a meeting.
    for verb in [t for t in out if t.kind == Kind.MEETING and _VERB_TRIGGER.fullmatch(t.text)]:
        for t in out:
            between = text[verb.end : t.start]
            if t.start < verb.end or len(between) > 70 or re.search(r"[;:.]|\band\b", between):
                continue
            if t.kind == Kind.SUMMIT and re.search(r"\b(?:for|at|on the sidelines of)\s+(?:the\s+)?(?:[A-Z][\w.&-]*\s+){0,5}$", between):
                out = [x for x in out if x is not verb]
                break
            if t.kind == Kind.TALKS and verb.text.lower().endswith("chaired") and t.text[0].isupper():
                out = [x for x in out if x is not t]
                break
    if len(out) < len(triggers):
        return out
    return triggers


def _whole_words(words: Sequence[str]) -> str:
    """A pattern for ``\b(?:word|word|…)\b`` (words of letters) that the
    regex engine searches by skipping ahead to a first letter: the letter
    first, the word boundary before it looked for behind it, then the rest of
    each word that starts with it. Which word comes first does not matter: of
    two words one of which starts the other, only one can end at a boundary."""
    rests: dict[str, list[str]] = {}
    for w in words:
        rests.setdefault(w[0], []).append(w[1:])
    alternatives = "|".join(f"(?<={c})(?:{'|'.join(r)})" for c, r in rests.items())
    return rf"[{''.join(rests)}](?<!\w.)(?:{alternatives})\b"


# "President Biden and President Moon agreed at the White House on Friday
# to …": two leaders acting together on a day met that day.
_JOINT_WORDS = ("agreed", "announced", "pledged", "vowed", "declared", "reaffirmed", "issued", "adopted", "signed", "unveiled")
_JOINT_ACT = re.compile(_whole_words(_JOINT_WORDS))
# A match starting by 160 ends by 160 + its word's length, and the word
# boundary after it looks at the character there: a search that stops
# beyond it finds such a match as the search of the whole text does (one
# it finds that starts later, maybe cut short, is not taken either).
_JOINT_REACH = 161 + max(map(len, _JOINT_WORDS))


def _leaders_acting(text: str, triggers: Sequence[_Trigger]) -> _Trigger | None:
    if any(t.kind in (Kind.SUMMIT, Kind.MEETING, Kind.TALKS, Kind.VISIT) for t in triggers):
        return None
    act = _JOINT_ACT.search(text, 0, _JOINT_REACH)
    if act is None or act.start() > 160:
        return None
    subject = text[: act.start()]
    if " and " not in subject or re.search(r"[;:]|\bthat\b|\bwho\b", subject):
        return None
    g = _gazetteers()
    leaders = {g.aliases.get(subject[s:e], subject[s:e]) for s, e in g.official_re.spans(subject)}
    n = sum(1 for name in leaders if g.officials.get(name, ["", ""])[1] in _LEADER_TITLES)
    n = max(n, len(_LEADER_TITLE.findall(subject)))
    return _Trigger(Kind.SUMMIT, act.start(), act.end(), act.group(0)) if n >= 2 else None


def _crosses_clause(text: str, trig: _Trigger, s: int, e: int) -> bool:
    lo, hi = (trig.end, s) if s >= trig.end else (e, trig.start)
    between = text[lo:hi]
    # Each match holds ";", ":", "," or "that".
    return any(map(between.__contains__, (";", ":", ",", "that"))) and bool(_CLAUSE_BREAK.search(between))


def _in_other_clause(text: str, trig: _Trigger, s: int) -> bool:
    """A date after the trigger but inside a subordinate clause of its own
    ("the talks, which came five weeks after the attempt … on Dec. 3")."""
    if s < trig.end:
        return False
    between = text[trig.end : s]
    return bool(_SUBCLAUSE.search(between)) or (len(between) > 20 and bool(_TIME_LINK.search(between)))


# Dates this far past the DCT are goals ("net zero by 2050"), not events.
_HORIZON = dt.timedelta(days=3 * 366)
_CONDITION = re.compile(r"\b(?:if|unless|whether|in case)\b[^,;]*$", re.IGNORECASE)


def _hypothetical(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a condition ("if the North launches on Friday")."""
    window = text[max(0, pos - 80) : pos]
    return _may_hold(window, ("if", "unless", "whether", "in case")) and bool(_CONDITION.search(window))


def _search_with(
    pattern: re.Pattern[str], words: tuple[str, ...], text: str, pos: int, endpos: int
) -> re.Match[str] | None:
    """``pattern.search(text, pos, endpos)`` for a case-blind pattern every
    match of which holds one of ``words``: run only where one may occur in
    ``text[pos:endpos]`` (_may_hold). A match lies in that part of the text
    (only its lookbehinds look before it)."""
    return pattern.search(text, pos, endpos) if _may_hold(text[pos:endpos], words) else None


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """Whether a case-blind pattern every match of which holds one of
    ``words`` (lower case, ASCII, each matched by the pattern's literal
    characters) may match in ``text``. In text without _ASCII_CASE_TWINS
    matching regardless of case is ASCII's, so only if one of them occurs in
    the text lower-cased (``str.lower`` lowers each character on its own): a
    few substring tests instead of trying the pattern at every character.
    Other text is searched."""
    if not text.isascii() and any(map(text.__contains__, _ASCII_CASE_TWINS)):
        return True
    low = text.lower()
    return any(map(low.__contains__, words))


def _not_since(text: str, trig: _Trigger) -> bool:
    """ "had not met since January": negated, yet it says the last one was in January."""
    return bool(re.match(r"\s+(?:\w+\s+){0,3}?since\s", text[trig.end : trig.end + 40])) and bool(
        re.search(r"\b(?:not|n't|never)\b(?:\s+\w+){0,2}\s*$", text[max(0, trig.start - 30) : trig.start])
    )


def _negated(text: str, trig: _Trigger) -> bool:
    before = text[max(0, trig.start - 45) : trig.start]
    return _may_hold(before, _NEGATION_WORDS) and bool(_NEGATION.search(before))


_NOT_LEADERS = re.compile(
    r"\b(?:Youth|Student|Business|CEO|Investment|Innovation|Education|Startup|Civil Society|Media)"
    r"(?:\s+(?-i:[A-Z])[\w-]*)*\s+$",
    re.IGNORECASE,
)


def _build(
    sent: Sentence,
    trig: _Trigger,
    tx: Timex,
    iv: DateInterval,
    dct: dt.date | None,
    last_series: str | None,
    context: _Context,
) -> ExtractedEvent:
    text = sent.text
    g = _gazetteers()
    kind = str(trig.kind)
    series, ph_start, _ = _series(text, trig)
    if series is None and kind == Kind.MEETING:
        # "the fourth meeting" continues the series the article is about.
        ordinal = _ordinal(text, trig.start)
        if ordinal is not None and last_series is not None:
            series = last_series
    else:
        ordinal = (_ordinal(text, trig.start) or _ordinal(text, ph_start)) if series else None
    if series is None and kind == Kind.MEETING and last_series and _PRONOUN_SUBJECT.match(text):
        # "It first convened in Seoul…": the group the article is about.
        series = last_series
        ordinal = _ordinal(text, trig.start)
    if series is not None:
        info = g.series_info.get(series, {})
        # A series names meetings; the statement or agreement a meeting
        # produced is not itself "the 5th NCG".
        if kind != Kind.MEETING:
            series, ordinal = None, None
        else:
            kind = info.get("kind", kind)
    if series is not None:
        known = context.doc.ordinals.get(series)
        if ordinal is None and known is not None and _NEXT.search(text, max(0, trig.start - 40), trig.start):
            # "the inaugural NCG meeting … the next principal-level meeting": the one after.
            ordinal = known + 1
        if ordinal is not None:
            context.doc.ordinals[series] = ordinal
    if kind == Kind.SUMMIT and _NOT_LEADERS.search(text[max(0, trig.start - 50) : trig.start]):
        # "the Trilateral Global Leadership Youth Summit": not a meeting of leaders.
        kind = Kind.OTHER.value
    participants = _participants(text)
    by_surname = [full for full in context.doc.short_names(sent.start, text) if full not in participants]
    # "meet Kim" after "Kim Jong Un" was named in full.
    participants.extend(by_surname)
    leaders = _leaders(participants, text, trig) + sum(
        1 for full in by_surname if g.officials[full][1] in _LEADER_TITLES
    )
    if leaders == 1 and _PRONOUN_LEADER.match(text) and context.doc.leader_before(sent.start):
        # "He met Kim three times…" after a sentence about President Trump.
        leaders = 2
    state_visit = trig.text.lower() == "state visit"
    visitor_leads = bool(_LEADER_TITLE.search(text[: trig.start])) or any(
        g.officials.get(p, ["", ""])[1] in _LEADER_TITLES
        and 0 <= (_position(p, text) if p not in by_surname else text.find(_surname(p))) < trig.start
        for p in participants
    )
    if series is None and (
        state_visit
        or (kind == Kind.VISIT and visitor_leads and _visits_a_country(text, trig))
        or (kind == Kind.MEETING and leaders >= 2)
    ):
        # Leaders meeting, or a leader's (state) visit, is a summit.
        kind = Kind.SUMMIT.value
    actors = _event_actors(text, trig, series, context)
    # Allies' meetings and statements are mostly *about* North Korea; it is
    # a party only when dealt with directly.
    if (
        kind not in (*_LAUNCH_KINDS, Kind.STATEMENT, Kind.OTHER) and "KP" in actors
        and not (_KP_PARTY.search(text) or any(g.officials.get(p, [""])[0] == "KP" for p in participants))
    ):  # fmt: skip
        actors = [a for a in actors if a != "KP"]
    if not actors:
        inherited = [a for a in context.actors() if a != "KP"]
        # "the two governments" are the first two parties just named.
        actors = inherited[:2] if _may_hold(text, _TWO_WORDS) and _THE_TWO.search(text) else inherited
    for name in participants:
        code = g.officials.get(name, [None])[0]
        if code and code not in actors and trig.kind not in _LAUNCH_KINDS:
            actors.append(code)
    if len(actors) < 3 and kind not in _LAUNCH_KINDS and _may_hold(text, _THREE_WORDS) and _THE_THREE.search(text):
        # "our three countries", "the trilateral summit": the three partners
        # the text is about (not the powers it is mostly about dealing with).
        for party in [*context.actors(), *context.doc.codes()]:
            if len(actors) < 3 and party not in actors and len(party) == 2 and party not in _ADVERSARIES:
                actors.append(party)
    home = context.doc.home
    if home and home not in actors and kind not in _LAUNCH_KINDS and (not actors or _HOME_REF.search(text)):
        # "the Vice President will travel to Seoul" in a White House text.
        actors.append(home)
    location = _location(text, trig)
    iv = _ahead(text, trig, tx, iv, dct)
    status = _status(text, trig, iv, dct)
    title = _title(kind, text, trig, series, ordinal, location, actors, ph_start)
    confidence = 0.5
    gap = min(abs(tx.start - sent.start - trig.end), abs(trig.start - (tx.end - sent.start)))
    confidence += 0.2 if gap < 25 else 0.0
    confidence += 0.15 if series else 0.0
    confidence += 0.1 if actors else 0.0
    confidence -= 0.15 if trig.weak else 0.0
    return ExtractedEvent(
        kind=kind,
        title=title,
        date=iv,
        date_text=tx.text,
        status=status,
        actors=tuple(actors),
        participants=tuple(participants),
        location=location,
        series=series,
        ordinal=ordinal,
        confidence=round(max(0.05, min(confidence, 1.0)), 2),
        sentence=text,
        start=sent.start,
        end=sent.end,
        trigger=trig.text,
        mod=tx.mod,
    )


# ", and President Yoon, who is on a state visit to Britain, approved…": another clause.
_NEXT_CLAUSE = re.compile(
    r",\s+(?:and|but|while|whereas)\s+(?=[A-Z]|the\b)|;\s|,\s+(?:when|where|after which|after|before|days after)\s"
)
_TOPIC = re.compile(
    r"\b(?:to discuss|discussed|discussing|will discuss|where (?:she|he|they|we|the \w+) (?:will )?\w+"
    r"|regarding|concerning|about|including|such as|to address|to coordinate on|on (?:the )?(?:threat|issue)s?)\b"
)


# Every match of _TOPIC holds one of these.
_TOPIC_WORDS = (
    "discuss", "where ", "regarding", "concerning", "about", "including", "such as", "to address",
    "to coordinate on", "threat", "issue",
)  # fmt: skip
_VENUE_COUNTRY = re.compile(r"\b(?:in|at)\s+[A-Z][\w .'-]{1,30},\s*$")
_HOST_BODY = re.compile(r"\b(?:(?:margins|sidelines) of|at|during|ahead of)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)


def _visits_a_country(text: str, trig: _Trigger) -> bool:
    """Whether a visit goes to a country or its capital ("state visit to
    Washington"), not to a factory or a base."""
    if trig.text.lower().startswith("welcom") or "state visit" in text.lower():
        return True
    if trig.text.lower().startswith("trip"):
        # "President Biden's trip to Japan and Korea": a tour, told as a visit.
        return False
    g = _gazetteers()
    # The visitor is the official named last before the verb.
    named = [text[s:e] for s, e in g.official_re.spans(text, 0, trig.start)]
    home = g.officials[g.aliases.get(named[-1], named[-1])][0] if named else None
    return any(code != home and len(code) == 2 for _s, _e, code in find_actors(text[trig.start : trig.end + 40]))


def _event_actors(text: str, trig: _Trigger, series: str | None, context: _Context) -> list[str]:
    g = _gazetteers()
    mentions = find_actors(text)
    if trig.kind in _LAUNCH_KINDS:
        # The launcher is the actor nearest before the trigger ("North Korea's
        # missile launch"), else the one after "by" ("launched by Pyongyang");
        # "It tested…" is the North when the text is about it.
        before = [m for m in mentions if m[1] <= trig.start]
        by = [m for m in mentions if m[0] >= trig.end and re.search(r"\bby\s+(?:the\s+)?$", text[max(0, m[0] - 8) : m[0]])]
        if any(m[2] == "KP" for m in before):
            # "North Korea fired an ICBM that fell inside Japan's zone, a day
            # after it launched…": the North is the subject, Japan a place.
            return ["KP"]
        if before or by:
            return [(before[-1] if before else by[0])[2]]
        if "KP" in context.actors() or "KP" in context.doc.codes(adversaries=True):
            return ["KP"]
        after = [m for m in mentions if m[0] >= trig.end]
        return [after[0][2]] if after else []
    codes: list[str] = []
    if series is not None and g.series_info.get(series, {}).get("actors"):
        # A bilateral series has its parties by definition; other countries in
        # the sentence are what the meeting discussed.
        return list(g.series_info[series]["actors"])
    topic = (_TOPIC.search(text, trig.end) if any(map(text.__contains__, _TOPIC_WORDS)) else None) or _NEXT_CLAUSE.search(
        text, trig.end
    )
    if topic is not None:
        # "met with Director Shin … to discuss Russia's support for the DPRK":
        # countries after the topic marker are what was discussed.
        kept = [m for m in mentions if m[0] < topic.start()]
        if kept:
            mentions = kept
    for s, _e, code in mentions:
        if trig.start <= s < trig.end and trig.kind == Kind.AGREEMENT:
            # "the Phnom Penh Statement": a place naming a document is no party to it.
            continue
        # A capital named as the venue ("in Kuala Lumpur") is a place, not a
        # party; so is the country after it ("in Phnom Penh, Cambodia") and a
        # body whose gathering hosts the event ("on the margins of the NATO Summit").
        venue = _IN_AT_BEFORE.search(text[max(0, s - 4) : s])
        if venue and code not in codes and text[s:_e] in g.place_of:
            continue
        if code not in codes and _VENUE_COUNTRY.search(text, max(0, s - 40), s) and any(
            text[ps:pe] in g.place_of for ps, pe in g.place_re.spans(text, max(0, s - 40), s)
        ):
            continue
        if len(code) > 2 and _HOST_BODY.search(text, max(0, s - 45), s):
            continue
        if code not in codes:
            codes.append(code)
    return codes


# "invited Trump to the APEC summit … at the end of October", "is scheduled
# to meet Xi … skipping the leaders' meetings on Friday": a plan.
_PLAN_WORDS = re.compile(
    r"\b(?:invited|invites|inviting)\b[^.;]{0,60}\bto\b|\b(?:is|are) (?:scheduled|set|expected|due) to\b"
    r"|\b(?:is|are) due\b|\bwill\b|\bplans? to\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")


def _ahead(text: str, trig: _Trigger, tx: Timex, iv: DateInterval, dct: dt.date | None) -> DateInterval:
    """A date the tagger put in the past though the sentence tells a plan
    ("invited Trump to the summit at the end of October", written in August):
    the next such month or weekday. Only for dates that give no year."""
    if dct is None or iv.end >= dct or not tx.text or _FOUR_DIGITS.search(tx.text):
        return iv
    clause = _DASH_OR_SEMICOLON.split(text[max(0, trig.start - 70) : trig.start])[-1]
    if not _PLAN_WORDS.search(clause) or _PAST_TRIGGER.fullmatch(trig.text):
        return iv
    if iv.precision == "day" and _WEEKDAY.search(tx.text):
        moved = iv.start + dt.timedelta(days=7)
        return interval(moved.isoformat()) or iv
    if iv.precision in ("day", "month") and iv.value[:4].isdigit():
        year = int(iv.value[:4]) + 1
        return interval(f"{year}{iv.value[4:]}") or iv
    return iv


def _future(text: str) -> bool:
    """Whether _FUTURE matches in ``text``."""
    return _may_hold(text, _FUTURE_WORDS) and _FUTURE.search(text) is not None


def _status(text: str, trig: _Trigger, iv: DateInterval, dct: dt.date | None) -> str:
    if dct is not None:
        if iv.start > dct:
            # "On Saturday, December 9, … met" in a release dated the 8th in
            # Washington: past tense outranks a day or two of time zones.
            soon = iv.start <= dct + dt.timedelta(days=2)
            if soon and _PAST_TRIGGER.fullmatch(trig.text) and not _future(text[: trig.start]):
                return Status.OCCURRED.value
            return Status.PLANNED.value
        if iv.end < dct:
            return Status.OCCURRED.value
    # The date spans the DCT (or no DCT): the wording decides. What a
    # statement announces ("announce today that we intend to…") is its content.
    after = 0 if trig.kind == Kind.STATEMENT else 40
    window = text[max(0, trig.start - 80) : trig.end + after]
    return Status.PLANNED.value if _future(window) else Status.OCCURRED.value


_PAST_TRIGGER = re.compile(
    r"(?i)met|held|convened|(?:co-)?chaired|launched|fired|signed|visited|traveled to|travelled to"
    r"|arrived in|spoke\b.*|test-fired|test-launched|tested"
)
_ORD_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def _ordinal_str(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else _ORD_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


_KIND_NOUN = {
    Kind.MEETING: "meeting", Kind.SUMMIT: "summit", Kind.TALKS: "talks",
    Kind.MISSILE_LAUNCH: "missile launch", Kind.NUCLEAR_TEST: "nuclear test",
    Kind.SATELLITE_LAUNCH: "satellite launch", Kind.EXERCISE: "exercise",
    Kind.AGREEMENT: "agreement", Kind.SANCTION: "sanctions", Kind.STATEMENT: "statement",
    Kind.VISIT: "visit", Kind.OTHER: "event",
}  # fmt: skip


def _title(
    kind: str,
    text: str,
    trig: _Trigger,
    series: str | None,
    ordinal: int | None,
    location: str | None,
    actors: Sequence[str],
    ph_start: int,
) -> str:
    if series is not None:
        head = f"{_ordinal_str(ordinal)} {series} meeting" if ordinal else f"{series} meeting"
    elif kind == Kind.EXERCISE and _gazetteers().exercise_re.fullmatch(trig.text):
        head = f"{trig.text} exercise"
    elif kind == Kind.MISSILE_LAUNCH:
        cls = _missile_class(text)
        who = "-".join(actors) if actors else ""
        head = " ".join(p for p in (who, cls, "launch" if cls else "missile launch") if p)
    else:
        noun = _KIND_NOUN.get(Kind(kind), kind)
        who = "-".join(a for a in actors if len(a) == 2)
        # A named thing ("ASEAN Defense Ministers' Meeting-Plus") is its own
        # title; a verb trigger ("said", "met") is not.
        phrase = "" if _VERB_TRIGGER.fullmatch(trig.text) else _noun_phrase(text, trig)
        if phrase and phrase.lower() != noun and phrase[0].isupper() and " " in phrase:
            head = phrase
        else:
            head = f"{who} {noun}".strip() if who else noun.capitalize()
    if location and location not in head:
        head = f"{head}, {location}"
    return head[0].upper() + head[1:]


_VERB_TRIGGER = re.compile(
    r"(?i)\w+ed|met|meets?|said|signed|fired|launched|convene[sd]?|visit(?:s|ed)?|traveled to|spoke\b.*"
    r"|call with|welcom(?:e[sd]?|ing)\b.*|travel(?:s|led)? to"
    r"|travelled to|arrived in|called for|test-fired|test-launched"
)


def _noun_phrase(text: str, trig: _Trigger) -> str:
    """Capitalised words right before a trigger: "ASEAN Defense Ministers' Meeting-Plus"."""
    words = _PHRASE_WORD.findall(text[max(0, trig.start - 60) : trig.start])
    lead: list[str] = []
    for w in reversed(words):
        if w[0].isupper() and not w.endswith("'s") and w.rstrip(".").lower() not in _MONTH_WORDS:
            lead.insert(0, w)
        else:
            break
    return " ".join([*lead, trig.text]).strip()
