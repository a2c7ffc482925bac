"""Tests of TimeML reading, writing and TempEval-3 scoring (timeline.timeml)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import unescape

import pytest

from timeline.dates import TimexType
from timeline.timeml import (
    TimeMLError,
    Timex,
    align,
    parse_timeml,
    read_timeml,
    score,
    value_shape,
    write_timeml,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "timeml-tbaq"

# A made-up wire story: a DCT with a time of day, an entity in the text, a
# TIMEX3 with a mod, EVENT and SIGNAL tags to be stripped.
SAMPLE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST0001</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="2021-06-14T09:30" functionInDocument="CREATION_TIME">2021-06-14 09:30</TIMEX3></DCT>
<TITLE>Harbour ferry resumes &amp; fares fall</TITLE>
<TEXT>
The harbour ferry <EVENT eid="e1" class="OCCURRENCE">resumed</EVENT> service <TIMEX3 tid="t5" type="DATE" value="2021-06-13">Sunday</TIMEX3> after <TIMEX3 tid="t6" type="DURATION" value="P3M" mod="APPROX">about three months</TIMEX3> of repairs.
Fares &amp; timetables <SIGNAL sid="s1">for</SIGNAL> <TIMEX3 tid="t7" type="DATE" value="2021-SU">the summer</TIMEX3> will be <EVENT eid="e2" class="OCCURRENCE">posted</EVENT> <TIMEX3 tid="t8" type="DATE" value="PRESENT_REF">today</TIMEX3>.
</TEXT>
<TLINK lid="l1" eventInstanceID="ei1" relatedToTime="t5" relType="IS_INCLUDED"/>
</TimeML>
"""

SAMPLE_TEXT = (
    "\nThe harbour ferry resumed service Sunday after about three months of repairs.\n"
    "Fares &amp; timetables for the summer will be posted today.\n"
)

_TAG = re.compile(r"<[^>]+>")


def text_part(raw: str) -> str:
    """The TEXT element's content of a TimeML string, tags still in."""
    m = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    assert m is not None
    return m.group(1)


def tx(
    start: int, end: int, type_: TimexType = "DATE", value: str = "2021", mod: str | None = None
) -> Timex:
    """A timex for scoring tests, where only offsets and attributes matter."""
    return Timex(start, end, "x" * (end - start), type_, value, mod)


# ---------------------------------------------------------------------------
# Reading


def test_text_is_tag_free_and_keeps_entities() -> None:
    doc = parse_timeml(SAMPLE)
    assert doc.text == SAMPLE_TEXT
    assert doc.raw == SAMPLE
    assert doc.raw[doc.text_start : doc.text_end] == text_part(SAMPLE)


def test_dct_is_the_day_of_the_dct_timex() -> None:
    doc = parse_timeml(SAMPLE)
    assert doc.dct == dt.date(2021, 6, 14)
    assert doc.dct_value == "2021-06-14T09:30"
    assert doc.reserved_tids == frozenset({"t0"})


def test_dct_from_creation_time_without_dct_element() -> None:
    raw = (
        '<TimeML><DOCNO>X</DOCNO><DATE_TIME><TIMEX3 tid="t9" type="DATE" value="2019-02-01" '
        'functionInDocument="CREATION_TIME">02/01/19</TIMEX3></DATE_TIME>'
        "<TEXT>Nothing dated here.</TEXT></TimeML>"
    )
    doc = parse_timeml(raw)
    assert doc.dct == dt.date(2019, 2, 1)
    assert doc.reserved_tids == frozenset({"t9"})


def test_no_dct() -> None:
    doc = parse_timeml("<TimeML><TEXT>Plain.</TEXT></TimeML>")
    assert doc.dct is None
    assert doc.gold == []
    assert doc.text == "Plain."


def test_gold_offsets_and_attributes() -> None:
    doc = parse_timeml(SAMPLE)
    got = [(t.text, t.type, t.value, t.mod) for t in doc.gold]
    assert got == [
        ("Sunday", "DATE", "2021-06-13", None),
        ("about three months", "DURATION", "P3M", "APPROX"),
        ("the summer", "DATE", "2021-SU", None),
        ("today", "DATE", "PRESENT_REF", None),
    ]
    for t in doc.gold:
        assert doc.text[t.start : t.end] == t.text
    assert doc.gold[0].start == SAMPLE_TEXT.index("Sunday")
    # After "&amp;" the offsets still count the entity as five characters.
    assert doc.gold[2].start == SAMPLE_TEXT.index("the summer")


def test_read_from_path_and_from_text(tmp_path: Path) -> None:
    path = tmp_path / "sample.tml"
    path.write_text(SAMPLE, encoding="utf-8")
    from_file = read_timeml(path)
    assert from_file.text == SAMPLE_TEXT
    assert from_file.name == "sample.tml"
    assert read_timeml(str(path)).gold == from_file.gold
    assert read_timeml(SAMPLE).gold == from_file.gold


def test_crlf_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.tml"
    path.write_bytes(SAMPLE.replace("\n", "\r\n").encode())
    doc = read_timeml(path)
    assert doc.text == SAMPLE_TEXT.replace("\n", "\r\n")
    assert all(doc.text[t.start : t.end] == t.text for t in doc.gold)
    out = write_timeml(doc, doc.gold)
    assert out.count("\r\n") == doc.raw.count("\r\n")
    assert parse_timeml(out).text == doc.text


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("<TimeML><TEXT>Broken <TIMEX3 type='DATE'>May</TEXT></TimeML>", "malformed XML"),
        ("<TimeML><TEXT>An &undefined; entity</TEXT></TimeML>", "malformed XML"),
        ("<TimeML><DOCID>x</DOCID></TimeML>", "no <TEXT>"),
        ("not xml at all <", "malformed XML"),
    ],
)
def test_bad_input_raises(tmp_path: Path, raw: str, message: str) -> None:
    path = tmp_path / "bad_story.tml"
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(TimeMLError, match=message) as info:
        read_timeml(path)
    assert "bad_story.tml" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_timex_type_raises() -> None:
    raw = (
        '<TimeML><TEXT>Due <TIMEX3 tid="t1" type="EPOCH" value="2021">soon</TIMEX3></TEXT></TimeML>'
    )
    with pytest.raises(TimeMLError, match="EPOCH"):
        parse_timeml(raw)


def test_missing_file_raises_timeml_error(tmp_path: Path) -> None:
    with pytest.raises(TimeMLError, match=r"absent\.tml"):
        read_timeml(tmp_path / "absent.tml")


# ---------------------------------------------------------------------------
# Writing


def test_round_trip_of_gold() -> None:
    doc = parse_timeml(SAMPLE)
    out = write_timeml(doc, doc.gold)
    again = parse_timeml(out)
    assert again.text == doc.text
    assert again.gold == doc.gold
    assert again.dct == doc.dct
    # Outside TEXT nothing moved.
    assert out[: doc.text_start] == SAMPLE[: doc.text_start]
    assert out[again.text_end :] == SAMPLE[doc.text_end :]
    # The only tags left in TEXT are ours.
    assert _TAG.sub("", text_part(out)) == doc.text
    assert "EVENT" not in text_part(out) and "SIGNAL" not in text_part(out)


def test_written_tags_numbering_and_attributes() -> None:
    doc = parse_timeml(SAMPLE)
    out = text_part(write_timeml(doc, list(reversed(doc.gold))))
    tags = re.findall(r"<TIMEX3 [^>]*>", out)
    assert tags == [
        '<TIMEX3 tid="t1" type="DATE" value="2021-06-13">',
        '<TIMEX3 tid="t2" type="DURATION" value="P3M" mod="APPROX">',
        '<TIMEX3 tid="t3" type="DATE" value="2021-SU">',
        '<TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">',
    ]


def test_written_tids_skip_reserved() -> None:
    raw = SAMPLE.replace('tid="t0"', 'tid="t1"')
    doc = parse_timeml(raw)
    out = text_part(write_timeml(doc, doc.gold[:2]))
    assert re.findall(r'tid="(t\d+)"', out) == ["t2", "t3"]


def test_written_values_are_escaped_and_text_byte_identical() -> None:
    doc = parse_timeml(SAMPLE)
    start = doc.text.index("Fares")
    odd = Timex(start, start + 5, "Fares", "DATE", 'a"b<c>&d', "ON_OR_AFTER")
    out = write_timeml(doc, [odd])
    ET.fromstring(out)  # still well-formed
    back = parse_timeml(out)
    assert back.text == doc.text
    assert back.gold == [odd]


def test_nested_spans_are_written_nested() -> None:
    doc = parse_timeml(SAMPLE)
    start = doc.text.index("about three months")
    outer = Timex(start, start + 18, "about three months", "DURATION", "P3M", "APPROX")
    inner = Timex(start + 6, start + 18, "three months", "DURATION", "P3M")
    out = text_part(write_timeml(doc, [inner, outer]))
    assert '<TIMEX3 tid="t1" type="DURATION" value="P3M" mod="APPROX">about ' in out
    assert '<TIMEX3 tid="t2" type="DURATION" value="P3M">three months</TIMEX3></TIMEX3>' in out
    assert _TAG.sub("", out) == doc.text


def test_empty_timex_list_gives_plain_text() -> None:
    doc = parse_timeml(SAMPLE)
    assert text_part(write_timeml(doc, [])) == doc.text


def test_unwritable_spans_raise() -> None:
    doc = parse_timeml(SAMPLE)
    n = len(doc.text)

    def span(start: int, end: int) -> Timex:
        return Timex(start, end, doc.text[start:end], "DATE", "2021")

    cases = [
        ([span(1, 10), span(5, 15)], "crosses"),
        ([Timex(n - 2, n + 3, doc.text[n - 2 :], "DATE", "2021")], "outside"),
        ([Timex(1, 4, "zzz", "DATE", "2021")], "not 'zzz'"),
    ]
    for timexes, message in cases:
        with pytest.raises(TimeMLError, match=message):
            write_timeml(doc, timexes)


def test_span_cutting_an_entity_raises() -> None:
    doc = parse_timeml(SAMPLE)
    amp = doc.text.index("&amp;")
    bad = Timex(amp + 2, amp + 8, doc.text[amp + 2 : amp + 8], "DATE", "2021")
    with pytest.raises(TimeMLError, match="entity"):
        write_timeml(doc, [bad])


# ---------------------------------------------------------------------------
# Scoring


def test_score_exact_overlap_miss_spurious_wrong_value() -> None:
    gold = [
        tx(0, 10, "DATE", "2021-05-04"),  # found exactly
        tx(20, 30, "DURATION", "P3D"),  # found with a longer span
        tx(40, 45, "DATE", "2021"),  # found exactly, wrong value
        tx(60, 70, "TIME", "2021-05-04T10:00"),  # missed
    ]
    pred = [
        tx(0, 10, "DATE", "2021-05-04"),
        tx(22, 35, "DURATION", "P3D"),
        tx(40, 45, "DATE", "2020"),
        tx(80, 90, "DATE", "2021-05-05"),  # spurious
    ]
    s = score([(gold, pred)])
    o = s.overall
    assert (o.gold, o.pred, o.strict_gold, o.relaxed_gold, o.type_ok, o.value_ok) == (
        4,
        4,
        2,
        3,
        3,
        2,
    )
    assert o.strict_precision == o.strict_recall == o.strict_f1 == 0.5
    assert o.relaxed_precision == o.relaxed_recall == o.relaxed_f1 == 0.75
    assert o.type_accuracy == 1.0
    assert o.value_accuracy == pytest.approx(2 / 3)
    assert o.value_f1 == pytest.approx(0.5)

    date = s.by_type["DATE"]
    assert (date.gold, date.pred, date.relaxed_gold, date.relaxed_pred) == (2, 3, 2, 2)
    assert date.relaxed_precision == pytest.approx(2 / 3)
    assert date.relaxed_recall == 1.0
    assert date.strict_precision == pytest.approx(2 / 3)
    assert date.value_accuracy == 0.5
    duration = s.by_type["DURATION"]
    assert (duration.strict_gold, duration.relaxed_gold, duration.relaxed_f1) == (0, 1, 1.0)
    time = s.by_type["TIME"]
    assert (time.gold, time.pred, time.relaxed_recall, time.relaxed_f1) == (1, 0, 0.0, 0.0)


def test_score_is_one_to_one_and_prefers_exact() -> None:
    gold = [tx(10, 20)]
    pred = [tx(5, 15), tx(10, 20), tx(15, 25)]
    a = align(gold, pred)
    assert a.matches == [(gold[0], pred[1])]
    assert a.spurious == [pred[0], pred[2]]
    o = score([(gold, pred)]).overall
    assert (o.strict_gold, o.relaxed_gold, o.pred) == (1, 1, 3)
    assert o.relaxed_precision == pytest.approx(1 / 3)
    assert o.relaxed_recall == 1.0


def test_score_prefers_larger_overlap() -> None:
    gold = [tx(0, 10), tx(12, 30)]
    pred = [tx(8, 25)]  # 2 chars with the first, 13 with the second
    assert align(gold, pred).matches == [(gold[1], pred[0])]


def test_touching_spans_do_not_overlap() -> None:
    a = align([tx(0, 5)], [tx(5, 9)])
    assert a.matches == [] and len(a.missed) == 1 and len(a.spurious) == 1


def test_type_confusion_is_split_by_gold_and_predicted_type() -> None:
    s = score([([tx(0, 9, "DATE", "P1Y")], [tx(0, 9, "DURATION", "P1Y")])])
    assert s.overall.type_accuracy == 0.0
    assert s.overall.value_accuracy == 1.0
    assert s.by_type["DATE"].relaxed_recall == 1.0
    assert s.by_type["DATE"].pred == 0
    assert s.by_type["DURATION"].relaxed_precision == 1.0
    assert s.by_type["DURATION"].gold == 0


def test_score_adds_documents_and_handles_nothing() -> None:
    one = ([tx(0, 4)], [tx(0, 4)])
    two: tuple[list[Timex], list[Timex]] = ([tx(0, 4)], [])
    o = score([one, two]).overall
    assert (o.gold, o.pred, o.relaxed_gold) == (2, 1, 1)
    assert o.relaxed_recall == 0.5 and o.relaxed_precision == 1.0
    empty = score([]).overall
    assert empty.value_f1 == 0.0 and empty.strict_precision == 0.0
    assert score([]).to_json()["overall"]["gold"] == 0


def test_mod_accuracy() -> None:
    gold = [tx(0, 5, mod="APPROX"), tx(10, 15)]
    pred = [tx(0, 5, mod=None), tx(10, 15)]
    assert score([(gold, pred)]).overall.mod_accuracy == 0.5


@pytest.mark.parametrize(
    ("value", "type_", "shape"),
    [
        ("2021-05-04", "DATE", "day"),
        ("2021-05", "DATE", "month"),
        ("2021", "DATE", "year"),
        ("2021-W19", "DATE", "week"),
        ("2021-Q2", "DATE", "part of year"),
        ("2021-SU", "DATE", "part of year"),
        ("P3D", "DURATION", "duration"),
        ("PT2H", "DURATION", "duration"),
        ("PAST_REF", "DATE", "ref"),
        ("2021-05-04T10:00", "TIME", "time"),
        ("2021-05-04TEV", "TIME", "time"),
        ("199X", "DATE", "decade/century"),
        ("XXXX-XX-XX", "DATE", "underspecified"),
        ("P1W", "SET", "set"),
        ("", "DATE", "empty"),
    ],
)
def test_value_shape(value: str, type_: TimexType, shape: str) -> None:
    assert value_shape(value, type_) == shape


# ---------------------------------------------------------------------------
# The real corpus (TimeBank + AQUAINT, TBAQ-cleaned)


def _corpus_file(rel: str) -> Path:
    path = CORPUS / rel
    if not path.is_file():
        pytest.skip(f"corpus file {path} not available")
    return path


@pytest.mark.corpus
@pytest.mark.parametrize(
    "rel",
    ["TimeBank/wsj_0551.tml", "AQUAINT/APW19980811.0474.tml"],  # a mod="..."; CRLF line ends
)
def test_corpus_gold_slices_match_timex3_elements(rel: str) -> None:
    path = _corpus_file(rel)
    doc = read_timeml(path)
    assert doc.dct is not None and doc.reserved_tids == frozenset({"t0"})
    text_el = ET.parse(path).getroot().find("TEXT")
    assert text_el is not None
    elements = list(text_el.iter("TIMEX3"))
    assert elements and len(elements) == len(doc.gold)
    for el, t in zip(elements, doc.gold, strict=True):
        # ElementTree resolves entities and normalises CRLF; our text keeps both.
        assert unescape(doc.text[t.start : t.end]).replace("\r\n", "\n") == "".join(el.itertext())
        assert (t.type, t.value, t.mod) == (el.get("type"), el.get("value"), el.get("mod"))
    assert write_timeml(doc, doc.gold).count("<TIMEX3") == len(doc.gold) + 1  # + the DCT


@pytest.mark.corpus
def test_corpus_round_trips() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus {CORPUS} not available")
    paths = sorted(CORPUS.rglob("*.tml"))
    assert paths
    for path in paths:
        doc = read_timeml(path)
        out = write_timeml(doc, doc.gold)
        again = parse_timeml(out)
        assert again.text == doc.text, path
        assert again.gold == doc.gold, path
        assert out[: doc.text_start] == doc.raw[: doc.text_start], path
