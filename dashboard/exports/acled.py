"""An ACLED-style CSV: our events in the columns of ACLED's codebook, to stack under ACLED data.

The mapping is data, in two tables an analyst can read and change:

* ``dashboard/data/acled_weapons.csv``: weapon category -> ``event_type`` and
  ``sub_event_type`` (air/drone strike; shelling/artillery/missile attack; remote
  explosive/landmine/IED; armed clash);
* ``dashboard/data/acled_actors.csv``: actor and target names -> ACLED actor name and its
  ``inter`` category (state forces outside their country are "External/Other forces").

Figures follow ACLED's conservative rule: ``fatalities`` is the lowest killed figure reported
(0 when none is); when the outlets disagree, the range and the injured figures are written in
``notes``. ``geo_precision`` is ours, which follows ACLED's 1-2-3 scale; ``time_precision`` is
1 for a day (or night), 2 for a span of days or a week, 3 for a month or less. Columns we have
no knowledge for (``admin2``, ``admin3``, ``source_scale``, ``assoc_actor_*``) are empty.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.exports.formats import csv_table_bytes
from dashboard.exports.tables import ExportBundle, cell, events_of, records, with_places

__all__ = ["ACLED_COLUMNS", "AcledActor", "AcledType", "acled_rows", "to_acled_bytes"]

DATA = Path(__file__).resolve().parents[1] / "data"

#: ACLED's codebook columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

#: Country code -> (ACLED country name, ISO 3166 numeric code, ISO alpha-3, ACLED region).
COUNTRIES: dict[str, tuple[str, int, str, str]] = {
    "SY": ("Syria", 760, "SYR", "Middle East"),
    "IQ": ("Iraq", 368, "IRQ", "Middle East"),
    "JO": ("Jordan", 400, "JOR", "Middle East"),
}

#: Our date precision -> ACLED time_precision.
TIME_PRECISION: dict[str, int] = {
    "day": 1, "night": 1, "days": 2, "week": 2, "month": 3, "unknown": 3,
}  # fmt: skip


@dataclass(frozen=True)
class AcledType:
    """One row of ``acled_weapons.csv``."""

    weapon: str
    event_type: str
    sub_event_type: str
    note: str = ""


@dataclass(frozen=True)
class AcledActor:
    """One row of ``acled_actors.csv``; ``{country}`` in the name is the event's country."""

    name: str
    acled_actor: str
    inter: str


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


@cache
def weapon_types(path: Path = DATA / "acled_weapons.csv") -> dict[str, AcledType]:
    """Read the weapon -> ACLED type table."""
    return {r["weapon"]: AcledType(**r) for r in _rows(path)}


@cache
def actor_table(path: Path = DATA / "acled_actors.csv") -> dict[str, AcledActor]:
    """Read the actor -> ACLED actor table (keys lower case)."""
    return {r["name"].strip().lower(): AcledActor(**r) for r in _rows(path)}


def _actor(name: Any, country: str, actors: Mapping[str, AcledActor]) -> tuple[str, str]:
    """ACLED actor name and inter category of one of our names (unknown names kept)."""
    key = (name or "").strip().lower()
    found = actors.get(key)
    if found is None:
        return str(name), "Political militia"
    return found.acled_actor.format(country=country or "unknown country"), found.inter


def _disputes(row: Mapping[str, Any]) -> list[str]:
    """Sentences for the notes where the outlets disagree on the figures."""
    said = []
    for what in ("killed", "injured", "count"):
        low, high = cell(row.get(what)), cell(row.get(f"{what}_max"))
        if low is not None and high is not None and high != low:
            label = "projectiles or drones" if what == "count" else what
            said.append(f"Reports disagree on {label}: {low} to {high}.")
    return said


def _notes(row: Mapping[str, Any]) -> str:
    summary = str(row.get("summary_en") or "").strip()
    if summary and not summary.endswith((".", "!", "?")):
        summary += "."
    parts = [summary]
    injured = cell(row.get("injured"))
    if injured is not None and cell(row.get("injured_max")) in (None, injured):
        parts.append(f"{injured} injured.")
    parts += _disputes(row)
    if row.get("cited"):
        parts.append("Cited: " + str(row["cited"]).replace("|", "; ") + ".")
    return " ".join(p for p in parts if p)


def _tags(row: Mapping[str, Any], weapons: list[str]) -> str:
    tags = [f"weapon={w}" for w in weapons]
    if not weapons or weapons[0] == "unknown":
        tags.append("weapon not reported")
    if row.get("casualties") == "unknown":
        tags.append("casualties not reported")
    if row.get("new") is False:
        tags.append("back-reference only")
    tags.append(f"incident-atlas id={row.get('id')}")
    return "; ".join(tags)


def _event_date(row: Mapping[str, Any]) -> tuple[str, Any]:
    start = row.get("date_start") or ""
    return start, (int(start[:4]) if start[:4].isdigit() else None)


def acled_row(row: Mapping[str, Any], stamp: int) -> dict[str, Any]:
    """One event (plain export values, with country and governorate) as an ACLED row."""
    types, actors = weapon_types(), actor_table()
    weapons = [w for w in str(row.get("weapon") or "").split("|") if w]
    kind = types.get(weapons[0] if weapons else "unknown", types["unknown"])
    name, iso, alpha3, region = COUNTRIES.get(str(row.get("country") or ""), ("", None, "", ""))
    actor1, inter1 = _actor(row.get("actor"), name, actors)
    actor2, inter2 = ("", "")
    if row.get("target"):
        actor2, inter2 = _actor(row.get("target"), name, actors)
    event_date, year = _event_date(row)
    killed = cell(row.get("killed"))
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}-IA-{row.get('id')}",
        "event_date": event_date,
        "year": year,
        "time_precision": TIME_PRECISION.get(str(row.get("date_precision")), 3),
        "disorder_type": "Political violence",
        "event_type": kind.event_type,
        "sub_event_type": kind.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": f"{inter1}-{inter2}" if inter2 else f"{inter1} only",
        "civilian_targeting": "",
        "iso": iso,
        "region": region,
        "country": name,
        "admin1": row.get("governorate") or "",
        "admin2": "",
        "admin3": "",
        "location": row.get("site_name") or "",
        "latitude": row.get("lat"),
        "longitude": row.get("lon"),
        "geo_precision": row.get("geo_precision"),
        "source": str(row.get("outlets") or "").replace("|", "; "),
        "source_scale": "",
        "notes": _notes(row),
        "fatalities": int(killed) if killed is not None else 0,
        "tags": _tags(row, weapons),
        "timestamp": stamp,
    }


def acled_rows(data: pd.DataFrame | ExportBundle, *, stamp: int | None = None) -> pd.DataFrame:
    """Map the events to ACLED's columns.

    Parameters
    ----------
    data : pandas.DataFrame or ExportBundle
        The filtered event table (country and governorate come from the gazetteer when the
        table lacks them).
    stamp : int, optional
        The ``timestamp`` column (Unix seconds); now by default.

    Returns
    -------
    pandas.DataFrame
        :data:`ACLED_COLUMNS`, one row per event.
    """
    from dashboard.exports.tables import plain_table

    frame = with_places(events_of(data))
    when = int(time.time()) if stamp is None else stamp
    rows = [acled_row(r, when) for r in records(plain_table(frame))]
    return pd.DataFrame(rows, columns=list(ACLED_COLUMNS))


def to_acled_bytes(data: pd.DataFrame | ExportBundle, *, stamp: int | None = None) -> bytes:
    """Export the events as an ACLED-style CSV (UTF-8 with BOM, formula cells guarded).

    Parameters
    ----------
    data : pandas.DataFrame or ExportBundle
        The filtered event table (or bundle).
    stamp : int, optional
        As :func:`acled_rows`.

    Returns
    -------
    bytes
        The CSV.
    """
    return csv_table_bytes(acled_rows(data, stamp=stamp))
