"""Incident Atlas core: read Arabic articles, place and tag incidents, merge reports.

The public API, in the order data flows::

    articles = iter_articles(["seeds"])               # Article records (or ArticleError)
    gazetteer = load_gazetteer()                      # Site records, one automaton of names
    incidents = extract(article, gazetteer)           # Incident records, with evidence
    events = merge_events(incidents, gazetteer)       # Event records, one per incident
"""

from gazetteer.articles import ArticleError, article_from_text, iter_articles, read_article
from gazetteer.extract.reader import extract
from gazetteer.merge import merge_events
from gazetteer.places.loading import Gazetteer, GazetteerError, load_gazetteer
from gazetteer.records import Article, DateSpan, Event, Incident, PlaceMention, Site, to_json
from gazetteer.settings import Settings, load_settings
from gazetteer.text.normalize import normalise, normalise_with_offsets

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
