"""Read the lexicons kept as CSV data in ``gazetteer/data/lexicon/``."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from gazetteer import errors as _errors


class LexiconError(_errors.GazetteerError):
    """A lexicon file is missing a column or has a broken row; the message names both."""


@cache
def load_lexicon(name: str, required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """Read ``data/lexicon/NAME.csv`` as a tuple of row dicts.

    Lines whose first cell starts with ``#`` are comments. Cells are stripped.

    Parameters
    ----------
    name : str
        File name without ``.csv``.
    required : tuple of str
        Columns that must exist and be non-empty in every row.

    Returns
    -------
    tuple of dict
        One dict per row, keyed by the header.

    Raises
    ------
    LexiconError
        Naming the file, row and column of the first problem.
    """
    path = f"gazetteer/data/lexicon/{name}.csv"
    raw = resources.files("gazetteer").joinpath("data", "lexicon", f"{name}.csv").read_text(
        encoding="utf-8"
    )
    lines = [ln for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    header = reader.fieldnames or []
    for column in required:
        if column not in header:
            raise LexiconError(f"{path}: missing column {column!r} (has {', '.join(header)})")
    rows = []
    for n, row in enumerate(reader, start=2):
        clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
        for column in required:
            if not clean.get(column):
                raise LexiconError(f"{path}: data row {n}: empty {column!r}")
        rows.append(clean)
    return tuple(rows)
