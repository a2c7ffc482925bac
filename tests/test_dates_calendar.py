"""The tagger's direct reading of regular calendar forms agrees with dateparser.

``dates._regular_components`` reads "December 11, 2025", "the 11 of
December", "2025-12-11", "12/11/2025" and "10:30p.m" without dateparser, for
speed; wherever it gives an answer, dateparser must give the same one.
"""

from __future__ import annotations

import itertools
import random

import pytest

from timeline import dates

NAMES = sorted({name.capitalize() for name in dates._MONTHS})
DAYS = [str(d) for d in range(33)] + [f"0{d}" for d in range(10)]
YEARS = ["1800", "1899", "1900", "1969", "1999", "2000", "2001", "2024", "2025", "2099"]


def _forms() -> list[str]:
    """Every shape of string the grammar hands to ``dates._calendar``, cleaned,
    with days, months, hours and minutes in and out of range."""
    forms: list[str] = []
    for name, day, year in itertools.product(NAMES, DAYS, YEARS):
        forms += [f"{name} {day}, {year}", f"{name} {day} {year}", f"{day} {name} {year}"]
        forms += [f"the {day} of {name}, {year}", f"{day} of {name}, {year}"]
    for name, day in itertools.product(NAMES, DAYS):
        forms += [f"{name} {day}", f"{day} {name}", f"the {day} of {name}", f"the {day} {name}"]
    for year, month, day in itertools.product(YEARS, range(14), range(33)):
        forms += [f"{year}-{month:02d}-{day:02d}", f"{month}/{day}/{year}", f"{month:02d}/{day:02d}/{year}"]
    for hour, minute, half, tail in itertools.product(
        range(25), ["", ":00", ":05", ":30", ":59", ":60"], "ap", [".m", "m"]
    ):
        forms += [f"{hour}{minute}{half}{tail}", f"{hour}{minute} {half}{tail}"]
        if hour < 10:
            forms.append(f"0{hour}{minute}{half}{tail}")
    return [*forms, "noon", "Noon", "midnight", "12 noon", "May", "Jan 2025", "2025"]


# dateparser takes about a millisecond a string: a fixed sample of the forms
# keeps the test quick (all of them agreed when the fast path was written).
SAMPLE = random.Random(20251211).sample(_forms(), 800)


def test_regular_forms_read_as_dateparser_reads_them() -> None:
    read = 0
    for text in SAMPLE:
        fast = dates._regular_components(text)
        if fast is not None:
            read += 1
            assert fast == dates._dateparser_components(text), text
    assert read > len(SAMPLE) // 2  # the fast path does serve the regular forms


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("December 11, 2025", (2025, 12, 11, 0, 0)),
        ("the 3 of May", (2000, 5, 3, 0, 0)),
        ("12/11/2025", (2025, 12, 11, 0, 0)),
        ("12p.m", (2000, 1, 15, 12, 0)),
        ("12:01 a.m", (2000, 1, 15, 0, 1)),
        ("noon", (2000, 1, 15, 12, 0)),
    ],
)
def test_regular_forms(text: str, parts: tuple[int, int, int, int, int]) -> None:
    assert dates._regular_components(text) == parts


@pytest.mark.parametrize(
    "text",
    # Left to dateparser: it reads these its own way ("March 00" as March 1,
    # "13/11/2025" day first) or not at all.
    ["February 30", "March 00", "13/11/2025", "12/11/25", "0am", "13pm", "Dec 11, ٢٠٢٥"],
)
def test_irregular_forms_are_left_to_dateparser(text: str) -> None:
    assert dates._regular_components(text) is None


@pytest.mark.parametrize(
    "expr",
    [
        "Dec. 11, 2025", "Sept. 3rd, 2024", "Sept 30", "the 26th of April, 2025", "26th April",
        "2025-12-11", "1/2/2025", "10a.m.", "10:30p.m.", "7pm", "11:59\xa0p.m.", "noon",
        "February 29", "March 00", "13/11/2025",
    ],
)  # fmt: skip
def test_calendar_is_unchanged_by_the_fast_path(expr: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = dates._calendar(expr)
    monkeypatch.setattr(dates, "_regular_components", lambda clean: None)
    assert fast == dates._calendar(expr)


def test_intervals_are_cached_and_still_exact() -> None:
    """``interval`` is cached: the same value gives the same (immutable)
    interval, and what it gives is what reading the value anew gives."""
    from timeline.dates import interval

    for value in ["2025-12-11", "2026-H1", "2026-W05-WE", "199", "2025-13", "", "19XX", "2024-SP"]:
        fresh = interval.__wrapped__(value)
        assert interval(value) == fresh
        assert interval(value) is interval(value)
    info = interval.cache_info()
    assert info.maxsize is not None and info.maxsize <= 32768  # memory stays bounded
