"""The map frame's arguments with the base map prepared once equal st_folium's, byte for byte."""

from __future__ import annotations

import copy
from typing import Any

import folium
import pytest
import streamlit_folium

from dashboard.frames import events_frame
from dashboard.map.build import (
    MapOptions,
    build_map,
    data_layer_payloads,
    data_layers_from_payloads,
)
from dashboard.ui import map_frame
from tests.test_mapview import make_event

BASE = "/app/static/vendor"
RETURNED = ["last_object_clicked_popup", "center", "zoom"]


def _frame(n: int) -> Any:
    return events_frame([make_event(i) for i in range(n)])


def _groups(frame: Any, options: MapOptions, keys: tuple[str, ...]) -> list[folium.FeatureGroup]:
    return data_layers_from_payloads(data_layer_payloads(frame, options, keys), options)


def _st_folium_args(monkeypatch: pytest.MonkeyPatch, base: folium.Map, **kwargs: Any
                    ) -> dict[str, Any]:
    """What streamlit-folium's own st_folium sends to the component."""
    sent: dict[str, Any] = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **args: sent.update(args))
    streamlit_folium.st_folium(copy.deepcopy(base), use_container_width=True, render=False,
                               **kwargs)
    sent.pop("on_change")
    return sent


CASES = [
    # events, layers shown, centre, zoom
    (3, ("events",), (35.1, 40.4), 8),
    (40, ("events", "reports"), (34.0, 39.0), 6),
    (40, ("events", "reports", "heat"), None, None),
    (0, ("events",), (35.0, 40.0), 7),
    (5, (), (35.0, 40.0), 7),
]


@pytest.mark.parametrize(("n", "keys", "center", "zoom"), CASES)
def test_prepared_map_sends_what_st_folium_sends(
    monkeypatch: pytest.MonkeyPatch, n: int, keys: tuple[str, ...],
    center: tuple[float, float] | None, zoom: int | None,
) -> None:
    frame = _frame(max(n, 1))
    options = MapOptions(asset_base_url=BASE, include_data=False)
    base = build_map(frame, options)
    data_options = MapOptions(asset_base_url=BASE, layers=frozenset(keys) | options.layers)
    shown = frame.iloc[:n]
    expected = _st_folium_args(
        monkeypatch, base, key="atlas-map", height=600,
        feature_group_to_add=_groups(shown, data_options, keys) or None,
        layer_control=folium.LayerControl(collapsed=True), returned_objects=RETURNED,
        center=center, zoom=zoom)
    prepared = map_frame.prepare(copy.deepcopy(base))
    for _ in range(2):  # the prepared map is not changed by a run
        got = map_frame.component_args(
            prepared, key="atlas-map", height=600, groups=_groups(shown, data_options, keys),
            layer_control=folium.LayerControl(collapsed=True), returned_objects=RETURNED,
            center=center, zoom=zoom)
        assert sorted(got) == sorted(expected)
        for name, value in expected.items():
            assert got[name] == value, name


def test_draw_reports_through_the_key_and_callback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report lands in session_state[key] (as st_folium's wrapper puts it) before the callback."""
    sent: dict[str, Any] = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **args: sent.update(args))
    state: dict[str, Any] = {}
    monkeypatch.setattr("streamlit.session_state", state)
    seen: list[Any] = []
    options = MapOptions(asset_base_url=BASE, include_data=False)
    prepared = map_frame.prepare(build_map(_frame(2), options))
    map_frame.draw(prepared, key="atlas-map", height=600, groups=[],
                   layer_control=folium.LayerControl(), returned_objects=RETURNED,
                   center=None, zoom=None, on_change=lambda: seen.append(state.get("atlas-map")))
    state[sent["key"]] = {"zoom": 9}
    sent["on_change"]()
    assert seen == [{"zoom": 9}]
    assert sent["feature_group"] is None


def test_the_installed_streamlit_folium_has_every_helper_the_frame_calls() -> None:
    missing = [n for n in map_frame.PRIVATE_NAMES
               if not callable(getattr(streamlit_folium, n, None))]
    assert missing == [] and map_frame.AVAILABLE


def test_without_the_helpers_the_page_draws_the_map_with_st_folium(
    monkeypatch: pytest.MonkeyPatch,
    fixture_store: tuple[Any, dict[str, str]],
    open_app: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from dashboard.ui import map_panel

    calls: list[dict[str, Any]] = []
    real = map_panel.st_folium

    def recorded(m: folium.Map, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(m, **kwargs)

    monkeypatch.setattr(map_frame, "AVAILABLE", False)
    monkeypatch.setattr(map_panel, "st_folium", recorded)
    monkeypatch.setattr(map_frame, "draw", lambda *a, **k: pytest.fail("map_frame.draw called"))
    map_panel._warn_slow_frame.clear()
    with caplog.at_level("WARNING", logger=map_panel.__name__):
        at = open_app(fixture_store[0])
    assert not at.exception and not at.error
    (sent,) = calls
    assert sent["key"] == map_panel.MAP_KEY and sent["feature_group_to_add"]
    assert "the map is drawn by st_folium on every run" in caplog.text
