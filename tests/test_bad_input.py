"""A corpus of bad input: each item gets a clear message, the batch goes on,
and the database stays consistent."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.cli import main
from timeline.errors import InputError
from timeline.extract import extract
from timeline.ingest import MAX_BYTES
from timeline.query import build_query
from timeline.store import Store

GOOD = "North Korea fired two short-range ballistic missiles on March 3, 2024, officials said.\n"


def build_corpus(folder: Path) -> dict[str, str]:
    """Write the bad corpus; returns file name -> words its error must contain
    ("" when the file must be ingested, softly, rather than refused)."""
    folder.mkdir()
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, words: str) -> None:
        (folder / name).write_bytes(data)
        expect[name] = words

    put("empty.txt", b"", "empty file")
    put("blank.txt", b"  \n\t \n\n", "empty file")
    put("binary.txt", bytes(range(256)) * 8, "binary file")
    put("invalid-utf8.txt", b"Talks resumed on March 3, 2024 \xff\xfe in Seoul.\n", "")
    put("latin1.txt", "Caf\xe9 talks were held on March 4, 2024.\n".encode("latin-1"), "")
    put("other-language.txt", "Les deux pays ont tenu une réunion le 5 mars 2024 à Séoul.\n".encode(), "")
    put("bad-dates.txt", b"It was held on February 30, 2024, in year 99999, on 0000-00-00.\n", "")
    put("long-line.txt", (b"word " * 400_000) + b"\n", "")
    nested = "<div>" * 10_000 + "Talks on March 6, 2024." + "</div>" * 10_000
    html = f"<html><head><script>var d='March 7, 2024';</script><style>p{{}}</style></head><body>{nested}</body></html>"
    # Refused, with a message: no main text survives 10,000 bare nested divs.
    put("nested.html", html.encode(), "no article text")
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    expect["huge.txt"] = "limit"
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    expect["good.txt"] = ""
    os.symlink(folder, folder / "loop")
    # Unreadable even for root (CI runs as root, so chmod 000 proves nothing there).
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    expect["dangling.txt"] = "no such file"
    return expect


def test_bad_corpus_batch(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    expect = build_corpus(folder)
    db = tmp_path / "bad.db"
    result = CliRunner().invoke(
        main, ["ingest", str(folder), "--glob", "*", "--db", str(db), "--published", "2024-03-10"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1  # some items failed, and said so
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    for name, words in expect.items():
        mine = [line for line in errors if name in line]
        if words:
            assert len(mine) == 1 and words in mine[0], (name, mine)
        else:
            assert not mine, (name, mine)
    with Store(db) as store:
        stats = store.stats()
        events = store.query()
    refused = sum(1 for w in expect.values() if w)
    assert stats["articles"] == len(expect) - refused
    assert any(e.kind == "missile_launch" and e.date_value == "2024-03-03" for e in events)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Rerunning changes nothing.
    CliRunner().invoke(main, ["ingest", str(folder), "--glob", "*", "--db", str(db),
                              "--published", "2024-03-10"])
    with Store(db) as store:
        assert store.stats() == stats


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text(GOOD)
    secret.chmod(0)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 1 and "permission denied" in result.output


def test_a_file_that_cannot_be_an_article_is_named_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline import ingest
    from timeline.errors import SourceError

    monkeypatch.setattr(ingest, "MAX_BYTES", 2 * 2**20)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (2 * 2**20 + 1))
    for path, message in [
        (tmp_path / "missing.txt", "missing.txt: no such file or folder; check the path"),
        (tmp_path, "is a folder; ingest accepts folders"),
        (big, "big.txt: 2.1 MB is over the 2 MB limit per article; split the file"),
    ]:
        with pytest.raises(SourceError, match=message):
            ingest._read_bytes(str(path))
    (tmp_path / "ok.txt").write_bytes(b"fine")
    assert ingest._read_bytes(str(tmp_path / "ok.txt")) == b"fine"


_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(
        st.sampled_from(
            ["North", "Korea", "fired", "missiles", "on", "March", "3", ".", "The", "allies", "held", "the", "fifth", "NCG", "meeting", "in", "Washington", "on", "Thursday", ",", "talks", "will", "begin", "early", "next", "year", "if", "not", "never", "summit", "2024", "first", "half", "of", "2026", "\n\n", "Seoul", "Pyongyang", "U.S.-ROK", "said", "warned"]
        ),
        max_size=80,
    ).map(" ".join),
)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))))
def test_extractor_never_raises(text: str, dct: dt.date | None) -> None:
    result = extract(text, dct)
    for e in result.events:
        assert 0 <= e.start <= e.end <= len(text)
        # The evidence is the article's span, line wraps read as spaces.
        assert len(text[e.start : e.end]) == len(e.sentence)
        assert text[e.start : e.end].split() == e.sentence.split()
        assert e.date.start <= e.date.end
        assert e.kind and e.title


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), st.lists(st.text(max_size=12), max_size=3))
def test_query_parser_never_raises_anything_else(date_from: str, kind: str, actors: list[str]) -> None:
    try:
        q = build_query(date_from=date_from or None, kinds=[kind] if kind else [], actors=actors)
    except InputError:
        return
    with Store(":memory:") as store:
        assert store.query(q) == []


def test_titles_with_markup_are_escaped_in_svg(tmp_path: Path) -> None:
    from timeline.plot import plot_events
    from timeline.records import EventRecord

    title = '<script>alert("x")</script> & "quotes" \x07bell'
    day = dt.date(2025, 12, 11)
    record = EventRecord(
        id=1, kind="meeting", title=title, date_value=day.isoformat(), date_start=day,
        date_end=day, precision="day",
    )
    out = plot_events([record], tmp_path / "c.svg", title="<b>chart</b>")
    svg = out.read_text("utf-8")
    assert "<script>" not in svg and "<b>" not in svg
    assert "\x07" not in svg
    import xml.dom.minidom

    xml.dom.minidom.parseString(svg)  # still well-formed XML


@settings(max_examples=40, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
def test_reingest_is_idempotent(texts: list[str], dct: dt.date) -> None:
    """Whatever the articles, ingesting them again changes nothing."""
    with Store(":memory:") as store:
        for i, text in enumerate(texts):
            store.ingest_text(text + f"\n{i}", source=f"a{i}.txt", published=dct)
        before = store.stats(), [e.to_json() for e in store.query()]
        for i, text in enumerate(texts):
            assert not store.ingest_text(text + f"\n{i}", source=f"b{i}.txt", published=dct).new
        assert (store.stats(), [e.to_json() for e in store.query()]) == before
