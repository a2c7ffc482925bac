"""Reading, writing and scoring TimeML documents (TimeBank, AQUAINT, TempEval-3).

A TimeML file is XML whose ``<TEXT>`` element holds the document with inline
``<TIMEX3>``, ``<EVENT>`` and ``<SIGNAL>`` tags. :func:`parse_timeml` turns it
into a :class:`TimeMLDoc` whose ``text`` is the TEXT content with every tag
removed and *nothing else changed*: entity references such as ``&amp;`` stay
as they are in the file and line endings are not normalised, so an offset into
``text`` maps back into the file by adding the offsets of the tags before it.
That is what lets :func:`write_timeml` re-insert TIMEX3 tags and give back a
file whose TEXT, once stripped of tags, is byte-identical to ``doc.text``.

The scoring half implements the TempEval-3 Task A measures for temporal
expressions: strict (identical span) and relaxed (overlapping span) precision,
recall and F1, and, over relaxed matches, type and value accuracy. The project
reports *value F1* = relaxed F1 x value accuracy.

Only the standard library is used here, so this module can be imported by
scripts and tests without pulling in the tagger's dependencies (apart from the
:class:`~timeline.dates.Timex` record itself).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Re-exported: gold and predicted timexes are the tagger's own records.
from timeline.dates import Timex, TimexType

__all__ = [
    "TIMEX_TYPES",
    "Alignment",
    "Counts",
    "Scores",
    "TimeMLDoc",
    "TimeMLError",
    "Timex",
    "align",
    "parse_timeml",
    "plain_timeml",
    "read_timeml",
    "score",
    "strip_tags",
    "timexes_json",
    "value_shape",
    "write_timeml",
]

#: The four TIMEX3 types, in the order tables list them.
TIMEX_TYPES: tuple[TimexType, ...] = ("DATE", "TIME", "DURATION", "SET")


class TimeMLError(ValueError):
    """A TimeML file that cannot be read (malformed XML, no ``<TEXT>``) or written."""


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """One TimeML document.

    ``text_start``/``text_end`` delimit the TEXT element's content in ``raw``;
    :func:`write_timeml` replaces exactly that slice and keeps the rest.
    """

    raw: str
    text: str
    dct: dt.date | None
    gold: list[Timex]
    source: str | None = None
    text_start: int = 0
    text_end: int = 0
    dct_value: str | None = None
    #: TIMEX3 ids used outside TEXT (the DCT's ``t0`` in TBAQ); new tids avoid them.
    reserved_tids: frozenset[str] = field(default_factory=frozenset)

    @property
    def name(self) -> str:
        """The file name for messages, or ``"<string>"`` when parsed from text."""
        return Path(self.source).name if self.source else "<string>"


# ---------------------------------------------------------------------------
# Reading

_NAME = r"[A-Za-z_:][-\w.:]*"
# A start, end or empty-element tag. Attribute values may legally contain '>'
# so they are matched as quoted strings rather than with [^>]*.
_TAG_RE = re.compile(
    rf"<(?P<close>/)?(?P<name>{_NAME})"
    rf"(?P<attrs>(?:\s+{_NAME}\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(?P<empty>/)?>"
)
_ATTR_RE = re.compile(rf"({_NAME})\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_PI_RE = re.compile(r"<\?.*?\?>", re.S)
_TEXT_OPEN_RE = re.compile(rf"<TEXT(?:\s+{_NAME}\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/?)>")
_TEXT_CLOSE_RE = re.compile(r"</TEXT\s*>")
_DCT_RE = re.compile(r"<DCT\b[^>]*>(.*?)</DCT\s*>", re.S)
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z_][-\w.]*);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape_attr(value: str) -> str:
    """Resolve the entity and character references XML allows in attribute values."""

    def repl(m: re.Match[str]) -> str:
        ref = m.group(0)[1:-1]
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _PREDEFINED.get(ref, m.group(0))

    return _ENTITY_RE.sub(repl, value)


def _escape_attr(value: str) -> str:
    """Escape a string for a double-quoted XML attribute value."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _attrs(attr_text: str) -> dict[str, str]:
    return {
        m.group(1): _unescape_attr(m.group(2) or m.group(3) or "")
        for m in _ATTR_RE.finditer(attr_text)
    }


def _parse_dct(value: str | None) -> dt.date | None:
    """The calendar day of a DCT value such as ``1998-01-08`` or ``1998-08-07T06:18``."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _find_dct(outside: str) -> tuple[str | None, set[str]]:
    """The DCT value and the tids of the TIMEX3 elements in ``outside`` (raw minus TEXT).

    The DCT is the TIMEX3 in ``<DCT>`` (TimeBank/AQUAINT, TempEval-3); failing
    that, any TIMEX3 marked ``functionInDocument="CREATION_TIME"`` (older
    TimeBank releases keep it in other header elements).
    """
    tids: set[str] = set()
    creation: str | None = None
    in_dct: str | None = None
    dct_match = _DCT_RE.search(outside)
    for m in _TAG_RE.finditer(outside):
        if m.group("close") or m.group("name") != "TIMEX3":
            continue
        attrs = _attrs(m.group("attrs"))
        if "tid" in attrs:
            tids.add(attrs["tid"])
        value = attrs.get("value")
        if dct_match and dct_match.start(1) <= m.start() < dct_match.end(1) and in_dct is None:
            in_dct = value
        elif attrs.get("functionInDocument") == "CREATION_TIME" and creation is None:
            creation = value
    return (in_dct if in_dct is not None else creation), tids


def strip_tags(content: str, *, source: str | None = None) -> tuple[str, list[Timex]]:
    """Remove the markup from TEXT content, returning the plain text and its TIMEX3s.

    Comments and processing instructions are dropped; entity references are
    kept verbatim. TIMEX3 offsets are into the returned text. Empty-element
    TIMEX3s (``<TIMEX3 .../>``, non-consuming anchors) cover no text and are
    not returned: no tagger could find them.
    """
    where = source or "<string>"
    pieces: list[str] = []
    length = 0
    stack: list[tuple[str, dict[str, str], int]] = []
    spans: list[tuple[dict[str, str], int, int]] = []
    pos = 0
    while True:
        lt = content.find("<", pos)
        chunk = content[pos:] if lt < 0 else content[pos:lt]
        pieces.append(chunk)
        length += len(chunk)
        if lt < 0:
            break
        if content.startswith("<!--", lt):
            m: re.Match[str] | None = _COMMENT_RE.match(content, lt)
        elif content.startswith("<?", lt):
            m = _PI_RE.match(content, lt)
        elif content.startswith("<![CDATA[", lt):
            # A CDATA section's text would need escaping to be written back
            # as character data; TimeML corpora do not use them.
            raise TimeMLError(f"{where}: CDATA sections inside <TEXT> are not supported")
        else:
            m = _TAG_RE.match(content, lt)
            if m is None:
                raise TimeMLError(
                    f"{where}: unreadable markup inside <TEXT> near {content[lt : lt + 40]!r}"
                )
            name = m.group("name")
            if m.group("close"):
                if not stack or stack[-1][0] != name:
                    raise TimeMLError(f"{where}: unbalanced </{name}> inside <TEXT>")
                _, attrs, start = stack.pop()
                if name == "TIMEX3":
                    spans.append((attrs, start, length))
            elif not m.group("empty"):
                stack.append((name, _attrs(m.group("attrs")), length))
        if m is None:
            raise TimeMLError(f"{where}: unterminated markup inside <TEXT>")
        pos = m.end()
    if stack:
        raise TimeMLError(f"{where}: <{stack[-1][0]}> inside <TEXT> is never closed")
    text = "".join(pieces)
    gold = [_gold_timex(attrs, start, end, text[start:end], where) for attrs, start, end in spans]
    gold.sort(key=lambda t: (t.start, -t.end))
    return text, gold


def _timex_type(name: str, where: str) -> TimexType:
    for known in TIMEX_TYPES:
        if name == known:
            return known
    raise TimeMLError(f"{where}: unknown TIMEX3 type {name!r}")


def _gold_timex(attrs: Mapping[str, str], start: int, end: int, text: str, where: str) -> Timex:
    return Timex(
        start=start,
        end=end,
        text=text,
        type=_timex_type(attrs.get("type", ""), where),
        value=attrs.get("value", ""),
        mod=attrs.get("mod") or None,
    )


def parse_timeml(raw: str, *, source: str | None = None) -> TimeMLDoc:
    """Parse the text of a TimeML file.

    ``source`` (a file name) is only used in error messages and
    :attr:`TimeMLDoc.name`. Raises :class:`TimeMLError` if the XML is not
    well-formed or has no ``<TEXT>`` element.
    """
    where = source or "<string>"
    try:
        # Well-formedness is checked by a real XML parser; the offsets are
        # then computed on the raw string, which the parser cannot report.
        ET.fromstring(raw)
    except ET.ParseError as exc:
        raise TimeMLError(f"{where}: malformed XML: {exc}") from exc
    opening = _TEXT_OPEN_RE.search(raw)
    if opening is None:
        raise TimeMLError(f"{where}: no <TEXT> element")
    text_start = opening.end()
    if opening.group(1):  # <TEXT/>
        text_end = text_start
        after = text_end
    else:
        closing = _TEXT_CLOSE_RE.search(raw, text_start)
        if closing is None:
            raise TimeMLError(f"{where}: <TEXT> is never closed")
        text_end = closing.start()
        after = closing.end()
    text, gold = strip_tags(raw[text_start:text_end], source=source)
    # Comments could hide a fake <DCT>; blank them keeping positions unchanged.
    outside = raw[: opening.start()] + raw[after:]
    outside = _COMMENT_RE.sub(lambda m: " " * len(m.group(0)), outside)
    dct_value, tids = _find_dct(outside)
    return TimeMLDoc(
        raw=raw,
        text=text,
        dct=_parse_dct(dct_value),
        gold=gold,
        source=source,
        text_start=text_start,
        text_end=text_end,
        dct_value=dct_value,
        reserved_tids=frozenset(tids),
    )


def read_timeml(path_or_text: str | Path) -> TimeMLDoc:
    """Read a TimeML document from a file path, or parse it if given as XML text.

    A ``str`` containing ``<`` is taken to be the document itself, anything
    else a path. Files are decoded as UTF-8 (TBAQ is plain ASCII) without
    newline translation, so CRLF files keep their ``\\r`` in ``raw`` and ``text``.
    """
    if isinstance(path_or_text, str) and "<" in path_or_text:
        return parse_timeml(path_or_text)
    path = Path(path_or_text)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            raw = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise TimeMLError(f"{path}: cannot read: {exc}") from exc
    return parse_timeml(raw, source=str(path))


# ---------------------------------------------------------------------------
# Writing


def write_timeml(doc: TimeMLDoc, timexes: Iterable[Timex]) -> str:
    """The document with its TEXT content replaced by ``doc.text`` tagged with ``timexes``.

    Every other tag inside TEXT (EVENT, SIGNAL, the old TIMEX3s) is dropped;
    everything outside TEXT is kept byte for byte. Tags are
    ``<TIMEX3 tid="tN" type=".." value=".." [mod=".."]>``, numbered from t1 in
    text order and skipping tids already used outside TEXT. Nested spans are
    written nested; crossing spans, spans outside the text, spans whose
    ``text`` disagrees with ``doc.text`` and spans cutting an entity
    reference raise :class:`TimeMLError`.
    """
    text = doc.text
    ordered = sorted(timexes, key=lambda t: (t.start, -t.end, t.type, t.value))
    # Offsets strictly inside "&amp;" etc. would split the reference.
    inside_entity = {i for m in _ENTITY_RE.finditer(text) for i in range(m.start() + 1, m.end())}
    for t in ordered:
        if not 0 <= t.start <= t.end <= len(text):
            raise TimeMLError(f"{doc.name}: span {t.start}:{t.end} outside the text")
        if text[t.start : t.end] != t.text:
            raise TimeMLError(
                f"{doc.name}: span {t.start}:{t.end} is {text[t.start : t.end]!r}, not {t.text!r}"
            )
        if t.start in inside_entity or t.end in inside_entity:
            raise TimeMLError(f"{doc.name}: span {t.start}:{t.end} cuts an entity reference")

    out: list[str] = []
    cursor = 0
    open_ends: list[int] = []
    tid = 0

    def advance(to: int) -> None:
        nonlocal cursor
        out.append(text[cursor:to])
        cursor = to

    for t in ordered:
        while open_ends and open_ends[-1] <= t.start:
            advance(open_ends.pop())
            out.append("</TIMEX3>")
        if open_ends and t.end > open_ends[-1]:
            raise TimeMLError(f"{doc.name}: span {t.start}:{t.end} crosses another TIMEX3")
        advance(t.start)
        tid += 1
        while f"t{tid}" in doc.reserved_tids:
            tid += 1
        mod = f' mod="{_escape_attr(t.mod)}"' if t.mod else ""
        out.append(
            f'<TIMEX3 tid="t{tid}" type="{_escape_attr(t.type)}" '
            f'value="{_escape_attr(t.value)}"{mod}>'
        )
        open_ends.append(t.end)
    while open_ends:
        advance(open_ends.pop())
        out.append("</TIMEX3>")
    advance(len(text))
    return doc.raw[: doc.text_start] + "".join(out) + doc.raw[doc.text_end :]


# ---------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True, slots=True)
class Alignment:
    """One document's gold and predicted TIMEX3s paired one-to-one by overlap."""

    matches: list[tuple[Timex, Timex]]  # (gold, predicted), spans overlap
    missed: list[Timex]  # gold with no partner
    spurious: list[Timex]  # predictions with no partner


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def align(gold: Sequence[Timex], pred: Sequence[Timex]) -> Alignment:
    """Pair gold and predicted timexes one-to-one, each pair overlapping by a character or more.

    Greedy over candidate pairs: identical spans first (so the strict count is
    as large as possible), then larger overlaps, then closer starts; ties keep
    text order. For the non-nested spans of real annotations this is the
    maximum matching.
    """
    candidates = [
        (g.start != p.start or g.end != p.end, -_overlap(g, p), abs(g.start - p.start), i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(pred)
        if _overlap(g, p) > 0
    ]
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    pairs.sort()
    return Alignment(
        matches=[(gold[i], pred[j]) for i, j in pairs],
        missed=[g for i, g in enumerate(gold) if i not in used_g],
        spurious=[p for j, p in enumerate(pred) if j not in used_p],
    )


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Counts:
    """Tallies for one slice of the data (everything, or one TIMEX3 type).

    Gold-side counts (``*_gold``) give recall and attribute accuracy;
    prediction-side counts (``*_pred``) give precision. Overall the two sides
    agree since matches are one-to-one; per type they differ, because a gold
    DATE may be matched by a predicted DURATION.
    """

    gold: int = 0
    pred: int = 0
    strict_gold: int = 0
    strict_pred: int = 0
    relaxed_gold: int = 0
    relaxed_pred: int = 0
    type_ok: int = 0  # relaxed matches whose types agree (tallied on the gold side)
    value_ok: int = 0
    mod_ok: int = 0

    @property
    def strict_precision(self) -> float:
        """Share of predictions whose span is exactly a gold span."""
        return _ratio(self.strict_pred, self.pred)

    @property
    def strict_recall(self) -> float:
        """Share of gold timexes found with exactly the gold span."""
        return _ratio(self.strict_gold, self.gold)

    @property
    def strict_f1(self) -> float:
        """Harmonic mean of strict precision and recall."""
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        """Share of predictions overlapping a gold timex (one-to-one)."""
        return _ratio(self.relaxed_pred, self.pred)

    @property
    def relaxed_recall(self) -> float:
        """Share of gold timexes overlapped by a prediction (one-to-one)."""
        return _ratio(self.relaxed_gold, self.gold)

    @property
    def relaxed_f1(self) -> float:
        """Harmonic mean of relaxed precision and recall."""
        return _f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        """Share of relaxed matches with the gold type."""
        return _ratio(self.type_ok, self.relaxed_gold)

    @property
    def value_accuracy(self) -> float:
        """Share of relaxed matches with the gold value."""
        return _ratio(self.value_ok, self.relaxed_gold)

    @property
    def mod_accuracy(self) -> float:
        """Share of relaxed matches with the gold mod (both absent counts as equal)."""
        return _ratio(self.mod_ok, self.relaxed_gold)

    @property
    def type_f1(self) -> float:
        """Relaxed F1 x type accuracy, as TempEval-3 reports attributes."""
        return self.relaxed_f1 * self.type_accuracy

    @property
    def value_f1(self) -> float:
        """Relaxed F1 x value accuracy: the project's headline score."""
        return self.relaxed_f1 * self.value_accuracy

    def add(self, other: Counts) -> None:
        """Add another slice's tallies to this one."""
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict[str, Any]:
        """Raw counts and every measure (as fractions in 0..1) as a JSON-ready dict."""
        out: dict[str, Any] = {name: getattr(self, name) for name in self.__slots__}
        for name in _MEASURES:
            out[name] = round(getattr(self, name), 6)
        return out


_MEASURES = (
    "strict_precision",
    "strict_recall",
    "strict_f1",
    "relaxed_precision",
    "relaxed_recall",
    "relaxed_f1",
    "type_accuracy",
    "value_accuracy",
    "mod_accuracy",
    "type_f1",
    "value_f1",
)


@dataclass(slots=True)
class Scores:
    """Scores over a set of documents: overall and per TIMEX3 type."""

    overall: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)

    def slice(self, type_: str) -> Counts:
        """The tallies of one TIMEX3 type, created empty on first use."""
        return self.by_type.setdefault(type_, Counts())

    def to_json(self) -> dict[str, Any]:
        """Overall and per-type counts and measures as a JSON-ready dict."""
        return {
            "overall": self.overall.to_json(),
            "by_type": {k: v.to_json() for k, v in sorted(self.by_type.items(), key=_type_key)},
        }


def _type_key(item: tuple[str, Counts]) -> tuple[int, str]:
    name = item[0]
    return (TIMEX_TYPES.index(name) if name in TIMEX_TYPES else len(TIMEX_TYPES), name)


def _tally(
    scores: Scores, alignment: Alignment, gold: Sequence[Timex], pred: Sequence[Timex]
) -> None:
    overall = scores.overall
    overall.gold += len(gold)
    overall.pred += len(pred)
    for g in gold:
        scores.slice(g.type).gold += 1
    for p in pred:
        scores.slice(p.type).pred += 1
    for g, p in alignment.matches:
        exact = g.start == p.start and g.end == p.end
        gs, ps = scores.slice(g.type), scores.slice(p.type)
        for counts, side in ((overall, "both"), (gs, "gold"), (ps, "pred")):
            if side in ("both", "gold"):
                counts.relaxed_gold += 1
                counts.strict_gold += exact
                counts.type_ok += g.type == p.type
                counts.value_ok += g.value == p.value
                counts.mod_ok += (g.mod or None) == (p.mod or None)
            if side in ("both", "pred"):
                counts.relaxed_pred += 1
                counts.strict_pred += exact


def score(pairs: Iterable[tuple[Sequence[Timex], Sequence[Timex]]]) -> Scores:
    """TempEval-3 Task A scores of ``(gold, predicted)`` timex lists, one pair per document.

    Offsets are only compared within a pair, so each document's spans may use
    their own origin.
    """
    scores = Scores()
    for gold, pred in pairs:
        _tally(scores, align(gold, pred), gold, pred)
    return scores


_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("ref", r"(PRESENT|PAST|FUTURE)_REF"),
        ("duration", r"P.*"),
        ("time", r".*T(\d|MO|AF|EV|NI|DT).*"),
        ("decade/century", r"\d{2,3}|\d{3}X|\d{2}XX"),
        ("underspecified", r".*X.*"),
        ("day", r"\d{4}-\d{2}-\d{2}"),
        ("week", r"\d{4}-W\d{1,2}(-WE)?"),
        ("month", r"\d{4}-\d{2}"),
        ("part of year", r"\d{4}-(Q\d|H\d|SP|SU|FA|AU|WI)"),
        ("year", r"\d{4}"),
    )
)


def value_shape(value: str, type_: str | None = None) -> str:
    """A coarse class of a TIMEX3 value for counting errors: ``day``, ``duration``, ``ref``...

    A ``type_`` of ``SET`` wins over the value, whose shape (``P1W``,
    ``XXXX-WXX-1``) says little about it being a set.
    """
    if type_ == "SET":
        return "set"
    for name, pattern in _SHAPES:
        if pattern.fullmatch(value):
            return name
    return "other" if value else "empty"


# ---------------------------------------------------------------------------
# Output of `timeline tag`


def timexes_json(name: str, dct: dt.date | None, timexes: Sequence[Timex]) -> str:
    """The ``timeline tag --format json`` document for one file."""
    rows = []
    for t in timexes:
        row: dict[str, Any] = {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
        if t.mod:
            row["mod"] = t.mod
        iv = t.interval
        if iv is not None:
            row["interval"] = {"start": iv.start.isoformat(), "end": iv.end.isoformat(), "precision": iv.precision.value}
        rows.append(row)
    doc = {"file": name, "dct": dct.isoformat() if dct else None, "timexes": rows}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def plain_timeml(text: str, dct: dt.date | None, timexes: Sequence[Timex]) -> str:
    """A TimeML document for a plain text: its DCT and the text, XML-escaped,
    with the ``timexes`` tagged (``timeline tag --format timeml``)."""
    from xml.sax.saxutils import escape, quoteattr

    parts, pos = [], 0
    for i, t in enumerate(timexes, start=1):
        parts.append(escape(text[pos : t.start]))
        mod = f" mod={quoteattr(t.mod)}" if t.mod else ""
        parts.append(
            f'<TIMEX3 tid="t{i}" type="{t.type}" value={quoteattr(t.value)}{mod}>{escape(t.text)}</TIMEX3>'
        )
        pos = t.end
    parts.append(escape(text[pos:]))
    dct_xml = (
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct.isoformat()}" '
        f'functionInDocument="CREATION_TIME">{dct.isoformat()}</TIMEX3></DCT>\n'
        if dct else ""
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n{dct_xml}<TEXT>{"".join(parts)}</TEXT>\n</TimeML>\n'
