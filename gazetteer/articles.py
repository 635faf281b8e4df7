"""Read articles safely: from files, folders with ``articles.csv``, or pasted text.

Article files come from anywhere (saved web pages, exports from old Windows tools, e-mail
attachments), so nothing about them is trusted:

* the bytes are decoded with :func:`decode_bytes`: a byte-order mark first, then strict UTF-8,
  then UTF-16 without a mark, then charset-normalizer with a preference for the Arabic code
  pages (Windows-1256, ISO-8859-6). Binary data and text that decodes with no confidence are
  refused; mojibake is never returned silently;
* HTML is reduced to plain text with the standard library's :mod:`html.parser`
  (:func:`html_to_text`);
* size is capped by the ``ATLAS_MAX_ARTICLE_MB`` setting;
* every problem is an :class:`ArticleError` whose message names the file (and the row and field
  of ``articles.csv``) and says what is wrong, so that a batch can report it and go on.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from os import PathLike
from pathlib import Path

from charset_normalizer import from_bytes

from gazetteer import errors as _errors
from gazetteer.records import Article

__all__ = [
    "CSV_COLUMNS",
    "REQUIRED_COLUMNS",
    "ArticleError",
    "article_from_text",
    "decode_bytes",
    "html_to_text",
    "iter_articles",
    "looks_like_html",
    "parse_published",
    "read_article",
    "read_folder",
]

#: Columns of a folder's ``articles.csv``, in order.
CSV_COLUMNS: tuple[str, ...] = ("file", "published", "outlet", "url", "language", "note")

#: Columns ``articles.csv`` must have; the others may be left out.
REQUIRED_COLUMNS: tuple[str, ...] = ("file", "published")

#: File name of the metadata table in an article folder.
INDEX_NAME = "articles.csv"

#: Suffixes of the article files read from a folder.
ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm")

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_MIB = 1024 * 1024

PathArg = str | PathLike[str]


class ArticleError(_errors.ArticleError):
    """An article cannot be read; ``str(err)`` is ``"{path}: {problem}"``.

    Parameters
    ----------
    path : str
        The file (or ``articles.csv``, or ``"pasted text"``) at fault, as the user gave it.
    problem : str
        What is wrong, in words, with the row and field when there are some.

    Attributes
    ----------
    path : str
        As given.
    problem : str
        As given.
    """

    def __init__(self, path: PathArg, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

#: Magic numbers of binary formats people mistake for articles, and what to call them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive, or a Word/Excel/EPUB document"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)

#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)

#: Control characters that have no business in text (tab, newlines and form feed excepted).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

#: Largest share of control characters decoded text may hold before it is called binary.
_MAX_CONTROL_SHARE = 0.01

#: Arabic-script letters (base block, supplement, presentation forms).
_ARABIC_LETTER_RE = re.compile(
    r"[\u0620-\u064a\u066e-\u06d3\u06d5\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
)

#: charset-normalizer guesses are accepted up to this much "chaos" (mess ratio).
_MAX_CHAOS = 0.1

#: A guess outside the Arabic code pages must also recognise a language this well.
_MIN_COHERENCE = 0.1

#: Share of the letters that must be Arabic before an Arabic code page is preferred.
_MIN_ARABIC_SHARE = 0.5

_ARABIC_CODEPAGES = ("cp1256", "iso8859_6")


def _binary_kind(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, if it is a known one."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a RIFF media file (" + data[8:12].decode("ascii").strip() + ")"
    if data[4:8] == b"ftyp":
        return "an MP4/MOV video or HEIC image"
    return None


def _control_share(text: str) -> float:
    """Return the share of control characters in ``text`` (0 for empty text)."""
    if not text:
        return 0.0
    return sum(1 for _ in _CONTROL_RE.finditer(text)) / len(text)


def _check_text(text: str, name: str, how: str) -> str:
    """Refuse decoded text that is really binary data; return it otherwise."""
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise ArticleError(name, f"binary file (control characters in the {how} text)")
    return text


def _utf16_codec(data: bytes) -> str | None:
    """Guess UTF-16 without a byte-order mark from where the NUL bytes fall.

    In UTF-16 text the high byte of each code unit is one of very few values (0 for Latin
    letters, digits, spaces and punctuation; 6 for Arabic), so one byte parity is dominated by
    NUL plus one other value while the other parity carries (almost) no NUL.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    for codec, high, low in (
        ("utf-16-le", data[1::2], data[0::2]),
        ("utf-16-be", data[0::2], data[1::2]),
    ):
        n = len(high)
        nul = high.count(0)
        if nul == 0 or low.count(0) > 0.01 * n:
            continue
        other = max((high.count(b) for b in set(high) - {0}), default=0)
        if (nul + other) >= 0.85 * n:
            return codec
    return None


def _arabic_share(text: str) -> float:
    """Return the share of Arabic-script letters among all letters of ``text``."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    return sum(1 for _ in _ARABIC_LETTER_RE.finditer(text)) / letters


def _guess_codepage(data: bytes, name: str) -> str:
    """Decode a legacy 8-bit encoding with charset-normalizer, preferring Arabic code pages."""
    arabic = [
        m
        for m in from_bytes(data, cp_isolation=list(_ARABIC_CODEPAGES))
        if m.chaos <= _MAX_CHAOS and _arabic_share(str(m)) >= _MIN_ARABIC_SHARE
    ]
    arabic.sort(key=lambda m: (m.chaos, -m.coherence, _ARABIC_CODEPAGES.index(m.encoding)))
    best = from_bytes(data).best()
    if arabic:
        choice = arabic[0]
        beaten = (
            best is not None
            and best.encoding not in _ARABIC_CODEPAGES
            and best.chaos < choice.chaos
            and best.coherence > choice.coherence
        )
        if not beaten:
            return _check_text(str(choice), name, choice.encoding)
    if best is not None and best.chaos <= _MAX_CHAOS and best.coherence >= _MIN_COHERENCE:
        return _check_text(str(best), name, best.encoding)
    guess = "" if best is None else f" (best guess {best.encoding}, {best.chaos:.0%} garbled)"
    raise ArticleError(
        name,
        "cannot tell the text encoding: not UTF-8, UTF-16 or Windows-1256"
        f"{guess}; save the file as UTF-8",
    )


def decode_bytes(data: bytes, name: str) -> str:
    """Decode the bytes of an article file into text, or refuse them.

    The order is: known binary formats (PDF, images, archives) are refused; a byte-order mark
    decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); strict UTF-8; UTF-16 without a mark (NUL
    bytes at alternate positions); other NUL bytes mean binary; last, charset-normalizer,
    preferring Windows-1256 and ISO-8859-6 when they give Arabic text.

    Parameters
    ----------
    data : bytes
        The raw file content.
    name : str
        The file name, for error messages.

    Returns
    -------
    str
        The decoded text, without the byte-order mark.

    Raises
    ------
    ArticleError
        ``binary file (looks like PDF)`` and the like for binary data; a message naming the
        encoding when a byte-order mark lies; ``cannot tell the text encoding`` when nothing
        decodes with confidence.
    """
    kind = _binary_kind(data)
    if kind is not None:
        raise ArticleError(name, f"binary file (looks like {kind})")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                label = codec.upper()
                raise ArticleError(
                    name,
                    f"starts with a {label} byte-order mark but is not valid {label}"
                    f" (byte {exc.start + len(bom)})",
                ) from exc
            return _check_text(text, name, codec.upper())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        return _check_text(text, name, "UTF-8")
    codec = _utf16_codec(data)
    if codec is not None:
        try:
            return _check_text(data.decode(codec), name, codec.upper())
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the NUL bytes below make it binary
    if b"\x00" in data:
        raise ArticleError(name, "binary file (contains NUL bytes and is not UTF-16 text)")
    return _guess_codepage(data, name)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_published(value: str) -> date:
    """Parse a publication date written strictly as ``YYYY-MM-DD``.

    Parameters
    ----------
    value : str
        The date; surrounding spaces are ignored.

    Returns
    -------
    datetime.date
        The date.

    Raises
    ------
    ValueError
        ``empty; give the date as YYYY-MM-DD``, or ``'2021-02-30' is not a valid date
        (YYYY-MM-DD)`` for another form or an impossible day.
    """
    text = value.strip()
    if not text:
        raise ValueError("empty; give the date as YYYY-MM-DD")
    if _ISO_DATE_RE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a valid date (YYYY-MM-DD)")


def _published(value: date | str | None, where: str) -> date | None:
    """Accept a date, a ``YYYY-MM-DD`` string or None; raise ArticleError naming ``where``."""
    if value is None or isinstance(value, date):
        return value
    try:
        return parse_published(value)
    except ValueError as exc:
        raise ArticleError(where, f"published: {exc}") from exc


# --------------------------------------------------------------------------------------------
# Files, pasted text, folders
# --------------------------------------------------------------------------------------------


def _max_bytes(max_bytes: int | None) -> tuple[int, str]:
    """Return the size limit in bytes and a hint on how to raise it."""
    if max_bytes is not None:
        return max_bytes, ""
    from gazetteer.settings import load_settings

    mb = load_settings().max_article_mb
    return int(mb * _MIB), "; set ATLAS_MAX_ARTICLE_MB to raise it"


def _to_text(raw: str, name: str, html: bool) -> str:
    """Turn decoded content into article text: newlines unified, HTML stripped, non-empty."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if html or looks_like_html(text):
        text = html_to_text(text)
        if not text.strip():
            raise ArticleError(name, "no text left after removing the HTML markup")
    elif not text.strip():
        raise ArticleError(name, "only white space, no text")
    return text.strip()


def read_article(
    path: PathArg,
    *,
    published: date | str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
    max_bytes: int | None = None,
) -> Article:
    """Read one article file (plain text or HTML) into an :class:`~gazetteer.records.Article`.

    Parameters
    ----------
    path : str or path-like
        The file; ``.html``/``.htm`` files (and any file that looks like HTML) are stripped to
        text.
    published : date or str, optional
        Publication date (a ``YYYY-MM-DD`` string is parsed).
    outlet, url : str, optional
        Provenance.
    article_id : str, optional
        The id; the file name without its extension by default.
    max_bytes : int, optional
        Largest file accepted; by default ``ATLAS_MAX_ARTICLE_MB`` megabytes (MiB).

    Returns
    -------
    Article
        With ``source_path`` set to ``path``.

    Raises
    ------
    ArticleError
        For a missing file, a folder, an empty or white-space-only file, a file over the size
        limit, binary data, an undecodable file, or a bad ``published`` string.
    gazetteer.settings.SettingsError
        When ``ATLAS_MAX_ARTICLE_MB`` is not a number.
    """
    p = Path(path)
    name = str(path)
    when = _published(published, name)
    if not p.exists():
        raise ArticleError(name, "no such file")
    if p.is_dir():
        raise ArticleError(name, "is a folder, not an article file")
    if not p.is_file():
        raise ArticleError(name, "is not a regular file")
    limit, hint = _max_bytes(max_bytes)
    over = f"the {limit / _MIB:g} MB limit{hint}"
    try:
        size = p.stat().st_size
        if size > limit:
            raise ArticleError(name, f"too large: {size / _MIB:.1f} MB is over {over}")
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ArticleError(name, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:  # the file grew after stat()
        raise ArticleError(name, f"too large: over {over}")
    if not data:
        raise ArticleError(name, "empty file")
    text = _to_text(decode_bytes(data, name), name, p.suffix.lower() in _HTML_SUFFIXES)
    return Article(
        id=article_id or p.stem,
        text=text,
        published=when,
        outlet=outlet or None,
        url=url or None,
        source_path=name,
    )


def article_from_text(
    text: str,
    *,
    published: date | str | None,
    outlet: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
) -> Article:
    """Make an article from pasted text (HTML is detected and stripped).

    Parameters
    ----------
    text : str
        What the analyst pasted.
    published : date or str or None
        Publication date (a ``YYYY-MM-DD`` string is parsed); required keyword, may be None.
    outlet, url : str, optional
        Provenance.
    article_id : str, optional
        The id; ``"pasted-"`` plus the first 12 hex digits of the SHA-256 of ``text`` by
        default, so that pasting the same text twice gives the same id.

    Returns
    -------
    Article
        With ``source_path`` None.

    Raises
    ------
    ArticleError
        Named ``pasted text``, for empty text or a bad ``published`` string.
    """
    name = "pasted text"
    when = _published(published, name)
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise ArticleError(name, "binary data (control characters), not text")
    body = _to_text(text, name, html=False)
    ident = article_id or "pasted-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Article(id=ident, text=body, published=when, outlet=outlet or None, url=url or None)


_LANGUAGE_RE = re.compile(r"[a-z]{2}")
_URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)


@dataclasses.dataclass(frozen=True)
class _Row:
    """One valid row of ``articles.csv``."""

    file: str
    published: date
    outlet: str | None
    url: str | None
    language: str
    note: str


def _check_row(row: dict[str, str], folder: Path) -> _Row:
    """Validate one row; raise ValueError("field 'x': problem") for the first bad field."""
    file = row["file"]
    if not file:
        raise ValueError("field 'file': empty")
    if Path(file).name != file or file in (".", ".."):
        raise ValueError(f"field 'file': {file!r} must be a file name in {folder}, not a path")
    if not (folder / file).is_file():
        raise ValueError(f"field 'file': {file!r} not found in {folder}")
    try:
        when = parse_published(row["published"])
    except ValueError as exc:
        raise ValueError(f"field 'published': {exc}") from exc
    language = row.get("language", "").lower() or "ar"
    if not _LANGUAGE_RE.fullmatch(language):
        raise ValueError(
            f"field 'language': {row['language']!r} is not a two-letter ISO 639-1 code (like ar)"
        )
    url = row.get("url", "")
    if url and not _URL_RE.fullmatch(url):
        raise ValueError(f"field 'url': {url!r} is not an http(s) address")
    return _Row(file, when, row.get("outlet") or None, url or None, language, row.get("note", ""))


def _read_index(index: Path, mentioned: set[str]) -> Iterator[_Row | ArticleError]:
    """Yield the valid rows of ``articles.csv``, or one error per bad row.

    A missing required column yields one error per column and no rows. The ``file`` cell of
    every row, good or bad, is added to ``mentioned``.
    """
    name = str(index)
    try:
        data = index.read_bytes()
    except OSError as exc:
        yield ArticleError(name, f"cannot read: {exc.strerror or exc}")
        return
    try:
        text = decode_bytes(data, name)
    except ArticleError as exc:
        yield exc
        return
    reader = csv.reader(io.StringIO(text))
    header: list[str] = []
    for cells in reader:
        if any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#"):
            header = [h.strip().lower() for h in cells]
            break
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    for column in missing:
        yield ArticleError(
            name, f"header: missing column {column!r} (expected {','.join(CSV_COLUMNS)})"
        )
    if missing:
        return
    file_at = header.index("file")
    seen: dict[str, int] = {}
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if file_at < len(cells):
            mentioned.add(cells[file_at].strip())
        if len(cells) > len(header):
            yield ArticleError(
                name, f"row {start}: {len(cells)} fields, but the header has {len(header)}"
            )
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        try:
            checked = _check_row(row, index.parent)
        except ValueError as exc:
            yield ArticleError(name, f"row {start}: {exc}")
            continue
        if checked.file in seen:
            yield ArticleError(
                name,
                f"row {start}: field 'file': {checked.file!r} is already listed in row "
                f"{seen[checked.file]}",
            )
            continue
        seen[checked.file] = start
        yield checked


def read_folder(folder: PathArg) -> Iterator[Article | ArticleError]:
    """Read a folder of articles described by its ``articles.csv``.

    ``articles.csv`` has the columns :data:`CSV_COLUMNS` (``file`` and ``published`` are
    required; lines whose first cell starts with ``#`` are comments). Each bad row (missing
    file, empty, malformed or impossible date, bad language or URL, duplicate file) yields one
    :class:`ArticleError` ``articles.csv: row N: field 'x': ...``, where N is the line number
    in the file as an editor shows it (the header is row 1 unless comments precede it), and
    reading goes on. A file named in a bad row is not read at all. A missing required column yields
    one error per column, and the rows are then ignored.

    Article files (``.txt``, ``.html``, ``.htm``) in the folder that ``articles.csv`` does not
    list, and all of them when there is no usable ``articles.csv``, are still read, with
    ``published`` None: the caller should warn that their relative dates cannot be resolved
    (``atlas`` does).

    Parameters
    ----------
    folder : str or path-like
        The folder.

    Yields
    ------
    Article or ArticleError
        Listed articles in the order of ``articles.csv``, then unlisted ones by file name; an
        error in place of each row or file that cannot be read.
    """
    root = Path(folder)
    index = root / INDEX_NAME
    listed: set[str] = set()
    produced = False
    if index.is_file():
        for row in _read_index(index, listed):
            produced = True
            if isinstance(row, ArticleError):
                yield row
                continue
            try:
                article = read_article(
                    root / row.file, published=row.published, outlet=row.outlet, url=row.url
                )
            except ArticleError as exc:
                yield exc
                continue
            yield dataclasses.replace(article, language=row.language, note=row.note)
    try:
        files = sorted(
            f
            for f in root.iterdir()
            if f.suffix.lower() in ARTICLE_SUFFIXES
            and f.name not in listed
            and not f.name.startswith(".")
            and f.is_file()
        )
    except OSError as exc:
        yield ArticleError(str(folder), f"cannot list the folder: {exc.strerror or exc}")
        return
    for file in files:
        produced = True
        try:
            yield read_article(file)
        except ArticleError as exc:
            yield exc
    if not produced:
        listing = "an articles.csv without rows" if index.is_file() else "no articles.csv"
        yield ArticleError(str(folder), f"no articles: {listing} and no .txt or .html files")


def iter_articles(
    paths: Iterable[PathArg],
    *,
    published: date | str | None = None,
    outlet: str | None = None,
) -> Iterator[Article | ArticleError]:
    """Read articles from files and folders, yielding an error for each one that fails.

    Parameters
    ----------
    paths : iterable of str or path-like
        Article files (``.txt``, ``.html``) and folders (read with :func:`read_folder`).
    published : date or str, optional
        Publication date for the single files (folders take theirs from ``articles.csv``).
    outlet : str, optional
        Outlet for the single files.

    Yields
    ------
    Article or ArticleError
        In the order of ``paths``.
    """
    for path in paths:
        p = Path(path)
        if p.is_dir():
            yield from read_folder(p)
            continue
        if not p.exists():
            yield ArticleError(str(path), "no such file or folder")
            continue
        try:
            yield read_article(path, published=published, outlet=outlet)
        except ArticleError as exc:
            yield exc
