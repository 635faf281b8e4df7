"""The map: a pure builder (no Streamlit), its layers, popups, styles and local assets.

- :mod:`.build`: ``build_map`` and the layers (events, reports, heat, zones, labels);
- :mod:`.popups`: the report card, escaped, with the highlighted Arabic quote;
- :mod:`.assets`: Leaflet and its plugins served from the package (nothing fetched at run time).

A new map layer goes here.
"""
