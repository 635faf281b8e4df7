"""What ``atlas`` start-up leaves out or does differently, each with the plain way it replaces.

No timing: each shortcut is checked against what it stands for (the same answers, the same
output), and the modules a command does not need are checked to stay unimported.
"""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.commands import jsonl_text, print_records
from gazetteer.articles import iter_articles
from gazetteer.extract.parallel import extract_many
from gazetteer.places import geonames
from gazetteer.places.loading import load_gazetteer
from gazetteer.records import Article, Site

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"


def _python(code: str) -> str:
    """Run ``code`` in a fresh interpreter of this tree; its standard output."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        cwd=ROOT,
        env=env,
    )
    return done.stdout


#: Modules only fetching pages, legacy encodings, news pages, serve, watch or --version need.
_NOT_FOR_FILES = (
    "http.client",
    "ssl",
    "email.message",
    "urllib.request",
    "charset_normalizer",
    "importlib.metadata",
    "gazetteer.articles.pages",
    "dashboard.watch",
    "subprocess",
)


def test_extracting_text_files_imports_no_network_page_or_version_module() -> None:
    """Parser, commands and a whole extraction of the seeds (plain text) on one process."""
    loaded = _python(
        "import sys, io, contextlib\n"
        "from dashboard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['extract', 'seeds', '--jobs', '1', '--jsonl'])\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    ).split()
    assert "gazetteer.extract.reader" in loaded  # it did extract
    assert [m for m in _NOT_FOR_FILES if m in loaded] == []


def test_atlas_help_imports_no_extractor() -> None:
    loaded = _python(
        "import sys, io, contextlib\n"
        "from dashboard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    ).split()
    assert "dashboard.commands.extract" in loaded  # every command registered
    assert [m for m in ("gazetteer.extract.reader", *_NOT_FOR_FILES) if m in loaded] == []


def test_the_lazy_names_of_the_articles_package_are_its_modules_names() -> None:
    """PEP 562: each public name is the object of its module; ``fetch`` stays the function."""
    import gazetteer.articles as articles
    from gazetteer.articles import pages

    fetch_module = sys.modules["gazetteer.articles.fetch"]

    for name in articles.__all__:
        assert hasattr(articles, name), name
    assert articles.main_text is pages.main_text
    assert articles.PageMeta is pages.PageMeta
    assert articles.fetch is fetch_module.fetch  # (the function, not the module of that name)
    assert set(articles.__all__) <= set(dir(articles))
    with pytest.raises(AttributeError):
        _ = articles.no_such_name  # type: ignore[attr-defined]


def test_version_is_looked_up_when_asked() -> None:
    from importlib import metadata

    from dashboard.cli import _version

    try:
        expected = metadata.version("incident-atlas")
    except metadata.PackageNotFoundError:
        expected = "unknown"
    out = _python("from dashboard.cli import main\nmain(['--version'])\n")
    assert out == f"atlas {expected}\n" == f"atlas {_version()}\n"


def test_the_watch_interval_default_is_what_15m_parses_to() -> None:
    from dashboard.commands.watch import _interval
    from dashboard.watch import parse_every

    assert 15 * 60.0 == _interval("15m") == parse_every("15m")


def _site(key: str, lat: float, lon: float) -> Site:
    return Site(key=key, name_en=key, name_ar="\u0642\u0631\u064a\u0629", kind="town",
                country="SY", governorate="", lat=lat, lon=lon)  # fmt: skip


def test_within_equals_the_distance_test_it_shortens() -> None:
    """``_within(a, b, km)`` is ``_km(a, b) <= km``: random pairs, pairs at the limit, poles."""
    rng = random.Random(5)
    pairs = []
    for _ in range(20_000):
        lat, lon = rng.uniform(-89.9, 89.9), rng.uniform(-180, 180)
        spread = rng.choice([0.001, 0.01, 0.05, 0.1, 1.0, 10.0])
        pairs.append(
            (_site("a", lat, lon), _site("b", max(-90, min(90, lat + rng.gauss(0, spread))),
                                          lon + rng.gauss(0, spread)))
        )  # fmt: skip
    for km in (geonames.SAME_POINT_KM, geonames.SAME_PLACE_KM, 0.5, 25.0):
        # latitudes exactly km apart along a meridian, and a hair either side
        step = km / geonames._KM_PER_DEGREE
        for lat in (-60.0, 0.0, 33.5, 36.2, 89.0 - step):
            for f in (1 - 1e-9, 1 - 1e-12, 1.0, 1 + 1e-12, 1 + 1e-9, 1.0005, 1.002):
                pairs.append((_site("a", lat, 38.0), _site("b", lat + step * f, 38.0)))
        near = 0
        for a, b in pairs:
            plain = geonames._km(a, b) <= km
            assert geonames._within(a, b, km) == plain, (a.lat, a.lon, b.lat, b.lon, km)
            near += plain
        assert near > 100
    assert math.isclose(geonames._KM_PER_DEGREE, 111.19, rel_tol=1e-3)


def test_merge_under_with_within_equals_it_with_the_plain_distance_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The packaged layers merged with ``_within`` and with ``_km(a, b) <= km``: one report."""
    from gazetteer.places.loading import builtin_places, curated_gazetteer

    curated = list(curated_gazetteer().sites.values())
    imported = builtin_places()
    fast = geonames.merge_under(curated, imported)
    monkeypatch.setattr(geonames, "_within", lambda a, b, km: geonames._km(a, b) <= km)
    plain = geonames.merge_under(curated, imported)
    assert fast == plain
    assert fast.same_as_curated  # the point test decided something


def _seed_articles() -> list[Article]:
    out = [a for a in iter_articles([SEEDS]) if isinstance(a, Article)]
    assert len(out) >= 5
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_rendered_lines_are_what_print_records_prints(
    jobs: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """``render`` runs where the article is extracted; its value is the incidents' lines."""
    articles = _seed_articles() * 4  # 20 and more: with 2 jobs, a pool runs
    gazetteer = load_gazetteer()
    got = list(extract_many(articles, gazetteer, jobs, render=jsonl_text))
    assert [r.article for r in got] == articles
    for result in got:
        assert result.error is None
        print_records(list(result.incidents), jsonl=True)
        assert result.rendered == capsys.readouterr().out
    lines = "".join(r.rendered for r in got).splitlines()
    assert lines and all(json.loads(line)["article"] for line in lines)
    plain = list(extract_many(articles, gazetteer, jobs))
    assert [r.rendered for r in plain] == [None] * len(articles)
    assert [r.incidents for r in plain] == [r.incidents for r in got]


def test_a_folder_reads_as_read_article_and_replace_read_it(tmp_path: Path) -> None:
    """read_folder's one ``stat`` and one construction: what read_article, then
    ``dataclasses.replace(language, note)``, gave; an HTML file, a note, a language, a file
    the index does not list, and files that cannot be read among them."""
    import dataclasses
    import shutil

    from gazetteer.articles import read_article
    from gazetteer.articles.folders import _read_index

    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS, folder)
    (folder / "page.html").write_text(
        "<html lang='en'><body><p>\u0642\u0635\u0641 \u0639\u0644\u0649 \u0627\u0644\u0645\u062f"
        "\u064a\u0646\u0629 \u0623\u0645\u0633</p></body></html>",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "unlisted.txt").write_text("\u0646\u0635 \u0642\u0635\u064a\u0631", "utf-8")
    (folder / "folder.txt").mkdir()
    index = folder / "articles.csv"
    lines = index.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    extra = {"file": "page.html", "published": "2024-02-03", "language": "fr", "note": "a note"}
    lines.append(",".join(extra.get(h.strip(), "") for h in header))
    lines.append(",".join({"file": "empty.txt", "published": "2024-02-03"}.get(h.strip(), "")
                          for h in header))  # fmt: skip
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")

    plain: list[object] = []
    for row in _read_index(index, set()):
        if not hasattr(row, "file"):
            plain.append(row)
            continue
        try:
            article = read_article(
                folder / row.file, published=row.published, outlet=row.outlet, url=row.url
            )
        except Exception as exc:
            plain.append(exc)
            continue
        plain.append(dataclasses.replace(article, language=row.language, note=row.note))
    for name in ("unlisted.txt",):
        plain.append(read_article(folder / name))
    got = list(iter_articles([folder]))
    assert [repr(x) for x in got] == [repr(x) for x in plain]
    assert any(getattr(a, "note", "") == "a note" for a in got)
    assert sum(isinstance(a, Article) for a in got) >= 7


def test_a_rule_is_compiled_when_a_text_first_holds_its_anchors() -> None:
    """Deferred: nothing compiled for a text without the anchors; then the re.compile matches."""
    import re

    from gazetteer.extract.grammar.clock import _ClockGrammar
    from gazetteer.extract.grammar.date_rules import _grammar
    from gazetteer.extract.grammar.date_words import anchored_matches
    from gazetteer.text.normalize import normalise

    grammar = _ClockGrammar(_grammar())  # a fresh one: nothing compiled yet
    clock, _ = grammar.time_rules
    quiet = normalise("\u0627\u062c\u062a\u0645\u0639 \u0627\u0644\u0648\u0632\u0631\u0627\u0621")
    assert list(anchored_matches(quiet, clock, grammar.clock_anchors, grammar.clock_also)) == []
    assert clock._compiled is None
    text = normalise(
        "\u0641\u064a \u0627\u0644\u0633\u0627\u0639\u0629 10:30 \u0635\u0628\u0627\u062d\u0627"
    )
    found = [
        m.span() for m in anchored_matches(text, clock, grammar.clock_anchors, grammar.clock_also)
    ]
    assert clock._compiled is not None and found
    plain = re.compile(clock.pattern)
    assert [m.span() for m in clock.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for pos in range(len(text)):
        got, want = clock.match(text, pos), plain.match(text, pos)
        assert (got and got.span()) == (want and want.span()), pos
