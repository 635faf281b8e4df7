"""Places: the curated sites, the built-in GeoNames layer, loading and merging, geography.

- :mod:`.sites`: the places file (``sites.csv``): columns, kinds, validation of every row;
- :mod:`.gazetteer`: :class:`Gazetteer`, the places' names found in text;
- :mod:`.geocoding`: :meth:`Gazetteer.geocode`, a free-text name to a place;
- :mod:`.loading`: :func:`load_gazetteer` (curated sites merged over the built-in places, or a
  file named by ``ATLAS_GAZETTEER``);
- :mod:`.geonames_dump` and :mod:`.geonames`: reading GeoNames and merging it under the
  curated sites;
- :mod:`.geography`: the Euphrates, the al-Tanf zone, nearest sites (shapely, metric CRS).
"""

from gazetteer.places.loading import Gazetteer, GazetteerError, load_gazetteer

__all__ = ["Gazetteer", "GazetteerError", "load_gazetteer"]
