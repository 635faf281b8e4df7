"""Fetch news pages and feeds over HTTP(S), with limits, and read a page into an article.

The standard library's :mod:`urllib.request` does the work (no extra dependency); this module
adds what a batch over untrusted sites needs:

* only ``http://`` and ``https://`` addresses, also after a redirect (redirects are followed,
  at most 10, as urllib does);
* a timeout for each network wait and a deadline for the whole transfer, so that a server that
  stalls or trickles cannot hold a batch;
* a size cap (``Content-Length`` checked first, then the bytes counted as they arrive);
* a clear ``User-Agent`` naming the tool;
* conditional requests (``If-None-Match``, ``If-Modified-Since``) for feeds;
* every failure is a :class:`FetchError` whose message starts with the URL.
"""

from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from email.message import Message
from typing import Any

from gazetteer.articles.decode import ArticleError, decode_bytes
from gazetteer.articles.pages import PageMeta, article_from_html
from gazetteer.records import Article

__all__ = [
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "FetchError",
    "Fetched",
    "decode_page",
    "fetch",
    "is_url",
    "read_url",
]

#: Sent with every request, so that a site's operator can see who reads and why.
USER_AGENT = "IncidentAtlas/1.0 (news reader for conflict research; Python urllib)"

#: Seconds to wait for the server at each step, and for the whole transfer (x 3).
DEFAULT_TIMEOUT = 20.0

#: Largest page or feed read, in bytes, when the caller gives no limit (``ATLAS_MAX_ARTICLE_MB``
#: is used for articles).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_CHUNK = 64 * 1024
_URL_RE = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


class FetchError(ArticleError):
    """A URL could not be read; ``str(err)`` is ``"{url}: {problem}"``."""


@dataclass(frozen=True)
class Fetched:
    """What a request brought back.

    Attributes
    ----------
    url : str
        The address asked for.
    final_url : str
        The address answered from, after redirects.
    status : int
        200 (or another 2xx), or 304 when a conditional request found nothing new.
    body : bytes
        The content (empty for 304).
    content_type : str
        The media type, lower case, without parameters.
    charset : str or None
        The charset the server declared.
    etag, last_modified : str or None
        Validators for the next conditional request.
    """

    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304 Not Modified."""
        return self.status == 304


def is_url(value: object) -> bool:
    """Tell whether a command-line argument is an ``http(s)://`` address.

    Parameters
    ----------
    value : object
        A string or path.

    Returns
    -------
    bool
        True for ``http://...`` and ``https://...`` (any case).
    """
    return isinstance(value, str) and bool(_URL_RE.fullmatch(value.strip()))


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (urllib would also follow ``ftp://``)."""

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:  # fmt: skip
        if not is_url(newurl):
            raise urllib.error.HTTPError(
                newurl, code, f"redirected to {newurl!r}, which is not an http(s) address",
                headers, fp,
            )  # fmt: skip
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects())


def _request(
    url: str, etag: str | None, last_modified: str | None, accept: str
) -> urllib.request.Request:
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return urllib.request.Request(url, headers=headers)


def _read_body(response: Any, url: str, limit: int, deadline: float) -> bytes:
    """Read at most ``limit`` bytes before ``deadline``, or raise FetchError."""
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchError(url, f"too large: {int(length):,} bytes is over the {limit:,} byte limit")
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(url, "timed out while reading the response")
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise FetchError(url, f"too large: over the {limit:,} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _problem(exc: BaseException, timeout: float) -> str:
    """Say in words what went wrong with a request."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}".strip()
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return f"timed out after {timeout:g} s"
        return f"cannot connect ({reason})"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    return f"{type(exc).__name__}: {exc}"


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
) -> Fetched:
    """GET a URL with a timeout, a size cap, redirects followed and a clear User-Agent.

    Parameters
    ----------
    url : str
        An ``http(s)://`` address.
    timeout : float, optional
        Seconds to wait for each network step; the whole transfer gets three times this.
    max_bytes : int, optional
        Largest body accepted.
    etag, last_modified : str, optional
        Validators of an earlier answer: a 304 answer then returns ``status`` 304.
    accept : str, optional
        The ``Accept`` header.

    Returns
    -------
    Fetched
        The answer.

    Raises
    ------
    FetchError
        Naming the URL: not an http(s) address, HTTP error status (404 ...), connection
        refused, name not found, timeout, too large.
    """
    if not is_url(url):
        raise FetchError(url, "not an http:// or https:// address")
    deadline = time.monotonic() + 3 * timeout
    try:
        with _OPENER.open(_request(url, etag, last_modified, accept), timeout=timeout) as resp:
            body = _read_body(resp, url, max_bytes, deadline)
            headers = resp.headers
            return Fetched(
                url=url,
                final_url=resp.geturl() or url,
                status=resp.status,
                body=body,
                content_type=(headers.get_content_type() or "").lower(),
                charset=headers.get_content_charset(),
                etag=headers.get("ETag"),
                last_modified=headers.get("Last-Modified"),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(url=url, final_url=url, status=304, body=b"", etag=etag,
                           last_modified=last_modified)  # fmt: skip
        raise FetchError(url, _problem(exc, timeout)) from exc
    except FetchError:
        raise
    except (OSError, ValueError, urllib.error.URLError) as exc:
        raise FetchError(url, _problem(exc, timeout)) from exc


def decode_page(body: bytes, charset: str | None, name: str) -> str:
    """Decode a page: the server's charset, else a ``<meta charset>``, else :func:`decode_bytes`.

    Parameters
    ----------
    body : bytes
        The page.
    charset : str or None
        From ``Content-Type``.
    name : str
        The URL, for messages.

    Returns
    -------
    str
        The text.

    Raises
    ------
    ArticleError
        When nothing decodes it.
    """
    declared = [charset] if charset else []
    meta = _META_CHARSET_RE.search(body[:4096])
    if meta:
        declared.append(meta.group(1).decode("ascii"))
    for codec in declared:
        try:
            return body.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_bytes(body, name)


def read_url(
    url: str,
    *,
    published: date | None = None,
    outlet: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int | None = None,
) -> tuple[Article, PageMeta]:
    """Fetch a news page and read its main text and metadata into an article.

    Parameters
    ----------
    url : str
        The page.
    published, outlet : optional
        Override what the page says.
    timeout : float, optional
        As :func:`fetch`.
    max_bytes : int, optional
        Largest page; ``ATLAS_MAX_ARTICLE_MB`` by default.

    Returns
    -------
    (Article, PageMeta)
        As :func:`gazetteer.articles.pages.article_from_html`; ``source_path`` is ``url``.

    Raises
    ------
    FetchError
        When the page cannot be fetched.
    ArticleError
        Named with the URL, when it holds no article text or cannot be decoded.
    """
    if max_bytes is None:
        from gazetteer.settings import load_settings

        max_bytes = int(load_settings().max_article_mb * 1024 * 1024)
    answer = fetch(url, timeout=timeout, max_bytes=max_bytes)
    if not answer.body.strip():
        raise FetchError(url, "empty page")
    html = decode_page(answer.body, answer.charset, url)
    return article_from_html(
        html, name=url, url=answer.final_url, published=published, outlet=outlet
    )
