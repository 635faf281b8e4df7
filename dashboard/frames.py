"""Events as tables: the one conversion from records to (Geo)DataFrames.

The dashboard filters, maps and exports work on the flat table this module builds, so that a
filter over 100,000 events is a vectorised pandas expression, not a Python loop over records.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from dashboard.store import schema as _schema
from gazetteer.records import Event
from gazetteer.text.normalize import normalise

#: Columns of :func:`events_frame`, in order, with their meaning (defined once, in
#: :data:`dashboard.store.schema.EVENT_TABLE` with their SQL types and dtypes).
EVENT_COLUMNS: dict[str, str] = _schema.EVENT_COLUMNS


def _join(values: Iterable[str | None]) -> str:
    return "|".join(v for v in values if v)


def event_row(event: Event) -> dict[str, object]:
    """Flatten one event into a row of :data:`EVENT_COLUMNS`.

    Parameters
    ----------
    event : Event
        The merged event.

    Returns
    -------
    dict
        Column name to value.
    """
    quotes = " ".join(r.quote for r in event.reports)
    return {
        "id": event.id,
        "site": event.site,
        "site_name": event.site_name,
        "lat": event.lat,
        "lon": event.lon,
        "geo_precision": event.geo_precision,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "date_precision": event.date_precision,
        "time": event.time,
        "weapon": _join(event.weapon),
        "weapon_main": event.weapon[0] if event.weapon else "unknown",
        "count": event.count,
        "count_max": event.count_max,
        "killed": event.killed,
        "killed_max": event.killed_max,
        "injured": event.injured,
        "injured_max": event.injured_max,
        "casualties": event.casualties,
        "actor": event.actor,
        "target": event.target,
        "new": event.new,
        "outlets": _join(event.outlets),
        "cited": _join(event.cited),
        "n_reports": len(event.reports),
        "articles": _join(dict.fromkeys(r.article for r in event.reports)),
        "summary_en": event.summary_en,
        "confidence": event.confidence,
        "search_text": normalise(" ".join([event.summary_en, event.site_name, quotes])),
    }


def events_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """Build the flat event table with point geometry.

    Parameters
    ----------
    events : iterable of Event
        Merged events.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per event, columns :data:`EVENT_COLUMNS` plus ``geometry`` (EPSG:4326).
        Integer figures use pandas' nullable ``Int64``; dates are ``datetime64``.
    """
    rows = [event_row(e) for e in events]
    return _schema.type_event_frame(pd.DataFrame(rows, columns=list(EVENT_COLUMNS)))
