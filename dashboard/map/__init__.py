"""The map: a pure builder (no Streamlit), its layers, popups, styles and local assets.

- :mod:`.build`: ``build_map`` (basemap, context layers, data layers, legend, controls);
- :mod:`.options`: ``MapOptions``, the layer names, ``MapError``, the input check;
- :mod:`.layers`: the data layers (events, reports, heat) as cacheable payloads;
- :mod:`.elements`: the folium elements whose scripts draw markers in the browser, the
  time-lapse control and the briefing's still layer;
- :mod:`.still` and :mod:`.labels`: the briefing's layout (numbers, one label per site),
  pure functions the PNG export can share;
- :mod:`.basemap`: country names, towns by zoom, the Khabur, the EN/Arabic label switch;
- :mod:`.popups`: the one report card and the popups, escaped, with the highlighted Arabic quote;
- :mod:`.styles`: the one weapon style table;
- :mod:`.assets`: Leaflet and its plugins served from the package (nothing fetched at run time).

A new map layer goes here.
"""
