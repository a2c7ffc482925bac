from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import interval, parse_date, tag
from timeline.errors import DateParseError

DCT = dt.date(2025, 12, 12)  # a Friday


def values(text: str, dct: dt.date | None = DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, dct)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met in Washington on Thursday.", ("Thursday", "DATE", "2025-12-11")),
        ("a nearly one-year hiatus since the fourth meeting in January", ("January", "DATE", "2025-01")),
        ("following the April 2023 summit between the leaders", ("April 2023", "DATE", "2023-04")),
        ("plans for the sixth meeting in the first half of 2026.", ("the first half of 2026", "DATE", "2026-H1")),
        ("at the forum in Kuala Lumpur on November 1.", ("November 1", "DATE", "2025-11-01")),
        ("The launch came on Jan. 10, 2026, officials said.", ("Jan. 10, 2026", "DATE", "2026-01-10")),
        ("It was fired on Sept. 5.", ("Sept. 5", "DATE", "2025-09-05")),
        ("They will meet in March.", ("March", "DATE", "2026-03")),
        ("They met in March.", ("March", "DATE", "2025-03")),
        ("Growth slowed in the third quarter of 2025.", ("the third quarter of 2025", "DATE", "2025-Q3")),
        ("Drills are planned for the summer of 2026.", ("the summer of 2026", "DATE", "2026-SU")),
        ("Talks will begin early next year.", ("early next year", "DATE", "2026")),
        ("It happened yesterday.", ("yesterday", "DATE", "2025-12-11")),
        ("It happened last week.", ("last week", "DATE", "2025-W49")),
        ("It happened last month.", ("last month", "DATE", "2025-11")),
        ("It happened three years ago.", ("three years ago", "DATE", "2022")),
        ("The alliance dates from the 1950s.", ("the 1950s", "DATE", "195")),
        ("The deal was signed on 2024-07-11.", ("2024-07-11", "DATE", "2024-07-11")),
        ("He served a five-year term.", ("five-year", "DURATION", "P5Y")),
        ("The talks lasted three days.", ("three days", "DURATION", "P3D")),
        ("They meet every year.", ("every year", "SET", "P1Y")),
        ("Prices are rising now.", ("now", "DATE", "PRESENT_REF")),
    ],
)
def test_expression(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "Such phrases may have been omitted.",
        "Protesters march through the city.",
        "Prices could fall further.",
        "Spending rose to 3.5 percent of output.",
        "About 2000 soldiers took part.",
        "Call 555-2024 for details.",
        "The fund holds 2025 million won.",
    ],
)
def test_not_a_date(text: str) -> None:
    assert [t for t in tag(text, DCT) if t.type == "DATE"] == []


def test_one_year_is_a_duration_never_a_date() -> None:
    found = tag("a one-year hiatus during his five-year term", DCT)
    assert {t.type for t in found} == {"DURATION"}


def test_anchor_on_date_just_mentioned() -> None:
    text = "The allies met on Dec. 15. Two days later, the North fired a missile."
    assert ("Two days later", "DATE", "2023-12-17") in values(text, dt.date(2023, 12, 18))


def test_no_dct_leaves_relative_dates_out() -> None:
    found = values("They met on Thursday and signed a deal on July 18, 2023.", None)
    assert found == [("July 18, 2023", "DATE", "2023-07-18")]


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2025-12-11", "2025-12-11", "2025-12-11", "day"),
        ("2025-W44", "2025-10-27", "2025-11-02", "week"),
        ("2025-01", "2025-01-01", "2025-01-31", "month"),
        ("2024-02", "2024-02-01", "2024-02-29", "month"),
        ("2026-Q1", "2026-01-01", "2026-03-31", "quarter"),
        ("2026-H1", "2026-01-01", "2026-06-30", "half"),
        ("2026-H2", "2026-07-01", "2026-12-31", "half"),
        ("2025-SU", "2025-06-01", "2025-08-31", "season"),
        ("2025-WI", "2025-12-01", "2026-02-28", "season"),
        ("2026", "2026-01-01", "2026-12-31", "year"),
        ("199X", "1990-01-01", "1999-12-31", "decade"),
    ],
)
def test_interval(value: str, start: str, end: str, precision: str) -> None:
    iv = interval(value)
    assert iv is not None
    assert (iv.start.isoformat(), iv.end.isoformat(), iv.precision.value) == (start, end, precision)


@pytest.mark.parametrize("value", ["P3Y", "PRESENT_REF", "2025-13", "2025-02-30", "XXXX-WI", "0000"])
def test_interval_none(value: str) -> None:
    assert interval(value) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("first half of 2026", "2026-H1"),
        ("2026-H1", "2026-H1"),
        ("Dec. 11, 2025", "2025-12-11"),
        ("December 2025", "2025-12"),
        ("2026-Q1", "2026-Q1"),
        ("2026", "2026"),
        ("summer of 2025", "2025-SU"),
    ],
)
def test_parse_date(text: str, value: str) -> None:
    assert parse_date(text).value == value


@pytest.mark.parametrize("text", ["", "soon-ish", "next blue moon", "February 30, 2025", "99999"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(DateParseError, match="date"):
        parse_date(text)


_WELL_FORMED = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T.*)?)?|-W\d{2}(-WE)?|-Q[1-4]|-H[12]|-(SP|SU|FA|WI))?|\d{3}X|\d{2}XX"
    r"|P(T)?[\dX.]+[A-Z]+|(PRESENT|PAST|FUTURE)_REF|XXXX-.*|T[A-Z]{2}"
)

_WORDS = st.sampled_from(
    ["the", "on", "in", "of", "last", "next", "Thursday", "March", "may", "May", "2025", "1999", "Jan.", "10,", "first", "half", "quarter", "summer", "fall", "early", "late", "year", "years", "week", "ago", "later", "two", "one-year", "3.5", "percent", "2000", "soldiers", "every", "now", "12/11/2025", "Dec.", "15", ".", ",", "-", "\n"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=40).map(" ".join)),
    st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))),
)
def test_tag_properties(text: str, dct: dt.date | None) -> None:
    found = tag(text, dct)
    last_end = -1
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.start >= last_end, "spans overlap or are out of order"
        last_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert _WELL_FORMED.fullmatch(t.value), t.value
