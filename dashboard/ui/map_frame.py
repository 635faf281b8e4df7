"""``st_folium`` with the base map rendered once per data version, not on every script run.

``st_folium`` renders the whole map it is given on every call: at 100 to 100,000 events about
20 ms of each run went into rendering the base map (borders, Tanf zone, rivers, place and site
labels, legend) into the same ~100 KB of script, computing its bounds and compiling each
element's output as a Jinja template, although only the data layers change between runs.

:func:`prepare` runs ``st_folium``'s own steps on the base map once (its script, header, html,
id and default value); :func:`draw` then sends, per run, those cached strings with the data
layers and layer control made by ``st_folium``'s own helpers, through the same component. The
arguments it sends are those ``st_folium`` sends for the same map, byte for byte
(``tests/test_map_frame.py`` compares them), so the component's key, its frame and its
behaviour are unchanged. The helpers are private names of streamlit-folium: the test fails
when an upgrade changes them, and :data:`AVAILABLE` is False when one is missing, so that the
page falls back to ``st_folium`` itself (slower, the same map) instead of failing.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import branca
import folium
import streamlit_folium as sf

__all__ = ["AVAILABLE", "PRIVATE_NAMES", "PreparedMap", "draw", "prepare"]

#: The names of streamlit-folium this module calls (private, so not promised across versions).
PRIVATE_NAMES = (
    "_component_func", "_get_feature_group_string", "_get_header", "_get_html",
    "_get_layer_control_string", "_get_map_string", "generate_js_hash", "get_full_id",
)  # fmt: skip

#: True when the installed streamlit-folium has every name of :data:`PRIVATE_NAMES`.
AVAILABLE = all(callable(getattr(sf, name, None)) for name in PRIVATE_NAMES)


@dataclass(frozen=True)
class PreparedMap:
    """The base map as ``st_folium`` sends it, and the map in the state its helpers expect.

    Attributes
    ----------
    script, header, html : str
        The map's script (variable ``map_div``), header and html, as ``st_folium`` makes them.
    map_id : str
        The map's element id (``map_div``, after ``st_folium`` renamed it).
    zoom : object
        The map's ``zoom`` option, as given (``st_folium``'s default value for ``zoom``).
    base : folium.Map
        The map after ``st_folium``'s renaming; never changed: each run adds its layers to a
        shallow copy (:func:`_run_copy`).
    """

    script: str
    header: str
    html: str
    map_id: str
    zoom: Any
    base: folium.Map


def prepare(m: folium.Map) -> PreparedMap:
    """Render ``m`` once as ``st_folium`` does; ``m`` is changed (ids renamed): pass a copy.

    Parameters
    ----------
    m : folium.Map
        The base map without data layers or layer control.

    Returns
    -------
    PreparedMap
    """
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    map_id = sf.get_full_id(m)  # after the renaming, as st_folium takes it
    return PreparedMap(script=script, header=header, html=html, map_id=map_id,
                       zoom=m.options.get("zoom"), base=m)


def _run_copy(base: folium.Map) -> folium.Map:
    """A copy of the prepared map that layers can be added to: own children and figure."""
    m = copy.copy(base)
    m._children = OrderedDict(base._children)
    branca.element.Figure().add_child(m)  # its own figure (a run renders into it)
    return m


def _links(m: folium.Map) -> tuple[list[str], list[str]]:
    """The stylesheets and scripts of ``m`` and its elements, as ``st_folium`` lists them."""

    def walk(element: Any) -> Iterator[Any]:
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    css: list[str] = []
    js: list[str] = []
    for element in walk(m):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def component_args(
    prepared: PreparedMap,
    *,
    key: str,
    height: int,
    groups: Sequence[folium.FeatureGroup],
    layer_control: folium.LayerControl,
    returned_objects: Sequence[str],
    center: tuple[float, float] | None,
    zoom: int | None,
) -> dict[str, Any]:
    """The component's arguments ``st_folium`` would send (``use_container_width=True``).

    Returns
    -------
    dict
        Every argument but ``on_change``; ``key`` is the component's key (a hash of the
        script), as ``st_folium`` makes it.
    """
    m = _run_copy(prepared.base)
    groups_js = "".join(sf._get_feature_group_string(group, map=m, idx=idx)
                        for idx, group in enumerate(groups)) if groups else None
    control_js = sf._get_layer_control_string(layer_control, m)
    css, js = _links(m)
    defaults = {k: v for k, v in {"last_object_clicked_popup": None, "zoom": prepared.zoom}.items()
                if k in returned_objects}
    return {
        "script": prepared.script, "header": prepared.header, "html": prepared.html,
        "id": prepared.map_id, "key": sf.generate_js_hash(prepared.script, key, False),
        "height": height, "width": None, "returned_objects": list(returned_objects),
        "default": defaults, "zoom": zoom, "center": center, "feature_group": groups_js,
        "return_on_hover": False, "layer_control": control_js, "pixelated": False,
        "css_links": css, "js_links": js, "wrap_longitude": False,
    }


def draw(
    prepared: PreparedMap,
    *,
    key: str,
    height: int,
    groups: Sequence[folium.FeatureGroup],
    layer_control: folium.LayerControl,
    returned_objects: Sequence[str],
    center: tuple[float, float] | None,
    zoom: int | None,
    on_change: Callable[[], None],
) -> None:
    """Draw the map as ``st_folium(..., use_container_width=True, render=False)`` would.

    The map's reports reach ``st.session_state[key]`` and then ``on_change``, as with
    ``st_folium``.
    """
    import streamlit as st

    args = component_args(prepared, key=key, height=height, groups=groups,
                          layer_control=layer_control, returned_objects=returned_objects,
                          center=center, zoom=zoom)
    hash_key = args["key"]

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        on_change()

    sf._component_func(**args, on_change=changed)
