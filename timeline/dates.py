"""Temporal expressions: find them in text and normalize them against the
document creation time (DCT).

This is the only module that imports :mod:`dateparser`. The division of labour:

* a grammar of regular expressions (below) finds candidate expressions with
  TimeML-style extents and character offsets, and guards against words that
  look like dates but are not ("may" the verb, "one-year" the compound,
  "2,000 soldiers", "3.5 percent");
* :mod:`dateparser` turns the calendar part of an expression ("Dec. 11",
  "12/11/2025", "the 11th of December") into month, day and year; its results
  are cached per string, since the same strings recur across a corpus;
* this module anchors what dateparser cannot know about: the year of
  "November 1" from the tense of the sentence, halves, quarters, seasons,
  "early/mid/late", durations, sets, decades, and expressions such as "two
  days later" that count from the date just mentioned rather than the DCT.

Values follow TIMEX3: ``2025-12-11``, ``2025-W44``, ``2025-01``, ``2026-Q1``,
``2026-H1``, ``2025-SU``, ``2026``, ``199X``, ``2025-12-11TEV``, ``P3Y``,
``PRESENT_REF``. :func:`interval` maps a DATE value to the inclusive
(start, end, precision) interval stored with events.

>>> [t.value for t in tag("They met on Thursday.", dt.date(2025, 12, 12))]
['2025-12-11']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser

from .errors import DateParseError
from .models import Precision

__all__ = [
    "DateInterval",
    "Timex",
    "interval",
    "parse_date",
    "tag",
]

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


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
    (re.compile(r"(\d{3})X"), "decade"),
    (re.compile(r"(\d{2})XX"), "century"),
]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def interval(value: str) -> DateInterval | None:
    """The inclusive interval a TIMEX3 DATE value denotes, or None.

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
        start = int(g[0]) * 10
        if start == 0:
            return None
        return DateInterval(value, dt.date(start, 1, 1), dt.date(start + 9, 12, 31), Precision.DECADE)
    start = int(g[0]) * 100
    if start == 0:
        return None
    return DateInterval(value, dt.date(start, 1, 1), dt.date(start + 99, 12, 31), Precision.CENTURY)


def _week_value(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


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
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "ninety": 90, "hundred": 100,
}  # fmt: skip
_VAGUE = {"several", "few", "a few", "many", "some", "recent", "coming", "past", "next"}
_NUM = (
    r"(?:\d{1,3}(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
    r"|sixty|ninety|hundred|(?:twenty|thirty|forty|fifty)-(?:one|two|three|four|five|six|seven"
    r"|eight|nine))"
)
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|century|centuries)"
_UNIT_CODE = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centuries": "CE",
}  # fmt: skip
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4,
}  # fmt: skip
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS_OF_DAY = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
    "overnight": "NI",
}  # fmt: skip
_MODS = {
    "early": "START", "the beginning of": "START", "the start of": "START",
    "the end of": "END", "late": "END", "the middle of": "MID", "mid": "MID", "mid-": "MID",
    "the close of": "END",
}  # fmt: skip

_FUTURE_CUES = re.compile(
    r"\b(?:will|won't|shall|'ll|going to|plans? to|planned|planning|scheduled|expected to"
    r"|expects? to|intends? to|aims? to|set to|due to|to be held|upcoming|is to|are to"
    r"|next)\b",
    re.IGNORECASE,
)
_PAST_CUES = re.compile(
    r"\b(?:was|were|had|did|said|held|met|launched|fired|signed|announced|visited|agreed"
    r"|took place|occurred|ago|last|earlier|previous|former|since|\w+ed)\b",
    re.IGNORECASE,
)

# Nouns that make a bare number a quantity ("2000 soldiers"), not a year.
_QUANTITY_NOUN = re.compile(
    r"\s*(?:%|percent|per cent|troops|soldiers|people|persons|men|women|workers|tons|tonnes"
    r"|km|kilometers|kilometres|miles|meters|metres|feet|won|dollars|yen|yuan|units|cases"
    r"|vehicles|aircraft|jets|missiles|rounds|shells|warheads|points|votes|seats|members"
    r"|residents|students|pounds|kg|barrels|times|million|billion|thousand|trillion)\b",
    re.IGNORECASE,
)


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
    data = _parser().get_date_data(expr)
    d = data.date_obj
    if d is None:
        return None
    return d.year, d.month, d.day, d.hour, d.minute


# ---------------------------------------------------------------------------
# Grammar
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    text: str
    dct: dt.date | None
    anchor: dt.date | None  # the day-precision date mentioned last, or the DCT
    unresolved: int = 0

    def tense(self, start: int, end: int) -> Literal["past", "future", "none"]:
        """The tense governing [start, end), from cue words near it.

        Only cues within the clause around the expression count (a window of
        :data:`_TENSE_WINDOW` characters, cut at sentence ends); the nearest
        wins, and a cue after the expression counts for less than one before
        it, since the governing verb usually comes first in English.
        """
        lo = max(start - _TENSE_WINDOW, self.text.rfind(". ", 0, start) + 1,
                 self.text.rfind("\n", 0, start) + 1)
        hi_candidates = [i for i in (self.text.find(". ", end), self.text.find("\n", end)) if i >= 0]
        hi = min([end + _TENSE_WINDOW, *hi_candidates])
        best: tuple[float, str] | None = None
        for pattern, label in ((_FUTURE_CUES, "future"), (_PAST_CUES, "past")):
            for m in pattern.finditer(self.text, lo, start):
                d = float(start - m.end())
                if best is None or d < best[0]:
                    best = (d, label)
            for m in pattern.finditer(self.text, end, hi):
                d = 1.5 * (m.start() - end)
                if best is None or d < best[0]:
                    best = (d, label)
        return "none" if best is None else best[1]  # type: ignore[return-value]


_TENSE_WINDOW = 70


@dataclass(frozen=True, slots=True)
class _Norm:
    type: TimexType
    value: str
    mod: str | None = None
    anchor: dt.date | None = None  # a day this expression makes the new anchor


Handler = Callable[[re.Match[str], _Ctx], _Norm | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    priority: int = 0


_RULES: list[_Rule] = []


def _rule(name: str, pattern: str, priority: int = 0, flags: int = 0) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _RULES.append(_Rule(name, re.compile(pattern, flags), fn, priority))
        return fn

    return register


def _num(word: str) -> int | None:
    w = word.lower().replace("-", " ")
    if w in _NUMBERS:
        return _NUMBERS[w]
    if re.fullmatch(r"\d{1,3}", w):
        return int(w)
    parts = w.split()
    if len(parts) == 2 and parts[0] in _NUMBERS and parts[1] in _NUMBERS:
        return _NUMBERS[parts[0]] + _NUMBERS[parts[1]]
    return None


def _infer_year(month: int, day: int | None, ctx: _Ctx, start: int, end: int) -> int | None:
    """The year of a month (and day) stated without one, from DCT and tense."""
    if ctx.dct is None:
        ctx.unresolved += 1
        return None
    ref = ctx.dct
    tense = ctx.tense(start, end)
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = dt.date(year, month, day or 1)
        except ValueError:  # February 29 in a common year
            continue
        last = d if day else _month_end(year, month)
        candidates.append((year, d, last))
    if not candidates:
        return None
    if tense == "past":
        ok = [c for c in candidates if c[1] <= ref]
    elif tense == "future":
        ok = [c for c in candidates if c[2] >= ref]
    else:
        ok = candidates
    if not ok:
        ok = candidates
    # The closest such date to the DCT; ties go to the current year.
    best = min(ok, key=lambda c: (min(abs((c[1] - ref).days), abs((c[2] - ref).days))
                                  if not (c[1] <= ref <= c[2]) else 0, abs(c[0] - ref.year)))
    return best[0]


def _calendar(expr: str) -> tuple[int, int, int, int, int] | None:
    # dateparser reads "Sept." poorly in some versions; give it the plain word.
    clean = re.sub(r"\bSept\.?", "Sep", expr)
    clean = re.sub(r"(?<=[A-Za-z])\.", "", clean)
    return _dateparser_components(clean)


# --- explicit calendar dates ------------------------------------------------


@_rule("month-day-year", rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAYNUM},?\s+{_YEAR}\b", 10)
def _month_day_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    parts = _calendar(re.sub(rf"^{_WEEKDAY},?\s+", "", m.group(0)))
    if parts is None:
        return None
    d = dt.date(parts[0], parts[1], parts[2])
    return _Norm("DATE", d.isoformat(), anchor=d)


@_rule("day-month-year", rf"\b(?:the\s+)?{_DAYNUM}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", 10)
def _day_month_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _month_day_year(m, ctx)


@_rule("numeric-date", r"(?<![\d/.-])(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))(?![\d/-]|\.\d)", 10)
def _numeric_date(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    parts = _calendar(m.group(0))
    if parts is None:
        return None
    d = dt.date(parts[0], parts[1], parts[2])
    return _Norm("DATE", d.isoformat(), anchor=d)


@_rule("month-day", rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAYNUM}\b(?!,?\s*\d)(?!\s*(?:%|percent))", 8)
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    expr = re.sub(rf"^{_WEEKDAY},?\s+", "", m.group(0))
    parts = _calendar(expr)
    if parts is None:
        return None
    year = _infer_year(parts[1], parts[2], ctx, m.start(), m.end())
    if year is None:
        return None
    try:
        d = dt.date(year, parts[1], parts[2])
    except ValueError:
        return None
    return _Norm("DATE", d.isoformat(), anchor=d)


@_rule("day-month", rf"\b(?:the\s+)?{_DAYNUM}\s+(?:of\s+)?{_MONTH}(?!\s*,?\s*\d)", 8)
def _day_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    return _month_day(m, ctx)


@_rule("month-year", rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", 9)
def _month_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = _MONTHS[re.match(r"[A-Za-z]+", m.group(0)).group(0).lower()]  # type: ignore[union-attr]
    year = int(re.search(_YEAR, m.group(0)).group(0))  # type: ignore[union-attr]
    return _Norm("DATE", f"{year:04d}-{month:02d}")


# A bare month needs a preposition or modifier before it, so that "May" the
# modal and "March" the verb at a sentence start are not read as months.
@_rule(
    "month",
    rf"\b(?:in|since|until|till|by|before|after|during|through|from|to|of|last|next|this|"
    rf"early|late|mid|end of|and|or|between|past|coming|that)[\s-](?P<t>{_MONTH})(?![\w'’-])",
    5,
)
def _month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    month = _MONTHS[m.group("t").rstrip(".").lower()]
    year = _infer_year(month, None, ctx, m.start("t"), m.end("t"))
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-{month:02d}")


@_rule("relative-month", rf"\b(?:last|next|this|past|coming)\s+{_MONTH}(?![\w'’-])", 6)
def _relative_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    word, name = m.group(0).split(None, 1)
    month = _MONTHS[name.rstrip(".").lower()]
    if ctx.dct is None:
        ctx.unresolved += 1
        return None
    ref = ctx.dct
    w = word.lower()
    if w in ("last", "past"):
        year = ref.year if month < ref.month else ref.year - 1
    elif w in ("next", "coming"):
        year = ref.year if month > ref.month else ref.year + 1
    else:
        year = ref.year
    return _Norm("DATE", f"{year:04d}-{month:02d}")


# --- weekdays and deictic days ---------------------------------------------


def _shift_weekday(ref: dt.date, weekday: int, direction: str) -> dt.date:
    delta = (weekday - ref.weekday()) % 7
    if direction == "past":
        return ref - dt.timedelta(days=(7 - delta) % 7 or 0) if delta else ref
    return ref + dt.timedelta(days=delta)


@_rule(
    "weekday",
    rf"\b(?:(?:last|next|this|coming|past)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?"
    rf"(?!,?\s+{_MONTH})",
    7,
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    words = m.group(0).split()
    rel = words[0].lower() if words[0].lower() in ("last", "next", "this", "coming", "past") else None
    name = (words[1] if rel else words[0]).lower()
    part = words[-1].lower() if words[-1].lower() in _PARTS_OF_DAY else None
    if ctx.dct is None:
        ctx.unresolved += 1
        return None
    ref = ctx.dct
    # dateparser resolves the weekday name; we choose the direction.
    parts = _calendar(name.capitalize())
    weekday = dt.date(parts[0], parts[1], parts[2]).weekday() if parts else _WEEKDAYS.index(name)
    if rel in ("last", "past"):
        d = _shift_weekday(ref - dt.timedelta(days=1), weekday, "past")
    elif rel in ("next", "coming"):
        d = _shift_weekday(ref + dt.timedelta(days=1), weekday, "future")
    else:
        tense = ctx.tense(m.start(), m.end())
        if tense == "future":
            d = _shift_weekday(ref, weekday, "future")
        else:
            # News reports the recent past: a bare weekday is the last one, or today.
            d = _shift_weekday(ref, weekday, "past")
    if part:
        return _Norm("TIME", f"{d.isoformat()}T{_PARTS_OF_DAY[part]}", anchor=d)
    return _Norm("DATE", d.isoformat(), anchor=d)


@_rule(
    "deictic-day",
    r"\b(?:today|yesterday|tomorrow|tonight|the day before yesterday|the day after tomorrow)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b|\bthis\s+(?:morning|afternoon|evening)\b"
    r"|\blast\s+night\b",
    7,
    re.IGNORECASE,
)
def _deictic_day(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if ctx.dct is None:
        ctx.unresolved += 1
        return None
    words = m.group(0).lower()
    offset = 0
    if "day before yesterday" in words:
        offset = -2
    elif "day after tomorrow" in words:
        offset = 2
    elif "yesterday" in words or words.startswith("last night"):
        offset = -1
    elif "tomorrow" in words:
        offset = 1
    d = ctx.dct + dt.timedelta(days=offset)
    part = next((code for w, code in _PARTS_OF_DAY.items() if words.endswith(w)), None)
    if part:
        return _Norm("TIME", f"{d.isoformat()}T{part}", anchor=d)
    return _Norm("DATE", d.isoformat(), anchor=d)


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
    if unit == "decade":
        return f"{ref.year // 10:03d}X"
    if unit == "century":
        return f"{ref.year // 100:02d}XX"
    if unit in _SEASONS:
        # "last summer" is the previous summer; "this summer" may be upcoming.
        return ""
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
    if unit == "decade":
        return dt.date(ref.year + 10 * n, 1, 1)
    if unit == "century":
        return dt.date(ref.year + 100 * n, 1, 1)
    return dt.date(ref.year + n, min(ref.month, 12), 1)


_REL_WORD = r"(?:last|next|this|past|previous|coming|following|current|same|that)"
_MOD_WORD = r"(?:early|earlier|late|later|mid|the\s+(?:beginning|start|end|middle|close)\s+of)"


@_rule(
    "relative-period",
    rf"\b(?:{_MOD_WORD}[\s-]+)?(?:the\s+)?{_REL_WORD}\s+(?:week|weekend|month|quarter|year|decade|century)\b"
    rf"(?!\s+(?:of|ago))",
    6,
    re.IGNORECASE,
)
def _relative_period(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    text = m.group(0).lower()
    mod = _mod_of(text)
    unit = text.split()[-1]
    rel = re.search(_REL_WORD, text)
    assert rel is not None
    word = rel.group(0)
    if word in ("following", "same", "that"):
        base = ctx.anchor
        n = 1 if word == "following" else 0
    else:
        base = ctx.dct
        n = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(word, 0)
    if base is None:
        ctx.unresolved += 1
        return None
    if word == "past" and unit != "weekend":
        # "the past year" is the year up to now: a duration in TimeML.
        code = _UNIT_CODE.get(unit, "Y")
        return _Norm("DURATION", f"P1{code}", mod)
    return _Norm("DATE", _period_value(unit, _shift(base, unit, n)), mod)


def _mod_of(text: str) -> str | None:
    for word, mod in (("earlier", None), ("later", None)):
        if text.startswith(word):
            return mod
    for word, mod in _MODS.items():
        if text.startswith(word):
            return mod
    return None


@_rule(
    "earlier-this",
    r"\b(?:earlier|later)\s+(?:this|that|last|next)\s+(?:week|month|year)\b",
    7,
    re.IGNORECASE,
)
def _earlier_this(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    words = m.group(0).lower().split()
    return _relative_period_words(words[1], words[2], ctx, None)


def _relative_period_words(rel: str, unit: str, ctx: _Ctx, mod: str | None) -> _Norm | None:
    base = ctx.anchor if rel == "that" else ctx.dct
    if base is None:
        ctx.unresolved += 1
        return None
    n = {"last": -1, "next": 1}.get(rel, 0)
    return _Norm("DATE", _period_value(unit, _shift(base, unit, n)), mod)


@_rule(
    "units-ago",
    rf"\b{_NUM}\s+{_UNIT}s?\s+(?:ago|earlier|later|from\s+now|hence)\b",
    7,
    re.IGNORECASE,
)
def _units_ago(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    words = m.group(0).lower().split()
    n = _num(words[0])
    unit = words[1].rstrip("s") if words[1] != "centuries" else "century"
    direction = words[2]
    if n is None:
        return None
    if direction == "ago":
        base, sign = ctx.dct, -1
    elif direction in ("from", "hence"):
        base, sign = ctx.dct, 1
    else:
        # "two days later" counts from the date just mentioned.
        # ("a day after the launch" is a duration and a signal in TimeML:
        # the duration rule takes it.)
        base, sign = ctx.anchor, (1 if direction == "later" else -1)
    if base is None:
        ctx.unresolved += 1
        return None
    if unit in ("hour", "minute", "second"):
        return _Norm("DURATION", f"PT{n}{_UNIT_CODE[unit]}")
    d = _shift(base, unit, sign * n)
    value = _period_value(unit, d)
    return _Norm("DATE", value, anchor=d if unit == "day" else None)


# --- halves, quarters, seasons, modifiers ---------------------------------


def _year_ref(word: str, ctx: _Ctx, start: int, end: int) -> int | None:
    w = word.lower().strip()
    if re.fullmatch(_YEAR, w):
        return int(w)
    if ctx.dct is None:
        ctx.unresolved += 1
        return None
    return ctx.dct.year + {"last year": -1, "next year": 1, "the previous year": -1,
                           "the following year": 1, "the next year": 1}.get(w, 0)


_YEAR_REF = rf"(?:{_YEAR}|(?:this|last|next|the\s+(?:current|previous|following|next))\s+year)"


@_rule(
    "half",
    rf"\b(?:the\s+)?(first|second|1st|2nd|latter|last)\s+half(?:\s+of)?(?:\s+({_YEAR_REF}))?",
    9,
    re.IGNORECASE,
)
def _half(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    h = 1 if m.group(1).lower() in ("first", "1st") else 2
    if m.group(2):
        year = _year_ref(m.group(2), ctx, m.start(), m.end())
    elif ctx.dct is not None:
        year = ctx.dct.year
    else:
        ctx.unresolved += 1
        year = None
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-H{h}")


@_rule(
    "quarter",
    rf"\b(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|final|last)\s+(?:fiscal\s+)?quarter"
    rf"(?:\s+of)?(?:\s+({_YEAR_REF}))?|\bQ([1-4])\s+({_YEAR})\b",
    9,
    re.IGNORECASE,
)
def _quarter(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    if m.group(3):
        return _Norm("DATE", f"{m.group(4)}-Q{m.group(3)}")
    q = _ORDINALS[m.group(1).lower()]
    if m.group(2):
        year = _year_ref(m.group(2), ctx, m.start(), m.end())
    elif ctx.dct is not None:
        # "the third quarter" without a year: the latest such quarter by the DCT,
        # unless the sentence looks ahead.
        year = ctx.dct.year
        tense = ctx.tense(m.start(), m.end())
        if tense != "future" and q > _quarter_of(ctx.dct):
            year -= 1
    else:
        ctx.unresolved += 1
        year = None
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-Q{q}")


@_rule(
    "season",
    rf"\b(?:(?:this|last|next|the\s+coming|the\s+past|early|late|mid)[\s-]+)?(spring|summer|fall|autumn|winter)"
    rf"(?:\s+(?:of\s+)?({_YEAR}))?\b",
    7,
    re.IGNORECASE,
)
def _season(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    text = m.group(0).lower()
    code = _SEASONS[m.group(1).lower()]
    mod = _mod_of(text)
    if m.group(2):
        return _Norm("DATE", f"{m.group(2)}-{code}", mod)
    rel = text.split()[0] if len(text.split()) > 1 else None
    if rel is None or rel in ("early", "late", "mid"):
        if rel is None and m.group(1).lower() == "fall":
            return None  # "fall" alone is far more often the verb or noun
        if rel is None:
            # A bare season name is only a date after "in" / "this" etc.
            before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
            if not re.search(r"\b(?:in|in the|during|by|until|since|this)\s*$", before):
                return None
    if ctx.dct is None:
        ctx.unresolved += 1
        return None
    year, current = _season_of(ctx.dct)
    order = ["WI", "SP", "SU", "FA"]
    # Seasons are numbered by the year they start in.
    idx_now = order.index(current)
    idx = order.index(code)
    if rel in ("last", "the past"):
        year = year if idx < idx_now else year - 1
    elif rel in ("next", "the coming"):
        year = year if idx > idx_now else year + 1
    else:
        tense = ctx.tense(m.start(), m.end())
        if tense == "past" and idx > idx_now:
            year -= 1
        elif tense == "future" and idx < idx_now:
            year += 1
    if code == "WI" and current != "WI" and idx_now > 0 and rel not in ("last", "the past"):
        year = ctx.dct.year
    return _Norm("DATE", f"{year:04d}-{code}", mod)


@_rule(
    "mod-month-year",
    rf"\b(?:early|late|mid|the\s+(?:beginning|start|end|middle|close)\s+of)[\s-]+{_MONTH}(?:,?\s+({_YEAR}))?\b",
    9,
)
def _mod_month(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    mod = _mod_of(m.group(0).lower())
    name = re.search(_MONTH, m.group(0))
    assert name is not None
    month = _MONTHS[name.group(0).rstrip(".").lower()]
    year = int(m.group(1)) if m.group(1) else _infer_year(month, None, ctx, m.start(), m.end())
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}-{month:02d}", mod)


@_rule(
    "mod-year",
    rf"\b(?:early|late|mid|the\s+(?:beginning|start|end|middle|close)\s+of)[\s-]+(?:the\s+year\s+)?({_YEAR_REF})\b",
    9,
    re.IGNORECASE,
)
def _mod_year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    mod = _mod_of(m.group(0).lower())
    year = _year_ref(m.group(1), ctx, m.start(), m.end())
    if year is None:
        return None
    return _Norm("DATE", f"{year:04d}", mod)


@_rule("decade", r"\b(?:the\s+)?(?:(early|mid|late)[\s-]+)?(1[89]|20)(\d)0'?s\b", 8, re.IGNORECASE)
def _decade(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    mod = _mod_of(m.group(1).lower()) if m.group(1) else None
    return _Norm("DATE", f"{m.group(2)}{m.group(3)}X", mod)


@_rule("year", rf"(?<![\w$€£.,/-])(?:fiscal\s+(?:year\s+)?|FY\s?)?{_YEAR}(?![\w%/-])(?!,\d)(?!\.\d)", 4)
def _year(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    after = ctx.text[m.end() : m.end() + 20]
    if _QUANTITY_NOUN.match(after):
        return None
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"(?:no\.|number|#|page|p\.|route|flight|model|about|some|nearly|over|than)\s*$", before):
        return None
    year = re.search(_YEAR, m.group(0))
    assert year is not None
    return _Norm("DATE", year.group(0))


# --- present, past, future references --------------------------------------


@_rule(
    "ref",
    r"\b(?:now|currently|nowadays|these days|at present|the present|recently|lately"
    r"|in the past|the past|formerly|the future|in the future|in the near future|soon)\b",
    3,
    re.IGNORECASE,
)
def _ref(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    text = m.group(0).lower()
    if text in ("now", "currently", "nowadays", "these days", "at present", "the present"):
        return _Norm("DATE", "PRESENT_REF")
    if "future" in text or text == "soon":
        return _Norm("DATE", "FUTURE_REF")
    return _Norm("DATE", "PAST_REF")


# --- durations and sets ----------------------------------------------------


@_rule(
    "duration",
    rf"\b(?:(?:the\s+)?(?:past|last|next|coming|first|previous|following)\s+)?"
    rf"(?:{_NUM}|several|a\s+few|few|many|some|the)[\s-]+{_UNIT}s?(?:[\s-]+(?:long|old))?\b",
    5,
    re.IGNORECASE,
)
def _duration(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    text = m.group(0).lower()
    unit_m = re.search(_UNIT, text)
    assert unit_m is not None
    unit = unit_m.group(0)
    if unit == "centuries":
        unit = "century"
    head = text[: unit_m.start()].strip(" -")
    words = head.split()
    qty = words[-1] if words else ""
    if qty == "the" or qty in ("last", "next", "past", "coming", "following", "previous", "first"):
        return None  # handled by the relative rules ("the next year")
    if qty in ("several", "few", "many", "some") or head.endswith("a few"):
        n: str = "X"
    else:
        num = _num(qty) if not re.fullmatch(r"\d+\.\d+", qty) else None
        if num is None:
            if re.fullmatch(r"\d+\.\d+", qty):
                n = qty
            else:
                return None
        else:
            n = str(num)
    code = _UNIT_CODE[unit]
    if unit == "fortnight":
        n = str(2 * int(n)) if n != "X" else "X"
    prefix = "PT" if unit in ("hour", "minute", "second") else "P"
    return _Norm("DURATION", f"{prefix}{n}{code}")


@_rule("plural-units", r"\b(?:years|decades|months|weeks|days|centuries)(?:[\s-]+long)?\b", 2, re.IGNORECASE)
def _plural_units(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if not re.search(r"(?:for|in|over|recent|of|within|past|coming|next)\s+$", before) and "long" not in m.group(0).lower():
        return None
    unit = m.group(0).lower().split()[0].split("-")[0]
    unit = "century" if unit == "centuries" else unit.rstrip("s")
    return _Norm("DURATION", f"PX{_UNIT_CODE[unit]}")


@_rule(
    "set",
    r"\b(?:every|each)\s+(?:other\s+)?(?:day|week|month|year|quarter|morning|night|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|fall|autumn|winter)\b"
    r"|\b(?:annually|yearly|monthly|weekly|daily|nightly|quarterly)\b",
    6,
    re.IGNORECASE,
)
def _set(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    text = m.group(0).lower()
    word = text.split()[-1]
    table = {
        "day": "P1D", "daily": "P1D", "week": "P1W", "weekly": "P1W", "month": "P1M",
        "monthly": "P1M", "year": "P1Y", "yearly": "P1Y", "annually": "P1Y", "quarter": "P3M",
        "quarterly": "P3M", "morning": "TMO", "night": "TNI", "nightly": "TNI",
    }  # fmt: skip
    if word in table:
        value = table[word]
        if "other" in text and value.startswith("P1"):
            value = "P2" + value[2:]
        return _Norm("SET", value)
    if word in _SEASONS:
        return _Norm("SET", f"XXXX-{_SEASONS[word]}")
    if word in _WEEKDAYS:
        return _Norm("SET", f"XXXX-WXX-{_WEEKDAYS.index(word) + 1}")
    return None


# --- clock times ------------------------------------------------------------


@_rule(
    "clock",
    r"(?<![\w.:])(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
    r"|\b(?:noon|midnight)\b",
    7,
    re.IGNORECASE,
)
def _clock(m: re.Match[str], ctx: _Ctx) -> _Norm | None:
    day = ctx.anchor
    if day is None:
        ctx.unresolved += 1
        return None
    parts = _calendar(m.group(0).replace(" ", ""))
    if parts is None:
        return None
    return _Norm("TIME", f"{day.isoformat()}T{parts[3]:02d}:{parts[4]:02d}")


# ---------------------------------------------------------------------------
# Guards and the driver
# ---------------------------------------------------------------------------

# A number word fused to a unit is a compound modifier ("one-year hiatus",
# "five-year term"): a duration at most, never a date. The duration rule covers
# them; this pattern only keeps other rules from reading the year in
# "2023-2024" or the like as two dates.
_ORDER = {r.name: i for i, r in enumerate(_RULES)}


def _candidates(text: str) -> Iterator[tuple[int, int, _Rule, re.Match[str]]]:
    for rule in _RULES:
        # A rule may match context it does not own (the "in" of "in March");
        # its group "t", when present, is the expression's extent.
        sub = "t" in rule.pattern.groupindex
        for m in rule.pattern.finditer(text):
            s, e = m.span("t") if sub else m.span()
            if e > s:
                yield s, e, rule, m


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles/prepositions TimeML leaves outside the extent."""
    while end > start and text[end - 1] in " ,-":
        end -= 1
    return start, end


def tag(text: str, dct: dt.date | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, normalized against ``dct``.

    Spans never overlap and come in text order. With no DCT, expressions that
    need one ("Thursday", "last week") are left out.
    """
    return _tag(text, dct)[0]


def tag_with_stats(text: str, dct: dt.date | None = None) -> tuple[list[Timex], int]:
    """Like :func:`tag`, also returning how many expressions stayed unresolved."""
    return _tag(text, dct)


def _tag(text: str, dct: dt.date | None) -> tuple[list[Timex], int]:
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    found = sorted(_candidates(text), key=lambda c: (-(c[1] - c[0]), -c[2].priority, c[0]))
    taken: list[tuple[int, int, _Rule, re.Match[str]]] = []
    occupied: list[tuple[int, int]] = []
    for cand in found:
        s, e = cand[0], cand[1]
        if any(s < oe and os < e for os, oe in occupied):
            continue
        taken.append(cand)
        occupied.append((s, e))
    taken.sort(key=lambda c: c[0])
    ctx = _Ctx(text=text, dct=dct, anchor=dct)
    out: list[Timex] = []
    for s, e, rule, m in taken:
        norm = rule.handler(m, ctx)
        if norm is None:
            continue
        s, e = _trim(text, s, e)
        out.append(Timex(s, e, text[s:e], norm.type, norm.value, norm.mod))
        if norm.anchor is not None:
            ctx.anchor = norm.anchor
    return out, ctx.unresolved


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
    direct = interval(raw)
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
