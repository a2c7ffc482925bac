"""URLs and feeds, served from a local http.server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.errors import InputError, SourceError
from timeline.fetch import USER_AGENT, FetchOptions, fetch
from timeline.ingest import ItemError, ingest_paths
from timeline.store import IngestResult, Store

HTML = Path(__file__).parent / "data" / "html"
BIG = 30 * 1024 * 1024  # the "30 MB page"
FAST = FetchOptions(timeout=5, backoff=0, max_bytes=10 * 1024 * 1024)

PAGES = {
    "/2025/12/12/ncg-meeting.html": HTML / "ncg-meeting.html",
    # Only the year in the path: it completes the dateline "SEOUL, Dec. 18".
    "/news/2023/wire-dateline.html": HTML / "wire-dateline.html",
    "/us/ap-style.html": HTML / "ap-style.html",
}


# The feed's date of each item: the first is wrong on purpose (the page's own
# metadata must win); the others stand in for pages that carry no date.
FEED_DATES = ["Wed, 01 Jan 2020 00:00:00 +0000", "Mon, 18 Dec 2023 15:20:00 +0900",
              "Tue, 05 Nov 2024 16:05:00 -0500"]


def _feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}{path}</link>"
        f"<pubDate>{when}</pubDate>"
        "<description>A summary that must not be used.</description></item>"
        for i, (path, when) in enumerate(zip(PAGES, FEED_DATES, strict=True), start=1)
    )
    # A fourth item whose page is gone: its summary stands in for it.
    items += (
        f"<item><title>Fourth NCG meeting</title><link>{base}/gone.html</link>"
        "<pubDate>Sat, 14 Dec 2024 09:00:00 +0900</pubDate>"
        "<description>&lt;p&gt;The allies held the fourth NCG meeting in Washington "
        "on Dec. 13, 2024.&lt;/p&gt;</description></item>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Alliance desk</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}
    agents: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:  # quiet tests
        pass

    def do_GET(self) -> None:
        type(self).hits[self.path] = type(self).hits.get(self.path, 0) + 1
        type(self).agents.append(self.headers.get("User-Agent", ""))
        base = f"http://{self.headers['Host']}"
        try:
            if self.path in PAGES:
                self._send(200, "text/html; charset=utf-8", PAGES[self.path].read_bytes())
            elif self.path == "/feed.xml":
                self._send(200, "application/rss+xml", _feed(base))
            elif self.path == "/plain.txt":
                self._send(200, "text/plain; charset=utf-8",
                           b"SEOUL, Dec. 12, 2025 (Yonhap) -- The allies held the fifth NCG "
                           b"meeting in Washington on Thursday.")
            elif self.path == "/flaky.html":
                # Busy the first time, fine the second: one retry gets it.
                if type(self).hits[self.path] == 1:
                    self._send(503, "text/plain", b"busy")
                else:
                    self._send(200, "text/html", PAGES["/us/ap-style.html"].read_bytes())
            elif self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/us/ap-style.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/huge.html":
                self._stream(BIG, declare=True)
            elif self.path == "/huge-undeclared.html":
                self._stream(BIG, declare=False)
            elif self.path == "/report.pdf":
                self._send(200, "application/pdf", b"%PDF-1.4 not an article")
            else:
                self._send(404, "text/html", b"<html><body>Not found</body></html>")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on a page it found too big: as intended

    def _send(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, size: int, *, declare: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declare:
            self.send_header("Content-Length", str(size))
        else:
            self.close_connection = True  # HTTP/1.0 style: the end of the body is the close
        self.end_headers()
        self.wfile.write(b"<html><body><p>")
        chunk = b"x" * 65536
        for _ in range(size // len(chunk)):
            self.wfile.write(chunk)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_feed_and_three_pages(server: str, tmp_path: Path) -> None:
    with Store(tmp_path / "web.db") as store:
        summary = ingest_paths(store, [f"{server}/feed.xml"], fetch_options=FAST)
        articles = {r.source: r for r in summary.results}
        stored = {a.source: a for a in _articles(store)}
        again = ingest_paths(store, [f"{server}/feed.xml"], fetch_options=FAST)
        events = {(e.title, e.date_value) for e in store.query()}
    assert not summary.failed
    assert (summary.articles_new, summary.from_summary) == (4, 1)
    assert summary.dct_from == {"metadata": 1, "feed": 3}
    assert set(articles) == {f"{server}{p}" for p in [*PAGES, "/gone.html"]}
    # The page's own date beats the feed's (wrong) 2020-01-01; feed dates are
    # used as written (+09:00), not shifted to UTC.
    assert {src.removeprefix(server): (a.published, a.title) for src, a in stored.items()} == {
        "/2025/12/12/ncg-meeting.html":
            (dt.date(2025, 12, 12), "Allies hold fifth nuclear planning session in Washington"),
        "/news/2023/wire-dateline.html": (dt.date(2023, 12, 18), "N. Korea fires ICBM toward East Sea: JCS"),
        "/us/ap-style.html": (dt.date(2024, 11, 5), "US and South Korea sign new cost-sharing deal for troops"),
        "/gone.html": (dt.date(2024, 12, 14), "Fourth NCG meeting"),
    }
    assert {("5th NCG meeting, Washington", "2025-12-11"), ("4th NCG meeting, Washington", "2024-12-13")} <= events
    assert any(date == "2023-12-18" for _title, date in events)  # the ICBM "on Monday"
    # A second run knows every item by its URL and fetches nothing but the feed.
    assert (again.articles_new, again.articles_known) == (0, 4)


def _articles(store: Store) -> list[object]:
    from sqlmodel import select

    from timeline.models import Article

    with store.session() as s:
        return list(s.exec(select(Article)))


def test_bad_urls_fail_one_at_a_time(server: str, tmp_path: Path, closed_port: int) -> None:
    inputs = [
        f"http://127.0.0.1:{closed_port}/story.html",
        f"{server}/missing.html",
        f"{server}/huge.html",
        f"{server}/huge-undeclared.html",
        f"{server}/report.pdf",
        f"{server}/us/ap-style.html",
    ]
    seen: list[tuple[str, IngestResult | ItemError]] = []
    with Store(tmp_path / "bad.db") as store:
        summary = ingest_paths(
            store, inputs, fetch_options=FAST, on_item=lambda s, o: seen.append((s, o))
        )
    assert summary.articles_new == 1 and len(summary.failed) == 5
    messages = [f.message for f in summary.failed]
    expected = [
        "cannot connect", "HTTP 404 Not Found", "30.0 MB is over the 10 MB limit",
        "more than the 10 MB limit", "cannot read application/pdf",
    ]
    for url, message, want in zip(inputs, messages, expected, strict=False):
        assert message.startswith(url) and want in message, message
    assert [s for s, _ in seen] == inputs  # every item reported, in order


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/flaky.html", "US and South Korea sign new cost-sharing deal for troops"),
        ("/redirect", "US and South Korea sign new cost-sharing deal for troops"),
    ],
)
def test_retry_and_redirect(server: str, path: str, title: str) -> None:
    result = fetch(f"{server}{path}", FAST)
    assert result.status == 200 and title.encode() in result.body


def test_fetch_sends_a_user_agent_and_refuses_other_schemes(server: str) -> None:
    fetch(f"{server}/plain.txt", FAST)
    assert _Handler.agents[-1] == USER_AGENT
    with pytest.raises(SourceError, match="not an http"):
        fetch("ftp://127.0.0.1/x", FAST)
    with pytest.raises(InputError, match="timeout"):
        FetchOptions(timeout=0)


def test_cli_ingests_urls_and_reports_errors(server: str, tmp_path: Path, closed_port: int) -> None:
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(
        main,
        ["ingest", f"{server}/plain.txt", f"{server}/news/2023/wire-dateline.html",
         f"{server}/missing.html",
         f"http://127.0.0.1:{closed_port}/", "--timeout", "5", "--db", db],
    )
    assert result.exit_code == 1
    assert f"{server}/plain.txt: new, 1 new / 0 merged events" in result.output
    assert f"error: {server}/missing.html: HTTP 404 Not Found" in result.output
    assert "cannot connect" in result.output
    assert "articles: 2 new, 0 already known, 2 failed" in result.output
    # "SEOUL, Dec. 12, 2025 (Yonhap) --" and "SEOUL, Dec. 18" + /2023/ in the URL.
    assert "publication dates from: 2 dateline" in result.output


def test_feed_summaries_option_fetches_no_pages(server: str, tmp_path: Path) -> None:
    before = dict(_Handler.hits)
    with Store(tmp_path / "s.db") as store:
        summary = ingest_paths(store, [f"{server}/feed.xml"], summaries=True, fetch_options=FAST)
    fetched = {p for p, n in _Handler.hits.items() if n > before.get(p, 0)}
    assert fetched == {"/feed.xml"}
    # Three summaries are the same text: one article, two already known.
    assert (summary.articles_new, summary.articles_known, summary.from_summary) == (2, 2, 2)
