"""Incident Atlas core: read Arabic articles, place and tag incidents, merge reports.

The public API, in the order data flows::

    articles = iter_articles(["seeds"])               # Article records (or ArticleError)
    gazetteer = load_gazetteer()                      # Site records, one automaton of names
    incidents = extract(article, gazetteer)           # Incident records, with evidence
    events = merge_events(incidents, gazetteer)       # Event records, one per incident

The stages are subpackages: :mod:`gazetteer.text` (normalising, matching, lexicons),
:mod:`gazetteer.places` (sites, loading, GeoNames, geography), :mod:`gazetteer.extract` (the
reader and its rules; ``grammar/`` for numbers, dates and casualties) and
:mod:`gazetteer.merge`. The names below are imported on first use, so that importing one light
module (``gazetteer.records``) does not pull in the geospatial stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gazetteer._lazy import lazy_names

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "Article": "gazetteer.records",
    "ArticleError": "gazetteer.articles",
    "DateSpan": "gazetteer.records",
    "Event": "gazetteer.records",
    "Gazetteer": "gazetteer.places.loading",
    "GazetteerError": "gazetteer.places.loading",
    "Incident": "gazetteer.records",
    "PlaceMention": "gazetteer.records",
    "Settings": "gazetteer.settings",
    "Site": "gazetteer.records",
    "article_from_text": "gazetteer.articles",
    "extract": "gazetteer.extract.reader",
    "iter_articles": "gazetteer.articles",
    "load_gazetteer": "gazetteer.places.loading",
    "load_settings": "gazetteer.settings",
    "merge_events": "gazetteer.merge",
    "normalise": "gazetteer.text.normalize",
    "normalise_with_offsets": "gazetteer.text.normalize",
    "read_article": "gazetteer.articles",
    "to_json": "gazetteer.records",
}

__all__ = [
    "Article",
    "ArticleError",
    "DateSpan",
    "Event",
    "Gazetteer",
    "GazetteerError",
    "Incident",
    "PlaceMention",
    "Settings",
    "Site",
    "article_from_text",
    "extract",
    "iter_articles",
    "load_gazetteer",
    "load_settings",
    "merge_events",
    "normalise",
    "normalise_with_offsets",
    "read_article",
    "to_json",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from gazetteer.articles import ArticleError, article_from_text, iter_articles, read_article
    from gazetteer.extract.reader import extract
    from gazetteer.merge import merge_events
    from gazetteer.places.loading import Gazetteer, GazetteerError, load_gazetteer
    from gazetteer.records import Article, DateSpan, Event, Incident, PlaceMention, Site, to_json
    from gazetteer.settings import Settings, load_settings
    from gazetteer.text.normalize import normalise, normalise_with_offsets


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS)
