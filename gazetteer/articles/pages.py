"""News pages: the article's main text and the page's metadata (trafilatura and htmldate).

A news page holds much more than its article: navigation, breaking-news tickers, "read also"
boxes, comment threads, scripts and footers. Any of them may carry an attack sentence that is
not the article's news, so only the main text is kept. It is found by `trafilatura
<https://trafilatura.readthedocs.io>`_ (its content heuristics, comments left out); fragments
and tiny pages where trafilatura finds no main text fall back to
:func:`gazetteer.articles.markup.html_to_text`.

Metadata comes from the page itself: the title, the outlet (``og:site_name``, else the site's
host name), the canonical URL (``<link rel=canonical>`` or ``og:url``) through
:func:`trafilatura.extract_metadata`, and the publication date through `htmldate
<https://htmldate.readthedocs.io>`_: first the page's metadata (meta tags, JSON-LD, ``<time>``)
and the URL, then a visible date line of the text. A page with no findable date has none:
it is never dated by the day it was read.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from gazetteer.articles.decode import ArticleError
from gazetteer.articles.markup import html_to_text
from gazetteer.records import Article

__all__ = ["PageMeta", "article_from_html", "main_text", "page_metadata", "url_article_id"]

#: Libraries whose chatter (``not enough text``, ``discarding data``) is not the user's concern.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.ERROR)

_LANG_RE = re.compile(r"<html[^>]*?\slang\s*=\s*[\"']?([a-zA-Z]{2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself.

    Attributes
    ----------
    title : str or None
        The headline (``og:title``, ``<h1>`` or ``<title>``, as trafilatura ranks them).
    published : date or None
        Publication date; None when the page gives none.
    date_source : str
        ``"page"`` (meta tags, JSON-LD, ``<time>`` or the URL), ``"text"`` (a date line of the
        visible text) or ``""`` when there is no date.
    outlet : str or None
        ``og:site_name``, else the host name without ``www.``.
    canonical_url : str or None
        The page's own address for itself, else the address it was read from.
    language : str or None
        The two-letter code of ``<html lang>``, when given.
    """

    title: str | None = None
    published: date | None = None
    date_source: str = ""
    outlet: str | None = None
    canonical_url: str | None = None
    language: str | None = None


def main_text(html: str) -> str:
    """Return the article's main text: no navigation, ticker, related links or comments.

    Parameters
    ----------
    html : str
        A page or a fragment.

    Returns
    -------
    str
        One paragraph per line; empty when the page holds no text at all.
    """
    import trafilatura

    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
    )
    if text and text.strip():
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return html_to_text(html)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _find_date(html: str, url: str | None) -> tuple[date | None, str]:
    """Publication date from metadata and URL, else from a date line of the text."""
    from htmldate import find_date

    for extensive, source in ((False, "page"), (True, "text")):
        try:
            found = find_date(
                html, url=url, original_date=True, extensive_search=extensive,
                outputformat="%Y-%m-%d",
            )  # fmt: skip
        except (ValueError, TypeError):
            found = None
        if found:
            try:
                return date.fromisoformat(found), source
            except ValueError:
                continue
    return None, ""


def page_metadata(html: str, url: str | None = None) -> PageMeta:
    """Read a page's title, publication date, outlet, canonical URL and language.

    Parameters
    ----------
    html : str
        The page.
    url : str, optional
        Where it was read from (helps with dates in the URL and relative canonical links).

    Returns
    -------
    PageMeta
        What was found; missing fields are None.
    """
    from trafilatura import extract_metadata

    meta = extract_metadata(html, default_url=url)
    title = (meta.title or "").strip() or None if meta else None
    sitename = (meta.sitename or "").strip() or None if meta else None
    canonical = (meta.url or "").strip() or None if meta else None
    if canonical and not canonical.lower().startswith(("http://", "https://")):
        canonical = None
    netlocs = {urlsplit(u).netloc.lower().removeprefix("www.") for u in (canonical, url) if u}
    if sitename and sitename.lower().removeprefix("www.") in netlocs:
        sitename = None  # trafilatura's fallback to the address: use the plain host name
    published, source = _find_date(html, url)
    lang = _LANG_RE.search(html[:5000])
    return PageMeta(
        title=title,
        published=published,
        date_source=source,
        outlet=sitename or _host(canonical or url),
        canonical_url=canonical or url,
        language=lang.group(1).lower() if lang else None,
    )


def url_article_id(url: str) -> str:
    """Return the article id of a page: ``web-`` and 12 hex digits of the URL's SHA-256.

    Parameters
    ----------
    url : str
        The canonical URL (or the URL read).

    Returns
    -------
    str
        The same id for the same URL.
    """
    return "web-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


def article_from_html(
    html: str,
    *,
    name: str,
    url: str | None = None,
    published: date | None = None,
    outlet: str | None = None,
    article_id: str | None = None,
) -> tuple[Article, PageMeta]:
    """Make an article of a news page: its main text, with the page's metadata.

    Values given here (from the command line or ``articles.csv``) override the page's.

    Parameters
    ----------
    html : str
        The decoded page.
    name : str
        The file or URL, for messages and ``source_path``.
    url : str, optional
        The address it was read from (after redirects).
    published : date, optional
        Overrides the page's date.
    outlet : str, optional
        Overrides the page's outlet.
    article_id : str, optional
        The id; by default from the canonical URL (:func:`url_article_id`) when there is one.

    Returns
    -------
    (Article, PageMeta)
        The article (``url`` the canonical URL, ``title`` the page's headline) and what the
        page said about itself, so that a caller can tell where the date came from.

    Raises
    ------
    ArticleError
        Named ``name``, when no text is left.
    """
    text = main_text(html.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ArticleError(name, "no text left after removing the HTML markup")
    meta = page_metadata(html, url)
    link = meta.canonical_url or url
    ident = article_id or (url_article_id(link) if link else None)
    if ident is None:
        ident = "page-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    language = meta.language if meta.language and meta.language != "ar" else "ar"
    note = f"read from {url}" if url and link and url != link else ""
    article = Article(
        id=ident,
        text=text.strip(),
        published=published if published is not None else meta.published,
        outlet=outlet or meta.outlet,
        url=link,
        language=language,
        note=note,
        source_path=name,
        title=meta.title,
    )
    return article, meta
