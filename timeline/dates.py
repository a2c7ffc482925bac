"""Temporal expressions: find them in text and normalize them against the
document creation time (DCT).

This is the only module that imports :mod:`dateparser`. The division of labour:

* a grammar of regular expressions (below) finds candidate expressions with
  TimeML-style extents and character offsets, and guards against words that
  look like dates but are not ("may" the verb, "one-year" the compound,
  "2,000 soldiers", "3.5 percent", "a 6-year-old", "$5 million a year");
* :mod:`dateparser` turns the calendar part of an expression ("Dec. 11",
  "12/11/2025", "the 11th of December", "10 p.m.") into month, day, year and
  time; its results are cached per string, since the same strings recur
  across a corpus, and the regular forms the grammar matches are read
  directly, as dateparser reads them, which is much faster the first time;
* this module anchors what dateparser cannot know about: the year of
  "November 1" from the tense of the sentence, halves, quarters, seasons,
  "early/mid/late", durations, sets, decades, and expressions such as "two
  days later" or "that day" that count from the date just mentioned rather
  than the DCT, and "the quarter" or "a year earlier" that refer to the
  reporting period the text is about.

Rules are plain English temporal grammar in the manner of HeidelTime. Every
rule is a compiled pattern; the ones marked case-insensitive run on an
ASCII-lowercased copy of the text (same offsets), which lets the regular
expression engine use its fast literal scans. Overlapping candidates are
resolved longest-first, then by rule priority.

Values follow TIMEX3: ``2025-12-11``, ``2025-W44``, ``2025-W44-WE``,
``2025-01``, ``2026-Q1``, ``2026-H1``, ``2025-SU``, ``2026``, ``199`` (the
1990s), ``19`` (the 1900s), ``2025-12-11TEV``, ``2025-12-11T22:00``, ``P3Y``,
``PT2H``, ``PXD``, ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, and for sets
``P1W`` or ``XXXX-WXX-1``. :func:`interval` maps a DATE value to the inclusive
(start, end, precision) interval stored with events.

>>> [t.value for t in tag("They met on Thursday.", dt.date(2025, 12, 12))]
['2025-12-11']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

# The parsed form of a pattern, to work out what its matches start with.
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Literal, NamedTuple

from dateparser.date import DateDataParser

from .errors import DateParseError
from .models import Precision
from .prefilter import Prefilter, finditer_at
from .prefilter import available as prefilter_available

__all__ = [
    "DateInterval",
    "Timex",
    "containing_starts",
    "interval",
    "parse_date",
    "tag",
    "tag_with_stats",
]

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "future", "none"]


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in a text.

    ``start``/``end`` are character offsets (end exclusive) into the text given
    to :func:`tag`; ``text == source[start:end]``.
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None = None

    @property
    def interval(self) -> DateInterval | None:
        """The calendar interval of a DATE (or TIME) value, if it has one."""
        if self.type not in ("DATE", "TIME"):
            return None
        return interval(self.value)


@dataclass(frozen=True, slots=True)
class DateInterval:
    """A TIMEX3 date value with the inclusive interval of days it covers."""

    value: str
    start: dt.date
    end: dt.date
    precision: Precision

    def contains(self, other: DateInterval) -> bool:
        """Whether ``other`` lies wholly inside this interval."""
        return self.start <= other.start and other.end <= self.end


# ---------------------------------------------------------------------------
# Values and intervals
# ---------------------------------------------------------------------------

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_VALUE_RES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?"), "day"),
    (re.compile(r"(\d{4})-W(\d{2})(?:-WE)?"), "week"),
    (re.compile(r"(\d{4})-(\d{2})"), "month"),
    (re.compile(r"(\d{4})-Q([1-4])"), "quarter"),
    (re.compile(r"(\d{4})-H([12])"), "half"),
    (re.compile(r"(\d{4})-(SP|SU|FA|WI)"), "season"),
    (re.compile(r"(\d{4})"), "year"),
    # TIMEX3 writes the 1990s as "199" and the 1900s as "19"; the "199X" and
    # "19XX" spellings of other annotation schemes are read too.
    (re.compile(r"(\d{3})X?"), "decade"),
    (re.compile(r"(\d{2})(?:XX)?"), "century"),
]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=32768)
def interval(value: str) -> DateInterval | None:
    """The inclusive interval a TIMEX3 DATE value denotes, or None.

    Cached (intervals are immutable): archives and imports name the same
    days again and again.

    >>> iv = interval("2026-H1")
    >>> (iv.start.isoformat(), iv.end.isoformat(), iv.precision.value)
    ('2026-01-01', '2026-06-30', 'half')
    """
    for pattern, kind in _VALUE_RES:
        m = pattern.fullmatch(value)
        if not m:
            continue
        try:
            return _interval_of(value, kind, m)
        except ValueError:  # out-of-range year, month 13, week 54…
            return None
    return None


def _interval_of(value: str, kind: str, m: re.Match[str]) -> DateInterval | None:
    g = m.groups()
    if kind == "day":
        d = dt.date(int(g[0]), int(g[1]), int(g[2]))
        # A time of day ("2013-03-22T15:00", "…TMO") places an event on its day.
        return DateInterval(d.isoformat(), d, d, Precision.DAY)
    if kind == "week":
        monday = dt.date.fromisocalendar(int(g[0]), int(g[1]), 1)
        if value.endswith("-WE"):
            return DateInterval(
                value, monday + dt.timedelta(5), monday + dt.timedelta(6), Precision.WEEK
            )
        return DateInterval(value, monday, monday + dt.timedelta(6), Precision.WEEK)
    year = int(g[0])
    if kind == "month":
        month = int(g[1])
        return DateInterval(value, dt.date(year, month, 1), _month_end(year, month), Precision.MONTH)
    if kind == "quarter":
        q = int(g[1])
        return DateInterval(
            value, dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), Precision.QUARTER
        )
    if kind == "half":
        h = int(g[1])
        return DateInterval(
            value, dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h), Precision.HALF
        )
    if kind == "season":
        first, last = _SEASON_MONTHS[g[1]]
        end_year = year + 1 if last < first else year
        return DateInterval(
            value, dt.date(year, first, 1), _month_end(end_year, last), Precision.SEASON
        )
    if kind == "year":
        return DateInterval(value, dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR)
    if kind == "decade":
        start = year * 10
        if start == 0:
            return None
        return DateInterval(value, dt.date(start, 1, 1), dt.date(start + 9, 12, 31), Precision.DECADE)
    start = year * 100
    if start == 0:
        return None
    return DateInterval(value, dt.date(start, 1, 1), dt.date(start + 99, 12, 31), Precision.CENTURY)


@lru_cache(maxsize=65536)
def containing_starts(day: dt.date) -> tuple[dt.date, ...]:
    """First days of every calendar period that contains ``day`` and starts
    before it: its ISO week and weekend, month, season, quarter, half, year,
    decade and century (the periods :func:`interval` knows).

    >>> [d.isoformat() for d in containing_starts(dt.date(2025, 2, 14))][:3]
    ['2025-02-10', '2025-02-01', '2024-12-01']
    """
    monday = day - dt.timedelta(days=day.weekday())
    season_month = {12: 12, 1: 12, 2: 12}.get(day.month, 3 * ((day.month - 3) // 3) + 3)
    season_year = day.year - 1 if day.month < 3 else day.year
    starts = [
        monday,
        monday + dt.timedelta(days=5),  # the weekend, for a Sunday
        day.replace(day=1),
        dt.date(season_year, season_month, 1),
        dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1),
        dt.date(day.year, 1 if day.month <= 6 else 7, 1),
        dt.date(day.year, 1, 1),
    ]
    for width in (10, 100):
        first = day.year - day.year % width
        if first >= 1:
            starts.append(dt.date(first, 1, 1))
    return tuple(sorted({d for d in starts if d < day}))



def _week_value(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def _half_of(d: dt.date) -> int:
    return 1 if d.month <= 6 else 2


# Seasons in the order they come within a "season year": a winter belongs to
# the year it starts in (December).
_SEASON_ORDER = ("SP", "SU", "FA", "WI")


def _season_of(d: dt.date) -> tuple[int, str]:
    if d.month in (3, 4, 5):
        return d.year, "SP"
    if d.month in (6, 7, 8):
        return d.year, "SU"
    if d.month in (9, 10, 11):
        return d.year, "FA"
    return (d.year if d.month == 12 else d.year - 1), "WI"


def _add_months(d: dt.date, months: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
# Month names must be capitalized: "march" and "may" in lower case are words.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
# Standing alone, a month needs its full name or an abbreviation with its
# period: "Jan" without one is more often a first name ("Jan Kavan").
_MONTH_ALONE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_MONTH_RE = re.compile(_MONTH)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBERS: dict[str, int] = {"a": 1, "an": 1, "hundred": 100, "dozen": 12, "a dozen": 12}
_NUMBERS.update({w: i + 1 for i, w in enumerate(_ONES)})
_NUMBERS.update({w: i + 10 for i, w in enumerate(_TEENS)})
_NUMBERS.update({w: 10 * (i + 2) for i, w in enumerate(_TENS)})
_NUM_WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_ONES)}))?"
    rf"|{'|'.join(_TEENS)}|{'|'.join(_ONES)}|hundred|(?:a\s+)?dozen)"
)
# A cardinal as it precedes a unit: digits (not a year or a thousands figure:
# "2000 soldiers" is not a duration), a number word, or "a"/"an".
_NUM = rf"(?:\d{{1,3}}(?:\.\d+)?|{_NUM_WORD}|an?)"
_HALF = r"(?:\s+(?:and\s+)?(?:a\s+half|1/2|one[\s-]half))"
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|centuries)"
_UNIT_CODE = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}  # fmt: skip
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4, "latter": 2, "back": 2, "front": 1,
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI", "midday": "MI",
}  # fmt: skip
_MODS = {
    "early": "START", "the beginning of": "START", "the start of": "START",
    "the end of": "END", "end of": "END", "late": "END", "the middle of": "MID", "mid": "MID",
    "the close of": "END", "the dawn of": "START", "the turn of": "START",
}  # fmt: skip
# Quantity modifiers of durations and "… ago" and their TIMEX3 mod.
_QMODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
    "fewer than": "LESS_THAN", "under": "LESS_THAN", "more than": "MORE_THAN",
    "over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}  # fmt: skip
_QMOD = (
    r"(?:about|around|approximately|roughly|some|nearly|almost|more\s+than|less\s+than"
    r"|fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than)"
)
_VAGUE_QTY = r"(?:several|(?:a\s+)?few|many|(?:a\s+)?couple(?:\s+of)?|dozens\s+of|hundreds\s+of)"

# Spelled-out years, as broadcast transcripts write them ("nineteen
# ninety-six", "two thousand").
_SPELLED_YEAR = (
    rf"(?:(?:nineteen|eighteen)[\s-](?:hundred|(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_ONES)}))?"
    rf"|{'|'.join(_TEENS)}|oh[\s-](?:{'|'.join(_ONES)}))"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{'|'.join(_TEENS)}|{'|'.join(_ONES)}))?)"
)


_DASHES_OR_SPACES = re.compile(r"[\s-]+")


def _spelled_year(text: str) -> int | None:
    words = _DASHES_OR_SPACES.split(text.lower().strip())
    words = [w for w in words if w not in ("and", "oh")]
    if words[:2] == ["two", "thousand"]:
        rest = words[2:]
        return 2000 + (_NUMBERS.get(rest[0], 0) if rest else 0)
    if words and words[0] in ("nineteen", "eighteen"):
        base = 1900 if words[0] == "nineteen" else 1800
        rest = words[1:]
        if rest == ["hundred"]:
            return base
        total = sum(_NUMBERS.get(w, 0) for w in rest)
        return base + total if 0 < total < 100 else None
    return None


# Words that put the sentence in the future or the past. A date stated
# without its year takes the year that agrees with the tense ("will meet in
# March" vs "met in March"). One scan finds both kinds: group "f" future,
# "p" past (a participle among them may belong to a future or present verb
# group: "will be paid", "is listed").
_CUES = re.compile(
    r"\b(?:(?P<f>will|won't|wo\s+n't|shall|'ll|going\s+to"
    # "plans to" the verb, not "announced plans to" the noun
    r"|(?<!\bits\s)(?<!\btheir\s)(?<!\bthe\s)(?<!\bhis\s)(?<!\bher\s)(?<!announced\s)(?<!unveiled\s)plans?\s+to"
    r"|planned|planning|scheduled"
    r"|expected|expects?|expecting|intends?|intended|aims?\s+to|set\s+to|due\s+to\s+(?!the\b)\w+"
    r"|to\s+be\s+held|upcoming|is\s+to|are\s+to|next(?!\s+to\b)|as\s+(?:soon|early)\s+as|until|till"
    r"|payable|effective|expires?|expiring|forecasts?|predicts?|would|hopes?\s+to"
    r"|wants?\s+to|prepares?\s+to|preparing|later\s+this|coming|soon|tomorrow|set\s+for)"
    r"|(?P<p>was|were|had|did|said|told|held|met|took|came|went|began|fell|rose|saw|gave|made"
    r"|set(?!\s+(?:for|to)\b)"
    r"|left|won|lost|struck|fled|found|got|sent|spoke|wrote|became|broke|brought|bought|sold"
    r"|led|paid|ran|stood|thought|caught|drew|flew|grew|knew|threw|chose|spent|built|felt|kept"
    r"|meant|sought|taught|ago|last|earlier|previous|former|since|yesterday"
    r"|(?!(?:united|hundred|indeed|need|speed|proceed|exceed|succeed|feed|seed|breed|shed|bed|red"
    r"|reported|added|noted|stated)\b)\w+ed))\b"
)
# The auxiliaries before a participle that make its verb group future
# ("will be paid") or present ("is listed"), not past.
_AUX_FUTURE = re.compile(
    r"\b(?:will|would|shall|'ll|to|going\s+to)\s+(?:not\s+|still\s+"
    r"|also\s+|soon\s+|then\s+|now\s+)?(?:be|have\s+been|get)\s+$"
)
_REPORTING = re.compile(r"said|told|says|say|announced|added|reported|stated|noted")
# … or present, or present perfect ("has decided to admit them in March" says
# nothing about when March is).
_AUX_PRESENT = re.compile(
    r"\b(?:is|are|am|be|being|'s|'re|has|have|'ve)\s+(?:not\s+|still\s+|also\s+|now\s+|already\s+|just\s+)?$"
)
# Extending, postponing or delaying something to a date sets a deadline
# ahead, whatever the tense of the verb ("was extended to Nov. 16").
_POSTPONED_TO = re.compile(
    r"\b(?:extend|postpone|delay|defer|push|move|reschedul|adjourn)\w*\b(?:\s+\S+){0,5}?\s+(?:to|until|till)\s+$"
)
# Before a date, these prepositions mark a deadline or an end: "by May".
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till|through)\s+(?:the\s+end\s+of\s+)?$")

# Nouns that make a bare number a quantity ("2000 soldiers"), not a year.
_QUANTITY_NOUN = re.compile(
    r"\s*(?:%|percent|per\s+cent|troops|soldiers|people|persons|men|women|workers|tons|tonnes"
    r"|km|kilometers|kilometres|miles|meters|metres|feet|won|dollars|yen|yuan|units|cases"
    r"|vehicles|aircraft|jets|missiles|rounds|shells|warheads|points|votes|seats|members"
    r"|residents|students|pounds|kg|barrels|times|million|billion|thousand|trillion|shares"
    r"|employees|jobs|children|refugees|prisoners|homes|acres)\b",
    re.IGNORECASE,
)
# A rate ("$5 million a year", "four flights a week", "24 hours a day")
# is not a duration: the word before "a year" is a number or a plural noun.
_RATE_BEFORE = re.compile(
    r"(?:[\d%$]|\b(?:million|billion|thousand|trillion|hundred|dozen|percent|cents?|once|twice"
    r"|thrice)|\b(?!(?:was|has|is|does|this|its|his|hers|ours|yours|theirs|as|us|plus|thus|yes"
    r"|less|unless|across|perhaps|always|afterwards|towards|upwards|news|always|sometimes)\b)"
    r"[a-z]+s)[\s,]*$"
)


def _ascii_lower(text: str) -> str:
    """``text`` with only the ASCII letters lowercased: same length, same offsets.

    In UTF-8 every byte of a non-ASCII character is >= 0x80, so
    ``bytes.lower`` (ASCII only) touches nothing else; this is many times
    faster than ``str.translate``, which goes character by character on any
    text with a curly quote in it."""
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


# ---------------------------------------------------------------------------
# dateparser, cached
# ---------------------------------------------------------------------------

# A fixed base in a leap year so "February 29" parses; the parts dateparser
# fills in from it are discarded, since the grammar knows which parts the
# expression actually stated.
_PARSE_BASE = dt.datetime(2000, 1, 15)


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": _PARSE_BASE,
            "PREFER_DAY_OF_MONTH": "first",
            "DATE_ORDER": "MDY",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


@lru_cache(maxsize=65536)
def _dateparser_components(expr: str) -> tuple[int, int, int, int, int] | None:
    """(year, month, day, hour, minute) as dateparser reads ``expr``, or None."""
    try:
        data = _parser().get_date_data(expr)
    except (ValueError, OverflowError):  # dateparser raises on some odd inputs
        return None
    d = data.date_obj
    if d is None:
        return None
    return d.year, d.month, d.day, d.hour, d.minute


_SEPT = re.compile(r"\bSept\b\.?")
_ABBREVIATION_DOT = re.compile(r"(?<=[A-Za-z])\.(?!m)")
_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")


def _calendar(expr: str) -> tuple[int, int, int, int, int] | None:
    # dateparser reads "Sept." poorly in some versions; give it the plain word,
    # and drop ordinal suffixes and abbreviation periods it does not need.
    clean = _SEPT.sub("Sep", expr)
    clean = _ABBREVIATION_DOT.sub("", clean)
    clean = _ORDINAL_SUFFIX.sub("", clean)
    clean = " ".join(clean.split())
    return _regular_components(clean) or _dateparser_components(clean)


# The regular forms the grammar passes to _calendar, once cleaned: "December
# 11, 2025", "the 11 of December", "2025-12-11", "12/11/2025", "10:30p.m",
# "noon".
# Speed: read directly, they cost microseconds where dateparser takes
# milliseconds the first time it sees a string. They give what dateparser
# gives (a test compares the two on every form): a missing year or day is
# _PARSE_BASE's, and a missing time is midnight.
_REGULAR_FORM = re.compile(
    r"(?P<month>[A-Z][a-z]+) (?P<day>[0-9]{1,2})(?:,? (?P<year>[0-9]{4}))?"
    r"|(?:the )?(?P<day2>[0-9]{1,2}) (?:of )?(?P<month2>[A-Z][a-z]+)(?:,? (?P<year2>[0-9]{4}))?"
    r"|(?P<iso_y>[0-9]{4})-(?P<iso_m>[0-9]{2})-(?P<iso_d>[0-9]{2})"
    r"|(?P<us_m>[0-9]{1,2})/(?P<us_d>[0-9]{1,2})/(?P<us_y>[0-9]{4})"
    r"|(?P<hour>[0-9]{1,2})(?::(?P<minute>[0-9]{2}))? ?(?P<half>[ap])\.?m"
    r"|(?P<noon>noon)"
)


def _regular_components(clean: str) -> tuple[int, int, int, int, int] | None:
    """(year, month, day, hour, minute) of a regular form, or None for any
    other string (and for a date or time that does not exist: dateparser
    then decides, as it may read "13/11/2025" day first or fail)."""
    m = _REGULAR_FORM.fullmatch(clean)
    if m is None:
        return None
    g = m.groupdict()
    if g["noon"] is not None:
        return _PARSE_BASE.year, _PARSE_BASE.month, _PARSE_BASE.day, 12, 0
    if g["hour"] is not None:
        hour, minute = int(g["hour"]), int(g["minute"] or 0)
        if not (1 <= hour <= 12 and minute < 60):
            return None
        hour = hour % 12 + (12 if g["half"] == "p" else 0)
        return _PARSE_BASE.year, _PARSE_BASE.month, _PARSE_BASE.day, hour, minute
    if g["iso_y"] is not None:
        year, month, day = int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"])
    elif g["us_y"] is not None:
        year, month, day = int(g["us_y"]), int(g["us_m"]), int(g["us_d"])
    else:
        name = g["month"] or g["month2"]
        month = _MONTHS.get(name.lower(), 0)
        day = int(g["day"] or g["day2"])
        year_text = g["year"] or g["year2"]
        year = int(year_text) if year_text else _PARSE_BASE.year
    if _safe_date(year, month, day) is None:
        return None
    return year, month, day, 0, 0


# ---------------------------------------------------------------------------
# Grammar
# ---------------------------------------------------------------------------

_TENSE_WINDOW = 90
_SENTENCE_END = re.compile(r"(?<![A-Z][a-z])(?<![A-Z])[.!?]['\"”’)]*\s+(?=[A-Z\"“'‘(])|\n")


@dataclass(slots=True)
class _Ctx:
    text: str
    low: str  # ``text`` with ASCII letters lowercased: same length, same offsets
    dct: dt.date | None
    anchor: dt.date | None  # the day-precision date mentioned last, or the DCT
    # The start of the date of any precision mentioned last ("June 1998").
    period_anchor: dt.date | None = None
    # The reporting quarter the text is about, once it has named one: "the
    # quarter", "a year earlier", "the year-ago period" refer to it.
    focus_quarter: tuple[int, int] | None = None
    unresolved: int = 0

    def tense(self, start: int, end: int) -> Tense:
        """The tense governing [start, end), from cue words near it.

        Only cues within the clause around the expression count (a window of
        :data:`_TENSE_WINDOW` characters, cut at sentence ends); the nearest
        wins, and a cue after the expression counts for less than one before
        it, since the governing verb usually comes first in English. A
        reporting verb ("said") counts only right before the expression. A
        date something is extended or postponed to lies ahead; so does one
        after "by"/"until" when no cue says otherwise.
        """
        low = self.low
        if _POSTPONED_TO.search(low, max(0, start - 60), start):
            return "future"
        tense = self._cue_tense(start, end)
        if tense == "none" and _DEADLINE_BEFORE.search(low, max(0, start - 20), start):
            return "future"
        return tense

    def _sentence_start(self, lo: int, pos: int) -> int:
        """Where the sentence holding ``pos`` starts, if after ``lo``."""
        for m in _SENTENCE_END.finditer(self.text, lo, pos):
            lo = m.end()
        return lo

    def _last_cue(self, lo: int, hi: int, start: int) -> tuple[Tense, float]:
        """The tense of the last verb cue in [lo, hi) and its distance to ``start``."""
        last: Tense = "none"
        distance = float("inf")
        for m in _CUES.finditer(self.low, lo, hi):
            label = self._cue(m)
            # A reporting verb dates the report, so it counts only right
            # before the expression ("said Friday"), not for a clause it
            # introduces ("said it would pay on Dec. 7").
            if label != "none" and (start - m.end() <= 15 or not _REPORTING.fullmatch(m.group(0))):
                last, distance = label, float(start - m.end())
        return last, distance

    def _cue_tense(self, start: int, end: int) -> Tense:
        low = self.low
        lo = self._sentence_start(max(0, start - _TENSE_WINDOW), start)
        hi = min(len(low), end + _TENSE_WINDOW)
        m_end = _SENTENCE_END.search(self.text, end, hi)
        if m_end:
            hi = m_end.start() + 1
        before, d_before = self._last_cue(lo, start, start)
        if before == "none" and lo == start - _TENSE_WINDOW:
            # No verb in the window but the sentence goes back further ("he
            # will hold talks on Monday … before joining a summit on Tuesday"):
            # the last verb of the sentence before the window governs.
            far = self._sentence_start(max(0, start - 4 * _TENSE_WINDOW), lo)
            before, d_before = self._last_cue(far, lo, start)
        for m in _CUES.finditer(low, end, hi):
            label = self._cue(m)
            if label == "none":
                continue
            if _REPORTING.fullmatch(m.group(0)):
                if before == "none":
                    # "At their summit on Saturday, the leaders said that they
                    # would…": with no verb before it, a fronted date belongs
                    # to the reporting verb, not to the clause it introduces.
                    return label
                continue
            if 2.5 * (m.start() - end) < d_before:
                return label
            break
        return before

    def _cue(self, m: re.Match[str]) -> Tense:
        if m.group("f"):
            return "future"
        left = self.low[max(0, m.start() - 30) : m.start()]
        if left.endswith("-"):
            return "none"  # "computer-simulated drills": an adjective, not a verb
        if _AUX_FUTURE.search(left):
            return "future"
        if m.group(0).endswith("ed") and _AUX_PRESENT.search(left):
            return "none"
        return "past"

    def speech_time(self, start: int) -> dt.date | None:
        """The date of the report an expression sits in, when the sentence
        dates it well before the DCT ("an official said on November 7 that
        … last week's summit"): deictic words are relative to the speaker's
        day, not the publication's. None otherwise."""
        if self.anchor is None or self.dct is None or self.anchor > self.dct - _SPEECH_GAP:
            return None
        lo = max(0, start - 200)
        for m in _SENTENCE_END.finditer(self.text, lo, start):
            lo = m.end()
        return self.anchor if _DATED_REPORT.search(self.text, lo, start) else None

    def need_dct(self) -> dt.date | None:
        """The DCT, counting an unresolved expression when there is none."""
        if self.dct is None:
            self.unresolved += 1
        return self.dct

    def before(self, start: int, width: int = 24) -> str:
        """Up to ``width`` lowercased characters before ``start``."""
        return self.low[max(0, start - width) : start]

    def after(self, end: int, width: int = 24) -> str:
        """Up to ``width`` lowercased characters after ``end``."""
        return self.low[end : end + width]


# "said on November 7 that …": a reporting verb with the day it was said.
_DATED_REPORT = re.compile(
    rf"\b(?:said|told|stated|announced|noted|reported|warned|added)\s+(?:on\s+)?"
    rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAYNUM}(?:,?\s+{_YEAR})?\s+(?:that\b|,)"
)
_SPEECH_GAP = dt.timedelta(days=6)


class _Norm(NamedTuple):
    # (A named tuple: a handler makes one for every expression, and a tuple
    # is built several times faster than a frozen dataclass.)
    type: TimexType
    value: str
    mod: str | None = None
    anchor: dt.date | None = None  # a day this expression makes the new anchor
    # A quarter named outright ("the third quarter") becomes the one "the
    # quarter" and "a year earlier" refer to; one derived from it does not.
    focus: bool = False


Handler = Callable[[re.Match[str], _Ctx], _Norm | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    priority: int = 0
    lower: bool = False  # matched against the lowercased text
    triggers: frozenset[str] = frozenset()
    # ``pattern`` behind one character that may precede a match, and
    # whether that is a space: see _lead.
    lead: re.Pattern[str] | None = None
    spaced: bool = False
    # The ASCII characters a match may start with: see _first_chars.
    first: str = ""
    # At most this many words come before the first trigger word of a match:
    # see _near_starts.
    near: int | None = None


_RULES: list[_Rule] = []
_UPPER_OUTSIDE_ESCAPES = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|\(\?[aiLmsux-]+:|([A-Z])")

# Speed: a rule only runs over the sentences that contain one of its trigger
# words, found for all rules at once by one scan of the lowercased text.
# Every match of a rule must contain a word of one of its trigger classes,
# so that no match is lost (a test checks this against unrestricted runs).
# Words marked "=" must end there ("may" but not "mayor"); the others are
# prefixes ("day" also finds "days").
_TRIGGER_WORDS = {
    "set": "every= each= per= once= twice= thrice= times= yearly= monthly= weekly= daily= "
    "nightly= hourly=",
    "month": "january= february= march= april= may= june= july= august= september= october= "
    "november= december= jan= feb= mar= apr= jun= jul= aug= sep= sept= oct= nov= dec=",
    "weekday": "monday tuesday wednesday thursday friday saturday sunday",
    "deictic": "today yesterday tomorrow tonight morning afternoon evening night midday "
    "overnight",
    "clock": "noon midnight",
    "ref": "nowadays now current present moment juncture recent lately past formerly future "
    "term=",
    # Units, split so that a rule about years does not run on every "day".
    "u_time": "second minute hour",
    "u_day": "day",
    "u_week": "week fortnight",
    "u_month": "month",
    "u_quarter": "quarter period",
    "u_half": "half",
    "u_year": "year fiscal",
    "u_long": "decade centur",
    "season": "spring summer fall autumn winter",
    # the direction of "two days ago/earlier/later"
    "direction": "ago= earlier= later= hence=",
    "spelled": "nineteen eighteen thousand",
    "holiday": "valentine easter halloween thanksgiving christmas",
}
# Triggers that are not plain words: numbers, and words that count only
# before another ("new" before "year", "these" before "days").
_TRIGGER_PATTERNS = {
    "clock": r"\d{1,2}(?::\d\d)?\s*[ap]\.?m\b|\d{1,2}\s+o'clock",
    "numdate": r"\d{1,4}[/-]\d",
    "year4": r"(?:fy\s?)?(?:1[5-9]|20)\d\d",
    "decade": r"\d0['’]?s\b|(?:twen|thir|for|fif|six|seven|eigh|nine)ties",
    "qnum": r"q[1-4]\b|[1-4]q\b",
    "ref": r"these(?=\s+days)|point(?=\s+in\s+time)",
    "holiday": (
        r"martin(?=\s+luther)|presidents?'?(?=\s+day)|good(?=\s+friday)"
        r"|mother'?s?(?=\s+day)|memorial(?=\s+day)|father'?s?(?=\s+day)"
        r"|independence(?=\s+day)|fourth(?=\s+of\s+july)|labor(?=\s+day)|columbus(?=\s+day)"
        r"|election(?=\s+day)|veterans'?(?=\s+day)|new(?=\s+year)"
    ),
}
_TRIGGER_CLASSES = frozenset(_TRIGGER_WORDS) | frozenset(_TRIGGER_PATTERNS)
_WORD_CLASS = {
    w.rstrip("="): cls for cls, words in _TRIGGER_WORDS.items() for w in words.split()
}


@dataclass(slots=True)
class _TrieNode:
    children: dict[str, _TrieNode]
    end: bool | None = None  # None: no word ends here; else whether it must end the word


def _trie_pattern(words: dict[str, bool]) -> str:
    """One alternation of ``words`` (word -> must end there) as a trie, which
    the regex engine scans far faster than a flat list, longest match first."""
    root = _TrieNode({})
    for word, whole in words.items():
        node = root
        for ch in word:
            node = node.children.setdefault(ch, _TrieNode({}))
        node.end = whole

    def build(node: _TrieNode) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.children.items())]
        if node.end is not None:
            alts.append(r"\b" if node.end else "")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(root)


def _words(words: str) -> str:
    """A trie of ``words`` (each also matching as a prefix), for ``starts=``
    lookaheads: the engine tries a flat alternation word by word at every
    position, a trie a letter at a time."""
    return _trie_pattern(dict.fromkeys(words.split(), False))


_NUMBER_WORDS = " ".join(_ONES + _TEENS + _TENS)
_MONTH_WORDS = " ".join(w.capitalize() for w in _MONTHS)
_WEEKDAY_WORDS = " ".join(w.capitalize() for w in _WEEKDAYS)


_TRIGGER = re.compile(
    r"\b(?:(?P<w>"
    + _trie_pattern({w.rstrip("="): w.endswith("=") for ws in _TRIGGER_WORDS.values() for w in ws.split()})
    + ")|"
    + "|".join(f"(?P<{k}>{v})" for k, v in _TRIGGER_PATTERNS.items())
    + ")"
)
# What every match of _TRIGGER begins with: a trigger word, a word one of
# the patterns above begins with, or a digit (a test checks that no match
# is lost). As a lookahead it drops at once most places _TRIGGER is tried.
_TRIGGER_LEAD_WORDS = (
    "fy twenties thirties forties fifties sixties seventies eighties nineties q1 q2 q3 q4 these "
    "point martin president good mother memorial father independence fourth labor columbus "
    "election veteran new"
)
_TRIGGER_WORD_STARTS = {
    w.rstrip("="): w.endswith("=") for ws in _TRIGGER_WORDS.values() for w in ws.split()
} | {w: False for w in _TRIGGER_LEAD_WORDS.split()}
_TRIGGER_STARTS = _trie_pattern(_TRIGGER_WORD_STARTS) + r"|\d"
# _TRIGGER behind a space (a literal the regular expression engine skips to
# in a tight loop), for the copy of the text with line breaks made spaces
# (_TRIGGER does not tell the two apart, as a test checks): a match at ``i``
# is a match of _TRIGGER at ``i + 1``, with the same groups.
_TRIGGER_SPACED = re.compile(f" (?={_TRIGGER_STARTS})(?:{_TRIGGER.pattern})")
# _TRIGGER with the same lookahead, where a word begins after another
# character: it fails at most words before the engine tries every pattern.
_TRIGGER_AT = re.compile(f"(?={_TRIGGER_STARTS})(?:{_TRIGGER.pattern})")
# The first two characters of the words of _TRIGGER_STARTS (Latin-1 bytes):
# where a word begins otherwise, _TRIGGER is tried only if they are one of
# these or the first is a digit (a Python test on the Latin-1 bytes of the
# text, much cheaper than a call of the engine or a slice of the text).
_TRIGGER_PREFIXES = frozenset(w[:2].encode("latin-1") for w in _TRIGGER_WORD_STARTS)
assert all(len(w) >= 2 for w in _TRIGGER_WORD_STARTS)


def _trigger_hits(
    low: str,
    spaced: str | None = None,
    others: list[int] | None = None,
    encoded: bytes | None = None,
) -> dict[str, list[int]]:
    """Where the matches of ``_TRIGGER.finditer(low)`` start, by trigger class.

    ``spaced`` is ``low`` with its line breaks made spaces, ``others`` is
    :func:`_other_leads` of ``low`` and ``encoded`` its Latin-1 bytes
    (computed if not given). Every match
    starts with an ASCII word character or a digit, after ``\b``: at 0,
    after a space or a line break (found by _TRIGGER_SPACED in ``spaced``),
    or right after one of ``others``. As in :func:`_scan`, the next match is
    the first, at or after the end of the last, of the next space hit and of
    those after the others before it; none can start right where another
    ends (a match ends before ``\b`` or inside a word), so this is what
    ``finditer`` finds."""
    spaced = low.replace("\n", " ") if spaced is None else spaced
    encoded = _latin_1(low) if encoded is None else encoded
    others = _other_leads(low, encoded) if others is None else others
    hits: dict[str, list[int]] = {}
    match = _TRIGGER_AT.match
    search = _TRIGGER_SPACED.search
    prefixes = _TRIGGER_PREFIXES
    n = len(others)
    pos = 0
    if (m := match(low)) is not None:
        word = m.group("w")
        hits[_WORD_CLASS[word] if word else m.lastgroup or ""] = [0]
        pos = m.end()
    i = bisect_left(others, pos - 1)
    hit = search(spaced, pos - 1 if pos else 0)
    while True:
        after_space = len(low) if hit is None else hit.start() + 1
        m = None
        while i < n and (at := others[i] + 1) < after_space:
            i += 1
            # A byte below "@": a digit, or "?" (a character beyond Latin-1,
            # perhaps a digit, or a question mark); after it no letter begins
            # a trigger word with a character beyond ASCII.
            if (encoded[at] < 64 or encoded[at : at + 2] in prefixes) and (m := match(low, at)) is not None:
                break
        if m is None:
            if hit is None:
                break
            m, at = hit, after_space
        word = m.group("w")
        hits.setdefault(_WORD_CLASS[word] if word else m.lastgroup or "", []).append(at)
        pos = m.end()
        i = bisect_left(others, pos - 1, i)
        if hit is not None and hit.start() + 1 < pos:
            hit = search(spaced, pos - 1)
    return hits


# Speed: the regular expression engine skips to a literal character in a
# tight loop, several times faster than to a character class, which it tests
# with a function call a character. So a rule whose matches start only where
# a word starts is scanned for behind a space (where most words start), in a
# copy of the text whose line breaks are spaces (see _scan), and tried one by
# one after the few other characters a word may follow, found for all rules
# at once by _other_leads.
#
# The kind of each byte of a text encoded in Latin-1 (one byte a character):
# "w" an ASCII letter, digit or underscore, " " a space or a line break, and
# "." anything else (no other Latin-1 character begins a match: it is no
# digit and no case of an ASCII letter, as a test checks).
_CHAR_KINDS = bytes(
    ord("w") if chr(b).isascii() and (chr(b).isalnum() or b == ord("_"))
    else ord(" ") if chr(b) in " \n"
    else ord(".")
    for b in range(256)
)  # fmt: skip
_OTHER_LEAD = re.compile(rb"\.w")
# What "replace" writes for a character beyond Latin-1 ("?"), after a
# character of kind "." (not a space, a line break or an ASCII letter, digit
# or underscore). The lookbehind comes after the literal, which the engine
# skips to fast; it drops most "?" (as in "it’s" or " “") before any Python.
_NOT_LATIN_1 = re.compile(rb"\?(?<=[^ \n0-9A-Za-z_]\?)")
# The characters beyond Latin-1 a match may begin with: digits
# (``str.isdecimal``, which ``\d`` matches) and those that (?i) matches to
# an ASCII letter (a test checks this).
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_START = re.Match.start


def _latin_1(text: str) -> bytes:
    """``text`` in Latin-1, one byte a character, "?" for one beyond."""
    return text.encode("latin-1", "replace")


def _other_leads(text: str, encoded: bytes | None = None) -> list[int]:
    """The places, in order, of the characters of ``text`` other than a
    space, a line break and an ASCII letter, digit or underscore that come
    right before an ASCII letter, digit or underscore, or before a character
    beyond Latin-1 that a match may begin with: with the spaces and line
    breaks, every character a match of a rule scanned for behind a space
    may follow. The same in ``text`` and its lowercased copy. ``encoded``:
    :func:`_latin_1` of ``text``, if at hand."""
    encoded = _latin_1(text) if encoded is None else encoded
    kinds = encoded.translate(_CHAR_KINDS)
    out = list(map(_START, _OTHER_LEAD.finditer(kinds)))
    extra = [
        p - 1
        for p in map(_START, _NOT_LATIN_1.finditer(encoded))
        if (c := text[p]).isdecimal() or c in _FOLDS_TO_ASCII
    ]
    return sorted(out + extra) if extra else out


def _scan(
    rule: _Rule, source: str, spaced: str, runs: list[tuple[int, int]], others: list[int]
) -> Iterator[re.Match[str]]:
    """What ``rule.pattern.finditer`` finds in each of ``runs``, for a rule
    scanned for behind a space (see :func:`_lead`): every match starts at 0,
    after a space or a line break, or right after one of ``others``
    (:func:`_other_leads` of ``source``). ``spaced`` is ``source`` with its
    line breaks made spaces: the rule's patterns do not tell the two apart (a
    test checks this), so they match in it where they match in ``source``,
    and ``rule.lead`` (the pattern behind a space) finds there the matches
    after a space or a line break, a match at ``i`` being one of the pattern
    at ``i + 1``. Each next match is the first, at or after the end of the
    last, of the next of those and of those after the others before it
    (tried if the rule may begin with their next character), as
    ``finditer`` finds it."""
    assert rule.lead is not None
    match = rule.pattern.match
    search = rule.lead.search
    first = rule.first
    n = len(others)
    for start, end in runs:
        # Lookaheads may peek past the sentence end, as over the whole text.
        stop = _stop(source, end)
        pos = start
        if pos == 0 and (m := match(source, 0, stop)) is not None:
            yield m
            pos = m.end()
        i = bisect_left(others, pos - 1)
        hit = search(spaced, pos - 1 if pos else 0, stop)
        while True:
            after_space = end if hit is None else min(hit.start() + 1, end)
            m = None
            while i < n and (at := others[i] + 1) < after_space:
                i += 1
                if ((c := source[at]) in first or c > "\x7f") and (m := match(source, at, stop)) is not None:
                    break
            if m is None:
                if after_space >= end:
                    break
                m = match(source, after_space, stop)
                assert m is not None  # the same pattern, one character further
            yield m
            pos = m.end()
            i = bisect_left(others, pos - 1, i)
            if hit is not None and hit.start() + 1 < pos:
                # (A match after another character may end before that space.)
                hit = search(spaced, pos - 1, stop)


def _first_chars(pattern: str, flags: int) -> str:
    r"""The ASCII characters a match of ``pattern`` may start with, or all of
    them where that is not worked out. From the parsed pattern: ASCII
    literals (in both cases under ``(?i)``), classes of them, ranges and
    ``\d``, skipping what may match nothing. Beyond ASCII, such a match may
    start only with a digit of another script or a character (?i) takes for
    an ASCII letter (see _FOLDS_TO_ASCII)."""
    every = "".join(map(chr, range(128)))
    found: set[str] = set()

    def add(c: str, icase: bool) -> None:
        found.update((c.lower(), c.upper()) if icase else c)

    def walk(items: _sre_parse.SubPattern, icase: bool) -> bool:
        """Add the characters ``items`` may start with; whether it may match nothing."""
        for op, av in items:
            if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
                continue
            if op is _sre.LITERAL and av < 128:
                add(chr(av), icase)
                return False
            if op is _sre.IN:
                for kind, arg in av:
                    if kind is _sre.LITERAL and arg < 128:
                        add(chr(arg), icase)
                    elif kind is _sre.RANGE and arg[1] < 128:
                        for c in range(arg[0], arg[1] + 1):
                            add(chr(c), icase)
                    elif kind is _sre.CATEGORY and arg is _sre.CATEGORY_DIGIT:
                        found.update("0123456789")
                    else:
                        raise LookupError(kind)
                return False
            if op is _sre.SUBPATTERN:
                _, add_flags, del_flags, sub = av
                ic = (icase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
                if not walk(sub, ic):
                    return False
            elif op is _sre.BRANCH:
                if not any([walk(alt, icase) for alt in av[1]]):
                    return False
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
                lo, _, sub = av
                if not walk(sub, icase) and lo > 0:
                    return False
            else:
                raise LookupError(op)
        return True

    try:
        if walk(_sre_parse.parse(pattern, flags), bool(flags & re.IGNORECASE)):
            return every
    except LookupError:
        return every
    return "".join(sorted(c for c in found if c.isascii()))


# Sentence ends (not after a one-letter abbreviation: "p.m.", "U.S.") and
# blank lines: no temporal expression spans one.
# (The lookbehind comes after the punctuation mark and so looks one character
# further back.) This is the definition; _segment_ends finds its matches.
_SEGMENT = re.compile(
    r"[.!?\n](?:(?<=[.!?])(?<!\b[A-Za-z].)[\"')\]”’]*\s+(?=[\"'(“‘`]*[A-Z])|(?<=\n)\s*\n)"
)
# The same, found faster (exactly, see _segment_ends): the engine skips to
# a literal first character in a tight loop, but tests a character class
# with a function call a character; so there is one scan a literal.
_SENTENCE_STOPS = [
    (c, re.compile(re.escape(c) + r"(?<!\b[A-Za-z].)[\"')\]”’]*\s+(?=[\"'(“‘`]*[A-Z])"))
    for c in ".!?"
]
_BLANK_LINE = re.compile(r"\n\s*\n")
_END = re.Match.end


def _segment_ends(text: str) -> list[int]:
    """Where the matches of ``_SEGMENT.finditer(text)`` end, in order.

    A match of _SEGMENT is one of its two alternatives, each of which one
    pattern of _SENTENCE_STOPS or _BLANK_LINE finds alone: a punctuation
    mark then quotes and spaces, or a blank line. Those after a punctuation
    mark hold no other such mark, so never overlap; a blank line is all
    spaces, so it holds no punctuation mark, and it overlaps one only by
    starting among the spaces that match ends with, which take in the whole
    run of spaces (the lookahead after them needs a quote or a capital), so
    it lies inside it. ``finditer`` over the text skips such a blank line
    and nothing else: its matches are every sentence stop and every blank
    line but those.

    Only ends are collected (no span a match). A blank line ending at ``e``
    lies inside a sentence stop exactly when the first stop ending at or
    after ``e`` ends at ``e`` or only spaces lie in between: that stop's
    spaces are the whole run of spaces around the blank line (a quote or
    the punctuation mark comes before them). Most blank lines end where a
    run of spaces ends, so such a one is inside a stop only if one ends
    there too; the others (a blank line then a space) are looked at one by
    one. Ends are all distinct (matches that do not overlap), so the sorted
    ends are those of ``finditer``, in its order."""
    ends: list[int] = []
    for c, stop in _SENTENCE_STOPS:
        if c == ".":
            if c in text:
                ends += map(_END, stop.finditer(text))
            continue
        # "!" and "?" are rare in prose: each is looked for with str.find (a
        # C loop many times faster than the engine's scan for a literal) and
        # the pattern tried there. A match holds one punctuation mark, its
        # first character, so matches never overlap and ``finditer`` finds
        # one at each mark where the pattern matches: these.
        match = stop.match
        find = text.find
        at = find(c)
        while at >= 0:
            if (m := match(text, at)) is not None:
                ends.append(m.end())
            at = find(c, at + 1)
    ends.sort()
    if "\n" not in text:
        return ends
    blank = set(map(_END, _BLANK_LINE.finditer(text)))
    blank.difference_update(ends)
    if not blank:
        return ends
    n = len(text)
    for e in [e for e in blank if e < n and text[e].isspace()]:
        j = bisect_left(ends, e)
        if j < len(ends) and text[e : ends[j]].isspace():
            blank.discard(e)
    ends += blank
    ends.sort()
    return ends


_LOOKAHEAD_MARGIN = 40


def _stop(text: str, end: int) -> int:
    r"""Where a rule's matches in a run ending at ``end`` are cut off:
    _LOOKAHEAD_MARGIN characters on (lookaheads may peek past the sentence
    end, as over the whole text), moved on to the next character that is
    not a word character. There ``\b`` and ``\B`` mean what they mean in
    the whole text, so that a match cut off there is one in the whole text
    too, as the prefilter (see :func:`_candidates`) assumes."""
    stop = end + _LOOKAHEAD_MARGIN
    if stop >= len(text):
        return len(text)
    # On over word characters: \w is str.isalnum() or "_" (as sre defines
    # it), so this is the loop over them, in one call.
    return _WORD_CHARS.match(text, stop).end()  # type: ignore[union-attr]


_WORD_CHARS = re.compile(r"\w*")

_ASCII_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
_LEADING_LOOKBEHIND = re.compile(r"\(\?<!\[((?:\\.|[^\]\\])+)\]\)")


def _lead(name: str, pattern: str, flags: int) -> tuple[re.Pattern[str], bool]:
    r"""``pattern`` behind one character, for :func:`_matches`, and whether
    that is a space.

    Every match of a pattern that starts with ``\b`` (and, as a test checks,
    then a word character) or with a lookbehind ruling out the ASCII letters,
    digits and underscore comes (but at 0) after a space, a line break or one of the
    characters of :func:`_other_leads`: such a pattern is scanned for behind
    a space (see :func:`_scan`), and a match of the lead at ``i`` is a match
    of ``pattern`` at ``i + 1``. A pattern behind another lookbehind
    (``(?<![\d/])``) is scanned for behind a character class, every
    character of which may come before a match: "not after [...]", after
    anything else.

    Speed: the regular expression engine scans a pattern that starts with
    ``\b`` or a lookbehind by trying to match at every character; one that
    starts with a literal character it skips to in a tight loop, and one that
    starts with a character class by testing each character with a function
    call, several times slower, but still trying the pattern about once a
    word instead of at every letter."""
    if pattern.startswith(r"\b"):
        return re.compile(f" (?:{pattern})", flags), True
    m = _LEADING_LOOKBEHIND.match(pattern)
    if m is None:
        raise ValueError(f"rule {name!r}: the pattern must start with \\b or (?<![...])")
    if re.search(f"[^{m.group(1)}]", _ASCII_WORD_CHARS) is None:
        return re.compile(f" (?:{pattern})", flags), True
    return re.compile(f"[^{m.group(1)}](?:{pattern})", flags), False


def _rule(
    name: str,
    pattern: str,
    priority: int = 0,
    flags: int = 0,
    *,
    triggers: str,
    starts: str | None = None,
    lead: bool = True,
    near: int | None = None,
) -> Callable[[Handler], Handler]:
    """Register a rule. With ``re.IGNORECASE`` the pattern must be written in
    lower case: it is matched, case-sensitively and so much faster, against
    the lowercased text. ``triggers`` names the classes of
    :data:`_TRIGGER_CLASSES` one of whose words every match contains.

    ``starts``, for speed, is a pattern that every match of a pattern starting
    with ``\b`` (or a lookbehind) begins with (its first part, loosened): it is
    tried as a lookahead right after that ``\b``, so that the engine drops the
    many word starts where the rule cannot match before it explores its
    optional groups. It must not change what the rule matches.

    ``lead=False`` turns off the scan of :func:`_lead`, for a pattern that
    may match a non-word character right after ``\b``.

    ``near``, for speed, is how many words (runs of characters other than
    spaces and hyphens) at most come before a word of the trigger classes in
    a match, which must start with ``\b`` and a word character: the rule is
    then tried only at the word starts that close before a trigger word
    (see :func:`_near_starts`)."""
    if starts is not None:
        # (The rest in a group, so that the lookahead covers every alternative.)
        if pattern.startswith(r"\b"):
            pattern = rf"\b(?={starts})(?:{pattern[2:]})"
        elif m := _LEADING_LOOKBEHIND.match(pattern):
            pattern = rf"{m.group(0)}(?={starts})(?:{pattern[m.end():]})"
        else:
            raise ValueError(f"rule {name!r}: starts= needs a pattern beginning with \\b or (?<![...])")
    lower = bool(flags & re.IGNORECASE)
    if lower:
        flags &= ~re.IGNORECASE
        if any(m.group(1) for m in _UPPER_OUTSIDE_ESCAPES.finditer(pattern)):
            raise ValueError(f"rule {name!r}: a case-insensitive pattern must be lower case")
    classes = frozenset(triggers.split())
    if not classes or not classes <= _TRIGGER_CLASSES:
        raise ValueError(f"rule {name!r}: unknown trigger classes {triggers!r}")

    def register(fn: Handler) -> Handler:
        compiled = re.compile(pattern, flags)
        led, spaced = _lead(name, pattern, flags) if lead else (None, False)
        first = _first_chars(pattern, flags)
        _RULES.append(_Rule(name, compiled, fn, priority, lower, classes, led, spaced, first, near))
        return fn

    return register


_DECIMAL = re.compile(r"\d{1,3}(?:\.\d+)?")


def _num(word: str) -> float | None:
    w = " ".join(word.lower().replace("-", " ").split())
    if w in _NUMBERS:
        return _NUMBERS[w]
    if _DECIMAL.fullmatch(w):
        return float(w) if "." in w else int(w)
    parts = w.split()
    if len(parts) == 2 and parts[0] in _NUMBERS and parts[1] in _NUMBERS:
        return _NUMBERS[parts[0]] + _NUMBERS[parts[1]]
    return None


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _infer_year(month: int, ctx: _Ctx, start: int, end: int) -> int | None:
    """The year of a month (and day) stated without one, from DCT and tense.

    As HeidelTime does for news: the DCT's year, unless the month lies after
    the DCT's in a past-tense sentence (the previous year) or before it in a
    future-tense one (the next year).
    """
    ref = ctx.need_dct()
    if ref is None:
        return None
    if month == ref.month:
        return ref.year
    tense = ctx.tense(start, end)
    if month > ref.month and tense == "past":
        return ref.year - 1
    if month < ref.month and tense == "future":
        return ref.year + 1
    return ref.year


def _is_title(ctx: _Ctx, start: int, end: int) -> bool:
    """Whether text[start:end] is capitalized mid-sentence, like a name
    ("ABC's This Week", "VOA Today") rather than a temporal expression."""
    words = ctx.text[start:end].split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    i = start - 1
    while i >= 0 and ctx.text[i] in " \t\"'“‘(`":
        i -= 1
    return i >= 0 and ctx.text[i] not in ".!?\n:;-—_"


# --- explicit calendar dates ------------------------------------------------

# The rules with the month class as trigger put at most four words before the
# month's name: "the 26th day of April", "this past Monday, March 3", "the
# beginning of May".
_MONTH_NEAR = 4


def _day_norm(d: dt.date) -> _Norm:
    return _Norm("DATE", d.isoformat(), anchor=d)


_LEADING_WEEKDAY = re.compile(rf"^{_WEEKDAY},?\s+")


@_rule("month-day-year", rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAYNUM},?\s+{_YEAR}\b", 10, triggers="month",
    near=_MONTH_NEAR, starts=_words(f"{_WEEKDAY_WORDS} {_MONTH_WORDS}"))
def _month_day_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    parts = _calendar(_LEADING_WEEKDAY.sub("", m.group(0)))
    if parts is None:
        return None
    return _day_norm(dt.date(parts[0], parts[1], parts[2]))


# "the 26th of April", and in formal documents "this 26th day of April".
_DAY_OF = rf"(?:(?:[Tt]he|[Tt]his)\s+{_DAYNUM}\s+day\s+of\s+|(?:the\s+)?{_DAYNUM}\s+(?:of\s+)?)"
_DAY_OF_WORDS = re.compile(r"^[Tt]his\s+|\s+day(?=\s+of\b)")


@_rule("day-month-year", rf"\b{_DAY_OF}{_MONTH},?\s+{_YEAR}\b", 10, triggers="month",
    near=_MONTH_NEAR, starts=r"(?:[Tt]h(?:e|is)\s+)?\d")
def _day_month_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    parts = _calendar(_DAY_OF_WORDS.sub("", m.group(0)))
    if parts is None:
        return None
    return _day_norm(dt.date(parts[0], parts[1], parts[2]))


@_rule(
    "numeric-date",
    r"(?<![\d/.-])(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))(?![\d/-]|\.\d)",
    10,
    triggers="numdate",
    starts=r"\d",
)
def _numeric_date(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    parts = _calendar(m.group(0))
    if parts is None:
        return None
    return _day_norm(dt.date(parts[0], parts[1], parts[2]))


# "February 26 and March 4, 2022": the year written once serves both days.
_SHARED_YEAR = re.compile(
    rf"\s*(?:,\s*)?(?:and|or|to|through|-|–)\s+{_MONTH}\s+{_DAYNUM},?\s+(?P<y>{_YEAR})\b"
)


def _month_day_date(expr: str, ctx: _Ctx, start: int, end: int) -> dt.date | None:
    parts = _calendar(_LEADING_WEEKDAY.sub("", expr))
    if parts is None:
        return None
    shared = _SHARED_YEAR.match(ctx.text, end)
    year = int(shared.group("y")) if shared else _infer_year(parts[1], ctx, start, end)
    if year is None:
        return None
    return _safe_date(year, parts[1], parts[2])


@_rule(
    "month-day",
    rf"\b(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming))\s+)?(?:{_WEEKDAY},?\s+)?(?P<md>{_MONTH}\s+{_DAYNUM})\b"
    r"(?!,?\s*\d)(?!\s*(?:%|percent))",
    8,
    triggers="month",
    near=_MONTH_NEAR,
    starts=r"(?i:last|next|this)\s|" + _words(f"{_WEEKDAY_WORDS} {_MONTH_WORDS}"),
)
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    rel = (m.group("rel") or "").lower()
    if not rel:
        d = _month_day_date(m.group(0), ctx, m.start(), m.end())
        return None if d is None else _day_norm(d)
    # "last Oct. 23": the latest such day before the DCT; "next": after it.
    parts = _calendar(m.group("md"))
    ref = ctx.need_dct()
    if parts is None or ref is None:
        return None
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _safe_date(y, parts[1], parts[2]))]
    if rel.endswith(("last", "past")):
        d = max((x for x in options if x < ref), default=None)
    else:
        d = min((x for x in options if x > ref), default=None)
    return None if d is None else _day_norm(d)


@_rule("day-month", rf"\b{_DAY_OF}{_MONTH}(?!\s*,?\s*\d)", 8, triggers="month",
    near=_MONTH_NEAR, starts=r"(?:[Tt]h(?:e|is)\s+)?\d")
def _day_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    d = _month_day_date(_DAY_OF_WORDS.sub("", m.group(0)), ctx, m.start(), m.end())
    return None if d is None else _day_norm(d)


def _month_of(text: str) -> int:
    name = _MONTH_RE.search(text)
    assert name is not None
    return _MONTHS[name.group(0).rstrip(".").lower()]


@_rule(
    "month-year",
    rf"\b{_MONTH},?\s+(?:of\s+)?(?:(?P<y>{_YEAR})\b|(?i:(?P<sp>{_SPELLED_YEAR})\b))",
    9,
    triggers="month",
    near=_MONTH_NEAR,
    starts=_words(_MONTH_WORDS),
)
def _month_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    year = int(m.group("y")) if m.group("y") else _spelled_year(m.group("sp"))
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-{_month_of(m.group(0)):02d}")


@_rule(
    "month-rel-year",
    rf"\b{_MONTH_ALONE}\s+(?i:of\s+)?(?i:(this|last|next|the\s+following|the\s+previous)\s+year)\b",
    9,
    triggers="month",
    near=_MONTH_NEAR,
    starts=_words(_MONTH_WORDS),
)
def _month_rel_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    ref = ctx.need_dct()
    if ref is None:
        return None
    rel = m.group(1).lower()
    year = ref.year + (1 if rel in ("next", "the following") else -1 if rel in ("last", "the previous") else 0)
    return _Norm("DATE", f"{year:04d}-{_month_of(m.group(0)):02d}")


# A bare month needs a preposition or modifier before it, so that "May" the
# modal and "March" the verb at a sentence start are not read as months.
_MONTH_LEAD = (
    r"(?i:in|since|until|till|by|before|after|during|through|throughout|from|to|of|for|last"
    r"|next|this|early|late|mid|end\s+of|and|or|between|past|coming|that|the|around|about"
    r"|on|starting|beginning|ending|as\s+of)"
)


@_rule("month", rf"\b{_MONTH_LEAD}[\s-](?P<t>{_MONTH_ALONE})(?!\w|[-’]\w|'[a-rt-z])", 5, triggers="month",
    near=_MONTH_NEAR, starts=r"\w++(?:\s++\w++)?[\s-][ADFJMNOS]")
def _month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = _month_of(m.group("t"))
    year = _infer_year(month, ctx, m.start("t"), m.end("t"))
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-{month:02d}")


@_rule(
    "relative-month",
    rf"\b(?i:last|next|this|past|coming|this\s+past|this\s+coming)\s+{_MONTH_ALONE}(?![\w’-]|'[a-rt-z])",
    6,
    triggers="month",
    near=_MONTH_NEAR,
)
def _relative_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = _month_of(m.group(0))
    ref = ctx.need_dct()
    if ref is None:
        return None
    w = m.group(0).split()[0].lower()
    if w in ("last", "past") or m.group(0).lower().startswith("this past"):
        year = ref.year if month < ref.month else ref.year - 1
    elif w in ("next", "coming") or m.group(0).lower().startswith("this coming"):
        year = ref.year if month > ref.month else ref.year + 1
    else:
        year = ref.year
    return _Norm("DATE", f"{year:04d}-{month:02d}")


@_rule(
    "each-month",
    rf"\b(?i:every|each)\s+(?:{_MONTH_ALONE})(?![\w’-])",
    7,
    triggers="month",
    near=_MONTH_NEAR,
)
def _each_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("SET", f"XXXX-{_month_of(m.group(0)):02d}")


# --- holidays -------------------------------------------------------------


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th ``weekday`` (0 = Monday) of a month; n = -1 for the last."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = _month_end(year, month)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 0, 3),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "presidents' day": lambda y: _nth_weekday(y, 2, 0, 3),
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "easter": _easter,
    "easter sunday": _easter,
    "mother's day": lambda y: _nth_weekday(y, 5, 6, 2),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "father's day": lambda y: _nth_weekday(y, 6, 6, 3),
    "independence day": lambda y: dt.date(y, 7, 4),
    "the fourth of july": lambda y: dt.date(y, 7, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "columbus day": lambda y: _nth_weekday(y, 10, 0, 2),
    "halloween": lambda y: dt.date(y, 10, 31),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "veterans day": lambda y: dt.date(y, 11, 11),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
}


@_rule(
    "holiday",
    r"\b(?:(?i:(last|next|this|the\s+coming|the\s+past)\s+))?"
    r"(?P<h>New\s+Year's\s+(?:Day|Eve)|Martin\s+Luther\s+King(?:\s+Jr\.)?\s+Day|Valentine's\s+Day"
    r"|Presidents'?\s+Day|Good\s+Friday|Easter(?:\s+Sunday)?|Mother's\s+Day|Memorial\s+Day"
    r"|Father's\s+Day|Independence\s+Day|(?:the\s+)?Fourth\s+of\s+July|Labor\s+Day|Columbus\s+Day"
    r"|Halloween|Election\s+Day|Veterans'?\s+Day|Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Eve|Day))?)"
    r"(?!\s+(?:Island|Parade|Uprising|Offensive|Agreement|Accord|Rising|Party|Massacre))\b",
    8,
    triggers="holiday",
)
def _holiday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    name = re.sub(r"\s+", " ", m.group("h").lower()).replace(" jr.", "")
    name = {"presidents day": "presidents' day", "veterans' day": "veterans day",
            "fourth of july": "the fourth of july"}.get(name, name)
    rule = _HOLIDAYS.get(name)
    ref = ctx.need_dct()
    if rule is None or ref is None:
        return None
    rel = (m.group(1) or "").lower()
    # Used as adjectives ("Christmas shopping") these name a season, not a
    # day: only a preposition before them makes them a date.
    if (not rel and name in ("easter", "christmas", "halloween", "thanksgiving")
            and not re.search(r"\b(?:on|by|before|after|since|until|till|at|over|during|around|for|of)\s+$",
                              ctx.before(m.start(), 12))):
        return None
    this_year = rule(ref.year)
    if rel in ("last", "the past"):
        d = this_year if this_year < ref else rule(ref.year - 1)
    elif rel in ("next", "the coming"):
        d = this_year if this_year > ref else rule(ref.year + 1)
    elif rel == "this":
        d = this_year
    else:
        tense = ctx.tense(m.start(), m.end())
        if tense == "past" and this_year > ref:
            d = rule(ref.year - 1)
        elif tense == "future" and this_year < ref:
            d = rule(ref.year + 1)
        else:
            d = this_year
    return _day_norm(d)


# --- weekdays, deictic days and times of day ----------------------------------


def _shift_weekday(ref: dt.date, weekday: int, direction: str) -> dt.date:
    delta = (weekday - ref.weekday()) % 7
    if direction == "past":
        return ref - dt.timedelta(days=(7 - delta) % 7)
    return ref + dt.timedelta(days=delta)


def _weekday_date(name: str, rel: str, ctx: _Ctx, start: int, end: int) -> dt.date | None:
    """The date of a weekday name, resolved around the DCT (or, after "the
    previous"/"the following", around the date just mentioned)."""
    weekday = _WEEKDAYS.index(name.lower())
    rel = " ".join(rel.lower().split())
    if rel in ("the previous", "the preceding", "the following", "the next", "that"):
        base = ctx.anchor
        if base is None:
            ctx.unresolved += 1
            return None
        if rel == "that":
            return _shift_weekday(base, weekday, "past" if ctx.tense(start, end) != "future" else "future")
        if rel in ("the previous", "the preceding"):
            return _shift_weekday(base - dt.timedelta(days=1), weekday, "past")
        return _shift_weekday(base + dt.timedelta(days=1), weekday, "future")
    ref = ctx.need_dct()
    if ref is None:
        return None
    if rel in ("last", "past", "this past"):
        return _shift_weekday(ref - dt.timedelta(days=1), weekday, "past")
    if rel in ("next", "coming", "this coming"):
        return _shift_weekday(ref + dt.timedelta(days=1), weekday, "future")
    if ctx.tense(start, end) == "future":
        return _shift_weekday(ref, weekday, "future")
    # News reports the recent past: a bare weekday is the last one, or today.
    return _shift_weekday(ref, weekday, "past")


_WD_REL = r"(?i:last|next|this|coming|past|this\s+coming|this\s+past|the\s+previous|the\s+preceding|the\s+following|the\s+next|that)"
_PART = r"(?i:morning|afternoon|evening|night)"


@_rule(
    "weekday",
    rf"\b(?:(?P<rel>{_WD_REL})\s+)?(?:(?P<mod>(?i:early|late))\s+)?(?P<wd>{_WEEKDAY})"
    rf"(?:\s+(?P<part>{_PART}))?\b(?!,?\s+{_MONTH}\s+\d)",
    7,
    triggers="weekday",
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    d = _weekday_date(m.group("wd"), m.group("rel") or "", ctx, m.start(), m.end())
    if d is None:
        return None
    # "Friday night" keeps the day as its value: news annotated in TimeML
    # (TimeBank, AQUAINT) mostly values a weekday's part of day that way,
    # unlike "this morning" or "tonight" (times of the DCT's day).
    mod = {"early": "START", "late": "END"}.get((m.group("mod") or "").lower())
    return _Norm("DATE", d.isoformat(), mod, anchor=d)


@_rule("weekdays", rf"\b(?:(?i:on)\s+)?(?P<wd>{_WEEKDAY})s\b(?:\s+(?P<part>{_PART})s?\b)?", 7, triggers="weekday")
def _weekdays(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    # "on Mondays": every Monday.
    part = m.group("part")
    value = f"XXXX-WXX-{_WEEKDAYS.index(m.group('wd').lower()) + 1}"
    if part:
        value += f"T{_PARTS_OF_DAY[part.lower()]}"
    return _Norm("SET", value)


def _deictic_offset(word: str) -> int:
    if "day before yesterday" in word:
        return -2
    if "day after tomorrow" in word:
        return 2
    if "yesterday" in word or word.startswith("last"):
        return -1
    if "tomorrow" in word:
        return 1
    return 0


@_rule(
    "deictic-day",
    r"\b(?:(?P<mod>early|late|mid)[\s-]+(?:(?P<modpart>morning|afternoon|evening)\s+)?)?"
    r"(?P<day>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday"
    r"|tomorrow|tonight)(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
    r"|\b(?:this|last|tomorrow|yesterday)\s+(?P<part2>morning|afternoon|evening|night)\b",
    7,
    re.IGNORECASE,
    triggers="deictic",
    starts=_words("early late mid the today yesterday tomorrow tonight this last"),
)
def _deictic_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if _is_title(ctx, m.start(), m.end()):
        return None  # "VOA Today", "USA Today"
    ref = ctx.need_dct()
    if ref is None:
        return None
    words = m.group(0)
    d = ref + dt.timedelta(days=_deictic_offset(words))
    part = m.group("part") or m.group("part2") or m.group("modpart")
    if m.group("day") == "tonight":
        part = "night"
    if part:
        return _Norm("TIME", f"{d.isoformat()}T{_PARTS_OF_DAY[part]}", anchor=d)
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(m.group("mod") or "")
    return _Norm("DATE", d.isoformat(), mod, anchor=d)


@_rule(
    "part-of-day",
    r"\b(?:(?:early|late|mid)[\s-]*(?:morning|afternoon|evening)|midday|overnight)\b(?![\s-](?:hours|trading|session))",
    4,
    re.IGNORECASE,
    triggers="deictic",
)
def _part_of_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    # "by mid-afternoon": a part of the day just mentioned.
    day = ctx.anchor
    if day is None:
        ctx.unresolved += 1
        return None
    word = re.split(r"[\s-]+", m.group(0))[-1]
    code = _PARTS_OF_DAY.get(word, "MI")
    return _Norm("TIME", f"{day.isoformat()}T{code}")


@_rule(
    "later-in-the-day",
    r"\b(?:later|earlier)\s+in\s+(?P<t>the\s+(?P<unit>day|morning|afternoon|evening|night))\b",
    6,
    re.IGNORECASE,
    triggers="direction",
)
def _later_in_the_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    # "held phone talks later in the day": the day just mentioned, valued
    # like "later that day". TimeBank tags only "the day" of it, with the
    # day as value (as AQUAINT values "Earlier that day").
    d = ctx.anchor
    if d is None:
        ctx.unresolved += 1
        return None
    unit = m.group("unit")
    if unit == "day":
        return _day_norm(d)
    return _Norm("TIME", f"{d.isoformat()}T{_PARTS_OF_DAY[unit]}", anchor=d)


_CLOCK = (
    r"(?:(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)"
    r"|(?:[01]?\d|2[0-3])\s+o'clock|(?<!high\s)noon|midnight)"
)
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)"


def _clock_value(day: dt.date, clock: str) -> str | None:
    c = clock.lower()
    if "midnight" in c:
        return f"{day.isoformat()}T24:00"
    if "o'clock" in c:
        hour = int(c.split()[0])
        return f"{day.isoformat()}T{hour:02d}:00"
    parts = _calendar(c.replace(" ", ""))
    if parts is None:
        return None
    return f"{day.isoformat()}T{parts[3]:02d}:{parts[4]:02d}"


_TRAILING_TZ = re.compile(_TZ + "$")


@_rule(
    "clock",
    rf"(?<![\w.:])(?:(?i:{_CLOCK}){_TZ}?|(?:[01]?\d|2[0-3])\s+(?i:in\s+the\s+(?P<part>morning|afternoon|evening)))",
    7,
    triggers="clock deictic",
    starts=r"\d|(?i:[nm])",
)
def _clock(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    day = ctx.anchor
    if day is None:
        ctx.unresolved += 1
        return None
    text = m.group(0)
    if m.group("part"):
        hour = re.match(r"\d+", text)
        if hour is None:
            return None
        h = int(hour.group(0)) % 12 + (12 if m.group("part").lower() != "morning" else 0)
        return _Norm("TIME", f"{day.isoformat()}T{h:02d}:00")
    clock = _TRAILING_TZ.sub("", text)
    value = _clock_value(day, clock)
    return None if value is None else _Norm("TIME", value)


@_rule(
    "clock-day",
    rf"(?<![\w.:])(?P<clock>(?i:{_CLOCK})){_TZ}?,?\s+(?:(?i:on)\s+)?"
    rf"(?:(?:(?P<rel>(?i:last|next|this))\s+)?(?P<wd>{_WEEKDAY})(?!,?\s+{_MONTH}\s+\d)"
    rf"|(?P<md>(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAYNUM}(?:,?\s+{_YEAR})?)\b"
    rf"|(?P<deictic>(?i:today|yesterday|tomorrow))\b)",
    9,
    triggers="clock",
    starts=r"\d|(?i:[nm])",
)
def _clock_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    day: dt.date | None
    if m.group("wd"):
        day = _weekday_date(m.group("wd"), m.group("rel") or "", ctx, m.start(), m.end())
    elif m.group("md"):
        md = m.group("md")
        if re.search(rf"{_YEAR}$", md):
            parts = _calendar(re.sub(rf"^{_WEEKDAY},?\s+", "", md))
            day = None if parts is None else _safe_date(parts[0], parts[1], parts[2])
        else:
            day = _month_day_date(md, ctx, m.start(), m.end())
    else:
        ref = ctx.need_dct()
        day = None if ref is None else ref + dt.timedelta(days=_deictic_offset(m.group("deictic").lower()))
    if day is None:
        return None
    value = _clock_value(day, m.group("clock"))
    if value is None:
        return None
    return _Norm("TIME", value, anchor=day)


# --- relative periods -------------------------------------------------------


def _period_value(unit: str, ref: dt.date) -> str:
    if unit == "day":
        return ref.isoformat()
    if unit == "week":
        return _week_value(ref)
    if unit == "weekend":
        return _week_value(ref) + "-WE"
    if unit == "month":
        return f"{ref.year:04d}-{ref.month:02d}"
    if unit == "quarter":
        return f"{ref.year:04d}-Q{_quarter_of(ref)}"
    if unit == "half":
        return f"{ref.year:04d}-H{_half_of(ref)}"
    if unit == "decade":
        return f"{ref.year // 10:03d}"
    if unit == "century":
        return f"{ref.year // 100:02d}"
    return f"{ref.year:04d}"


def _shift(ref: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return ref + dt.timedelta(days=n)
    if unit in ("week", "weekend", "fortnight"):
        return ref + dt.timedelta(weeks=n * (2 if unit == "fortnight" else 1))
    if unit == "month":
        return _add_months(ref, n)
    if unit == "quarter":
        return _add_months(ref, 3 * n)
    if unit == "half":
        return _add_months(ref, 6 * n)
    if unit == "decade":
        return dt.date(ref.year + 10 * n, 1, 1)
    if unit == "century":
        return dt.date(ref.year + 100 * n, 1, 1)
    return dt.date(ref.year + n, ref.month, 1)


def _mod_of(text: str) -> str | None:
    for word, mod in _MODS.items():
        if text.startswith(word):
            return mod
    return None


def _latest_quarter(ctx: _Ctx) -> tuple[int, int] | None:
    """The quarter a text means by "the quarter": the one it last named, or
    else the last one completed by the DCT (the one being reported)."""
    if ctx.focus_quarter is not None:
        return ctx.focus_quarter
    ref = ctx.need_dct()
    if ref is None:
        return None
    d = _add_months(ref, -3)
    return d.year, _quarter_of(d)


def _quarter_value(year: int, q: int) -> str:
    return f"{year:04d}-Q{q}"


_MOD_WORD = r"(?:early|earlier|late|later|mid|the\s+(?:beginning|start|end|middle|close)\s+of|end\s+of)"
_REL_WORD = (
    r"(?:this\s+past|this\s+coming|last|next|this|past|previous|prior|preceding|coming|following"
    r"|current|same|that\s+same|that|latest|upcoming)"
)


_THE_BEFORE = re.compile(r"\bthe\s+(?:very\s+)?$")


@_rule(
    "relative-period",
    rf"\b(?:(?P<mod>{_MOD_WORD})[\s-]+(?:in\s+)?)?(?:the\s+(?:very\s+)?)?(?P<rel>{_REL_WORD})\s+"
    rf"(?:(?:fiscal|calendar)\s+)?(?P<unit>week|weekend|month|quarter|year|decade|century|day"
    rf"|morning|afternoon|evening|night)\b(?!['’]s\s+(?:first|second|third|fourth)|\s+ago\b"
    # "the last week of October" is another expression.
    rf"|\s+of\s+(?:{_MONTH.lower()}|\d|(?:the|this|last|next|that)\s+(?:year|month)))",
    6,
    re.IGNORECASE,
    triggers="u_day u_week u_month u_quarter u_year u_long deictic",
    # The first words of _MOD_WORD and _REL_WORD.
    starts=_words(
        "early earlier late later mid the end this last next past previous prior preceding coming "
        "following current same that latest upcoming"
    )
    + r"[\s-]",
)
def _relative_period(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if _is_title(ctx, m.start(), m.end()):
        return None  # "ABC's This Week"
    text = m.group(0)
    mod_text = m.group("mod") or ""
    mod = _mod_of(mod_text) if not mod_text.startswith(("earlier", "later")) else None
    rel = " ".join(m.group("rel").split())
    unit = m.group("unit")
    # "the next week" counts from the date just mentioned, "next week" from now.
    has_the = bool(_THE_BEFORE.search(text[: m.start("rel") - m.start()]))
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        return _relative_day(rel, unit, has_the, ctx)
    # "that year", "the following month": counted from the date just
    # mentioned, at its own granularity ("in June 1998 … later that year").
    mentioned = ctx.anchor if unit in ("week", "weekend") else (ctx.period_anchor or ctx.anchor)
    if rel in ("following", "same", "that same", "that") or (rel == "next" and has_the):
        base = mentioned
        n = 1 if rel in ("following", "next") else 0
        if unit == "quarter" and rel != "following" and rel != "next":
            q = _latest_quarter(ctx)
            return None if q is None else _Norm("DATE", _quarter_value(*q), mod)
    elif rel in ("previous", "prior", "preceding") and has_the:
        base, n = mentioned, -1
    else:
        base = ctx.speech_time(m.start()) or ctx.dct
        n = {"last": -1, "previous": -1, "prior": -1, "past": -1, "this past": -1,
             "preceding": -1, "next": 1, "coming": 1, "upcoming": 1, "this coming": 1}.get(rel, 0)
    if base is None:
        ctx.unresolved += 1
        return None
    if unit == "quarter" and rel in ("this", "latest"):
        # "this quarter's loss" in an earnings report is the quarter reported.
        q = _latest_quarter(ctx) if (rel == "latest" or ctx.focus_quarter) else None
        if q is not None:
            return _Norm("DATE", _quarter_value(*q), mod)
    if rel == "latest" and unit != "quarter":
        n = -1
    if unit == "quarter":
        return _Norm("DATE", _period_value(unit, _shift(base, unit, n)), mod, focus=True)
    if rel == "past" and has_the and unit in ("decade", "century"):
        # "the past decade": the ten years up to now.
        return _Norm("DURATION", "P10Y" if unit == "decade" else "P100Y", mod)
    return _Norm("DATE", _period_value(unit, _shift(base, unit, n)), mod)


def _relative_day(rel: str, unit: str, has_the: bool, ctx: _Ctx) -> _Norm | None:
    if rel in ("next", "following") and (has_the or rel == "following"):
        n = 1
    elif rel in ("previous", "prior", "preceding") and has_the:
        n = -1
    elif rel in ("same", "that same", "that"):
        n = 0
    elif rel == "this" and unit != "day":
        base = ctx.need_dct()
        if base is None:
            return None
        return _Norm("TIME", f"{base.isoformat()}T{_PARTS_OF_DAY[unit]}", anchor=base)
    else:
        return None  # "last day", "next day" without "the": not a date
    anchor = ctx.anchor
    if anchor is None:
        ctx.unresolved += 1
        return None
    d = anchor + dt.timedelta(days=n)
    if unit == "day":
        return _day_norm(d)
    if unit == "morning" and n != 0:
        return _day_norm(d)
    return _Norm("TIME", f"{d.isoformat()}T{_PARTS_OF_DAY[unit]}", anchor=d)


@_rule(
    "the-weekend",
    r"\b(?:(?P<mod>early|late)\s+)?(?:(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+coming|the\s+past)\s+|the\s+)weekend\b"
    r"(?!['’]s\s+(?:first|second)|\s+of\b)",
    7,
    re.IGNORECASE,
    triggers="u_week",
    starts=_words("early late last next this the") + r"\s",
)
def _weekend(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    ref = ctx.need_dct()
    if ref is None:
        return None
    rel = " ".join((m.group("rel") or "").split())
    last_saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
    next_saturday = ref + dt.timedelta(days=(5 - ref.weekday()) % 7)
    if rel in ("last", "this past", "the past"):
        d = last_saturday if last_saturday < ref else last_saturday - dt.timedelta(days=7)
    elif rel in ("next", "this coming", "the coming"):
        d = next_saturday if next_saturday > ref else next_saturday + dt.timedelta(days=7)
    elif rel == "this":
        d = next_saturday if ref.weekday() < 5 else last_saturday
    else:
        d = next_saturday if ctx.tense(m.start(), m.end()) == "future" else last_saturday
    return _Norm("DATE", _week_value(d) + "-WE", _mod_of(m.group("mod") or ""))


@_rule(
    "the-period",
    r"\b(?:(?:the|this|that)\s+(?:(?P<rel>latest|most\s+recent|recent|current|same|just[\s-]ended|comparable"
    r"|corresponding|previous|prior|(?:comparable\s+|corresponding\s+)?year[\s-](?:ago|earlier)|(?P<yr>\d{4}))\s+)?"
    r"|(?P<yrel>last|this|next)\s+year['’]s\s+)"
    r"(?P<unit>quarter|period)\b(?P<ago>\s+a\s+year\s+(?:ago|earlier)|\s+(?:of\s+)?last\s+year)?"
    r"(?!\s+of\b|s|[\s-]+(?:to|century|mile|inch|hour|point|percent))",
    5,
    re.IGNORECASE,
    triggers="u_quarter",
)
def _the_period(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    rel = " ".join((m.group("rel") or "").split())
    det = m.group(0).split()[0]
    unit = m.group("unit")
    ago = bool(m.group("ago")) or "year" in rel
    if m.group("yr") or m.group("yrel"):
        # "the 1988 period", "last year's quarter": the quarter reported, in that year.
        q0 = _latest_quarter(ctx)
        ref = ctx.dct
        if q0 is None or (m.group("yrel") and ref is None):
            return None
        if m.group("yr"):
            year = int(m.group("yr"))
        else:
            assert ref is not None
            year = ref.year + {"last": -1, "next": 1}.get(m.group("yrel"), 0)
        return _Norm("DATE", _quarter_value(year, q0[1]))
    if unit == "period" and not (rel or ago) and det == "the":
        return None  # "the period" alone names no calendar period
    if unit == "period" and ctx.focus_quarter is None and not rel.startswith(("latest", "most", "just")):
        return None  # a "period" is a quarter only in a text about quarters
    if rel == "current" or (det == "this" and ctx.focus_quarter is None):
        ref = ctx.need_dct()
        if ref is None:
            return None
        q: tuple[int, int] | None = (ref.year, _quarter_of(ref))
    else:
        q = _latest_quarter(ctx)
    if q is None:
        return None
    year, quarter = q
    if rel in ("previous", "prior"):
        d = _add_months(dt.date(year, 3 * quarter - 2, 1), -3)
        year, quarter = d.year, _quarter_of(d)
    if ago:
        year -= 1
    return _Norm("DATE", _quarter_value(year, quarter))


@_rule(
    "year-ago",
    r"\b(?:the\s+)?(?:comparable\s+|corresponding\s+|same\s+)?(?:a\s+)?year[\s-](?:ago|earlier)\b(?=[\s-]+[a-z])",
    5,
    re.IGNORECASE,
    triggers="direction",
    starts=_words("the comparable corresponding same a year"),
)
def _year_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    # "year-earlier results": the same period a year before the one reported.
    if ctx.focus_quarter is not None:
        year, q = ctx.focus_quarter
        return _Norm("DATE", _quarter_value(year - 1, q))
    ref = ctx.need_dct()
    if ref is None:
        return None
    return _Norm("DATE", f"{ref.year - 1:04d}")


@_rule(
    "the-year",
    r"\b(?:the|this)\s+(?P<adj>(?:(?:full|whole|entire|latest|current|fiscal|calendar)\s+)*)year\b"
    r"(?P<num>\s+(?:\d{4}|two\s+thousand(?:\s+(?:and\s+)?[a-z]+)?))?(?!['’-]|\s+(?:ago|earlier|before|after|old)\b)",
    4,
    re.IGNORECASE,
    triggers="u_year",
)
def _the_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m.group("num"):
        num = m.group("num").strip()
        year = int(num) if num.isdigit() else _spelled_year(num)
        return None if year is None else _Norm("DATE", f"{year:04d}")
    before = ctx.before(m.start(), 30)
    if re.search(r"\b(?:man|woman|person|player|athlete|car|book|song|album|record|coach|team"
                 r"|word|executive|manager|story|rookie|artist|entertainer)\s+of\s+$", before):
        return None  # "man of the year"
    after = ctx.after(m.end(), 16)
    adj = m.group("adj").split()
    if re.match(r"\s*(?:that\s+)?(?:end(?:ed|ing)|through|to\s+(?:date|\w+\s+\d))", after):
        # "the year ended June 30": a fiscal year, i.e. twelve months.
        return _Norm("DURATION", "P1Y")
    ref = ctx.need_dct()
    if ref is None:
        return None
    if "latest" in adj:
        return _Norm("DATE", f"{ref.year - 1:04d}")
    if "current" in adj or m.group(0).lower().startswith("this"):
        return _Norm("DATE", f"{ref.year:04d}")
    year = ctx.focus_quarter[0] if ctx.focus_quarter else ref.year
    return _Norm("DATE", f"{year:04d}")


def _year_end_mod(m: re.Match[str]) -> str:
    """END, or APPROX for "around year-end"."""
    return "APPROX" if m.group(0).lower().startswith(("around", "about")) else "END"


@_rule(
    "year-end",
    r"\b(?:(?:around|about)\s+)?(?:the\s+)?(?:(?P<yr>\d{4})\s+)?"
    r"(?:year[\s-]end|year['’]s\s+end|end\s+of\s+(?:the\s+)?(?:fiscal\s+)?year)\b(?!ed|ing)",
    6,
    re.IGNORECASE,
    triggers="u_year",
    starts=_words("around about the year end") + r"|\d",
)
def _year_end(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m.group("yr"):
        return _Norm("DATE", m.group("yr"), "END")
    ref = ctx.need_dct()
    if ref is None:
        return None
    after = ctx.after(m.end(), 12)
    if re.match(r"\s*(?:ed|ing|end(?:ed|ing))", after):
        return None
    # "since year-end": the end of the last year that has ended.
    year = ref.year - 1 if ctx.before(m.start(), 7).endswith("since ") else ref.year
    return _Norm("DATE", f"{year:04d}", _year_end_mod(m))


_TRAILING_HALF = re.compile(_HALF + "$")
_VAGUE_QTY_RE = re.compile(_VAGUE_QTY)


@_rule(
    "units-ago",
    rf"\b(?:(?P<qmod>{_QMOD}|just|only|over)\s+)?(?P<qty>{_NUM}{_HALF}?|{_VAGUE_QTY})[\s-]+"
    rf"(?P<unit>{_UNIT})s?(?P<half>\s+and\s+a\s+half)?\s+"
    rf"(?P<dir>ago|earlier|later|from\s+now|hence)\b",
    8,
    re.IGNORECASE,
    triggers="direction ref",
    # The first words of _QMOD, _NUM and _VAGUE_QTY, or a digit.
    starts=_words(
        f"about around approximately roughly some nearly almost more less fewer at up no just only "
        f"over a an {_NUMBER_WORDS} hundred dozen several few many couple dozens hundreds"
    )
    + r"[\s-]|\d",
)
def _units_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    qty = m.group("qty")
    unit = m.group("unit")
    unit = "century" if unit == "centuries" else unit
    direction = m.group("dir").split()[0]
    mod = _QMODS.get(" ".join((m.group("qmod") or "").split()))
    n_raw = _num(_TRAILING_HALF.sub("", qty)) if not _VAGUE_QTY_RE.fullmatch(qty) else None
    if "couple" in qty:
        n_raw = 2
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    if n_raw is None:
        # "several years ago": some time in the past.
        if direction in ("ago",):
            return _Norm("DATE", "PAST_REF")
        if direction in ("from", "hence"):
            return _Norm("DATE", "FUTURE_REF")
        return _Norm("DURATION", f"PX{_UNIT_CODE[unit]}")
    n = int(n_raw) if float(n_raw).is_integer() else None
    if n is None or unit in ("hour", "minute", "second"):
        return _Norm("DURATION", _duration_value(float(n_raw), unit, bool(m.group("half"))), mod)
    if direction in ("ago", "from", "hence"):
        base = ctx.need_dct()
    else:
        # "two days later" counts from the date just mentioned.
        # ("a day after the launch" is a duration and a signal in TimeML:
        # the duration rule takes it.)
        base = ctx.anchor
        if base is None:
            ctx.unresolved += 1
    if base is None:
        return None
    if unit == "year" and n == 1 and sign < 0 and ctx.focus_quarter is not None:
        # "a year earlier" in a report on a quarter: that quarter, a year before.
        year, q = ctx.focus_quarter
        return _Norm("DATE", _quarter_value(year - 1, q), mod)
    if unit == "decade":
        d = dt.date(base.year + sign * 10 * n, 1, 1)
        return _Norm("DATE", f"{d.year:04d}", mod)
    if unit == "fortnight":
        unit, n = "week", 2 * n
    d = _shift(base, unit, sign * n)
    value = _period_value(unit, d)
    return _Norm("DATE", value, mod, anchor=d if unit == "day" else None)


@_rule(
    "years-ago",
    r"\b(?:(?:many|some|a\s+few|several)\s+)?(?:years|months|weeks|days|decades|centuries)\s+(?P<dir>ago|from\s+now|hence)\b",
    7,
    re.IGNORECASE,
    triggers="direction ref",
    starts=_words("many some a several years months weeks days decades centuries") + r"\s",
)
def _years_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _Norm("DATE", "PAST_REF" if m.group("dir") == "ago" else "FUTURE_REF")


# --- halves, quarters, seasons, modifiers ---------------------------------


_YEAR_REF = (
    rf"(?:{_YEAR}|(?:this|last|next|the\s+(?:current|previous|following|next|same|past))\s+year"
    rf"|(?:fiscal|fy)\s*{_YEAR}|fiscal\s+\d\d)"
)


def _year_ref(word: str, ctx: _Ctx) -> int | None:
    w = " ".join(word.lower().split())
    explicit = re.search(r"(?:1[89]|20)\d\d", w)
    if explicit:
        return int(explicit.group(0))
    short = re.fullmatch(r"fiscal\s+(\d\d)", w)
    ref = ctx.need_dct()
    if ref is None:
        return None
    if short:
        century = ref.year // 100 * 100
        year = century + int(short.group(1))
        return year - 100 if year > ref.year + 10 else year
    if w == "the same year":
        return (ctx.anchor or ref).year
    return ref.year + {"last year": -1, "next year": 1, "the previous year": -1, "the past year": -1,
                       "the following year": 1, "the next year": 1}.get(w, 0)


# A year before a quarter or half: "the 1988 third quarter", "this year's
# second half", "the year-ago quarter".
_YEAR_PRE = (
    r"(?:(?P<ypre>(?:19|20)\d\d)\s+|(?P<yrel>this|last|next|the\s+current|the\s+previous|the\s+past)\s+year['’]s\s+"
    r"|(?P<yago>(?:comparable\s+|corresponding\s+)?year[\s-](?:ago|earlier))\s+)"
)


def _infer_part_year(part: int, current: int, ctx: _Ctx, start: int, end: int) -> int | None:
    """The year of "the third quarter" stated without one: the latest such
    quarter by the DCT, unless the sentence looks ahead."""
    ref = ctx.need_dct()
    if ref is None:
        return None
    tense = ctx.tense(start, end)
    if part > current and tense != "future":
        return ref.year - 1
    return ref.year


def _pre_year(m: re.Match[str], ctx: _Ctx) -> tuple[bool, int | None]:
    """The year a _YEAR_PRE group states: (stated?, year)."""
    if m.group("ypre"):
        return True, int(m.group("ypre"))
    if m.group("yrel"):
        ref = ctx.need_dct()
        if ref is None:
            return True, None
        rel = m.group("yrel").split()[-1]
        return True, ref.year + {"last": -1, "next": 1, "previous": -1, "past": -1}.get(rel, 0)
    if m.group("yago"):
        base = ctx.focus_quarter[0] if ctx.focus_quarter else (ctx.dct.year if ctx.dct else None)
        if base is None:
            ctx.unresolved += 1
            return True, None
        return True, base - 1
    return False, None


@_rule(
    "half",
    rf"\b(?:the\s+)?{_YEAR_PRE}?(?:fiscal\s+)?(?P<ord>first|second|1st|2nd|latter|last|back|front)[\s-]+half\b"
    rf"(?:\s+of(?:\s+the)?(?:\s+fiscal)?(?:\s+(?P<y>{_YEAR_REF})|\s+(?P<year>year)\b))?(?!\s+of\s+(?:the\s+)?(?:\d|'|decade|century|month))",
    9,
    re.IGNORECASE,
    triggers="u_half",
)
def _half(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    h = 1 if m.group("ord") in ("first", "1st", "front") else 2
    stated, year = _pre_year(m, ctx)
    if not stated:
        if m.group("y"):
            year = _year_ref(m.group("y"), ctx)
        else:
            ref = ctx.need_dct()
            if ref is None:
                return None
            year = ref.year if m.group("year") else _infer_part_year(h, _half_of(ref), ctx, m.start(), m.end())
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-H{h}")


@_rule(
    "six-months",
    rf"\b(?:the\s+)?(?P<ord>first|last|second|final)\s+six\s+months\s+of(?:\s+the)?"
    rf"\s+(?:(?P<y>{_YEAR_REF})|(?P<year>year)\b)",
    9,
    re.IGNORECASE,
    triggers="u_month",
)
def _six_months(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    # "the first six months of next year" is a half-year, as "the first half" is.
    h = 1 if m.group("ord").lower() == "first" else 2
    if m.group("y"):
        year = _year_ref(m.group("y"), ctx)
    else:
        ref = ctx.need_dct()
        year = None if ref is None else ref.year
    return None if year is None else _Norm("DATE", f"{year:04d}-H{h}")


@_rule(
    "quarter",
    rf"\b(?:the\s+)?{_YEAR_PRE}?(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
    rf"[\s-]+(?:fiscal\s+)?(?:-)?quarter(?![\w-])(?!\s+of\s+(?:a|an|the\s+(?!year|fiscal))\b|['’]s\s+(?:length|mile))"
    rf"(?:\s+of(?:\s+the)?(?:\s+fiscal)?(?:\s+(?P<y>{_YEAR_REF})|\s+(?P<year>year)\b))?"
    rf"|\b(?:q(?P<qn>[1-4])|(?P<qn2>[1-4])q)[\s-]+(?:(?:fy\s*)?(?P<qy>{_YEAR})|(?P<qy2>\d\d))\b",
    9,
    re.IGNORECASE,
    triggers="u_quarter qnum",
)
def _quarter(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m.group("qn") or m.group("qn2"):
        q = int(m.group("qn") or m.group("qn2"))
        if m.group("qy"):
            return _Norm("DATE", _quarter_value(int(m.group("qy")), q), focus=True)
        short = _year_ref(f"fiscal {m.group('qy2')}", ctx)
        return None if short is None else _Norm("DATE", _quarter_value(short, q), focus=True)
    word = m.group("ord")
    stated, year = _pre_year(m, ctx)
    if word == "last" and not stated and not m.group("y") and not m.group("year"):
        # "the last quarter" without a year: the one before the current.
        ref = ctx.need_dct()
        if ref is None:
            return None
        d = _add_months(ref, -3)
        return _Norm("DATE", _quarter_value(d.year, _quarter_of(d)), focus=True)
    q = _ORDINALS[word]
    if not stated:
        if m.group("y"):
            year = _year_ref(m.group("y"), ctx)
        elif m.group("year"):
            year = ctx.focus_quarter[0] if ctx.focus_quarter else (ctx.dct.year if ctx.dct else None)
        else:
            ref = ctx.need_dct()
            if ref is None:
                return None
            year = _infer_part_year(q, _quarter_of(ref), ctx, m.start(), m.end())
    if year is None:
        return None
    return _Norm("DATE", _quarter_value(year, q), focus=not m.group("yago"))


@_rule(
    "season",
    r"\b(?:(?P<rel>this\s+past|this\s+coming|this|last|next|the\s+coming|the\s+past|the\s+previous"
    r"|the\s+following|that)[\s-]+|(?P<mod>early|late|mid)[\s-]+|the\s+(?P<mod2>early|late|mid)[\s-]+|the\s+)?"
    rf"(?P<s>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<y>{_YEAR}|{_SPELLED_YEAR})\b)?"
    r"(?![\s-](?:semester|term|session|collection|olympics|games|palace|house|camp|school|solstice|equinox|wheat|crops?|line))",
    7,
    re.IGNORECASE,
    triggers="season",
)
def _season(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    code = _SEASONS[m.group("s")]
    mod = _mod_of(m.group("mod") or m.group("mod2") or "")
    if m.group("y"):
        y = m.group("y")
        year = int(y) if y.isdigit() else _spelled_year(y)
        return None if year is None else _Norm("DATE", f"{year:04d}-{code}", mod)
    rel = " ".join((m.group("rel") or "").split())
    if not rel and m.group("s") == "fall" and not (mod or m.group(0).startswith("the")):
        return None  # "fall" alone is far more often the verb or noun
    # A bare season is a date only after a preposition: "in (the) summer".
    if (not rel and not mod and not m.group("mod2")
            and not re.search(r"\b(?:in|during|by|until|till|since|over|through|into|before|after|this|for)\s+$",
                              ctx.before(m.start(), 10))):
        return None
    ref = ctx.need_dct()
    if ref is None:
        return None
    cur_year, cur_code = _season_of(ref)
    cur = cur_year * 4 + _SEASON_ORDER.index(cur_code)
    order = _SEASON_ORDER.index(code)
    options = [y * 4 + order for y in (cur_year - 1, cur_year, cur_year + 1)]
    if rel in ("last", "the past", "this past", "the previous"):
        idx = max(i for i in options if i < cur)
    elif rel in ("next", "the coming", "this coming", "the following"):
        idx = min(i for i in options if i > cur)
    else:
        tense = ctx.tense(m.start(), m.end()) if rel != "this" else "none"
        if code == cur_code:
            idx = cur
        elif tense == "past":
            idx = max(i for i in options if i < cur)
        elif tense == "future":
            idx = min(i for i in options if i > cur)
        else:
            idx = ref.year * 4 + order
    return _Norm("DATE", f"{idx // 4:04d}-{code}", mod)


@_rule(
    "mod-month-year",
    rf"\b(?:(?i:early|late|mid)[\s-]+|(?i:the\s+(?:beginning|start|end|middle|close)\s+of|end\s+of)\s+)"
    rf"{_MONTH_ALONE}(?:,?\s+(?P<y>{_YEAR}))?\b",
    9,
    triggers="month",
    near=_MONTH_NEAR,
)
def _mod_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    mod = _mod_of(m.group(0).lower())
    month = _month_of(m.group(0))
    year = int(m.group("y")) if m.group("y") else _infer_year(month, ctx, m.start(), m.end())
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-{month:02d}", mod)


@_rule(
    "mod-year",
    rf"\b(?:early|late|mid|the\s+(?:beginning|start|end|middle|close)\s+of)[\s-]+(?:the\s+year\s+)?(?P<y>{_YEAR_REF})\b",
    9,
    re.IGNORECASE,
    triggers="year4 u_year",
)
def _mod_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    mod = _mod_of(m.group(0).lower())
    year = _year_ref(m.group("y"), ctx)
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}", mod)


_DECADE_NAMES = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip


@_rule(
    "decade",
    r"\b(?:the\s+)?(?:(?P<ord>first|second|1st|2nd|last|latter)\s+half\s+of\s+the\s+|(?P<mod>early|mid|late)[\s-]+)?"
    r"(?:(?P<c>1[5-9]|20)(?P<d>\d)0['’]?s\b|['’](?P<d2>\d)0['’]?s\b"
    r"|(?:nineteen[\s-])?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)",
    8,
    re.IGNORECASE,
    triggers="year4 decade",
    starts=_words("the first second 1st 2nd last latter early mid late nineteen " + " ".join(_DECADE_NAMES)) + r"|\d|['’]",
    lead=False,  # "x'90s": \b, then a quote
)
def _decade(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    mod = _mod_of(m.group("mod") or "")
    if m.group("ord"):
        mod = "START" if _ORDINALS[m.group("ord")] == 1 else "END"
    if m.group("c"):
        return _Norm("DATE", f"{m.group('c')}{m.group('d')}", mod)
    digit = int(m.group("d2")) if m.group("d2") else _DECADE_NAMES[m.group("w")]
    if m.group("w") and not (m.group(0).startswith("the") or m.group("mod") or "nineteen" in m.group(0)):
        return None  # "in his forties" is an age
    ref = ctx.dct or dt.date.today()
    century = ref.year // 100
    if century * 100 + digit * 10 > ref.year:
        century -= 1
    return _Norm("DATE", f"{century:02d}{digit}", mod)


_CENTURY_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
                "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
                "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
                "twenty-first": 21, "twenty first": 21}  # fmt: skip


@_rule(
    "century",
    r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>(?:twenty[\s-])?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)))[\s-]+century\b",
    8,
    re.IGNORECASE,
    triggers="u_long",
)
def _century(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    n = int(m.group("n")) if m.group("n") else _CENTURY_ORD.get(m.group("w").replace("-", " "))
    if n is None or not 1 <= n <= 30:
        return None
    return _Norm("DATE", f"{n - 1:02d}", _mod_of(m.group("mod") or ""))


_NOT_A_YEAR_BEFORE = re.compile(r"(?:no\.|number|#|page|p\.|route|flight|model|about|some|nearly|over|than|top)\s*$")
_YEAR_RE = re.compile(_YEAR)


@_rule(
    "year",
    rf"(?<![\w$€£.,/'’-])(?:(?i:fiscal\s+(?:year\s+)?|(?:pre|post|mid)-)|FY\s?)?{_YEAR}(?![\w%/-])(?!,\d)(?!\.\d)",
    4,
    triggers="year4",
    starts=r"[12]|(?i:[fpm])",
)
def _year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    after = ctx.text[m.end() : m.end() + 20]
    if _QUANTITY_NOUN.match(after):
        return None
    before = ctx.before(m.start(), 12)
    if _NOT_A_YEAR_BEFORE.search(before):
        return None
    year = _YEAR_RE.search(m.group(0))
    assert year is not None
    return _Norm("DATE", year.group(0))


@_rule(
    "spelled-year",
    rf"\b(?:(?P<pre>in|of|since|until|by|from|to|and|year|the\s+year)\s+)?(?P<t>{_SPELLED_YEAR})\b"
    r"(?![\s-](?:hundred|thousand|million|billion|percent|dollars|people|years?|months?|days?)\b)",
    4,
    re.IGNORECASE,
    triggers="spelled",
)
def _spelled(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    words = m.group("t").split()
    if words[0] == "two" and not m.group("pre"):
        return None  # "two thousand" is more often a number
    year = _spelled_year(m.group("t"))
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}")


# --- present, past, future references --------------------------------------


_ON_AFTER = re.compile(r"\s*on\b")


@_rule(
    "ref",
    r"\b(?:now|currently|nowadays|these\s+days|at\s+present|the\s+present|right\s+now|at\s+the\s+moment"
    r"|recently|lately|in\s+the\s+past|the\s+past|formerly|the\s+future|in\s+the\s+future"
    r"|in\s+the\s+near\s+future|the\s+near\s+future|the\s+(?:near|short)\s+term|current"
    r"|this\s+(?:crucial\s+|critical\s+|difficult\s+|time\s+of\s+)?(?:moment|juncture|point\s+in\s+time))\b",
    3,
    re.IGNORECASE,
    triggers="ref",
    starts=_words("now currently nowadays these at the right recently lately in formerly current this"),
)
def _ref(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    text = " ".join(m.group(0).split())
    if text == "current":
        after = ctx.after(m.end(), 14)
        if re.match(r"[\s-]+(?:account|affairs|events|flow|assets|liabilities|density|state|of|and)\b|-", after):
            return None  # "current account", "current of water"
        if ctx.before(m.start(), 6).endswith("then "):
            return None
    if text == "now" and _ON_AFTER.match(ctx.after(m.end(), 6)):
        return None  # "from now on"
    if text == "the past" and re.match(r"\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten)",
                                       ctx.after(m.end(), 8)):
        return None
    if text in ("recently", "lately", "in the past", "the past", "formerly"):
        return _Norm("DATE", "PAST_REF")
    if "future" in text or "term" in text:
        return _Norm("DATE", "FUTURE_REF")
    return _Norm("DATE", "PRESENT_REF")


@_rule(
    "vague-period",
    r"\b(?P<w>recent|past|coming|the\s+coming|the\s+past)\s+(?P<unit>years|months|weeks|days|decades|quarters)\b"
    r"(?:\s+(?:and|or)\s+(?:years|months|weeks|days|decades|quarters)\b)?",
    5,
    re.IGNORECASE,
    triggers="u_time u_day u_week u_month u_quarter u_year u_long",
)
def _vague_period(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    # "in recent months": an unknown number of months up to now; "in past
    # years": some time in the past.
    w = m.group("w").split()[-1]
    if w == "past":
        return _Norm("DATE", "PAST_REF")
    return _Norm("DURATION", _duration_value(None, m.group("unit")[:-1]))


# --- durations and sets ----------------------------------------------------


def _duration_value(n: float | None, unit: str, half: bool = False) -> str:
    """The TIMEX3 value of ``n`` units (n None: an unknown number)."""
    if unit == "centuries":
        unit = "century"
    if unit == "fortnight":
        unit, n = "week", None if n is None else 2 * n
    if unit in ("decade", "century") and n is not None:
        n, unit = n * (10 if unit == "decade" else 100), "year"
    time = unit in ("hour", "minute", "second")
    prefix = "PT" if time else "P"
    if n is None:
        return f"{prefix}X{_UNIT_CODE[unit]}"
    if half:
        n += 0.5
    whole = int(n)
    frac = n - whole
    finer = {"year": (12, "M"), "hour": (60, "M"), "minute": (60, "S"), "day": (24, "H")}
    if frac and unit in finer and float(frac * finer[unit][0]).is_integer():
        # "two and a half years": P2Y6M; other fractions stay decimal (P1.2Y).
        per, code = finer[unit]
        sub = _fmt_num(frac * per)
        if unit == "day":
            return f"P{whole}DT{sub}H" if whole else f"PT{sub}H"
        head = f"{whole}{_UNIT_CODE[unit]}" if whole else ""
        return f"{prefix}{head}{sub}{code}"
    return f"{prefix}{_fmt_num(n)}{_UNIT_CODE[unit]}"


_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|may|might|can|shall|should|must|to|hopes?|he|she|they|we|i|you|it)\s+$")


_DURATION_REL = (
    r"the\s+(?:past|last|next|coming|first|previous|following|final|remaining|latest|same|initial)"
    r"|(?:past|last|next|coming|first|final|another|the|these|those|an\s+additional|an\s+extra)"
)


@_rule(
    "duration",
    rf"\b(?:(?P<qmod>{_QMOD})\s+)?"
    rf"(?:(?P<rel>{_DURATION_REL})\s+)?"
    rf"(?P<qty>{_NUM}{_HALF}?|{_VAGUE_QTY}|(?P<halfa>half\s+(?:an?|one)))[\s-]+"
    r"(?:(?:more|additional|extra|full|straight|consecutive|trading|business|working|calendar|long)\s+)?"
    rf"(?P<unit>{_UNIT})(?P<pl>s)?\b(?P<half>\s+and\s+a\s+half)?(?P<tail>[\s-]+(?:long|old)\b)?",
    5,
    re.IGNORECASE,
    triggers="u_time u_day u_week u_month u_quarter u_year u_long",
    # The first words of _QMOD, _DURATION_REL, _NUM and _VAGUE_QTY, or a digit.
    starts=_words(
        f"about around approximately roughly some nearly almost more less fewer at up no the past "
        f"last next coming first final another these those a an {_NUMBER_WORDS} hundred dozen "
        "several few many couple dozens hundreds half"
    )
    + r"[\s-]|\d",
)
def _duration(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m.group("tail") and m.group("tail").strip(" -") == "old":
        return None  # an age ("a 6-year-old", "52 years old") is no timex
    unit = m.group("unit")
    if ctx.text[m.start("unit")].isupper():
        return None  # a title: CBS's "60 Minutes"
    unit = "century" if unit == "centuries" else unit
    qty = " ".join(m.group("qty").split())
    rel = m.group("rel")
    after = ctx.after(m.end(), 20)
    before = ctx.before(m.start(), 24)
    if unit == "quarter" and (qty in ("a", "an") or (m.group("pl") and re.match(r"\s+of\s+(?!(?:the\s+)?(?:fiscal\s+)?(?:year|\d{4}))", after))
                              or (m.group("pl") and "-" in m.group(0))):
        return None  # "a quarter of the market", "three-quarters": fractions
    if unit == "second" and qty in ("a", "an", "one") and re.match(r"\s+(?!(?:and|or|to|of|in|ago|later|earlier|before|after)\b)[a-z]", after):
        return None  # "a second group": the ordinal
    if qty in ("a", "an") and not rel and not m.group("qmod") and _RATE_BEFORE.search(before):
        return None  # "$5 million a year", "four flights a week": a rate
    if qty in ("a", "an") and re.match(r"\s*[-–]?\s*(?:earlier|ago)\b", after):
        return None  # "a year-earlier loss": the year-ago rule's
    if qty == "one" and unit == "day" and not rel and _MODAL_BEFORE.search(before):
        return _Norm("DATE", "FUTURE_REF")  # "Islam will one day be…"
    n: float | None
    if m.group("halfa"):
        n = 0.5
    elif _VAGUE_QTY_RE.fullmatch(qty):
        n = 2 if "couple" in qty else None
    else:
        n = _num(_TRAILING_HALF.sub("", qty))
        if n is None:
            return None
        if _TRAILING_HALF.search(qty):
            n += 0.5
    if rel and rel.split()[-1] in ("the", "these", "those") and n is None:
        return None
    mod = _QMODS.get(" ".join((m.group("qmod") or "").split()))
    return _Norm("DURATION", _duration_value(n, unit, bool(m.group("half"))), mod)


_DURATION_PREP_BEFORE = re.compile(r"\b(?:for|in|over|within|of|during|throughout|took|take|takes|lasted|last)\s+$")


@_rule(
    "plural-units",
    r"\b(?:(?P<the>the)\s+)?(?:years|decades|months|weeks|days|hours|minutes|centuries)(?:[\s-]+long)?\b"
    r"|\b(?:day|week|month|year|hour)-long\b",
    2,
    re.IGNORECASE,
    triggers="u_time u_day u_week u_month u_quarter u_year u_long",
    starts=r"(?:the\s+)?" + _words("years decades months weeks days hours minutes centuries day week month year hour"),
    # The unit (a trigger word, found at its word start) comes first or
    # after "the".
    near=1,
)
def _plural_units(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    before = ctx.before(m.start(), 12)
    text = m.group(0)
    if not _DURATION_PREP_BEFORE.search(before) and "long" not in text:
        return None
    if m.group("the") and not re.search(r"\b(?:over|during|throughout|in)\s+$", before):
        return None
    word = _DASHES_OR_SPACES.split(text)[-1] if "long" not in text else _DASHES_OR_SPACES.split(text)[-2]
    if not word.endswith("s"):
        # "a day-long meeting": one day.
        return _Norm("DURATION", _duration_value(1, word))
    unit = "century" if word == "centuries" else word.rstrip("s")
    return _Norm("DURATION", _duration_value(None, unit))


@_rule(
    "set",
    r"\b(?:every|each|per)\s+(?:other\s+)?(?:single\s+)?(?:day|week|month|year|quarter|hour|morning|night|evening|afternoon"
    r"|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|fall|autumn|winter)\b"
    r"|\b(?:once|twice|thrice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+times)\s+(?:a|an|per|every|each)\s+"
    r"(?:day|week|month|year|hour|decade)\b"
    r"|\b(?:yearly|monthly|weekly|daily|nightly|hourly)\b(?![\s-]+(?:newspaper|paper|magazine|mail|news|telegraph))",
    6,
    re.IGNORECASE,
    triggers="set",
    starts=_words("every each per once twice thrice two three four five six seven eight nine ten yearly monthly weekly daily nightly hourly") + r"|\d",
)
def _set(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    text = m.group(0)
    word = text.split()[-1]
    if word == "daily" and ctx.text[m.start()].isupper() and _is_title(ctx, m.start(), m.end()):
        return None  # "the Daily Telegraph"
    table = {
        "day": "P1D", "daily": "P1D", "week": "P1W", "weekly": "P1W", "month": "P1M",
        "monthly": "P1M", "year": "P1Y", "yearly": "P1Y", "quarter": "P1Q", "hour": "PT1H",
        "hourly": "PT1H", "decade": "P10Y", "morning": "TMO", "night": "TNI", "nightly": "TNI",
        "evening": "TEV", "afternoon": "TAF", "weekend": "P1WE",
    }  # fmt: skip
    if word in table:
        value = table[word]
        if "other" in text and value.startswith("P1"):
            value = "P2" + value[2:]
        if value == "P1WE":
            value = "XXXX-WXX-WE"
        return _Norm("SET", value)
    if word in _SEASONS:
        return _Norm("SET", f"XXXX-{_SEASONS[word]}")
    if word in _WEEKDAYS:
        return _Norm("SET", f"XXXX-WXX-{_WEEKDAYS.index(word) + 1}")
    return None


# ---------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------

_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")


def _runs(
    text: str, hits: dict[str, list[int]]
) -> Callable[[frozenset[str]], list[tuple[int, int]]]:
    """For a set of trigger classes, the stretches of text (runs of adjacent
    sentences) that contain a word of one of them (``hits``: the starts of
    the trigger words of each class)."""
    if not hits:
        return lambda classes: []
    bounds = [0, *_segment_ends(text), len(text)]
    seg_of: dict[str, set[int]] = {
        k: {bisect_right(bounds, p) - 1 for p in v} for k, v in hits.items()
    }
    cache: dict[frozenset[str], list[tuple[int, int]]] = {}

    def runs(classes: frozenset[str]) -> list[tuple[int, int]]:
        if classes not in cache:
            segs = sorted(set().union(*(seg_of.get(k, set()) for k in classes)))
            out: list[tuple[int, int]] = []
            for i in segs:
                if out and out[-1][1] == bounds[i]:
                    out[-1] = (out[-1][0], bounds[i + 1])
                else:
                    out.append((bounds[i], bounds[i + 1]))
            cache[classes] = out
        return cache[classes]

    return runs


# The rules by trigger classes (with their place in _RULES), so that the
# runs of a set of classes are looked up once for all its rules.
_RULE_GROUPS: dict[frozenset[str], list[tuple[int, _Rule]]] = {}
for _number, _r in enumerate(_RULES):
    _RULE_GROUPS.setdefault(_r.triggers, []).append((_number, _r))

# A candidate expression: (minus its length, minus its rule's priority,
# start, end, the rule's place in _RULES, the rule, its match). Sorted as
# tuples, candidates come longest first, then by priority, position and rule
# order; no two share the first five items, so the sort never compares matches.
_Candidate = tuple[int, int, int, int, int, _Rule, re.Match[str]]


# Texts at least this long are scanned with the prefilter when it is
# available; on shorter ones (a date typed by a user, a headline) its call
# costs more than it saves, and plain scanning is fast anyway.
_PREFILTER_MIN = 2000


@lru_cache(maxsize=1)
def _prefilter() -> Prefilter:
    """All rules and _TRIGGER in one Hyperscan scan (see :mod:`.prefilter`):
    rules run on the text are scanned for in the lowercased one, case-blind."""
    return Prefilter([(r.pattern, not r.lower) for r in _RULES] + [(_TRIGGER, False)])


def _candidates(text: str, low: str) -> list[_Candidate]:
    # With the prefilter: for each rule (and _TRIGGER, last), every place
    # where it may match; each rule is then tried only there.
    starts = _prefilter().starts(low) if len(low) >= _PREFILTER_MIN and prefilter_available() else None
    # Without: the lowercased text with its line breaks made spaces (and the
    # text so, when a rule needs it), and what else a word may follow: see _scan.
    spaced: dict[bool, str] = {}
    others: list[int] = []
    if starts is None:
        spaced[True] = low.replace("\n", " ")
        encoded = _latin_1(low)
        others = _other_leads(low, encoded)
        hits = _trigger_hits(low, spaced[True], others, encoded)
    else:
        hits = _trigger_hits_at(low, starts[-1])
    runs_of = _runs(text, hits)
    stops: dict[int, int] = {}
    reverse = ""
    found: list[_Candidate] = []
    for classes, rules in _RULE_GROUPS.items():
        # A rule with no place to match (most, in most texts) finds nothing:
        # neither it nor, if all of its group are such, the group's runs are
        # worked out.
        if starts is not None and not any(starts[number] for number, _ in rules):
            continue
        runs = runs_of(classes)
        if not runs:
            continue
        near_starts: dict[int, list[list[int]]] = {}
        for number, rule in rules:
            source = low if rule.lower else text
            if starts is not None:
                if not starts[number]:
                    continue
                matches = _matches_from(rule, source, runs, starts[number], stops)
            elif rule.near is None:
                if rule.spaced and rule.lower not in spaced:
                    spaced[rule.lower] = source.replace("\n", " ")
                matches = _matches(rule, source, runs, others, spaced.get(rule.lower))
            else:
                if rule.near not in near_starts:
                    reverse = reverse or low[::-1]
                    words = sorted(p for k in classes for p in hits.get(k, ()))
                    near_starts[rule.near] = _near_starts(low, reverse, words, runs, rule.near)
                matches = _matches_at(rule, source, runs, near_starts[rule.near])
            # A rule may match context it does not own (the "in" of "in March");
            # its group "t", when present, is the expression's extent.
            sub = "t" in rule.pattern.groupindex
            for m in matches:
                s, e = m.span("t") if sub else m.span()
                if e > s:
                    found.append((s - e, -rule.priority, s, e, number, rule, m))
    return found


def _trigger_hits_at(low: str, starts: list[int]) -> dict[str, list[int]]:
    """What :func:`_trigger_hits` finds, trying _TRIGGER only at ``starts``
    (in order), which hold every place where it matches (the prefilter's):
    the first that matches at or after the end of the last match is what
    ``finditer`` would find next."""
    hits: dict[str, list[int]] = {}
    # _TRIGGER itself, not _TRIGGER_AT: its lookahead, which holds wherever
    # _TRIGGER matches (a test checks), only rules out places, and the
    # prefilter's are all matches (the same match either way).
    for m in finditer_at(_TRIGGER, low, starts):
        word = m.group("w")
        hits.setdefault(_WORD_CLASS[word] if word else m.lastgroup or "", []).append(m.start())
    return hits


def _matches_from(
    rule: _Rule,
    source: str,
    runs: list[tuple[int, int]],
    starts: list[int],
    stops: dict[int, int],
) -> Iterator[re.Match[str]]:
    """What :func:`_matches` finds, trying the rule only at ``starts`` (in
    order), which hold every place where it matches in ``source`` (the
    prefilter's), whether or not the text is cut off at :func:`_stop`: in
    each run, the first that matches at or after the end of the last match
    is what ``finditer`` would find next. Led by the starts, which are far
    fewer than the runs. ``stops``: :func:`_stop` of run ends, as worked out."""
    match = rule.pattern.match
    run_end = pos = stop = -1
    for at in starts:
        if at >= run_end:
            k = bisect_right(runs, (at, _AFTER_ANY)) - 1
            if k < 0 or at >= runs[k][1]:
                continue  # in no run
            pos, run_end = runs[k]
            if (stop := stops.get(run_end, -1)) < 0:
                stop = stops[run_end] = _stop(source, run_end)
        if at >= pos and (m := match(source, at, stop)) is not None:
            yield m
            pos = m.end()


# Sorts after any run end: (at, _AFTER_ANY) comes after every run starting at ``at``.
_AFTER_ANY = 1 << 62


_WORD_START = re.compile(r"\b\w")


def _near_starts(
    low: str, reverse: str, words: list[int], runs: list[tuple[int, int]], near: int
) -> list[list[int]]:
    """For each run, the word starts (in order) that come at most ``near``
    words before one of the trigger ``words`` (their starts, in order), or at
    it. ``reverse`` is ``low`` reversed, where the words before a position are
    found by scanning forward."""
    n = len(low)
    # Back over one more than ``near`` runs of non-spaces: the first may be
    # what comes right before the trigger word in its own run ("(March").
    back = _BACK_OVER_WORDS[near]
    out: list[list[int]] = []
    i = 0
    for start, end in runs:
        starts: list[int] = []
        last = start
        i = bisect_right(words, start - 1, i)
        while i < len(words) and (word := words[i]) < end:
            i += 1
            behind = back.match(reverse, n - word)
            assert behind is not None  # it may match nothing
            first = max(last, n - behind.end())
            starts.extend(m.start() for m in _WORD_START.finditer(low, first, word + 1))
            last = word + 1
        out.append(starts)
    return out


_BACK_OVER_WORDS = {k: re.compile(rf"(?:[\s-]*+[^\s-]++){{0,{k + 1}}}") for k in range(1, 9)}


def _matches_at(
    rule: _Rule, source: str, runs: list[tuple[int, int]], starts: list[list[int]]
) -> Iterator[re.Match[str]]:
    """What :func:`_matches` finds, trying the rule only at ``starts`` (for
    each run, from :func:`_near_starts`): a match of a rule with ``near``
    starts at one of them, and the first that matches at or after the end
    of the last match is what ``finditer`` would find next."""
    match = rule.pattern.match
    for (start, end), at in zip(runs, starts, strict=True):
        stop = _stop(source, end)
        pos = start
        for p in at:
            if p >= pos and (m := match(source, p, stop)) is not None:
                yield m
                pos = m.end()


def _matches(
    rule: _Rule,
    source: str,
    runs: list[tuple[int, int]],
    others: list[int] | None = None,
    spaced: str | None = None,
) -> Iterator[re.Match[str]]:
    """The matches of ``rule`` that start in ``runs``: for each run, what
    ``rule.pattern.finditer`` finds there, found with ``rule.lead`` when the
    rule has one (see :func:`_lead`). For a rule scanned for behind a space,
    ``others`` is :func:`_other_leads` of ``source`` and ``spaced`` is
    ``source`` with its line breaks made spaces (see :func:`_scan`)."""
    if rule.spaced:
        others = _other_leads(source) if others is None else others
        spaced = source.replace("\n", " ") if spaced is None else spaced
        yield from _scan(rule, source, spaced, runs, others)
        return
    match = rule.pattern.match
    for start, end in runs:
        # Lookaheads may peek past the sentence end, as over the whole text.
        stop = _stop(source, end)
        if rule.lead is None:
            for m in rule.pattern.finditer(source, start, stop):
                if m.start() >= end:
                    break
                yield m
            continue
        # Scanning with the lead, then matching the pattern again one
        # character further where it finds a match.
        pos = start
        if pos == 0 and (first := match(source, 0, stop)) is not None:
            yield first
            pos = first.end()
        search = rule.lead.search
        while (hit := search(source, pos - 1 if pos else 0, stop)) is not None:
            if (pos := hit.start() + 1) >= end:
                break
            again = match(source, pos, stop)
            assert again is not None  # the same pattern, one character further
            yield again
            pos = again.end()


@lru_cache(maxsize=4096)
def _interval_start(value: str) -> dt.date | None:
    """The first day of :func:`interval`, cached: the same values recur."""
    iv = interval(value)
    return None if iv is None else iv.start


_TRIMMED = " ,-\n\t"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop trailing spaces, commas and hyphens the patterns may take in."""
    while end > start and text[end - 1] in _TRIMMED:
        end -= 1
    return start, end


def tag(text: str, dct: dt.date | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, normalized against ``dct``.

    Spans never overlap and come in text order. With no DCT, expressions that
    need one ("Thursday", "last week") are left out.
    """
    return _tag(text, dct)[0]


def tag_with_stats(text: str, dct: dt.date | None = None) -> tuple[list[Timex], int]:
    """Like :func:`tag`, also returning how many expressions stayed unresolved
    (found, but needing a DCT or an anchor the text did not give)."""
    return _tag(text, dct)


def _tag(text: str, dct: dt.date | None) -> tuple[list[Timex], int]:
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    low = _ascii_lower(text)
    # Longest first, then the more specific rule; overlapping losers drop out.
    found = _candidates(text, low)
    found.sort()
    taken: list[_Candidate] = []
    occupied = bytearray(len(text) + 1)
    for cand in found:
        s, e = cand[2], cand[3]
        if occupied.find(1, s, e) >= 0:
            continue
        taken.append(cand)
        occupied[s:e] = b"\x01" * (e - s)
    taken.sort(key=lambda c: c[2])
    ctx = _Ctx(text=text, low=low, dct=dct, anchor=dct)
    out: list[Timex] = []
    for _, _, s, e, _, rule, m in taken:
        try:
            norm = rule.handler(m, ctx)
        except (ValueError, OverflowError):
            # A date shifted off the calendar ("999 centuries ago"): the
            # expression was found but has no value.
            ctx.unresolved += 1
            norm = None
        if norm is None:
            continue
        if text[e - 1] in _TRIMMED:  # (else _trim leaves it as it is: no call)
            s, e = _trim(text, s, e)
        out.append(Timex(s, e, text[s:e], norm.type, norm.value, norm.mod))
        if norm.anchor is not None:
            ctx.anchor = norm.anchor
        if norm.type == "DATE" and norm.value[:1].isdigit():
            start = _interval_start(norm.value)
            if start is not None:
                ctx.period_anchor = start
        if norm.type == "DURATION" and norm.value in ("P6M", "P9M") and text[s:e].lower().startswith("the"):
            # "the nine months": a reporting period other than the quarter
            # is now the one "a year earlier" compares with.
            ctx.focus_quarter = None
        quarter = _QUARTER_VALUE.fullmatch(norm.value) if norm.focus else None
        if quarter:
            ctx.focus_quarter = (int(quarter.group(1)), int(quarter.group(2)))
    return out, ctx.unresolved


_SHORT_NUMBER = re.compile(r"\d{1,3}")


@lru_cache(maxsize=65536)
def _typed_value(raw: str) -> DateInterval | None:
    """The interval of a date typed as a TIMEX3 value ("2025-12-11",
    "2026-H1"), or None. Cached: an import repeats the same dates many times,
    and intervals are immutable."""
    # A bare two- or three-digit number is not a century or decade to a person.
    return None if _SHORT_NUMBER.fullmatch(raw) else interval(raw)


def parse_date(text: str, dct: dt.date | None = None) -> DateInterval:
    """Parse a date typed by a person ("2025-12-11", "first half of 2026",
    "Dec. 11, 2025", "2026-Q1") into its interval.

    Raises :class:`~timeline.errors.DateParseError` naming the text when it is
    not a single calendar date, month, quarter, half, season or year.

    >>> parse_date("first half of 2026").value
    '2026-H1'
    """
    raw = text.strip()
    if not raw:
        raise DateParseError("empty date; give e.g. 2025-12-11, 2026-01 or 'first half of 2026'")
    direct = _typed_value(raw)
    if direct is not None:
        return direct
    ref = dct or dt.date.today()
    timexes = [t for t in tag(raw, ref) if t.type in ("DATE", "TIME")]
    best = max(timexes, key=lambda t: t.end - t.start, default=None)
    if best is not None and (best.end - best.start) >= len(raw.strip(" .,")) - 4:
        iv = best.interval
        if iv is not None:
            return DateInterval(best.value if best.type == "DATE" else iv.value, iv.start, iv.end,
                                iv.precision)
    raise DateParseError(
        f"cannot read {text!r} as a date; use e.g. 2025-12-11, 'Dec. 11, 2025', 2026-01, "
        "2026-Q1, 'first half of 2026' or 2026"
    )
