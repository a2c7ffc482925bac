from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import dates
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


# Each category the grammar handles, in sentences of our own, with the DCT a
# Friday, 2025-12-12: (sentence, (extent, type, value, mod)).
CATEGORIES = {
    "year from tense": [
        ("The treaty expires Jan. 14.", ("Jan. 14", "DATE", "2026-01-14", None)),
        ("The committee met on Dec. 20.", ("Dec. 20", "DATE", "2025-12-20", None)),
        ("He was arrested in October.", ("October", "DATE", "2025-10", None)),
        ("The dividend will be paid Jan. 5.", ("Jan. 5", "DATE", "2026-01-05", None)),
        ("The deadline was extended to Feb. 3.", ("Feb. 3", "DATE", "2026-02-03", None)),
        ("The talks must conclude by March.", ("March", "DATE", "2026-03", None)),
        ("Elections were held in December last year.", ("December last year", "DATE", "2024-12", None)),
        ("Negotiations ended last Oct. 23 in Geneva.", ("last Oct. 23", "DATE", "2025-10-23", None)),
    ],
    "weekdays": [
        ("The ministers will meet on Tuesday.", ("Tuesday", "DATE", "2025-12-16", None)),
        ("A spokesman said Monday that talks would resume.", ("Monday", "DATE", "2025-12-08", None)),
        ("They met last Friday.", ("last Friday", "DATE", "2025-12-05", None)),
        ("They will meet again next Friday.", ("next Friday", "DATE", "2025-12-19", None)),
        ("The vote is set for this coming Monday.", ("this coming Monday", "DATE", "2025-12-15", None)),
        ("Protesters gathered Saturday night.", ("Saturday night", "DATE", "2025-12-06", None)),
        ("On Dec. 3 the envoy arrived; the previous Friday he had called.",
         ("the previous Friday", "DATE", "2025-11-28", None)),
    ],
    "times of day": [
        ("The blast hit at 10 p.m. Wednesday.", ("10 p.m. Wednesday", "TIME", "2025-12-10T22:00", None)),
        ("Talks broke off at noon Thursday.", ("noon Thursday", "TIME", "2025-12-11T12:00", None)),
        ("Officials met this morning.", ("this morning", "TIME", "2025-12-12TMO", None)),
        ("They will meet again tonight.", ("tonight", "TIME", "2025-12-12TNI", None)),
        ("Shelling continued last night.", ("last night", "TIME", "2025-12-11TNI", None)),
        ("On Dec. 3 the envoy landed at 6 a.m.", ("6 a.m.", "TIME", "2025-12-03T06:00", None)),
    ],
    "quarters and halves": [
        ("Third-quarter profit rose 5%.", ("Third-quarter", "DATE", "2025-Q3", None)),
        ("Profit fell in the quarter.", ("the quarter", "DATE", "2025-Q3", None)),
        ("The plant opens in the first quarter of next year.",
         ("the first quarter of next year", "DATE", "2026-Q1", None)),
        ("Output peaked in Q2 2024.", ("Q2 2024", "DATE", "2024-Q2", None)),
        ("Losses narrowed in the 2024 fourth quarter.", ("the 2024 fourth quarter", "DATE", "2024-Q4", None)),
        ("The merger could close in next year's first quarter.",
         ("next year's first quarter", "DATE", "2026-Q1", None)),
        ("Growth should pick up in the second half.", ("the second half", "DATE", "2025-H2", None)),
        ("Sales slumped in the last half of 2024.", ("the last half of 2024", "DATE", "2024-H2", None)),
    ],
    "the period a text reports on": [
        ("Third-quarter sales rose 5%. A year earlier, sales fell.",
         ("A year earlier", "DATE", "2024-Q3", None)),
        ("Third-quarter sales rose. In the year-ago quarter, sales fell.",
         ("the year-ago quarter", "DATE", "2024-Q3", None)),
        ("Third-quarter sales rose. Year-earlier results were restated.",
         ("Year-earlier", "DATE", "2024-Q3", None)),
        ("Sales rose in the first nine months. A year earlier, they fell.",
         ("A year earlier", "DATE", "2024", None)),
    ],
    "seasons, decades, centuries": [
        ("Exports rebounded last fall.", ("last fall", "DATE", "2025-FA", None)),
        ("Drills will resume next spring.", ("next spring", "DATE", "2026-SP", None)),
        ("The bank grew fast in the 1990s.", ("the 1990s", "DATE", "199", None)),
        ("Prices peaked in the early 1980s.", ("the early 1980s", "DATE", "198", "START")),
        ("It was a hit in the '80s.", ("the '80s", "DATE", "198", None)),
        ("The firm was founded in the nineties.", ("the nineties", "DATE", "199", None)),
        ("The war shaped the 20th century.", ("the 20th century", "DATE", "19", None)),
    ],
    "durations": [
        ("The truce has held for more than two years.",
         ("more than two years", "DURATION", "P2Y", "MORE_THAN")),
        ("He served two and a half years.", ("two and a half years", "DURATION", "P2Y6M", None)),
        ("The meeting lasted half an hour.", ("half an hour", "DURATION", "PT30M", None)),
        ("The strike lasted several weeks.", ("several weeks", "DURATION", "PXW", None)),
        ("They stayed a couple of months.", ("a couple of months", "DURATION", "P2M", None)),
        ("The vigil was a 24-hour affair.", ("24-hour", "DURATION", "PT24H", None)),
        ("Prices rose over the past two months.", ("the past two months", "DURATION", "P2M", None)),
        ("Exports have grown in recent years.", ("recent years", "DURATION", "PXY", None)),
        ("The allies have been at odds for two decades.", ("two decades", "DURATION", "P20Y", None)),
    ],
    "present, past and future": [
        ("Officials are currently reviewing the plan.", ("currently", "DATE", "PRESENT_REF", None)),
        ("The envoy recently visited Seoul.", ("recently", "DATE", "PAST_REF", None)),
        ("Such talks may resume in the future.", ("in the future", "DATE", "FUTURE_REF", None)),
        ("The plant closed several years ago.", ("several years ago", "DATE", "PAST_REF", None)),
    ],
    "sets": [
        ("The festival is held each July.", ("each July", "SET", "XXXX-07", None)),
        ("The ferry sails twice a week.", ("twice a week", "SET", "P1W", None)),
        ("The market opens on Mondays.", ("on Mondays", "SET", "XXXX-WXX-1", None)),
        ("Inspections occur every other week.", ("every other week", "SET", "P2W", None)),
        ("The agency publishes a daily report.", ("daily", "SET", "P1D", None)),
    ],
    "anchored on the date just mentioned": [
        ("In June 2019 he left; he returned later that year.", ("later that year", "DATE", "2019", None)),
        ("In June 2019 he left; the following month he returned.",
         ("the following month", "DATE", "2019-07", None)),
        ("On Dec. 3 the envoy arrived; that same day he met the minister.",
         ("that same day", "DATE", "2025-12-03", None)),
        ("On Dec. 3 the envoy arrived; the next day he left.", ("the next day", "DATE", "2025-12-04", None)),
        # TimeBank tags only "the day" of "later in the day", valued as the day.
        ("On Dec. 3 the envoy arrived; later in the day he left.", ("the day", "DATE", "2025-12-03", None)),
        ("On Dec. 3 the envoy arrived. Earlier in the day, he called.",
         ("the day", "DATE", "2025-12-03", None)),
        ("On Dec. 3 the envoy arrived. Later that day he left.", ("Later that day", "DATE", "2025-12-03", None)),
        ("On Dec. 3 the envoy arrived. Earlier that day, he called.",
         ("Earlier that day", "DATE", "2025-12-03", None)),
        ("On Dec. 3 the envoy arrived; that evening he left.", ("that evening", "TIME", "2025-12-03TEV", None)),
        ("On Dec. 3 the envoy arrived; that morning he called.",
         ("that morning", "TIME", "2025-12-03TMO", None)),
        ("On Dec. 3 the envoy arrived; that afternoon he called.",
         ("that afternoon", "TIME", "2025-12-03TAF", None)),
        ("On Dec. 3 the envoy arrived; later that night he left.",
         ("later that night", "TIME", "2025-12-03TNI", None)),
        ("On Dec. 3 the envoy arrived; later in the evening he left.",
         ("the evening", "TIME", "2025-12-03TEV", None)),
    ],
    "formal dates": [
        ("The parties met on this 26th day of April, 2023.",
         ("this 26th day of April, 2023", "DATE", "2023-04-26", None)),
        ("Signed on the 26th day of April, 2023.", ("the 26th day of April, 2023", "DATE", "2023-04-26", None)),
        ("The treaty was signed on the 26th day of April.", ("the 26th day of April", "DATE", "2025-04-26", None)),
        ("This 1st day of May 2020, we resolve", ("This 1st day of May 2020", "DATE", "2020-05-01", None)),
    ],
    "relative periods and holidays": [
        ("Prices rose earlier this month.", ("earlier this month", "DATE", "2025-12", None)),
        ("The deal should close by year-end.", ("year-end", "DATE", "2025", "END")),
        ("The index had doubled by the end of 2024.", ("the end of 2024", "DATE", "2024", "END")),
        ("Exports grew over the past year.", ("the past year", "DATE", "2024", None)),
        ("Talks continued this week.", ("this week", "DATE", "2025-W50", None)),
        ("Talks stalled over the weekend.", ("the weekend", "DATE", "2025-W49-WE", None)),
        ("Talks will resume after Christmas.", ("Christmas", "DATE", "2025-12-25", None)),
        ("They met last Thanksgiving.", ("last Thanksgiving", "DATE", "2025-11-27", None)),
        ("The law passed in nineteen ninety-six.", ("nineteen ninety-six", "DATE", "1996", None)),
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, exp, id=f"{cat}: {text}") for cat, cases in CATEGORIES.items() for text, exp in cases],
)
def test_category(text: str, expected: tuple[str, str, str, str | None]) -> None:
    assert expected in [(t.text, t.type, t.value, t.mod) for t in tag(text, DCT)]


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
        "Three-quarters of the budget went to defense.",
        "In his forties, he turned to politics.",
        "Christmas shopping slowed.",
        "He wrote for the Daily Telegraph.",
        "The minister appeared on ABC's This Week program.",
        "He was named man of the year.",
    ],
)
def test_not_a_date(text: str) -> None:
    assert [t for t in tag(text, DCT) if t.type == "DATE"] == []


@pytest.mark.parametrize(
    "text",
    [
        "A 6-year-old boy was rescued.",
        "The minister, 52 years old, resigned.",
        "The plan saves $5 million a year.",
        "Qantas runs four flights a week.",
        "A second group of envoys arrived.",
        "He told USA Today that he would run.",
    ],
)
def test_no_timex(text: str) -> None:
    assert tag(text, DCT) == []


def test_trigger_gating_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rules run only over sentences holding one of their trigger words; over
    # the whole text they must find exactly the same expressions.
    text = " ".join(t for cases in CATEGORIES.values() for t, _ in cases)
    text += "\n\n" + " ".join(f"Item {i}: it fell {w} ago." for i, w in enumerate(["3 days", "a year"]))
    gated = tag(text, DCT)
    monkeypatch.setattr(dates, "_runs", lambda text, hits: lambda classes: [(0, len(text))])
    # Rules with near= try every word start, not just those near a trigger word.
    monkeypatch.setattr(
        dates,
        "_near_starts",
        lambda low, reverse, words, runs, near: [
            [m.start() for m in re.finditer(r"\b\w", low[:e])] for _, e in runs
        ],
    )
    assert tag(text, DCT) == gated


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


_NUMBER = r"(?:\d+(?:\.\d+)?|X)"
_PART = r"(?:MO|AF|EV|NI|MI)"
_WELL_FORMED = re.compile(
    # dates: day (with a clock time or a part of the day), week, weekend,
    # month, quarter, half, season, year, decade ("199"), century ("19")
    rf"\d{{4}}(?:-\d{{2}}(?:-\d{{2}}(?:T(?:\d{{2}}:\d{{2}}|{_PART}))?)?|-W\d{{2}}(?:-WE)?|-Q[1-4]|-H[12]"
    rf"|-(?:SP|SU|FA|WI))?|\d{{3}}|\d{{2}}"
    # durations: P3Y, P2Y6M, P10Y, PXDE, PT1M30S, P2DT12H
    rf"|P(?:(?:{_NUMBER}(?:Y|M|W|D|Q|DE|CE))+(?:T(?:{_NUMBER}[HMS])+)?|T(?:{_NUMBER}[HMS])+)"
    # references and set values
    rf"|(?:PRESENT|PAST|FUTURE)_REF|XXXX-\d{{2}}|XXXX-WXX-(?:\d(?:T{_PART})?|WE)|XXXX-(?:SP|SU|FA|WI)"
    rf"|T{_PART}"
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


@pytest.mark.parametrize(
    ("text", "value"),
    [("on September 1, 2022", "2022-09-01"), ("on Sept. 1, 2022", "2022-09-01"), ("on Sept 1", "2022-09-01")],
)
def test_september_spellings(text: str, value: str) -> None:
    """"Sept." is normalized for dateparser without breaking "September"."""
    assert [t.value for t in tag(text, dt.date(2022, 9, 2))] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A report dated well before the DCT: "last week" is the speaker's.
        ("An official said on November 7 that the fact sheet from last week's summit is late.",
         ("last week", "2025-W44")),
        # Said on a day near the DCT: still the DCT's week.
        ("The minister said Tuesday that talks held last week went well.", ("last week", "2025-W49")),
        ("Talks held last week went well.", ("last week", "2025-W49")),
    ],
)
def test_deictic_words_in_dated_reports(text: str, expected: tuple[str, str]) -> None:
    assert expected in [(t.text, t.value) for t in tag(text, DCT)]


# DCT Monday 2025-03-10: "later in the day" and the parts of a weekday are
# the day just mentioned, or the weekday's own date.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blinken arrived in Seoul on Monday. Foreign Minister Cho and Secretary Blinken "
         "held phone talks later in the day.", [("Monday", "2025-03-10"), ("the day", "2025-03-10")]),
        ("Foreign Minister Cho and Secretary Blinken held phone talks later in the day.",
         [("the day", "2025-03-10")]),
        ("They met on March 3. Earlier in the day, the envoy landed.",
         [("March 3", "2025-03-03"), ("the day", "2025-03-03")]),
        ("The minister arrived Tuesday morning.", [("Tuesday morning", "2025-03-04")]),
        ("The minister arrived Tuesday.", [("Tuesday", "2025-03-04")]),
        ("Protesters gathered Wednesday night.", [("Wednesday night", "2025-03-05")]),
        ("The envoy will arrive Wednesday night.", [("Wednesday night", "2025-03-12")]),
        ("The envoy will arrive Wednesday.", [("Wednesday", "2025-03-12")]),
        ("It is late in the day to change course.", []),
    ],
)
def test_day_of_the_anchor(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in tag(text, dt.date(2025, 3, 10))] == expected


def test_fronted_weekday_takes_the_reporting_verb_tense() -> None:
    """A date before the subject belongs to the reporting verb after it, not
    to the future the report speaks of; an attribution at the end does not
    outrank the verb before the date."""
    sunday = dt.date(2022, 5, 22)
    got = tag("At their summit in Seoul on Saturday, the two leaders said they would expand drills.", sunday)
    assert [t.value for t in got] == ["2022-05-21"]
    friday = dt.date(2022, 5, 20)
    got = tag("Biden will meet Kishida on Monday, officials said.", friday)
    assert [t.value for t in got] == ["2022-05-23"]


def test_weekday_far_from_its_verb_takes_the_sentence_tense() -> None:
    friday = dt.date(2022, 5, 20)
    text = (
        "On Sunday he will leave for Tokyo, where he is to hold talks with the prime minister and "
        "launch a new economic framework for the region before joining the leaders of Japan, "
        "Australia and India for a summit of the Quad grouping on Tuesday."
    )
    assert [t.value for t in tag(text, friday)] == ["2022-05-22", "2022-05-24"]
