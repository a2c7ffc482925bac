"""Files, folders, web pages, feeds and bundles to articles, each with its DCT.

Inputs (:func:`ingest_paths`):

* a text, Markdown or HTML file; a folder (recursive; ``glob`` chooses the
  files, by default text, Markdown and HTML); ``-`` for standard input;
* an ``http://`` or ``https://`` URL, fetched by :func:`timeline.fetch.fetch`;
  a page is read as HTML, a feed as below;
* an RSS or Atom feed (a URL or a ``.rss``/``.atom``/``.xml`` file): each
  item's link is fetched, or its summary used when that fails or when
  ``summaries=True``;
* a bundle of articles, ``.jsonl`` or ``.csv``, one article per row with the
  columns ``text`` (or ``html``), ``url``, ``title``, ``published``; a row
  with a URL and no text is fetched.

The document creation time (DCT) comes, in this order, from ``--published``;
the document's metadata (the page's meta tags and JSON-LD, the bundle's
``published`` column, the feed item's date, the Markdown front matter:
``published``, ``published_time``, ``date``); a dateline near the start of
the text ("SEOUL, Dec. 12, 2025 (Yonhap) --"). A dateline without a year
("SEOUL, Dec. 12 (Yonhap) --") takes the year from the URL's path
(``/2025/``) or the front matter's ``year``, else stays unresolved; an
agency dateline without a date ("WASHINGTON (AP) —") takes a full date
printed just above it ("Published November 4, 2024"). When none is found the
article is still stored: absolute dates are used, relative ones are left
unresolved and counted, and the summary says so. Nothing is guessed.

Bad items (missing, empty, binary, too large, unreachable, 404…) become an
:class:`ItemError` one at a time; the batch goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import multiprocessing
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlmodel import select

from .dates import parse_date
from .errors import DateParseError, SourceError, TimelineError
from .extract import Extraction, extract, publisher_country
from .fetch import FetchOptions, FetchResult, fetch, is_url
from .html import html_to_text, looks_like_html, page_from_html
from .models import Article
from .store import ArticleBatch, IngestResult, Store

__all__ = [
    "BUNDLE_SUFFIXES",
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "MAX_BYTES",
    "TEXT_SUFFIXES",
    "BatchSummary",
    "Document",
    "ItemError",
    "Known",
    "find_dct",
    "find_files",
    "ingest_paths",
    "iter_documents",
    "looks_like_feed",
    "parse_document",
    "read_document",
]

MAX_BYTES = 50 * 1024 * 1024
"""Largest article file accepted; a bigger file is refused with a clear error."""

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
BUNDLE_SUFFIXES = (".jsonl", ".csv")
# Folder walks pick articles only; a CSV or XML file lying in a folder is more
# likely data than news, so bundles and feeds are read when named (or globbed).
FOLDER_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready for extraction."""

    text: str
    source: str
    title: str | None = None
    published: dt.date | None = None
    # Where the DCT came from: "option", "metadata", "feed", "dateline" or None.
    published_from: str | None = None
    url: str | None = None
    site: str | None = None
    note: str | None = None  # e.g. why a feed item's summary stands in for its page
    # ``text`` in UTF-8 when known without encoding it (from the file's own
    # bytes; see parse_document), else None: the store hashes and stores it.
    encoded: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def home(self) -> str | None:
        """The country the publisher speaks for, from its web address."""
        return publisher_country(self.url or self.source)


@dataclass(frozen=True, slots=True)
class ItemError:
    """One input that could not be read; the message names it and the cause."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class Known:
    """A URL already stored, skipped without fetching it again."""

    source: str
    article_id: int


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
    from_summary: int = 0  # feed items stored from their summary, not their page
    dct_from: Counter[str] = field(default_factory=Counter)  # new articles by DCT source
    results: list[IngestResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.articles_new + self.articles_known + len(self.failed)

    def add(self, result: IngestResult, doc: Document | None = None) -> None:
        self.results.append(result)
        if not result.new:
            self.articles_known += 1
            return
        self.articles_new += 1
        self.events_new += result.events_new
        self.events_merged += result.events_merged
        self.junk_skipped += result.junk_skipped
        self.dates_unresolved += result.dates_unresolved
        if doc is not None:
            self.dct_from[doc.published_from or "none"] += 1
            if doc.published is None:
                self.without_dct += 1
            if doc.note:
                self.from_summary += 1


# ---------------------------------------------------------------------------
# The publication date (DCT)
# ---------------------------------------------------------------------------

# libyaml's loader when PyYAML was built with it: the same safe subset, ~10x faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Its two ends, for _front_matter.
_FRONT_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(r"\n---[ \t]*(?:\r?\n|\Z)")
_DCT_KEYS = ("published", "published_time", "date", "pubdate", "published_at", "dct")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_CITY = r"[A-Z][A-Za-z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}"
_DATELINE = re.compile(
    rf"^[ \t]*(?P<city>{_CITY})[ ,]+"
    rf"(?:(?P<date>(?P<md>{_MONTH}\s+\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?|\d{{4}}-\d{{2}}-\d{{2}})[ \t]*)?"
    r"(?:\((?P<agency>[^()\n]{1,40})\))?[ \t]*(?:--|—|–|-)\s",
    re.MULTILINE,
)
_FULL_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)
DATELINE_WINDOW = 1500  # a dateline opens the story: look no further than this
NEARBY_WINDOW = 300  # how far above an agency dateline its date may be printed


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
            # RFC 822 ("Fri, 12 Dec 2025 08:15:00 +0900"), as in RSS: the date
            # as written, in the publisher's time zone.
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            iv = parse_date(value)
        except DateParseError:
            return None
        return iv.start if iv.precision == "day" else None
    return None


def find_dct(
    text: str,
    *,
    published: dt.date | None = None,
    metadata: Sequence[tuple[dt.date | None, str]] = (),
    year_hint: int | None = None,
) -> tuple[dt.date | None, str | None]:
    """The DCT of ``text`` and where it came from (see the module docstring).

    ``metadata`` lists dates found outside the text, best first, each with
    its source name ("metadata", "feed").

    >>> find_dct("SEOUL, Dec. 12 (Yonhap) -- Talks.", year_hint=2025)
    (datetime.date(2025, 12, 12), 'dateline')
    >>> find_dct("SEOUL, Dec. 12 (Yonhap) -- Talks.")
    (None, None)
    """
    if published is not None:
        return published, "option"
    for day, source in metadata:
        if day is not None:
            return day, source
    found = _dateline_date(text, year_hint)
    return (found, "dateline") if found else (None, None)


def _dateline_date(text: str, year_hint: int | None) -> dt.date | None:
    # Blanked front matter is leading spaces; the window starts at the words.
    begin = len(text) - len(text.lstrip())
    head = text[begin : begin + DATELINE_WINDOW]
    for m in _DATELINE.finditer(head):
        if m.group("date"):
            if m.group("md") and not m.group("year"):
                # "Dec. 12" alone: a year from elsewhere, or nothing at all.
                return _as_date(f"{m.group('md')}, {year_hint}") if year_hint else None
            return _as_date(m.group("date"))
        agency, city = m.group("agency"), m.group("city")
        if agency and city.isupper() and len(city) >= 3:
            # "WASHINGTON (AP) —": the date is printed with the byline above.
            above = head[max(0, m.start() - NEARBY_WINDOW) : m.start()]
            dates = [d for d in map(_as_date, _FULL_DATE.findall(above)) if d]
            return dates[-1] if dates else None
    return None


def _year_hint(url: str | None, meta: Mapping[str, Any]) -> int | None:
    year = meta.get("year")
    if isinstance(year, int) and 1900 < year < 2200:
        return year
    if url:
        m = re.search(r"/((?:19|20)\d{2})(?=[/_-]|$)", urlsplit(url).path)
        if m:
            return int(m.group(1))
    return None


# ---------------------------------------------------------------------------
# Reading one document
# ---------------------------------------------------------------------------


_UTF8_BOM = b"\xef\xbb\xbf"


def _decode(data: bytes, source: str, charset: str | None = None) -> str:
    return _decode_utf8(data, source, charset)[0]


def _decode_utf8(data: bytes, source: str, charset: str | None = None) -> tuple[str, bool]:
    """``_decode(data, source, charset)``, and whether ``data`` is that
    text's UTF-8 encoding: read as UTF-8 (strict, so it encodes back to the
    same bytes) without a byte order mark that the codec would drop."""
    # Without copying the data: bytes.isspace() is true of a non-empty run of
    # the ASCII whitespace that strip() drops, find looks into the first 8 KiB in place.
    if not data or data.isspace():
        raise SourceError(f"{source}: empty file; nothing to ingest")
    if data.find(b"\x00", 0, 8192) >= 0:
        raise SourceError(f"{source}: binary file, not text; give a .txt, .md or HTML article")
    for encoding in (charset, "utf-8-sig"):
        if encoding:
            try:
                text = data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
            return text, encoding == "utf-8-sig" and not data.startswith(_UTF8_BOM)
    # Old wire copy is often Windows-1252; it decodes any byte string.
    return data.decode("cp1252", errors="replace"), False


_INLINE_TAG = re.compile(r"<(sup|sub)>([^<>\n]{0,20})</\1>|<s>[^<>\n]{0,80}</s>")


def unmark_inline(text: str) -> str:
    """Undo inline HTML that Markdown articles carry, keeping every offset.

    "26<sup>th</sup>" reads "26th" (the freed characters become spaces after
    it) and struck-out text ("<s>in</s>") is blanked, so the words around it
    read as the author meant and offsets into the file stay valid.

    >>> unmark_inline("the 26<sup>th</sup> day")
    'the 26th            day'
    """
    return _INLINE_TAG.sub(_plain, text) if "<" in text else text


def _plain(m: re.Match[str]) -> str:
    """What unmark_inline writes for the tag ``m``."""
    kept = m.group(2) or ""
    return kept + " " * (len(m.group(0)) - len(kept))


def _unmark_utf8(text: str, data: bytes) -> bytes:
    """``unmark_inline(text).encode("utf-8")``, given ``data``, the UTF-8 of ``text``.

    Each tag's bytes are found by searching ``data`` from the end of the
    previous one: they start with "<", so only at a character, and no
    earlier copy of the tag can lie between, or the pattern would have
    matched that one first.
    """
    parts: list[bytes] = []
    at = 0
    for m in _INLINE_TAG.finditer(text):
        tag = m.group(0).encode("utf-8")
        found = data.find(tag, at)
        parts += (data[at:found], _plain(m).encode("utf-8"))
        at = found + len(tag)
    parts.append(data[at:])
    return b"".join(parts)


def _front_matter(raw: str) -> tuple[str, int] | None:
    r"""``(fm.group(1), fm.end())`` of ``fm = _FRONT_MATTER.match(raw)``, or None.

    That pattern tries each place after its opening line in turn, looking
    for the closing line at every character; here one search finds it. The
    lazy ``(.*?)`` stops at the first place where ``\r?\n---[ \t]*(?:\r?\n|\Z)``
    matches: at the first match of _FRONT_CLOSE (``\n---...``), or at the
    ``\r`` just before it. No earlier place can match (an earlier
    ``\r\n---...`` holds an earlier ``\n---...``). The opening line matches
    in one way only, so the pattern never goes back into it.
    """
    opening = _FRONT_OPEN.match(raw)
    if opening is None:
        return None
    start = opening.end()
    closing = _FRONT_CLOSE.search(raw, start)
    if closing is None:
        return None
    stop = closing.start()
    if raw[stop - 1] == "\r":  # never the opening line's, which ends with \n
        stop -= 1
    return raw[start:stop], closing.end()


def parse_document(
    raw: str,
    source: str,
    *,
    published: dt.date | None = None,
    title: str | None = None,
    metadata: Sequence[tuple[dt.date | None, str]] = (),
    url: str | None = None,
    site: str | None = None,
    note: str | None = None,
    data: bytes | None = None,
) -> Document:
    """Split front matter from text and find the DCT (see the module docstring).

    ``data``, if given, is ``raw`` in UTF-8 (the file's bytes): the document's
    ``encoded`` is then built from it rather than by encoding its text.

    ``metadata`` are dates known from outside the text (a page's meta tags, a
    feed item's date), best first; they outrank the front matter.
    """
    text = raw
    blanked = 0  # characters of front matter blanked at the start of ``text``
    meta: dict[str, Any] = {}
    fm = _front_matter(raw)
    if fm:
        body, end = fm
        try:
            loaded = yaml.load(body, Loader=_YAML_LOADER)
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = loaded
            # Blank the front matter rather than cut it, so offsets into the
            # stored text stay offsets into the file.
            text = " " * end + raw[end:]
            blanked = end
    unmarked = unmark_inline(text)
    encoded = None
    if data is not None:
        # UTF-8 encodes a string piece by piece: a byte per blank, then the
        # file's bytes after those of the front matter.
        encoded = (
            b" " * blanked + data[len(raw[:blanked].encode("utf-8")) :] if blanked else data
        )
        if unmarked != text:
            encoded = _unmark_utf8(text, encoded)
    text = unmarked
    source_url = meta.get("source_url") or meta.get("url")
    doc_title = title or (str(meta["title"]).strip() if meta.get("title") else None)
    if doc_title is None:
        first = text.strip().split("\n", 1)[0].strip()
        doc_title = first[:200] if 0 < len(first) <= 200 else None
    dates = list(metadata)
    for key in _DCT_KEYS:
        if key in meta and (d := _as_date(meta[key])) is not None:
            dates.append((d, "metadata"))
            break
    day, found_from = find_dct(
        text, published=published, metadata=dates, year_hint=_year_hint(url or source_url, meta)
    )
    if source_url and not str(source).startswith("sample"):
        source = str(source_url)
    return Document(
        text=text,
        source=source,
        title=doc_title,
        published=day,
        published_from=found_from if day else None,
        url=url or (str(source_url) if source_url else None),
        site=site,
        note=note,
        encoded=encoded,
    )


def _read_bytes(name: str) -> bytes:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        # One open and one fstat, not a test for each case first: a batch
        # reads thousands of files, and the errors say the same.
        try:
            with open(name, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if size > MAX_BYTES:
                    raise SourceError(
                        f"{name}: {size / 1e6:.1f} MB is over the {MAX_BYTES // 2**20} MB limit "
                        "per article; split the file"
                    )
                data = f.read()
        except FileNotFoundError as exc:
            raise SourceError(f"{name}: no such file or folder; check the path") from exc
        except IsADirectoryError as exc:
            raise SourceError(f"{name}: is a folder; ingest accepts folders via ingest_paths") from exc
        except PermissionError as exc:
            raise SourceError(f"{name}: permission denied; make it readable") from exc
        except OSError as exc:
            raise SourceError(f"{name}: cannot read ({exc.strerror})") from exc
    if len(data) > MAX_BYTES:
        raise SourceError(f"{name}: over the {MAX_BYTES // 2**20} MB limit per article")
    return data


def _html_document(
    data: bytes,
    source: str,
    *,
    url: str | None,
    published: dt.date | None,
    title: str | None = None,
    metadata: Sequence[tuple[dt.date | None, str]] = (),
    note: str | None = None,
) -> Document:
    page = page_from_html(data, url, label=source)
    # A saved page names where it lives; a fetched one is known by its URL.
    label = source if url else (page.url or source)
    return parse_document(
        page.text,
        label,
        published=published,
        title=page.title or title,
        metadata=[(page.published, "metadata"), *metadata],
        url=url or page.url,
        site=page.site,
        note=note,
    )


def read_document(
    path: str | os.PathLike[str], *, published: dt.date | None = None, title: str | None = None
) -> Document:
    """Read one article file (text, Markdown or HTML), or ``-`` for standard input."""
    name = os.fspath(path)
    data = _read_bytes(name)
    label = "<stdin>" if name == "-" else name
    if name.lower().endswith(HTML_SUFFIXES) or looks_like_html(data):
        if not data.strip():
            raise SourceError(f"{label}: empty file; nothing to ingest")
        return _html_document(data, label, url=None, published=published, title=title)
    return parse_document(_decode(data, label), label, published=published, title=title)


# ---------------------------------------------------------------------------
# Feeds and bundles
# ---------------------------------------------------------------------------

_FEED_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL,
)


def looks_like_feed(data: bytes) -> bool:
    """Whether a document's first bytes open an RSS, Atom or RDF feed."""
    return bool(_FEED_START.match(data[:4096]))


@dataclass(slots=True)
class _Context:
    published: dt.date | None
    summaries: bool
    fetch_options: FetchOptions
    is_known: Callable[[str], int | None] | None
    on_plan: Callable[[int], None]


Outcome = Document | ItemError | Known


def _known(ctx: _Context, url: str) -> Known | None:
    if ctx.is_known is None:
        return None
    article_id = ctx.is_known(url)
    return Known(url, article_id) if article_id is not None else None


def _feed_items(data: bytes, name: str, ctx: _Context) -> Iterator[tuple[str, Outcome]]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = list(parsed.entries)
    if not entries:
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            yield name, ItemError(name, f"{name}: not a readable feed ({parsed.bozo_exception})")
        else:
            yield name, ItemError(name, f"{name}: the feed has no items")
        return
    ctx.on_plan(len(entries) - 1)
    for i, entry in enumerate(entries, start=1):
        link = str(entry.get("link") or "").strip()
        label = link or f"{name} item {i}"
        title = str(entry.get("title") or "").strip() or None
        when = _feed_date(entry)
        reason = "--summaries" if ctx.summaries else "the item has no link"
        if link and is_url(link):
            if (known := _known(ctx, link)) is not None:
                yield label, known
                continue
            if not ctx.summaries:
                try:
                    yield label, _document_from_fetch(
                        fetch(link, ctx.fetch_options), link, ctx, title=title,
                        metadata=[(when, "feed")],
                    )
                    continue
                except TimelineError as exc:
                    reason = str(exc).removeprefix(f"{link}: ")
        summary = _entry_summary(entry)
        if not summary:
            yield label, ItemError(label, f"{label}: no page and no summary ({reason})")
            continue
        yield label, parse_document(
            summary, label, published=ctx.published, title=title, metadata=[(when, "feed")],
            url=link or None, note=f"feed summary used ({reason})",
        )


def _feed_date(entry: Mapping[str, Any]) -> dt.date | None:
    for key in ("published", "updated", "created", "dc_date"):
        raw = entry.get(key)
        if isinstance(raw, str) and (day := _as_date(raw)) is not None:
            return day
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.date(parsed[0], parsed[1], parsed[2])
    return None


def _entry_summary(entry: Mapping[str, Any]) -> str:
    contents = entry.get("content") or []
    for content in contents:
        value = content.get("value") if isinstance(content, Mapping) else None
        if value and len(value) > len(str(entry.get("summary") or "")):
            return html_to_text(str(value))
    return html_to_text(str(entry.get("summary") or ""))


def _bundle_rows(path: str, data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """``(where, row)`` pairs, ``where`` being "PATH row N" (the N-th article)."""
    text = _decode(data, path)
    rows: list[tuple[str, dict[str, Any]]] = []
    if path.lower().endswith(".jsonl"):
        lines = [line for line in text.splitlines() if line.strip()]
        for n, line in enumerate(lines, start=1):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                item = {"__error__": f"not JSON ({exc.msg})"}
            if not isinstance(item, dict):
                item = {"__error__": "not a JSON object"}
            rows.append((f"{path} row {n}", item))
        return rows
    # Article texts are long; the csv module's default field limit is 128 KB.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.DictReader(io.StringIO(text))
    try:
        fields = set(reader.fieldnames or ())
        if not fields & {"text", "html", "url"}:
            found = ", ".join(sorted(fields)) or "none"
            raise SourceError(
                f"{path}: a bundle of articles needs a text, html or url column; found {found} "
                "(for a list of events use timeline import)"
            )
        for n, row in enumerate(reader, start=1):
            rows.append((f"{path} row {n}", dict(row)))
    except csv.Error as exc:
        raise SourceError(f"{path} line {reader.line_num}: bad CSV ({exc})") from exc
    return rows


def _bundle_items(path: str, data: bytes, ctx: _Context) -> Iterator[tuple[str, Outcome]]:
    rows = _bundle_rows(path, data)
    if not rows:
        yield path, ItemError(path, f"{path}: the bundle has no rows")
        return
    ctx.on_plan(len(rows) - 1)
    for where, row in rows:
        url = str(row.get("url") or "").strip() or None
        label = url or where
        try:
            if "__error__" in row:
                raise SourceError(f"{where}: {row['__error__']}")
            yield label, _bundle_document(where, row, url, ctx)
        except TimelineError as exc:
            yield label, ItemError(label, str(exc) if where in str(exc) else f"{where}: {exc}")


def _bundle_document(where: str, row: Mapping[str, Any], url: str | None, ctx: _Context) -> Outcome:
    raw_date = str(row.get("published") or "").strip()
    day = _as_date(raw_date) if raw_date else None
    if raw_date and day is None:
        raise SourceError(f"published {raw_date!r} is not a day; use e.g. 2025-12-12")
    title = str(row.get("title") or "").strip() or None
    text = str(row.get("text") or "")
    html = str(row.get("html") or "")
    label = url or where
    if text.strip():
        return parse_document(
            text, label, published=ctx.published, title=title, metadata=[(day, "metadata")], url=url
        )
    if html.strip():
        return _html_document(
            html.encode("utf-8"), label, url=url, published=ctx.published, title=title,
            metadata=[(day, "metadata")],
        )
    if url and is_url(url):
        if (known := _known(ctx, url)) is not None:
            return known
        return _document_from_fetch(
            fetch(url, ctx.fetch_options), url, ctx, title=title, metadata=[(day, "metadata")]
        )
    raise SourceError("no text, html or url in this row")


# ---------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------


def _document_from_fetch(
    result: FetchResult,
    url: str,
    ctx: _Context,
    *,
    title: str | None = None,
    metadata: Sequence[tuple[dt.date | None, str]] = (),
) -> Document:
    data = result.body
    if result.content_type in ("text/html", "application/xhtml+xml") or looks_like_html(data):
        if not data.strip():
            raise SourceError(f"{url}: empty page; nothing to ingest")
        return _html_document(
            data, url, url=url, published=ctx.published, title=title, metadata=metadata
        )
    if result.content_type.startswith("text/") or not result.content_type:
        return parse_document(
            _decode(data, url, result.charset), url, published=ctx.published, title=title,
            metadata=metadata, url=url,
        )
    raise SourceError(
        f"{url}: cannot read {result.content_type} as an article; give an HTML or text page"
    )


def _items_of(name: str, ctx: _Context) -> Iterator[tuple[str, Outcome]]:
    """Everything one input (file, stdin or URL) holds: one article, or a feed's or bundle's."""
    try:
        if is_url(name):
            if (known := _known(ctx, name)) is not None:
                yield name, known
                return
            result = fetch(name, ctx.fetch_options)
            if looks_like_feed(result.body) or "rss" in result.content_type or "atom" in result.content_type:
                yield from _feed_items(result.body, name, ctx)
            else:
                yield name, _document_from_fetch(result, name, ctx)
            return
        data = _read_bytes(name)
        label = "<stdin>" if name == "-" else name
        lower = name.lower()
        if lower.endswith(BUNDLE_SUFFIXES):
            yield from _bundle_items(label, data, ctx)
        elif lower.endswith(FEED_SUFFIXES) or looks_like_feed(data):
            yield from _feed_items(data, label, ctx)
        elif lower.endswith(HTML_SUFFIXES) or looks_like_html(data):
            if not data.strip():
                raise SourceError(f"{label}: empty file; nothing to ingest")
            yield label, _html_document(data, label, url=None, published=ctx.published)
        else:
            raw, utf8 = _decode_utf8(data, label)
            yield label, parse_document(
                raw, label, published=ctx.published, data=data if utf8 else None
            )
    except TimelineError as exc:
        yield name, ItemError(name, str(exc))
    except Exception as exc:
        # A parser's bug on one odd input must not stop a batch of hundreds;
        # the item is reported with the exception so it can be looked into.
        yield name, ItemError(name, f"{name}: unexpected error ({type(exc).__name__}: {exc})")


def iter_documents(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    published: dt.date | None = None,
    glob: str | None = None,
    summaries: bool = False,
    fetch_options: FetchOptions | None = None,
    is_known: Callable[[str], int | None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> Iterator[tuple[str, Outcome]]:
    """Each article the inputs hold, as ``(label, Document | ItemError | Known)``.

    Nothing is stored. ``is_known(url)`` returns the id of an article already
    stored from that URL, so it is not fetched again; ``on_plan(n)`` is told
    how many more items there are as they are discovered (the files first,
    then the items of each feed and bundle).
    """
    ctx = _Context(
        published=published,
        summaries=summaries,
        fetch_options=fetch_options or FetchOptions(),
        is_known=is_known,
        on_plan=on_plan or (lambda _n: None),
    )
    items = list(find_files(inputs, glob=glob))
    ctx.on_plan(len(items))
    for item in items:
        if isinstance(item, ItemError):
            yield item.source, item
        else:
            yield from _items_of(item, ctx)


def find_files(
    paths: Iterable[str | os.PathLike[str]], *, glob: str | None = None
) -> Iterator[str | ItemError]:
    """Expand folders (recursively, sorted, no hidden files) into article paths.

    URLs and ``-`` pass through. A path that does not exist or a folder that
    cannot be listed is yielded as an :class:`ItemError` so the batch can
    report it and go on.
    """
    for raw in paths:
        name = os.fspath(raw)
        if name == "-" or is_url(name):
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
            elif (glob and entry.match(glob)) or (
                not glob and entry.suffix.lower() in FOLDER_SUFFIXES
            ):
                yield str(entry)
        stack.extend(reversed(subdirs))


def _url_lookup(store: Store) -> Callable[[str], int | None]:
    def lookup(url: str) -> int | None:
        with store.session() as s:
            return s.exec(select(Article.id).where(Article.source == url).limit(1)).first()

    return lookup


def _extract_item(item: tuple[str, Outcome]) -> tuple[str, Outcome, Extraction | None]:
    label, outcome = item
    if isinstance(outcome, Document):
        return label, outcome, extract(outcome.text, outcome.published, home=outcome.home)
    return label, outcome, None


def _with_extractions(
    documents: Iterator[tuple[str, Outcome]], workers: int
) -> Iterator[tuple[str, Outcome, Extraction | None]]:
    """Each item with its extraction: computed by the writer itself when
    ``workers`` is 1 (lazily, in ``Store.ingest_text``), else by a pool."""
    if workers <= 1:
        for label, outcome in documents:
            yield label, outcome, None
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(workers) as pool:
        # imap keeps input order; a few items per task amortize the pickling.
        yield from pool.imap(_extract_item, documents, chunksize=4)


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    published: dt.date | None = None,
    glob: str | None = None,
    summaries: bool = False,
    fetch_options: FetchOptions | None = None,
    refetch: bool = False,
    on_item: Callable[[str, IngestResult | ItemError], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    on_note: Callable[[str, str], None] | None = None,
    workers: int = 1,
) -> BatchSummary:
    """Ingest files, folders, URLs, feeds and bundles into ``store``.

    With ``workers`` > 1, extraction runs in that many processes while this
    one reads inputs and writes, in input order: the database ends up exactly
    as with one worker.

    One bad item never stops the batch: it is recorded in the summary's
    ``failed`` list (and passed to ``on_item``). A URL already stored is
    counted as known without being fetched, unless ``refetch``.
    ``on_note(source, message)`` hears about items stored in a lesser form
    (a feed item from its summary).
    """
    summary = BatchSummary()
    documents = iter_documents(
        paths,
        published=published,
        glob=glob,
        summaries=summaries,
        fetch_options=fetch_options,
        is_known=None if refetch else _url_lookup(store),
        on_plan=on_plan,
    )
    with store.ingesting() as batch:
        for label, outcome, extraction in _with_extractions(documents, workers):
            _ingest_one(batch, label, outcome, extraction, summary, on_item, on_note)
    return summary


def _ingest_one(
    batch: ArticleBatch,
    label: str,
    outcome: Outcome,
    extraction: Extraction | None,
    summary: BatchSummary,
    on_item: Callable[[str, IngestResult | ItemError], None] | None,
    on_note: Callable[[str, str], None] | None,
) -> None:
    """Store one item of a batch (or record why not) in ``summary``."""
    if isinstance(outcome, ItemError):
        summary.failed.append(outcome)
        if on_item:
            on_item(label, outcome)
        return
    if isinstance(outcome, Known):
        known = IngestResult(source=outcome.source, article_id=outcome.article_id, new=False)
        summary.add(known)
        if on_item:
            on_item(label, known)
        return
    try:
        result = batch.ingest_text(
            outcome.text, source=outcome.source, published=outcome.published,
            title=outcome.title, extraction=extraction, home=outcome.home,
            encoded=outcome.encoded,
        )  # fmt: skip
    except TimelineError as exc:
        err = ItemError(label, str(exc))
        summary.failed.append(err)
        if on_item:
            on_item(label, err)
        return
    summary.add(result, outcome)
    if outcome.note and on_note:
        on_note(label, outcome.note)
    if on_item:
        on_item(label, result)
