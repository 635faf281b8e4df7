"""One root for every error Incident Atlas raises on purpose, and one stage error under it.

``except AtlasError`` catches every error the project raises about bad input, files, settings,
the store or the map, and nothing else (a bug stays a bug). Each stage has one error class
here; the modules of a stage raise it, or a subclass with more detail:

============== ================================================ ==========================
stage error    subclasses (where)                               about
============== ================================================ ==========================
SettingsError  (gazetteer.settings)                             environment settings
ArticleError   (gazetteer.articles)                             reading an article
GazetteerError LexiconError (gazetteer.text.lexicons),          places and lexicons
               GazetteerError (gazetteer.places.loading)
StoreError     NotFoundError, ReviewConflict, DamagedStoreError the store
               (dashboard.store), NotGeoPackage (gpkg_file)
IngestError    IngestError (dashboard.ingest)                   a batch into the store
MapError       MapError (dashboard.map.build),                  the map and its assets
               AssetsError (dashboard.map.assets)
CommandError   CommandError (dashboard.commands)                the ``atlas`` command line
============== ================================================ ==========================

The stage classes keep the built-in bases their callers already catch (``ValueError`` for
settings, places and map options), so ``except ValueError`` still works where it did.
"""

from __future__ import annotations

__all__ = [
    "ArticleError",
    "AtlasError",
    "CommandError",
    "GazetteerError",
    "IngestError",
    "MapError",
    "SettingsError",
    "StoreError",
]


class AtlasError(Exception):
    """The root of every error Incident Atlas raises on purpose; the message says what to do."""


class SettingsError(AtlasError, ValueError):
    """A setting cannot take the value it was given."""


class ArticleError(AtlasError):
    """An article cannot be read."""


class GazetteerError(AtlasError, ValueError):
    """A gazetteer, places layer or lexicon file is invalid."""


class StoreError(AtlasError):
    """The store cannot be opened, read or written; the message starts with its location."""


class IngestError(AtlasError):
    """A batch of articles could not be ingested."""


class MapError(AtlasError, ValueError):
    """The map cannot be drawn, or one of its local assets is missing."""


class CommandError(AtlasError):
    """Bad input an ``atlas`` command cannot go on with."""
