"""The ``atlas`` command line: registry, extract/events/geocode, errors without tracebacks."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import types
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dashboard import cli
from dashboard.commands import Command, load_commands, register, registry
from dashboard.commands.geocode import SITE_FIELDS
from gazetteer.records import Article, Event, Incident, Site

DATA = Path(__file__).parent / "data" / "articles"
TEXTS: dict[str, str] = {
    k: v for k, v in json.loads((DATA / "texts.json").read_text("utf-8")).items() if k[0] != "_"
}
AR = TEXTS["arabic"]
TWO = TEXTS["arabic_two_lines"]
#: A line the fake extractor reads as "no incident here".
NOTHING = "\u0644\u0627 \u0634\u064a\u0621"  # لا شيء
ATLAS = Path(sys.executable).with_name("atlas")
INCIDENT_KEYS = {
    "article", "site", "lat", "lon", "geo_precision", "date_start", "date_end", "date_precision",
    "time", "weapon", "count", "killed", "injured", "casualties", "actor", "new", "outlet",
    "cited", "quote", "span", "summary_en",
}  # fmt: skip

SITE = Site(
    key="test-site",
    name_en="Test Site",
    name_ar="\u0645\u0648\u0642\u0639",  # موقع
    kind="base",
    country="Syria",
    governorate="Deir ez-Zor",
    lat=35.0,
    lon=40.5,
)


# ---------------------------------------------------------------- fakes of the pipeline


class FakeGazetteerError(ValueError):
    """Stands for gazetteer.places.loading.GazetteerError."""


class FakeGazetteer:
    """Knows one site under two names."""

    names = ("\u0645\u0648\u0642\u0639", "test site")  # موقع

    def geocode(self, name: str) -> Site | None:
        return SITE if name.strip().lower() in self.names else None


def fake_extract(article: Article, gazetteer: FakeGazetteer) -> list[Incident]:
    """One incident per non-empty line of the article, except lines that say NOTHING."""
    assert isinstance(gazetteer, FakeGazetteer)
    found = []
    offset = 0
    for line in article.text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if not line.strip() or line.strip() == NOTHING:
            continue
        found.append(
            Incident(
                article=article.id,
                site=SITE.key,
                site_name=SITE.name_en,
                lat=SITE.lat,
                lon=SITE.lon,
                geo_precision=1,
                date_start=article.published,
                date_end=article.published,
                date_precision="day" if article.published else "unknown",
                time=None,
                weapon=("rocket",),
                count=len(found) + 1,
                killed=None,
                injured=None,
                casualties="unknown",
                casualty_note="",
                actor=None,
                target=None,
                new=True,
                outlet=article.outlet,
                cited=(),
                quote=line,
                span=(start, start + len(line)),
                summary_en=f"incident {len(found) + 1} of {article.id}",
            )
        )
    return found


def fake_merge(
    incidents: Iterable[Incident], gazetteer: FakeGazetteer | None = None
) -> list[Event]:
    """One event per date: enough to see that reports are grouped and printed with the event."""
    assert isinstance(gazetteer, FakeGazetteer)
    groups: dict[date | None, list[Incident]] = defaultdict(list)
    for incident in incidents:
        groups[incident.date_start].append(incident)
    events = []
    for day, reports in groups.items():
        first = reports[0]
        events.append(
            Event(
                id=f"event-{day}",
                **{
                    f.name: getattr(first, f.name)
                    for f in dataclasses.fields(Event)
                    if f.name not in ("id", "count_max", "killed_max", "injured_max")
                    and f.name not in ("outlets", "reports")
                    and hasattr(first, f.name)
                },
                count_max=max(r.count or 0 for r in reports),
                killed_max=None,
                injured_max=None,
                outlets=tuple(sorted({r.outlet for r in reports if r.outlet})),
                reports=tuple(reports),
            )
        )
    return events


@pytest.fixture
def pipeline(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Put fake gazetteer.places.loading, gazetteer.extract.reader and gazetteer.merge in place."""
    state: dict[str, Any] = {"loads": 0, "fail": None}

    def load_gazetteer() -> FakeGazetteer:
        state["loads"] += 1
        if state["fail"]:
            raise FakeGazetteerError(state["fail"])
        return FakeGazetteer()

    places = types.ModuleType("gazetteer.places.loading")
    places.load_gazetteer = load_gazetteer  # type: ignore[attr-defined]
    places.GazetteerError = FakeGazetteerError  # type: ignore[attr-defined]
    incidents = types.ModuleType("gazetteer.extract.reader")
    incidents.extract = fake_extract  # type: ignore[attr-defined]
    events = types.ModuleType("gazetteer.merge")
    events.merge_events = fake_merge  # type: ignore[attr-defined]
    for name, module in (
        ("gazetteer.places.loading", places),
        ("gazetteer.extract.reader", incidents),
        ("gazetteer.merge", events),
    ):
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delenv("ATLAS_MAX_ARTICLE_MB", raising=False)
    return state


# ---------------------------------------------------------------- the registry


def test_builtin_commands_registered() -> None:
    commands = load_commands()
    assert {"extract", "events", "geocode"} <= set(commands)
    for name, command in commands.items():
        assert command.name == name
        assert command.help
        parser = argparse.ArgumentParser()
        command.configure(parser)
        assert callable(command.run)


def test_register_refuses_a_second_command_with_the_same_name() -> None:
    load_commands()
    clash = Command("extract", "another", lambda p: None, lambda a: 0)
    with pytest.raises(ValueError, match="two commands are called 'extract'"):
        register(clash)
    assert registry()["extract"].help != "another"


def test_parser_runs_the_chosen_command(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("word")

    def run(args: argparse.Namespace) -> int:
        seen.append(args.word)
        return 7

    fake = {"echo": Command("echo", "repeat a word", configure, run)}
    monkeypatch.setattr(cli, "load_commands", lambda: fake)
    assert cli.main(["echo", "\u0642\u0635\u0641"]) == 7  # قصف
    assert seen == ["\u0642\u0635\u0641"]


# ---------------------------------------------------------------- extract and events, in process


def _materialise(root: Path, files: dict[str, str | bytes | None]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


SEEDS_CSV = (
    "file,published,outlet,url,language,note\n"
    "one.txt,2024-02-10,Outlet A,,ar,\n"
    "gone.txt,2024-02-11,Outlet A,,ar,\n"
    "two.txt,2021-02-30,Outlet B,,ar,\n"
    "three.txt,2024-02-12,Outlet B,,ar,\n"
)

CLI_CASES: list[dict[str, Any]] = [
    {
        "name": "extract_one_file_json_array",
        "files": {"a.txt": AR},
        "argv": ["extract", "{d}/a.txt", "--published", "2024-01-28", "--outlet", "Outlet"],
        "rc": 0,
        "records": [("a", "2024-01-28", "Outlet", AR)],
        "stderr": [],
    },
    {
        "name": "extract_jsonl_two_files",
        "files": {"a.txt": AR, "b.txt": TWO},
        "argv": ["extract", "--jsonl", "{d}/a.txt", "{d}/b.txt", "--published", "2024-01-29"],
        "rc": 0,
        "records": [("a", "2024-01-29", None, AR)]
        + [("b", "2024-01-29", None, line) for line in TWO.split("\n")],
        "stderr": [],
    },
    {
        "name": "extract_bad_files_batch_goes_on",
        "files": {
            "empty.txt": "",
            "blank.txt": "  \n \n",
            "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "a.txt": AR,
            "folder.txt": None,
        },
        "argv": [
            "extract",
            "{d}/empty.txt",
            "{d}/image.txt",
            "{d}/a.txt",
            "{d}/missing.txt",
            "{d}/blank.txt",
            "--published",
            "2024-01-28",
        ],
        "rc": 1,
        "records": [("a", "2024-01-28", None, AR)],
        "stderr": [
            "atlas: {d}/empty.txt: empty file",
            "atlas: {d}/image.txt: binary file (looks like a PNG image)",
            "atlas: {d}/missing.txt: no such file or folder",
            "atlas: {d}/blank.txt: only white space, no text",
        ],
    },
    {
        "name": "extract_windows_1256_and_utf16",
        "files": {"cp.txt": AR.encode("cp1256"), "u16.txt": AR.encode("utf-16")},
        "argv": ["extract", "{d}/cp.txt", "{d}/u16.txt", "--published", "2024-03-01"],
        "rc": 0,
        "records": [("cp", "2024-03-01", None, AR), ("u16", "2024-03-01", None, AR)],
        "stderr": [],
    },
    {
        "name": "extract_html_page_stripped",
        "files": {"p.html": f"<html><head><script>alert(1)</script></head><p>{AR}</p></html>"},
        "argv": ["extract", "{d}/p.html", "--published", "2024-03-01"],
        "rc": 0,
        "records": [("p", "2024-03-01", None, AR)],
        "stderr": [],
    },
    {
        "name": "extract_no_date_warns_but_succeeds",
        "files": {"a.txt": AR},
        "argv": ["extract", "{d}/a.txt"],
        "rc": 0,
        "records": [("a", None, None, AR)],
        "stderr": [
            "atlas: {d}/a.txt: no publication date; pass --published or add it to articles.csv"
        ],
    },
    {
        "name": "extract_article_without_incident",
        "files": {"quiet.txt": NOTHING},
        "argv": ["extract", "{d}/quiet.txt", "--published", "2024-03-01"],
        "rc": 0,
        "records": [],
        "stderr": [],
    },
    {
        "name": "extract_folder_with_bad_rows",
        "files": {
            "seeds/articles.csv": SEEDS_CSV,
            "seeds/one.txt": AR,
            "seeds/two.txt": TWO,
            "seeds/three.txt": TWO.split("\n")[0],
        },
        "argv": ["extract", "{d}/seeds"],
        "rc": 1,
        "records": [
            ("one", "2024-02-10", "Outlet A", AR),
            ("three", "2024-02-12", "Outlet B", TWO.split("\n")[0]),
        ],
        "stderr": [
            "atlas: {d}/seeds/articles.csv: row 3: field 'file': 'gone.txt' not found",
            "atlas: {d}/seeds/articles.csv: row 4: field 'published': '2021-02-30' is not a "
            "valid date (YYYY-MM-DD)",
        ],
    },
    {
        "name": "extract_too_large_over_setting",
        "env": {"ATLAS_MAX_ARTICLE_MB": "0.001"},
        "files": {"big.txt": AR * 20, "a.txt": "\u0642\u0635\u0641"},  # قصف
        "argv": ["extract", "{d}/big.txt", "{d}/a.txt", "--published", "2024-03-01"],
        "rc": 1,
        "records": [("a", "2024-03-01", None, "\u0642\u0635\u0641")],
        "stderr": ["atlas: {d}/big.txt: too large:", "set ATLAS_MAX_ARTICLE_MB to raise it"],
    },
    {
        "name": "extract_bad_setting_stops_cleanly",
        "env": {"ATLAS_MAX_ARTICLE_MB": "ten"},
        "files": {"a.txt": AR},
        "argv": ["extract", "{d}/a.txt", "--published", "2024-03-01"],
        "rc": 1,
        "records": None,
        "stderr": ["atlas: ATLAS_MAX_ARTICLE_MB='ten': expected float"],
    },
    {
        "name": "extract_broken_gazetteer",
        "gazetteer_fails": "sites.csv: row 3: lat out of range",
        "files": {"a.txt": AR},
        "argv": ["extract", "{d}/a.txt", "--published", "2024-03-01"],
        "rc": 1,
        "records": None,
        "stderr": ["atlas: sites.csv: row 3: lat out of range"],
    },
    {
        "name": "events_merge_reports",
        "files": {"a.txt": AR, "b.txt": TWO},
        "argv": ["events", "{d}/a.txt", "{d}/b.txt", "--published", "2024-04-01"],
        "rc": 0,
        "events": [("event-2024-04-01", ["a", "b", "b"])],
        "stderr": [],
    },
    {
        "name": "events_jsonl_from_folder_with_a_bad_row",
        "files": {
            "seeds/articles.csv": SEEDS_CSV,
            "seeds/one.txt": AR,
            "seeds/two.txt": TWO,
            "seeds/three.txt": TWO,
        },
        "argv": ["events", "--jsonl", "{d}/seeds"],
        "rc": 1,
        "events": [("event-2024-02-10", ["one"]), ("event-2024-02-12", ["three", "three"])],
        "stderr": ["row 3: field 'file'", "row 4: field 'published'"],
    },
    {
        "name": "events_all_files_bad",
        "files": {"empty.txt": ""},
        "argv": ["events", "{d}/empty.txt"],
        "rc": 1,
        "events": [],
        "stderr": ["atlas: {d}/empty.txt: empty file"],
    },
]


def _parse_output(out: str, jsonl: bool) -> list[dict[str, Any]]:
    if jsonl:
        return [json.loads(line) for line in out.splitlines()]
    parsed = json.loads(out)
    assert isinstance(parsed, list)
    return parsed


@pytest.mark.parametrize("case", CLI_CASES, ids=[c["name"] for c in CLI_CASES])
def test_cli_in_process(
    case: dict[str, Any],
    tmp_path: Path,
    pipeline: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, value)
    pipeline["fail"] = case.get("gazetteer_fails")
    _materialise(tmp_path, case["files"])
    argv = [a.replace("{d}", str(tmp_path)) for a in case["argv"]]

    rc = cli.main(argv)
    out, err = capsys.readouterr()

    assert rc == case["rc"]
    assert "Traceback" not in err
    if not case["stderr"]:
        assert err == ""
    for expected in case["stderr"]:
        assert expected.replace("{d}", str(tmp_path)) in err

    jsonl = "--jsonl" in argv
    if "records" in case:
        if case["records"] is None:
            assert out == ""
            return
        records = _parse_output(out, jsonl)
        got = [(r["article"], r["date_start"], r["outlet"], r["quote"]) for r in records]
        assert got == case["records"]
        for record in records:
            assert set(record) >= INCIDENT_KEYS
            assert isinstance(record["weapon"], list)
    else:
        events = _parse_output(out, jsonl)
        got = [(e["id"], [r["article"] for r in e["reports"]]) for e in events]
        assert got == case["events"]


def test_stderr_lines_match_failed_files(
    tmp_path: Path, pipeline: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Exactly one message per failing file, and the good files are all extracted."""
    _materialise(tmp_path, {"e1.txt": "", "e2.txt": "", "ok.txt": AR, "e3.txt": b"%PDF-1.4"})
    names = ["e1.txt", "ok.txt", "e2.txt", "e3.txt"]
    rc = cli.main(
        ["extract", "--jsonl", "--published", "2024-01-01"] + [str(tmp_path / n) for n in names]
    )
    out, err = capsys.readouterr()
    assert rc == 1
    assert [line.split(": ")[1] for line in err.splitlines()] == [
        str(tmp_path / n) for n in ("e1.txt", "e2.txt", "e3.txt")
    ]
    assert len(out.splitlines()) == 1
    assert pipeline["loads"] == 1


def test_gazetteer_not_loaded_when_nothing_reads(
    tmp_path: Path, pipeline: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _materialise(tmp_path, {"e.txt": ""})
    assert cli.main(["extract", str(tmp_path / "e.txt")]) == 1
    assert pipeline["loads"] == 0
    assert capsys.readouterr().out.strip() == "[]"


# ---------------------------------------------------------------- geocode, in process

GEOCODE_CASES = [
    (["geocode", "\u0645\u0648\u0642\u0639"], 0, None),  # موقع
    (["geocode", "Test", "Site"], 0, None),
    (["geocode", "nowhere"], 1, "atlas: no place matches 'nowhere'\n"),
    (
        ["geocode", "\u0645\u0643\u0627\u0646"],
        1,
        "atlas: no place matches '\u0645\u0643\u0627\u0646'\n",
    ),
]


@pytest.mark.parametrize(("argv", "rc", "err"), GEOCODE_CASES)
def test_geocode(
    argv: list[str],
    rc: int,
    err: str | None,
    pipeline: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(argv) == rc
    out, stderr = capsys.readouterr()
    if err is None:
        assert json.loads(out) == {f: getattr(SITE, f) for f in SITE_FIELDS}
        assert stderr == ""
    else:
        assert (out, stderr) == ("", err)


# ---------------------------------------------------------------- the real `atlas` program


def _atlas(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_")}
    environ.update(env or {})
    return subprocess.run(
        [str(ATLAS), *args], capture_output=True, text=True, env=environ, timeout=120, check=False
    )


USAGE_CASES = [
    ([], 2, "usage: atlas"),
    (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    (["extract"], 2, "the following arguments are required: PATH"),
    (["extract", "x.txt", "--published", "2021-02-30"], 2, "'2021-02-30' is not a valid date"),
    (["extract", "x.txt", "--published", "yesterday"], 2, "'yesterday' is not a valid date"),
    (["geocode"], 2, "the following arguments are required: NAME"),
    (["--version"], 0, "atlas 0.1.0"),
]


@pytest.mark.parametrize(("args", "rc", "message"), USAGE_CASES)
def test_real_atlas_usage_errors(args: list[str], rc: int, message: str) -> None:
    done = _atlas(args)
    assert done.returncode == rc
    assert message in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


BAD_FILE_CASES: list[tuple[str, dict[str, str | bytes | None], dict[str, str], list[str]]] = [
    (
        "empty, binary, missing, folder",
        {
            "empty.txt": "",
            "z.txt": b"PK\x03\x04" + bytes(40),
            "dir.txt": None,
            "noise.txt": bytes(range(256)) * 4,
        },
        {},
        [
            "atlas: {d}/empty.txt: empty file",
            "atlas: {d}/z.txt: binary file (looks like a ZIP archive",
            "atlas: {d}/dir.txt: no articles: no articles.csv and no .txt or .html files",
            "atlas: {d}/noise.txt: binary file (contains NUL bytes",
            "atlas: {d}/missing.txt: no such file or folder",
        ],
    ),
    (
        "20 MB file over the default limit",
        {"huge.txt": b""},  # grown to 20 MB (sparse) below
        {},
        [
            "atlas: {d}/huge.txt: too large: 20.0 MB is over the 10 MB limit; "
            "set ATLAS_MAX_ARTICLE_MB to raise it"
        ],
    ),
    (
        "folder with bad articles.csv",
        {
            "seeds/articles.csv": "file,outlet\none.txt,x\n",
            "seeds/one.txt": "",
        },
        {},
        [
            "atlas: {d}/seeds/articles.csv: header: missing column 'published'",
            "atlas: {d}/seeds/one.txt: empty file",
        ],
    ),
    (
        "setting that is not a number",
        {"a.txt": "x"},
        {"ATLAS_MAX_ARTICLE_MB": "lots"},
        ["atlas: ATLAS_MAX_ARTICLE_MB='lots': expected float"],
    ),
]


@pytest.mark.parametrize(
    ("case", "files", "env", "messages"), BAD_FILE_CASES, ids=[c[0] for c in BAD_FILE_CASES]
)
def test_real_atlas_bad_files(
    tmp_path: Path,
    case: str,
    files: dict[str, str | bytes | None],
    env: dict[str, str],
    messages: list[str],
) -> None:
    _materialise(tmp_path, files)
    huge = tmp_path / "huge.txt"
    if huge.exists():
        with huge.open("r+b") as fh:
            fh.truncate(20 * 1024 * 1024)
    paths = [str(tmp_path / n) for n in files if "/" not in n]
    if "seeds/articles.csv" in files:
        paths.append(str(tmp_path / "seeds"))
    if case.startswith("empty"):
        paths.append(str(tmp_path / "missing.txt"))
    done = _atlas(["extract", *paths, "--published", "2024-01-01"], env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    for message in messages:
        assert message.replace("{d}", str(tmp_path)) in done.stderr
    assert json.loads(done.stdout or "[]") == []


# ---------------------------------------------------------------- end to end, real pipeline

#: An article written for this test: three rockets on the al-Omar base, yesterday evening.
E2E_ARTICLE = DATA / "omar_rockets.txt"


def test_real_extract_end_to_end() -> None:
    text = E2E_ARTICLE.read_text(encoding="utf-8").strip()
    done = _atlas(["extract", str(E2E_ARTICLE), "--published", "2024-02-05", "--outlet", "Mine"])
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    incidents = json.loads(done.stdout)
    for incident in incidents:
        assert set(incident) >= INCIDENT_KEYS
        assert (incident["article"], incident["outlet"]) == ("omar_rockets", "Mine")
        start, end = incident["span"]
        assert text[start:end] == incident["quote"]
    omar = [i for i in incidents if i["site"] == "al-omar"]
    assert len(omar) == 1
    assert "rocket" in omar[0]["weapon"]
    assert omar[0]["date_start"] <= "2024-02-04" <= omar[0]["date_end"] <= "2024-02-05"


def test_real_geocode_end_to_end() -> None:
    name = "\u062d\u0642\u0644 \u0627\u0644\u0639\u0645\u0631"  # حقل العمر
    done = _atlas(["geocode", name])
    assert done.returncode == 0, done.stderr
    site = json.loads(done.stdout)
    assert list(site) == list(SITE_FIELDS)
    assert site["key"] == "al-omar"
    assert 34.5 < site["lat"] < 35.5
    assert 40.0 < site["lon"] < 41.0
    missing = _atlas(["geocode", "nowhere-at-all"])
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == "atlas: no place matches 'nowhere-at-all'\n"


@pytest.mark.parametrize("broken", [0, 1, 2])
def test_an_extractor_bug_on_one_article_names_it_and_the_batch_goes_on(
    tmp_path: Path,
    pipeline: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    broken: int,
) -> None:
    """An article that makes the extractor raise: one message naming it, exit 1, others out."""
    names = ["a.txt", "b.txt", "c.txt"]
    _materialise(tmp_path, dict.fromkeys(names, AR))

    def flaky(article: Article, gazetteer: FakeGazetteer) -> list[Incident]:
        if article.id == Path(names[broken]).stem:
            raise IndexError("list index out of range")
        return fake_extract(article, gazetteer)

    monkeypatch.setattr(sys.modules["gazetteer.extract.reader"], "extract", flaky)
    paths = [str(tmp_path / n) for n in names]
    rc = cli.main(["extract", "--jsonl", "--published", "2024-01-01", *paths])
    out, err = capsys.readouterr()
    assert rc == 1
    (line,) = err.splitlines()
    assert str(tmp_path / names[broken]) in line
    assert "IndexError: list index out of range" in line
    articles = {json.loads(x)["article"] for x in out.splitlines()}
    assert articles == {Path(n).stem for i, n in enumerate(names) if i != broken}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://atlas:secret@db.example:5432/atlas", "postgresql://atlas:secret@db.example:5432/atlas"),
        ("postgresql://u@127.0.0.1/atlas?sslmode=disable", "postgresql://u@127.0.0.1/atlas?sslmode=disable"),
        ("data/atlas.gpkg", str((Path.cwd() / "data" / "atlas.gpkg").resolve())),
        ("~/atlas.gpkg", str((Path.home() / "atlas.gpkg").resolve())),
    ],
)
def test_serve_keeps_a_url_and_makes_a_path_absolute(given: str, expected: str) -> None:
    """The server runs in the project folder: paths are resolved first, URLs never touched."""
    from dashboard.commands.serve import _store_location

    assert _store_location(given) == expected



STORE_COMMANDS = ["check", "export", "ingest", "serve", "watch"]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser(load_commands())
    (subs,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(subs.choices)


@pytest.mark.parametrize("name", STORE_COMMANDS)
def test_every_store_command_takes_the_same_db_argument(name: str) -> None:
    (db,) = [a for a in _subparsers()[name]._actions if "--db" in a.option_strings]
    assert (db.metavar, db.default) == ("PATH|URL", None)
    assert db.help is not None and "postgresql:// URL" in db.help and "ATLAS_DB" in db.help


def test_the_store_commands_are_every_command_with_a_db_argument() -> None:
    subs = _subparsers()
    with_db = [n for n, p in subs.items() if any("--db" in a.option_strings for a in p._actions)]
    assert sorted(with_db) == STORE_COMMANDS
