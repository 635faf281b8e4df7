"""Point folium's JavaScript and CSS links at local copies, or inline them into the HTML.

The npm packages listed in ``dashboard/data/vendor.json`` (Leaflet and its plugins, with their
licences) are committed under ``dashboard/static/vendor`` and shipped in the package as package
data, so an installed package draws its map with nothing fetched at run time;
``tools/vendor.sh`` (``make assets``) refreshes them from npm after a pin changes, and
``tests/test_assets.py`` checks the copies against the pins and ``MANIFEST.json``. Streamlit
serves that folder at ``/app/static/vendor``. When files are missing anyway,
:func:`missing_assets` names them and :data:`MISSING_FIX` says what to do.
:func:`use_local_assets` rewrites the links of one map (or feature group)
and its children, per instance, so folium's class attributes stay untouched. For a standalone
HTML file that works offline, :func:`inline_assets` embeds the scripts, stylesheets, images and
fonts into the page.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from branca.element import Element
from folium.elements import JSCSSMixin

from gazetteer import errors as _errors

#: The vendored copies, shipped in the package (``make assets`` refreshes them).
VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"

#: Where Streamlit serves :data:`VENDOR_DIR` (``dashboard/static`` is served at ``/app/static``).
DEFAULT_BASE_URL = "/app/static/vendor"

SPEC_PATH = Path(__file__).resolve().parent.parent / "data" / "vendor.json"

_BASE_URL_RE = re.compile(r"^[A-Za-z0-9_.:/~%+-]*$")
_TAG_RE = re.compile(
    r'<script src="(?P<js>[^"]+)"></script>|<link rel="stylesheet" href="(?P<css>[^"]+)"\s*/?>'
)
_CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_TTF_FALLBACK_RE = re.compile(
    r""",\s*url\(\s*['"]?[^'")]+\.ttf['"]?\s*\)\s*format\(\s*['"]truetype['"]\s*\)"""
)
_MIME = {
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
}


#: What to do when vendored files are missing.
MISSING_FIX = (
    "reinstall incident-atlas (its wheel ships dashboard/static/vendor), or in a clone restore"
    " the folder with `git checkout -- dashboard/static/vendor` or rebuild it with `make assets`"
)


class AssetsError(_errors.MapError, RuntimeError):
    """A local asset is missing or unknown; the message names it and what to do."""


@dataclass(frozen=True)
class VendorSpec:
    """What ``dashboard/data/vendor.json`` says.

    Attributes
    ----------
    packages : dict
        npm package name -> pinned version.
    assets : dict
        folium link name -> path under the vendor folder.
    drop : dict
        folium link name -> why it is dropped when local assets are on.
    """

    packages: dict[str, str]
    assets: dict[str, str]
    drop: dict[str, str]


@cache
def load_spec(path: Path = SPEC_PATH) -> VendorSpec:
    """Read the vendoring spec.

    Parameters
    ----------
    path : Path
        The JSON file, ``dashboard/data/vendor.json`` by default.

    Returns
    -------
    VendorSpec
        Its packages, assets and dropped links.

    Raises
    ------
    AssetsError
        When the file is missing, is not JSON, or a section is not a string-to-string object.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise AssetsError(f"{path}: cannot read the vendoring spec: {exc}") from exc
    sections = {}
    for key in ("packages", "assets", "drop"):
        section = data.get(key) if isinstance(data, dict) else None
        if not isinstance(section, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in section.items()
        ):
            raise AssetsError(f"{path}: '{key}' must be an object of strings")
        sections[key] = dict(section)
    return VendorSpec(**sections)


def missing_assets(vendor_dir: Path | None = None) -> list[str]:
    """List the vendored files the map links to that are not on disk.

    Parameters
    ----------
    vendor_dir : Path, optional
        The vendor folder; :data:`VENDOR_DIR` (read at call time) by default.

    Returns
    -------
    list of str
        Paths under the vendor folder, in the order of ``vendor.json``'s ``assets``; empty
        when every file is there.
    """
    root = VENDOR_DIR if vendor_dir is None else vendor_dir
    return [rel for rel in load_spec().assets.values() if not (root / rel).is_file()]


def _check_base_url(base_url: str) -> str:
    if not _BASE_URL_RE.match(base_url):
        raise AssetsError(
            f"asset base URL {base_url!r}: only letters, digits and _ . : / ~ % + - are allowed"
        )
    return base_url.rstrip("/")


def local_assets(base_url: str = DEFAULT_BASE_URL) -> dict[str, str]:
    """Map folium's link names to local URLs.

    Parameters
    ----------
    base_url : str
        URL (or path) where the vendor folder is served.

    Returns
    -------
    dict
        Link name (``leaflet``, ``leaflet_css``, ``markerclusterjs`` ...) -> URL.

    Raises
    ------
    AssetsError
        When ``base_url`` holds characters that do not belong in a URL attribute.
    """
    base = _check_base_url(base_url)
    return {name: f"{base}/{rel}" for name, rel in load_spec().assets.items()}


def _walk(element: Element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def use_local_assets(element: Element, base_url: str = DEFAULT_BASE_URL) -> Element:
    """Point the JS and CSS links of an element and all its children at local copies.

    The lists are replaced on each instance, never on the class, so other maps built in the same
    process keep folium's defaults. Links listed under ``drop`` in ``vendor.json`` are removed.
    Call it after the last element has been added (it is idempotent).

    Parameters
    ----------
    element : branca.element.Element
        A ``folium.Map``, a ``folium.FeatureGroup`` or any element tree.
    base_url : str
        URL where the vendor folder is served.

    Returns
    -------
    Element
        The same element, for chaining.

    Raises
    ------
    AssetsError
        When an element links to an asset that has no local copy: add it to ``vendor.json``
        and run ``make assets``.
    """
    urls = local_assets(base_url)
    dropped = load_spec().drop
    for node in _walk(element):
        if not isinstance(node, JSCSSMixin):
            continue
        for attr in ("default_js", "default_css"):
            links = []
            for name, _url in getattr(node, attr):
                if name in dropped:
                    continue
                if name not in urls:
                    raise AssetsError(
                        f"{type(node).__name__} links to {name!r}, which has no local copy: "
                        f"add it to {SPEC_PATH.name} and run `make assets`"
                    )
                links.append((name, urls[name]))
            setattr(node, attr, links)
    return element


def _local_file(url: str, base: str, vendor_dir: Path) -> Path | None:
    if not url.startswith(base + "/"):
        return None
    root = vendor_dir.resolve()
    path = (root / url[len(base) + 1:]).resolve()
    if not path.is_relative_to(root):
        raise AssetsError(f"{url}: points outside {vendor_dir}")
    if not path.is_file():
        raise AssetsError(f"{url}: {path} does not exist; {MISSING_FIX}")
    return path


def _data_uri(path: Path) -> str:
    mime = _MIME.get(path.suffix.lower())
    if mime is None:
        raise AssetsError(f"{path}: no MIME type known for {path.suffix!r} files")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path, vendor_dir: Path) -> str:
    css = _TTF_FALLBACK_RE.sub("", path.read_text(encoding="utf-8"))
    root = vendor_dir.resolve()

    def replace(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#", "http:", "https:", "/")):
            return match.group(0)
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise AssetsError(f"{path}: url({ref}) does not resolve to a vendored file")
        return f'url("{_data_uri(target)}")'

    css = _CSS_URL_RE.sub(replace, css)
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


def inline_assets(
    html: str, base_url: str = DEFAULT_BASE_URL, vendor_dir: Path = VENDOR_DIR
) -> str:
    """Embed the local scripts and stylesheets of a rendered page, so it works offline.

    ``<script src>`` and ``<link rel="stylesheet">`` tags whose URL starts with ``base_url``
    are replaced by inline ``<script>`` and ``<style>`` elements; images and fonts the
    stylesheets refer to become ``data:`` URIs (Font Awesome's TrueType fallbacks are dropped,
    WOFF2 is kept). Other tags are left as they are.

    Parameters
    ----------
    html : str
        A page rendered by ``folium.Map.get_root().render()`` after :func:`use_local_assets`.
    base_url : str
        The base URL the page's links use.
    vendor_dir : Path
        The folder ``make assets`` filled.

    Returns
    -------
    str
        The self-contained page.

    Raises
    ------
    AssetsError
        When a linked file is missing (run ``make assets``) or a stylesheet refers to a file that
        is not vendored.
    """
    base = _check_base_url(base_url)
    root = vendor_dir.resolve()

    def replace(match: re.Match[str]) -> str:
        url = match.group("js") or match.group("css")
        path = _local_file(url, base, vendor_dir)
        if path is None:
            return match.group(0)
        label = path.relative_to(root).as_posix()
        if match.group("js"):
            code = re.sub(r"</(script)", r"<\\/\1", path.read_text(encoding="utf-8"),
                          flags=re.IGNORECASE)
            return f"<script>/* {label} */\n{code}\n</script>"
        return f"<style>/* {label} */\n{_inline_css(path, vendor_dir)}\n</style>"

    return _TAG_RE.sub(replace, html)
