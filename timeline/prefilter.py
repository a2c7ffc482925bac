"""Where any of many regular expressions may match, found in one pass by Hyperscan.

Python's :mod:`re` scans a text once per pattern and tries the pattern at
every place its first characters allow. The tagger has some forty patterns
over each whole text, and that scanning was most of its time. Hyperscan
(Intel's multi-pattern engine, made for this) runs all of them at once,
many times faster, but its syntax and semantics are not Python's: no
lookarounds, bytes rather than characters, ASCII word boundaries.

So this module does not replace :mod:`re`; it only narrows where it runs.
Each Python pattern becomes a Hyperscan pattern that matches *more*: a
superset. The text is mapped to bytes, one byte per character (same
offsets), and the Hyperscan patterns are scanned over it. Every place where
the Python pattern matches is then reported (and a few more); the caller
runs the Python pattern there and nowhere else, so what it finds is exactly
what :mod:`re` finds.

Why the superset holds:

* **The text's bytes.** ASCII characters are themselves. Any other
  character becomes a stand-in of its kind: ``"_"`` for a word character,
  ``" "`` for white space, ``"?"`` for anything else; but the four that a
  case-blind pattern matches to an ASCII letter ("ſ" to "s", the Kelvin
  sign to "k", dotted and dotless "i" to "i") become that letter. A
  character is a Python word character exactly when its byte is an ASCII
  word byte, so ``\\b`` and ``\\B`` mean the same on both sides.
* **The pattern.** Every literal, class and category becomes the set of the
  bytes of the characters it matches (both cases of ASCII letters where the
  pattern is case-blind, or where the caller asks, for a pattern run on
  the original text but scanned for in the lowercased one). A negated set
  leaves out a byte only if every character mapped to it is left out, and
  never leaves out a stand-in. Lookarounds and anchors are dropped (each
  only ever removes matches), but for a lookahead that ends the pattern,
  kept as plain text: the text it sees follows the match, so the two make
  a string the pattern so written matches at the same start. Atomic groups
  and possessive or lazy repeats become plain ones (the same strings);
  ``\\b`` and ``\\B`` are kept.
* **Starts, not ends.** Hyperscan reports where matches end. Each pattern
  is written backwards and scanned over the reversed bytes: a match there
  ending at ``n - i`` is a match here starting at ``i``, so every start is
  reported (Hyperscan reports every end, once per pattern).

A match of Python's pattern on the whole text is a string of characters
each in its element's set, with ``\\b`` holding where the pattern asks, so
the byte string at the same place matches the Hyperscan pattern. A test
checks this on random strings of tricky characters for every pattern used.

Hyperscan is optional: it is built for x86-64. Without it (or with
``TIMELINE_PREFILTER=0``), :func:`available` is false and callers use their
plain :mod:`re` path, which gives the same results, more slowly. Compiling
the tagger's patterns takes about a second, so the compiled database is
kept in a cache directory (``TIMELINE_CACHE_DIR``, else
``$XDG_CACHE_HOME/timeline``, else ``~/.cache/timeline``), under a name
made from a hash of the patterns, this module and the Hyperscan version.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

# The parsed form of a pattern, which is what is translated.
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

_hs: Any
try:  # pragma: no cover - depends on the platform
    import hyperscan as _hs
except ImportError:  # pragma: no cover
    _hs = None

__all__ = ["Prefilter", "available", "encode", "finditer_at", "translate"]

# The stand-ins for characters beyond ASCII (see the module docstring).
_WORD_STAND_IN = ord("_")
_SPACE_STAND_IN = ord(" ")
_OTHER_STAND_IN = ord("?")  # also what str.encode(..., "replace") writes
_STAND_INS = frozenset({_WORD_STAND_IN, _SPACE_STAND_IN, _OTHER_STAND_IN})
# Characters beyond ASCII that a case-blind pattern matches to an ASCII
# letter (a test checks that there are no others).
FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_FOLD_TARGETS = frozenset(ord(v) for v in FOLDS.values())
_PY_WORD = re.compile(r"\w")
_PY_SPACE = re.compile(r"\s")


def byte_of(char: str) -> int:
    """The byte that stands for ``char`` in :func:`encode`'s output."""
    code = ord(char)
    if code < 128:
        return code
    if char in FOLDS:
        return ord(FOLDS[char])
    if _PY_WORD.match(char):
        return _WORD_STAND_IN
    if _PY_SPACE.match(char):
        return _SPACE_STAND_IN
    return _OTHER_STAND_IN


# Latin-1 bytes to their stand-ins; what is beyond Latin-1 is "?" after
# encoding, and put right where it is a word character or a space.
_LATIN_1_TABLE = bytes(b if b < 128 else byte_of(chr(b)) for b in range(256))
# What stays "?" in encode's output and is known to (a set lookup, cheaper
# than byte_of): a question mark, and the quotes, dashes and ellipsis that
# are most of what news has beyond Latin-1.
_STAYS = frozenset("?\u2019\u2014\u201c\u201d\u2013\u2018\u2026")
_QUESTION_MARK = re.compile(rb"\?")
_START = re.Match.start


def encode(text: str) -> bytes:
    """``text`` as bytes for the scan: one ASCII byte a character, each the
    character itself or its stand-in (see the module docstring)."""
    latin_1 = text.encode("latin-1", "replace")
    out = latin_1.translate(_LATIN_1_TABLE)
    if text.isascii() or 63 not in latin_1:
        return out
    # Each character beyond Latin-1 is a "?" in ``latin_1`` (one byte a
    # character): those that are not to stay "?" are put right. The places
    # of the "?"s and the characters there are gathered by C loops (no
    # Python step a character, and no pass over the text a punctuation
    # mark, as counting them cost); a text has few.
    places = list(map(_START, _QUESTION_MARK.finditer(latin_1)))
    if _STAYS.issuperset(map(text.__getitem__, places)):
        return out
    patched = bytearray(out)
    stays = _STAYS
    for at in places:
        if (char := text[at]) not in stays:
            patched[at] = byte_of(char)
    return bytes(patched)


# -- patterns -----------------------------------------------------------------

_ALL = frozenset(range(128))  # the scanned bytes are all ASCII
_ASCII_WORD = frozenset(b for b in range(128) if _PY_WORD.match(chr(b)))
_ASCII_SPACE = frozenset(b for b in range(128) if _PY_SPACE.match(chr(b)))
_DIGITS = frozenset(range(ord("0"), ord("9") + 1))
_LETTERS = frozenset(b for b in range(128) if chr(b).isalpha())
_CATEGORIES = {
    # Non-ASCII digits are word characters: their stand-in is "_".
    "DIGIT": _DIGITS | {_WORD_STAND_IN},
    "NOT_DIGIT": _ALL - _DIGITS,
    "SPACE": _ASCII_SPACE,
    "NOT_SPACE": _ALL - _ASCII_SPACE,
    "WORD": _ASCII_WORD,
    "NOT_WORD": _ALL - _ASCII_WORD,
}
_CATEGORY_ESCAPES = {"DIGIT": r"\d", "NOT_DIGIT": r"\D", "SPACE": r"\s", "NOT_SPACE": r"\S",
                     "WORD": r"\w", "NOT_WORD": r"\W"}


def _category(code: Any) -> str:
    return str(code).removeprefix("CATEGORY_").removeprefix("UNI_")


def _char_bytes(code: int, caseless: bool) -> set[int]:
    """The bytes of the characters a literal matches."""
    char = chr(code)
    out = {byte_of(char)}
    if caseless:
        for other in (char.lower(), char.upper(), char.swapcase()):
            if len(other) == 1:
                out.add(byte_of(other))
        out |= {ord(chr(b).swapcase()) for b in list(out) if b in _LETTERS}
    return out


def _set_bytes(items: list[tuple[Any, Any]], caseless: bool) -> frozenset[int]:
    """The bytes a class (``[...]``, from the parsed pattern) may match."""
    negated = any(op is _sre.NEGATE for op, _ in items)
    items = [(op, av) for op, av in items if op is not _sre.NEGATE]
    if negated:
        # Leave a byte out only if every character mapped to it is in the
        # class; the stand-ins stand for too many characters to tell.
        inside = re.compile(f"[{''.join(_class_item(op, av) for op, av in items)}]",
                            re.IGNORECASE if caseless else 0)
        out = set(_ALL)
        for b in _ALL - _STAND_INS:
            chars = [chr(b), *(k for k, v in FOLDS.items() if ord(v) == b)]
            if all(inside.match(c) for c in chars):
                out.discard(b)
        return frozenset(out)
    found: set[int] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            found |= _char_bytes(av, caseless)
        elif op is _sre.RANGE:
            low, high = av
            for code in range(low, min(high, 127) + 1):
                found |= _char_bytes(code, caseless)
            if high > 127:
                # Any stand-in, any folded letter, and (case-blind) any
                # ASCII letter whose other case is in the range.
                found |= _STAND_INS | _FOLD_TARGETS | (_LETTERS if caseless else set())
        elif op is _sre.CATEGORY:
            found |= _CATEGORIES[_category(av)]
        else:
            raise ValueError(f"unexpected item {op} in a class")
    return frozenset(found)


def _class_item(op: Any, av: Any) -> str:
    """One item of a parsed class written back as Python class syntax."""
    if op is _sre.LITERAL:
        return f"\\U{av:08x}"
    if op is _sre.RANGE:
        return f"\\U{av[0]:08x}-\\U{av[1]:08x}"
    if op is _sre.CATEGORY:
        return _CATEGORY_ESCAPES[_category(av)]
    raise ValueError(f"unexpected item {op} in a class")


def _bytes_pattern(found: frozenset[int] | set[int]) -> str:
    """A Hyperscan class of these bytes."""
    codes = sorted(found)
    if not codes:
        return "(?!)"  # hyperscan has no empty class: an element that never matches
    parts = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(f"\\x{codes[i]:02x}" if i == j else f"\\x{codes[i]:02x}-\\x{codes[j]:02x}")
        i = j + 1
    return parts[0] if len(parts) == 1 and "-" not in parts[0] else "[" + "".join(parts) + "]"


_BOUNDARIES = {_sre.AT_BOUNDARY: r"\b", _sre.AT_UNI_BOUNDARY: r"\b",
               _sre.AT_NON_BOUNDARY: r"\B", _sre.AT_UNI_NON_BOUNDARY: r"\B"}


def _reversed(parsed: Any, flags: int, tail: bool = False) -> str:
    """The Hyperscan superset of a parsed (sub)pattern, written backwards.
    ``tail``: nothing comes after it in the whole pattern (see below)."""
    caseless = bool(flags & re.IGNORECASE)
    out: list[str] = []
    last = len(parsed) - 1
    for k, (op, av) in enumerate(parsed):
        at_end = tail and k == last
        if op is _sre.LITERAL:
            out.append(_bytes_pattern(_char_bytes(av, caseless)))
        elif op is _sre.NOT_LITERAL:
            out.append(_bytes_pattern(_set_bytes([(_sre.NEGATE, None), (_sre.LITERAL, av)], caseless)))
        elif op is _sre.ANY:
            out.append(_bytes_pattern(_ALL if flags & re.DOTALL else _ALL - {ord("\n")}))
        elif op is _sre.IN:
            out.append(_bytes_pattern(_set_bytes(av, caseless)))
        elif op is _sre.BRANCH:
            out.append("(?:" + "|".join(_reversed(b, flags, at_end) for b in av[1]) + ")")
        elif op is _sre.SUBPATTERN:
            _group, add, remove, sub = av
            out.append("(?:" + _reversed(sub, (flags | add) & ~remove, at_end) + ")")
        elif op is _sre.ATOMIC_GROUP:
            out.append("(?:" + _reversed(av, flags, at_end) + ")")
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, high, sub = av
            bound = f"{{{low},}}" if high is _sre.MAXREPEAT else f"{{{low},{high}}}"
            out.append("(?:" + _reversed(sub, flags) + ")" + bound)
        elif op is _sre.ASSERT and at_end and av[0] == 1:
            # A lookahead that ends the pattern: what it sees follows the
            # match, so the match and that text are a string the pattern
            # with the lookahead as plain text matches, at the same start
            # (all that is reported); it narrows the places reported
            # ("president" only before "day").
            out.append("(?:" + _reversed(av[1], flags, True) + ")")
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue  # a lookaround only removes matches
        elif op is _sre.AT:
            if av in _BOUNDARIES:
                out.append(_BOUNDARIES[av])
            # Anchors only remove matches.
        else:
            raise ValueError(f"no Hyperscan superset for {op}")
    out.reverse()
    return "".join(out)


def translate(pattern: re.Pattern[str], *, caseless: bool = False) -> str:
    """The Hyperscan pattern, over :func:`encode`'s bytes and written
    backwards, that matches wherever ``pattern`` does (and may match more).
    ``caseless``: also where ``pattern`` matches the text with other cases
    of its ASCII letters (for a pattern run on a text but scanned for in its
    lowercased copy)."""
    parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    flags = parsed.state.flags | (re.IGNORECASE if caseless else 0)
    return _reversed(parsed, flags, True)


def translate_parts(pattern: re.Pattern[str], *, caseless: bool = False) -> list[str]:
    """:func:`translate` of ``pattern``, as one Hyperscan pattern an
    alternative when the whole pattern is an alternation (after anchors and
    boundaries, maybe in a group): ``\\b(?:A|B)`` gives ``\\bA`` and
    ``\\bB``. Each is the translation of the pattern with one alternative
    left (a group keeps its flags, the last item stays last, so a lookahead
    ending an alternative is kept as before): together they match what the
    one pattern matches. Scanned under one id, they report the same places;
    Hyperscan scans many small patterns faster than one big alternation
    (the tagger's _TRIGGER: its words, and patterns that fire on digits)."""
    parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    flags = parsed.state.flags | (re.IGNORECASE if caseless else 0)
    items = list(parsed)
    if not items or not all(op is _sre.AT for op, _ in items[:-1]):
        return [_reversed(parsed, flags, True)]
    op, av = items[-1]
    if op is _sre.BRANCH:
        return [_reversed([*items[:-1], (_sre.SUBPATTERN, (None, 0, 0, b))], flags, True) for b in av[1]]
    if op is _sre.SUBPATTERN and len(av[3]) == 1 and av[3][0][0] is _sre.BRANCH:
        group, add, remove, sub = av
        return [
            _reversed([*items[:-1], (_sre.SUBPATTERN, (group, add, remove, b))], flags, True)
            for b in sub[0][1][1]
        ]
    return [_reversed(parsed, flags, True)]


# -- scanning -------------------------------------------------------------------


def available() -> bool:
    """Whether scans can be prefiltered here (Hyperscan installed, and not
    turned off with ``TIMELINE_PREFILTER=0``)."""
    return _hs is not None and os.environ.get("TIMELINE_PREFILTER", "1") != "0"


def _cache_dir() -> Path:
    if env := os.environ.get("TIMELINE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "timeline"


# A cached database unused for this long is deleted when another is saved:
# each change of the patterns (or of this module) leaves one behind.
_CACHE_DAYS = 30


def _mark_used(path: Path) -> None:
    """Date a cached database's last use (its modification time)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _prune(kept: Path) -> None:
    """Delete the cached databases beside ``kept`` unused for _CACHE_DAYS."""
    cutoff = time.time() - _CACHE_DAYS * 86400
    for old in kept.parent.glob("prefilter-*.hsdb"):
        try:
            if old != kept and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


class Prefilter:
    """Candidate match starts of a fixed list of patterns, found in one scan.

    ``patterns``: (pattern, caseless) pairs, with ``caseless`` as in
    :func:`translate`. :meth:`starts` gives, for each pattern, the sorted
    places in a text where it may match: every place where
    ``pattern.match(text, i)`` succeeds is among them. The Hyperscan
    database is built on first use (or read from the cache)."""

    def __init__(self, patterns: Sequence[tuple[re.Pattern[str], bool]]) -> None:
        self._patterns = list(patterns)
        self._count = len(self._patterns)
        self._db: Any = None

    def _database(self) -> Any:
        if self._db is None:
            assert _hs is not None
            path = _cache_dir() / f"prefilter-{self._key()}.hsdb"
            try:
                db = _hs.loadb(path.read_bytes(), _hs.HS_MODE_BLOCK)
                db.scratch = _hs.Scratch(db)  # a loaded database comes without one
                self._db = db
                _mark_used(path)
            except (OSError, _hs.error):
                self._db = self._compile()
                self._save(path)
        return self._db

    def _key(self) -> str:
        """The cache name of the database: a hash of what it is made from
        (the patterns, this module's code, which translates them, and the
        Hyperscan version), cheaper than translating the patterns again."""
        assert _hs is not None
        parts = [getattr(_hs, "__version__", "").encode(), Path(__file__).read_bytes()]
        for pattern, caseless in self._patterns:
            parts.append(f"{pattern.flags} {caseless} {pattern.pattern}".encode("utf-8", "surrogatepass"))
        return hashlib.sha256(b"\0".join(parts)).hexdigest()[:24]

    def _compile(self) -> Any:
        assert _hs is not None
        # A pattern that is an alternation is scanned for as one pattern an
        # alternative, under its id (see translate_parts).
        expressions: list[bytes] = []
        ids: list[int] = []
        for number, (p, c) in enumerate(self._patterns):
            parts = translate_parts(p, caseless=c)
            expressions += [part.encode("ascii") for part in parts]
            ids += [number] * len(parts)
        db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
        db.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=0)
        return db

    def _save(self, path: Path) -> None:
        """Keep the compiled database for the next process; a cache that
        cannot be written is only slower."""
        assert _hs is not None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as f:
                f.write(_hs.dumpb(self._db))
            os.replace(f.name, path)
        except OSError:
            return
        _prune(path)

    def starts(self, text: str) -> list[list[int]]:
        """For each pattern, the places (in order) where it may match in ``text``."""
        found = self.places(text)
        return [found.get(number, []) for number in range(self._count)]

    def places(self, text: str) -> dict[int, list[int]]:
        """For each pattern that may match in ``text`` (by its number in
        ``patterns``), the places (in order) where it may: :meth:`starts`
        without the empty lists, none made for a short text (a sentence)
        where most patterns have no place."""
        data = encode(text)[::-1]
        n = len(data)
        found: dict[int, list[int]] = {}

        def on_match(number: int, _start: int, end: int, _flags: int, _context: object) -> None:
            ends = found.get(number)
            if ends is None:
                found[number] = [n - end]
            else:
                ends.append(n - end)

        self._database().scan(data, match_event_handler=on_match)
        # Ends in the reversed bytes come in order: starts here, backwards.
        for starts in found.values():
            starts.reverse()
        return found


def finditer_at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, trying ``pattern`` only at
    ``starts`` (in order), which hold every place where it matches in
    ``text`` (:meth:`Prefilter.starts` of ``text``). ``finditer`` goes on
    from the end of each match to the leftmost place where the pattern
    matches next: the first of the starts at or after that end where it
    does. ``pattern`` must not match the empty string (after an empty match
    ``finditer`` moves on by one character itself)."""
    match = pattern.match
    pos = 0
    for at in starts:
        if at >= pos and (m := match(text, at)) is not None:
            yield m
            pos = m.end()
