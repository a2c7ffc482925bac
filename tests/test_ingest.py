from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from timeline.errors import SourceError
from timeline.ingest import MAX_BYTES, find_files, ingest_paths, parse_document, read_document
from timeline.store import Store

from .conftest import CORPORA


@pytest.mark.parametrize(
    ("raw", "published", "source"),
    [
        ("---\ntitle: T\npublished: 2025-12-12\n---\nBody.", dt.date(2025, 12, 12), "metadata"),
        ("---\npublished_time: 2022-05-21 22:21:00-04:00\n---\nBody.", dt.date(2022, 5, 21), "metadata"),
        ("---\ndate: '2023-07-18'\n---\nBody.", dt.date(2023, 7, 18), "metadata"),
        ("SEOUL, Dec. 12, 2025 (Yonhap) -- The allies met.", dt.date(2025, 12, 12), "dateline"),
        ("WASHINGTON, July 18, 2023 — Talks ended.", dt.date(2023, 7, 18), "dateline"),
        ("No date anywhere in this text.", None, None),
    ],
)
def test_dct_sources(raw: str, published: dt.date | None, source: str | None) -> None:
    doc = parse_document(raw, "x.md")
    assert (doc.published, doc.published_from) == (published, source)


def test_option_beats_metadata() -> None:
    doc = parse_document("---\npublished: 2020-01-01\n---\nBody.", "x.md", published=dt.date(2025, 1, 1))
    assert (doc.published, doc.published_from) == (dt.date(2025, 1, 1), "option")


def test_front_matter_is_blanked_not_cut() -> None:
    raw = "---\ntitle: T\n---\nThe body."
    doc = parse_document(raw, "x.md")
    assert len(doc.text) == len(raw) and doc.text.endswith("The body.") and doc.title == "T"


def test_latin1_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "l1.txt"
    path.write_bytes("Caf\xe9 talks resumed on July 18, 2023.".encode("latin-1"))
    assert "Café" in read_document(path).text


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(SourceError, match="limit"):
        read_document(path)


def test_folder_walk_skips_hidden_and_survives_loops(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "two.md").write_text("x")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    found = [Path(p).name for p in find_files([tmp_path]) if isinstance(p, str)]
    assert sorted(found) == ["one.txt", "two.md"]


def test_white_house_documents_use_their_own_dates(tmp_path: Path) -> None:
    docs = CORPORA / "wh-briefings-korea" / "docs"
    if not docs.is_dir():
        pytest.skip("corpus absent")
    files = sorted(docs.rglob("*.md"))[:12]
    with Store(tmp_path / "wh.db") as store:
        summary = ingest_paths(store, files)
    assert summary.articles_new + summary.articles_known == len(files)
    assert summary.without_dct == 0 and not summary.failed
