"""iCalendar and TimelineJS exports, files, and the `timeline export` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.cli import main
from timeline.dates import interval
from timeline.errors import OutputError
from timeline.export import display_date, render, timelinejs_data, to_ics, write_export
from timeline.records import EventRecord, SourceRecord

icalendar = pytest.importorskip("icalendar")


def record(event_id: int, value: str, title: str = "Event", **kw: Any) -> EventRecord:
    iv = interval(value)
    assert iv is not None
    return EventRecord(
        id=event_id, kind=kw.pop("kind", "meeting"), title=title, date_value=value,
        date_start=iv.start, date_end=iv.end, precision=iv.precision.value, **kw,
    )


SRC = SourceRecord(
    article="https://news.example/ncg-5", title="Allies meet", published=dt.date(2025, 12, 12),
    sentence="The allies held the fifth NCG meeting in Washington on Thursday; it went well.",
    start=0, end=80,
)

# value -> (TimelineJS start, end or None, display, ICS DTSTART, ICS DTEND exclusive)
CASES = [
    ("2025-12-11", {"year": 2025, "month": 12, "day": 11}, None, "Dec. 11, 2025",
     dt.date(2025, 12, 11), dt.date(2025, 12, 12)),
    ("2025-W44", {"year": 2025, "month": 10, "day": 27}, {"year": 2025, "month": 11, "day": 2},
     "week of Oct. 27, 2025", dt.date(2025, 10, 27), dt.date(2025, 11, 3)),
    ("2025-01", {"year": 2025, "month": 1}, None, "January 2025",
     dt.date(2025, 1, 1), dt.date(2025, 2, 1)),
    ("2026-Q1", {"year": 2026, "month": 1}, {"year": 2026, "month": 3}, "Q1 2026",
     dt.date(2026, 1, 1), dt.date(2026, 4, 1)),
    ("2026-H1", {"year": 2026, "month": 1}, {"year": 2026, "month": 6}, "first half of 2026",
     dt.date(2026, 1, 1), dt.date(2026, 7, 1)),
    ("2025-WI", {"year": 2025, "month": 12}, {"year": 2026, "month": 2}, "winter 2025",
     dt.date(2025, 12, 1), dt.date(2026, 3, 1)),
    ("2026", {"year": 2026}, None, "2026", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
    ("199X", {"year": 1990}, {"year": 1999}, "1990s", dt.date(1990, 1, 1), dt.date(2000, 1, 1)),
]


@pytest.mark.parametrize(("value", "start", "end", "display", "dtstart", "dtend"), CASES)
def test_partial_dates(
    value: str, start: dict[str, int], end: dict[str, int] | None, display: str,
    dtstart: dt.date, dtend: dt.date,
) -> None:
    r = record(1, value)
    slide = timelinejs_data([r])["events"][0]
    assert (slide["start_date"], slide.get("end_date")) == (start, end)
    assert display_date(r) == display
    (event,) = icalendar.Calendar.from_ical(to_ics([r])).walk("VEVENT")
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (dtstart, dtend)
    # All-day: dates, not date-times.
    assert not isinstance(event["DTSTART"].dt, dt.datetime)


def validate_timelinejs(doc: Any) -> None:
    """The structure TimelineJS 3 documents for its JSON format."""
    slide_keys = {"start_date", "end_date", "text", "media", "group", "display_date",
                  "background", "autolink", "unique_id"}
    date_keys = {"year", "month", "day", "hour", "minute", "second", "millisecond",
                 "display_date", "format"}
    assert isinstance(doc, dict) and set(doc) <= {"title", "events", "eras", "scale"}
    assert isinstance(doc["events"], list)

    def check_date(d: Any) -> tuple[int, int, int]:
        assert isinstance(d, dict) and set(d) <= date_keys and isinstance(d["year"], int)
        if "day" in d:
            assert "month" in d, "a day needs its month"
        month, day = d.get("month", 1), d.get("day", 1)
        assert 1 <= month <= 12
        dt.date(d["year"], month, day)  # a real calendar day
        return d["year"], month, day

    def check_text(t: Any) -> None:
        assert isinstance(t, dict) and set(t) <= {"headline", "text"}
        assert all(isinstance(v, str) for v in t.values())

    if "title" in doc:
        assert set(doc["title"]) <= slide_keys
        check_text(doc["title"]["text"])
    ids = [e["unique_id"] for e in doc["events"] if "unique_id" in e]
    assert len(ids) == len(set(ids)), "unique_id must be unique"
    for slide in doc["events"]:
        assert isinstance(slide, dict) and set(slide) <= slide_keys, set(slide) - slide_keys
        start = check_date(slide["start_date"])
        if "end_date" in slide:
            assert check_date(slide["end_date"]) >= start
        if "text" in slide:
            check_text(slide["text"])
        assert isinstance(slide.get("group", ""), str)
        assert isinstance(slide.get("display_date", ""), str)


def test_timelinejs_validates() -> None:
    records = [record(i, case[0], title=f"Event {i} <b>&", sources=(SRC,)) for i, case in enumerate(CASES, 1)]
    doc = json.loads(render(records, "timelinejs", title="Alliance"))
    validate_timelinejs(doc)
    assert doc["title"]["text"]["headline"] == "Alliance"
    first = doc["events"][0]
    assert first["text"]["headline"] == "Event 1 <b>&"  # headlines are plain text
    assert '<a href="https://news.example/ncg-5">Allies meet</a>' in first["text"]["text"]
    assert first["group"] == "meeting"


def test_ics_is_rfc5545() -> None:
    records = [
        record(18, "2025-12-11", title="5th NCG meeting, Washington", location="Washington",
               actors=("KR", "US"), sources=(SRC,)),
        record(20, "2026-H1", title="6th NCG meeting", status="planned"),
    ]
    stamp = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    text = to_ics(records, namespace="sqlite:///a.db", stamp=stamp)
    lines = text.split("\r\n")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in lines)
    cal = icalendar.Calendar.from_ical(text)
    met, planned = cal.walk("VEVENT")
    assert str(met["SUMMARY"]) == "5th NCG meeting, Washington"
    assert str(met["LOCATION"]) == "Washington" and str(met["URL"]) == SRC.article
    assert "Thursday; it went well" in str(met["DESCRIPTION"])  # escaped and unfolded back
    assert str(planned["SUMMARY"]) == "6th NCG meeting (first half of 2026)"
    assert (str(met["STATUS"]), str(planned["STATUS"])) == ("CONFIRMED", "TENTATIVE")
    # UIDs: stable for the same database, distinct across databases.
    again = icalendar.Calendar.from_ical(to_ics(records, namespace="sqlite:///a.db"))
    other = icalendar.Calendar.from_ical(to_ics(records, namespace="sqlite:///b.db"))
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in again.walk("VEVENT")]
    assert not set(uids) & {str(e["UID"]) for e in other.walk("VEVENT")}


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip() == t and t.strip()))
def test_ics_text_survives_any_title(title: str) -> None:
    """Escaping and folding give back exactly the text put in (CR/LF become LF)."""
    (event,) = icalendar.Calendar.from_ical(to_ics([record(1, "2025-12-11", title=title)])).walk("VEVENT")
    assert str(event["SUMMARY"]) == title.replace("\r\n", "\n").replace("\r", "\n")


def test_write_export_errors(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_export("x", tmp_path / "no" / "such.json")
    with pytest.raises(OutputError, match="is a folder"):
        write_export("x", tmp_path)
    out = write_export("a\r\nb", tmp_path / "ok.ics")
    assert out.read_bytes() == b"a\r\nb"  # CRLF kept as written
    assert [p.name for p in tmp_path.iterdir()] == ["ok.ics"]  # no temporary file left


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from timeline.demo import ingest_samples
    from timeline.store import Store

    db = str(tmp_path_factory.mktemp("export") / "demo.db")
    with Store(db) as store:
        ingest_samples(store)
    return db


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "ics", "timelinejs"])
def test_export_command_writes_only_where_asked(demo_db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    result = run("export", "--db", demo_db, "--format", fmt, "--kind", "meeting", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and out.exists()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    stdout = run("export", "--db", demo_db, "--format", fmt, "--kind", "meeting").output
    if fmt != "ics":  # the ics DTSTAMP is the time of export
        assert stdout == out.read_text("utf-8")


def test_export_filters_and_errors(demo_db: str, tmp_path: Path) -> None:
    doc = json.loads(run("export", "--db", demo_db, "--format", "timelinejs", "--series", "NCG",
                         "--title", "NCG").output)
    validate_timelinejs(doc)
    assert doc["title"]["text"]["headline"] == "NCG"
    assert all("NCG" in e["text"]["headline"] for e in doc["events"])
    bad = CliRunner().invoke(main, ["export", "--db", demo_db, "--format", "csv",
                                    "-o", str(tmp_path / "missing" / "x.csv")])
    assert bad.exit_code == 1 and "does not exist; create it first" in bad.output
    bad = CliRunner().invoke(main, ["export", "--db", demo_db, "--format", "ics", "-o", str(tmp_path)])
    assert bad.exit_code == 1 and "is a folder" in bad.output


def test_csv_export_neutralizes_formulas() -> None:
    text = render([record(1, "2025", title="=HYPERLINK(\"x\")", location="+cmd")], "csv")
    row = text.splitlines()[1]
    assert "'=HYPERLINK" in row and "'+cmd" in row
