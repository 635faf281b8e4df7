"""Reading articles safely: decoding, HTML, size limits, folders with articles.csv."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from gazetteer.articles import (
    ArticleError,
    article_from_text,
    decode_bytes,
    html_to_text,
    iter_articles,
    looks_arabic,
    looks_like_html,
    parse_published,
    read_article,
    read_folder,
)
from gazetteer.records import Article

DATA = Path(__file__).parent / "data" / "articles"
TEXTS: dict[str, str] = {
    k: v for k, v in json.loads((DATA / "texts.json").read_text("utf-8")).items() if k[0] != "_"
}
HTML_CASES = json.loads((DATA / "html_cases.json").read_text("utf-8"))
FOLDER_CASES = json.loads((DATA / "folder_cases.json").read_text("utf-8"))
AR = TEXTS["arabic"]
MIB = 1024 * 1024


# ---------------------------------------------------------------- decoding that must succeed


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("article.txt", AR)
    return buf.getvalue()


def _random_bytes(seed: int, n: int, low: int = 0, high: int = 256) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, high) for _ in range(n))


GOOD_ENCODINGS: list[tuple[str, str, Callable[[str], bytes]]] = [
    (key, name, encode)
    for key in TEXTS
    for name, encode in [
        ("utf-8", lambda s: s.encode("utf-8")),
        ("utf-8 with BOM", lambda s: s.encode("utf-8-sig")),
        ("utf-16 LE with BOM", lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
        ("utf-16 BE with BOM", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
        ("utf-16 LE without BOM", lambda s: s.encode("utf-16-le")),
        ("utf-16 BE without BOM", lambda s: s.encode("utf-16-be")),
        ("utf-32 with BOM", lambda s: s.encode("utf-32")),
        ("windows-1256", lambda s: s.encode("cp1256")),
    ]
] + [
    # ISO-8859-6 has no guillemets: only the texts without them.
    (key, "iso-8859-6", lambda s: s.encode("iso8859_6"))
    for key in ("arabic", "arabic_two_lines")
]


@pytest.mark.parametrize(
    ("key", "encoding", "encode"), GOOD_ENCODINGS, ids=[f"{k}-{n}" for k, n, _ in GOOD_ENCODINGS]
)
def test_decode_round_trips(key: str, encoding: str, encode: Callable[[str], bytes]) -> None:
    text = TEXTS[key]
    assert decode_bytes(encode(text), "x.txt") == text


# ---------------------------------------------------------------- decoding that must refuse

BAD_BYTES: list[tuple[str, bytes, str]] = [
    ("png", b"\x89PNG\r\n\x1a\n" + _random_bytes(1, 200), "binary file (looks like a PNG image)"),
    ("jpeg", b"\xff\xd8\xff\xe0" + _random_bytes(2, 200), "binary file (looks like a JPEG image)"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (looks like PDF)"),
    ("zip", _zip_bytes(), "binary file (looks like a ZIP archive"),
    ("random with NULs", b"\x00" + _random_bytes(3, 4000), "binary file (contains NUL bytes"),
    ("control characters", b"abc\x01\x02\x03\x04\x05def" * 20, "binary file (control characters"),
    ("high bytes only", _random_bytes(4, 3000, 0x80), "cannot tell the text encoding"),
    ("lying UTF-16 BOM", b"\xff\xfe" + b"\x00\xd8" + b"a\x00", "byte-order mark but is not valid"),
]


@pytest.mark.parametrize(("case", "data", "problem"), BAD_BYTES, ids=[c for c, _, _ in BAD_BYTES])
def test_decode_refuses(case: str, data: bytes, problem: str) -> None:
    with pytest.raises(ArticleError) as info:
        decode_bytes(data, "in/x.txt")
    assert info.value.path == "in/x.txt"
    assert str(info.value).startswith("in/x.txt: ")
    assert problem in info.value.problem


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize("case", HTML_CASES, ids=[c["name"] for c in HTML_CASES])
def test_html_to_text(case: dict) -> None:
    text = html_to_text(case["html"])
    assert text.split("\n") == case["lines"]
    for word in case["absent"]:
        assert word not in text
    if case["no_tags"]:
        assert not re.search(r"<[a-zA-Z/!?]", text)


LOOKS_LIKE_HTML = [
    ("<!doctype html><p>x</p>", True),
    ("<HTML lang='ar'>", True),
    ("<p>" + AR + "</p><p>" + AR + "</p>", True),
    ("<div class='a'>" + AR + "<br/>", True),
    (AR, False),
    (TEXTS["arabic_two_lines"], False),
    ("3 < 5 and 7 > 2", False),
    ("one <b> only", False),
]


@pytest.mark.parametrize(("text", "expected"), LOOKS_LIKE_HTML)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


# ---------------------------------------------------------------- dates

PUBLISHED = [
    ("2024-01-28", date(2024, 1, 28), None),
    (" 2024-02-29 ", date(2024, 2, 29), None),
    ("2021-02-30", None, "'2021-02-30' is not a valid date (YYYY-MM-DD)"),
    ("2023-02-29", None, "is not a valid date"),
    ("28/01/2024", None, "'28/01/2024' is not a valid date (YYYY-MM-DD)"),
    ("2024-1-28", None, "is not a valid date"),
    ("20240128", None, "is not a valid date"),
    ("2024-01-28T10:00", None, "is not a valid date"),
    ("\u0662\u0660\u0662\u0664-\u0660\u0661-\u0662\u0668", None, "is not a valid date"),
    ("", None, "empty; give the date as YYYY-MM-DD"),
    ("   ", None, "empty"),
]


@pytest.mark.parametrize(("value", "expected", "problem"), PUBLISHED)
def test_parse_published(value: str, expected: date | None, problem: str | None) -> None:
    if problem is None:
        assert parse_published(value) == expected
    else:
        with pytest.raises(ValueError, match=re.escape(problem)):
            parse_published(value)


# ---------------------------------------------------------------- read_article


def _write(tmp: Path, name: str, data: bytes | None) -> Path:
    path = tmp / name
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    return path


BAD_FILES: list[tuple[str, str, bytes | None, str]] = [
    ("empty", "empty.txt", b"", "empty file"),
    ("whitespace", "blank.txt", b" \n\t\r\n  \n", "only white space"),
    ("whitespace utf-16", "blank16.txt", "  \n ".encode("utf-16"), "only white space"),
    ("folder", "folder.txt", None, "is a folder, not an article file"),
    ("png", "photo.txt", b"\x89PNG\r\n\x1a\n" + _random_bytes(5, 100), "binary file"),
    ("zip", "archive.txt", _zip_bytes(), "binary file (looks like a ZIP archive"),
    ("nul bytes", "dump.txt", _random_bytes(6, 2000) + b"\x00\x00", "binary file"),
    ("html without text", "page.html", b"<html><script>alert(1)</script></html>", "no text left"),
]


@pytest.mark.parametrize(
    ("case", "name", "data", "problem"), BAD_FILES, ids=[c for c, *_ in BAD_FILES]
)
def test_read_article_refuses(
    tmp_path: Path, case: str, name: str, data: bytes | None, problem: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(f"{path}: ")
    assert problem in info.value.problem


def test_read_article_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(ArticleError, match=re.escape(f"{path}: no such file")):
        read_article(path)


GOOD_FILES: list[tuple[str, str, bytes, str]] = [
    ("utf-8", "a1.txt", AR.encode(), AR),
    ("crlf", "a2.txt", TEXTS["arabic_two_lines"].replace("\n", "\r\n").encode(), "two_lines"),
    ("windows-1256", "a3.txt", AR.encode("cp1256"), AR),
    ("utf-16 bom", "a4.txt", AR.encode("utf-16"), AR),
    ("utf-16 no bom", "a5.txt", AR.encode("utf-16-le"), AR),
    ("utf-8 bom", "a6.txt", AR.encode("utf-8-sig"), AR),
    ("html file", "a7.html", f"<p>{AR}</p><script>alert(1)</script>".encode(), AR),
    ("html in a .txt", "a8.txt", f"<html><body><p>{AR}</p></body></html>".encode(), AR),
    (
        "html in windows-1256",
        "a9.htm",
        f"<html><head><meta charset='windows-1256'></head><p>{AR}</p>".encode("cp1256"),
        AR,
    ),
    ("surrounding blank lines", "b1.txt", f"\n\n  {AR}  \n\n".encode(), AR),
]


@pytest.mark.parametrize(
    ("case", "name", "data", "expected"), GOOD_FILES, ids=[c for c, *_ in GOOD_FILES]
)
def test_read_article_reads(
    tmp_path: Path, case: str, name: str, data: bytes, expected: str
) -> None:
    path = _write(tmp_path, name, data)
    article = read_article(path, published="2024-01-28", outlet="Outlet", url="https://x.org/a")
    want = TEXTS["arabic_two_lines"] if expected == "two_lines" else expected
    assert article == Article(
        id=Path(name).stem,
        text=want,
        published=date(2024, 1, 28),
        outlet="Outlet",
        url="https://x.org/a",
        source_path=str(path),
    )


def test_read_article_bad_published_names_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", AR.encode())
    with pytest.raises(ArticleError, match=re.escape(f"{path}: published: '2021-02-30'")):
        read_article(path, published="2021-02-30")


def test_read_article_id_override(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", AR.encode())
    assert read_article(path, article_id="custom-7").id == "custom-7"


# ---------------------------------------------------------------- size limit


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20 MB article (valid UTF-8 Arabic text), written once."""
    path = tmp_path_factory.mktemp("big") / "huge.txt"
    line = (AR + "\n").encode()
    path.write_bytes(line * (20 * MIB // len(line) + 1))
    return path


SIZE_CASES = [
    # (env ATLAS_MAX_ARTICLE_MB, max_bytes, expected problem or None when it reads)
    (
        None,
        None,
        "too large: 20.0 MB is over the 10 MB limit; set ATLAS_MAX_ARTICLE_MB to raise it",
    ),
    (
        "15",
        None,
        "too large: 20.0 MB is over the 15 MB limit; set ATLAS_MAX_ARTICLE_MB to raise it",
    ),
    (None, 1 * MIB, "too large: 20.0 MB is over the 1 MB limit"),
    ("25", None, None),
    (None, 30 * MIB, None),
]


@pytest.mark.parametrize(("env", "max_bytes", "problem"), SIZE_CASES)
def test_size_limit(
    big_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: str | None,
    max_bytes: int | None,
    problem: str | None,
) -> None:
    if env is None:
        monkeypatch.delenv("ATLAS_MAX_ARTICLE_MB", raising=False)
    else:
        monkeypatch.setenv("ATLAS_MAX_ARTICLE_MB", env)
    if problem is None:
        article = read_article(big_file, max_bytes=max_bytes)
        assert article.text.startswith(AR)
        assert len(article.text.encode()) > 20 * MIB - len(AR.encode()) * 2
    else:
        with pytest.raises(ArticleError) as info:
            read_article(big_file, max_bytes=max_bytes)
        assert info.value.path == str(big_file)
        assert problem in info.value.problem


# ---------------------------------------------------------------- pasted text

PASTED = [
    ("plain", AR, AR),
    ("html", f"<div><p>{AR}</p><script>alert(1)</script></div>", AR),
    ("two lines", TEXTS["arabic_two_lines"], TEXTS["arabic_two_lines"]),
]


@pytest.mark.parametrize(("case", "text", "expected"), PASTED, ids=[c for c, *_ in PASTED])
def test_article_from_text(case: str, text: str, expected: str) -> None:
    article = article_from_text(text, published=date(2024, 5, 1), outlet="Paste")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    assert article.id == f"pasted-{digest}"
    assert article.text == expected
    assert (article.published, article.outlet, article.source_path) == (
        date(2024, 5, 1),
        "Paste",
        None,
    )
    assert article_from_text(text, published=None).id == article.id


PASTED_BAD = [
    ("", "pasted text: only white space"),
    ("  \n\t", "pasted text: only white space"),
    ("<p> </p><script>x()</script>", "pasted text: no text left after removing the HTML"),
    ("abc\x00def", "pasted text: binary data"),
]


@pytest.mark.parametrize(("text", "message"), PASTED_BAD)
def test_article_from_text_refuses(text: str, message: str) -> None:
    with pytest.raises(ArticleError, match=re.escape(message)):
        article_from_text(text, published=None)


def test_article_from_text_given_id() -> None:
    assert article_from_text(AR, published=None, article_id="mine").id == "mine"


# ---------------------------------------------------------------- folders and articles.csv


def _make_folder(root: Path, case: dict) -> Path:
    folder = root / "seeds"
    folder.mkdir()
    if case["csv"] is not None:
        (folder / "articles.csv").write_text(case["csv"], encoding="utf-8")
    for name, content in case["files"].items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", FOLDER_CASES, ids=[c["name"] for c in FOLDER_CASES])
def test_read_folder(tmp_path: Path, case: dict) -> None:
    folder = _make_folder(tmp_path, case)
    items = list(read_folder(folder))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ArticleError)]
    assert len(items) == len(articles) + len(errors)

    assert [a.id for a in articles] == [w["id"] for w in case["articles"]]
    for article, want in zip(articles, case["articles"], strict=True):
        published = want["published"] and date.fromisoformat(want["published"])
        assert article.published == published
        source = Path(article.source_path or "")
        assert (source.parent, source.stem) == (folder, article.id)
        content = case["files"][source.name]
        expected = html_to_text(content) if source.suffix == ".html" else content.strip()
        assert article.text == expected
        for field in ("outlet", "url", "language", "note"):
            if field in want:
                assert getattr(article, field) == want[field]

    assert len(errors) == len(case["errors"])
    for error, want in zip(errors, case["errors"], strict=True):
        expected_path = folder if want["file"] == "." else folder / want["file"]
        assert error.path == str(expected_path)
        assert error.problem.startswith(want["problem"])
        assert str(error) == f"{error.path}: {error.problem}"


def test_iter_articles_mixes_files_and_folders(tmp_path: Path) -> None:
    folder = _make_folder(
        tmp_path,
        {
            "csv": "file,published\nf.txt,2024-04-02\n",
            "files": {"f.txt": TEXTS["arabic_two_lines"]},
        },
    )
    single = _write(tmp_path, "single.txt", AR.encode())
    empty = _write(tmp_path, "empty.txt", b"")
    missing = tmp_path / "missing.txt"
    items = list(
        iter_articles([single, empty, folder, missing], published="2024-04-01", outlet="Solo")
    )
    assert [type(i).__name__ for i in items] == [
        "Article",
        "ArticleError",
        "Article",
        "ArticleError",
    ]
    first, bad, from_folder, gone = items
    assert (first.id, first.published, first.outlet) == ("single", date(2024, 4, 1), "Solo")
    assert str(bad) == f"{empty}: empty file"
    # The folder keeps the date of its articles.csv; the overrides are for single files.
    assert (from_folder.id, from_folder.published, from_folder.outlet) == (
        "f",
        date(2024, 4, 2),
        None,
    )
    assert str(gone) == f"{missing}: no such file or folder"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_read_article_refuses_a_named_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(ArticleError, match=re.escape(f"{pipe}: is not a regular file")):
        read_article(pipe)


# ---------------------------------------------------------------- issue 11: seeds, links, quotes

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
SEED_ENCODINGS: list[tuple[str, Callable[[str], bytes]]] = [
    ("cp1256", lambda s: s.encode("cp1256")),
    ("utf-16-le", lambda s: s.encode("utf-16-le")),
    ("utf-16-be", lambda s: s.encode("utf-16-be")),
    ("utf-16-le-bom", lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
    ("utf-16-be-bom", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name[:3] for s in SEEDS])
@pytest.mark.parametrize(("encoding", "encode"), SEED_ENCODINGS, ids=[e for e, _ in SEED_ENCODINGS])
def test_every_seed_decodes_in_cp1256_and_utf16(
    seed: Path, encoding: str, encode: Callable[[str], bytes]
) -> None:
    text = seed.read_text("utf-8")
    assert decode_bytes(encode(text), seed.name) == text


def test_seeds_are_there() -> None:
    assert len(SEEDS) == 5


VOCALISED = [
    # vowel marks (fatha, damma, kasra, shadda, sukun, tanwin) on every letter
    "\u0642\u064e\u0635\u064e\u0641\u064e"
    " \u0627\u0644\u0645\u064f\u062f\u064e\u0641\u0651\u064e\u0639\u064f"
    " \u0627\u0644\u0642\u064e\u0627\u0639\u0650\u062f\u064e\u0629\u064e"
    " \u0644\u064e\u064a\u0652\u0644\u064b\u0627.",
]


@pytest.mark.parametrize("text", VOCALISED)
def test_fully_vocalised_cp1256(text: str) -> None:
    assert decode_bytes(((text + "\n") * 20).encode("cp1256"), "v.txt") == (text + "\n") * 20


def test_latin1_text_is_not_taken_for_arabic() -> None:
    french = "L'arm\u00e9e a \u00e9t\u00e9 cibl\u00e9e pr\u00e8s de la base. " * 10
    decoded = decode_bytes(french.encode("cp1252"), "f.txt")
    assert not looks_arabic(decoded) and "L'arm\u00e9e a \u00e9t\u00e9 cibl\u00e9e" in decoded


def test_link_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("\u0633\u0631", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(AR, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "listed.txt").symlink_to(outside)
    (folder / "inner.txt").symlink_to(folder / "ok.txt")
    (folder / "articles.csv").write_text(
        "file,published\nlisted.txt,2024-01-01\ninner.txt,2024-01-02\n", encoding="utf-8"
    )
    items = list(read_folder(folder))
    errors = {Path(i.path).name: i.problem for i in items if isinstance(i, ArticleError)}
    texts = sorted(i.text for i in items if not isinstance(i, ArticleError))
    assert set(errors) == {"passwd.txt", "listed.txt"}
    assert all("outside the folder" in p and str(outside) in p for p in errors.values())
    assert texts == [AR, AR]  # ok.txt and inner.txt (a link inside the folder)


def test_articles_csv_linked_from_outside_is_not_read(tmp_path: Path) -> None:
    index = tmp_path / "elsewhere.csv"
    index.write_text("file,published\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "articles.csv").symlink_to(index)
    (folder / "a.txt").write_text(AR, encoding="utf-8")
    items = list(read_folder(folder))
    assert isinstance(items[0], ArticleError) and "outside the folder" in items[0].problem
    assert [i.text for i in items[1:]] == [AR]


BAD_QUOTES = [
    # articles.csv body, the row and field named
    ('a.txt,2024-01-01,"Al-Watan,,ar,"x\n', "row 2: field 'outlet': malformed quotes"),
    ('a.txt,"2024-01-01"z,Al-Watan\n', "row 2: field 'published': malformed quotes"),
    ('a.txt,2024-01-01,"Al-Watan\n', "row 2: field 'outlet': malformed quotes"),
]


@pytest.mark.parametrize(("body", "problem"), BAD_QUOTES)
def test_malformed_csv_quote_is_refused_by_row_and_field(
    tmp_path: Path, body: str, problem: str
) -> None:
    (tmp_path / "a.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "b.txt").write_text(AR + " 2", encoding="utf-8")
    csv_text = "file,published,outlet\n" + body
    if not body.count('"') % 2:
        csv_text += 'b.txt,2024-01-02,"Good, outlet"\n'
    (tmp_path / "articles.csv").write_text(csv_text, encoding="utf-8")
    items = list(read_folder(tmp_path))
    errors = [str(i) for i in items if isinstance(i, ArticleError)]
    assert errors == [f"{tmp_path / 'articles.csv'}: {problem} (a quoted field must end with a"
                      " quote followed by a comma or the end of the line; double a quote inside"
                      " it); row not read"]
    articles = [i for i in items if not isinstance(i, ArticleError)]
    assert all("Watan" not in (a.outlet or "") for a in articles)
    if not body.count('"') % 2:
        assert [(a.id, a.outlet) for a in articles] == [("b", "Good, outlet")]
