"""Which site a place mention means (a layer of the reader, under the target reader).

A name with one place means it; an ambiguous name (two towns called الصالحية) the candidate
the article's other places back, else the region-precision place standing for the name
(:meth:`SiteChooser._choose_candidate`); a city's bare name that is also its governorate's,
in an article about a facility of that governorate, the governorate (rule
region_name_of_site, :meth:`SiteChooser._region_twin`). Split from :mod:`.targets`, whose
reader and the article-wide passes ask :meth:`SiteChooser._choose_site` of every place.
"""

from __future__ import annotations

from functools import cached_property

from gazetteer.extract import precision as rules
from gazetteer.extract.agents import AgentReader
from gazetteer.extract.state import _CITY, _FACILITY_KINDS
from gazetteer.records import PlaceMention

__all__ = ["SiteChooser"]


class SiteChooser(AgentReader):
    """Chooses the site each place mention means, once per mention."""

    def _choose_site(self, p: PlaceMention) -> str | None:
        """:meth:`_read_site`, read once per place (the place kept alive by the cache)."""
        got = self._sites_chosen.get(id(p))
        if got is None:
            got = self._sites_chosen[id(p)] = (p, self._read_site(p))
        return got[1]

    @cached_property
    def _sites_chosen(self) -> dict[int, tuple[PlaceMention, str | None]]:
        """The sites chosen so far, by the mention's identity."""
        return {}

    def _read_site(self, p: PlaceMention) -> str | None:
        """The place a mention means; for an ambiguous name, the candidate the context backs.

        Every place named unambiguously elsewhere in the article votes for the candidates of
        its family: 2 when it is the candidate or one of its ancestors (the governorate named),
        1 when they share an ancestor (another town of the same governorate). The best-backed
        candidate wins; a tie or no backing gives the region-precision place standing for
        the name (:attr:`gazetteer.places.loading.Gazetteer.ambiguous`), never a candidate
        picked at random.
        """
        key = self._choose_candidate(p)
        if key is None or not rules.fires("region_name_of_site"):
            return key
        return self._region_twin(p, key) or key

    def _region_twin(self, p: PlaceMention, key: str) -> str | None:
        """The governorate a city's bare name stands for in this article (rule 5), or None."""
        site = self.gaz.sites[key]
        twin = self.gaz.sites.get(site.parent or "")
        if twin is None or twin.kind != "region" or not twin.name_ar.endswith(site.name_ar):
            return None
        city_word = self.text[max(0, p.norm_start - 6) : p.norm_start].strip()
        near = self.found.within("locators", max(0, p.norm_start - 12), p.norm_start)
        if any(m.payloads[0] == "near" for m in near):
            return None  # قرب الحسكة: a point near the city itself
        in_region = self._facility_governorates()
        if rules.region_name_of_site(
            site.kind, True, city_word.endswith(_CITY), site.governorate in in_region
        ):
            return twin.key
        return None

    def _facility_governorates(self) -> frozenset[str]:
        """The governorates of the bases and fields the article names."""
        if self._facility_gov is None:
            self._facility_gov = frozenset(
                self.gaz.sites[k].governorate
                for q in self.found.places
                for k in q.site_keys
                if self.gaz.sites[k].kind in _FACILITY_KINDS
            )
        return self._facility_gov

    def _choose_candidate(self, p: PlaceMention) -> str | None:
        if len(p.site_keys) == 1:
            return p.site_keys[0]
        gaz = self.gaz
        named = [q.site_keys[0] for q in self.found.places if q is not p and len(q.site_keys) == 1]
        families = {n: {n, *gaz.ancestors(n)} for n in dict.fromkeys(named)}
        scores: dict[str, int] = {}
        for key in p.site_keys:
            lineage = {key, *gaz.ancestors(key)}
            scores[key] = sum(
                2 if n in lineage else 1 if lineage & families[n] else 0 for n in named
            )
        best = max(scores.values())
        winners = [k for k, v in scores.items() if v == best]
        if best > 0 and len(winners) == 1:
            return winners[0]
        return gaz.ambiguous.get(p.site_keys)

    def _region_twin_key(self, key: str) -> str | None:
        site = self.gaz.sites[key]
        twin = self.gaz.sites.get(site.parent or "")
        if twin is not None and twin.kind == "region" and twin.name_ar.endswith(site.name_ar):
            return twin.key
        return None
