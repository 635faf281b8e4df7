"""Streamlit plumbing shared by the dashboard's pages: caching, the sidebar, the URL, the map.

The pages (``dashboard/pages/*.py``) read widgets, call the library and draw; what they share
lives here:

* caching: the store object and the gazetteer are ``st.cache_resource`` (one per process and
  db path); the event table is ``st.cache_data`` keyed only by the db path and a data-version
  token (:func:`data_version`: the store's counts, the file's mtime and a counter that
  :func:`bump_data_version` raises after an ingest or a review);
* :func:`context`: the store, the table, the sidebar filters (mirrored in ``st.query_params``
  on every run, initialised from them on the first run of a session) and the filtered rows,
  built once per script run by ``app.py`` and reused by the page it runs;
* the map (:func:`draw_map`): a cached base ``folium.Map`` without data plus the filtered layers
  passed to ``st_folium(feature_group_to_add=...)``, so panning does not rerun the script and
  a filter change does not reload the map;
* selection of an event from the map, the table or the URL, and the review form;
* small pure helpers (escaping for Markdown, the event id in a popup, figures that disagree,
  upload checks, the table's columns), tested in ``tests/test_app.py``.

Every text from an article, an outlet, an analyst or the URL reaches the page either through
``html.escape`` (HTML blocks) or :func:`plain` (Markdown).
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from pathlib import PurePosixPath
from typing import Any

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import filters as flt
from dashboard.map.assets import use_local_assets
from dashboard.map.build import (
    LAYERS,
    MAP_CSS,
    WEAPON_STYLE,
    LayerPayload,
    MapError,
    MapOptions,
    build_map,
    data_layer_payloads,
    data_layers_from_payloads,
    fit_view,
    popup_html,
)
from dashboard.map.popups import (
    casualty_text,
    date_text,
    esc,
    quote_html,
    range_text,
    row_popup_html,
)
from dashboard.store.geopackage import (
    REVIEW_STATUSES,
    NotFoundError,
    ReviewConflict,
    Store,
    StoreError,
)
from gazetteer.articles import ArticleError, article_from_text, decode_bytes
from gazetteer.places.loading import IMPORTED_PREFIX
from gazetteer.records import GEO_PRECISION, WEAPONS, Article, Incident
from gazetteer.settings import Settings, SettingsError, load_settings

__all__ = [
    "ASSET_BASE_URL",
    "DATA_LAYERS",
    "MAX_TABLE_ROWS",
    "PAGE_CSS",
    "PRESET_LABELS",
    "Context",
    "article_from_upload",
    "bump_data_version",
    "check_upload",
    "context",
    "data_version",
    "disagreements",
    "draw_briefing_map",
    "draw_map",
    "draw_table",
    "event_id_from_popup",
    "get_gazetteer",
    "get_store",
    "incident_html",
    "layer_labels",
    "leave_briefing",
    "load_frame",
    "plain",
    "report_card_html",
    "run_page",
    "select_event",
    "show_event",
    "table_frame",
]

#: Where Streamlit serves ``dashboard/static/vendor`` (``make assets``).
ASSET_BASE_URL = "/app/static/vendor"

#: Layers that follow the filters; the others belong to the cached base map.
DATA_LAYERS: tuple[str, ...] = ("events", "reports", "heat")

#: Up to this many events, map popups show every report's quote (they need the full records).
FULL_POPUP_MAX = 300

#: Most rows the event table lists (a selectable table cannot load lazily in Streamlit 1.67,
#: and sending 100,000 rows on every rerun would dominate the page's time).
MAX_TABLE_ROWS = 5_000

#: Upload suffixes the "Add article" page accepts.
UPLOAD_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm")

#: Styles of the HTML blocks the pages draw (popups, quotes, cards), injected once per page.
PAGE_CSS = (
    "<style>"
    + MAP_CSS
    + ".atlas-card{border:1px solid #ddd;border-radius:6px;padding:8px 10px;margin-bottom:8px;"
    "font:14px/1.4 sans-serif}"
    ".atlas-card mark.atlas-differs{background:#f6c1bb;padding:0 2px}"
    ".atlas-facts td,.atlas-facts th{padding:1px 6px 1px 0;border:none}"
    ".atlas-facts{border:none;margin:4px 0}"
    ".atlas-text{direction:rtl;text-align:right;white-space:pre-wrap;font-size:15px;"
    "background:#faf7f0;padding:6px 10px;max-height:320px;overflow:auto}"
    "</style>"
)

# Session-state keys.
_FILTERS = "atlas.filters"
_CTX = "atlas.context"
_FRESH = "atlas.context_fresh"
_MAP_KEY = "atlas-map"
_FULL_SPAN = "atlas.full_span"

# Widget keys of the sidebar.
K_DATES = "f_dates"
K_SITES = "f_sites"
K_WEAPONS = "f_weapons"
K_ACTORS = "f_actors"
K_OUTLETS = "f_outlets"
K_NEW = "f_new"
K_MIN_CAS = "f_min_cas"
K_TEXT = "f_text"
K_REJECTED = "f_rejected"
K_BRIEFING = "f_briefing"

#: Preset name -> button label.
PRESET_LABELS: dict[str, str] = {
    "7d": "Last 7 days",
    "30d": "Last 30 days",
    "90d": "Last 90 days",
    "all": "All",
}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'])")
_SPACES = re.compile(r"\s+")
_POPUP_EVENT = re.compile(r"\bevent\s+(\S+)\s*$")
_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_MIB = 1024 * 1024


# --------------------------------------------------------------------------- pure helpers


def plain(text: object) -> str:
    """Escape text for ``st.markdown`` and friends, so that it shows exactly as written.

    Parameters
    ----------
    text : object
        Any text (from the URL, an article, an analyst).

    Returns
    -------
    str
        Every Markdown, HTML-entity, LaTeX and directive character backslash-escaped, white
        space collapsed to single spaces (no line can start a heading or a list).
    """
    return _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", str(text)).strip())


def event_id_from_popup(text: str | None, known: Iterable[str]) -> str | None:
    """Find the event a clicked map popup stands for.

    Parameters
    ----------
    text : str or None
        The popup's text as ``st_folium`` returns it (``last_object_clicked_popup``); event
        popups end with ``event <id>``.
    known : iterable of str
        Valid event ids.

    Returns
    -------
    str or None
        The id after the last ``event`` word when it is known; else the only known id the text
        holds (a popup grouping one event); else None (no popup, or several events).
    """
    if not text:
        return None
    ids = set(known)
    match = _POPUP_EVENT.search(text.strip())
    if match and match.group(1) in ids:
        return match.group(1)
    found = list(dict.fromkeys(t for t in text.split() if t in ids))
    return found[0] if len(found) == 1 else None


#: Report fields compared by :func:`disagreements`, with how to read them.
_COMPARED: dict[str, Callable[[Incident], object]] = {
    "site": lambda r: r.site,
    "date": lambda r: (r.date_start, r.date_end) if r.date_start or r.date_end else None,
    "time": lambda r: r.time,
    "weapon": lambda r: tuple(sorted(w for w in r.weapon if w != "unknown")) or None,
    "count": lambda r: r.count,
    "killed": lambda r: r.killed,
    "injured": lambda r: r.injured,
    "actor": lambda r: r.actor,
}


def disagreements(reports: Sequence[Incident]) -> frozenset[str]:
    """Name the fields on which the reports of one event give different values.

    Parameters
    ----------
    reports : sequence of Incident
        The reports of one event.

    Returns
    -------
    frozenset of str
        Among ``site``, ``date``, ``time``, ``weapon``, ``count``, ``killed``, ``injured`` and
        ``actor``: those with two or more different stated values. A report that states nothing
        (None, no weapon, no date) does not disagree.
    """
    differ = set()
    for name, read in _COMPARED.items():
        values = {read(r) for r in reports} - {None}
        if len(values) > 1:
            differ.add(name)
    return frozenset(differ)


def _mark(value: str, differs: bool) -> str:
    text = esc(value)
    return f'<mark class="atlas-differs">{text}</mark>' if differs and text else text


def report_card_html(
    report: Incident, differs: frozenset[str] = frozenset(), *, summary: bool = False
) -> str:
    """Render one report as a card: outlet, cited sources, figures, the Arabic quote.

    Parameters
    ----------
    report : Incident
        The report.
    differs : frozenset of str
        Fields to highlight because the event's reports disagree on them
        (:func:`disagreements`).
    summary : bool
        Start with the report's English summary (for the "Add article" preview).

    Returns
    -------
    str
        Escaped HTML: every text is escaped, the quote is right-to-left with its trigger words
        in ``<mark>`` (:func:`dashboard.map.popups.quote_html`).
    """
    head = [f"<b>{esc(report.outlet or 'unknown outlet')}</b>"]
    if report.cited:
        head.append("cites " + esc(", ".join(report.cited)))
    if not report.new:
        head.append("<i>back-reference</i>")
    place = report.site_name or "unknown place"
    precision = GEO_PRECISION.get(report.geo_precision, "")
    rows = [
        ("Place", f"{place} ({precision})" if precision else place, "site"),
        ("Date", date_text(report.date_start, report.date_end, report.date_precision,
                           report.time), "date"),
        ("Weapon", ", ".join(w.replace("_", " ") for w in report.weapon) or "unknown", "weapon"),
        ("Count", range_text(report.count) or "not stated", "count"),
        ("Killed", casualty_text(report.killed, None, report.casualties), "killed"),
        ("Injured", casualty_text(report.injured, None, report.casualties), "injured"),
        ("Actor", report.actor or "not named", "actor"),
        ("Target", report.target or "", ""),
        ("Other figures", report.casualty_note, ""),
    ]
    cells = "".join(
        f"<tr><th>{esc(label)}</th><td>{_mark(value, key in differs)}</td></tr>"
        for label, value, key in rows
        if value
    )
    quote = quote_html(report.quote, report.highlights, report.span[0]) if report.quote else ""
    top = f'<div class="atlas-summary">{esc(report.summary_en)}</div>' if summary else ""
    return (
        f'<div class="atlas-card">{top}<div>{" &middot; ".join(head)}</div>'
        f'<table class="atlas-facts">{cells}</table>{quote}</div>'
    )


def incident_html(incident: Incident) -> str:
    """Render an extracted incident for the "Add article" preview (summary, fields, quote).

    Parameters
    ----------
    incident : Incident
        One incident of the previewed article.

    Returns
    -------
    str
        Escaped HTML, as :func:`report_card_html` with the summary on top.
    """
    return report_card_html(incident, summary=True)


def table_frame(
    filtered: pd.DataFrame, limit: int | None = None
) -> tuple[list[str], pd.DataFrame]:
    """Build the event table shown under the map, most recent events first.

    Parameters
    ----------
    filtered : pandas.DataFrame
        The filtered event table.
    limit : int, optional
        Keep only this many rows (the most recent).

    Returns
    -------
    ids : list of str
        Event id of each row, in order (a table selection gives row positions).
    table : pandas.DataFrame
        Columns date, site, weapon, count, killed, injured, actor, outlets, summary; lists
        joined with ``", "``, dates as ``datetime64``; sorted by date, latest first (undated
        last), ties in the order of ``filtered``.
    """
    day = pd.to_datetime(filtered["date_start"]).fillna(pd.to_datetime(filtered["date_end"]))
    order = day.reset_index(drop=True).sort_values(ascending=False, kind="stable",
                                                   na_position="last").index
    keep = order[:limit] if limit is not None else order
    rows = filtered.iloc[keep]

    def listed(column: str) -> pd.Series:
        values = rows[column].fillna("").astype(str)
        return values.str.replace("|", ", ", regex=False).str.replace("_", " ", regex=False)

    table = pd.DataFrame({
        "date": day.iloc[keep].to_numpy(),
        "site": rows["site_name"].fillna("").astype(str),
        "weapon": listed("weapon"),
        "count": rows["count"],
        "killed": rows["killed"],
        "injured": rows["injured"],
        "actor": rows["actor"].fillna("").astype(str),
        "outlets": rows["outlets"].fillna("").astype(str).str.replace("|", ", ", regex=False),
        "summary": rows["summary_en"].fillna("").astype(str),
    }).reset_index(drop=True)  # every column comes from ``rows``: same index, same order
    return rows["id"].astype(str).tolist(), table


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
        raise ArticleError(shown, f"too large ({size:,} bytes; the limit is {max_mb:g} MB,"
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


# --------------------------------------------------------------------------- caching


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


@st.cache_data(show_spinner=False, max_entries=4)
def load_frame(db: str, version: str) -> pd.DataFrame:
    """Return the store's event table (cached per db path and data version).

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


@st.cache_data(show_spinner=False, max_entries=4)
def _known(db: str, version: str) -> flt.Known:
    """The values the URL may name, for this data version."""
    sites = get_gazetteer().sites
    return flt.Known.from_frame(load_frame(db, version), sites=sites)


@st.cache_data(show_spinner=False, max_entries=4)
def _sites_with_events(db: str, version: str) -> frozenset[str]:
    """The site keys the store has events at, for this data version."""
    return flt.Known.from_frame(load_frame(db, version)).sites


@st.cache_data(show_spinner=False, max_entries=16)
def _full_popups(db: str, version: str, ids: tuple[str, ...]) -> dict[str, str]:
    """Full popups (every report's quote) of a few events."""
    del version  # the cache key
    return {event.id: popup_html(event) for event in get_store(db).load_events(ids)}


def _filter_key(filters: flt.Filters) -> flt.Filters:
    """The filters with what does not change the rows (selection, layout) reset: a cache key."""
    return replace(filters, selected="", briefing=False)


@st.cache_data(show_spinner=False, max_entries=32)
def _layer_payloads(
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
    return data_layer_payloads(_with_popups(db, version, filtered), options, keys)


@st.cache_resource(show_spinner=False, max_entries=8)
def _base_map(db: str, version: str, options_key: str, _options: MapOptions) -> folium.Map:
    """The map without data layers, for one data version (deep-copied before each use)."""
    del options_key  # the cache key of _options
    return build_map(load_frame(db, version), _options)


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    """Everything a page needs, built once per script run.

    Attributes
    ----------
    settings : Settings
        Run-time settings.
    db : str
        The store's path.
    store : Store
        The open store.
    version : str
        The data version (:func:`data_version`).
    frame : pandas.DataFrame
        Every event.
    span : tuple of date or None
        First and last day of the data.
    known : Known
        Valid values of the list filters.
    site_labels : dict of str to str
        Site key -> English name.
    filters : Filters
        The filters in force.
    filtered : pandas.DataFrame
        The events that pass them.
    """

    settings: Settings
    db: str
    store: Store
    version: str
    frame: pd.DataFrame
    span: tuple[date, date] | None
    known: flt.Known
    site_labels: dict[str, str]
    filters: flt.Filters
    filtered: pd.DataFrame


def _span(frame: pd.DataFrame) -> tuple[date, date] | None:
    start = pd.to_datetime(frame["date_start"])
    end = pd.to_datetime(frame["date_end"]).fillna(start)
    start = start.fillna(end)
    if start.isna().all():
        return None
    return start.min().date(), end.max().date()


def _stop_with(message: str) -> None:
    st.error(message)
    st.stop()


def context() -> Context:
    """Return this run's context; build it (sidebar included) unless ``app.py`` already did.

    Returns
    -------
    Context
        The store, the table and the filters. A store, settings or gazetteer error is shown
        with ``st.error`` and stops the page.
    """
    ctx = st.session_state.get(_CTX)
    if ctx is not None and st.session_state.get(_FRESH):
        return ctx
    st.set_page_config(page_title="Incident Atlas", layout="wide")
    ctx = _build_context()
    st.session_state[_CTX] = ctx
    return ctx


def run_page(page: Any) -> None:
    """Run the page ``st.navigation`` chose, letting it reuse this run's context.

    Parameters
    ----------
    page : streamlit.navigation.page.StreamlitPage
        What ``st.navigation`` returned.
    """
    st.session_state[_FRESH] = True
    try:
        page.run()
    finally:
        st.session_state[_FRESH] = False


def _build_context() -> Context:
    from gazetteer.places.loading import GazetteerError
    from gazetteer.text.lexicons import LexiconError

    try:
        settings = load_settings()
    except SettingsError as exc:
        _stop_with(f"Settings: {exc}")
        raise  # unreachable: st.stop() raises
    db = settings.db
    try:
        store = get_store(db)
        version = data_version(store, db)
        frame = load_frame(db, version)
        gazetteer = get_gazetteer()
        known = _known(db, version)
    except (StoreError, GazetteerError, LexiconError) as exc:
        _stop_with(str(exc))
        raise  # unreachable
    span = _span(frame)
    labels = {key: site.name_en for key, site in gazetteer.sites.items()}
    for key, name in zip(frame["site"], frame["site_name"], strict=True):
        if isinstance(key, str) and key not in labels:
            labels[key] = str(name or key)
    warnings: list[str] = []
    if _FILTERS not in st.session_state:
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        first, warnings = flt.from_query(params, span, known)
        st.session_state[_FILTERS] = first
    filters: flt.Filters = st.session_state[_FILTERS]
    if not filters.briefing:
        filters = _sidebar(
            filters, span, known, gazetteer, labels, _sites_with_events(db, version)
        )
    st.session_state[_FILTERS] = filters
    for warning in warnings:
        st.warning(plain(warning))
    _sync_query(filters)
    filtered = flt.apply(frame, filters)
    return Context(settings, db, store, version, frame, span, known, labels, filters, filtered)


def _sync_query(filters: flt.Filters) -> None:
    """Write every filter into the URL (only when something changed)."""
    wanted = flt.to_query(filters)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != {k: [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)


def _canonical() -> flt.Filters:
    return st.session_state[_FILTERS]


def _set_canonical(**changes: Any) -> None:
    st.session_state[_FILTERS] = replace(_canonical(), **changes)


# --------------------------------------------------------------------------- sidebar


def _prime_widgets(filters: flt.Filters) -> None:
    """Give every sidebar widget its value explicitly, on every run.

    The value is the widget's own state when it has one (the user's latest change), else the
    filter's. Assigning it each run matters: a widget whose options or bounds changed (new
    outlets after an ingest, a longer data span) is a new widget to Streamlit and would
    otherwise fall back to its default.
    """
    seeds = {
        K_DATES: (filters.date_from, filters.date_to),
        K_SITES: list(filters.sites),
        K_WEAPONS: list(filters.weapons),
        K_ACTORS: list(filters.actors),
        K_OUTLETS: list(filters.outlets),
        K_NEW: filters.new_only,
        K_MIN_CAS: filters.min_casualties,
        K_TEXT: filters.text,
        K_REJECTED: filters.show_rejected,
        K_BRIEFING: filters.briefing,
    }
    for key, value in seeds.items():
        st.session_state[key] = st.session_state.get(key, value)


def _apply_preset(name: str, span: tuple[date, date] | None) -> None:
    st.session_state[K_DATES] = flt.preset_range(name, span)


def _with(options: Iterable[str], current: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*options, *current]))


def _sidebar(
    canon: flt.Filters,
    span: tuple[date, date] | None,
    known: flt.Known,
    gazetteer: Any,
    labels: dict[str, str],
    with_events: frozenset[str],
) -> flt.Filters:
    """Draw the filters in the sidebar and return what they say."""
    _prime_widgets(canon)
    bar = st.sidebar
    bar.header("Filters")
    full = flt.default_filters(span)
    first, last = full.date_from, full.date_to
    chosen = tuple(st.session_state[K_DATES])
    if chosen == st.session_state.get(_FULL_SPAN, (first, last)):
        chosen = (first, last)  # the whole data stays the whole data when more arrives
    low, high = min(first, chosen[0]), max(last, chosen[1])
    if low == high:
        high = low + timedelta(days=1)
    st.session_state[K_DATES] = chosen
    st.session_state[_FULL_SPAN] = (first, last)
    dates = bar.slider("Date range", min_value=low, max_value=high, key=K_DATES,
                       format="YYYY-MM-DD")
    rows = (bar.columns(2), bar.columns(2))
    for i, (name, label) in enumerate(PRESET_LABELS.items()):
        rows[i // 2][i % 2].button(label, key=f"preset-{name}", on_click=_apply_preset,
                                   args=(name, span), width="stretch")

    # the curated sites, then any other place that has events (a built-in GeoNames town)
    groups = flt.group_sites_by_governorate(
        s
        for k, s in gazetteer.sites.items()
        if not k.startswith(IMPORTED_PREFIX) or k in with_events
    )
    group_of = {key: group for group, items in groups.items() for key, _ in items}
    site_options = [key for items in groups.values() for key, _ in items]
    site_options = _with(site_options, sorted(with_events - set(site_options)))
    sites = bar.multiselect(
        "Sites", _with(site_options, st.session_state[K_SITES]), key=K_SITES,
        format_func=lambda k: f"{group_of.get(k, 'Other')} \u00b7 {labels.get(k, k)}",
        placeholder="All sites",
    )  # middle dot between governorate and site
    weapon_options = _with(WEAPONS, sorted(known.weapons - set(WEAPONS)))
    weapons = bar.multiselect(
        "Weapons", _with(weapon_options, st.session_state[K_WEAPONS]), key=K_WEAPONS,
        format_func=lambda w: WEAPON_STYLE[w].label if w in WEAPON_STYLE else w,
        placeholder="All weapons",
    )
    actors = bar.multiselect("Actors", _with(sorted(known.actors), st.session_state[K_ACTORS]),
                             key=K_ACTORS, placeholder="All actors")
    outlets = bar.multiselect("Outlets",
                              _with(sorted(known.outlets), st.session_state[K_OUTLETS]),
                              key=K_OUTLETS, placeholder="All outlets")
    new_only = bar.checkbox("New incidents only (no back-references)", key=K_NEW)
    min_cas = bar.number_input("Minimum killed + injured", min_value=0,
                               max_value=flt.MAX_CASUALTIES, step=1, key=K_MIN_CAS)
    text = bar.text_input("Search summaries, places and quotes", key=K_TEXT,
                          max_chars=flt.MAX_TEXT)
    rejected = bar.checkbox("Show rejected events", key=K_REJECTED)
    briefing = bar.toggle("Briefing mode", key=K_BRIEFING)
    return flt.Filters(
        date_from=dates[0],
        date_to=dates[1],
        sites=tuple(sites),
        weapons=tuple(weapons),
        actors=tuple(actors),
        outlets=tuple(outlets),
        new_only=bool(new_only),
        min_casualties=int(min_cas),
        text=text,
        show_rejected=bool(rejected),
        briefing=bool(briefing),
        selected=canon.selected,
    )


def leave_briefing() -> None:
    """Button callback: back to the normal layout."""
    _set_canonical(briefing=False)
    st.session_state[K_BRIEFING] = False


# --------------------------------------------------------------------------- selection


def select_event(event_id: str) -> None:
    """Select an event (or none, with ``""``); usable as a widget callback.

    Parameters
    ----------
    event_id : str
        The event id.
    """
    _set_canonical(selected=event_id)


def _on_map_click() -> None:
    value = st.session_state.get(_MAP_KEY) or {}
    popup = value.get("last_object_clicked_popup") if isinstance(value, dict) else None
    if not popup:
        return
    ctx = st.session_state.get(_CTX)
    known = ctx.frame["id"].astype(str) if ctx is not None else []
    event_id = event_id_from_popup(popup, known)
    if event_id:
        select_event(event_id)


def _on_table_select(key: str, ids: list[str]) -> None:
    state = st.session_state.get(key)
    rows = list(state.selection.rows) if state is not None else []
    if rows and 0 <= rows[0] < len(ids):
        select_event(ids[rows[0]])


def draw_table(filtered: pd.DataFrame) -> None:
    """Draw the sortable event table; selecting a row selects its event.

    Parameters
    ----------
    filtered : pandas.DataFrame
        The filtered events.
    """
    ids, table = table_frame(filtered, MAX_TABLE_ROWS)
    if len(filtered) > MAX_TABLE_ROWS:
        st.caption(f"The {MAX_TABLE_ROWS:,} most recent of {len(filtered):,} events; narrow the"
                   " filters to list the others (the downloads hold them all).")
    digest = hashlib.sha1("\n".join(ids).encode("utf-8")).hexdigest()[:12]
    key = f"atlas-table-{digest}"  # a new table (other rows) starts without a selection
    st.dataframe(
        table,
        key=key,
        on_select=partial(_on_table_select, key, ids),
        selection_mode="single-row",
        hide_index=True,
        column_config={
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "site": st.column_config.TextColumn("Site"),
            "weapon": st.column_config.TextColumn("Weapon"),
            "count": st.column_config.NumberColumn("Count", format="%d"),
            "killed": st.column_config.NumberColumn("Killed", format="%d"),
            "injured": st.column_config.NumberColumn("Injured", format="%d"),
            "actor": st.column_config.TextColumn("Actor"),
            "outlets": st.column_config.TextColumn("Outlets"),
            "summary": st.column_config.TextColumn("Summary", width="large"),
        },
    )


# --------------------------------------------------------------------------- map


def _map_options(ctx: Context, height: int, **changes: Any) -> MapOptions:
    return MapOptions.from_settings(ctx.settings, asset_base_url=ASSET_BASE_URL, height=height,
                                    **changes)


def _with_popups(db: str, version: str, filtered: pd.DataFrame) -> pd.DataFrame:
    if not 0 < len(filtered) <= FULL_POPUP_MAX:
        return filtered
    ids = tuple(filtered["id"].astype(str))
    html = _full_popups(db, version, ids)
    out = filtered.copy()
    out["popup_html"] = filtered["id"].astype(str).map(html)
    return out


def draw_map(ctx: Context, filtered: pd.DataFrame, layers: Iterable[str], height: int) -> None:
    """Draw the incident map of the filtered events.

    In the fast mode (default), the cached base map (borders, Tanf zone, Euphrates, labels,
    legend) is drawn once and the filtered data layers are handed to ``st_folium`` as
    ``feature_group_to_add``: a filter change swaps the layers without reloading the map, and
    panning or zooming does not rerun the script. Clicking an event selects it. With
    ``ATLAS_MAP_MODE=naive`` (the UI benchmark's baseline) every event is a folium
    ``CircleMarker`` with its popup, drawn by a plain ``st_folium`` call.

    The data layers are computed once per data version, filters and layer choice and shared
    by every session (:func:`_layer_payloads`, ``st.cache_data``); each run only rebuilds the
    small folium objects around the cached JSON.

    Parameters
    ----------
    ctx : Context
        This run's context.
    filtered : pandas.DataFrame
        The events to draw: normally ``ctx.filtered`` (then the cached layers are used); any
        other table is drawn without the cache.
    layers : iterable of str
        Data layers to show (:data:`DATA_LAYERS`).
    height : int
        Map height in pixels.
    """
    if ctx.settings.map_mode == "naive":
        _draw_naive_map(filtered, height)
        return
    base_options = _map_options(ctx, height, include_data=False)
    try:
        base = _base_map(ctx.db, ctx.version, repr(base_options), base_options)
        shown = frozenset(layers) & set(DATA_LAYERS)
        data_options = replace(base_options, layers=(base_options.layers - set(DATA_LAYERS))
                               | shown)
        keys = tuple(k for k in DATA_LAYERS if k in shown)
        if filtered is ctx.filtered:
            payloads = _layer_payloads(ctx.db, ctx.version, _filter_key(ctx.filters), keys,
                                       data_options.cluster_threshold, data_options.size_by)
        else:
            payloads = data_layer_payloads(_with_popups(ctx.db, ctx.version, filtered),
                                           data_options, keys)
        groups = data_layers_from_payloads(payloads, data_options)
    except MapError as exc:
        st.error(str(exc))
        return
    centre, zoom = fit_view(filtered, height_px=height)
    m = copy.deepcopy(base)  # st_folium adds the layers and the control to the map it gets
    for name in [n for n, child in m._children.items() if isinstance(child, folium.LayerControl)]:
        del m._children[name]  # the control passed below lists the base and the data layers
    st_folium(
        m,
        key=_MAP_KEY,
        height=height,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["last_object_clicked_popup"],
        center=centre,
        zoom=zoom,
        on_change=_on_map_click,
    )


def _draw_naive_map(filtered: pd.DataFrame, height: int) -> None:
    m = folium.Map(location=[35.3, 40.1], zoom_start=7, tiles=None)
    colours = {k: s.color for k, s in WEAPON_STYLE.items()}
    placed = filtered[filtered["lat"].notna() & filtered["lon"].notna()]
    for row in placed.to_dict("records"):
        colour = colours.get(str(row.get("weapon_main")), colours["unknown"])
        folium.CircleMarker(
            location=[float(row["lat"]), float(row["lon"])],
            radius=7,
            color="#ffffff",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.9,
            popup=folium.Popup(row_popup_html(row), max_width=380),
        ).add_to(m)
    use_local_assets(m, ASSET_BASE_URL)
    st_folium(m, key=_MAP_KEY, height=height, use_container_width=True)


def draw_briefing_map(ctx: Context, filtered: pd.DataFrame, height: int) -> None:
    """Draw the still briefing map: data included, title box, no controls.

    Parameters
    ----------
    ctx : Context
        This run's context.
    filtered : pandas.DataFrame
        The events to draw.
    height : int
        Map height in pixels.
    """
    try:
        m = build_map(filtered, _map_options(ctx, height, briefing=True))
    except MapError as exc:
        st.error(str(exc))
        return
    st_folium(m, key="atlas-briefing-map", height=height, use_container_width=True,
              returned_objects=[])


# --------------------------------------------------------------------------- event details


def _save_review(db: str, event_id: str, version: int, current: dict[str, Any]) -> None:
    """Form callback: save the review with the version the analyst saw."""
    store = get_store(db)
    key = f"rv-{event_id}"
    status = st.session_state.get(f"{key}-status")
    fields: dict[str, Any] = {}
    if status == "corrected":
        edited = {
            "count": st.session_state.get(f"{key}-count"),
            "killed": st.session_state.get(f"{key}-killed"),
            "injured": st.session_state.get(f"{key}-injured"),
            "weapon": "|".join(st.session_state.get(f"{key}-weapon") or []),
            "site": st.session_state.get(f"{key}-site"),
        }
        for name, value in edited.items():
            if isinstance(value, float):
                value = int(value)
            if value != current.get(name):
                fields[name] = value
        if fields.get("site"):
            site = get_gazetteer().sites.get(fields["site"])
            if site is not None:
                fields.update(site_name=site.name_en, lat=site.lat, lon=site.lon)
    try:
        new_version = store.save_review(
            event_id,
            str(status),
            st.session_state.get(f"{key}-note") or "",
            fields or None,
            expected_version=version,
            reviewer=st.session_state.get(f"{key}-who") or "",
        )
    except (ReviewConflict, NotFoundError) as exc:
        st.session_state[f"{key}-msg"] = ("error", str(exc))
        return
    except (StoreError, ValueError) as exc:
        st.session_state[f"{key}-msg"] = ("error", f"Review not saved: {exc}")
        return
    bump_data_version(db)
    st.session_state[f"{key}-msg"] = ("success", f"Review saved: {status} (event version"
                                      f" {new_version}).")


def show_event(ctx: Context, event_id: str) -> None:
    """Show one event: its facts, its reports side by side, its reviews and the review form.

    Parameters
    ----------
    ctx : Context
        This run's context.
    event_id : str
        The selected event.
    """
    rows = ctx.frame[ctx.frame["id"].astype(str) == event_id]
    events = ctx.store.load_events([event_id]) if len(rows) else []
    if not events:
        st.info(plain(f"Event {event_id} is not in the store any more."))
        st.button("Clear selection", key="clear-selection", on_click=select_event, args=("",))
        return
    event, row = events[0], rows.iloc[0].to_dict()
    version = int(row["version"])
    head, clear = st.columns([5, 1])
    head.subheader(plain(event.summary_en or event_id))
    clear.button("Clear selection", key="clear-selection", on_click=select_event, args=("",))
    st.markdown(f'<div class="atlas-popup">{row_popup_html(row)}</div>', unsafe_allow_html=True)
    differs = disagreements(event.reports)
    if differs:
        st.caption(plain("The reports disagree on: " + ", ".join(sorted(differs))
                         + " (highlighted)."))
    per_row = 3
    for start in range(0, len(event.reports), per_row):
        chunk = event.reports[start:start + per_row]
        for column, report in zip(st.columns(per_row), chunk, strict=False):
            column.markdown(report_card_html(report, differs), unsafe_allow_html=True)
    reviews = ctx.store.reviews_for(event_id)
    if reviews:
        st.markdown("**Reviews**")
        for review in reviews:
            changed = ", ".join(f"{k} = {v}" for k, v in review.fields.items())
            line = (f"{review.created_at:%Y-%m-%d %H:%M} UTC: {review.status} by"
                    f" {review.reviewer or 'an analyst'} (version {review.version})"
                    + (f"; corrected {changed}" if changed else "")
                    + (f"; note: {review.note}" if review.note else ""))
            st.markdown(plain(line))
    _review_form(ctx, event_id, version, event)


def _review_form(ctx: Context, event_id: str, version: int, event: Any) -> None:
    key = f"rv-{event_id}"
    current = {
        "count": event.count,
        "killed": event.killed,
        "injured": event.injured,
        "weapon": "|".join(event.weapon),
        "site": event.site,
    }
    sites = list(dict.fromkeys([*ctx.site_labels, *([event.site] if event.site else [])]))
    with st.form(key=f"{key}-form"):
        st.markdown(plain(f"Review this event (version {version})"))
        st.radio("Status", REVIEW_STATUSES, key=f"{key}-status", horizontal=True,
                 format_func=str.capitalize)
        st.caption("Corrected values (saved only with the status Corrected):")
        columns = st.columns(5)
        for column, name in zip(columns[:3], ("count", "killed", "injured"), strict=True):
            column.number_input(name.capitalize(), min_value=0, step=1, value=current[name],
                                key=f"{key}-{name}")
        columns[3].multiselect(
            "Weapon", list(WEAPONS), default=[w for w in event.weapon if w in WEAPONS],
            key=f"{key}-weapon",
            format_func=lambda w: WEAPON_STYLE[w].label if w in WEAPON_STYLE else w,
        )
        columns[4].selectbox(
            "Site", sites, index=sites.index(event.site) if event.site in sites else None,
            key=f"{key}-site", format_func=lambda k: ctx.site_labels.get(k, k),
        )
        st.text_area("Note", key=f"{key}-note", max_chars=2000)
        st.text_input("Reviewer", key=f"{key}-who", max_chars=100)
        st.form_submit_button("Save review", key=f"{key}-save", on_click=_save_review,
                              args=(ctx.db, event_id, version, current))
    message = st.session_state.pop(f"{key}-msg", None)
    if message is not None:
        kind, text = message
        (st.success if kind == "success" else st.error)(plain(text))


def layer_labels() -> dict[str, str]:
    """Return data layer key -> the name the map's layer control shows."""
    return {key: LAYERS[key] for key in DATA_LAYERS}
