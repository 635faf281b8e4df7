"""The browser gets the map before the sidebar's filter widgets (issue 13, point 4).

The page and the sidebar share the browser's one main thread: every widget the page receives
is rendered before what comes after it. The sidebar's filters are read from their widgets'
state first and drawn after the page (``dashboard.ui.context.run_page``), so a first load and
a filter change send the map's element before the fifteen widgets of the sidebar, which
still show the filters in force. Read from the server's messages in the page's WebSocket.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard import filters

from ._runs import StreamWatcher
from .conftest import AtlasPage, StoreView
from .test_dashboard import PRESETS, _default_view

pytestmark = pytest.mark.e2e

#: Sidebar widgets whose element type is enough to tell them (the date slider, the presets).
SIDEBAR_WIDGETS = ("slider", "date_input", "multiselect")


def _first_view(atlas: AtlasPage, store_view: StoreView) -> None:
    """Open the map page and wait until its first view, timeline included, is at rest."""
    atlas.open()
    _default_view(atlas, store_view)
    time.sleep(1.0)
    atlas.wait_settled()


def _last_30_days(atlas: AtlasPage, store_view: StoreView) -> filters.Filters:
    """Press "Last 30 days", wait for its view to settle; return the filters it puts in force."""
    start, end = filters.preset_range(PRESETS["Last 30 days"], store_view.span)
    chosen = filters.Filters(date_from=start, date_to=end)
    atlas.page.get_by_role("button", name="Last 30 days", exact=True).click()
    atlas.wait_view(*store_view.expect(chosen))
    atlas.wait_settled()
    return chosen


def _shows_range(atlas: AtlasPage, chosen: filters.Filters) -> bool:
    """Whether the sidebar's date slider shows the range of ``chosen``."""
    text = atlas.page.locator('[data-testid="stSlider"]').inner_text()
    return chosen.date_from.isoformat() in text and chosen.date_to.isoformat() in text


class Deltas(StreamWatcher):
    """The new elements the server sends, in order: (container, element type, label)."""

    def __init__(self, page: Any) -> None:
        self.seen: list[tuple[int, str, str]] = []
        super().__init__(page)

    def message(self, msg: ForwardMsg) -> None:
        """Keep a ``new_element`` delta: where it goes, its type and its label."""
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type") or ""
        label = str(getattr(getattr(element, kind, None), "label", ""))
        self.seen.append((msg.metadata.delta_path[0], kind, label))

    def order(self) -> tuple[int, int]:
        """(index of the map's element, index of the first sidebar widget) in what was sent."""
        kinds = [kind for _, kind, _ in self.seen]
        widgets = [i for i, (where, kind, _) in enumerate(self.seen)
                   if where == 1 and kind in SIDEBAR_WIDGETS]
        assert "component_instance" in kinds and widgets, self.seen
        return kinds.index("component_instance"), widgets[0]


def test_the_map_is_sent_before_the_sidebar_widgets(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    deltas = Deltas(atlas.page)
    _first_view(atlas, store_view)
    the_map, first_widget = deltas.order()
    assert the_map < first_widget, f"first load: {deltas.seen}"

    deltas.seen.clear()
    chosen = _last_30_days(atlas, store_view)
    the_map, first_widget = deltas.order()
    assert the_map < first_widget, f"-> 30 days: {deltas.seen}"
    # the widgets still show the filters in force
    assert _shows_range(atlas, chosen)
    assert atlas.errors == [], atlas.errors


class PressAndWidgets(Deltas):
    """:class:`Deltas`, and the page's requests of a fragment run (the map frame's press)."""

    def _socket(self, socket: Any) -> None:
        super()._socket(socket)
        if socket.url.endswith("/_stcore/stream"):
            socket.on("framesent", self._sent)

    def _sent(self, payload: str | bytes) -> None:
        if not isinstance(payload, bytes | bytearray):
            return
        msg = BackMsg.FromString(bytes(payload))
        if msg.WhichOneof("type") == "rerun_script" and msg.rerun_script.fragment_id:
            self.seen.append((-1, "fragment request", msg.rerun_script.fragment_id))


def _pressed_before_the_widgets(watch: PressAndWidgets, step: str) -> None:
    """The frame's press was sent before the server sent the first sidebar widget."""
    kinds = [kind for _, kind, _ in watch.seen]
    _, first_widget = watch.order()
    assert "fragment request" in kinds, f"{step}: {watch.seen}"
    assert kinds.index("fragment request") < first_widget, f"{step}: {watch.seen}"


def test_the_widgets_wait_for_the_markers(atlas: AtlasPage, store_view: StoreView) -> None:
    """The frame's press (markers drawn) reaches the server before the sidebar's widgets leave.

    On the first load and after a filter change the full run waits for the press before
    drawing the sidebar (``dashboard.ui.timeline_panel.wait_for_markers``); the widgets then
    show the range in force.
    """
    watch = PressAndWidgets(atlas.page)
    _first_view(atlas, store_view)
    _pressed_before_the_widgets(watch, "first load")
    assert _shows_range(atlas, store_view.defaults())
    watch.seen.clear()
    chosen = _last_30_days(atlas, store_view)
    _pressed_before_the_widgets(watch, "-> 30 days")
    assert _shows_range(atlas, chosen)
    assert atlas.errors == [], atlas.errors


def test_the_dates_stay_when_the_press_leaves_before_the_new_widgets(
    atlas: AtlasPage, store_view: StoreView
) -> None:
    """A run that does not touch the dates keeps the preset's range.

    The frame's press (a fragment run) leaves the page before the sidebar's new slider and
    date values reach it, so it carries the old ones; the range in force must not go back.
    """
    _first_view(atlas, store_view)
    chosen = _last_30_days(atlas, store_view)
    for new_only in (True, False):
        atlas.page.get_by_text("New incidents only").first.click()
        atlas.wait_view(*store_view.expect(replace(chosen, new_only=new_only)))
        atlas.wait_settled()
    assert _shows_range(atlas, chosen)
    assert atlas.errors == [], atlas.errors
