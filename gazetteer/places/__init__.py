"""Places: the curated sites, the built-in GeoNames layer, loading and merging, geography.

- :mod:`.loading`: ``Site`` rows and their validation, :class:`Gazetteer` and
  :func:`load_gazetteer` (curated sites merged over the built-in places);
- :mod:`.geonames`: importing a GeoNames dump under the curated sites;
- :mod:`.geography`: the Euphrates, the al-Tanf zone, nearest sites (shapely, metric CRS).
"""

from gazetteer.places.loading import Gazetteer, GazetteerError, load_gazetteer

__all__ = ["Gazetteer", "GazetteerError", "load_gazetteer"]
