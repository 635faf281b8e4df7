"""Fetch news pages and feeds over HTTP(S), with limits, and read a page into an article.

The standard library's :mod:`http.client` does the work (no extra dependency; every
connection is closed whatever happens); this module adds what a batch over untrusted sites
needs:

* only ``http://`` and ``https://`` addresses, also after a redirect (redirects are followed,
  at most 10);
* a timeout for each network wait and a deadline for the whole transfer, so that a server that
  stalls or trickles cannot hold a batch;
* a size cap (``Content-Length`` checked first, then the bytes counted as they arrive);
* a clear ``User-Agent`` naming the tool;
* conditional requests (``If-None-Match``, ``If-Modified-Since``) for feeds;
* every failure is a :class:`FetchError` whose message starts with the URL.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from gazetteer.articles.decode import ArticleError, decode_bytes
from gazetteer.records import Article

if TYPE_CHECKING:
    import http.client

    from gazetteer.articles.pages import PageMeta

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


#: Redirects followed before giving up (urllib's limit too).
MAX_REDIRECTS = 10

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _headers(etag: str | None, last_modified: str | None, accept: str) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """Open a connection for ``url``; return it and the request target (path and query)."""
    import http.client  # here, not at import: reading files needs neither HTTP nor TLS
    import ssl

    parts = urlsplit(url)
    if parts.scheme.lower() == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=timeout,
            context=ssl.create_default_context(),
        )  # fmt: skip
    else:
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return conn, target


def _read_body(response: http.client.HTTPResponse, url: str, limit: int, deadline: float) -> bytes:
    """Read at most ``limit`` bytes before ``deadline``, or raise FetchError."""
    length = response.getheader("Content-Length")
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
    """Say in words what went wrong with a connection."""
    import socket
    import ssl

    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, (ConnectionError, socket.gaierror)):
        return f"cannot connect ({exc})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc})"
    return f"cannot connect ({type(exc).__name__}: {exc})"


def _fetched(url: str, final: str, response: http.client.HTTPResponse, body: bytes) -> Fetched:
    message = response.msg
    return Fetched(
        url=url,
        final_url=final,
        status=response.status,
        body=body,
        content_type=(message.get_content_type() or "").lower(),
        charset=message.get_content_charset(),
        etag=response.getheader("ETag"),
        last_modified=response.getheader("Last-Modified"),
    )


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
        Naming the URL: not an http(s) address (also after a redirect), HTTP error status
        (404 ...), too many redirects, connection refused, name not found, timeout, too large.
    """
    if not is_url(url):
        raise FetchError(url, "not an http:// or https:// address")
    import http.client

    deadline = time.monotonic() + 3 * timeout
    current = url.strip()
    headers = _headers(etag, last_modified, accept)
    for _ in range(MAX_REDIRECTS + 1):
        conn, target = _connection(current, timeout)
        response: http.client.HTTPResponse | None = None
        try:
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            location = response.getheader("Location")
            if response.status in _REDIRECTS and location:
                following = urljoin(current, location.strip())
                if not is_url(following):
                    raise FetchError(
                        url, f"redirected to {following!r}, which is not an http(s) address"
                    )
                current = following
                continue
            if response.status == 304:
                return Fetched(url=url, final_url=current, status=304, body=b"", etag=etag,
                               last_modified=last_modified)  # fmt: skip
            if not 200 <= response.status < 300:
                raise FetchError(url, f"HTTP {response.status} {response.reason}".strip())
            return _fetched(url, current, response, _read_body(response, url, max_bytes, deadline))
        except FetchError:
            raise
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(url, _problem(exc, timeout)) from exc
        finally:
            if response is not None:
                response.close()
            conn.close()
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


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
    from gazetteer.articles.pages import article_from_html

    return article_from_html(
        html, name=url, url=answer.final_url, published=published, outlet=outlet
    )
