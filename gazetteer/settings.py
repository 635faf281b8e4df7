"""The reading library's settings, typed and documented in one place.

Each field can be set by an environment variable named ``ATLAS_`` plus the field name in
capitals (``ATLAS_GAZETTEER``, ``ATLAS_MAX_ARTICLE_MB`` ...). Only what reading articles needs
lives here; the store, the server and the map have theirs in :mod:`dashboard.settings`, read
the same way (:func:`from_environ`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from gazetteer import errors as _errors

__all__ = ["PROJECT_DIR", "Settings", "SettingsError", "from_environ", "load_settings"]

#: The project folder when running from a checkout (the parent of this package).
PROJECT_DIR = Path(__file__).resolve().parent.parent

T = TypeVar("T")


class SettingsError(_errors.SettingsError):
    """An environment variable holds a value its setting cannot take; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Settings of reading: articles, the gazetteer, the merge.

    Attributes
    ----------
    gazetteer : str
        A ``sites.csv``-style file to use instead of the packaged gazetteer (for instance the
        output of ``atlas gazetteer import-geonames``); empty for the packaged one. When set, the
        file is used as it is and ``builtin_places`` does not apply.
    builtin_places : bool
        Whether the packaged gazetteer includes the built-in GeoNames layer
        (``gazetteer/data/places_geonames.csv``: about 370 Syrian and border-area Iraqi towns,
        merged under the curated sites, which win). Env ``ATLAS_BUILTIN_PLACES``: ``1``/``0``,
        ``true``/``false``, ``yes``/``no`` or ``on``/``off``. On by default.
    max_article_mb : float
        Largest article read (a file or a fetched page), in MiB; larger ones are refused with a
        clear error.
    merge_day_slack : int
        Reports whose date spans come within this many days of each other may merge.
    """

    gazetteer: str = ""
    builtin_places: bool = True
    max_article_mb: float = 10.0
    merge_day_slack: int = 1


#: Spellings a yes/no setting accepts (compared lower-cased, spaces stripped).
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _flag(name: str, raw: str) -> bool:
    """Read a yes/no variable, or raise naming it and the accepted values."""
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(
        f"{name}={raw!r}: expected one of {', '.join(_TRUE)} (on) or {', '.join(_FALSE)} (off)"
    )


def from_environ(cls: type[T], environ: Mapping[str, str] | None = None) -> T:
    """Build a settings dataclass from its defaults overridden by ``ATLAS_*`` variables.

    Parameters
    ----------
    cls : type
        A frozen dataclass whose fields all have defaults of type str, bool, int or float.
    environ : mapping, optional
        The environment to read; :data:`os.environ` by default.

    Returns
    -------
    cls
        The settings in force.

    Raises
    ------
    SettingsError
        When a variable cannot be converted to its field's type; the message names it.
    """
    env = os.environ if environ is None else environ
    defaults = cls()
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = "ATLAS_" + f.name.upper()
        if name not in env:
            continue
        raw = env[name]
        kind = type(getattr(defaults, f.name))
        if kind is bool:
            values[f.name] = _flag(name, raw)
            continue
        try:
            values[f.name] = kind(raw)
        except ValueError as exc:
            raise SettingsError(f"{name}={raw!r}: expected {kind.__name__}") from exc
    return dataclasses.replace(defaults, **values)  # type: ignore[type-var]


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The reading settings in force (:class:`Settings` from the ``ATLAS_*`` variables)."""
    return from_environ(Settings, environ)
