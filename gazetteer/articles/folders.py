"""Article files, pasted text and folders with ``articles.csv``.

* size is capped by the ``ATLAS_MAX_ARTICLE_MB`` setting;
* ``.html`` files are news pages: main text and metadata by :mod:`gazetteer.articles.pages`;
* a folder is read through its ``articles.csv`` (a malformed row is refused with its row and
  field, and the others are read) and never through a symbolic link that leads out of it;
* :func:`iter_articles` also takes ``http(s)://`` addresses (:mod:`gazetteer.articles.fetch`);
* every problem is an :class:`~gazetteer.articles.decode.ArticleError` whose message names the
  file, row and field, or the URL, so that a batch can report it and go on.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path

from gazetteer.articles.decode import ArticleError, PathArg, decode_bytes, is_binary_text
from gazetteer.articles.index import (
    CSV_COLUMNS,
    INDEX_NAME,
    REQUIRED_COLUMNS,
    _read_index,
    parse_published,
)
from gazetteer.articles.markup import looks_like_html
from gazetteer.records import Article

__all__ = [
    "ARTICLE_SUFFIXES",
    "CSV_COLUMNS",
    "INDEX_NAME",
    "REQUIRED_COLUMNS",
    "article_from_text",
    "iter_articles",
    "parse_published",
    "read_article",
    "read_folder",
]


#: Suffixes of the article files read from a folder.
ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm")

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_MIB = 1024 * 1024




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
        from gazetteer.articles.pages import main_text  # here: plain text never needs it

        text = main_text(text)
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
    return _read_file(path, published, outlet, url, article_id, lambda: _max_bytes(max_bytes))


#: The errors of ``stat`` for which :meth:`pathlib.Path.exists` says False (it raises others).
_NO_FILE_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
_NO_FILE_WINERRORS = frozenset({21, 123, 1921})  # not ready, invalid name, link loop


def _status(p: Path) -> os.stat_result | None:
    """``p.stat()``, or None where :meth:`pathlib.Path.exists` would say the file is not there."""
    try:
        return p.stat()
    except OSError as exc:
        if exc.errno in _NO_FILE_ERRNOS or getattr(exc, "winerror", 0) in _NO_FILE_WINERRORS:
            return None
        raise
    except ValueError:  # a NUL in the path
        return None


def _read_file(
    path: PathArg,
    published: date | str | None,
    outlet: str | None,
    url: str | None,
    article_id: str | None,
    limits: Callable[[], tuple[int, str]],
    listed: tuple[str, str] | None = None,
) -> Article:
    """:func:`read_article`, the size limit and its hint given by ``limits()``.

    ``listed`` is the ``language`` and ``note`` of the file's row of ``articles.csv``, which the
    article takes (as :func:`dataclasses.replace` gives them to it).

    The file is looked at with one ``stat`` (``exists``, ``is_dir``, ``is_file`` and ``stat``
    each made one before, with the same answers).
    """
    p = Path(path)
    name = str(path)
    when = _published(published, name)
    status = _status(p)
    if status is None:
        raise ArticleError(name, "no such file")
    if stat.S_ISDIR(status.st_mode):
        raise ArticleError(name, "is a folder, not an article file")
    if not stat.S_ISREG(status.st_mode):
        raise ArticleError(name, "is not a regular file")
    limit, hint = limits()
    over = f"the {limit / _MIB:g} MB limit{hint}"
    try:
        size = status.st_size
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
    raw = decode_bytes(data, name)
    if p.suffix.lower() in _HTML_SUFFIXES or looks_like_html(raw):
        from gazetteer.articles.pages import article_from_html  # here: plain text never does

        article, _ = article_from_html(
            raw, name=name, url=url or None, published=when, outlet=outlet or None,
            article_id=article_id or p.stem,
        )  # fmt: skip
        if url:  # the analyst's address (articles.csv, a flag) overrides the page's canonical one
            article = dataclasses.replace(article, url=url)
        if listed is not None:
            article = dataclasses.replace(article, language=listed[0], note=listed[1])
        return article
    text = _to_text(raw, name, html=False)
    row: dict[str, str] = {} if listed is None else {"language": listed[0], "note": listed[1]}
    return Article(
        id=article_id or p.stem,
        text=text,
        published=when,
        outlet=outlet or None,
        url=url or None,
        source_path=name,
        **row,
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
    if is_binary_text(text):
        raise ArticleError(name, "binary data (control characters), not text")
    body = _to_text(text, name, html=False)
    ident = article_id or "pasted-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Article(id=ident, text=body, published=when, outlet=outlet or None, url=url or None)



def _outside(real_root: Path, path: Path) -> ArticleError | None:
    """Refuse a file whose real path (links resolved) is not inside the folder named."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # a dangling link or a loop of links
        return ArticleError(str(path), f"cannot follow the link: {exc}")
    if real.is_relative_to(real_root):
        return None
    return ArticleError(
        str(path),
        f"is a link to {real}, outside the folder {real_root}; not read (links are followed"
        " only inside the folder)",
    )


def read_folder(folder: PathArg) -> Iterator[Article | ArticleError]:
    """Read a folder of articles described by its ``articles.csv``.

    ``articles.csv`` has the columns :data:`CSV_COLUMNS` (``file`` and ``published`` are
    required; lines whose first cell starts with ``#`` are comments). Each bad row (missing
    file, empty, malformed or impossible date, bad language or URL, duplicate file) yields one
    :class:`ArticleError` ``articles.csv: row N: field 'x': ...``, where N is the line number
    in the file as an editor shows it (the header is row 1 unless comments precede it), and
    reading goes on. A file named in a bad row is not read at all. A missing required column yields
    one error per column, and the rows are then ignored.

    A file (or ``articles.csv``) that is a symbolic link to a file outside the folder is not
    read: an error names it and where it leads.

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
    # the size limit, read from the settings at the first file read (once for the folder)
    limits = cache(lambda: _max_bytes(None))
    listed: set[str] = set()
    produced = False
    real_root = root.resolve()
    outside = _outside(real_root, index) if index.is_file() else None
    if outside is not None:
        produced = True
        yield outside
    elif index.is_file():
        for row in _read_index(index, listed):
            produced = True
            if isinstance(row, ArticleError):
                yield row
                continue
            outside = _outside(real_root, root / row.file)
            if outside is not None:
                yield outside
                continue
            try:
                article = _read_file(
                    root / row.file, row.published, row.outlet, row.url, None, limits,
                    (row.language, row.note),
                )  # fmt: skip
            except ArticleError as exc:
                yield exc
                continue
            yield article
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
        outside = _outside(real_root, file)
        if outside is not None:
            yield outside
            continue
        try:
            yield _read_file(file, None, None, None, None, limits)
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
        Article files (``.txt``, ``.html``), folders (read with :func:`read_folder`) and
        ``http(s)://`` addresses of news pages (fetched with
        :func:`gazetteer.articles.fetch.read_url`; a failing URL yields its error and the
        others go on).
    published : date or str, optional
        Publication date for the single files and pages (folders take theirs from
        ``articles.csv``); it overrides the page's own date.
    outlet : str, optional
        Outlet for the single files and pages.

    Yields
    ------
    Article or ArticleError
        In the order of ``paths``.
    """
    from gazetteer.articles.fetch import is_url, read_url

    for path in paths:
        if is_url(path):
            try:
                when = _published(published, str(path))
                yield read_url(str(path).strip(), published=when, outlet=outlet)[0]
            except ArticleError as exc:
                yield exc
            continue
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
