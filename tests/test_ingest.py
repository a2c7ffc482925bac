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


def test_a_failed_article_in_a_batch_leaves_nothing_and_the_rest_stay(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles of one ingest share write transactions; one whose events
    cannot be written (here: a write that fails after its article row went
    in) is rolled back alone, reported as failed, and the others are stored."""
    import timeline.store as store_module
    from timeline.errors import StoreError

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(
            f"Report {name}. The allies held talks in Seoul on Monday, March 3, 2025.\n"
        )
    real = store_module.Writer.write_all
    calls = []

    def failing(self: store_module.Writer, events: list, article_id: int | None = None) -> list:  # type: ignore[type-arg]
        written = real(self, events, article_id)
        calls.append(article_id)
        if len(calls) == 2:  # b's
            raise StoreError("cannot write the events of the second article")
        return written

    monkeypatch.setattr(store_module.Writer, "write_all", failing)
    summary = ingest_paths(store, [folder], published=dt.date(2025, 3, 5))
    assert [Path(f.source).name for f in summary.failed] == ["b.txt"]
    assert "second article" in summary.failed[0].message
    with store.engine.connect() as conn:
        sources = [r[0] for r in conn.exec_driver_sql("SELECT source FROM article ORDER BY id")]
        mentions = conn.exec_driver_sql("SELECT count(*) FROM mention").scalar()
    assert [Path(s).name for s in sources] == ["a.txt", "c.txt"]
    assert mentions == 2  # one talks event, told by a and c; nothing of b
    # Ingesting again stores b alone.
    monkeypatch.setattr(store_module.Writer, "write_all", real)
    again = ingest_paths(store, [folder], published=dt.date(2025, 3, 5))
    assert (again.articles_new, again.articles_known, again.failed) == (1, 2, [])


def test_a_batch_commits_as_it_goes_and_at_the_end(tmp_path: Path, store: Store) -> None:
    """What an ingest stored is committed when its batch is held long
    enough, and all of it when the ingest ends."""
    texts = [f"Item {i}. The allies held talks on Monday, March 3, 2025." for i in range(3)]
    with store.ingesting(hold_seconds=0) as batch:
        batch.ingest_text(texts[0], source="t0", published=dt.date(2025, 3, 5))
        assert _articles(store) == 1  # another connection sees it: committed
    with store.ingesting(hold_seconds=3600) as batch:
        batch.ingest_text(texts[1], source="t1", published=dt.date(2025, 3, 5))
        batch.ingest_text(texts[1], source="t1 again", published=dt.date(2025, 3, 5))
        batch.ingest_text(texts[2], source="t2", published=dt.date(2025, 3, 5))
        assert _articles(store) == 1  # held: not committed yet
    assert _articles(store) == 3


def test_an_article_stored_meanwhile_is_known_and_the_batch_goes_on(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that does not take the lock may store the same text between
    the check that it is new and the insert: the unique key stops the
    insert, nothing of it is kept, and the batch goes on with the next."""
    import timeline.store as store_module

    day = dt.date(2025, 3, 5)
    text = "Report one. The allies held talks in Seoul on Monday, March 3, 2025."
    first = store.ingest_text(text, source="first", published=day)
    # The check misses it, as if the other writer stored it just after.
    monkeypatch.setattr(store_module._ArticleSql, "known", lambda self, digest: None)
    with store.ingesting(hold_seconds=3600) as batch:
        again = batch.ingest_text(text, source="again", published=day)
        other = batch.ingest_text(
            "Report two. The allies held talks in Tokyo on Friday, March 7, 2025.",
            source="other", published=day,
        )
    assert (first.new, again.new, again.article_id, other.new) == (True, False, None, True)
    with store.engine.connect() as conn:
        sources = [r[0] for r in conn.exec_driver_sql("SELECT source FROM article ORDER BY id")]
        mentions = conn.exec_driver_sql("SELECT count(*) FROM mention").scalar()
    assert sources == ["first", "other"]
    assert mentions == 2


def _articles(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM article").scalar_one())
