"""A folder's ``articles.csv``: its columns, its dates and its rows, checked one by one.

Split from :mod:`gazetteer.articles.folders` (which re-exports the public names): every bad row
yields one :class:`~gazetteer.articles.decode.ArticleError` naming the row and the field, and
reading goes on with the rest.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from gazetteer.articles.decode import ArticleError, decode_bytes

__all__ = ["CSV_COLUMNS", "INDEX_NAME", "REQUIRED_COLUMNS", "parse_published"]

#: Columns of a folder's ``articles.csv``, in order.
CSV_COLUMNS: tuple[str, ...] = ("file", "published", "outlet", "url", "language", "note")

#: Columns ``articles.csv`` must have; the others may be left out.
REQUIRED_COLUMNS: tuple[str, ...] = ("file", "published")

#: File name of the metadata table in an article folder.
INDEX_NAME = "articles.csv"

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


def _bad_quote_field(raw: str) -> int:
    """Return the index of the field whose quoting is malformed in one raw CSV record."""
    field, quoted, closed, fresh = 0, False, False, True
    i = 0
    while i < len(raw):
        ch = raw[i]
        if quoted:
            if ch == '"' and raw[i + 1 : i + 2] == '"':
                i += 1
            elif ch == '"':
                quoted, closed = False, True
        elif ch == ",":
            field, closed, fresh = field + 1, False, True
            i += 1
            continue
        elif closed or (ch == '"' and not fresh):
            return field
        elif ch == '"':
            quoted = True
        fresh = False
        i += 1
    return field


#: A record of ``articles.csv``: its first line and its cells, or the index of the field whose
#: quoting is malformed and the record's cells as a lenient reader sees them.
_Record = tuple[int, list[str], int | None]


def _records(text: str) -> Iterator[_Record]:
    """Split ``articles.csv`` into records, strictly: a stray quote is reported, not merged."""
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text), strict=True)
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            start, line = line + 1, reader.line_num
            raw = "\n".join(lines[start - 1 : line])
            lenient = next(csv.reader([raw]), [])
            yield start, lenient, _bad_quote_field(raw)
            continue
        start, line = line + 1, reader.line_num
        yield start, cells, None


def _blank_or_comment(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#")


def _decoded_index(index: Path) -> str | ArticleError:
    """The text of ``articles.csv``, or the error reading it."""
    name = str(index)
    try:
        return decode_bytes(index.read_bytes(), name)
    except OSError as exc:
        return ArticleError(name, f"cannot read: {exc.strerror or exc}")
    except ArticleError as exc:
        return exc


def _read_index(index: Path, mentioned: set[str]) -> Iterator[_Row | ArticleError]:
    """Yield the valid rows of ``articles.csv``, or one error per bad row.

    A missing required column yields one error per column and no rows. The ``file`` cell of
    every row, good or bad, is added to ``mentioned``. A row with a malformed quote (``"a"x``,
    an unclosed ``"``) is refused naming its row and field, never stored inside a field.
    """
    name = str(index)
    text = _decoded_index(index)
    if isinstance(text, ArticleError):
        yield text
        return
    records = _records(text)
    header: list[str] = []
    for _, cells, _ in records:
        if not _blank_or_comment(cells):
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
    for start, cells, bad in records:
        if _blank_or_comment(cells):
            continue
        if file_at < len(cells):
            mentioned.add(cells[file_at].strip())
        problem = _row_problem(cells, bad, header)
        if problem is not None:
            yield ArticleError(name, f"row {start}: {problem}")
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


def _row_problem(cells: list[str], bad: int | None, header: list[str]) -> str | None:
    """Say what is wrong with a record's shape (quoting, field count), or None."""
    if bad is not None:
        field = header[bad] if bad < len(header) else f"number {bad + 1}"
        return (
            f"field {field!r}: malformed quotes (a quoted field must end with a quote followed"
            " by a comma or the end of the line; double a quote inside it); row not read"
        )
    if len(cells) > len(header):
        return f"{len(cells)} fields, but the header has {len(header)}"
    return None
