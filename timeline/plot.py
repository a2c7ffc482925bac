"""The alliance timeline chart: a pure layout core and a thin matplotlib edge.

Three layers, each usable on its own:

* :func:`layout` decides *where* everything goes -- lanes, the x-interval of
  each event, which labels are shown and on which stacked level, and which
  frequent events are only counted in a per-period strip -- using only the
  standard library, so it is cheap, deterministic and testable without a
  figure. Text widths are estimated from DejaVu Sans advance widths (the font
  the chart is rendered in), so the layout can promise that no two label boxes
  overlap before anything is drawn.
* :func:`draw` turns a :class:`Layout` into artists on a matplotlib ``Axes``.
* :func:`plot_events` builds a headless figure (no pyplot, no global backend
  switch), adds the title, subtitle, caption and legend and saves PNG, SVG or
  PDF deterministically.

Text from the data (titles, actor codes, series names) is drawn as typed:
:func:`clean_text` drops control characters and every ``Text`` is made with
mathtext off, so "$5_000^2" never turns into mathematics or an error.

Coordinates shared by the layout and the drawing: x is in days since
1970-01-01 (matplotlib's default date epoch; :func:`draw` corrects for another
epoch), y is in inches above the bottom of the axes, so a label box's height is
its real height on the page.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from timeline.records import EventRecord

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = [
    "DENSITY_THRESHOLD",
    "FORMATS",
    "KIND_GROUPS",
    "NO_EVENTS",
    "OKABE_ITO",
    "Box",
    "CountBin",
    "CountStrip",
    "DensityMode",
    "Drawn",
    "Label",
    "Lane",
    "LaneMode",
    "Layout",
    "LegendEntry",
    "Margins",
    "Period",
    "PlacedEvent",
    "SeriesPath",
    "abbreviate",
    "build_figure",
    "chart_style",
    "choose_period",
    "clean_text",
    "count_by_period",
    "day_number",
    "draw",
    "is_notable",
    "label_importance",
    "layout",
    "period_bounds",
    "plot_events",
    "text_width_in",
    "wrap_lane_name",
]

LaneMode = Literal["group", "kind", "actor", "series", "none"]
#: ``auto``: count strips for crowded lanes; ``always``: for every lane with a
#: frequent kind; ``never``: every event drawn on its own.
DensityMode = Literal["auto", "always", "never"]
Period = Literal["week", "month", "quarter", "year"]

#: A lane with more events than this is drawn as a count strip (density "auto").
DENSITY_THRESHOLD = 60

NO_EVENTS = "no events to plot; widen the filters"

#: Suffix -> matplotlib format name.
FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

# Metadata that would otherwise embed the run's date or vary between runs.
# PNG has no date by default; dropping "Software" keeps bytes stable across
# matplotlib patch releases too.
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}

#: Okabe & Ito's colour-blind-safe palette (yellow left out: unreadable on white).
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "vermillion": "#D55E00",
    "sky blue": "#56B4E9",
    "black": "#000000",
}

#: Default lanes: (lane name, kinds, colour). Order is the lane order, top first.
KIND_GROUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Consultations & meetings", ("meeting", "visit"), OKABE_ITO["blue"]),
    ("Summits & talks", ("summit", "talks"), OKABE_ITO["orange"]),
    (
        "Agreements & statements",
        ("agreement", "statement", "sanction", "other"),
        OKABE_ITO["bluish green"],
    ),
    ("Exercises", ("exercise",), OKABE_ITO["reddish purple"]),
    (
        "Missiles & nuclear",
        ("missile_launch", "nuclear_test", "satellite_launch"),
        OKABE_ITO["vermillion"],
    ),
)
_FALLBACK_GROUP = 2  # unknown kinds are filed with "other"
_GROUP_OF: dict[str, int] = {k: i for i, (_, kinds, _) in enumerate(KIND_GROUPS) for k in kinds}
_KIND_ORDER: tuple[str, ...] = tuple(k for _, kinds, _ in KIND_GROUPS for k in kinds)

_ACTOR_NAMES = {
    "US": "United States",
    "KR": "South Korea",
    "KP": "North Korea",
    "JP": "Japan",
    "CN": "China",
    "RU": "Russia",
}

_EPOCH = dt.date(1970, 1, 1)
_ONE_DAY = dt.timedelta(days=1)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# --- geometry, in inches -------------------------------------------------------
# Chosen by eye at the default 8 pt label font; vertical sizes that depend on
# the text scale with the font size.
_LABEL_LEAD = 0.04  # stem to first glyph
_LABEL_GAP = 0.08  # minimum free space after a label
_STEM = 0.14  # baseline to the bottom of level 0
_BELOW = 0.30  # baseline to the lane bottom: marker, ordinal number, hidden note
_TOP_PAD = 0.07
_MIN_LANE = 0.62  # room for a two-line lane name plus its hidden-label note
_MARK_HALF = 0.06  # half height of a span bar / radius of a marker
_TICK_FONT = 9.0
_NOTE_FONT = 7.0
_LEGEND_FONT = 8.0
_TITLE_H = 0.42
_SUBTITLE_H = 0.40
_TICK_AREA = 0.48  # date tick labels plus ConciseDateFormatter's offset line
_LEGEND_ROW = 0.22
_CAPTION_H = 0.30
_RIGHT = 0.35
_MIN_AXES_W = 2.0
_MAX_LABEL_FRACTION = 0.45  # a label may take at most this share of the axes width
_MAX_OVERHANG = 0.08  # share of the axes width the axis may extend past the data for labels
_MIN_LABEL_CHARS = 10
# Room kept free on the stem side of a flipped label: without it, a label
# ending at one event and another starting at the next read as one phrase
# split by two stems ("Visit | 1st NCG meeting").
_FLIP_CLEAR = 0.25
# Count strips. A bar narrower than _MIN_BIN_IN prints as a smear, not a bar,
# so the period grows (week, month, quarter, year) until bars are this wide.
_MIN_BIN_IN = 0.045
_STRIP_BOTTOM = 0.05  # lane bottom to the strip's zero line
_STRIP_H = 0.36  # height of the tallest bar
_STRIP_GAP = _MARK_HALF + 0.05  # strip top to the baseline of the notable markers
_ORDINAL_H = 0.12  # room for series numbers under the markers
_RIGHT_STRIP = 0.5  # right margin when strips need their count scale there
_SCALE_FONT = 6.5
# A kind is "frequent" in a lane, and so counted rather than drawn, when it
# has at least this many events and this share of the lane.
_MIN_FREQUENT = 8
_FREQUENT_SHARE = 0.2


# DejaVu Sans advance widths in em for ' ' .. '~' (read from the font file that
# ships with matplotlib). A table rather than a flat average because titles
# mix capitals, digits and narrow letters; an average under-estimates "NCG"
# and over-estimates "illicit".
_ASCII_EM = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361,
    0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337,
    0.337, 0.838, 0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775,
    0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611,
    0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635,
    0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
    0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337,
    0.636, 0.838,
)  # fmt: skip
# Frequent non-ASCII characters in news titles, from the same font.
_OTHER_EM = {"…": 1.0, "–": 0.5, "—": 1.0, "‘": 0.318, "’": 0.318, "“": 0.518, "”": 0.518}
_SAFETY = 1.04  # hinting and kerning can add a little at small sizes


def _glyph_em(ch: str) -> float:
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_EM[code - 32]
    if ch in _OTHER_EM:
        return _OTHER_EM[ch]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0  # CJK glyphs are square
    if unicodedata.combining(ch):
        return 0.0
    return 0.8  # accented Latin and the like: generous


# Character -> em, filled as characters are met. Layout measures every title
# several times while shortening it, so this lookup is the layout's hot loop;
# a dict hit is several times cheaper than the branches above.
_CHAR_EM: dict[str, float] = {chr(32 + i): em for i, em in enumerate(_ASCII_EM)}


def text_width_in(text: str, font_size: float) -> float:
    """Estimated width in inches of one line of *text* in DejaVu Sans."""
    try:
        em = sum(map(_CHAR_EM.__getitem__, text))
    except KeyError:
        for ch in text:
            if ch not in _CHAR_EM:
                _CHAR_EM[ch] = _glyph_em(ch)
        em = sum(map(_CHAR_EM.__getitem__, text))
    return em * font_size / 72.0 * _SAFETY


def _text_height_in(font_size: float) -> float:
    # Ascent + descent of DejaVu Sans is ~1.17 em; the rest is the label's
    # background padding, so stacked labels never touch.
    return font_size / 72.0 * 1.5


def _level_height_in(font_size: float) -> float:
    return _text_height_in(font_size) + 0.04


def day_number(day: dt.date) -> float:
    """*day* as days since 1970-01-01: the layout's x unit."""
    return float((day - _EPOCH).days)


def abbreviate(text: str, max_chars: int) -> str:
    """Collapse whitespace and shorten to *max_chars*, ending in "…" when cut.

    Cuts at a word boundary when one is near the end, so labels do not end in
    half a word.
    """
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    if max_chars <= 1:
        return "…"
    cut = flat[: max_chars - 1]
    space = cut.rfind(" ")
    if flat[max_chars - 1] != " " and space >= 0.6 * max_chars:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—(") + "…"


def clean_text(text: str) -> str:
    r"""*text* as one line that is safe to draw literally.

    Control characters become spaces and other invisible code points
    (bidirectional overrides, zero-width marks, unassigned ones) are dropped:
    the font has no glyph for them, so they would print as boxes or warnings,
    and a stray overriding mark could reorder what follows. Runs of whitespace
    collapse to one space. ``$``, ``_`` and ``^`` are kept: every ``Text`` the
    chart makes has mathtext turned off, so they print as typed.

    >>> clean_text("NCG\x00 meeting\u202e\n(planned)")
    'NCG meeting (planned)'
    """
    if not text.isprintable():
        kept = []
        for ch in text:
            category = unicodedata.category(ch)
            if category == "Cc":
                kept.append(" ")
            elif not category.startswith("C"):
                kept.append(ch)
        text = "".join(kept)
    return " ".join(text.split())


# "ICBM" and "nuclear" in a title mark the launches an analyst looks for first.
_NOTABLE_TITLE = re.compile(r"\b(?:ICBMs?|nuclear)\b", re.IGNORECASE)


def _high_tier(event: EventRecord) -> bool:
    return (
        event.series is not None
        or event.kind in ("summit", "nuclear_test")
        or _NOTABLE_TITLE.search(event.title) is not None
    )


def is_notable(event: EventRecord) -> bool:
    """True for events that stay marked and labelled inside a count strip.

    Those are planned events, series events (the numbered NCG meetings),
    summits, nuclear tests and events whose title mentions an ICBM or
    something nuclear.
    """
    return event.status == "planned" or _high_tier(event)


def label_importance(event: EventRecord) -> tuple[int, int, float]:
    """Sort key, larger = keep the label longer when space runs out.

    Planned events come first: they are what a reader of an alliance timeline
    looks for and there are few of them. Then the rest of the notable events
    (:func:`is_notable`: series events, summits, ICBM and nuclear tests), then
    meetings, then everything else; confidence breaks ties.
    """
    if _high_tier(event):
        tier = 2
    elif event.kind in ("meeting", "talks", "visit"):
        tier = 1
    else:
        tier = 0
    return (int(event.status == "planned"), tier, event.confidence)


# --- count strips: calendar periods ----------------------------------------------------

_PERIODS: tuple[tuple[Period, float], ...] = (
    ("week", 7.0),
    ("month", 30.44),
    ("quarter", 91.31),
    ("year", 365.25),
)


def period_bounds(day: dt.date, period: Period) -> tuple[dt.date, dt.date]:
    """The calendar *period* holding *day*, as (first day, day after the last).

    Weeks start on Monday (ISO 8601), quarters in January, April, July and
    October.

    >>> period_bounds(dt.date(2024, 8, 19), "quarter")
    (datetime.date(2024, 7, 1), datetime.date(2024, 10, 1))
    """
    if period == "week":
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=7)
    if period == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
    months = 1 if period == "month" else 3
    month0 = (day.month - 1) // months * months  # 0-based first month
    nxt = month0 + months
    return (
        dt.date(day.year, month0 + 1, 1),
        dt.date(day.year + nxt // 12, nxt % 12 + 1, 1),
    )


def choose_period(days_per_inch: float, min_bar_in: float = _MIN_BIN_IN) -> Period:
    """The finest period whose bars are at least *min_bar_in* wide.

    >>> choose_period(365.0)  # ten years on ten inches: months
    'month'
    """
    for period, days in _PERIODS:
        if days / days_per_inch >= min_bar_in:
            return period
    return "year"


def count_by_period(
    ranges: Iterable[tuple[dt.date, dt.date]], period: Period
) -> tuple[dict[dt.date, int], dict[dt.date, float]]:
    """Count inclusive date *ranges* per calendar *period*.

    Returns two maps from the first day of a period: the ranges that lie
    inside that one period (*exact* counts), and the *spread* share of the
    ranges that do not. A range longer than a period -- a launch known only
    to the quarter on a chart of months -- is split over the periods it
    overlaps in proportion to its days in each, so it is still counted but
    never shown as if its month were known.

    >>> exact, spread = count_by_period([(dt.date(2024, 1, 5), dt.date(2024, 1, 5)),
    ...                                  (dt.date(2024, 1, 1), dt.date(2024, 2, 29))], "month")
    >>> exact
    {datetime.date(2024, 1, 1): 1}
    >>> {first.month: round(share, 2) for first, share in spread.items()}
    {1: 0.52, 2: 0.48}
    """
    exact: dict[dt.date, int] = {}
    spread: dict[dt.date, float] = {}
    for start, end in ranges:
        first, after = period_bounds(start, period)
        if end < after:
            exact[first] = exact.get(first, 0) + 1
            continue
        days = (end - start).days + 1
        day, stop = start, end + _ONE_DAY
        while day < stop:
            first, after = period_bounds(day, period)
            share = (min(after, stop) - day).days / days
            spread[first] = spread.get(first, 0.0) + share
            day = after
    return exact, spread


# --- layout records ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle: x in days, y in inches."""

    x0: float
    x1: float
    y0: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """True when the interiors intersect (touching edges do not count)."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


@dataclass(frozen=True, slots=True)
class Lane:
    """A horizontal band of the chart."""

    key: str
    name: str
    index: int  # 0 = top lane
    baseline: float  # y of markers and bars
    y0: float  # bottom of the band
    y1: float  # top of the band
    levels: int  # label levels in use
    n_events: int
    hidden: int  # events drawn on their own whose label did not fit
    color: str | None  # lane colour, None when colours follow kind groups
    # Events shown only as part of the lane's count strip (not in Layout.events).
    aggregated: int = 0


@dataclass(frozen=True, slots=True)
class Label:
    """A placed label: text, its level in the lane and the box it occupies."""

    event_id: int
    text: str
    level: int
    x: float  # where the stem leaves the event: box.x0, or box.x1 when flipped
    box: Box
    # Near the right edge a label may end at its event instead of starting there.
    flipped: bool = False


@dataclass(frozen=True, slots=True)
class PlacedEvent:
    """An event with its position on the chart."""

    event: EventRecord
    lane: int
    x0: float
    x1: float  # equal to x0 for single-day events
    is_point: bool
    planned: bool
    color: str
    label: Label | None
    # A notable event that is also counted in its lane's strip.
    binned: bool = False


@dataclass(frozen=True, slots=True)
class SeriesPath:
    """Ordered members of a numbered series (e.g. the NCG meetings)."""

    series: str
    # (ordinal, x, y, event id), in ordinal order
    points: tuple[tuple[int, float, float, int], ...]


@dataclass(frozen=True, slots=True)
class CountBin:
    """One bar of a count strip: the events of one calendar period."""

    start: dt.date
    end: dt.date  # the day after the period
    x0: float
    x1: float
    count: int  # events known to lie in this period
    spread: float = 0.0  # shares of events whose dates span several periods

    @property
    def total(self) -> float:
        """Height of the bar in events."""
        return self.count + self.spread


@dataclass(frozen=True, slots=True)
class CountStrip:
    """Per-period counts of a lane's frequent kinds, drawn as bars under its markers.

    Every event of those kinds is counted: the notable ones, which are also
    drawn on their own above the strip, and the ones with vague dates, whose
    share is stacked lighter on top (:func:`count_by_period`). So a bar always
    stands for all the events of its period.
    """

    lane: int
    kinds: tuple[str, ...]
    period: Period
    bins: tuple[CountBin, ...]  # non-empty periods only, in date order
    max_count: int  # top of the scale: the tallest bar, rounded up
    y0: float  # zero line
    y1: float  # height of max_count
    color: str

    @property
    def total(self) -> float:
        """Events counted in the strip (a float: spread shares need not sum exactly)."""
        return sum(b.total for b in self.bins)

    @property
    def has_spread(self) -> bool:
        """True when some bar has a share of a vaguely dated event."""
        return any(b.spread for b in self.bins)

    def bar_top(self, count: float) -> float:
        """y of the top of a bar for *count* events: heights are linear in counts."""
        return self.y0 + (self.y1 - self.y0) * count / self.max_count

    @property
    def description(self) -> str:
        """What a bar counts, e.g. "missile launches per quarter"."""
        return _strip_description(self.kinds, self.period)


@dataclass(frozen=True, slots=True)
class Margins:
    """Space around the axes, in inches."""

    left: float
    right: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One legend item; *key* tells :func:`draw` which handle to make."""

    key: str  # point_occurred, point_planned, span_occurred, span_planned, series, group
    text: str
    color: str = "#444444"


@dataclass(frozen=True, slots=True)
class Layout:
    """Everything :func:`draw` needs, computed without matplotlib."""

    lanes: tuple[Lane, ...]
    events: tuple[PlacedEvent, ...]
    labels: tuple[Label, ...]
    series: tuple[SeriesPath, ...]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    width_in: float
    height_in: float
    margins: Margins
    days_per_inch: float
    font_size: float
    date_range: tuple[dt.date, dt.date]
    status_counts: tuple[tuple[str, int], ...]
    legend: tuple[LegendEntry, ...]
    legend_ncol: int
    lane_mode: str
    strips: tuple[CountStrip, ...] = ()

    @property
    def hidden(self) -> int:
        """Labels dropped for lack of room, over all lanes."""
        return sum(lane.hidden for lane in self.lanes)

    @property
    def aggregated(self) -> int:
        """Events shown only in count strips, over all lanes."""
        return sum(lane.aggregated for lane in self.lanes)

    @property
    def axes_rect(self) -> tuple[float, float, float, float]:
        """(left, bottom, width, height) of the axes as figure fractions."""
        m = self.margins
        return (
            m.left / self.width_in,
            m.bottom / self.height_in,
            (self.width_in - m.left - m.right) / self.width_in,
            (self.height_in - m.top - m.bottom) / self.height_in,
        )


# --- layout ----------------------------------------------------------------------------


def _pretty_kind(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


def _plural_kind(kind: str) -> str:
    words = kind.replace("_", " ").lower()
    if words == "other":
        return "other events"
    if words.endswith(("s", "sh", "ch", "x")):
        return words if words.endswith("talks") else words + "es"
    return words + "s"


def _join_words(words: Sequence[str]) -> str:
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _strip_description(kinds: Sequence[str], period: str) -> str:
    return f"{_join_words([_plural_kind(k) for k in kinds])} per {period}"


def _lane_key(event: EventRecord, mode: str) -> str:
    if mode == "group":
        return KIND_GROUPS[_GROUP_OF.get(event.kind, _FALLBACK_GROUP)][0]
    if mode == "kind":
        return event.kind
    if mode == "actor":
        return event.actors[0] if event.actors else ""
    if mode == "series":
        return event.series or ""
    return "all"


def _lane_order(keys: Iterable[str], mode: str) -> list[str]:
    present = set(keys)
    if mode == "group":
        return [name for name, _, _ in KIND_GROUPS if name in present]
    if mode == "kind":
        known = [k for k in _KIND_ORDER if k in present]
        return known + sorted(present - set(_KIND_ORDER))
    # Alphabetical keeps the order independent of input order; the catch-all
    # lane ("no actor", "other events") goes last.
    return sorted(present, key=lambda k: (k == "", k))


def _lane_name(key: str, mode: str) -> str:
    if mode == "kind":
        return _pretty_kind(key)
    # Actor codes and series names come from the data: drawn literally.
    if mode == "actor":
        return _ACTOR_NAMES.get(key, clean_text(key)) if key else "(no actor)"
    if mode == "series":
        return clean_text(key) if key else "Other events"
    if mode == "none":
        return "Events"
    return key


def _lane_color(key: str, mode: str) -> str | None:
    if mode == "group":
        return next(c for name, _, c in KIND_GROUPS if name == key)
    if mode == "kind":
        return KIND_GROUPS[_GROUP_OF.get(key, _FALLBACK_GROUP)][2]
    return None


def _event_color(event: EventRecord) -> str:
    return KIND_GROUPS[_GROUP_OF.get(event.kind, _FALLBACK_GROUP)][2]


def wrap_lane_name(name: str, width: int = 16) -> str:
    """Break a long lane name once, near its middle, to keep the margin narrow."""
    if len(name) <= width or " " not in name:
        return name
    mid = len(name) / 2
    spaces = [i for i, ch in enumerate(name) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - mid))
    return name[:cut] + "\n" + name[cut + 1 :]


def _label_text(
    event: EventRecord, max_chars: int, font_size: float, max_w_in: float, *, strict: bool = False
) -> str | None:
    """The event's label, shortened until it is at most *max_w_in* wide.

    Titles are not cut below :data:`_MIN_LABEL_CHARS`; past that the label is
    returned too wide, or ``None`` when *strict*.
    """
    title = clean_text(event.title) or _pretty_kind(event.kind)
    suffix = " (planned)" if event.status == "planned" else ""
    text = abbreviate(title, max_chars) + suffix
    if text_width_in(text, font_size) <= max_w_in:
        return text
    floor = min(_MIN_LABEL_CHARS, max_chars)
    if max_chars <= floor:
        return None if strict else text
    # The longest cut that fits, by bisection: width grows with the number of
    # characters kept, and 10,000 titles shortened one character at a time
    # made this the slowest part of the layout.
    best: str | None = None
    lo, hi = floor, max_chars - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        candidate = abbreviate(title, mid) + suffix
        if text_width_in(candidate, font_size) <= max_w_in:
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    if best is not None:
        return best
    return None if strict else abbreviate(title, floor) + suffix


class _LevelRow:
    """Disjoint x-intervals on one label level, kept sorted for bisection."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def is_free(self, x0: float, x1: float) -> bool:
        # The interval starting last before x1 is the only candidate for an
        # overlap: intervals are disjoint, so it also ends last among them.
        i = bisect.bisect_left(self.starts, x1)
        return i == 0 or self.ends[i - 1] <= x0

    def add(self, x0: float, x1: float) -> None:
        i = bisect.bisect_left(self.starts, x0)
        self.starts.insert(i, x0)
        self.ends.insert(i, x1)


def _place(
    order: Sequence[int],
    lane_idx: Sequence[int],
    starts: Sequence[float],
    widths_in: Sequence[float],
    days_per_inch: float,
    n_lanes: int,
    levels: int,
    frame: tuple[float, float],
    lo: float = -math.inf,
    hi: float = math.inf,
) -> dict[int, tuple[int, float, float]]:
    """Greedy level assignment: event index -> (level, x0, x1), for labels that fit.

    *order* is the priority order; each label goes on the lowest level of its
    lane where its box is free, or is hidden when no level is. A label runs
    right from its event, or is *flipped* to end at the event, whichever is
    free on the level and stays within *lo* .. *hi*.

    Right comes first unless the event is in the right half of *frame* and
    the lane is much emptier to its left (events per day between the event
    and the edge of the frame): then left does. So a cluster at the end of a long axis -- the alliance
    meetings of 2021-2025 on a chart from 1984 -- spreads its labels over
    the empty years before it instead of hiding most of them, while evenly
    spread events keep the usual left-to-right reading. A flipped label
    also reserves :data:`_FLIP_CLEAR` past its stem, which its box does
    not include.
    """
    rows = [[_LevelRow() for _ in range(levels)] for _ in range(n_lanes)]
    lane_xs: list[list[float]] = [[] for _ in range(n_lanes)]
    for i in order:
        lane_xs[lane_idx[i]].append(starts[i])
    for xs in lane_xs:
        xs.sort()
    f0, f1 = frame
    clear = _FLIP_CLEAR * days_per_inch
    placed: dict[int, tuple[int, float, float]] = {}
    for i in order:
        x = starts[i]
        w = widths_in[i] * days_per_inch
        right, left = x + w <= hi, x - w >= lo
        if not (right or left):
            continue
        xs = lane_xs[lane_idx[i]]
        n_before = bisect.bisect_left(xs, x)
        n_after = len(xs) - bisect.bisect_right(xs, x)
        # Densities compared by cross-multiplying: no division by a zero gap.
        left_first = x - f0 > f1 - x and 2 * n_before * max(f1 - x, 1.0) < n_after * max(
            x - f0, 1.0
        )
        # (box x0, box x1, reserved x1, allowed)
        sides = ((x - w, x, x + clear, left), (x, x + w, x + w, right))
        if not left_first:
            sides = sides[::-1]
        for level, row in enumerate(rows[lane_idx[i]]):
            side = next((b for b in sides if b[3] and row.is_free(b[0], b[2])), None)
            if side is not None:
                row.add(side[0], side[2])
                placed[i] = (level, side[0], side[1])
                break
    return placed


def _dense_lanes(
    items: Sequence[EventRecord],
    lane_idx: Sequence[int],
    n_lanes: int,
    widths_in: Sequence[float],
    axes_w: float,
    max_levels: int,
    density: DensityMode,
    threshold: int,
) -> dict[int, tuple[tuple[str, ...], list[int]]]:
    """Lanes to draw with a count strip: lane -> (counted kinds, their events).

    A lane is *crowded* when it has more than *threshold* events, or more
    than twice what its label levels could ever show (levels times the
    labels of median width that fit across the axes): past either, most
    labels would be hidden anyway and the markers merge into a ribbon.

    Under ``"auto"`` only crowded lanes get a strip, under ``"always"`` every
    lane. The strip counts the lane's frequent kinds (at least
    :data:`_MIN_FREQUENT` events and :data:`_FREQUENT_SHARE` of the lane),
    then, while the events of the other kinds would still crowd the lane, the
    next most common kinds too. (Notable events of counted kinds are drawn
    as well, but only if they get a label, which bounds their number.) A
    kind with fewer than :data:`_MIN_FREQUENT` events is never counted: a
    handful of satellite launches next to hundreds of missiles are worth
    seeing one by one.
    """
    if density == "never":
        return {}
    members: list[list[int]] = [[] for _ in range(n_lanes)]
    for i, li in enumerate(lane_idx):
        members[li].append(i)
    chosen: dict[int, tuple[tuple[str, ...], list[int]]] = {}
    for li, idx in enumerate(members):
        n = len(idx)
        median_w = sorted(widths_in[i] for i in idx)[n // 2]
        capacity = max(0, max_levels) * axes_w / median_w

        def crowded(count: int, capacity: float = capacity) -> bool:
            return count > threshold or count > 2 * capacity

        if density == "auto" and not crowded(n):
            continue
        per_kind = Counter(items[i].kind for i in idx)
        need = max(_MIN_FREQUENT, _FREQUENT_SHARE * n)
        ranked = sorted(per_kind, key=lambda k: (-per_kind[k], k))
        kinds = [k for k in ranked if per_kind[k] >= need]
        rest = n - sum(per_kind[k] for k in kinds)
        for k in ranked:
            if not crowded(rest) or per_kind[k] < _MIN_FREQUENT:
                break  # ranked by count: no later kind is frequent enough either
            if k not in kinds:
                kinds.append(k)
                rest -= per_kind[k]
        if kinds:
            chosen[li] = (tuple(kinds), [i for i in idx if items[i].kind in kinds])
    return chosen


def _legend_entries(
    shapes: set[tuple[bool, bool]],
    series: Sequence[str],
    groups: set[int],
    mode: str,
    strips: Sequence[tuple[str, str]] = (),
    *,
    spread: bool = False,
) -> list[LegendEntry]:
    """Legend items for what is on the chart.

    *shapes* holds (is_point, planned) of the events drawn on their own;
    *strips* (description, colour) of the count strips; *spread* tells
    whether some bar has a lighter share of vaguely dated events.
    """
    entries: list[LegendEntry] = []
    if (True, False) in shapes:
        entries.append(LegendEntry("point_occurred", "occurred (exact day)"))
    if (True, True) in shapes:
        entries.append(LegendEntry("point_planned", "planned (exact day)"))
    if (False, False) in shapes:
        entries.append(LegendEntry("span_occurred", "occurred, bar = range of possible dates"))
    if (False, True) in shapes:
        entries.append(LegendEntry("span_planned", "planned, bar = range of possible dates"))
    entries.extend(
        LegendEntry("series", f"{clean_text(name)} series, numbered in order") for name in series
    )
    seen: set[str] = set()
    for description, color in strips:
        if description not in seen:
            seen.add(description)
            entries.append(
                LegendEntry("strip", f"{description}: bar height = count (scale at right)", color)
            )
    if spread:
        entries.append(
            LegendEntry(
                "strip_spread",
                "paler top of a bar: events dated only roughly, shared over their range",
            )
        )
    if mode not in ("group", "kind"):
        # Lanes no longer say what the colours mean, so the legend must.
        entries.extend(
            LegendEntry("group", name, color)
            for i, (name, _, color) in enumerate(KIND_GROUPS)
            if i in groups
        )
    return entries


def _legend_columns(entries: Sequence[LegendEntry], avail_in: float) -> int:
    """Most columns whose widths fit in *avail_in*.

    Mirrors how matplotlib fills a legend: column-major, the first
    ``n % ncol`` columns one entry longer.
    """
    if not entries:
        return 1
    # marker + padding + text + column spacing, at the legend's font size
    widths = [0.35 + text_width_in(e.text, _LEGEND_FONT) + 0.2 for e in entries]
    n = len(widths)
    for ncol in range(n, 0, -1):
        rows, n_long = divmod(n, ncol)
        sizes = [rows + 1] * n_long + [rows] * (ncol - n_long)
        total, i = 0.0, 0
        for size in sizes:
            if size:
                total += max(widths[i : i + size])
            i += size
        if total <= avail_in:
            return ncol
    return 1


def _x_frame(lo_data: float, hi_data: float) -> tuple[float, float]:
    """(lo, extent) of the axis before labels widen it."""
    # At least four weeks, centred on the data, so a lone event still gets a
    # readable axis of days rather than hours.
    span = max(hi_data - lo_data, 28.0)
    pad = (span - (hi_data - lo_data)) / 2 + 0.025 * span
    return lo_data - pad, hi_data + pad - (lo_data - pad)


def layout(
    events: Iterable[EventRecord],
    *,
    lanes: LaneMode = "group",
    width_in: float = 12.0,
    height_in: float | None = None,
    max_levels: int = 4,
    max_label_chars: int = 40,
    font_size: float = 8.0,
    with_title: bool = True,
    density: DensityMode = "auto",
    density_threshold: int = DENSITY_THRESHOLD,
) -> Layout:
    """Place *events* on a chart *width_in* inches wide.

    Lanes follow *lanes*: ``"group"`` (kind groups, :data:`KIND_GROUPS`),
    ``"kind"``, ``"actor"`` (first actor), ``"series"`` or ``"none"``; empty
    lanes are left out. Single-day events are points; any other event is a bar
    from ``date_start`` to the end of ``date_end``, so its length shows how
    vaguely the date is known.

    Labels start at their event's x and are stacked greedily on up to
    *max_levels* levels above each lane's baseline, most important first
    (:func:`label_importance`); labels that fit nowhere are hidden and counted
    per lane. With *height_in* given, the number of levels is reduced until the
    lanes fit; otherwise the height follows from the levels used.

    Crowded lanes (*density*, see :func:`_dense_lanes` and
    *density_threshold*) show their frequent kinds as a :class:`CountStrip`
    of bars per week, month, quarter or year, whichever is the finest that
    stays legible; of those events only the notable ones (:func:`is_notable`)
    are still drawn and labelled on their own, the others are counted in
    :attr:`Lane.aggregated`.

    Raises ``ValueError`` when there are no events or a mode is unknown.

    >>> lay = layout([EventRecord(1, "summit", "Camp David summit", "2023-08-18",
    ...                           dt.date(2023, 8, 18), dt.date(2023, 8, 18), "day")])
    >>> [label.text for label in lay.labels], lay.lanes[0].name
    (['Camp David summit'], 'Summits & talks')
    """
    if lanes not in get_args(LaneMode):
        raise ValueError(f"unknown lane mode {lanes!r}; use one of {', '.join(get_args(LaneMode))}")
    if density not in get_args(DensityMode):
        raise ValueError(
            f"unknown density mode {density!r}; use one of {', '.join(get_args(DensityMode))}"
        )
    items = sorted(events, key=lambda e: (e.date_start, e.date_end, e.id))
    if not items:
        raise ValueError(NO_EVENTS)

    # Lanes.
    keys = [_lane_key(e, lanes) for e in items]
    order = _lane_order(keys, lanes)
    lane_of = {k: i for i, k in enumerate(order)}
    names = [_lane_name(k, lanes) for k in order]
    lane_idx = [lane_of[k] for k in keys]
    n_lanes = len(order)

    # Horizontal frame.
    name_w = max(
        max(text_width_in(line, _TICK_FONT) for line in wrap_lane_name(n).split("\n"))
        for n in names
    )
    note_w = text_width_in(f"+{len(items)} labels hidden", _NOTE_FONT)
    left = max(0.9, max(name_w, note_w) + 0.3)
    axes_w = width_in - left - _RIGHT
    if axes_w < _MIN_AXES_W:
        raise ValueError(
            f"width {width_in} in is too narrow for the chart; use at least "
            f"{left + _RIGHT + _MIN_AXES_W:.1f} in"
        )

    starts = [day_number(e.date_start) for e in items]
    ends = [day_number(max(e.date_end, e.date_start) + _ONE_DAY) for e in items]
    points = [e.date_end <= e.date_start for e in items]
    x_ends = [s if p else e for s, e, p in zip(starts, ends, points, strict=True)]
    lo_data, hi_data = min(starts), max(x_ends)
    lo, extent = _x_frame(lo_data, hi_data)

    max_w_in = _MAX_LABEL_FRACTION * axes_w
    texts = [_label_text(e, max_label_chars, font_size, max_w_in) or "" for e in items]
    widths_in = [text_width_in(t, font_size) + _LABEL_LEAD + _LABEL_GAP for t in texts]

    # Density: which lanes count their frequent kinds instead of drawing them.
    # The period is chosen for the narrower axes a strip's count scale leaves.
    period = choose_period(extent / max(_MIN_AXES_W, width_in - left - _RIGHT_STRIP))
    dense = _dense_lanes(
        items, lane_idx, n_lanes, widths_in, axes_w, max_levels, density, density_threshold
    )
    binned = {i for _, counted in dense.values() for i in counted}
    absorbed = {i for i in binned if not is_notable(items[i])}
    visible = [i for i in range(len(items)) if i not in absorbed]
    right = _RIGHT
    if dense:
        right = _RIGHT_STRIP
        axes_w = width_in - left - right
        if axes_w < _MIN_AXES_W:
            raise ValueError(
                f"width {width_in} in is too narrow for the chart; use at least "
                f"{left + right + _MIN_AXES_W:.1f} in"
            )
        # Bars cover whole periods, which may start before the first event.
        for i in binned:
            lo_data = min(lo_data, day_number(period_bounds(items[i].date_start, period)[0]))
            hi_data = max(hi_data, day_number(period_bounds(items[i].date_end, period)[1]))
        lo, extent = _x_frame(lo_data, hi_data)
    strip_color = {
        li: _lane_color(order[li], lanes)
        or KIND_GROUPS[_GROUP_OF.get(kinds[0], _FALLBACK_GROUP)][2]
        for li, (kinds, _) in dense.items()
    }
    strip_text = {li: _strip_description(kinds, period) for li, (kinds, _) in dense.items()}

    # The legend sets the bottom margin, which a fixed height needs to know.
    series_members: dict[str, list[int]] = defaultdict(list)
    for i in visible:
        e = items[i]
        if e.series is not None and e.ordinal is not None:
            series_members[e.series].append(i)
    series_names = sorted(series_members)
    legend = _legend_entries(
        {(points[i], items[i].status == "planned") for i in visible},
        series_names,
        {_GROUP_OF.get(e.kind, _FALLBACK_GROUP) for e in items},
        lanes,
        [(strip_text[li], strip_color[li]) for li in sorted(dense)],
        spread=any(
            items[i].date_end >= period_bounds(items[i].date_start, period)[1] for i in binned
        ),
    )
    ncol = _legend_columns(legend, axes_w + 2 * right - 0.2)
    legend_rows = math.ceil(len(legend) / ncol) if legend else 0
    bottom = _TICK_AREA + legend_rows * _LEGEND_ROW + _CAPTION_H

    # Vertical frame: how many levels may a lane use? A strip lane keeps its
    # bars, and the series numbers under its markers, below the baseline.
    series_lanes = {lane_idx[i] for members in series_members.values() for i in members}
    below = [
        _STRIP_BOTTOM + _STRIP_H + _STRIP_GAP + (_ORDINAL_H if li in series_lanes else 0.0)
        if li in dense
        else _BELOW
        for li in range(n_lanes)
    ]
    level_h = _level_height_in(font_size)
    text_h = _text_height_in(font_size)
    top = _SUBTITLE_H + (_TITLE_H if with_title else 0.0)
    levels_cap = max(0, max_levels)
    if height_in is not None:
        avail = height_in - top - bottom - sum(b + _STEM + _TOP_PAD for b in below)
        levels_cap = min(levels_cap, max(0, math.floor(avail / n_lanes / level_h)))

    # Labels, most important first, each on the lowest free level of its lane.
    # A label starts at its event, so the axis is widened to let the labels
    # of the last events end inside it. Widths are fixed in inches but the
    # extent is in days: widening the axis makes labels longer in days, which
    # changes what fits, so a few rounds settle it. The axis may not grow past
    # the data by more than _MAX_OVERHANG of its width; labels that would
    # still overflow are flipped to end at their event, shortened, or hidden.
    by_importance = sorted(
        visible,
        key=lambda i: (tuple(-v for v in label_importance(items[i])), starts[i], items[i].id),
    )
    fractions = [min(w / axes_w, 0.9) for w in widths_in]
    max_extent = extent / (1.0 - _MAX_OVERHANG)
    for _ in range(3):
        trial = _place(
            by_importance,
            lane_idx,
            starts,
            widths_in,
            extent / axes_w,
            n_lanes,
            levels_cap,
            (lo, lo + extent),
            lo,
        )
        # Only labels running right can need a wider axis; flipped ones end
        # at their event.
        need = max(
            (
                (starts[i] - lo) / (1.0 - fractions[i])
                for i, (_, x0, _) in trial.items()
                if x0 == starts[i]
            ),
            default=0.0,
        )
        need = min(need, max_extent)
        if need <= extent:
            break
        extent = need
    days_per_inch = extent / axes_w
    hi = lo + extent
    for i in visible:
        x = starts[i]
        room = max(hi - x, x - lo) / days_per_inch - _LABEL_LEAD - _LABEL_GAP
        if widths_in[i] - _LABEL_LEAD - _LABEL_GAP > room:
            fitted = _label_text(items[i], max_label_chars, font_size, room, strict=True)
            texts[i] = fitted or ""
            widths_in[i] = (
                text_width_in(fitted, font_size) + _LABEL_LEAD + _LABEL_GAP
                if fitted
                else math.inf  # never placed
            )
    placed_level = _place(
        by_importance,
        lane_idx,
        starts,
        widths_in,
        days_per_inch,
        n_lanes,
        levels_cap,
        (lo, hi),
        lo,
        hi,
    )
    # In a strip lane, a notable event that got no label would be one more
    # bare marker in a ribbon of them; it is already in its bar, so it stays
    # there. Series members are kept: their number is their label.
    unlabelled = {
        i
        for i in binned - absorbed
        if i not in placed_level and (items[i].series is None or items[i].ordinal is None)
    }
    if unlabelled:
        absorbed |= unlabelled
        visible = [i for i in visible if i not in unlabelled]

    # Lane bands, top lane first.
    levels_used = [0] * n_lanes
    for i, (level, _, _) in placed_level.items():
        li = lane_idx[i]
        levels_used[li] = max(levels_used[li], level + 1)
    heights = [
        max(_MIN_LANE, below[li] + (_STEM + n * level_h if n else 0.1) + _TOP_PAD)
        for li, n in enumerate(levels_used)
    ]
    n_per_lane = Counter(lane_idx)
    n_drawn = Counter(lane_idx[i] for i in visible)
    n_labelled = Counter(lane_idx[i] for i in placed_level)
    n_absorbed = Counter(lane_idx[i] for i in absorbed)

    natural = sum(heights)
    if height_in is None:
        plot_h = natural
        fig_h = top + plot_h + bottom
    else:
        fig_h = height_in
        plot_h = max(0.5, fig_h - top - bottom)
        if plot_h > natural:
            # Spare room goes to every lane alike, on top, so baselines stay
            # close to their labels.
            heights = [h + (plot_h - natural) / n_lanes for h in heights]
    y_top = max(plot_h, sum(heights))

    lane_recs: list[Lane] = []
    y = y_top
    for li, key in enumerate(order):
        y0 = y - heights[li]
        lane_recs.append(
            Lane(
                key=key,
                name=names[li],
                index=li,
                baseline=y0 + below[li],
                y0=y0,
                y1=y,
                levels=levels_used[li],
                n_events=n_per_lane[li],
                hidden=n_drawn[li] - n_labelled[li],
                color=_lane_color(key, lanes),
                aggregated=n_absorbed[li],
            )
        )
        y = y0

    placed: list[PlacedEvent] = []
    labels: list[Label] = []
    for i in visible:
        e = items[i]
        li = lane_idx[i]
        label: Label | None = None
        if i in placed_level:
            # The very numbers the level rows were checked with, so the
            # boxes are disjoint exactly, not up to rounding.
            level, x0, x1 = placed_level[i]
            ly0 = lane_recs[li].baseline + _STEM + level * level_h
            box = Box(x0, x1, ly0, ly0 + text_h)
            label = Label(e.id, texts[i], level, starts[i], box, x0 != starts[i])
            labels.append(label)
        placed.append(
            PlacedEvent(
                event=e,
                lane=li,
                x0=starts[i],
                x1=x_ends[i],
                is_point=points[i],
                planned=e.status == "planned",
                color=_event_color(e),
                label=label,
                binned=i in binned,
            )
        )

    strips: list[CountStrip] = []
    for li in sorted(dense):
        kinds, counted = dense[li]
        exact, spread = count_by_period(
            ((items[i].date_start, max(items[i].date_end, items[i].date_start)) for i in counted),
            period,
        )
        bins = []
        for first in sorted(exact.keys() | spread.keys()):
            _, after = period_bounds(first, period)
            bins.append(
                CountBin(
                    first,
                    after,
                    day_number(first),
                    day_number(after),
                    exact.get(first, 0),
                    spread.get(first, 0.0),
                )
            )
        y0 = lane_recs[li].y0 + _STRIP_BOTTOM
        strips.append(
            CountStrip(
                lane=li,
                kinds=kinds,
                period=period,
                bins=tuple(bins),
                # 1e-9: shares that sum to 3.0000000001 are a bar of 3
                max_count=max(1, math.ceil(max(b.total for b in bins) - 1e-9)),
                y0=y0,
                y1=y0 + _STRIP_H,
                color=strip_color[li],
            )
        )

    series: list[SeriesPath] = []
    for name in series_names:
        members = sorted(series_members[name], key=lambda i: (items[i].ordinal, starts[i]))
        pts = tuple(
            (
                int(items[i].ordinal or 0),
                (starts[i] + x_ends[i]) / 2,  # a bar's middle: its best single date
                lane_recs[lane_idx[i]].baseline,
                items[i].id,
            )
            for i in members
        )
        series.append(SeriesPath(name, pts))

    status_counts = Counter(e.status for e in items)
    return Layout(
        lanes=tuple(lane_recs),
        events=tuple(placed),
        labels=tuple(labels),
        series=tuple(series),
        xlim=(lo, hi),
        ylim=(0.0, y_top),
        width_in=width_in,
        height_in=fig_h,
        margins=Margins(left=left, right=right, top=top, bottom=bottom),
        days_per_inch=days_per_inch,
        font_size=font_size,
        date_range=(min(e.date_start for e in items), max(e.date_end for e in items)),
        status_counts=tuple(sorted(status_counts.items())),
        legend=tuple(legend),
        legend_ncol=ncol,
        lane_mode=lanes,
        strips=tuple(strips),
    )


# --- drawing ---------------------------------------------------------------------------


@dataclass
class Drawn:
    """What :func:`draw` put on the axes."""

    points: int = 0
    spans: int = 0
    labels: int = 0
    hidden: int = 0
    series_lines: int = 0
    ordinals: int = 0
    strips: int = 0
    bins: int = 0
    today: bool = False
    texts: list[Text] = field(default_factory=list)  # the event labels
    artists: list[Artist] = field(default_factory=list)  # everything else


_BANDS = ("#ffffff", "#f3f3f3")
_INK = "#222222"
_MUTED = "#666666"


def draw(ax: Axes, lay: Layout, *, today: dt.date | None = None) -> Drawn:
    """Draw *lay* on *ax*; returns counts and the artists made.

    Markers and bars are batched into one collection per colour and status,
    so thousands of events cost a handful of artists; only placed labels
    become ``Text`` objects.
    """
    import matplotlib.dates as mdates
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    out = Drawn()
    fig = ax.get_figure()
    assert fig is not None
    # 0.0 unless the date epoch was changed; matplotlib.dates is not annotated.
    shift = float(mdates.date2num(_EPOCH))  # type: ignore[no-untyped-call]
    fs = lay.font_size

    def X(x: float) -> float:
        return x + shift

    ax.set_xlim(X(lay.xlim[0]), X(lay.xlim[1]))
    ax.set_ylim(*lay.ylim)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)
    ax.tick_params(axis="x", labelsize=_TICK_FONT - 0.5, colors=_MUTED)
    ax.tick_params(axis="y", length=0, labelsize=_TICK_FONT)
    ax.xaxis.get_offset_text().set_fontsize(_TICK_FONT - 0.5)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#999999")

    # Lane bands, names and hidden-label notes.
    note_tf = blended_transform_factory(ax.transAxes, ax.transData)
    ax.set_yticks([lane.baseline for lane in lay.lanes])
    # Lane names can come from the data (actors, series): no mathtext.
    ax.set_yticklabels([wrap_lane_name(lane.name) for lane in lay.lanes], parse_math=False)
    for tick, lane in zip(ax.get_yticklabels(), lay.lanes, strict=True):
        tick.set_color(lane.color or _INK)
        tick.set_fontweight("bold")
    for lane in lay.lanes:
        out.artists.append(
            ax.axhspan(lane.y0, lane.y1, color=_BANDS[lane.index % 2], zorder=0, linewidth=0)
        )
        if lane.hidden:
            lines = wrap_lane_name(lane.name).count("\n") + 1
            out.artists.append(
                ax.text(
                    -0.1 / (lay.width_in - lay.margins.left - lay.margins.right),
                    lane.baseline - lines * _TICK_FONT / 72 * 0.62 - 0.04,
                    f"+{lane.hidden} label{'s' if lane.hidden != 1 else ''} hidden",
                    transform=note_tf,
                    ha="right",
                    va="top",
                    fontsize=_NOTE_FONT,
                    style="italic",
                    color=_MUTED,
                    parse_math=False,
                    clip_on=False,
                )
            )
            out.hidden += lane.hidden

    # Count strips: one bar per non-empty period, a zero line so that empty
    # periods read as zero, and a scale in the right margin.
    axes_w_in = lay.width_in - lay.margins.left - lay.margins.right
    scale_tf = blended_transform_factory(ax.transAxes, ax.transData)
    scale_x = 1.0 + 0.07 / axes_w_in
    tick_w = 0.04 / axes_w_in
    for strip in lay.strips:
        out.artists.append(
            ax.hlines(
                strip.y0,
                X(lay.xlim[0]),
                X(lay.xlim[1]),
                colors="#b0b0b0",
                linewidths=0.6,
                zorder=2,
            )
        )
        # Exact counts solid, shares of vaguely dated events paler on top.
        exact_verts, spread_verts = [], []
        for cb in strip.bins:
            left_x, right_x = X(cb.x0), X(cb.x1)
            mid, top = strip.bar_top(cb.count), strip.bar_top(cb.total)
            if cb.count:
                exact_verts.append(
                    [(left_x, strip.y0), (left_x, mid), (right_x, mid), (right_x, strip.y0)]
                )
            if cb.spread:
                spread_verts.append([(left_x, mid), (left_x, top), (right_x, top), (right_x, mid)])
        # A hairline of the band colour keeps neighbouring bars apart.
        band = _BANDS[strip.lane % 2]
        for verts, alpha in ((exact_verts, 0.8), (spread_verts, 0.3)):
            if not verts:
                continue
            bar_coll = PolyCollection(
                verts,
                facecolors=[to_rgba(strip.color, alpha)],
                edgecolors=[band],
                linewidths=0.25,
                zorder=3,
            )
            ax.add_collection(bar_coll)
            out.artists.append(bar_coll)
        out.strips += 1
        out.bins += len(strip.bins)
        (scale,) = ax.plot(
            [scale_x + tick_w, scale_x, scale_x, scale_x + tick_w],
            [strip.y0, strip.y0, strip.y1, strip.y1],
            color=_MUTED,
            linewidth=0.7,
            transform=scale_tf,
            clip_on=False,
        )
        out.artists.append(scale)
        for y, value in ((strip.y0, 0), (strip.y1, strip.max_count)):
            out.artists.append(
                ax.text(
                    scale_x + 1.5 * tick_w,
                    y,
                    str(value),
                    transform=scale_tf,
                    ha="left",
                    va="center",
                    fontsize=_SCALE_FONT,
                    color=_MUTED,
                    parse_math=False,
                    clip_on=False,
                )
            )

    # Markers (single days) and bars (vague dates), batched.
    points: dict[tuple[str, bool], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    bars: dict[tuple[str, bool], list[list[tuple[float, float]]]] = defaultdict(list)
    min_bar = 0.05 * lay.days_per_inch  # a week over ten years would vanish otherwise
    for p in lay.events:
        y = lay.lanes[p.lane].baseline
        if p.is_point:
            xs, ys = points[(p.color, p.planned)]
            xs.append(X(p.x0))
            ys.append(y)
        else:
            a, b = X(p.x0), X(p.x1)
            if b - a < min_bar:
                mid = (a + b) / 2
                a, b = mid - min_bar / 2, mid + min_bar / 2
            h = _MARK_HALF
            bars[(p.color, p.planned)].append([(a, y - h), (a, y + h), (b, y + h), (b, y - h)])
    for (color, planned), verts in sorted(bars.items()):
        coll = PolyCollection(
            verts,
            facecolors=[to_rgba(color, 0.12 if planned else 0.5)],
            edgecolors=[color],
            linewidths=0.9,
            linestyles="--" if planned else "-",
            hatch="////" if planned else None,
            zorder=3,
        )
        ax.add_collection(coll)
        out.artists.append(coll)
        out.spans += len(verts)
    marker_area = (2 * _MARK_HALF * 72) ** 2  # points^2, same height as a bar
    for (color, planned), (xs, ys) in sorted(points.items()):
        out.artists.append(
            ax.scatter(
                xs,
                ys,
                s=marker_area,
                marker="o",
                facecolors="white" if planned else color,
                edgecolors=color,
                linewidths=1.4 if planned else 0.6,
                zorder=5,
            )
        )
        out.points += len(xs)

    # Series: a thin line through the members, each numbered below its mark.
    num_fs = max(5.5, fs - 1.5)
    for path in lay.series:
        xs = [X(x) for _, x, _, _ in path.points]
        ys = [y for _, _, y, _ in path.points]
        if len(path.points) >= 2:
            (line,) = ax.plot(
                xs, ys, color="#555555", linewidth=0.8, zorder=4, solid_capstyle="round"
            )
            out.artists.append(line)
            out.series_lines += 1
        last_end: dict[float, float] = {}
        num_w_days = text_width_in("00", num_fs) * lay.days_per_inch
        for (ordinal, _, y, _), x in zip(path.points, xs, strict=True):
            if x - last_end.get(y, -math.inf) < num_w_days:
                continue  # would collide with the previous number
            last_end[y] = x
            out.artists.append(
                ax.text(
                    x,
                    y - _MARK_HALF - 0.03,
                    str(ordinal),
                    ha="center",
                    va="top",
                    fontsize=num_fs,
                    color="#333333",
                    zorder=6,
                    parse_math=False,
                )
            )
            out.ordinals += 1

    # Labels with stems. The label's background matches its band so stems of
    # higher labels pass *behind* lower ones instead of striking through text.
    stems: list[list[tuple[float, float]]] = []
    stem_colors: list[tuple[float, float, float, float]] = []
    lead = _LABEL_LEAD * lay.days_per_inch
    text_h = _text_height_in(fs)
    for p in lay.events:
        if p.label is None:
            continue
        lab = p.label
        lane = lay.lanes[p.lane]
        yc = lab.box.y0 + text_h / 2
        stems.append([(X(lab.x), lane.baseline + _MARK_HALF), (X(lab.x), yc)])
        stem_colors.append(to_rgba(p.color, 0.7))
        t = ax.text(
            X(lab.x) - lead if lab.flipped else X(lab.x) + lead,
            yc,
            lab.text,
            ha="right" if lab.flipped else "left",
            va="center",
            fontsize=fs,
            color=_INK,
            zorder=7,
            parse_math=False,
            clip_on=False,
            bbox={
                "boxstyle": "square,pad=0.12",
                "facecolor": _BANDS[lane.index % 2],
                "edgecolor": "none",
            },
        )
        out.texts.append(t)
    if stems:
        stem_lines = LineCollection(stems, colors=stem_colors, linewidths=0.7, zorder=2)
        ax.add_collection(stem_lines)
        out.artists.append(stem_lines)
    out.labels = len(out.texts)

    if today is not None:
        xt = day_number(today)
        if lay.xlim[0] <= xt <= lay.xlim[1]:
            out.artists.append(
                ax.axvline(X(xt), color="#444444", linewidth=0.9, linestyle=(0, (2, 2)), zorder=1)
            )
            out.artists.append(
                ax.text(
                    X(xt),
                    lay.ylim[1],
                    " today",
                    ha="left",
                    va="bottom",
                    fontsize=_NOTE_FONT,
                    color="#444444",
                    parse_math=False,
                    clip_on=False,
                )
            )
            out.today = True

    # Legend under the date axis, anchored in inches so it clears the ticks.
    handles: list[Artist] = []
    for entry in lay.legend:
        c = entry.color
        if entry.key == "point_occurred":
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="none",
                    markersize=7,
                    markerfacecolor=c,
                    markeredgecolor=c,
                )
            )
        elif entry.key == "point_planned":
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="none",
                    markersize=7,
                    markerfacecolor="white",
                    markeredgecolor=c,
                    markeredgewidth=1.4,
                )
            )
        elif entry.key == "span_occurred":
            handles.append(Patch(facecolor=to_rgba(c, 0.5), edgecolor=c, linewidth=0.9))
        elif entry.key == "span_planned":
            handles.append(
                Patch(
                    facecolor=to_rgba(c, 0.12),
                    edgecolor=c,
                    linewidth=0.9,
                    linestyle="--",
                    hatch="////",
                )
            )
        elif entry.key == "strip":
            handles.append(Patch(facecolor=to_rgba(c, 0.8), edgecolor="none"))
        elif entry.key == "strip_spread":
            handles.append(Patch(facecolor=to_rgba(c, 0.3), edgecolor="none"))
        elif entry.key == "series":
            handles.append(
                Line2D(
                    [],
                    [],
                    color="#555555",
                    linewidth=0.8,
                    marker="o",
                    markersize=4,
                    markerfacecolor=c,
                    markeredgecolor=c,
                )
            )
        else:
            handles.append(Patch(facecolor=c, edgecolor=c))
    if handles:
        anchor = ax.transAxes + ScaledTranslation(0, -_TICK_AREA, fig.dpi_scale_trans)
        legend = ax.legend(
            handles,
            [e.text for e in lay.legend],
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            bbox_transform=anchor,
            ncol=lay.legend_ncol,
            fontsize=_LEGEND_FONT,
            frameon=False,
            handlelength=2.0,
            columnspacing=1.5,
            borderaxespad=0.0,
            borderpad=0.2,
        )
        for text in legend.get_texts():
            text.set_parse_math(False)  # series names come from the data
        out.artists.append(legend)
    return out


# --- figure --------------------------------------------------------------------------


@contextmanager
def chart_style() -> Iterator[None]:
    """Matplotlib settings the chart is laid out for; wrap building *and* saving."""
    import matplotlib as mpl

    # A fixed style so the output does not depend on the user's matplotlibrc
    # and the layout's DejaVu Sans width table holds. (Written inline: the
    # stubs type rc keys as literals.)
    with mpl.rc_context(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9.0,
            "text.usetex": False,
            "svg.hashsalt": "timeline-plot",  # stable element ids in SVG
            "svg.fonttype": "path",
            "pdf.fonttype": 42,
            "hatch.linewidth": 0.6,
        }
    ):
        yield


def _fmt_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _subtitle(lay: Layout) -> str:
    first, last = lay.date_range
    span = _fmt_date(first) if first == last else f"{_fmt_date(first)} – {_fmt_date(last)}"
    total = sum(n for _, n in lay.status_counts)
    by_status = ", ".join(f"{n} {status}" for status, n in lay.status_counts)
    return f"{span}  ·  {_plural(total, 'event')}: {by_status}"


def _caption(
    events: Sequence[EventRecord],
    n_articles: int | None,
    generated: dt.date | None,
    source: str | None = None,
) -> str:
    if n_articles is None:
        articles = {s.article for e in events for s in e.sources if s.article}
        n_articles = len(articles) if articles else None
    text = _plural(len(events), "event")
    if n_articles is not None:
        text += f" from {_plural(n_articles, 'article')}"
    if generated is not None:
        text += f", generated {generated.isoformat()}"
    if source:
        text += f"  ·  source: {clean_text(source)}"
    return text


def build_figure(
    events: Iterable[EventRecord],
    *,
    title: str | None = None,
    lanes: LaneMode = "group",
    width: float = 12.0,
    height: float | None = None,
    dpi: float = 150,
    today: dt.date | None = None,
    generated: dt.date | None = None,
    n_articles: int | None = None,
    density: DensityMode = "auto",
    density_threshold: int = DENSITY_THRESHOLD,
    source: str | None = None,
) -> tuple[Figure, Layout, Drawn]:
    """Lay out and draw the whole chart on a new headless ``Figure``.

    Call inside :func:`chart_style` and save inside it too.
    """
    from matplotlib.figure import Figure

    items = list(events)
    lay = layout(
        items,
        lanes=lanes,
        width_in=width,
        height_in=height,
        with_title=title is not None,
        density=density,
        density_threshold=density_threshold,
    )
    # A bare Figure needs no pyplot and no global backend: savefig picks the
    # right canvas (Agg, SVG, PDF) for the format.
    fig = Figure(figsize=(lay.width_in, lay.height_in), dpi=dpi, facecolor="white")
    ax = fig.add_axes(lay.axes_rect)
    drawn = draw(ax, lay, today=today)

    h = lay.height_in
    x_text = 0.15 / lay.width_in
    y = 1 - 0.12 / h
    if title is not None:
        fig.text(
            x_text,
            y,
            clean_text(title),
            ha="left",
            va="top",
            fontsize=13,
            fontweight="bold",
            color=_INK,
            parse_math=False,
        )
        y -= _TITLE_H / h
    fig.text(
        x_text, y, _subtitle(lay), ha="left", va="top", fontsize=9, color=_MUTED, parse_math=False
    )
    fig.text(
        x_text,
        0.1 / h,
        _caption(items, n_articles, generated, source),
        ha="left",
        va="bottom",
        fontsize=7.5,
        color=_MUTED,
        parse_math=False,
    )
    return fig, lay, drawn


def plot_events(
    events: Iterable[EventRecord],
    path: str | Path,
    *,
    title: str | None = None,
    lanes: LaneMode = "group",
    width: float = 12.0,
    height: float | None = None,
    dpi: float = 150,
    today: dt.date | None = None,
    generated: dt.date | None = None,
    n_articles: int | None = None,
    density: DensityMode = "auto",
    density_threshold: int = DENSITY_THRESHOLD,
    source: str | None = None,
) -> Path:
    """Render *events* to *path* (``.png``, ``.svg`` or ``.pdf``) and return it.

    *height* defaults to what the lanes and label levels need. *generated* is
    the date printed in the caption; it is left out when ``None`` so that the
    same events always give the same bytes. *density* and *density_threshold*
    decide which lanes show their frequent kinds as per-period counts (see
    :func:`layout`); *source*, when given, is credited in the caption. Raises ``ValueError`` for an unsupported suffix, an
    unknown mode or when there are no events, and ``OSError`` when the file
    cannot be written (missing directories are not created).
    """
    out = Path(path)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"cannot save a chart as {out.suffix or '(no suffix)'!r}; "
            f"use one of {', '.join(FORMATS)}"
        )
    items = list(events)
    if not items:
        raise ValueError(NO_EVENTS)
    with chart_style():
        fig, _, _ = build_figure(
            items,
            title=title,
            lanes=lanes,
            width=width,
            height=height,
            dpi=dpi,
            today=today,
            generated=generated,
            n_articles=n_articles,
            density=density,
            density_threshold=density_threshold,
            source=source,
        )
        fig.savefig(out, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white")
    return out
