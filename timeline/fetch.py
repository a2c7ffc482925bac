"""The network: every HTTP request timeline makes goes through :func:`fetch`.

Keeping it in one function means one place for timeouts, the size limit,
retries and the User-Agent, and lets tests serve pages from a local
``http.server`` on 127.0.0.1 instead of touching the internet.

Failures are :class:`~timeline.errors.SourceError` with a message naming the
URL and what went wrong ("HTTP 404 Not Found", "cannot connect", "over the
10 MB limit"), so a batch can report them one line each and go on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from . import __version__
from .errors import InputError, SourceError

__all__ = ["MAX_FETCH_BYTES", "USER_AGENT", "FetchOptions", "FetchResult", "fetch", "is_url"]

MAX_FETCH_BYTES = 10 * 1024 * 1024
"""Largest page downloaded; a bigger response is abandoned with a clear error."""

USER_AGENT = f"timeline/{__version__} (news timeline builder; python-httpx)"

# Statuses worth one more try: the server says it is busy or briefly broken.
_TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How patient and how generous :func:`fetch` is."""

    timeout: float = 20.0
    max_bytes: int = MAX_FETCH_BYTES
    retries: int = 1
    backoff: float = 0.5  # seconds before the first retry, doubled after each
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise InputError(f"--timeout must be positive, not {self.timeout}")
        if self.retries < 0:
            raise InputError(f"retries must be 0 or more, not {self.retries}")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A successful response, read whole."""

    url: str  # what was asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lower case ("text/html")
    charset: str | None
    body: bytes


def is_url(text: str) -> bool:
    """Whether an input names a web resource rather than a file."""
    return text.lower().startswith(("http://", "https://"))


def fetch(
    url: str, options: FetchOptions | None = None, *, client: httpx.Client | None = None
) -> FetchResult:
    """GET ``url`` and return its body, or raise :class:`SourceError`.

    Redirects are followed; a 4xx status fails at once; a timeout, a dropped
    connection or a 429/5xx status is retried ``options.retries`` times with
    a growing pause; a body over ``options.max_bytes`` is abandoned as soon
    as the limit is crossed (or up front when Content-Length says so).
    """
    opts = options or FetchOptions()
    if not is_url(url):
        raise SourceError(f"{url}: not an http:// or https:// URL")
    own = client is None
    http = client or httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(opts.timeout),
        headers={"User-Agent": opts.user_agent, "Accept": "text/html,application/xhtml+xml,"
                 "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"},
    )
    try:
        attempt = 0
        while True:
            try:
                return _get_once(http, url, opts)
            except _Transient as exc:
                if attempt >= opts.retries:
                    raise SourceError(f"{url}: {exc.reason}") from exc
                time.sleep(opts.backoff * (2**attempt))
                attempt += 1
    finally:
        if own:
            http.close()


class _Transient(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _get_once(http: httpx.Client, url: str, opts: FetchOptions) -> FetchResult:
    try:
        with http.stream("GET", url) as resp:
            if resp.status_code in _TRANSIENT_STATUS:
                raise _Transient(f"HTTP {resp.status_code} {resp.reason_phrase} (after retrying)")
            if resp.status_code >= 400:
                raise SourceError(f"{url}: HTTP {resp.status_code} {resp.reason_phrase}")
            limit_mb = opts.max_bytes / 2**20
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > opts.max_bytes:
                raise SourceError(
                    f"{url}: {int(declared) / 2**20:.1f} MB is over the {limit_mb:g} MB limit "
                    "per page; save the article text and ingest the file"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > opts.max_bytes:
                    raise SourceError(
                        f"{url}: more than the {limit_mb:g} MB limit per page; "
                        "save the article text and ingest the file"
                    )
                chunks.append(chunk)
            media = resp.headers.get("content-type", "").partition(";")[0]
            return FetchResult(
                url=url,
                final_url=str(resp.url),
                status=resp.status_code,
                content_type=media.strip().lower(),
                charset=resp.charset_encoding,
                body=b"".join(chunks),
            )
    except httpx.TimeoutException as exc:
        raise _Transient(f"timed out after {opts.timeout:g} s") from exc
    except httpx.ConnectError as exc:
        raise _Transient(f"cannot connect ({_reason(exc)})") from exc
    except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise _Transient(f"connection dropped ({_reason(exc)})") from exc
    except httpx.TooManyRedirects as exc:
        raise SourceError(f"{url}: too many redirects") from exc
    except httpx.InvalidURL as exc:
        raise SourceError(f"{url}: invalid URL ({exc})") from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"{url}: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    # httpx wraps the OS error; its text ("[Errno 111] Connection refused") is
    # what a person recognizes.
    text = str(exc) or type(exc).__name__
    return text.removeprefix("[Errno ").split("] ", 1)[-1] if text.startswith("[Errno") else text
