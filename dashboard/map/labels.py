"""Who is numbered and labelled on a still map: pure functions the briefing map and the PNG share.

- :func:`site_counts`: each site with events, once, with its count ("al-Omar oil field, 6");
- :func:`event_numbers`: the number of each event on the map and in the side list;
- :func:`ring_offsets`: where the symbols of events sharing one point go around it, so that
  every event is its own symbol and none hides another;
- :func:`confidence_of`: the confidence of each event (1.0 when the table has none) and
  :data:`LOW_CONFIDENCE`, below which an event is drawn hollow;
- :func:`label_order`: the order in which the map page's curated site labels claim room, and
  :data:`DECLUTTER_JS`, the browser routine that shows them in that order without overlap.

No folium, no Streamlit: the PNG export can call these and draw the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.map.popups import LOW_CONFIDENCE as _POPUP_LOW_CONFIDENCE

__all__ = [
    "DECLUTTER_JS",
    "KIND_IMPORTANCE",
    "LOW_CONFIDENCE",
    "SiteCount",
    "confidence_of",
    "event_numbers",
    "label_order",
    "ring_offsets",
    "site_counts",
]

#: Events below this confidence are drawn hollow and their popup says why.
LOW_CONFIDENCE = _POPUP_LOW_CONFIDENCE

#: The golden angle: consecutive symbols of a sunflower spiral never line up.
_GOLDEN = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class SiteCount:
    """One site with events, as it is labelled once on the map.

    Attributes
    ----------
    name : str
        The site's English name.
    lat, lon : float
        Where its events are drawn (the mean of their points).
    events : int
        Events at the site in the filtered range.
    """

    name: str
    lat: float
    lon: float
    events: int

    @property
    def label(self) -> str:
        """``"al-Omar oil field, 6"``."""
        return f"{self.name}, {self.events}"


def _placed(frame: pd.DataFrame) -> pd.DataFrame:
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    return frame[lat.notna() & lon.notna()]


def site_counts(frame: pd.DataFrame) -> tuple[SiteCount, ...]:
    """Count the events per site, for one label per site.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table (``site_name``, ``lat``, ``lon``); rows without coordinates
        are skipped; events with no site name are grouped by point as "unnamed place".

    Returns
    -------
    tuple of SiteCount
        Most events first, then by name.
    """
    placed = _placed(frame)
    if not len(placed):
        return ()
    work = pd.DataFrame({
        "name": placed["site_name"].fillna("").astype(str).replace("", "unnamed place"),
        "lat": pd.to_numeric(placed["lat"]).round(4),
        "lon": pd.to_numeric(placed["lon"]).round(4),
    })
    grouped = work.groupby(["name", "lat", "lon"], sort=False).size().reset_index(name="n")
    grouped = grouped.sort_values(["n", "name"], ascending=[False, True], kind="stable")
    return tuple(
        SiteCount(str(name), float(lat), float(lon), int(n))
        for name, lat, lon, n in grouped.itertuples(index=False)
    )


def event_numbers(frame: pd.DataFrame) -> pd.Series:
    """Number the events as the map and the side list show them: 1 is the earliest.

    Parameters
    ----------
    frame : pandas.DataFrame
        The filtered event table (``date_start``, ``date_end``, ``site_name``, ``id``).

    Returns
    -------
    pandas.Series
        1..n aligned on ``frame``'s index; undated events come last; ties by site, then id.
    """
    if not len(frame):
        return pd.Series([], index=frame.index, dtype=int)
    day = pd.to_datetime(frame["date_start"]).fillna(pd.to_datetime(frame["date_end"]))
    key = pd.DataFrame({
        "undated": day.isna().to_numpy(),
        "day": day.to_numpy(),
        "site": frame["site_name"].fillna("").astype(str).to_numpy(),
        "id": frame["id"].astype(str).to_numpy(),
    }, index=frame.index)
    order = key.sort_values(["undated", "day", "site", "id"], kind="stable").index
    return pd.Series(np.arange(1, len(frame) + 1), index=order).reindex(frame.index)


def ring_offsets(n: int, size: float) -> list[tuple[int, int]]:
    """Pixel offsets of ``n`` symbols sharing one point: a sunflower spiral around it.

    Parameters
    ----------
    n : int
        Symbols at the point.
    size : float
        The largest symbol's diameter in pixels; neighbours are about that far apart.

    Returns
    -------
    list of (dx, dy)
        ``[(0, 0)]`` for one symbol; otherwise a spiral out from the point (radius
        ``0.62 * size * sqrt(i + 0.5)``), no two closer than ``0.95 * size``.

    Raises
    ------
    ValueError
        When ``n`` is negative or ``size`` is not positive.
    """
    if n < 0 or size <= 0:
        raise ValueError(f"ring_offsets({n}, {size}): need n >= 0 and size > 0")
    if n == 1:
        return [(0, 0)]
    step = 0.62 * size
    return [
        (round(step * math.sqrt(i + 0.5) * math.cos(i * _GOLDEN)),
         round(step * math.sqrt(i + 0.5) * math.sin(i * _GOLDEN)))
        for i in range(n)
    ]


def confidence_of(frame: pd.DataFrame) -> np.ndarray:
    """The confidence of each event, 0..1; 1.0 when the table has no ``confidence`` column.

    Parameters
    ----------
    frame : pandas.DataFrame
        The event table.

    Returns
    -------
    numpy.ndarray
        Floats clipped to 0..1; a missing value counts as 1.0 (nothing says it is doubtful).
    """
    if "confidence" not in frame.columns:
        return np.ones(len(frame))
    values = pd.to_numeric(frame["confidence"], errors="coerce").fillna(1.0)
    return np.clip(values.to_numpy(dtype=float), 0.0, 1.0)


#: Curated importance of a labelled site's kind (lower is shown first): bases and air bases,
#: then oil and gas fields, then cities; any other kind after them.
KIND_IMPORTANCE: dict[str, int] = {
    "base": 0, "airbase": 0, "oil_field": 1, "gas_field": 1, "city": 2,
}


def label_order(kinds: Sequence[str], events: Sequence[int]) -> list[int]:
    """The order in which site labels claim room on the map: the first never gives way.

    Parameters
    ----------
    kinds : sequence of str
        Each site's gazetteer kind (see :data:`KIND_IMPORTANCE`).
    events : sequence of int
        Each site's events in the current filter.

    Returns
    -------
    list of int
        Indices into the inputs: sites with events first, more events first, then by
        curated importance, then in the given order (the gazetteer's).

    Raises
    ------
    ValueError
        When the two sequences differ in length.
    """
    if len(kinds) != len(events):
        raise ValueError(f"label_order: {len(kinds)} kinds but {len(events)} event counts")
    last = max(KIND_IMPORTANCE.values()) + 1
    return sorted(range(len(kinds)), key=lambda i: (
        events[i] <= 0, -events[i], KIND_IMPORTANCE.get(kinds[i], last), i))


#: Defines ``window.atlasDeclutter(map, markers)`` once per page. ``markers`` carry permanent
#: tooltips (the labels) in :func:`label_order`; each label in turn tries the right, left,
#: top and bottom of its point (a site with events, class ``atlas-label-events``: then the same
#: sides one line further off), and takes the first place whose box (plus 2 px) overlaps no
#: label shown before it nor any of the map's controls (legend, time-lapse, scale ...); a
#: label with no free place is hidden (``display:none``, class ``atlas-label-hidden``) until a
#: zoom gives it room. Then a basemap town or city name
#: (:class:`dashboard.map.basemap.PlaceLabels`) under a shown site label or under a control is
#: hidden the same way. The labels are laid out and measured once per run, at their first
#: place; the boxes of the other places are computed (no layout per try).
#: ``window.atlasWatchLabels(group)`` reruns it after each zoomend, moveend and resize of the
#: group's map, after the basemap names are redrawn (``atlasplacelabels``) and when the group
#: is switched on, once the browser is idle (so a filter change's markers are drawn first).
DECLUTTER_JS = """
if (!window.atlasDeclutter) {
  // A label's tooltip placed from its size measured once: Leaflet's own _setPosition reads
  // offsetWidth/offsetHeight and resets the direction classes on every zoom, one forced
  // layout per label (about 10 ms of a zoom with 30 labels). Same arithmetic as Leaflet 1.9.
  var SIDE = {top: [0.5, 1], bottom: [0.5, 0], center: [0.5, 0.5], right: [0, 0.5],
              left: [1, 0.5]};
  function place(tip, pos, side) {
    var el = tip._container, size = tip._atlasSize, offset = L.point(tip.options.offset);
    pos = pos.subtract(L.point(size.x * side[0], size.y * side[1], true))
      .add(offset).add(tip._getAnchor());
    if (tip._atlasSide !== tip.options.direction) {
      ['right', 'left', 'top', 'bottom', 'center'].forEach(function (name) {
        L.DomUtil.removeClass(el, 'leaflet-tooltip-' + name);
      });
      L.DomUtil.addClass(el, 'leaflet-tooltip-' + tip.options.direction);
      tip._atlasSide = tip.options.direction;
    }
    L.DomUtil.setPosition(el, pos);
  }
  // Labels not measured yet wait for the end of the task that opened them (a microtask, so
  // before any paint): all are measured in one layout, then placed at the last point they
  // were given. Measured one by one, the 390 labels of a first map were 390 forced layouts.
  var unmeasured = [];
  function measureAll() {
    var tips = unmeasured, i, tip, side;
    unmeasured = [];
    for (i = 0; i < tips.length; i++) {
      tip = tips[i];
      tip._atlasSize = L.point(tip._container.offsetWidth, tip._container.offsetHeight);
    }
    for (i = 0; i < tips.length; i++) {
      tip = tips[i];
      side = SIDE[tip.options.direction];
      var pos = tip._atlasPos;
      tip._atlasPos = null;
      if (side) { place(tip, pos, side); } else { tip._setPosition(pos); }
    }
  }
  window.atlasSteadyTip = function (tip) {
    tip._setPosition = function (pos) {
      var side = SIDE[this.options.direction];
      if (!side) { return L.Tooltip.prototype._setPosition.call(this, pos); }  // 'auto'
      if (!this._atlasSize || !this._atlasSize.x) {
        if (!this._atlasPos) {
          if (!unmeasured.length) { window.queueMicrotask(measureAll); }
          unmeasured.push(this);
        }
        this._atlasPos = pos;
        return;
      }
      place(this, pos, side);
    };
  };
  window.atlasWatchLabels = function (group) {
    group.eachLayer(function (marker) {
      var tip = marker.getTooltip && marker.getTooltip();
      if (tip) { window.atlasSteadyTip(tip); }
    });
    var timer = null, owner = null, on = 'zoomend moveend resize atlasplacelabels';
    function run() {
      timer = null;
      if (group._map) { window.atlasDeclutter(group._map, group.getLayers()); }
    }
    function tidy() {  // once the browser is idle: after the markers of a move are drawn
      if (timer !== null) { return; }
      timer = window.requestIdleCallback ? window.requestIdleCallback(run, {timeout: 300})
                                         : setTimeout(run, 50);
    }
    function watch() { owner = group._map; owner.on(on, tidy); tidy(); }
    group.on('add', watch).on('remove', function () { if (owner) { owner.off(on, tidy); } });
    if (group._map) { watch(); }
  };
  window.atlasDeclutter = function (map, markers) {
    var sides = [['right', [4, 0]], ['left', [-4, 0]], ['top', [0, -4]], ['bottom', [0, 4]],
                 ['right', [4, -13]], ['right', [4, 13]], ['left', [-4, -13]], ['left', [-4, 13]],
                 ['top', [0, -17]], ['bottom', [0, 17]]];
    // the map's own controls (legend, time-lapse, scale, zoom, layers, attribution) lie over
    // the map: a label or a town name under one would be cut off in a briefing screenshot,
    // so their boxes are taken before any label is placed
    var taken = [], controls = map.getContainer().querySelectorAll('.leaflet-control');
    for (var c = 0; c < controls.length; c++) {
      var cr = controls[c].getBoundingClientRect();
      if (cr.width > 0 && cr.height > 0) {
        taken.push({left: cr.left, top: cr.top, right: cr.right, bottom: cr.bottom});
      }
    }
    function free(b) {
      for (var j = 0; j < taken.length; j++) {
        var t = taken[j];
        if (b.left < t.right && t.left < b.right && b.top < t.bottom && t.top < b.bottom) {
          return false;
        }
      }
      return true;
    }
    function put(tip, side) {
      // only the position changes: Leaflet's tip.update() would also set the label's HTML
      // again (a new layout of its text at every try) and hide and show it
      tip.options.direction = side[0]; tip.options.offset = L.point(side[1]);
      if (tip._map) { tip._updatePosition(); }
    }
    // Every label is shown at its first place and measured in one layout; the box of each
    // other place is then computed, not laid out: the same point, size, offset and
    // direction margins as atlasSteadyTip's _setPosition and leaflet.css give it (whole or
    // 1/64 pixels, so the sums are exact), then each label takes its place.
    var items = [], i, it;
    for (i = 0; i < markers.length; i++) {
      var tip = markers[i].getTooltip(), el = tip && tip.getElement();
      if (!el || !map.hasLayer(markers[i])) { continue; }
      el.style.display = '';
      items.push({tip: tip, el: el});
    }
    // measured again here: a size taken before the page's styles applied (a block as wide as
    // the map) would push the label far off its site
    for (i = 0; i < items.length; i++) {
      it = items[i];
      it.tip._atlasSize = L.point(it.el.offsetWidth, it.el.offsetHeight);
    }
    for (i = 0; i < items.length; i++) { put(items[i].tip, sides[0]); }
    var margin = {}, probe = L.DomUtil.create('div', 'leaflet-tooltip atlas-label',
                                              map.getPane('tooltipPane'));
    probe.style.visibility = 'hidden';
    ['right', 'left', 'top', 'bottom'].forEach(function (name) {
      probe.className = 'leaflet-tooltip atlas-label leaflet-tooltip-' + name;
      var cs = window.getComputedStyle(probe);
      margin[name] = [parseFloat(cs.marginLeft) || 0, parseFloat(cs.marginTop) || 0];
    });
    L.DomUtil.remove(probe);
    for (i = 0; i < items.length; i++) {
      it = items[i];
      var r0 = it.el.getBoundingClientRect(), p0 = L.DomUtil.getPosition(it.el);
      var m0 = margin[sides[0][0]];
      it.x = r0.left - p0.x - m0[0]; it.y = r0.top - p0.y - m0[1];
      it.w = r0.width; it.h = r0.height;
      it.at = map.latLngToLayerPoint(it.tip._latlng).add(it.tip._getAnchor());
    }
    function box(item, side) {
      var k = SIDE[side[0]], size = item.tip._atlasSize, m = margin[side[0]];
      var p = item.at.subtract(L.point(size.x * k[0], size.y * k[1], true))
        .add(L.point(side[1]));
      var left = item.x + p.x + m[0], top = item.y + p.y + m[1];
      return {left: left - 2, top: top - 2, right: left + item.w + 2, bottom: top + item.h + 2};
    }
    for (i = 0; i < items.length; i++) {
      it = items[i];
      // one line further off only for a site with events: a quiet site's name stays beside it
      var placed = -1, tries = it.el.classList.contains('atlas-label-events') ? sides.length : 4;
      for (var s = 0; s < tries && placed < 0; s++) {
        var b = box(it, sides[s]);
        if (free(b)) { taken.push(b); placed = s; }
      }
      if (placed > 0) { put(it.tip, sides[placed]); }
      if (placed < 0) { it.el.style.display = 'none'; }
      it.el.classList.toggle('atlas-label-hidden', placed < 0);
    }
    // a basemap town or city name under a shown site label gives way to it; the names are
    // placed absolutely (one does not move another): all shown, all measured in one layout,
    // then each hidden or kept
    var names = map.getContainer().querySelectorAll('.atlas-city, .atlas-town, .atlas-village');
    var boxes = [], n;
    for (n = 0; n < names.length; n++) { names[n].style.display = ''; }
    for (n = 0; n < names.length; n++) { boxes.push(names[n].getBoundingClientRect()); }
    for (n = 0; n < names.length; n++) {
      var under = !free(boxes[n]);
      names[n].style.display = under ? 'none' : '';
      names[n].classList.toggle('atlas-label-hidden', under);
    }
  };
}
"""
