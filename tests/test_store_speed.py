"""The shortcuts of reading and storing an article give what the plain
computations give: the front matter found by one search (ingest), the digest
and the text's bytes encoded once (store.hash_and_encode), and the text
stored as those bytes cast to TEXT."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import ingest
from timeline.errors import SourceError
from timeline.store import Store, content_hash, hash_and_encode

# Whitespace str.strip() drops, ASCII and not; characters of one, two, three
# and four UTF-8 bytes; what normalization rewrites; a NUL.
PIECES = [
    " ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2000",
    "\u2028", "\u3000", "a", "Z", "é", "’", "—", "\U0001f600", "\x00", "\ufeff", "\u200b",
    "Seoul", "  \n\n",
]  # fmt: skip


def _plain(text: str) -> tuple[str, bytes]:
    return content_hash(text), text.encode("utf-8")


@given(st.lists(st.sampled_from(PIECES), max_size=30))
@settings(max_examples=1500, deadline=None)
def test_hash_and_encode_is_the_content_hash_and_the_utf8_bytes(pieces: list[str]) -> None:
    text = "".join(pieces)
    digest, data = hash_and_encode(text)
    plain_digest, plain_data = _plain(text)
    assert digest == plain_digest
    assert data is None if "\r" in text else data == plain_data


def test_hash_and_encode_on_chosen_texts() -> None:
    texts = [
        "", " ", "\u3000", "x", " x ", "\xa0é\xa0", "\u2000’\u2000\n", "a\u200bb ", "\ufeffa",
        " " * 500 + "Title\n\nBody — “quoted”.\n", "a\rb", "\r\n x \r\n", "x\n\x85",
    ]  # fmt: skip
    for text in texts:
        digest, data = hash_and_encode(text)
        assert digest == content_hash(text), repr(text)
        assert data == (None if "\r" in text else text.encode("utf-8")), repr(text)
    # The digest is of the stripped text: outer whitespace of any kind counts for nothing.
    assert hash_and_encode("\u3000 x\xa0\n")[0] == hashlib.sha256(b"x").hexdigest()


def _stored(db: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT text, typeof(text), content_hash FROM article ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16le"])
def test_the_stored_text_is_the_text(tmp_path: Path, encoding: str) -> None:
    db = tmp_path / "t.db"
    # A database created in another encoding: the text goes to SQLite as a string.
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA encoding = '{encoding}'")
    con.execute("CREATE TABLE created_first (x)")
    con.commit()
    con.close()
    texts = [
        " " * 40 + "SEOUL, Dec. 12, 2025 (Yonhap) -- The allies met in Seoul. “Quoted” — 😀\n",
        "Windows lines\r\nSEOUL, Dec. 12, 2025 (Yonhap) -- Talks.\r\n",
        "\xa0NUL\x00inside, Dec. 12, 2025.\u3000",
    ]
    with Store(db) as store, store.ingesting() as batch:
        for i, text in enumerate(texts):
            assert batch.ingest_text(text, source=f"s{i}.txt").new
        # Known again by the same digest.
        assert not batch.ingest_text(texts[0] + "\n", source="again.txt").new
    assert sqlite3.connect(db).execute("PRAGMA encoding").fetchone()[0] == encoding
    assert _stored(db) == [(text, "text", content_hash(text)) for text in texts]


FRONT_PIECES = [
    "---", "-", "--", "\n", "\r", "\r\n", " ", "\t", "a", "title: x", "---\n", "\n---", "--- \t\r\n",
    "\n---\n", "\r\n---\r\n", "\n--- x\n", "\n----\n",
]  # fmt: skip


@given(st.lists(st.sampled_from(FRONT_PIECES), max_size=14))
@settings(max_examples=1500, deadline=None)
def test_front_matter_is_what_the_pattern_matches(pieces: list[str]) -> None:
    for raw in ("".join(pieces), "---\n" + "".join(pieces), "---\r\n" + "".join(pieces)):
        fm = ingest._FRONT_MATTER.match(raw)
        assert ingest._front_matter(raw) == ((fm.group(1), fm.end()) if fm else None), repr(raw)


def test_front_matter_on_chosen_texts() -> None:
    texts = [
        "---\n---\n", "---\n\n---\n", "---\r\n\r\n---\r\n", "---\na: 1\n---", "---\na: 1\r\n---  \r\nx",
        "--- \t\na: 1\n--- x\n---\nbody", "---\na\r\r\n---\n", "---\r\n---\r\n", "---\n---", "x---\n---\n",
        "---\na: 1\n----\n", "---\n\r\n---\n",
    ]  # fmt: skip
    found = 0
    for raw in texts:
        fm = ingest._FRONT_MATTER.match(raw)
        found += fm is not None
        assert ingest._front_matter(raw) == ((fm.group(1), fm.end()) if fm else None), repr(raw)
    assert found == 7


BYTES = [b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c", b"\x1c", b"\xa0", b"\x00", b"a", b"\xc3\xa9"]


@given(st.lists(st.sampled_from(BYTES), max_size=12), st.integers(0, 9000))
@settings(max_examples=1500, deadline=None)
def test_decode_refuses_what_strip_and_a_slice_refuse(pieces: list[bytes], pad: int) -> None:
    tail = b"".join(pieces)
    for data in (tail, b"x" * pad + tail, b"x" * 8191 + tail, b"x" * 8192 + tail):
        _check_decode(data)


def _check_decode(data: bytes) -> None:
    empty, binary = not data.strip(), b"\x00" in data[:8192]
    try:
        ingest._decode(data, "f")
        refused = ""
    except SourceError as exc:
        refused = str(exc)
    assert ("empty file" in refused) == empty
    assert ("binary file" in refused) == (binary and not empty)
