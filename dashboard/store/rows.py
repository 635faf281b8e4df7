"""Rows to records and back: the SQL-free decoding both backends share.

Values travel to a backend as plain Python values (:func:`to_db`) and come back as the
record's types (:func:`from_db`); :func:`incident_from_row` and :func:`event_from_row` rebuild
the records from the columns of :data:`dashboard.store.schema.INCIDENT_FIELDS` and of the
stored event table. Report ids are :func:`gazetteer.merge.report_id`, the same scheme the merge
derives event ids from; stores written before it hold ``r-`` ids, which are read unchanged
(an id is only ever a key).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import cache, partial
from typing import Any

from dashboard.frames import event_row
from dashboard.store.schema import (
    EVENT_COLUMNS,
    EVENT_VALUE_FIELDS,
    INCIDENT_FIELDS,
    REPORT_FIELDS,
)
from gazetteer.merge import report_id
from gazetteer.records import Event, Incident, to_json

__all__ = [
    "EVENT_SELECT_COLUMNS",
    "content_hash",
    "event_from_row",
    "event_values",
    "from_db",
    "incident_from_row",
    "incident_values",
    "now_iso",
    "parse_iso",
    "report_id",
    "split",
    "to_db",
]


@cache
def _defaulted(record: type) -> frozenset[str]:
    """The fields of a record type that have a default value."""
    return frozenset(
        f.name for f in dataclasses.fields(record) if f.default is not dataclasses.MISSING
    )


def _keyword_values(record: type, values: dict[str, Any]) -> dict[str, Any]:
    """The record's keyword values, without the NULLs of fields that have a default.

    A column added by an upgrade (see :data:`dashboard.store.schema.UPGRADES`) is NULL in
    older rows: the record's default.
    """
    defaulted = _defaulted(record)
    return {k: v for k, v in values.items() if v is not None or k not in defaulted}

#: Columns read to rebuild an :class:`~gazetteer.records.Event` (flat columns, then extras).
EVENT_SELECT_COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, "version", "outlets_json", "cited_json")


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of an article text (its identity in the store)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_iso() -> str:
    """The current UTC time as stored in a GeoPackage (``2026-12-06T13:00:00.000Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_iso(value: str | datetime) -> datetime:
    """A stored time (ISO text or a datetime) as a timezone-aware UTC datetime."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def to_db(kind: str, value: Any) -> Any:
    """A record value as a column value of this kind (dates as ISO text, tuples as JSON)."""
    if value is None:
        return None
    if kind == "date":
        return value.isoformat()
    if kind == "bool":
        return int(bool(value))
    if kind in {"strings", "ints", "spans"}:
        return json.dumps(to_json(value), ensure_ascii=False)
    return value


def from_db(kind: str, value: Any) -> Any:
    """A column value of this kind as the record's value (the inverse of :func:`to_db`)."""
    if value is None:
        return None
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(value)
    if kind == "bool":
        return bool(value)
    if kind in {"strings", "ints"}:
        return tuple(json.loads(value))
    if kind == "spans":
        return tuple(tuple(item) for item in json.loads(value))
    return value


def _same(value: Any) -> Any:
    """A column value that is the record's value as is."""
    return value


def split(value: str | None) -> tuple[str, ...]:
    """A ``|``-joined cell as a tuple of its non-empty parts."""
    return tuple(v for v in (value or "").split("|") if v)


def incident_values(incident: Incident, *, native_dates: bool = False) -> list[Any]:
    """Column values of :data:`INCIDENT_FIELDS` for one report (dates native if asked)."""
    out = []
    for name in INCIDENT_FIELDS:
        kind = REPORT_FIELDS[name][1]
        value = getattr(incident, name)
        if native_dates and kind in {"date", "bool"}:
            out.append(value)
        else:
            out.append(to_db(kind, value))
    return out


def incident_from_row(row: Sequence[Any]) -> Incident:
    """Rebuild a report from the values of :data:`INCIDENT_FIELDS`, in order."""
    values = {
        name: from_db(REPORT_FIELDS[name][1], value)
        for name, value in zip(INCIDENT_FIELDS, row, strict=True)
    }
    return Incident(**_keyword_values(Incident, values))


def event_values(event: Event, version: int, *, native_dates: bool = False) -> list[Any]:
    """Column values of :data:`EVENT_SELECT_COLUMNS` for one event."""
    flat = event_row(event)
    if not native_dates:
        for column in ("date_start", "date_end"):
            flat[column] = to_db("date", flat[column])
        flat["new"] = int(bool(flat["new"]))
    else:
        flat["new"] = bool(flat["new"])
    return [
        *(flat[c] for c in EVENT_COLUMNS),
        int(version),
        json.dumps(list(event.outlets), ensure_ascii=False),
        json.dumps(list(event.cited), ensure_ascii=False),
    ]


def _json_tuple(value: str) -> tuple[Any, ...]:
    """A JSON list column as a tuple."""
    return tuple(json.loads(value))


def _float(value: Any) -> float | None:
    """A number column as a float (None stays None: the record's default)."""
    return None if value is None else float(value)


#: How an Event field is read back from a row of :data:`EVENT_SELECT_COLUMNS`, where it is not
#: its own column's value as is: field -> (column, decoder).
_EVENT_DECODERS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "date_start": ("date_start", partial(from_db, "date")),
    "date_end": ("date_end", partial(from_db, "date")),
    "weapon": ("weapon", split),
    "new": ("new", bool),
    "outlets": ("outlets_json", _json_tuple),
    "cited": ("cited_json", _json_tuple),
    "confidence": ("confidence", _float),
}


def event_from_row(row: Sequence[Any], reports: Sequence[Incident]) -> Event:
    """Rebuild an event from the values of :data:`EVENT_SELECT_COLUMNS` and its reports."""
    v = dict(zip(EVENT_SELECT_COLUMNS, row, strict=True))
    values = {}
    for name in EVENT_VALUE_FIELDS:
        column, decode = _EVENT_DECODERS.get(name, (name, _same))
        values[name] = decode(v[column])
    return Event(id=v["id"], reports=tuple(reports), **_keyword_values(Event, values))
