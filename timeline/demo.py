"""The bundled sample articles and the demo built from them.

The samples in ``timeline/samples`` are short articles written by this
project's authors from public facts (NCG meetings 1-5, summits, North Korean
launches, a planned sixth NCG meeting), each with front matter giving its
title and publication date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .ingest import BatchSummary, Document, parse_document
from .records import EventRecord
from .store import Store

__all__ = ["DemoResult", "ingest_samples", "run_demo", "sample_documents"]


def sample_documents() -> list[Document]:
    """The bundled sample articles, in file-name order."""
    folder = resources.files("timeline.samples")
    docs = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".md"):
            docs.append(parse_document(entry.read_text("utf-8"), f"samples/{entry.name}"))
    return docs


def ingest_samples(store: Store) -> BatchSummary:
    """Ingest the bundled sample articles into ``store``."""
    summary = BatchSummary()
    for doc in sample_documents():
        result = store.ingest_text(
            doc.text, source=doc.source, published=doc.published, title=doc.title, home=doc.home
        )
        summary.add(result, doc)
    return summary


@dataclass(frozen=True, slots=True)
class DemoResult:
    db_path: Path
    chart_path: Path
    summary: BatchSummary
    events: list[EventRecord]


def run_demo(out: Path, *, today: dt.date | None = None) -> DemoResult:
    """Ingest the samples into a fresh ``out/timeline.db`` and chart them."""
    from .plot import plot_events

    out.mkdir(parents=True, exist_ok=True)
    db_path = out / "timeline.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    with Store(db_path) as store:
        summary = ingest_samples(store)
        events = store.query()
    chart = plot_events(
        events,
        out / "timeline.png",
        title="U.S.-ROK alliance timeline (sample articles)",
        n_articles=summary.articles_new,
        generated=today or dt.date.today(),
    )
    return DemoResult(db_path=db_path, chart_path=chart, summary=summary, events=events)
