"""The UI's caches: the store, the gazetteer, the event table and what is derived from it.

The event table is cached per db path and a data-version token (:func:`data_version`: the
store's counts, the file's mtime and a counter that :func:`bump_data_version` raises after an
ingest or a review). It is a ``st.cache_resource``: one shared object, never copied (a
``st.cache_data`` entry is unpickled on every call: at 100,000 events that cost 0.15 s and
80 MB per script run); nothing in the UI changes it in place (pandas' copy-on-write keeps
derived tables apart, and ``tests/test_ui_cache.py`` checks a whole run leaves it unchanged).
What is derived per data version (date span, site labels, the values the URL may name) is
cached beside it (:func:`catalog`). The map's costly half (grouping, popups, JSON) is cached per
data version and filters and shared by every session (:func:`layer_payloads`); the base map
without data is a cached resource, deep-copied before each use (:func:`base_map`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import Any

import folium
import pandas as pd
import streamlit as st

from dashboard import filters as flt
from dashboard.map.build import (
    LayerPayload,
    MapOptions,
    build_map,
    data_layer_payloads,
    popup_html,
)
from dashboard.store.geopackage import Store
from gazetteer.records import Article

__all__ = [
    "FULL_POPUP_MAX",
    "Catalog",
    "View",
    "base_map",
    "briefing_map",
    "bump_data_version",
    "catalog",
    "data_version",
    "event_table",
    "filter_key",
    "freeze_long_lived",
    "full_popups",
    "get_gazetteer",
    "get_store",
    "layer_payloads",
    "load_article",
    "load_frame",
    "make_view",
    "site_labels",
    "span_of",
    "view",
    "with_popups",
]

#: Up to this many events, map popups show every report's quote (they need the full records).
FULL_POPUP_MAX = 300


@st.cache_resource(show_spinner=False)
def get_store(db: str) -> Store:
    """Return the store of ``db``, opened once per process.

    Raises
    ------
    dashboard.store.geopackage.StoreError
        When it cannot be opened (not cached: the next run tries again).
    """
    from dashboard.store.geopackage import open_store

    return open_store(db)


@st.cache_resource(show_spinner=False)
def get_gazetteer() -> Any:
    """Return the packaged gazetteer, loaded once per process."""
    from gazetteer.places.loading import load_gazetteer

    return load_gazetteer()


@st.cache_resource(show_spinner=False)
def _bumps() -> dict[str, int]:
    """Per db path, how often the data was changed from this process."""
    return {}


def bump_data_version(db: str) -> None:
    """Invalidate the cached event table of ``db`` (after an ingest or a review).

    Parameters
    ----------
    db : str
        The store's path.
    """
    bumps = _bumps()
    bumps[db] = bumps.get(db, 0) + 1


def data_version(store: Store, db: str) -> str:
    """Return a token that changes whenever the store's content may have changed.

    Parameters
    ----------
    store : Store
        The open store.
    db : str
        Its path (the key of :func:`bump_data_version`).

    Returns
    -------
    str
        The store's counts, the file's modification time (changed by writers in other
        processes) and this process's bump counter.
    """
    counts = store.counts()
    try:
        mtime = os.stat(store.location).st_mtime_ns
    except OSError:
        mtime = 0
    figures = "-".join(str(counts[k]) for k in sorted(counts))
    return f"{figures}:{mtime}:{_bumps().get(db, 0)}"


@st.cache_resource(show_spinner=False, max_entries=2)
def load_frame(db: str, version: str) -> pd.DataFrame:
    """Return the store's event table (cached per db path and data version; shared, read-only).

    Parameters
    ----------
    db : str
        The store's path.
    version : str
        :func:`data_version`; part of the cache key only.

    Returns
    -------
    geopandas.GeoDataFrame
        :meth:`dashboard.store.geopackage.GeoPackageStore.events_frame`.
    """
    del version  # the cache key
    return get_store(db).events_frame()


@st.cache_data(show_spinner=False, max_entries=16)
def load_article(db: str, version: str, article_id: str) -> Article:
    """Return one stored article (cached per data version).

    Raises
    ------
    dashboard.store.geopackage.NotFoundError
        When the store has no such article.
    """
    del version  # the cache key
    return get_store(db).article(article_id)


@dataclass(frozen=True)
class Catalog:
    """What the UI derives from the whole event table, once per data version.

    Attributes
    ----------
    span : tuple of date or None
        First and last day of the dated events (:func:`span_of`).
    known : Known
        The values the URL may name (the gazetteer's sites included).
    sites : frozenset of str
        The site keys the store has events at.
    site_labels : dict of str to str
        Site key -> English name (the gazetteer's, else the events' own name).
    """

    span: tuple[date, date] | None
    known: flt.Known
    sites: frozenset[str]
    site_labels: Mapping[str, str]


def span_of(frame: pd.DataFrame) -> tuple[date, date] | None:
    """Return the first and last day of the dated events of ``frame``, None when none is dated."""
    start = pd.to_datetime(frame["date_start"])
    end = pd.to_datetime(frame["date_end"]).fillna(start)
    start = start.fillna(end)
    if start.isna().all():
        return None
    return start.min().date(), end.max().date()


def site_labels(gazetteer: Any, frame: pd.DataFrame) -> dict[str, str]:
    """Return site key -> English name: the gazetteer's, else the events' own ``site_name``."""
    labels = {key: site.name_en for key, site in gazetteer.sites.items()}
    pairs = frame[["site", "site_name"]].drop_duplicates("site")
    for key, name in zip(pairs["site"], pairs["site_name"], strict=True):
        if isinstance(key, str) and key not in labels:
            labels[key] = str(name or key)
    return labels


def freeze_long_lived() -> None:
    """Put every object alive now out of the cyclic garbage collector's reach (``gc.freeze``).

    Streamlit runs a full ``gc.collect()`` after every script run. With the gazetteer's
    indexes and the event table in memory that pass took 0.14 s of CPU per run (0.05 s on
    the code of d113bdf), whatever the filters; the objects it walks live as long as the
    process. Called once per data version, after they are loaded: a later collection walks
    only what was made since. Frozen objects are still freed when nothing refers to them.
    """
    gc.collect()
    gc.freeze()


@st.cache_resource(show_spinner=False, max_entries=2)
def catalog(db: str, version: str) -> Catalog:
    """The span, valid values and site labels of this data version (shared, read-only)."""
    frame = load_frame(db, version)
    gazetteer = get_gazetteer()
    cat = Catalog(
        span=span_of(frame),
        known=flt.Known.from_frame(frame, sites=gazetteer.sites),
        sites=flt.Known.from_frame(frame).sites,
        site_labels=MappingProxyType(site_labels(gazetteer, frame)),
    )
    freeze_long_lived()
    return cat


@dataclass(frozen=True)
class View:
    """The rows one set of filters shows, and what the page derives from them.

    Attributes
    ----------
    filtered : pandas.DataFrame
        ``filters.apply(frame, filters)``.
    undated : pandas.DataFrame
        The events without a date that pass the other filters (``filters.undated``).
    counts : str
        The counts line (``filters.describe(filtered)``).
    totals : str
        The killed/injured totals and undated count (:func:`dashboard.ui.counts.totals_text`).
    timeline : pandas.DataFrame
        Events per day or week (:func:`dashboard.ui.timeline.timeline_data`).
    freq : str
        The timeline's step (:func:`dashboard.ui.timeline.choose_freq`).
    """

    filtered: pd.DataFrame
    undated: pd.DataFrame
    counts: str
    totals: str
    timeline: pd.DataFrame
    freq: str


def make_view(frame: pd.DataFrame, filters: flt.Filters) -> View:
    """Compute the :class:`View` of ``filters`` over ``frame`` (no cache)."""
    from dashboard.ui.counts import totals_text
    from dashboard.ui.timeline import choose_freq, timeline_data

    filtered = flt.apply(frame, filters)
    undated = flt.undated(frame, filters)
    freq = choose_freq(filters.date_from, filters.date_to)
    return View(filtered=filtered, undated=undated, counts=flt.describe(filtered),
                totals=totals_text(filtered, len(undated)),
                timeline=timeline_data(filtered, freq), freq=freq)


@st.cache_resource(show_spinner=False, max_entries=6)
def view(db: str, version: str, filters: flt.Filters) -> View:
    """The :class:`View` of ``filters`` (:func:`filter_key`) for this data version.

    Shared by every session and read-only, like :func:`load_frame`; an unfiltered view's
    ``filtered`` shares the event table's columns (copy-on-write).
    """
    return make_view(load_frame(db, version), filters)


@st.cache_data(show_spinner=False, max_entries=16)
def full_popups(db: str, version: str, ids: tuple[str, ...]) -> dict[str, str]:
    """Full popups (every report's quote) of a few events."""
    del version  # the cache key
    return {event.id: popup_html(event) for event in get_store(db).load_events(ids)}


def with_popups(db: str, version: str, filtered: pd.DataFrame) -> pd.DataFrame:
    """Add the full popups (``popup_html``) to a table of at most :data:`FULL_POPUP_MAX` rows."""
    if not 0 < len(filtered) <= FULL_POPUP_MAX:
        return filtered
    ids = tuple(filtered["id"].astype(str))
    html = full_popups(db, version, ids)
    out = filtered.copy()
    out["popup_html"] = filtered["id"].astype(str).map(html)
    return out


def filter_key(filters: flt.Filters) -> flt.Filters:
    """The filters with what does not change the rows (selection, layout) reset: a cache key."""
    return replace(filters, selected="", briefing=False)


@st.cache_data(show_spinner=False, max_entries=32)
def layer_payloads(
    db: str,
    version: str,
    filters: flt.Filters,
    keys: tuple[str, ...],
    cluster_threshold: int,
    size_by: str,
) -> tuple[LayerPayload, ...]:
    """The serialised data layers of the filtered events, shared by every session.

    The costly half of the map (grouping, popups, JSON), keyed only by the arguments: the
    rows are ``filters.apply(load_frame(db, version), filters)``, recomputed here on a miss.
    """
    filtered = flt.apply(load_frame(db, version), filters)
    options = MapOptions(cluster_threshold=cluster_threshold, size_by=size_by)
    return data_layer_payloads(with_popups(db, version, filtered), options, keys)


@st.cache_resource(show_spinner=False, max_entries=8)
def event_table(
    db: str, version: str, filters: flt.Filters
) -> tuple[tuple[str, ...], pd.DataFrame]:
    """The event table of the filtered events, shared by every session (read-only).

    :func:`dashboard.ui.table.table_frame` of ``filters.apply(load_frame(db, version),
    filters)``, at most :data:`~dashboard.ui.table.MAX_TABLE_ROWS` rows.
    """
    from dashboard.ui.table import MAX_TABLE_ROWS, table_frame

    ids, table = table_frame(flt.apply(load_frame(db, version), filters), MAX_TABLE_ROWS)
    return tuple(ids), table


@st.cache_resource(show_spinner=False, max_entries=4)
def briefing_map(
    db: str, version: str, filters: flt.Filters, options_key: str, _options: MapOptions
) -> folium.Map:
    """The briefing's still map of one view (with its data; deep-copied before each use).

    Building it takes 0.6 s at 10,000 events and 1.8 s at 100,000 (grouping and popups), so a
    briefing page is not rebuilt on every rerun (a title typed, a popover opened).
    """
    del options_key  # the cache key of _options
    return build_map(view(db, version, filters).filtered, _options)


@st.cache_resource(show_spinner=False, max_entries=8)
def base_map(db: str, version: str, options_key: str, _options: MapOptions) -> folium.Map:
    """The map without data layers, for one data version (deep-copied before each use)."""
    del options_key  # the cache key of _options
    return build_map(load_frame(db, version), _options)
