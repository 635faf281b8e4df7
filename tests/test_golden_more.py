"""The extractor's and the grammars' whole output on the sets the other golden tests leave out.

tests/test_extract_golden.py compares the incidents of the folder sets (seeds, corpus,
heldout 1-4) and tests/test_grammar_golden.py the grammars' findings of most of them. This test
adds, byte for byte against saved copies in tests/data/golden/more/:

- ``extract``: the incidents of generated articles shaped like the seeds (4-8 KB of politics
  around an attack report, tests/bench/_seedlike.py), of the short generated articles of the
  benchmark (tests/bench/_corpus_gen.py), of some of them again without a publication date,
  of every case text of the rule and incident tables (tests/data/incidents) and of the hostile
  payloads (tests/data/hostile) alone and inside an article;
- ``grammar``: the numbers, clock times, dates (dated and undated) of heldout4 and of the
  generated seed-shaped texts.

The saved copies were written by the code of main before the extraction speed work (issue 13),
so a change that only makes the extractor faster must leave them equal. When a precision rule
or a lexicon changes the output on purpose, write them again in the same commit and say so:

    PYTHONPATH=. .venv/bin/python tests/test_golden_more.py --write
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden" / "more"
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from _corpus_gen import generate  # noqa: E402
from _golden import grammar_findings  # noqa: E402
from _seedlike import seedlike  # noqa: E402

from gazetteer.articles import iter_articles  # noqa: E402
from gazetteer.extract.reader import extract  # noqa: E402
from gazetteer.places.geonames import merge_under  # noqa: E402
from gazetteer.places.loading import (  # noqa: E402
    Gazetteer,
    builtin_places,
    curated_gazetteer,
    load_gazetteer,
)
from gazetteer.records import Article, Site, to_json  # noqa: E402
from gazetteer.text.normalize import normalise  # noqa: E402

#: How many generated articles of each shape.
SEEDLIKE, SHORT, UNDATED = 240, 240, 80
INCIDENTS = ROOT / "tests" / "data" / "incidents"


def _case_articles() -> Iterator[Article]:
    """Every text of the incident and rule case tables, as an article."""
    tables: list[tuple[str, list[dict[str, Any]]]] = [
        ("cases", json.loads((INCIDENTS / "cases.json").read_text("utf-8"))),
        ("sentence_rules", json.loads((INCIDENTS / "sentence_rules.json").read_text("utf-8"))),
    ]
    for path in sorted((INCIDENTS / "rules").glob("*.json")):
        tables.append((path.stem, json.loads(path.read_text("utf-8"))["cases"]))
    for name, cases in tables:
        for i, case in enumerate(cases):
            published = case.get("published")
            yield Article(
                id=f"{name}-{i}",
                text=case["text"],
                published=date.fromisoformat(published) if published else None,
                outlet="Test Outlet",
            )


def _hostile_articles() -> Iterator[Article]:
    """Each hostile payload as an article's whole text, and inside a real article's text."""
    corpus = iter_articles([str(ROOT / "tests" / "data" / "corpus")])
    host = next(a for a in corpus if isinstance(a, Article))
    path = ROOT / "tests" / "data" / "hostile" / "payloads.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    for row in rows:
        payload = row["payload"]
        middle = len(host.text) // 2
        yield Article(id=f"hostile-{row['case']}", text=payload, published=host.published)
        yield dataclasses.replace(
            host,
            id=f"hostile-in-{row['case']}",
            text=host.text[:middle] + payload + host.text[middle:],
        )


#: The Iraqi governorates of the built-in GeoNames layer when the saved copies were written.
_GOLDEN_IQ = frozenset({"Anbar", "Dohuk", "Erbil", "Nineveh"})


#: Curated sites added after the saved copies were written (the generators never draw them).
_LATER_SITES = frozenset(
    {
        "basra-airport",
        # session 12, branch places23
        "hatla",
        "al-shaafah",
        "qamishli-airport",
        "abu-khashab",
        "hamdan-airport",
        "gharanij",
        # session 12, the lead (al-Sour, sourced by places23)
        "al-suwar",
        # session 13, branch places26
        "habbaniyah",
        "taqaddum-airbase",
        "sulaymaniyah-airport",
        "jurf-al-sakhar",
        "akashat",
        "al-qaim-crossing",
        "bashiqa",
        "zelikan-camp",
    }
)

#: Arabic aliases given to older curated sites after the saved copies were written (the
#: generators draw a site's name from its name and aliases, so they never see these).
_LATER_ALIASES: dict[str, frozenset[str]] = {
    # session 13, branch places26: qa'idat al-Azraq
    "muwaffaq-salti": frozenset(
        {"\u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u0623\u0632\u0631\u0642"}
    ),
}


def _as_written(site: Site) -> Site:
    """``site`` without the Arabic aliases added after the saved copies were written."""
    later = _LATER_ALIASES.get(site.key)
    if not later:
        return site
    return dataclasses.replace(site, aliases_ar=tuple(a for a in site.aliases_ar if a not in later))


@cache
def _generator_gazetteer() -> Gazetteer:
    """The places the generated articles take their names from: the layer as it was.

    The saved copies were written when the built-in layer held Syria and four Iraqi
    governorates; the generators draw names from a gazetteer's sorted places, so every
    place added to the layer would change the generated texts themselves. They keep drawing
    from those places (curated sites win as when loading, less those added since:
    ``_LATER_SITES``, and the aliases of ``_LATER_ALIASES``); extraction uses the full gazetteer.
    """
    layer = [
        s for s in builtin_places() if s.country == "SY" or s.governorate in _GOLDEN_IQ
    ]
    curated = [
        _as_written(s) for s in curated_gazetteer().sites.values() if s.key not in _LATER_SITES
    ]
    merged = merge_under(curated, layer)
    return Gazetteer.from_sites(merged.sites, "the generators' places")


def _extract_sets() -> dict[str, list[Article]]:
    gazetteer = _generator_gazetteer()
    shaped = seedlike(SEEDLIKE, seed=1, gazetteer=gazetteer)
    short = generate(SHORT, seed=2, gazetteer=gazetteer)
    undated = [
        dataclasses.replace(a, id=a.id + "-undated", published=None)
        for a in shaped[: UNDATED // 2] + short[: UNDATED // 2]
    ]
    return {
        "seedlike": shaped,
        "generated": short,
        "undated": undated,
        "cases": list(_case_articles()),
        "hostile": list(_hostile_articles()),
    }


def _extract_lines(articles: list[Article]) -> list[str]:
    gazetteer = load_gazetteer()
    out = []
    for article in articles:
        for incident in extract(article, gazetteer):
            out.append(json.dumps(to_json(incident), ensure_ascii=False))
    return out


def _grammar_texts() -> list[tuple[str, str, date]]:
    heldout4 = [
        a
        for a in iter_articles([str(ROOT / "tests" / "data" / "heldout4")])
        if isinstance(a, Article)
    ]
    shaped = seedlike(SEEDLIKE // 2, seed=3, gazetteer=_generator_gazetteer())
    out = []
    for a in heldout4 + shaped:
        assert a.published is not None, a.id
        out.append((a.id, normalise(a.text), a.published))
    return out


def _grammar_findings() -> dict[str, dict[str, list[list[object]]]]:
    return {key: grammar_findings(norm, published) for key, norm, published in _grammar_texts()}


@pytest.fixture(scope="module")
def extract_sets() -> dict[str, list[Article]]:
    return _extract_sets()


@pytest.mark.parametrize("name", ["seedlike", "generated", "undated", "cases", "hostile"])
def test_extract_output_is_unchanged(name: str, extract_sets: dict[str, list[Article]]) -> None:
    # split on line feeds only: a payload holds U+2028, which str.splitlines also splits on
    saved = (GOLDEN / f"extract_{name}.jsonl").read_text(encoding="utf-8").split("\n")[:-1]
    now = _extract_lines(extract_sets[name])
    for i, (a, b) in enumerate(zip(saved, now, strict=False)):
        assert a == b, f"extract_{name}.jsonl line {i + 1} changed:\nsaved {a}\nnow   {b}"
    assert len(saved) == len(now), f"{name}: {len(saved)} incidents saved, {len(now)} now"


def test_grammar_findings_are_unchanged() -> None:
    saved = json.loads((GOLDEN / "grammar.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(_grammar_findings(), ensure_ascii=False))
    assert sorted(got) == sorted(saved)
    for key in sorted(saved):
        assert got[key] == saved[key], key


def _write() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, articles in _extract_sets().items():
        text = "".join(line + "\n" for line in _extract_lines(articles))
        (GOLDEN / f"extract_{name}.jsonl").write_text(text, encoding="utf-8")
        print(f"wrote extract_{name}.jsonl ({len(articles)} articles)")
    (GOLDEN / "grammar.json").write_text(
        json.dumps(_grammar_findings(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print("wrote grammar.json")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    _write()
