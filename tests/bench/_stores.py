"""Synthetic GeoPackage stores of 100 to 100,000 events for the UI benchmark.

The events are not extracted from articles (that would take hours at 100,000): they are built
directly as :class:`~gazetteer.records.Incident` and :class:`~gazetteer.records.Event` records at
the packaged gazetteer's sites and written with the store's own primitives
(:meth:`dashboard.store.geopackage.GeoPackageStore.insert_article`, ``insert_reports``,
``insert_events``) in
one transaction, so the app reads them exactly as it reads ingested data.

What the data looks like: most events at a site's point (as the extractor places them), a
quarter jittered by up to ~5 km ("near a town"); dates spread over three years (2023-2025); one
to three reports per event, each from its own short article of a different outlet; weapons,
actors, outlets, counts and casualties varied with fixed weights. The same ``(n, seed)`` always
gives the same records. Stores are cached under ``.bench/`` (gitignored), named by size, seed
and a fingerprint of the store schema and of this generator, so a schema change rebuilds them.

    .venv/bin/python tests/bench/_stores.py 100 10000 100000   # build (or reuse) the stores
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dashboard.store.geopackage import LAYERS, GeoPackageStore, content_hash, report_id
from dashboard.store.interface import Store
from gazetteer.extract.summaries import summarise
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, Event, Incident, Site

__all__ = [
    "CACHE_DIR",
    "FIRST_DAY",
    "LAST_DAY",
    "SIZES",
    "build_store",
    "cached_store",
    "fill_store",
    "store_path",
    "synthetic_records",
]

#: Project root (tests/bench/ is two levels down).
ROOT = Path(__file__).resolve().parents[2]
#: Where generated stores are kept between runs (gitignored).
CACHE_DIR = ROOT / ".bench"
#: The sizes the benchmark measures.
SIZES: tuple[int, ...] = (100, 10_000, 100_000)
#: Event dates are drawn from this range (inclusive).
FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2025, 12, 31)
#: Raise when the generated data changes meaning, so cached stores are rebuilt.
GENERATOR_VERSION = 1

_KINDS = frozenset({"base", "airbase", "oil_field", "gas_field", "town", "city", "village"})
_FACILITIES = frozenset({"base", "airbase", "oil_field", "gas_field"})
_WEAPONS: tuple[tuple[str, ...], ...] = (
    ("rocket",), ("drone",), ("mortar",), ("airstrike",), ("rocket", "drone"), ("artillery",),
    ("explosion",), ("small_arms",), ("unknown",),
)
_WEAPON_WEIGHTS = (30, 28, 10, 12, 5, 4, 4, 3, 4)
_ACTORS: tuple[str | None, ...] = (
    None, "Islamic Resistance in Iraq", "Iran-backed groups", "United States", "ISIS",
    "Kataib Hezbollah", "unknown gunmen",
)
_ACTOR_WEIGHTS = (30, 25, 15, 12, 8, 6, 4)
_OUTLETS: tuple[str, ...] = (
    "Deir ez-Zor 24", "Al Mayadeen", "Asharq Al-Awsat", "AFP Arabic", "SOHR", "Enab Baladi",
    "North Press", "Sky News Arabia", "Al Jazeera", "SANA",
)
_CITED: tuple[str, ...] = ("local sources", "Pentagon", "CENTCOM", "SDF", "activists", "Reuters")
_PRECISIONS = ("day", "day", "day", "night", "days", "week")

# Arabic phrase pieces of the synthetic quotes (the quotes are data, never parsed here).
_WEAPON_AR: dict[str, str] = {
    "rocket": "\u0635\u0648\u0627\u0631\u064a\u062e",  # صواريخ
    "drone": "\u0637\u0627\u0626\u0631\u0627\u062a \u0645\u0633\u064a\u0631\u0629",  # طائرات مسيرة
    "mortar": "\u0642\u0630\u0627\u0626\u0641 \u0647\u0627\u0648\u0646",  # قذائف هاون
    "airstrike": "\u063a\u0627\u0631\u0627\u062a \u062c\u0648\u064a\u0629",  # غارات جوية
    "artillery": "\u0642\u0635\u0641 \u0645\u062f\u0641\u0639\u064a",  # قصف مدفعي
    "explosion": "\u0627\u0646\u0641\u062c\u0627\u0631",  # انفجار
    "small_arms": "\u0631\u0635\u0627\u0635",  # رصاص
    "unknown": "\u0647\u062c\u0648\u0645",  # هجوم
}
_TARGETED = "\u0627\u0633\u062a\u0647\u062f\u0641"  # استهدف
_HEADLINE = "\u062a\u0642\u0631\u064a\u0631 \u0645\u064a\u062f\u0627\u0646\u064a"  # تقرير ميداني


@dataclass(frozen=True)
class _Draw:
    """The random choices behind one event, shared by its reports."""

    site: Site
    lat: float
    lon: float
    geo_precision: int
    start: date
    end: date
    precision: str
    weapon: tuple[str, ...]
    actor: str | None


def _fingerprint() -> str:
    """Digest of the store schema and the generator version: part of every cache file name."""
    schema = repr(sorted((name, columns) for name, (columns, _, _) in LAYERS.items()))
    return hashlib.sha256(f"{GENERATOR_VERSION}:{schema}".encode()).hexdigest()[:10]


def store_path(n: int, seed: int = 0, cache_dir: Path = CACHE_DIR) -> Path:
    """Return where the store of ``n`` events (with ``seed``) is cached.

    Parameters
    ----------
    n : int
        Number of events.
    seed : int
        Random seed.
    cache_dir : Path
        The cache folder.

    Returns
    -------
    Path
        ``cache_dir/events-N-sSEED-FINGERPRINT.gpkg``.
    """
    return cache_dir / f"events-{n}-s{seed}-{_fingerprint()}.gpkg"


def _sites() -> list[Site]:
    sites = [s for s in load_gazetteer().sites.values() if s.kind in _KINDS]
    if not sites:
        raise RuntimeError("the packaged gazetteer has no base, field or town to place events at")
    return sites


def _draw(rng: random.Random, sites: Sequence[Site], weights: Sequence[float]) -> _Draw:
    site = rng.choices(sites, weights)[0]
    lat, lon, geo_precision = site.lat, site.lon, 1
    if rng.random() < 0.25:
        lat += rng.uniform(-0.045, 0.045)
        lon += rng.uniform(-0.045, 0.045)
        geo_precision = 2
    start = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    precision = rng.choice(_PRECISIONS)
    extra = {"day": 0, "night": 1, "days": 2, "week": 6}[precision]
    end = min(start + timedelta(days=extra), LAST_DAY)
    weapon = rng.choices(_WEAPONS, _WEAPON_WEIGHTS)[0]
    actor = rng.choices(_ACTORS, _ACTOR_WEIGHTS)[0]
    return _Draw(site, lat, lon, geo_precision, start, end, precision, weapon, actor)


def _report(
    rng: random.Random, draw: _Draw, article_id: str, outlet: str
) -> tuple[Article, Incident]:
    """One article and the incident it reports."""
    count = rng.choice((None, None, 1, 2, 3, 4, 5, 6, 8, 10))
    roll = rng.random()
    if roll < 0.6:
        casualties, killed, injured = "unknown", None, None
    elif roll < 0.85:
        casualties, killed, injured = "none", 0, 0
    else:
        casualties, killed, injured = "reported", rng.randrange(0, 4), rng.randrange(0, 12)
    cited = tuple(rng.sample(_CITED, rng.randrange(0, 3)))
    quote = f"{_TARGETED} {_WEAPON_AR[draw.weapon[0]]} {draw.site.name_ar} ({article_id})."
    headline = f"{_HEADLINE}: {draw.site.name_ar}"
    text = f"{headline}\n\n{quote}"
    start = text.index(quote)
    published = draw.end + timedelta(days=rng.randrange(0, 2))
    article = Article(
        id=article_id, text=text, published=published, outlet=outlet,
        note="synthetic article for the UI benchmark (tests/bench/_stores.py)",
    )
    summary = summarise(
        site_name=draw.site.name_en, weapon=draw.weapon, count=count, killed=killed,
        injured=injured, casualties=casualties, actor=draw.actor, target=None,
        date_start=draw.start, date_end=draw.end, date_precision=draw.precision, time=None,
    )
    incident = Incident(
        article=article_id, site=draw.site.key, site_name=draw.site.name_en, lat=draw.lat,
        lon=draw.lon, geo_precision=draw.geo_precision, date_start=draw.start,
        date_end=draw.end, date_precision=draw.precision, time=None, weapon=draw.weapon,
        count=count, killed=killed, injured=injured, casualties=casualties, casualty_note="",
        actor=draw.actor, target=None, new=rng.random() < 0.9, outlet=outlet, cited=cited,
        quote=quote, span=(start, start + len(quote)), summary_en=summary,
    )
    return article, incident


def _low_high(values: Sequence[int | None]) -> tuple[int | None, int | None]:
    known = [v for v in values if v is not None]
    return (min(known), max(known)) if known else (None, None)


def _event(event_id: str, draw: _Draw, reports: Sequence[Incident]) -> Event:
    """Merge the reports of one draw as the extractor's merge would: ranges, unions."""
    count, count_max = _low_high([r.count for r in reports])
    killed, killed_max = _low_high([r.killed for r in reports])
    injured, injured_max = _low_high([r.injured for r in reports])
    statuses = {r.casualties for r in reports}
    casualties = next(s for s in ("reported", "none", "unknown") if s in statuses or s == "unknown")
    summary = summarise(
        site_name=draw.site.name_en, weapon=draw.weapon, count=count, killed=killed,
        injured=injured, casualties=casualties, actor=draw.actor, target=None,
        date_start=draw.start, date_end=draw.end, date_precision=draw.precision, time=None,
        killed_max=killed_max, injured_max=injured_max, count_max=count_max,
    )
    return Event(
        id=event_id, site=draw.site.key, site_name=draw.site.name_en, lat=draw.lat,
        lon=draw.lon, geo_precision=draw.geo_precision, date_start=draw.start,
        date_end=draw.end, date_precision=draw.precision, time=None, weapon=draw.weapon,
        count=count, count_max=count_max, killed=killed, killed_max=killed_max,
        injured=injured, injured_max=injured_max, casualties=casualties, actor=draw.actor,
        target=None, new=any(r.new for r in reports),
        outlets=tuple(dict.fromkeys(r.outlet for r in reports if r.outlet)),
        cited=tuple(dict.fromkeys(c for r in reports for c in r.cited)),
        summary_en=summary, reports=tuple(reports),
    )


def synthetic_records(
    n: int, seed: int = 0
) -> Iterator[tuple[list[Article], list[tuple[str, Incident]], Event]]:
    """Generate ``n`` events with their reports and articles, deterministically.

    Parameters
    ----------
    n : int
        Number of events.
    seed : int
        Random seed; the same ``(n, seed)`` gives the same records.

    Yields
    ------
    (list of Article, list of (str, Incident), Event)
        For each event: its articles, its reports keyed by report id, and the event.
    """
    rng = random.Random(f"atlas-bench:{n}:{seed}")
    sites = _sites()
    weights = [4.0 if s.kind in _FACILITIES else 1.0 for s in sites]
    width = len(str(max(n - 1, 0)))
    for i in range(n):
        draw = _draw(rng, sites, weights)
        outlets = rng.sample(_OUTLETS, rng.choices((1, 2, 3), (60, 30, 10))[0])
        articles: list[Article] = []
        reports: list[tuple[str, Incident]] = []
        for j, outlet in enumerate(outlets):
            article, incident = _report(rng, draw, f"bench-{n}-{i:0{width}d}-{j}", outlet)
            articles.append(article)
            reports.append((report_id(incident), incident))
        event = _event(f"e-bench-{n}-{i:0{width}d}", draw, [inc for _, inc in reports])
        yield articles, reports, event


def build_store(n: int, path: Path, seed: int = 0, batch: int = 5000) -> Path:
    """Write a new store of ``n`` synthetic events at ``path`` (replacing any file there).

    The store is written to a temporary file next to ``path`` in one transaction and renamed
    into place, so an interrupted build never leaves a half-written store behind.

    Parameters
    ----------
    n : int
        Number of events (>= 1).
    path : Path
        Where the GeoPackage goes.
    seed : int
        Random seed.
    batch : int
        Events written per round of inserts.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ValueError
        When ``n`` is not positive.
    dashboard.store.geopackage.StoreError
        When the store cannot be written.
    """
    if n < 1:
        raise ValueError(f"n={n}: a benchmark store needs at least one event")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    store = GeoPackageStore(tmp)
    try:
        fill_store(store, n, seed, batch)
    except BaseException:
        store.close()
        tmp.unlink(missing_ok=True)
        raise
    store.close()
    tmp.replace(path)
    return path


def fill_store(store: Store, n: int, seed: int = 0, batch: int = 5000) -> None:
    """Write the ``n`` synthetic events of ``seed`` into an open, empty store (any backend).

    One transaction, ``batch`` events per round of inserts.
    """
    with store.transaction():
        pending: list[tuple[list[Article], list[tuple[str, Incident]], Event]] = []
        for record in synthetic_records(n, seed):
            pending.append(record)
            if len(pending) >= batch:
                _write(store, pending)
                pending = []
        _write(store, pending)


def _write(
    store: Store,
    records: Sequence[tuple[list[Article], list[tuple[str, Incident]], Event]],
) -> None:
    for articles, _, _ in records:
        for article in articles:
            store.insert_article(article, content_hash(article.text))
    store.insert_reports([r for _, reports, _ in records for r in reports])
    store.insert_events([(event, [rid for rid, _ in reports], 1) for _, reports, event in records])


def cached_store(n: int, seed: int = 0, cache_dir: Path = CACHE_DIR) -> Path:
    """Return the cached store of ``n`` events, building it first when missing.

    Parameters
    ----------
    n : int
        Number of events.
    seed : int
        Random seed.
    cache_dir : Path
        The cache folder (``.bench/`` by default).

    Returns
    -------
    Path
        The GeoPackage.
    """
    path = store_path(n, seed, cache_dir)
    if not path.exists():
        build_store(n, path, seed)
    return path


def main(argv: Sequence[str]) -> int:
    """Build (or reuse) the stores of the sizes given on the command line."""
    try:
        sizes = [int(a.replace(",", "").replace("_", "")) for a in argv] or list(SIZES)
    except ValueError:
        print(f"usage: _stores.py [N ...]  (numbers of events), got {argv}", file=sys.stderr)
        return 2
    for n in sizes:
        began = time.perf_counter()
        path = cached_store(n)
        print(f"{n:>7,} events: {path} ({time.perf_counter() - began:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
