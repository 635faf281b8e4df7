r"""The filters in the URL: :func:`to_query` writes every filter, :func:`from_query` reads them.

Query parameters, in the order :func:`to_query` writes them:

========  ===============================================================
from, to  first and last day, ``YYYY-MM-DD``
site      gazetteer keys, comma-separated
weapon    weapon categories, comma-separated
actor     actors, comma-separated
outlet    outlets, comma-separated
new       ``1`` only incidents reported as news, ``0`` all
confident ``1`` only events with confidence >= 0.5 (:data:`CONFIDENT`), ``0`` all
min_cas   least killed + injured, a whole number
q         free text (every word must occur)
rejected  ``1`` show events an analyst rejected, ``0`` hide them
briefing  ``1`` briefing (presentation) mode, ``0`` normal
event     id of the selected event, empty for none
========  ===============================================================

A comma or backslash inside one list item is written ``\,`` or ``\\``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from dashboard.filters.record import (
    MAX_CASUALTIES,
    MAX_TEXT,
    PAGE_KEYS,
    QUERY_KEYS,
    VIEW_KEYS,
    Filters,
    Known,
    default_filters,
)

__all__ = ["from_query", "to_query"]

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_SHOW_MAX = 60


# --------------------------------------------------------------------------- URL


def _join_list(items: Iterable[str]) -> str:
    """Comma-join, escaping backslashes and commas inside items."""
    return ",".join(i.replace("\\", "\\\\").replace(",", "\\,") for i in items)


def _split_list(value: str) -> list[str]:
    """Inverse of :func:`_join_list`; empty items are dropped."""
    items: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [i for i in items if i]


def _flag(value: bool) -> str:
    return "1" if value else "0"


def to_query(filters: Filters, defaults: Filters | None = None) -> dict[str, str]:
    """Write every filter as URL query parameters.

    Parameters
    ----------
    filters : Filters
        The filters in force.
    defaults : Filters, optional
        The defaults the page started from. Accepted so callers can pass both records, but
        nothing is left out because it equals a default: every filter, the default date range
        included, is always written, so that a shared link keeps meaning the same events when
        the data (and so the defaults) change.

    Returns
    -------
    dict of str to str
        Keys in the order of :data:`QUERY_KEYS`; lists comma-separated, booleans ``1``/``0``,
        dates ``YYYY-MM-DD``.
    """
    del defaults  # documented above: every filter is written whatever the defaults are
    return {
        "from": filters.date_from.isoformat(),
        "to": filters.date_to.isoformat(),
        "site": _join_list(filters.sites),
        "weapon": _join_list(filters.weapons),
        "actor": _join_list(filters.actors),
        "outlet": _join_list(filters.outlets),
        "new": _flag(filters.new_only),
        "confident": _flag(filters.confident_only),
        "min_cas": str(filters.min_casualties),
        "q": filters.text,
        "rejected": _flag(filters.show_rejected),
        "briefing": _flag(filters.briefing),
        "event": filters.selected,
    }


def _show(value: str) -> str:
    """Quote a parameter value for a warning, shortened when long."""
    if len(value) > _SHOW_MAX:
        value = value[: _SHOW_MAX - 3] + "..."
    return repr(value)


def _single(key: str, raw: str | list[str], warnings: list[str]) -> str:
    """One value of a parameter that takes one; the last when repeated."""
    if isinstance(raw, str):
        return raw
    values = [str(v) for v in raw]
    if not values:
        return ""
    if len(set(values)) > 1:
        warnings.append(
            f"Parameter {key!r} was given {len(values)} times; using the last, {_show(values[-1])}."
        )
    return values[-1]


def _parse_date(key: str, value: str, default: date, warnings: list[str]) -> date:
    if _DATE_RE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    warnings.append(
        f"Ignored {key}={_show(value)}: not a date (expected YYYY-MM-DD); using {default}."
    )
    return default


def _parse_flag(key: str, value: str, default: bool, warnings: list[str]) -> bool:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    warnings.append(f"Ignored {key}={_show(value)}: expected 1 or 0; using {_flag(default)}.")
    return default


def _parse_count(key: str, value: str, default: int, warnings: list[str]) -> int:
    text = value.strip()
    if text.isascii() and text.isdigit() and int(text) <= MAX_CASUALTIES:
        return int(text)
    warnings.append(
        f"Ignored {key}={_show(value)}: expected a whole number from 0 to {MAX_CASUALTIES}; "
        f"using {default}."
    )
    return default


def _parse_list(
    key: str, raw: str | list[str], known: frozenset[str], what: str, warnings: list[str]
) -> tuple[str, ...]:
    """Known items of a list parameter, in order, without duplicates; warn about the rest."""
    values = [raw] if isinstance(raw, str) else [str(v) for v in raw]
    by_fold: dict[str, str] = {}
    for value in sorted(known):
        by_fold.setdefault(value.casefold(), value)
    kept: dict[str, None] = {}
    for value in values:
        for item in _split_list(value):
            match = item if item in known else by_fold.get(item.strip().casefold())
            if match is None:
                warnings.append(f"Ignored {key}={_show(item)}: not a known {what}.")
            else:
                kept[match] = None
    return tuple(kept)


def from_query(
    params: Mapping[str, str | list[str]],
    span: tuple[date, date] | None,
    known: Known,
    *,
    other_keys: Iterable[str] = (),
) -> tuple[Filters, list[str]]:
    """Read filters from URL query parameters; never raises on bad input.

    Parameters
    ----------
    params : mapping of str to str or list of str
        The query parameters (``st.query_params`` or a parsed query string). A parameter
        given more than once is a list: list filters take all its items, others the last.
    span : tuple of date or None
        First and last day of the data, for the default date range.
    known : Known
        Valid sites, weapons, actors, outlets (and optionally event ids).
    other_keys : iterable of str, optional
        Parameters the page uses for other purposes, ignored without a warning.

    Returns
    -------
    filters : Filters
        The filters; every parameter that is missing or unusable has its default.
    warnings : list of str
        One human-readable sentence per parameter value that was ignored, naming the
        parameter and the value (bad date, ``from`` after ``to``, unknown site, weapon, actor
        or outlet, negative or non-numeric ``min_cas``, bad flag, unknown event, over-long
        text, unknown parameter).
    """
    defaults = default_filters(span)
    warnings: list[str] = []
    allowed = set(QUERY_KEYS) | set(VIEW_KEYS) | set(PAGE_KEYS) | set(other_keys)
    for key in params:
        if key not in allowed:
            warnings.append(f"Ignored unknown parameter {_show(str(key))}.")

    def single(key: str) -> str | None:
        return _single(key, params[key], warnings) if key in params else None

    values: dict[str, Any] = {}
    values["date_from"], values["date_to"] = _dates_from(single, defaults, warnings)
    lists = (
        ("site", "sites", known.sites, "site"),
        ("weapon", "weapons", known.weapons, "weapon"),
        ("actor", "actors", known.actors, "actor"),
        ("outlet", "outlets", known.outlets, "outlet"),
    )
    for key, name, valid, what in lists:
        if key in params:
            values[name] = _parse_list(key, params[key], valid, what, warnings)
    values.update(_singles_from(single, defaults, known, warnings))
    return replace(defaults, **values), warnings


def _dates_from(
    single: Callable[[str], str | None], defaults: Filters, warnings: list[str]
) -> tuple[date, date]:
    """The ``from`` and ``to`` parameters, or the defaults (a range that ends first is refused)."""
    date_from, date_to = defaults.date_from, defaults.date_to
    if (raw := single("from")) is not None:
        date_from = _parse_date("from", raw, defaults.date_from, warnings)
    if (raw := single("to")) is not None:
        date_to = _parse_date("to", raw, defaults.date_to, warnings)
    if date_from > date_to:
        warnings.append(
            f"Ignored the date range from={date_from} to={date_to}: it starts after it ends; "
            f"using {defaults.date_from} to {defaults.date_to}."
        )
        date_from, date_to = defaults.date_from, defaults.date_to
    return date_from, date_to


def _singles_from(
    single: Callable[[str], str | None], defaults: Filters, known: Known, warnings: list[str]
) -> dict[str, Any]:
    """The flags, ``min_cas``, ``q`` and ``event`` parameters that are given and usable."""
    values: dict[str, Any] = {}
    flags = (("new", "new_only"), ("confident", "confident_only"),
             ("rejected", "show_rejected"), ("briefing", "briefing"))
    for key, name in flags:
        if (raw := single(key)) is not None:
            values[name] = _parse_flag(key, raw, getattr(defaults, name), warnings)
    if (raw := single("min_cas")) is not None:
        values["min_casualties"] = _parse_count("min_cas", raw, defaults.min_casualties, warnings)
    if (raw := single("q")) is not None:
        if len(raw) > MAX_TEXT:
            warnings.append(
                f"Ignored q={_show(raw)}: longer than {MAX_TEXT} characters; searching nothing."
            )
        else:
            values["text"] = raw
    if (raw := single("event")) is not None:
        if raw and known.events is not None and raw not in known.events:
            warnings.append(f"Ignored event={_show(raw)}: no such event; none selected.")
        else:
            values["selected"] = raw
    return values
