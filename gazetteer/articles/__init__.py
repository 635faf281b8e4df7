"""Read articles safely: files, folders with ``articles.csv``, pasted text and news pages.

The package has one module per job; everything public is importable from here:

* :mod:`~gazetteer.articles.decode`: bytes -> text (byte-order marks, UTF-8, UTF-16,
  Windows-1256 judged as Arabic, charset-normalizer), binary data refused;
* :mod:`~gazetteer.articles.pages`: a news page's main text and metadata (trafilatura,
  htmldate); :mod:`~gazetteer.articles.markup` the plain-text fallback for HTML fragments;
* :mod:`~gazetteer.articles.fetch`: HTTP(S) with a timeout, a size cap and a User-Agent;
* :mod:`~gazetteer.articles.folders`: article files, pasted text, folders with
  ``articles.csv`` and :func:`iter_articles` over files, folders and URLs.

The names of :mod:`~gazetteer.articles.pages` are imported on first use (PEP 562): reading
plain-text files (``atlas extract``) needs neither it nor the modules it imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gazetteer._lazy import lazy_names
from gazetteer.articles.decode import ArticleError, PathArg, decode_bytes, looks_arabic
from gazetteer.articles.fetch import Fetched, FetchError, fetch, is_url, read_url
from gazetteer.articles.folders import (
    ARTICLE_SUFFIXES,
    CSV_COLUMNS,
    INDEX_NAME,
    REQUIRED_COLUMNS,
    article_from_text,
    iter_articles,
    parse_published,
    read_article,
    read_folder,
)
from gazetteer.articles.markup import html_to_text, looks_like_html

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from gazetteer.articles.pages import PageMeta, article_from_html, main_text, page_metadata

#: Public names imported on first use -> the module that defines them.
_LAZY: dict[str, str] = {
    "PageMeta": "gazetteer.articles.pages",
    "article_from_html": "gazetteer.articles.pages",
    "main_text": "gazetteer.articles.pages",
    "page_metadata": "gazetteer.articles.pages",
}

__all__ = [
    "ARTICLE_SUFFIXES",
    "CSV_COLUMNS",
    "INDEX_NAME",
    "REQUIRED_COLUMNS",
    "ArticleError",
    "FetchError",
    "Fetched",
    "PageMeta",
    "PathArg",
    "article_from_html",
    "article_from_text",
    "decode_bytes",
    "fetch",
    "html_to_text",
    "is_url",
    "iter_articles",
    "looks_arabic",
    "looks_like_html",
    "main_text",
    "page_metadata",
    "parse_published",
    "read_article",
    "read_folder",
    "read_url",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
