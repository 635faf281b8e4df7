"""Articles uploaded on the "Add article" page: checked before they are read, then read.

Every refusal names the file (:class:`gazetteer.articles.ArticleError`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import PurePosixPath

from gazetteer.articles import ArticleError, article_from_text, decode_bytes
from gazetteer.records import Article

__all__ = ["UPLOAD_SUFFIXES", "article_from_upload", "check_upload"]

#: Upload suffixes the "Add article" page accepts.
UPLOAD_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm")

_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_MIB = 1024 * 1024


def check_upload(name: str, size: int, max_mb: float) -> None:
    r"""Refuse an uploaded file before reading it.

    Parameters
    ----------
    name : str
        The file name the browser sent.
    size : int
        Its size in bytes.
    max_mb : float
        The limit in megabytes (MiB), ``ATLAS_MAX_UPLOAD_MB``.

    Raises
    ------
    gazetteer.articles.ArticleError
        Naming the file: a name with folder parts (``/``, ``\\``, ``..``) or control
        characters, a suffix other than ``.txt``, ``.html`` or ``.htm``, an empty file, or one
        over the limit.
    """
    shown = name if name.isprintable() else repr(name)
    if not name or not name.isprintable() or "/" in name or "\\" in name or name in {".", ".."}:
        raise ArticleError(shown or "(no name)", "the file name must be a plain name without"
                           " folder parts or control characters")
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ArticleError(shown, f"wrong file type {suffix or '(none)'!r}; upload a .txt or"
                           " .html article")
    if size <= 0:
        raise ArticleError(shown, "empty file")
    if size > max_mb * _MIB:
        raise ArticleError(shown, f"too large ({size:,} bytes; the limit is {max_mb:g} MiB,"
                           " ATLAS_MAX_UPLOAD_MB)")


def article_from_upload(
    name: str, data: bytes, *, published: date | None, outlet: str | None, max_mb: float
) -> Article:
    """Read an uploaded article file (checked with :func:`check_upload`).

    Parameters
    ----------
    name : str
        The file name.
    data : bytes
        Its content.
    published : date or None
        Publication date.
    outlet : str or None
        Outlet.
    max_mb : float
        Size limit in megabytes.

    Returns
    -------
    Article
        Id from the file name (letters, digits, ``_.-``), HTML stripped.

    Raises
    ------
    gazetteer.articles.ArticleError
        Naming the file, for a refused upload, binary data, an unknown encoding or no text.
    """
    check_upload(name, len(data), max_mb)
    text = decode_bytes(data, name)
    stem = _ID_CHARS.sub("-", PurePosixPath(name).stem).strip("-.") or None
    try:
        article = article_from_text(text, published=published, outlet=outlet or None,
                                    article_id=stem)
    except ArticleError as exc:
        raise ArticleError(name, exc.problem) from exc
    return replace(article, source_path=name)
