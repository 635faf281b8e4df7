"""The places file: its columns, kinds and the validation of every row.

``gazetteer/data/sites.csv`` (and the built-in ``places_geonames.csv``, and any file named by
``ATLAS_GAZETTEER``) hold one place per row, multi-valued cells separated by ``|``.
:func:`read_sites` reads and checks such a text, naming the file, row and field of any error
(:class:`GazetteerError`). The rules for names are in :mod:`gazetteer.places.gazetteer`.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from collections.abc import Iterator
from functools import cache

from gazetteer import errors as _errors
from gazetteer.records import Site
from gazetteer.text.lexicons import load_lexicon
from gazetteer.text.normalize import normalise

__all__ = [
    "AMBIGUOUS_PREFIX",
    "COLUMNS",
    "IMPORTED_PREFIX",
    "KINDS",
    "REQUIRED",
    "GazetteerError",
    "read_sites",
    "reserved_phrases",
]


#: Keys of places imported from GeoNames start with this; only they may share a name.
IMPORTED_PREFIX = "gn-"
#: Keys of the region-precision places that stand for an ambiguous name start with this.
AMBIGUOUS_PREFIX = "ambiguous-"

#: Allowed values of the ``kind`` column.
KINDS: tuple[str, ...] = (
    "base",
    "oil_field",
    "gas_field",
    "airbase",
    "town",
    "city",
    "region",
    "zone",
    "village",
)

#: Columns of ``sites.csv``, in order.
COLUMNS: tuple[str, ...] = (
    "key",
    "name_en",
    "name_ar",
    "aliases_ar",
    "aliases_en",
    "context_aliases_ar",
    "kind",
    "country",
    "governorate",
    "lat",
    "lon",
    "precision",
    "parent",
    "source",
)

#: Columns that may not be empty.
REQUIRED: tuple[str, ...] = ("key", "name_en", "name_ar", "kind", "country", "lat", "lon", "source")

_MULTI = ("aliases_ar", "aliases_en", "context_aliases_ar")
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DEFAULT_LABEL = "gazetteer/data/sites.csv"
_BUILTIN_FILE = "places_geonames.csv"
_BUILTIN_LABEL = f"gazetteer/data/{_BUILTIN_FILE}"
_NOUNS_LABEL = "gazetteer/data/lexicon/site_nouns.csv"
_ROLES = ("site_noun", "not_a_place")
_WAW = "\u0648"  # و, the conjunction "and"
_ART = "\u0627\u0644"  # ال, the definite article
_LAM_LAM = "\u0644\u0644"  # لل, preposition ل fused with the article
_PROCLITICS = tuple(
    sorted(
        {c + p for c in ("", "\u0648", "\u0641") for p in ("", "\u0628", "\u0643", "\u0644")}
        - {""},
        key=len,
        reverse=True,
    )
)  # و ف, then ب ك ل: the conjunctions and prepositions that stick to a name

_CLOSE_CUTOFF = 0.85


class GazetteerError(_errors.GazetteerError):
    """A gazetteer file or record is invalid; the message names the file, row and field."""


def _split(cell: str) -> tuple[str, ...]:
    """Split a multi-valued cell on ``|``, dropping empty parts."""
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def _english_variants(name: str) -> set[str]:
    """Spellings of an English name that count as the same.

    Every hyphen or space between words may be either (``Deir-ez-Zor airport`` = ``Deir ez-Zor
    airport``), for names of up to five words; an apostrophe may be left out (``al-Qaim``).
    """
    base = normalise(name).strip()
    out = {base, base.replace("-", " "), base.replace(" ", "-")}
    words = re.split(r"[- ]", base)
    if 1 < len(words) <= 5:
        for seps in itertools.product(" -", repeat=len(words) - 1):
            out.add(words[0] + "".join(s + w for s, w in zip(seps, words[1:], strict=True)))
    out |= {v.replace("'", "") for v in out}
    return {v for v in out if v}


#: The marks outlets set a base's own name off with after its site noun (normalised): quotes,
#: brackets and dashes: قاعدة "بلد" الجوية، قاعدة (K1)، قاعدة -بلد- الجوية.
_SET_OFF_MARKS: tuple[tuple[str, str], ...] = (('"', '"'), ("(", ")"), ("-", "-"))


def _quoted_variants(norm: str, nouns: frozenset[str]) -> list[str]:
    """The same Arabic name with its proper part set off by marks after its site noun.

    Outlets quote a base's own name after the noun that introduces it: قاعدة "بلد" الجوية,
    مطار "أبو حجر" الزراعي; claims channels bracket it and some outlets set it off with dashes
    (قاعدة (K1)، قاعدة -بلد- الجوية). For a normalised name whose first word is a site noun,
    every way of setting off the words after it up to some word (``noun "w2 .. wk" w(k+1) ..``)
    with each pair of :data:`_SET_OFF_MARKS` is returned; a name of one word, or one that opens
    with another word, has none. The marks are the normalised ones
    (:func:`gazetteer.text.normalize.unify_punctuation` maps curly quotes, guillemets and long
    dashes to ``"`` and ``-``).
    """
    words = norm.split()
    if len(words) < 2 or words[0] not in nouns:
        return []
    return [
        " ".join([words[0], left + " ".join(words[1:k]) + right, *words[k:]])
        for left, right in _SET_OFF_MARKS
        for k in range(2, len(words) + 1)
    ]


@cache
def _context_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """Normalised site nouns and not-a-place phrases from ``lexicon/site_nouns.csv``."""
    rows = load_lexicon("site_nouns", required=("phrase", "role"))
    nouns: set[str] = set()
    blockers: set[str] = set()
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=1):
        where = f"{_NOUNS_LABEL}: data row {n} ({row['phrase']!r})"
        role = row["role"]
        if role not in _ROLES:
            raise GazetteerError(f"{where}: role {role!r} is not one of {', '.join(_ROLES)}")
        phrase = normalise(row["phrase"]).strip()
        if phrase in seen:
            raise GazetteerError(
                f"{where}: phrase is the same, once normalised, as data row {seen[phrase]}"
            )
        seen[phrase] = n
        (nouns if role == "site_noun" else blockers).add(phrase)
    return frozenset(nouns), frozenset(blockers)


def site_nouns() -> frozenset[str]:
    """Return the normalised site nouns of ``lexicon/site_nouns.csv`` (حقل، قاعدة، مطار ...).

    Returns
    -------
    frozenset of str
        The nouns that introduce a place name, normalised (قاعده، مطار، معمل ...).
    """
    return _context_lexicon()[0]


def reserved_phrases() -> frozenset[str]:
    """Return the normalised phrases of ``lexicon/site_nouns.csv``, which no place may claim.

    Returns
    -------
    frozenset of str
        Site nouns (حقل، قاعدة ...) and not-a-place phrases (قناة الميادين), normalised.
    """
    nouns, blockers = _context_lexicon()
    return nouns | blockers


def _coordinate(raw: str, name: str, limit: float, where: str) -> float:
    """Parse one coordinate cell, or raise naming the row and field."""
    try:
        value = float(raw)
    except ValueError:
        raise GazetteerError(f"{where}: {name} {raw!r} is not a number") from None
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise GazetteerError(f"{where}: {name} {raw!r} is out of range [{-limit:g}, {limit:g}]")
    return value


def _check_site(site: Site, where: str) -> None:
    """Validate the fields of one site on their own (not against other sites)."""
    for name in REQUIRED:
        value = getattr(site, name)
        if isinstance(value, str) and not value.strip():
            raise GazetteerError(f"{where}: {name} is empty")
    if not _KEY.fullmatch(site.key):
        raise GazetteerError(
            f"{where}: key {site.key!r} must be lower-case letters and digits joined by hyphens"
        )
    for name, limit in (("lat", 90.0), ("lon", 180.0)):
        value = getattr(site, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise GazetteerError(f"{where}: {name} {value!r} is not a number")
        if not math.isfinite(value) or not -limit <= value <= limit:
            raise GazetteerError(
                f"{where}: {name} '{value}' is out of range [{-limit:g}, {limit:g}]"
            )
    if site.kind not in KINDS:
        raise GazetteerError(f"{where}: kind {site.kind!r} is not one of {', '.join(KINDS)}")
    if site.parent == site.key:
        raise GazetteerError(f"{where}: parent {site.parent!r} is the site itself")
    for name in _MULTI:
        value = getattr(site, name)
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            raise GazetteerError(f"{where}: {name} must be a tuple of strings")


def _check_header(header: list[str], where: str) -> None:
    """Every column of :data:`COLUMNS` once, and no other, or raise naming the column."""
    for column in COLUMNS:
        if column not in header:
            raise GazetteerError(f"{where}: missing column {column!r}")
    for column in header:
        if column not in COLUMNS:
            raise GazetteerError(f"{where}: unknown column {column!r}")
        if header.count(column) > 1:
            raise GazetteerError(f"{where}: column {column!r} appears twice")


def _site_from_row(row: dict[str, str], where: str) -> Site:
    """One checked row of ``sites.csv`` as a :class:`Site`, or raise naming the field."""
    for column in REQUIRED:
        if not row[column]:
            raise GazetteerError(f"{where}: {column} is empty")
    return Site(
        key=row["key"],
        name_en=row["name_en"],
        name_ar=row["name_ar"],
        kind=row["kind"],
        country=row["country"],
        governorate=row["governorate"],
        lat=_coordinate(row["lat"], "lat", 90.0, where),
        lon=_coordinate(row["lon"], "lon", 180.0, where),
        aliases_ar=_split(row["aliases_ar"]),
        aliases_en=_split(row["aliases_en"]),
        context_aliases_ar=_split(row["context_aliases_ar"]),
        precision=row["precision"],
        parent=row["parent"] or None,
        source=row["source"],
    )


def read_sites(text: str, label: str) -> Iterator[tuple[str, Site]]:
    """Parse ``sites.csv`` text into (where, Site) pairs; ``where`` names the row for errors."""
    lines = text.splitlines()
    kept: list[int] = []

    def feed() -> Iterator[str]:
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            kept.append(number)
            yield line

    reader = csv.reader(feed())
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise GazetteerError(
            f"{label}: no header row (expected columns {', '.join(COLUMNS)})"
        ) from None
    except csv.Error as exc:
        raise GazetteerError(f"{label}: header row: {exc}") from None
    _check_header(header, f"{label}: header row (line {kept[0]})")
    row_no = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise GazetteerError(f"{label}: row {row_no + 1}: {exc}") from None
        row_no += 1
        line = kept[reader.line_num - 1]
        if len(cells) != len(header):
            raise GazetteerError(
                f"{label}: row {row_no} (line {line}): has {len(cells)} cells, "
                f"the header has {len(header)}"
            )
        row = dict(zip(header, (c.strip() for c in cells), strict=True))
        where = f"{label}: row {row_no} (line {line}, key {row['key']!r})"
        yield where, _site_from_row(row, where)


