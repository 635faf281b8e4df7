"""One selected event: its facts, its reports side by side, its reviews and the review form.

The form starts with no verdict chosen. With the verdict *corrected* it saves the fields the
analyst changed (date span and precision, place, weapons, actor, count, killed, injured) as a
correction with its author and time; the store keeps the machine values and applies the
corrections field by field when it reads (``dashboard.store``). :func:`corrected_fields` is the
pure half, tested in ``tests/test_app.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from dashboard.map.build import WEAPON_STYLE
from dashboard.map.popups import row_popup_html
from dashboard.store.geopackage import REVIEW_STATUSES, NotFoundError, ReviewConflict, StoreError
from dashboard.ui import data
from dashboard.ui.cards import disagreements, report_card_html
from dashboard.ui.context import Context
from dashboard.ui.state import plain, request_full_run, select_event
from dashboard.ui.table import article_link
from gazetteer.records import DATE_PRECISION, WEAPONS, Event

__all__ = ["EDITED", "corrected_fields", "show_event"]

#: Fields the review form edits, in its order.
EDITED: tuple[str, ...] = ("date_start", "date_end", "date_precision", "site", "weapon",
                           "actor", "count", "killed", "injured")

_FIGURES = ("count", "killed", "injured")


def _plain_value(name: str, value: Any) -> Any:
    """A widget's value as the store saves it: dates ISO, whole floats int, blank text None."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and name in _FIGURES:
        return int(value)
    if isinstance(value, list | tuple):
        return "|".join(value)
    if isinstance(value, str) and name in ("actor", "site"):
        return value.strip() or None
    return value


def corrected_fields(current: dict[str, Any], edited: dict[str, Any]) -> dict[str, Any]:
    """Return the fields an analyst changed, as the store saves them.

    Parameters
    ----------
    current : dict
        The event's values by :data:`EDITED` name (dates as ``date`` or ISO text, weapons as a
        ``|``-joined string or a list).
    edited : dict
        The form's values by the same names.

    Returns
    -------
    dict
        Only the changed fields: dates ``YYYY-MM-DD``, weapons ``|``-joined, blank actor None.
        A first day without a last day ends the same day; a last day before the first is
        swapped. When the dates change but the precision does not and it was ``unknown``, the
        precision becomes ``day`` (one day) or ``days``.
    """
    now = {k: _plain_value(k, current.get(k)) for k in EDITED}
    new = {k: _plain_value(k, edited.get(k)) for k in EDITED}
    if new["date_start"] and not new["date_end"]:
        new["date_end"] = new["date_start"]
    if new["date_end"] and not new["date_start"]:
        new["date_start"] = new["date_end"]
    if new["date_start"] and new["date_end"] and new["date_end"] < new["date_start"]:
        new["date_start"], new["date_end"] = new["date_end"], new["date_start"]
    changed = {k: v for k, v in new.items() if v != now[k]}
    dates_changed = bool({"date_start", "date_end"} & set(changed))
    if dates_changed and new["date_start"] and new["date_precision"] in (None, "unknown"):
        changed["date_precision"] = "day" if new["date_start"] == new["date_end"] else "days"
    return changed


def _current(event: Event) -> dict[str, Any]:
    return {
        "date_start": event.date_start,
        "date_end": event.date_end,
        "date_precision": event.date_precision,
        "site": event.site,
        "weapon": "|".join(event.weapon),
        "actor": event.actor,
        "count": event.count,
        "killed": event.killed,
        "injured": event.injured,
    }


def _save_review(db: str, event_id: str, version: int, current: dict[str, Any]) -> None:
    """Form callback: save the review with the version the analyst saw; the page follows."""
    request_full_run()
    store = data.get_store(db)
    key = f"rv-{event_id}"
    status = st.session_state.get(f"{key}-status")
    if status not in REVIEW_STATUSES:
        st.session_state[f"{key}-msg"] = ("error", "Choose a verdict first: "
                                          + ", ".join(REVIEW_STATUSES) + ".")
        return
    fields: dict[str, Any] = {}
    if status == "corrected":
        edited = {name: st.session_state.get(f"{key}-{name}") for name in EDITED}
        fields = corrected_fields(current, edited)
        if fields.get("site"):
            site = data.get_gazetteer().sites.get(fields["site"])
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
    data.bump_data_version(db)
    st.session_state[f"{key}-msg"] = ("success", f"Review saved: {status} (event version"
                                      f" {new_version}).")


def show_event(ctx: Context, event_id: str, keep_message: bool = False) -> None:
    """Show one event: its facts, its reports side by side, its reviews and the review form.

    Parameters
    ----------
    ctx : Context
        This run's context.
    event_id : str
        The selected event.
    keep_message : bool
        Show the message of the last saved review without consuming it (the page draws the
        panel again in the fragment run that follows; that run consumes it).
    """
    rows = ctx.frame[ctx.frame["id"].astype(str) == event_id]
    events = ctx.store.load_events([event_id]) if len(rows) else []
    if not events:
        st.info(plain(f"Event {event_id} is not in the store any more."))
        st.button("Clear selection", key="clear-selection", on_click=select_event, args=("",))
        return
    event = events[0]
    row = {str(k): v for k, v in rows.iloc[0].to_dict().items()}
    version = int(row["version"])
    head, clear = st.columns([5, 1])
    head.subheader(plain(event.summary_en or event_id))
    clear.button("Clear selection", key="clear-selection", on_click=select_event, args=("",))
    st.markdown(f'<div class="atlas-popup">{row_popup_html(row)}</div>', unsafe_allow_html=True)
    articles = list(dict.fromkeys(r.article for r in event.reports))
    st.markdown(" \u00b7 ".join(
        f"[Read article {plain(a)}]({article_link(a, event_id)})" for a in articles))
    differs = disagreements(event.reports)
    if differs:
        st.caption(plain("The reports disagree on: " + ", ".join(sorted(differs))
                         + " (highlighted)."))
    per_row = 3
    for start in range(0, len(event.reports), per_row):
        chunk = event.reports[start:start + per_row]
        for column, report in zip(st.columns(per_row), chunk, strict=False):
            column.markdown(report_card_html(report, differs), unsafe_allow_html=True)
    _reviews(ctx, event_id)
    _review_form(ctx, event_id, version, event, keep_message)


def _reviews(ctx: Context, event_id: str) -> None:
    reviews = ctx.store.reviews_for(event_id)
    if not reviews:
        return
    st.markdown("**Reviews**")
    for review in reviews:
        changed = ", ".join(f"{k} = {v}" for k, v in review.fields.items())
        line = (f"{review.created_at:%Y-%m-%d %H:%M} UTC: {review.status} by"
                f" {review.reviewer or 'an analyst'} (version {review.version})"
                + (f"; corrected {changed}" if changed else "")
                + (f"; note: {review.note}" if review.note else ""))
        st.markdown(plain(line))


def _review_form(ctx: Context, event_id: str, version: int, event: Event,
                 keep_message: bool = False) -> None:
    key = f"rv-{event_id}"
    current = _current(event)
    sites = list(dict.fromkeys([*ctx.site_labels, *([event.site] if event.site else [])]))
    with st.form(key=f"{key}-form"):
        st.markdown(plain(f"Review this event (version {version})"))
        st.radio("Verdict", REVIEW_STATUSES, key=f"{key}-status", horizontal=True,
                 format_func=str.capitalize, index=None)
        st.caption("Corrected values (saved only with the verdict Corrected; the machine"
                   " values are kept):")
        when = st.columns(3)
        when[0].date_input("First day", value=event.date_start, key=f"{key}-date_start",
                           format="YYYY-MM-DD")
        when[1].date_input("Last day", value=event.date_end, key=f"{key}-date_end",
                           format="YYYY-MM-DD")
        when[2].selectbox("Date precision", DATE_PRECISION,
                          index=DATE_PRECISION.index(event.date_precision)
                          if event.date_precision in DATE_PRECISION else None,
                          key=f"{key}-date_precision")
        what = st.columns(3)
        what[0].selectbox(
            "Place", sites, index=sites.index(event.site) if event.site in sites else None,
            key=f"{key}-site", format_func=lambda k: ctx.site_labels.get(k, k),
        )
        what[1].multiselect(
            "Weapon", list(WEAPONS), default=[w for w in event.weapon if w in WEAPONS],
            key=f"{key}-weapon",
            format_func=lambda w: WEAPON_STYLE[w].label if w in WEAPON_STYLE else w,
        )
        what[2].text_input("Actor", value=event.actor or "", key=f"{key}-actor",
                           max_chars=200)
        figures = st.columns(3)
        for column, name in zip(figures, _FIGURES, strict=True):
            column.number_input(name.capitalize(), min_value=0, step=1, value=current[name],
                                key=f"{key}-{name}")
        st.text_area("Note", key=f"{key}-note", max_chars=2000)
        st.text_input("Reviewer", key=f"{key}-who", max_chars=100)
        st.form_submit_button("Save review", key=f"{key}-save", on_click=_save_review,
                              args=(ctx.db, event_id, version, current))
    take = st.session_state.get if keep_message else st.session_state.pop
    message = take(f"{key}-msg", None)
    if message is not None:
        kind, text = message
        (st.success if kind == "success" else st.error)(plain(text))
