"""Web pages, datelines, feeds and bundles read from files (no network)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.html import html_to_text, looks_like_html, page_from_html
from timeline.ingest import (
    Document,
    ItemError,
    find_dct,
    find_files,
    ingest_paths,
    iter_documents,
    looks_like_feed,
    read_document,
)
from timeline.store import Store

HTML = Path(__file__).parent / "data" / "html"

# Words from the navigation, cookie banners, related links and footers of
# the test pages: none may reach the article text.
JUNK = ("cookie", "Subscribe", "Related stories", "recipes", "Most viewed", "Celebrity",
        "You may also like", "Privacy", "All rights reserved", "Advertise", "Agree and close")


@pytest.mark.parametrize(
    ("name", "title", "site", "published", "published_from", "first_words"),
    [
        ("ncg-meeting.html", "Allies hold fifth nuclear planning session in Washington",
         "Harbor Post", dt.date(2025, 12, 12), "metadata", "Defense and foreign policy officials"),
        # The only year on the page is its copyright line: not a date, so none.
        ("wire-dateline.html", "N. Korea fires ICBM toward East Sea: JCS",
         "Example Wire", None, None, "SEOUL, Dec. 18 (Example Wire) --"),
        # "WASHINGTON (AP) —" with the date printed just above it.
        ("ap-style.html", "US and South Korea sign new cost-sharing deal for troops",
         None, dt.date(2024, 11, 5), "dateline", "By JORDAN LEE"),
    ],
)
def test_saved_pages(
    name: str, title: str, site: str | None, published: dt.date | None,
    published_from: str | None, first_words: str,
) -> None:
    doc = read_document(HTML / name)
    assert (doc.title, doc.site, doc.published, doc.published_from) == (
        title, site, published, published_from,
    )
    assert doc.text.startswith(first_words)
    for junk in JUNK:
        assert junk.lower() not in doc.text.lower(), junk
    # Paragraphs stay paragraphs: extraction judges junk one paragraph at a time.
    assert "\n\n" in doc.text


def test_canonical_url_names_a_saved_page() -> None:
    doc = read_document(HTML / "ncg-meeting.html")
    assert doc.source == doc.url == "https://harborpost.example/world/asia/ncg-fifth-session"


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("SEOUL, Dec. 12, 2025 (Yonhap) -- The allies met.", {}, (dt.date(2025, 12, 12), "dateline")),
        ("SEOUL, Dec. 12 (Yonhap) -- The allies met.", {"year_hint": 2025}, (dt.date(2025, 12, 12), "dateline")),
        # No year anywhere: left unresolved rather than guessed.
        ("SEOUL, Dec. 12 (Yonhap) -- The allies met.", {}, (None, None)),
        ("SEOUL, Dec 12 (Reuters) - The allies met.", {"year_hint": 2024}, (dt.date(2024, 12, 12), "dateline")),
        ("Headline\n\nTOKYO, 2023-07-18 -- Talks ended.", {}, (dt.date(2023, 7, 18), "dateline")),
        ("Updated 4:05 PM EST, December 11, 2025\n\nWASHINGTON (AP) — Talks.", {},
         (dt.date(2025, 12, 11), "dateline")),
        # An agency dateline with no date above it: nothing to go on.
        ("WASHINGTON (AP) — Talks were held on Dec. 3, 2025.", {}, (None, None)),
        ("SEOUL, Dec. 12, 2025 (Yonhap) -- x", {"published": dt.date(2020, 1, 1)},
         (dt.date(2020, 1, 1), "option")),
        ("SEOUL, Dec. 12, 2025 (Yonhap) -- x", {"metadata": [(None, "metadata"), (dt.date(2025, 12, 13), "feed")]},
         (dt.date(2025, 12, 13), "feed")),
        ("The allies met - and agreed - on Thursday.", {}, (None, None)),
    ],
)
def test_find_dct(text: str, kwargs: dict[str, object], expected: tuple[dt.date | None, str | None]) -> None:
    assert find_dct(text, **kwargs) == expected  # type: ignore[arg-type]


def test_year_from_url_path_completes_a_dateline() -> None:
    page = (HTML / "wire-dateline.html").read_bytes()
    from timeline.ingest import _html_document  # the shared path of files and fetched pages

    doc = _html_document(page, "x", url="http://127.0.0.1/news/2023/nk-icbm.html", published=None)
    assert (doc.published, doc.published_from) == (dt.date(2023, 12, 18), "dateline")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=1900, max_value=2100) | st.none())
def test_find_dct_never_raises_and_stays_in_range(text: str, year: int | None) -> None:
    day, source = find_dct(text, year_hint=year)
    assert (day is None) == (source is None)
    assert day is None or 1900 <= day.year <= 2100


@pytest.mark.parametrize(
    ("data", "html", "feed"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", True, False),
        (b"\xef\xbb\xbf  <html lang='en'>", True, False),
        (b"<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>", False, True),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", False, True),
        (b"SEOUL, Dec. 12 -- <b>bold</b> text", False, False),
    ],
)
def test_sniffing(data: bytes, html: bool, feed: bool) -> None:
    assert (looks_like_html(data), looks_like_feed(data)) == (html, feed)


def test_html_to_text_keeps_blocks() -> None:
    assert html_to_text("<p>One <b>two</b>.</p><p>Three.</p><script>x()</script>") == "One two.\n\nThree."


def test_page_without_text_is_an_error() -> None:
    from timeline.errors import SourceError

    with pytest.raises(SourceError, match="no article text"):
        page_from_html(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "http://x/y")


def test_folder_walk_includes_html_and_glob_narrows(tmp_path: Path) -> None:
    for name in ("a.html", "b.htm", "c.md", "d.csv", "e.xml"):
        (tmp_path / name).write_text("x")
    assert sorted(Path(p).name for p in find_files([tmp_path]) if isinstance(p, str)) == [
        "a.html", "b.htm", "c.md",
    ]
    assert [Path(p).name for p in find_files([tmp_path], glob="*.htm*") if isinstance(p, str)] == [
        "a.html", "b.htm",
    ]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Alliance desk</title>
  <entry>
    <title>Allies hold fifth NCG meeting</title>
    <link href="http://127.0.0.1:9/never-fetched"/>
    <updated>2025-12-12T08:15:00+09:00</updated>
    <summary type="html">&lt;p&gt;The allies held the fifth NCG meeting in Washington on Thursday.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>An item with nothing in it</title>
    <updated>2025-12-12T09:00:00+09:00</updated>
  </entry>
</feed>
"""


def test_atom_file_with_summaries(tmp_path: Path) -> None:
    feed = tmp_path / "desk.atom"
    feed.write_text(ATOM, encoding="utf-8")
    out = list(iter_documents([feed], summaries=True))
    assert len(out) == 2
    doc, err = out[0][1], out[1][1]
    assert isinstance(doc, Document) and isinstance(err, ItemError)
    # The item's own date, as written in its time zone (not converted to UTC).
    assert (doc.published, doc.published_from) == (dt.date(2025, 12, 12), "feed")
    assert doc.title == "Allies hold fifth NCG meeting"
    assert doc.note == "feed summary used (--summaries)"
    assert "no page and no summary" in err.message


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_bundles(tmp_path: Path, suffix: str) -> None:
    rows = [
        {"text": "The allies held the fifth NCG meeting in Washington on Thursday.",
         "url": "https://news.example/ncg-5", "title": "NCG", "published": "2025-12-12"},
        {"text": "SEOUL, Dec. 18, 2023 (Yonhap) -- North Korea fired an ICBM on Monday.",
         "url": "", "title": "", "published": ""},
        {"text": "Some text.", "url": "", "title": "", "published": "not a date"},
        {"text": "", "url": "", "title": "Empty", "published": ""},
    ]
    path = tmp_path / f"bundle{suffix}"
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        import csv

        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    with Store(tmp_path / "b.db") as store:
        summary = ingest_paths(store, [path])
        again = ingest_paths(store, [path])
    assert (summary.articles_new, len(summary.failed)) == (2, 2)
    assert summary.dct_from == {"metadata": 1, "dateline": 1}
    messages = " | ".join(f.message for f in summary.failed)
    assert "row 3: published 'not a date' is not a day" in messages
    assert "no text, html or url" in messages
    assert sorted(r.source for r in summary.results) == sorted(
        ["https://news.example/ncg-5", f"{path} row 2"]
    )
    # Again: the URL is known without reading, the other row by its text.
    assert (again.articles_new, again.articles_known) == (0, 2)


@pytest.mark.corpus
def test_every_white_house_document_has_its_own_date() -> None:
    """All 321 briefings: the DCT is each document's front-matter date, none missing."""
    import yaml

    from .conftest import CORPORA, need

    docs = need(CORPORA / "wh-briefings-korea" / "docs")
    seen = 0
    for label, doc in iter_documents([docs]):
        assert isinstance(doc, Document), doc
        raw = Path(label).read_text("utf-8")
        meta = yaml.safe_load(raw.split("---", 2)[1])
        want = meta.get("published") or meta.get("published_time") or meta.get("date")
        assert doc.published_from == "metadata" and doc.published is not None
        assert doc.published.isoformat() == str(want)[:10], label
        seen += 1
    assert seen == 321
