"""Web pages to article text and metadata, with trafilatura and htmldate.

trafilatura finds the main text of a page and drops what surrounds it
(navigation, cookie banners, related links, footers); it also reads the
title, canonical URL and site name from the page's meta tags and JSON-LD.

The publication date is read from the page's *metadata only* (meta tags,
JSON-LD, ``<time>`` elements, a full date in the URL) by htmldate without its
"extensive search": that search falls back to any date in the page, such
as a copyright year, which would put the article on 1 January of that year
without saying so. A page without date metadata gets none here and the
caller looks for a dateline in the text instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from .errors import SourceError

__all__ = ["Page", "html_to_text", "looks_like_html", "page_from_html"]

_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)

MIN_WORDS = 3
"""Fewer words than this is a menu or a title left over, not an article."""


@dataclass(frozen=True, slots=True)
class Page:
    """What a web page says about itself, and its main text."""

    text: str  # paragraphs separated by blank lines
    title: str | None = None
    url: str | None = None  # canonical URL from the page, if it names one
    site: str | None = None
    published: dt.date | None = None  # from the page's metadata only


def looks_like_html(data: bytes) -> bool:
    """Whether a document's first bytes open an HTML page."""
    return bool(_HTML_START.match(data[:4096]))


def page_from_html(html: bytes | str, url: str | None = None, *, label: str | None = None) -> Page:
    """The main text and metadata of a page; ``url`` is where it came from,
    ``label`` how errors name it (the file, by default the URL).

    Raises :class:`SourceError` when the page holds no article text.
    """
    label = label or url or "page"
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            # Dates from metadata only; see the module docstring.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # a malformed page must not stop a batch
        raise SourceError(f"{label}: cannot parse the HTML ({type(exc).__name__}: {exc})") from exc
    meta = _as_mapping(doc)
    text = str(meta.get("text") or "").strip()
    if not text:
        # trafilatura refuses pages it judges too short; a bare text page is
        # still an article, so take the body's text as it is.
        text = html_to_text(html).strip()
    if len(text.split()) < MIN_WORDS:
        raise SourceError(f"{label}: no article text found in the page")
    title = _clean(meta.get("title"))
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if title and lines and lines[0] == title and len(lines) > 1:
        lines = lines[1:]  # the headline is kept as the title, not as a paragraph
    return Page(
        # One paragraph per line, separated by blank lines: extraction treats a
        # blank line as a paragraph break and judges junk paragraph by paragraph.
        text="\n\n".join(lines) + "\n",
        title=title,
        url=_clean(meta.get("url")),
        site=_clean(meta.get("sitename")) or _clean(meta.get("hostname")),
        published=_iso_date(meta.get("date")),
    )


def html_to_text(html: bytes | str) -> str:
    """The visible text of an HTML fragment (a feed summary), blocks on their own lines."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fromstring(f"<div>{html}</div>")
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", html).strip()
    for bad in root.xpath("//script|//style|//noscript|//nav|//header|//footer|//aside|//form"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//tr"):
        block.tail = "\n" + (block.tail or "")
    text = root.text_content()
    paras = [re.sub(r"[ \t\r\f\v]+", " ", p).strip() for p in text.split("\n")]
    return "\n\n".join(p for p in paras if p)


def _as_mapping(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    if isinstance(doc, dict):
        return doc
    as_dict = getattr(doc, "as_dict", None)
    return dict(as_dict()) if callable(as_dict) else {}


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _iso_date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
