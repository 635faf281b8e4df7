"""The gazetteer: the places, their names in articles, and geocoding of names.

The places live in ``gazetteer/data/sites.csv`` (one row per place, multi-valued cells separated
by ``|``). :func:`load_gazetteer` reads and validates that file; :class:`Gazetteer` finds the
places' names in normalised article text with one :class:`~gazetteer.text.matcher.PhraseMatcher` and
resolves free-text names with :meth:`Gazetteer.geocode` (:mod:`gazetteer.places.geocoding`).

Name rules
----------
* ``name_ar``, ``aliases_ar``, ``name_en`` and ``aliases_en`` name the place on their own. English
  names match case-insensitively as whole words; a hyphen and a space are interchangeable in them
  (``al-Tanf`` = ``Al Tanf``).
* ``context_aliases_ar`` are short names that are also ordinary words (العمر "age"). They count
  only right after a site noun of ``lexicon/site_nouns.csv`` (حقل، قاعدة، مطار ...), in a list
  that such a noun opens (حقلي كونيكو والعمر), or alone inside quotes («العمر»); and, once the
  text has named the place, right after "in" (في القائم، بالقائم: the district named before);
  or when a place enclosing it follows, as reports locate a town (القائم غربي الأنبار،
  القائم بمحافظة الأنبار: :mod:`gazetteer.places.context`).
  A ``name_ar`` that is also listed there is matched in context only.
* Phrases of role ``not_a_place`` in ``site_nouns.csv`` (قناة الميادين) hide the names inside them.
* Every name is compared after :func:`gazetteer.text.normalize.normalise`. A normalised name
claimed by
  two places is an error, unless one place is an ancestor (parent, grandparent ...) of the other:
  the name then means the more specific place, the descendant. It needs context only when every
  place claiming it lists it as a context alias.

Ambiguous names
---------------
* Places imported from GeoNames (:mod:`gazetteer.places.geonames`) have keys starting with
  :data:`IMPORTED_PREFIX` (``gn-``). A name claimed only by imported places, of which more than
  one is not an ancestor of another (two towns called الصالحية), is *ambiguous* rather than an
  error: :meth:`Gazetteer.find_places` reports it with every candidate in
  ``PlaceMention.site_keys``, and the extractor picks one by context.
* For each set of candidates the gazetteer adds one region-precision place (key
  ``ambiguous-`` + the candidates' keys, kind ``region``) that stands for "one of these": it is
  what an ambiguous name means when the context does not decide. Its point is the smallest place
  enclosing every candidate (their common governorate) when there is one, else the candidates'
  midpoint; :attr:`Gazetteer.ambiguous` maps the candidates to it.
* A name that a curated place (any other key) shares with an unrelated place stays an error:
  the importer drops imported names a curated place claims before building the gazetteer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from gazetteer.places.context import _after_in, _after_near, _quoted, located_by
from gazetteer.places.geocoding import Geocoder
from gazetteer.places.sites import (
    _MULTI,
    _NOUNS_LABEL,
    _WAW,
    AMBIGUOUS_PREFIX,
    COLUMNS,
    IMPORTED_PREFIX,
    GazetteerError,
    _check_site,
    _context_lexicon,
    _english_variants,
    _quoted_variants,
)
from gazetteer.records import PlaceMention, Site
from gazetteer.text.frozen import frozen_builder
from gazetteer.text.matcher import Match, PhraseMatcher, thinned
from gazetteer.text.normalize import Normalised, normalise, normalise_with_offsets

if TYPE_CHECKING:  # imported by frame(): 0.3 s that extraction does not need
    import geopandas as gpd

__all__ = [
    "Gazetteer",
]

#: ``PlaceMention(site_keys, start, end, surface, alias, norm_start, norm_end)`` built faster,
#: every field given (:func:`gazetteer.text.frozen.frozen_builder`): one per place named.
_place_mention: Callable[..., PlaceMention] = frozen_builder(PlaceMention)

#: The word governorate and a blank, normalised (محافظة): a governorate named without it is
#: named by its seat.
_GOVERNORATE = normalise("\u0645\u062d\u0627\u0641\u0638\u0629 ")


@dataclass(frozen=True)
class _Entry:
    """What a phrase of the matcher stands for: a site name, a site noun or a blocker."""

    role: str
    key: str | None = None
    context: bool = False
    #: The candidates of an ambiguous name (empty for a name with one place).
    keys: tuple[str, ...] = ()


@dataclass
class _Claim:
    """One place's claim on a normalised name, with where it was made (for error messages)."""

    context: bool
    where: str
    field: str


class Gazetteer(Geocoder):
    """The validated places and everything that finds them in text.

    Parameters
    ----------
    sites : iterable of Site
        The places, in display order. Places whose key starts with :data:`AMBIGUOUS_PREFIX`
        are derived, not data: they are skipped and derived again from the names, so the
        ``sites`` of one gazetteer build another (``Gazetteer(g.sites.values())``).
    source : str
        Where they come from, used in error messages (a file path or ``"<memory>"``).
    where : sequence of str, optional
        For each site, how error messages name its row; ``"SOURCE: row N (key 'k')"`` by default.

    Raises
    ------
    GazetteerError
        On a bad field, a duplicate key, an unknown or circular parent, or a name claimed by two
        places of which neither is the other's ancestor. The message names the source, the row
        and the field.

    Attributes
    ----------
    sites : dict of str to Site
        The places by key, in input order, then one region-precision place per set of
        candidates of an ambiguous name (see "Ambiguous names" in the module notes).
    source : str
        Where the places come from.
    ambiguous : dict of tuple of str to str
        The candidates of each ambiguous name, mapped to the key of the place standing for it.
    """

    def __init__(
        self,
        sites: Iterable[Site],
        source: str = "<memory>",
        where: Iterable[str] | None = None,
    ) -> None:
        self.source = source
        site_list = list(sites)
        labels = (
            list(where)
            if where is not None
            else [f"{source}: row {i} (key {s.key!r})" for i, s in enumerate(site_list, 1)]
        )
        if len(labels) != len(site_list):
            raise ValueError("where must name one row per site")
        self.sites: dict[str, Site] = {}
        self._where: dict[str, str] = {}
        for site, label in zip(site_list, labels, strict=True):
            if not isinstance(site, Site):
                raise GazetteerError(f"{label}: expected a Site record, got {type(site).__name__}")
            if site.key.startswith(AMBIGUOUS_PREFIX):
                continue  # derived from the names below
            _check_site(site, label)
            if site.key in self.sites:
                raise GazetteerError(
                    f"{label}: key {site.key!r} is already used by {self._where[site.key]}"
                )
            self.sites[site.key] = site
            self._where[site.key] = label
        self._depth = self._check_parents()
        #: Candidates of an ambiguous name -> key of the region-precision place standing for it.
        self.ambiguous: dict[tuple[str, ...], str] = {}
        self._names = self._resolve_names()
        self._add_ambiguous_places()
        self._lookup = self._geocode_index()

    @classmethod
    def from_sites(cls, sites: Iterable[Site], source: str = "<memory>") -> Gazetteer:
        """Build a gazetteer from records, with the same validation as the CSV.

        Building is linear in the number of sites and names.

        Parameters
        ----------
        sites : iterable of Site
            The places.
        source : str
            Name used for the source in error messages.

        Returns
        -------
        Gazetteer
            The validated gazetteer.
        """
        return cls(sites, source)

    # -- validation ---------------------------------------------------------------------------

    def _check_parents(self) -> dict[str, int]:
        """Check that every parent exists and no chain loops; return each site's depth."""
        depth: dict[str, int] = {}
        for key, site in self.sites.items():
            if site.parent is not None and site.parent not in self.sites:
                raise GazetteerError(
                    f"{self._where[key]}: parent {site.parent!r} is not a key of {self.source}"
                )
        for key in self.sites:
            path: list[str] = []
            on_path: set[str] = set()
            node: str | None = key
            while node is not None and node not in depth:
                if node in on_path:
                    cycle = " -> ".join([*path[path.index(node) :], node])
                    raise GazetteerError(f"{self._where[node]}: parent chain loops ({cycle})")
                path.append(node)
                on_path.add(node)
                node = self.sites[node].parent
            base = -1 if node is None else depth[node]
            for offset, item in enumerate(reversed(path), start=1):
                depth[item] = base + offset
        return depth

    def _site_names(self, site: Site) -> dict[str, _Claim]:
        """Every normalised name of one site, with whether it needs context."""
        where = self._where[site.key]
        context = {normalise(a).strip(): a for a in site.context_aliases_ar}
        names: dict[str, _Claim] = {
            norm: _Claim(True, where, "context_aliases_ar") for norm in context
        }
        plain: list[tuple[str, str, str]] = [("name_ar", site.name_ar, normalise(site.name_ar))]
        plain += [("aliases_ar", a, normalise(a)) for a in site.aliases_ar]
        plain += [("name_en", site.name_en, v) for v in _english_variants(site.name_en)]
        plain += [("aliases_en", a, v) for a in site.aliases_en for v in _english_variants(a)]
        for field, raw, norm in plain:
            norm = norm.strip()
            if norm in context:
                if field == "name_ar":
                    continue  # a name_ar listed as a context alias is matched in context only
                raise GazetteerError(
                    f"{where}: {field} {raw!r} is also in context_aliases_ar; a name is either "
                    "an alias or a context alias"
                )
            names.setdefault(norm, _Claim(False, where, field))
            if field in ("name_ar", "aliases_ar"):
                # قاعدة "بلد" الجوية: the proper part quoted after the site noun
                for quoted in _quoted_variants(norm, _context_lexicon()[0]):
                    names.setdefault(quoted, _Claim(False, where, field + ", quoted"))
        return names

    def _resolve_names(self) -> dict[str, _Entry]:
        """Collect every normalised name, check who claims it, and pick the place it means."""
        nouns, blockers = _context_lexicon()
        claims: dict[str, dict[str, _Claim]] = {}
        for key, site in self.sites.items():
            for norm, c in self._site_names(site).items():
                if not norm:
                    raise GazetteerError(f"{c.where}: {c.field} has a name empty once normalised")
                if norm in nouns or norm in blockers:
                    raise GazetteerError(
                        f"{c.where}: {c.field} {norm!r} is a phrase of {_NOUNS_LABEL}, "
                        "not a place name"
                    )
                claims.setdefault(norm, {})[key] = c
        entries: dict[str, _Entry] = {}
        for norm, owners in claims.items():
            if len(owners) == 1:
                ((key, c),) = owners.items()
                entries[norm] = _Entry("site", key, c.context)
                continue
            child = max(owners, key=lambda k: self._depth[k])
            lineage = set(self.ancestors(child))
            context = all(c.context for c in owners.values())
            if all(k.startswith(IMPORTED_PREFIX) for k in owners) and any(
                k != child and k not in lineage for k in owners
            ):
                # Imported places of the same name: ambiguous, each lineage's deepest place.
                above = {a for k in owners for a in self.ancestors(k)}
                keys = tuple(k for k in owners if k not in above)
                entries[norm] = _Entry("site", None, context, keys)
                self.ambiguous.setdefault(keys, "")
                continue
            for key, c in owners.items():
                if key != child and key not in lineage:
                    first = owners[child]
                    raise GazetteerError(
                        f"{c.where}: {c.field} {norm!r} is also claimed by {child!r} "
                        f"({first.where}, {first.field}); a name may be shared only by a place "
                        "and one of its ancestors"
                    )
            entries[norm] = _Entry("site", child, context)
        return entries

    def _add_ambiguous_places(self) -> None:
        """Add one region-precision place per set of candidates of an ambiguous name."""
        for keys in list(self.ambiguous):
            sites = [self.sites[k] for k in keys]
            common = set(self.ancestors(keys[0]))
            for k in keys[1:]:
                common &= set(self.ancestors(k))
            parent = max(common, key=lambda k: self._depth[k]) if common else None
            if parent is not None:
                lat, lon = self.sites[parent].lat, self.sites[parent].lon
                point = f"the point of {parent!r}, the smallest place enclosing them all"
            else:
                lat = sum(s.lat for s in sites) / len(sites)
                lon = sum(s.lon for s in sites) / len(sites)
                point = "the midpoint of the candidates, not a place"
            where = [s.governorate or s.country for s in sites]
            key = AMBIGUOUS_PREFIX + "-".join(keys)
            countries = {s.country for s in sites}
            site = Site(
                key=key,
                name_en=f"{sites[0].name_en} (ambiguous: {' or '.join(where)})",
                name_ar=sites[0].name_ar,
                kind="region",
                country=countries.pop() if len(countries) == 1 else sites[0].country,
                governorate=sites[0].governorate if len(set(where)) == 1 else "",
                lat=lat,
                lon=lon,
                precision=f"ambiguous name: one of {', '.join(keys)}; region at {point}",
                parent=parent,
                source="derived from the candidates' records",
            )
            self.sites[key] = site
            self._where[key] = f"{self.source}: ambiguous name of {', '.join(keys)}"
            self._depth[key] = 0 if parent is None else self._depth[parent] + 1
            self.ambiguous[keys] = key

    def _geocode_index(self) -> dict[str, str]:
        """Every normalised name and key, mapped to the site it means, for :meth:`geocode`."""
        index = {
            name: entry.key or self.ambiguous[entry.keys]
            for name, entry in self._names.items()
            if entry.key or entry.keys
        }
        for key in self.sites:
            index.setdefault(normalise(key), key)
            index.setdefault(normalise(key.replace("-", " ")), key)
        return index

    # -- lookups ------------------------------------------------------------------------------

    def __len__(self) -> int:
        """Return the number of places."""
        return len(self.sites)

    def __contains__(self, key: object) -> bool:
        """Return True when ``key`` is the key of a place."""
        return key in self.sites

    def site(self, key: str) -> Site:
        """Return the place with this key.

        Parameters
        ----------
        key : str
            A gazetteer key such as ``al-omar``.

        Returns
        -------
        Site
            The place.

        Raises
        ------
        KeyError
            When no place has this key.
        """
        try:
            return self.sites[key]
        except KeyError:
            raise KeyError(f"unknown site key {key!r} (not in {self.source})") from None

    def ancestors(self, key: str) -> list[str]:
        """Return the keys of the parent chain, nearest first.

        Parameters
        ----------
        key : str
            A gazetteer key.

        Returns
        -------
        list of str
            ``[parent, grandparent, ...]``; empty for a place without a parent.
        """
        out: list[str] = []
        parent = self.site(key).parent
        while parent is not None:
            out.append(parent)
            parent = self.sites[parent].parent
        return out

    def _ancestor_names(self, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The normalised Arabic names of a place's ancestors (its governorate ...), kept.

        Returns the names, longest first, and the governorates' names without the word
        governorate (محافظة دير الزور -> دير الزور), which locate only after a direction word
        (:func:`.context.located_by`).
        """
        got = self._ancestors_named.get(key)
        if got is None:
            names = {n for k in self.ancestors(key) for n in self._site_names(self.sites[k])}
            seats = {n[len(_GOVERNORATE) :] for n in names if n.startswith(_GOVERNORATE)}
            got = self._ancestors_named[key] = (
                tuple(sorted(names, key=len, reverse=True)),
                tuple(sorted(seats - names, key=len, reverse=True)),
            )
        return got

    @cached_property
    def _ancestors_named(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        return {}

    @cached_property
    def country_extents(self) -> dict[str, tuple[float, float, float, float]]:
        """Each country's extent as its listed places spread: south, north, west, east.

        Read by rule country_region (:mod:`gazetteer.extract.precision_regions`): whether a
        place lies in "the south of Iraq" is judged against where Iraq's places lie.
        """
        spread: dict[str, list[float]] = {}
        for site in self.sites.values():
            b = spread.setdefault(site.country, [site.lat, site.lat, site.lon, site.lon])
            b[0], b[1] = min(b[0], site.lat), max(b[1], site.lat)
            b[2], b[3] = min(b[2], site.lon), max(b[3], site.lon)
        return {c: (b[0], b[1], b[2], b[3]) for c, b in spread.items()}

    @cached_property
    def frame(self) -> gpd.GeoDataFrame:
        """The places as a GeoDataFrame (EPSG:4326, index ``key``, columns of ``sites.csv``).

        Multi-valued columns are joined with ``|`` as in the file; a missing parent is ``""``.
        The frame is shared: copy it before changing it.

        Returns
        -------
        geopandas.GeoDataFrame
            One row per place with Point geometry.
        """
        import geopandas as gpd
        import pandas as pd

        rows: dict[str, list[object]] = {c: [] for c in COLUMNS if c != "key"}
        for site in self.sites.values():
            for column in rows:
                value = getattr(site, column)
                if column in _MULTI:
                    value = "|".join(value)
                elif column == "parent":
                    value = value or ""
                rows[column].append(value)
        lats = [s.lat for s in self.sites.values()]
        lons = [s.lon for s in self.sites.values()]
        return gpd.GeoDataFrame(
            rows,
            index=pd.Index(list(self.sites), name="key"),
            geometry=gpd.points_from_xy(lons, lats),
            crs="EPSG:4326",
        )

    # -- finding names in text ----------------------------------------------------------------

    @cached_property
    def _matcher(self) -> PhraseMatcher[_Entry]:
        """One automaton over every name, site noun and not-a-place phrase."""
        nouns, blockers = _context_lexicon()
        entries: list[tuple[str, _Entry]] = list(self._names.items())
        entries += [(n, _Entry("noun")) for n in nouns]
        entries += [(b, _Entry("block")) for b in blockers]
        return PhraseMatcher(entries, article=False)

    @property
    def place_matcher(self) -> PhraseMatcher[_Entry]:
        """The matcher :meth:`find_places` runs, for a caller that runs it with other lexicons.

        Its hits (:meth:`PhraseMatcher.find_all`, or those of one pass of
        :class:`gazetteer.text.matcher.MatcherSet`) go to :meth:`find_places` as ``hits``.
        """
        return self._matcher

    def find_places(
        self, norm: Normalised | str, hits: list[Match[_Entry]] | None = None
    ) -> list[PlaceMention]:
        """Find the places named in a text.

        Parameters
        ----------
        norm : Normalised or str
            The article text from :func:`gazetteer.text.normalize.normalise_with_offsets`; a plain
            string is normalised here.
        hits : list of Match, optional
            What :attr:`place_matcher`'s ``find_all`` finds in the normalised text, when the
            caller has it already (found with other lexicons in one pass); found here otherwise.

        Returns
        -------
        list of PlaceMention
            In text order, without overlaps (leftmost-longest: مطار رميلان is the airfield, not
            the town). ``start``/``end`` span the name itself in the original text, clitics
            excluded (a fused لل stays, since its second lam is the article); ``norm_start`` /
            ``norm_end`` span it in the normalised text. Context aliases count only after a site
            noun, in a list a site noun opens, inside quotes, or followed by a place enclosing
            them.
        """
        if isinstance(norm, str):
            norm = normalise_with_offsets(norm)
        text = norm.text
        out: list[PlaceMention] = []
        prev_end = -1
        prev_role: str | None = None
        chain = False
        named: set[str | None] = set()  # the sites named so far
        for m in self._matcher.find(text) if hits is None else thinned(hits):
            entry = m.payloads[0]
            if entry.role != "site":
                prev_role, prev_end, chain = entry.role, m.end, False
                continue
            gap = text[prev_end : m.start].strip() if prev_end >= 0 else None
            tight = gap == ""
            after_noun = prev_role == "noun" and tight
            listed = (
                prev_role == "site"
                and chain
                and (
                    gap in (",", _WAW)
                    or (tight and text[m.start : m.phrase_start].startswith(_WAW))
                )
            )
            in_context = after_noun or listed
            if (
                entry.context
                and not (in_context or _quoted(text, m.start, m.end))
                and not (entry.key in named and _after_in(text, m.start, m.phrase_start))
                and not (entry.key and _after_near(text, m.start, entry.key))
                and not (entry.key and located_by(text, m.end, *self._ancestor_names(entry.key)))
            ):
                prev_role, prev_end, chain = None, m.end, False
                continue
            start, end = norm.source_span(m.phrase_start, m.phrase_end)
            out.append(
                _place_mention(  # site_keys, start, end, surface, alias, norm_start, norm_end
                    entry.keys or (entry.key or "",),
                    start,
                    end,
                    norm.source[start:end],
                    m.phrase,
                    m.phrase_start,
                    m.phrase_end,
                )
            )
            prev_role, prev_end, chain = "site", m.end, in_context
            named.add(entry.key)
        return out
