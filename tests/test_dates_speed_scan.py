"""The tagger's fast paths find exactly what the plain scans would.

``dates._trigger_hits`` stands in for ``_TRIGGER.finditer``, and rules given
``starts=`` carry a lookahead that must only skip work, never matches.
"""

from __future__ import annotations

import re
from pathlib import Path

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
FRAGMENTS = [
    "day", "days", "today", "may", "Mayor", "now", "know", "2025", "1990s", "'90s", "fy", "q2",
    "3q", "new", "year", "these", "point", "in", "time", "10", "a.m.", "pm", "o'clock", "12/11",
    "-", "_", "x", "forties", "half", "behalf", "two", "weeks", "ago", "ٍ", "٣", "’", " ", "  ",
    ".", ",", "\n",
]  # fmt: skip


def _plain_hits(low: str) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in dates._TRIGGER.finditer(low)]


def _fast_hits(low: str) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in dates._trigger_hits(low)]


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
    if not WH_DOCS.is_dir():
        pytest.skip("no ../shared/corpora")
    for path in sorted(WH_DOCS.rglob("*.md"))[:60]:
        low = dates._ascii_lower(path.read_text(encoding="utf-8"))
        assert _fast_hits(low) == _plain_hits(low), path.name


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
