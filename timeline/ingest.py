"""Files and folders to articles, each with its document creation time.

The DCT comes, in this order, from ``--published``; the front matter of a
Markdown file (``published``, ``published_time``, ``date``); a dateline at the
start of the text ("SEOUL, Dec. 12, 2025 (Yonhap) --"). When none is found
the article is still stored: absolute dates are used, relative ones are left
unresolved and counted, and the summary says so.

Bad items (missing, empty, binary, too large, unreadable) raise
:class:`~timeline.errors.SourceError` one at a time; :func:`ingest_paths`
records the error and goes on with the batch.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .dates import parse_date
from .errors import DateParseError, SourceError, TimelineError
from .store import IngestResult, Store

__all__ = [
    "MAX_BYTES",
    "BatchSummary",
    "Document",
    "ItemError",
    "find_files",
    "ingest_paths",
    "parse_document",
    "read_document",
]

MAX_BYTES = 50 * 1024 * 1024
"""Largest article accepted; a bigger file is refused with a clear error."""

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready for extraction."""

    text: str
    source: str
    title: str | None = None
    published: dt.date | None = None
    published_from: str | None = None  # "option", "metadata", "dateline" or None


@dataclass(frozen=True, slots=True)
class ItemError:
    source: str
    message: str


@dataclass(slots=True)
class BatchSummary:
    """Counts of a batch ingest, for the summary line."""

    articles_new: int = 0
    articles_known: int = 0
    failed: list[ItemError] = field(default_factory=list)
    events_new: int = 0
    events_merged: int = 0
    junk_skipped: int = 0
    dates_unresolved: int = 0
    without_dct: int = 0
    results: list[IngestResult] = field(default_factory=list)

    def add(self, result: IngestResult, doc: Document) -> None:
        self.results.append(result)
        if not result.new:
            self.articles_known += 1
            return
        self.articles_new += 1
        self.events_new += result.events_new
        self.events_merged += result.events_merged
        self.junk_skipped += result.junk_skipped
        self.dates_unresolved += result.dates_unresolved
        if doc.published is None:
            self.without_dct += 1


# ---------------------------------------------------------------------------
# Reading one document
# ---------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_DATELINE = re.compile(
    r"\A\s*(?:[A-Z][A-Za-z.'-]*(?:[ ,]+[A-Z][A-Za-z.'-]*)*)[ ,]+"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})|\d{4}-\d{2}-\d{2})"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-)\s"
)
_DCT_KEYS = ("published", "published_time", "date", "pubdate", "published_at", "dct")


def _decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise SourceError(f"{source}: empty file; nothing to ingest")
    if b"\x00" in data[:8192]:
        raise SourceError(f"{source}: binary file, not text; give a .txt, .md or HTML article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old wire copy is often Windows-1252; it decodes any byte string.
        return data.decode("cp1252", errors="replace")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
        if m:
            try:
                return dt.date.fromisoformat(m.group(1))
            except ValueError:
                return None
        try:
            iv = parse_date(value)
        except DateParseError:
            return None
        return iv.start if iv.precision == "day" else None
    return None


def parse_document(
    raw: str, source: str, *, published: dt.date | None = None, title: str | None = None
) -> Document:
    """Split front matter from text and find the DCT (see module docstring)."""
    text = raw
    meta: dict[str, Any] = {}
    fm = _FRONT_MATTER.match(raw)
    if fm:
        try:
            loaded = yaml.safe_load(fm.group(1))
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = loaded
            # Blank the front matter rather than cut it, so offsets into the
            # stored text stay offsets into the file.
            text = " " * fm.end() + raw[fm.end() :]
    source_url = meta.get("source_url") or meta.get("url")
    doc_title = title or (str(meta["title"]).strip() if meta.get("title") else None)
    if doc_title is None:
        first = text.strip().split("\n", 1)[0].strip()
        doc_title = first[:200] if 0 < len(first) <= 200 else None
    found_from: str | None = None
    if published is not None:
        found_from = "option"
    else:
        for key in _DCT_KEYS:
            if key in meta and (d := _as_date(meta[key])) is not None:
                published, found_from = d, "metadata"
                break
    if published is None:
        m = _DATELINE.match(text.lstrip(" \n"))
        if m and (d := _as_date(m.group("date"))) is not None:
            published, found_from = d, "dateline"
    return Document(
        text=text,
        source=str(source_url) if source_url and not str(source).startswith("sample") else source,
        title=doc_title,
        published=published,
        published_from=found_from,
    )


def read_document(
    path: str | os.PathLike[str], *, published: dt.date | None = None, title: str | None = None
) -> Document:
    """Read one article file, or ``-`` for standard input."""
    name = os.fspath(path)
    if name == "-":
        import sys

        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        p = Path(name)
        if not p.exists():
            raise SourceError(f"{name}: no such file or folder; check the path")
        if p.is_dir():
            raise SourceError(f"{name}: is a folder; ingest accepts folders via ingest_paths")
        try:
            size = p.stat().st_size
            if size > MAX_BYTES:
                raise SourceError(
                    f"{name}: {size / 1e6:.1f} MB is over the {MAX_BYTES // 2**20} MB limit "
                    "per article; split the file"
                )
            data = p.read_bytes()
        except PermissionError as exc:
            raise SourceError(f"{name}: permission denied; make it readable") from exc
        except OSError as exc:
            raise SourceError(f"{name}: cannot read ({exc.strerror})") from exc
    if len(data) > MAX_BYTES:
        raise SourceError(f"{name}: over the {MAX_BYTES // 2**20} MB limit per article")
    return parse_document(_decode(data, name), name, published=published, title=title)


# ---------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------


def find_files(
    paths: Iterable[str | os.PathLike[str]], *, glob: str | None = None
) -> Iterator[str | ItemError]:
    """Expand folders (recursively, sorted, no hidden files) into article paths.

    A path that does not exist or a folder that cannot be listed is yielded
    as an :class:`ItemError` so the batch can report it and go on.
    """
    for raw in paths:
        name = os.fspath(raw)
        if name == "-":
            yield name
            continue
        p = Path(name)
        if not p.exists():
            yield ItemError(name, f"{name}: no such file or folder; check the path")
        elif p.is_dir():
            yield from _walk(p, glob)
        else:
            yield name


def _walk(root: Path, glob: str | None) -> Iterator[str | ItemError]:
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue  # a symlink loop
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(folder.iterdir())
        except OSError as exc:
            yield ItemError(str(folder), f"{folder}: cannot list folder ({exc.strerror})")
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                subdirs.append(entry)
            elif (glob and entry.match(glob)) or (not glob and entry.suffix.lower() in TEXT_SUFFIXES):
                yield str(entry)
        stack.extend(reversed(subdirs))


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: dt.date | None = None,
    glob: str | None = None,
    on_item: Callable[[str, IngestResult | ItemError], None] | None = None,
) -> BatchSummary:
    """Ingest files and folders into ``store``; one bad item never stops the batch."""
    summary = BatchSummary()
    for item in find_files(paths, glob=glob):
        if isinstance(item, ItemError):
            summary.failed.append(item)
            if on_item:
                on_item(item.source, item)
            continue
        try:
            doc = read_document(item, published=published)
            result = store.ingest_text(
                doc.text, source=doc.source, published=doc.published, title=doc.title
            )
        except TimelineError as exc:
            err = ItemError(item, str(exc))
            summary.failed.append(err)
            if on_item:
                on_item(item, err)
            continue
        summary.add(result, doc)
        if on_item:
            on_item(item, result)
    return summary
