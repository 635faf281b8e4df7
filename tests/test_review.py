"""One event in the dashboard, driven with AppTest: its reports, its review, the counts line.

The selected event's panel (reports side by side, disagreements marked, escaped texts), the
review form (no verdict chosen; confirmations, rejections, corrections of date, place,
weapons, actor and figures kept with their author), the counts line's totals and the undated
events it counts and lists (dashboard/ui/review.py, counts.py). Same fixture store as
test_app.py (``_app.build_app_store``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from _app import counts_line, texts, unescape
from streamlit.testing.v1 import AppTest

from dashboard.store.geopackage import GeoPackageStore
from dashboard.ui import state

# --------------------------------------------------------------------------- an event


def test_selected_event_shows_reports_side_by_side(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = fixture_store
    at = open_app(path, query={"event": ids["al-omar"]})
    cards = [m.value for m in at.markdown if m.value.startswith('<div class="atlas-card">')]
    assert len(cards) == 2
    assert any("<b>Furat Monitor</b>" in c for c in cards)
    assert any("<b>Sham Wire</b>" in c for c in cards)
    # the counts disagree (3 and 4): highlighted in both cards; the injured figure is only
    # stated once, so it is not highlighted
    assert all('<mark class="atlas-differs">' in c for c in cards)
    assert any('dir="rtl"' in c and "<mark>" in c for c in cards)
    assert any("disagree on: count" in unescape(c.value) for c in at.caption)


def test_event_texts_are_escaped(fixture_store: tuple[Path, dict[str, str]],
                                 open_app: Callable[..., AppTest]) -> None:
    path, ids = fixture_store
    at = open_app(path, query={"event": ids["kharab-al-jir"]})
    shown = texts(at)
    assert not any("<script>alert(1)" in t for t in shown)
    assert any("Voice of Hasakah &lt;script&gt;alert(1)&lt;/script&gt;" in t for t in shown)


def test_rejected_events_are_hidden_unless_asked_for(
    writable_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = writable_store
    event_id = ids["conoco"]
    key = f"rv-{event_id}"
    at = open_app(path, query={"event": event_id})
    at.radio(key=f"{key}-status").set_value("rejected")
    at.button(key=f"{key}-save").click().run()
    assert counts_line(at) == "2 events (3 reports from 3 articles)"
    at.checkbox(key=state.K_REJECTED).check().run()
    assert counts_line(at) == "3 events (4 reports from 3 articles)"
    assert at.query_params["rejected"] == "1"


def test_a_correction_saves_the_edited_fields(
    writable_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = writable_store
    event_id = ids["kharab-al-jir"]
    key = f"rv-{event_id}"
    at = open_app(path, query={"event": event_id})
    at.radio(key=f"{key}-status").set_value("corrected")
    at.number_input(key=f"{key}-count").set_value(6)
    at.button(key=f"{key}-save").click().run()
    assert at.success and not at.error
    with GeoPackageStore(path) as store:
        (review,) = store.reviews_for(event_id)
    assert (review.status, review.fields) == ("corrected", {"count": 6})


# --------------------------------------------------------------------------- issue 10: counts


def _totals(at: AppTest) -> list[str]:
    return [unescape(c.value) for c in at.caption if unescape(c.value).startswith("Killed ")]


def test_counts_line_gives_killed_and_injured_totals(
    fixture_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    at = open_app(fixture_store[0])
    assert _totals(at) == ["Killed 0, injured 2 (lowest\u2013highest reported)"]
    at = open_app(fixture_store[0], query={"weapon": "mortar"})
    assert _totals(at) == ["Killed 0, injured 0 (lowest\u2013highest reported)"]


def test_undated_events_are_counted_listed_and_can_be_dated(
    writable_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    from _app import add_undated_event

    path, _ = writable_store
    event_id = add_undated_event(path)
    at = open_app(path)
    # not on the map or the timeline, but counted
    assert counts_line(at) == "3 events (4 reports from 3 articles)"
    assert _totals(at) == ["Killed 0, injured 2 (lowest\u2013highest reported); 1 undated"
                           " event, not on the timeline"]
    # and listed on request
    assert len(at.dataframe) == 1
    at.toggle(key="list-undated").set_value(True).run()
    assert len(at.dataframe) == 2
    listed = at.dataframe[1].value
    assert list(listed["span"]) == ["date unknown"] and list(listed["site"]) == ["al-Tanf garrison"]
    # the review form dates it (a correction; the machine value stays in the store)
    at = open_app(path, query={"event": event_id})
    key = f"rv-{event_id}"
    at.radio(key=f"{key}-status").set_value("corrected")
    at.date_input(key=f"{key}-date_start").set_value(date(2024, 2, 1))
    at.text_input(key=f"{key}-actor").input("Group X")
    at.text_input(key=f"{key}-who").input("analyst B")
    at.button(key=f"{key}-save").click().run()
    assert at.success and not at.error, [e.value for e in at.error]
    assert counts_line(at) == "4 events (5 reports from 4 articles)"
    assert not any("undated" in t for t in _totals(at))
    with GeoPackageStore(path) as store:
        (review,) = store.reviews_for(event_id)
        (machine,) = store.load_events([event_id], corrected=False)
        (shown,) = store.load_events([event_id])
    assert (review.status, review.reviewer) == ("corrected", "analyst B")
    assert review.fields == {"date_start": "2024-02-01", "date_end": "2024-02-01",
                             "date_precision": "day", "actor": "Group X"}
    assert (machine.date_start, machine.actor) == (None, None)
    assert (shown.date_start, shown.date_precision, shown.actor) == (
        date(2024, 2, 1), "day", "Group X")


def test_review_form_has_no_verdict_chosen(
    writable_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = writable_store
    event_id = ids["conoco"]
    key = f"rv-{event_id}"
    at = open_app(path, query={"event": event_id})
    assert at.radio(key=f"{key}-status").value is None
    at.button(key=f"{key}-save").click().run()
    assert [unescape(e.value) for e in at.error] == [
        "Choose a verdict first: confirmed, corrected, rejected."]
    with GeoPackageStore(path) as store:
        assert store.reviews_for(event_id) == []


def test_a_correction_of_place_weapon_and_figures(
    writable_store: tuple[Path, dict[str, str]], open_app: Callable[..., AppTest]
) -> None:
    path, ids = writable_store
    event_id = ids["conoco"]
    key = f"rv-{event_id}"
    at = open_app(path, query={"event": event_id})
    at.radio(key=f"{key}-status").set_value("corrected")
    at.selectbox(key=f"{key}-site").set_value("green-village")
    at.multiselect(key=f"{key}-weapon").set_value(["rocket"])
    at.number_input(key=f"{key}-killed").set_value(1)
    at.button(key=f"{key}-save").click().run()
    assert at.success and not at.error
    with GeoPackageStore(path) as store:
        (review,) = store.reviews_for(event_id)
        (shown,) = store.load_events([event_id])
    assert {k: review.fields[k] for k in ("site", "weapon", "killed")} == {
        "site": "green-village", "weapon": "rocket", "killed": 1}
    assert (shown.site, shown.weapon, shown.killed) == ("green-village", ("rocket",), 1)
