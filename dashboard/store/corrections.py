"""Analyst corrections: checked when saved, applied on read, the same for every backend.

The stored event rows always hold the machine values; an analyst's ``corrected`` reviews are
folded over them on every read (:func:`apply_corrections` for the flat table,
:func:`corrected_events` for records). New correctable fields are added here: to
:data:`dashboard.store.schema.EDITABLE_FIELDS` (the event columns) and to the checks of
:func:`correction_value`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from dashboard.store.rows import split as _split
from dashboard.store.schema import (
    EDITABLE_FIELDS,
    EVENT_COLUMNS,
    EVENT_VALUE_FIELDS,
    REVIEW_COLUMNS,
    REVIEW_STATUSES,
)
from gazetteer.errors import StoreError
from gazetteer.extract.summaries import summarise
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import (
    CASUALTY_STATUS,
    DATE_PRECISION,
    GEO_PRECISION,
    WEAPONS,
    Event,
    to_json,
)
from gazetteer.text.normalize import normalise

__all__ = [
    "CORRECTED_TAG",
    "apply_corrections",
    "corrected_events",
    "corrected_values",
    "correction_value",
    "fold_corrections",
    "review_fields",
]

# The rule: an event's reviews are read in the order they were saved (version). Every
# ``corrected`` review overrides the fields it names, so corrections accumulate field by field
# and a later one wins where two name the same field; ``confirmed`` and ``rejected`` reviews
# change no value (a confirmation after a correction confirms the corrected values). A field
# corrected back to the machine value is no longer a correction. The stored event rows always
# hold the machine values, so re-ingest and re-merge never lose a correction, and the reports
# (the evidence) are never edited.

#: Appended to the English summary of an event whose values an analyst corrected.
CORRECTED_TAG = " (corrected by analyst)"

_WHOLE_FIELDS = frozenset(
    {"count", "count_max", "killed", "killed_max", "injured", "injured_max", "geo_precision"}
)
_COORDINATES = {"lat": 90.0, "lon": 180.0}
_DATE_FIELDS = frozenset({"date_start", "date_end"})
_LIST_FIELDS = frozenset({"weapon", "outlets", "cited"})
_CHOICES: dict[str, tuple[Any, ...]] = {
    "geo_precision": tuple(GEO_PRECISION),
    "date_precision": DATE_PRECISION,
    "casualties": CASUALTY_STATUS,
}
_NOT_NULL = frozenset({"site", "site_name", "date_precision", "casualties", "summary_en", "new"})
_RANGE_TOP = {"count": "count_max", "killed": "killed_max", "injured": "injured_max"}
_STRING_DTYPE = pd.Series(["text"]).dtype


def correction_value(name: str, value: Any) -> Any:
    """Check one corrected field and return it as an :class:`~gazetteer.records.Event` value.

    Parameters
    ----------
    name : str
        A field of :data:`EDITABLE_FIELDS`.
    value : object
        Its JSON value as saved: weapons, outlets and cited sources as a list or a
        ``|``-joined string, dates as ``YYYY-MM-DD``.

    Returns
    -------
    object
        The value in the type of the Event field (tuple of str, date, int, float ...).

    Raises
    ------
    ValueError
        Naming the field, for an unknown field or a value of the wrong kind or out of range.
    """
    if name not in EDITABLE_FIELDS:
        raise ValueError(f"field {name!r} cannot be corrected")
    if value is None:
        if name in _NOT_NULL:
            raise ValueError(f"field {name!r}: a value is required")
        return None
    value = _check_kind(name, value)
    if name in _CHOICES and value not in _CHOICES[name]:
        choices = ", ".join(str(c) for c in _CHOICES[name])
        raise ValueError(f"field {name!r}: {value!r} is not one of {choices}")
    return value


def _whole(name: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"field {name!r}: {value!r} is not a whole number >= 0")
    return value


def _coordinate(name: str, value: Any) -> Any:
    limit = _COORDINATES[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"field {name!r}: {value!r} is not a number")
    value = float(value)
    if not -limit <= value <= limit:
        raise ValueError(f"field {name!r}: {value} is out of range [-{limit:g}, {limit:g}]")
    return value


def _day(name: str, value: Any) -> Any:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"field {name!r}: {value!r} is not a YYYY-MM-DD date") from None


def _strings(name: str, value: Any) -> Any:
    items = value.split("|") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
        raise ValueError(f"field {name!r}: {value!r} is not a list of strings")
    value = tuple(v for v in items if v)
    unknown = [v for v in value if name == "weapon" and v not in WEAPONS]
    if unknown:
        raise ValueError(f"field 'weapon': {unknown[0]!r} is not one of {', '.join(WEAPONS)}")
    if name == "weapon" and not value:
        value = ("unknown",)
    return value


def _flag(name: str, value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError(f"field {name!r}: {value!r} is not true or false")
    return value


def _text(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"field {name!r}: {value!r} is not text")
    return value


def _check_kind(name: str, value: Any) -> Any:
    """Check a value by the kind of its field (whole number, coordinate, date, list, ...)."""
    if name in _WHOLE_FIELDS:
        return _whole(name, value)
    if name in _COORDINATES:
        return _coordinate(name, value)
    if name in _DATE_FIELDS:
        return _day(name, value)
    if name in _LIST_FIELDS:
        return _strings(name, value)
    if name == "new":
        return _flag(name, value)
    return _text(name, value)


def _check_site(fields: Mapping[str, Any]) -> None:
    """Refuse a corrected site that the gazetteer lacks, unless its name and point come with it."""
    if (
        "site" in fields
        and not {"site_name", "lat", "lon"} <= set(fields)
        and fields["site"] not in load_gazetteer().sites
    ):
        raise ValueError(
            f"field 'site': {fields['site']!r} is not a gazetteer key (give site_name, lat"
            " and lon with it)"
        )


def _site_fields(key: str, named: Mapping[str, Any]) -> dict[str, Any]:
    """Name, point and precision of a corrected site, from the gazetteer (fields named win)."""
    _check_site(named)
    site = load_gazetteer().sites.get(key)
    if site is None:
        return {}
    derived = {
        "site_name": site.name_en,
        "lat": site.lat,
        "lon": site.lon,
        "geo_precision": 3 if site.kind in ("region", "zone") else 1,
    }
    return {k: v for k, v in derived.items() if k not in named}


def fold_corrections(
    rows: Iterable[tuple[str, str, str | None]], location: str
) -> dict[str, dict[str, Any]]:
    """Edited fields by event from (review id, event id, fields JSON) rows, oldest first."""
    edits: dict[str, dict[str, Any]] = {}
    for review, event_id, text in rows:
        try:
            fields = json.loads(text) if text else {}
            if not isinstance(fields, dict):
                raise ValueError("the fields are not a JSON object")
            checked = {k: correction_value(k, v) for k, v in fields.items()}
            _check_site(checked)
        except ValueError as exc:
            raise StoreError(f"{location}: review {review!r} of event {event_id!r}: {exc}") from exc
        edits.setdefault(event_id, {}).update(checked)
    return edits


def corrected_values(
    machine: Mapping[str, Any], edits: Mapping[str, Any], n_reports: int
) -> dict[str, Any]:
    """Apply an analyst's corrections to an event's machine values.

    Parameters
    ----------
    machine : mapping
        The event's values by :class:`~gazetteer.records.Event` field (all but id and reports).
    edits : mapping
        The corrected fields, already checked by :func:`correction_value`.
    n_reports : int
        How many reports the event merges (for the summary).

    Returns
    -------
    dict
        The Event fields whose value changes, empty when every correction equals the machine
        value. A corrected site takes its name, point and precision from the gazetteer; a
        corrected figure also sets the top of its range; corrected killed or injured figures
        set ``casualties``; the summary is rebuilt and ends with :data:`CORRECTED_TAG`. Fields
        the correction names itself are never derived.

    Raises
    ------
    ValueError
        When a corrected site is not in the gazetteer and no point is given with it.
    """
    values = {**machine, **edits}
    if "site" in edits:
        values.update(_site_fields(edits["site"], edits))
    for low, top in _RANGE_TOP.items():
        if low in edits and top not in edits:
            values[top] = values[low]
    if {"killed", "injured"} & set(edits) and "casualties" not in edits:
        figures = (values["killed"], values["injured"])
        if any(f for f in figures):
            values["casualties"] = "reported"
        elif 0 in figures:
            values["casualties"] = "none"
    changed = {k: v for k, v in values.items() if k != "summary_en" and v != machine.get(k)}
    if not changed and "summary_en" not in edits:
        return {}
    if "summary_en" in edits:
        summary = edits["summary_en"]
    else:
        summary = summarise(**{k: values[k] for k in _SUMMARY_FIELDS}) + (
            f" ({n_reports} reports)" if n_reports > 1 else ""
        )
    summary += CORRECTED_TAG
    if summary != machine.get("summary_en"):
        changed["summary_en"] = summary
    return changed


_SUMMARY_FIELDS = (
    "site_name",
    "weapon",
    "count",
    "count_max",
    "killed",
    "killed_max",
    "injured",
    "injured_max",
    "casualties",
    "actor",
    "target",
    "date_start",
    "date_end",
    "date_precision",
    "time",
)


def _cell(value: Any) -> Any:
    """A frame cell as a plain Python value (missing values as None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _frame_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """The Event values of one flat event row."""
    values = {}
    for name in EVENT_VALUE_FIELDS:
        value = _cell(row[name])
        if name in _LIST_FIELDS:
            value = _split(value)
        values[name] = value
    return values


def _frame_cells(changed: Mapping[str, Any]) -> dict[str, Any]:
    """Flat-table cells of changed Event values."""
    cells: dict[str, Any] = {}
    for name, value in changed.items():
        if name in _LIST_FIELDS:
            cells[name] = "|".join(value)
            if name == "weapon":
                cells["weapon_main"] = value[0] if value else "unknown"
        elif name in _DATE_FIELDS:
            cells[name] = pd.NaT if value is None else pd.Timestamp(value)
        else:
            cells[name] = value
    return cells


def apply_corrections(
    frame: gpd.GeoDataFrame, edits: Mapping[str, Mapping[str, Any]]
) -> gpd.GeoDataFrame:
    """Show the analysts' corrections in the flat event table.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The stored table: :data:`dashboard.frames.EVENT_COLUMNS`, ``version``,
        ``review_status`` and ``review_note``, with machine values.
    edits : mapping
        Event id to its checked corrected fields (see :func:`correction_value`).

    Returns
    -------
    geopandas.GeoDataFrame
        The same table with corrected values in the normal columns (points too), plus
        ``reviewed`` (the event has a review) and ``machine_values`` (a JSON object of the
        machine values that a correction changed, by column; missing when none did). Only
        the corrected rows are computed in Python; they are written back one column at a
        time.

    Raises
    ------
    ValueError
        When a corrected site is not in the gazetteer and no point is given with it.
    """
    frame["reviewed"] = frame["review_status"].notna().astype(bool)
    machine_values = pd.Series(None, index=frame.index, dtype=object)
    picked = frame[frame["id"].isin(list(edits))] if edits else frame.iloc[:0]
    updates: dict[str, dict[Any, Any]] = {}
    for index, original in zip(picked.index, picked.to_dict("records"), strict=True):
        changed = corrected_values(
            _frame_values(original), edits[original["id"]], int(original["n_reports"])
        )
        if not changed:
            continue
        cells = _frame_cells(changed)
        machine_values[index] = json.dumps(
            {k: to_json(_cell(original[k])) for k in cells}, ensure_ascii=False
        )
        extra = normalise(" ".join([cells.get("summary_en", ""), cells.get("site_name", "")]))
        cells["search_text"] = f"{original['search_text'] or ''} {extra}".strip()
        for column, value in cells.items():
            updates.setdefault(column, {})[index] = value
    for column, values in updates.items():  # one assignment per column, not per cell
        frame.loc[list(values), column] = pd.Series(values, dtype=object).astype(
            frame[column].dtype
        )
    frame["machine_values"] = machine_values.astype(_STRING_DTYPE)
    moved = sorted(set(updates.get("lat", {})) | set(updates.get("lon", {})))
    if moved:
        frame.loc[moved, "geometry"] = gpd.points_from_xy(
            frame.loc[moved, "lon"], frame.loc[moved, "lat"], crs=frame.crs
        )
    return frame[[*EVENT_COLUMNS, *REVIEW_COLUMNS, frame.geometry.name]]


def corrected_events(
    events: Sequence[Event], edits: Mapping[str, Mapping[str, Any]]
) -> list[Event]:
    """Return the events with their analysts' corrections applied (the reports unchanged).

    Parameters
    ----------
    events : sequence of Event
        Events with machine values.
    edits : mapping
        Event id to its checked corrected fields (see :func:`correction_value`).

    Returns
    -------
    list of Event
        In the same order; uncorrected events are the same objects.
    """
    out = []
    for event in events:
        fields = edits.get(event.id)
        if fields:
            machine = {name: getattr(event, name) for name in EVENT_VALUE_FIELDS}
            changed = corrected_values(machine, fields, len(event.reports))
            if changed:
                event = dataclasses.replace(event, **changed)
        out.append(event)
    return out


def review_fields(status: str, fields: Mapping[str, Any] | None) -> str | None:
    """Check a review before it is saved; return its fields as JSON text (None unless corrected).

    Raises
    ------
    ValueError
        For an unknown status, or fields that are missing, unknown or not JSON values.
    """
    if status not in REVIEW_STATUSES:
        raise ValueError(f"review status {status!r} is not one of {', '.join(REVIEW_STATUSES)}")
    if status != "corrected":
        if fields:
            raise ValueError(
                f"review fields are only saved with status 'corrected', not {status!r}"
            )
        return None
    if not fields:
        raise ValueError("a 'corrected' review needs the corrected fields")
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValueError(
            f"review fields: unknown field {unknown[0]!r} (editable: {', '.join(EDITABLE_FIELDS)})"
        )
    values = {k: to_json(v) for k, v in fields.items()}
    try:
        text = json.dumps(values, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"review fields: not JSON values ({exc})") from exc
    try:
        _check_site({k: correction_value(k, v) for k, v in values.items()})
    except ValueError as exc:
        raise ValueError(f"review fields: {exc}") from exc
    return text
