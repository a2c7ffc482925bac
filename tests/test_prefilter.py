"""The Hyperscan prefilter reports every place a pattern matches, so the
tagger finds exactly what it finds without it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

# The parsed form of a pattern, to tell the least a match of it can hold.
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import dates, prefilter
from timeline.ingest import parse_document

from .test_dates_speed_scan import EXTRA, FRAGMENTS, SAMPLE

pytest.importorskip("hyperscan")

WH_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wh-briefings-korea" / "docs"
SAMPLES = Path(__file__).resolve().parents[1] / "timeline" / "samples"
# What the mapping to bytes must get right: the characters that fold to
# ASCII letters, letters, digits and spaces beyond ASCII, punctuation beyond
# Latin-1, and the stand-ins themselves.
TRICKY = [
    *FRAGMENTS, "\u017f", "\u212a", "\u0130", "\u0131", "é", "É", "ğ", "\xa0", "\u2003", "\u3000",
    "٣", "١٩٩٩", "—", "“", "”", "?", "_", "\t", "\x1c", "µ", "²", "KST", "March", "MAY", "Dec.",
    "ſunday", "2025-12-11", "o’clock", "\u2028",
    # the trigger words that count only before another (kept lookaheads)
    "Presidents'", "president", "Day", "new", "Year", "good", "Friday", "these", "days", "point",
    "in", "time", "Fourth", "of", "July", "Martin", "Luther",
]  # fmt: skip
PATTERNS = [(r.pattern, not r.lower) for r in dates._RULES] + [(dates._TRIGGER, False)]


def test_no_pattern_matches_the_empty_string() -> None:
    # The loops that try a pattern at the prefilter's places move on from a
    # match's end, as finditer does only after a match that is not empty.
    for pattern, _on_text in PATTERNS:
        assert sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[0] > 0, pattern.pattern[:60]


def _match_starts(pattern: re.Pattern[str], text: str, stop: int) -> set[int]:
    return {i for i in range(stop + 1) if pattern.match(text, i, stop)}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), max_size=30), st.integers(min_value=0, max_value=200))
def test_every_match_start_is_reported(parts: list[str], cut: int) -> None:
    text = " ".join(parts)
    low = dates._ascii_lower(text)
    reported = dates._prefilter().starts(low)
    for (pattern, on_text), starts in zip(PATTERNS, reported, strict=True):
        source = text if on_text else low
        assert starts == sorted(set(starts))
        # Over the whole text, and cut off where the tagger cuts it (_stop).
        for stop in {len(source), dates._stop(source, min(cut, len(source)))}:
            missing = _match_starts(pattern, source, stop) - set(starts)
            assert not missing, (pattern.pattern[:60], text, stop, missing)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ _?\n\t\xa0é\u017f\u212a\u0130\u0131ğ\u2003٣’—“x9\udc80"), max_size=40))
def test_encode_gives_one_byte_a_character(text: str) -> None:
    out = prefilter.encode(text)
    assert out == bytes(prefilter.byte_of(c) for c in text)
    assert out.isascii()


def test_encode_gives_one_byte_a_character_on_the_corpus() -> None:
    # encode's shortcut (no "?" to put right) against its definition, on
    # texts with curly quotes and dashes, and one with other characters too.
    texts = [parse_document(p.read_text(), str(p)).text for p in sorted(WH_DOCS.rglob("*.md"))[::10]]
    texts.append("Caf\u00e9 \u2014 \u201cSe\u00f3ul\u201d ? \u2019\u00a0\u3000\u011f\u0130 ? \u2026")
    for text in texts:
        for t in (text, dates._ascii_lower(text)):
            assert prefilter.encode(t) == bytes(prefilter.byte_of(c) for c in t)


def test_a_byte_is_a_word_byte_exactly_when_its_character_is_a_word_character() -> None:
    word = re.compile(r"\w")
    for code in range(0x30000):
        char = chr(code)
        assert (chr(prefilter.byte_of(char)) in dates._ASCII_WORD_CHARS) == bool(word.match(char)), hex(code)


def test_the_folds_are_all_characters_a_case_blind_pattern_matches_to_an_ascii_letter() -> None:
    letters = re.compile(r"[a-z]", re.IGNORECASE)
    folding = {chr(c) for c in range(0x80, sys.maxunicode + 1) if letters.match(chr(c))}
    assert folding == set(prefilter.FOLDS)
    for char, ascii_letter in prefilter.FOLDS.items():
        assert re.match(ascii_letter, char, re.IGNORECASE)


def test_the_translation_drops_only_what_removes_matches() -> None:
    # Lookarounds and anchors go; \b stays; written backwards.
    assert prefilter.translate(re.compile(r"(?<!x)\bab(?=c)$")) == r"\x62\x61\b"
    # A negated class keeps the stand-ins, which stand for many characters
    # ("?" for "’" and many others), and leaves out a byte that is only itself.
    assert prefilter.translate(re.compile(r"[^’]")) == r"[\x00-\x7f]"
    assert prefilter.translate(re.compile(r"[^a]")) == r"[\x00-\x60\x62-\x7f]"
    with pytest.raises(ValueError, match="no Hyperscan superset"):
        prefilter.translate(re.compile(r"(a)\1"))


def test_an_alternation_is_scanned_for_as_one_pattern_an_alternative() -> None:
    parts = prefilter.translate_parts
    assert parts(re.compile(r"\b(?:a|b(?=c))")) == [r"(?:\x61)\b", r"(?:(?:\x63)\x62)\b"]
    # a group keeps its flags
    assert parts(re.compile(r"(?i:ab|c)")) == [prefilter.translate(re.compile(p)) for p in (r"(?i:ab)", r"(?i:c)")]
    assert parts(re.compile(r"(?:a|b)")) == [r"[\x61-\x62]"]  # a class to re itself
    assert parts(re.compile(r"a|bc")) == [r"(?:\x61)", r"(?:\x63\x62)"]
    for pattern in (r"ab", r"\b(?:a|b)c", r"x(?:a|b)"):  # not an alternation as a whole
        assert parts(re.compile(pattern)) == [prefilter.translate(re.compile(pattern))]


def test_the_alternatives_report_what_the_whole_translation_reports() -> None:
    # The tagger's database (each alternation split, under one id) against
    # one built of the whole translations, on WH docs: the same places, in
    # order and once each.
    hs = pytest.importorskip("hyperscan")
    pf = dates._prefilter()
    whole = hs.Database(mode=hs.HS_MODE_BLOCK)
    expressions = [prefilter.translate(p, caseless=c).encode() for p, c in pf._patterns]
    whole.compile(expressions=expressions, ids=list(range(len(expressions))), elements=len(expressions))
    texts = [parse_document(p.read_text(), str(p)).text for p in sorted(WH_DOCS.rglob("*.md"))[::20]]
    for text in [*texts, " ".join(TRICKY)]:
        low = dates._ascii_lower(text)
        data = prefilter.encode(low)[::-1]
        ends: list[list[int]] = [[] for _ in expressions]
        whole.scan(data, match_event_handler=lambda i, _s, end, _f, _c, ends=ends: ends[i].append(end))
        assert pf.starts(low) == [sorted(len(data) - end for end in e) for e in ends]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), max_size=40))
def test_trigger_hits_at_the_prefilter_places_are_the_plain_scan(parts: list[str]) -> None:
    _check_trigger_hits_at(" ".join(parts))


def test_trigger_hits_at_the_prefilter_places_on_the_corpus() -> None:
    for path in sorted(WH_DOCS.rglob("*.md"))[::15]:
        _check_trigger_hits_at(parse_document(path.read_text(), str(path)).text)


def _check_trigger_hits_at(text: str) -> None:
    # _trigger_hits_at tries _TRIGGER (not _TRIGGER_AT) at the prefilter's
    # places: the same as _TRIGGER.finditer over the whole text.
    low = dates._ascii_lower(text)
    plain: dict[str, list[int]] = {}
    for m in dates._TRIGGER.finditer(low):
        word = m.group("w")
        plain.setdefault(dates._WORD_CLASS[word] if word else m.lastgroup or "", []).append(m.start())
    assert dates._trigger_hits_at(low, dates._prefilter().starts(low)[-1]) == plain


def test_a_lookahead_that_ends_the_pattern_is_kept_as_text() -> None:
    # Nothing comes after it: what it sees may be taken in (the start is the same).
    assert prefilter.translate(re.compile(r"ab(?=c)")) == r"(?:\x63)\x62\x61"
    assert prefilter.translate(re.compile(r"(?:x|ab(?=c))")) == r"(?:\x78|(?:\x63)\x62\x61)"
    assert prefilter.translate(re.compile(r"(?P<g>a(?=b(?=c)))")) == r"(?:(?:(?:\x63)\x62)\x61)"
    # Followed by anything (even \b), repeated or negative: dropped.
    assert prefilter.translate(re.compile(r"a(?=b)c")) == r"\x63\x61"
    assert prefilter.translate(re.compile(r"ab(?=c)\b")) == r"\b\x62\x61"
    assert prefilter.translate(re.compile(r"(?:ab(?=c))+")) == r"(?:\x62\x61){1,}"
    assert prefilter.translate(re.compile(r"ab(?!c)")) == r"\x62\x61"
    # The tagger's trigger words that count only before another are reported only there.
    low = "the president said; presidents' day, new year. good friday, not good."
    text_starts = dates._prefilter().starts(low)[-1]
    assert [low[i : i + 4] for i in text_starts if low[i : i + 4] in ("pres", "new ", "good")] == [
        "pres", "new ", "good"
    ]


def _tags_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[dates.Timex], list[dates.Timex]]:
    dct = dates.dt.date(2025, 12, 12)
    monkeypatch.setattr(dates, "_PREFILTER_MIN", 0)
    fast = dates.tag_with_stats(text, dct)
    monkeypatch.setenv("TIMELINE_PREFILTER", "0")
    plain = dates.tag_with_stats(text, dct)
    monkeypatch.delenv("TIMELINE_PREFILTER")
    return fast, plain


@pytest.mark.parametrize("text", [SAMPLE, EXTRA, SAMPLE.upper(), EXTRA.lower()])
def test_tags_are_the_same_with_and_without_the_prefilter(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, plain = _tags_both_ways(text, monkeypatch)
    assert fast == plain
    assert fast[0]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), max_size=40))
def test_tags_are_the_same_on_any_text(parts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, plain = _tags_both_ways(" ".join(parts), monkeypatch)
    assert fast == plain


def test_tags_are_the_same_on_the_samples_and_real_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(SAMPLES.glob("*.md"))
    if WH_DOCS.is_dir():
        paths += sorted(WH_DOCS.rglob("*.md"))[::5]
    for path in paths:
        doc = parse_document(path.read_text("utf-8"), str(path))
        fast, plain = _tags_both_ways(doc.text, monkeypatch)
        assert fast == plain, path


def test_the_compiled_database_is_cached_and_a_bad_cache_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    patterns = [(re.compile(r"\bab+c"), False), (re.compile(r"x(?=y)\w"), True)]
    assert prefilter.Prefilter(patterns).starts("ab abbc Xy xz") == [[3], [8, 11]]
    (cached,) = (tmp_path / "cache").iterdir()
    cached.write_bytes(b"not a database")
    assert prefilter.Prefilter(patterns).starts("abc") == [[0], []]
    assert cached.read_bytes() != b"not a database"
    # A cache that cannot be written is only slower.
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "file" / "cache"))
    assert prefilter.Prefilter(patterns).starts("xy") == [[], [0]]


def test_cached_databases_unused_for_a_month_are_deleted_when_one_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(cache))
    cache.mkdir()
    month_ago = time.time() - (prefilter._CACHE_DAYS + 1) * 86400
    stale, recent, other = cache / "prefilter-old.hsdb", cache / "prefilter-new.hsdb", cache / "notes.txt"
    for path in (stale, recent, other):
        path.write_bytes(b"x")
    os.utime(stale, (month_ago, month_ago))
    os.utime(other, (month_ago, month_ago))
    patterns = [(re.compile(r"\bab+c"), False)]
    assert prefilter.Prefilter(patterns).starts("abc") == [[0]]
    saved = {p.name for p in cache.iterdir()} - {"prefilter-new.hsdb", "notes.txt"}
    assert not stale.exists() and recent.exists() and other.exists() and len(saved) == 1
    # Loading a database dates its use, so one in use is never deleted.
    (used,) = (cache / name for name in saved)
    os.utime(used, (month_ago, month_ago))
    assert prefilter.Prefilter(patterns).starts("abbc") == [[0]]
    assert used.stat().st_mtime > month_ago + 86400
    prefilter.Prefilter([(re.compile("xyz"), False)]).starts("xyz")
    assert used.exists()


def test_without_hyperscan_the_plain_scans_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter, "_hs", None)
    assert not prefilter.available()
    monkeypatch.setattr(dates, "_PREFILTER_MIN", 0)
    assert [t.value for t in dates.tag("They met on Thursday.", dates.dt.date(2025, 12, 12))] == ["2025-12-11"]


def test_the_cache_names_are_the_same_in_every_process() -> None:
    # The patterns' text names the cached database: a pattern built in an
    # order that depends on string hashing would compile it again in each
    # process and fill the cache with copies.
    code = (
        "import importlib; x = importlib.import_module('timeline.extract'); from timeline import dates; "
        "print(x._kind_prefilter()._key(), dates._prefilter()._key())"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1, keys
