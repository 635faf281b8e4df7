"""Geocoding: a free-text place name, as an analyst or an outlet writes it, to a place.

:class:`Geocoder` gives :class:`gazetteer.places.gazetteer.Gazetteer` its
:meth:`Geocoder.geocode`: the normalised name looked up among every name and key, then its
variants (clitics, a leading site noun, the article stripped or added), then the closest name
by :mod:`difflib`. Split from :mod:`.gazetteer`, which builds the index of names it reads.
"""

from __future__ import annotations

import difflib
from functools import cached_property

from gazetteer.places.sites import _ART, _CLOSE_CUTOFF, _LAM_LAM, _PROCLITICS, _context_lexicon
from gazetteer.records import Site
from gazetteer.text.normalize import normalise

__all__ = ["Geocoder"]


class Geocoder:
    """Resolves free-text names with the index of names a gazetteer built.

    Attributes
    ----------
    sites : dict of str to Site
        The places by key (set by the gazetteer).
    """

    sites: dict[str, Site]
    #: Every normalised name and key, mapped to the key of the site it means.
    _lookup: dict[str, str]

    @cached_property
    def _lookup_names(self) -> list[str]:
        return list(self._lookup)

    def _candidates(self, norm: str) -> list[str]:
        """The name as given, then without clitics or a leading site noun, article toggled."""
        nouns, _ = _context_lexicon()
        stems = [norm]
        stems += [
            norm[len(p) :] for p in _PROCLITICS if norm.startswith(p) and len(norm) > len(p) + 2
        ]
        for conj in ("", "\u0648", "\u0641"):  # و ف before a fused لل
            if norm.startswith(conj + _LAM_LAM) and len(norm) > len(conj) + 3:
                stems.append(_ART + norm[len(conj) + 2 :])
        for stem in list(stems):
            head, _, rest = stem.partition(" ")
            if rest and head in nouns:
                stems.append(rest)
        for stem in list(stems):
            stems.append(stem[2:] if stem.startswith(_ART) and len(stem) > 3 else _ART + stem)
        return list(dict.fromkeys(stems))

    def geocode(self, name: str) -> Site | None:
        """Resolve a free-text place name to a place.

        The normalised name is looked up among every name and key first; then with clitics,
        a leading site noun and the article stripped or added; then the closest name by
        :mod:`difflib` ratio (at least 0.85) is taken.

        Parameters
        ----------
        name : str
            Arabic or English place name, as an analyst or an outlet writes it.

        Returns
        -------
        Site or None
            The place, or None when nothing is close enough.
        """
        norm = normalise(name).strip()
        if not norm:
            return None
        candidates = self._candidates(norm)
        for candidate in candidates:
            key = self._lookup.get(candidate)
            if key is not None:
                return self.sites[key]
        best: tuple[float, str] | None = None
        for candidate in candidates:
            for hit in difflib.get_close_matches(
                candidate, self._lookup_names, n=1, cutoff=_CLOSE_CUTOFF
            ):
                score = difflib.SequenceMatcher(None, candidate, hit).ratio()
                if best is None or score > best[0]:
                    best = (score, hit)
        return self.sites[self._lookup[best[1]]] if best else None
