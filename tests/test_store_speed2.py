"""A file read as UTF-8 hands its own bytes to the store (Document.encoded)
rather than having its text encoded again: those bytes are the text's UTF-8
encoding, whatever the front matter, inline tags, byte order mark or
encoding of the file (tags rewritten by unmark_inline, _unmark_utf8), and
the stored article is the same."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import ingest
from timeline.ingest import Document, ingest_paths, iter_documents, parse_document
from timeline.store import Store

# Front matter (a mapping, a list, broken, unclosed), characters of one to
# four UTF-8 bytes, inline tags that unmark_inline rewrites, line endings.
PIECES = [
    "---\n", "---\r\n", "title: Séoul — “talks”\n", "date: 2023-04-26\n", "- a\n- b\n",
    "key: [unclosed\n", "source_url: https://www.whitehouse.gov/x/\n", "a", "é", "’", "—",
    "\U0001f600", " ", "\n", "\r\n", "\t", "26<sup>th</sup>", "<s>gone é</s>", "<sub>2</sub>",
    "<sup>é’</sup>", "<s>", "</s>", "<sup>", "</sup>", "<b>",
    "On April 26, 2023, the leaders met in Washington.", "\ufeff", "\xa0",
]  # fmt: skip


def _check(data: bytes) -> None:
    raw, utf8 = ingest._decode_utf8(data, "x.md")
    assert raw == ingest._decode(data, "x.md")
    doc = parse_document(raw, "x.md", data=data if utf8 else None)
    assert doc == parse_document(raw, "x.md")
    if utf8:
        assert data == raw.encode("utf-8")
    if doc.encoded is not None:
        assert doc.encoded == doc.text.encode("utf-8")


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25))
@settings(max_examples=1500, deadline=None)
def test_encoded_is_the_texts_utf8(pieces: list[str]) -> None:
    text = "".join(pieces)
    if not text.strip():
        return
    _check(text.encode("utf-8"))
    _check(b"\xef\xbb\xbf" + text.encode("utf-8"))  # a byte order mark
    _check(text.encode("utf-8") + b"\xff")  # not UTF-8: read as Windows-1252
    _check(text.encode("cp1252", errors="replace"))  # UTF-8 only when ASCII


def test_encoded_on_chosen_files() -> None:
    fm = "---\ntitle: “Séoul” — talks\ndate: 2023-04-26\n---\n"
    for text in (
        "plain ASCII text",
        fm + "Body: 26<sup>th</sup> of April, ’23.",
        fm + "Body without tags: ’23 — é \U0001f600",
        "---\n- a list\n---\nbody é",
        "no front matter, é and <s>struck é</s>",
    ):
        _check(text.encode("utf-8"))
    data = (fm + "Body é").encode("utf-8")
    doc = parse_document(data.decode("utf-8"), "x.md", data=data)
    assert doc.encoded is not None and doc.encoded != data  # rebuilt after the blanks
    assert parse_document("abc", "x.md", data=b"abc").encoded == b"abc"
    assert parse_document("abc", "x.md").encoded is None


def _stored(db: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT content_hash, text, typeof(text), title, published FROM article ORDER BY id"
        ).fetchall()
    finally:
        con.close()


def test_ingest_stores_what_the_text_gives(tmp_path: Path) -> None:
    files = tmp_path / "in"
    files.mkdir()
    fm = "---\ntitle: “Séoul” talks\ndate: 2023-04-26\n---\n"
    bodies = [
        fm + "On April 26, 2023, President Biden met President Yoon in Washington. ’é\n",
        fm + "\n  The 26<sup>th</sup> summit was held on May 3, 2023 in Seoul. \U0001f600\n\n",
        "No front matter. The talks took place on June 1, 2023 in Tokyo — é.\n",
    ]
    for i, body in enumerate(bodies):
        (files / f"{i}.md").write_bytes(body.encode("utf-8"))
    with Store(tmp_path / "a.db") as store:
        ingest_paths(store, [str(files)], workers=1)
    docs = [d for _, d in iter_documents([str(files)]) if isinstance(d, Document)]
    assert len(docs) == 3 and all(d.encoded is not None for d in docs)
    with Store(tmp_path / "b.db") as store:
        for d in docs:
            store.ingest_text(d.text, source=d.source, published=d.published, title=d.title)
    assert _stored(tmp_path / "a.db") == _stored(tmp_path / "b.db")
