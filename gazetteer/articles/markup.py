"""Plain text of HTML fragments with the standard library's parser (the fallback of pages).

:mod:`gazetteer.articles.pages` reads news pages with trafilatura, which finds an article's
main text and leaves out navigation, tickers and comments. Pasted fragments and tiny pages in
which trafilatura finds no main text at all (``<p>one line</p>``) are reduced here instead:
every visible text, one block per line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "looks_like_html"]

#: Elements whose whole content is dropped.
_DROP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})

#: Elements allowed inside <head>; any other start tag ends an unclosed head.
_HEAD_ONLY = frozenset({"title", "meta", "link", "base", "style", "script", "noscript", "template"})

#: Elements that start and end a line of text.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip

#: Elements whose cells are separated by a space.
_CELL = frozenset({"td", "th"})

#: Elements inside which white space is kept as written.
_PRE = frozenset({"pre", "textarea"})

_SPACE_RE = re.compile(r"[ \t\r\n\f]+")

#: What is left of a tag the end of the document cut off (``<a href="x``).
_CUT_TAG_RE = re.compile(r"<[a-zA-Z/!?]")

#: Signs that text is an HTML document or fragment.
_HTML_DOC_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG_RE = re.compile(
    r"</?(?:p|div|br|span|a|h[1-6]|article|section|table|tr|td|li|ul|ol|strong|em|b|i|img|meta"
    r"|title|script|style|font|center)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML document, one block per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.has_h1 = False
        self._dropped: list[str] = []
        self._in_head = False
        self._in_title = False
        self._pre = 0
        self._tail: list[str] | None = None

    def close(self) -> None:
        """Flush the parser; a tag cut off by the end of the document is dropped."""
        self._tail = []
        super().close()
        tail = "".join(self._tail)
        self._tail = None
        if not _CUT_TAG_RE.match(tail):
            self.handle_data(tail)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._in_head and tag not in _HEAD_ONLY:
            self._in_head = False
        if tag == "head":
            self._in_head = True
        elif tag == "title":
            self._in_title = True
        elif tag in _DROP:
            self._dropped.append(tag)
        if self._dropped or self._in_head:
            return
        if tag == "h1":
            self.has_h1 = True
        if tag in _PRE:
            self._pre += 1
        if tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP or tag in ("head", "title"):
            return  # <svg/>, <iframe/>: nothing inside, nothing to drop
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP and tag in self._dropped:
            while self._dropped and self._dropped.pop() != tag:
                pass
            return
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self._in_head = False
            self._in_title = False
        if self._dropped or self._in_head:
            return
        if tag in _PRE and self._pre:
            self._pre -= 1
        if tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self._tail is not None:
            self._tail.append(data)
            return
        if self._dropped:
            return
        if self._in_title:
            self.title.append(data)
            return
        if self._in_head:
            return
        self.parts.append(data if self._pre else _SPACE_RE.sub(" ", data))


def _clean_lines(text: str) -> list[str]:
    """Split into lines, collapse the spaces in each, drop the empty ones."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line]


def html_to_text(html: str) -> str:
    """Reduce an HTML document or fragment to its visible plain text.

    The content of ``script``, ``style``, ``noscript``, ``template``, ``svg``, ``iframe``,
    ``object`` and ``head`` is dropped; block elements (paragraphs, headings, list items,
    ``br`` ...) become line breaks; character references are unescaped; comments and
    declarations disappear. The ``<title>`` becomes the first line only when the page has no
    ``<h1>``. A character reference such as ``&lt;b&gt;`` is text and stays as ``<b>``.

    Parameters
    ----------
    html : str
        The markup.

    Returns
    -------
    str
        Plain text, one block per line, without empty lines.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = _clean_lines("".join(parser.parts))
    title = " ".join("".join(parser.title).split())
    if title and not parser.has_h1:
        lines.insert(0, title)
    return "\n".join(lines)


def looks_like_html(text: str) -> bool:
    """Tell whether text is HTML (a document, or a fragment with at least two tags).

    Parameters
    ----------
    text : str
        Decoded text; only its first 4,000 characters are looked at.

    Returns
    -------
    bool
        True for a doctype, an ``<html>``, ``<head>`` or ``<body>`` tag, or two or more common
        tags (``<p>``, ``<div>``, ``<br>`` ...).
    """
    head = text[:4000]
    if _HTML_DOC_RE.search(head):
        return True
    return len(_HTML_TAG_RE.findall(head)) >= 2
