"""GeoPackage plumbing on a plain :mod:`sqlite3` connection.

Writes and checks the parts of an OGC GeoPackage (version 1.4) that a vector store needs: the
``application_id`` and ``user_version`` pragmas, the core tables ``gpkg_spatial_ref_sys``,
``gpkg_contents`` and ``gpkg_geometry_columns``, feature and attribute tables registered in
them, and geometry blobs (the GeoPackage binary header followed by WKB written by shapely).

No spatial index (``gpkg_rtree_index``) is written: its triggers call SQL functions such as
``ST_IsEmpty`` that only GDAL or SpatiaLite provide, so a plain :mod:`sqlite3` connection could
no longer insert rows. GDAL and QGIS read the tables without it.

Table and column names are module constants, never user input; every value goes to SQLite as
a bound parameter.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS

from gazetteer.errors import StoreError

#: ``PRAGMA application_id`` of a GeoPackage: the bytes ``GPKG``.
APPLICATION_ID = 0x47504B47
#: Older GeoPackage application ids (1.0 and 1.1) that are still accepted when opening.
LEGACY_APPLICATION_IDS = (0x47503130, 0x47503131)
#: ``PRAGMA user_version`` written: GeoPackage 1.4.0.
USER_VERSION = 10400
#: The CRS of every layer here: WGS 84 longitude/latitude.
SRS_ID = 4326

_SQLITE_MAGIC = b"SQLite format 3\x00"
_GP_MAGIC = b"GP"
_FLAG_LITTLE_ENDIAN = 0x01
_FLAG_EMPTY = 0x10
_ENVELOPE_XY = 1
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

#: Column types the GeoPackage specification allows for attributes.
COLUMN_TYPES = frozenset(
    {
        "BOOLEAN",
        "TINYINT",
        "SMALLINT",
        "MEDIUMINT",
        "INT",
        "INTEGER",
        "FLOAT",
        "DOUBLE",
        "REAL",
        "TEXT",
        "BLOB",
        "DATE",
        "DATETIME",
    }
)

_CORE_TABLES = (
    """CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL PRIMARY KEY,
        organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL,
        definition TEXT NOT NULL,
        description TEXT
    )""",
    f"""CREATE TABLE IF NOT EXISTS gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY,
        data_type TEXT NOT NULL,
        identifier TEXT UNIQUE,
        description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT ({_NOW}),
        min_x DOUBLE,
        min_y DOUBLE,
        max_x DOUBLE,
        max_y DOUBLE,
        srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
    )""",
    """CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
        table_name TEXT NOT NULL,
        column_name TEXT NOT NULL,
        geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL,
        z TINYINT NOT NULL,
        m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
    )""",
)


class NotGeoPackage(StoreError):
    """The file is not a usable GeoPackage; the message says why (without the path)."""


def quote(identifier: str) -> str:
    """Quote an SQL identifier (a table or column name from this package's constants)."""
    return '"' + identifier.replace('"', '""') + '"'


def check_file(path: Path) -> None:
    """Check the SQLite header of ``path`` before SQLite opens it.

    A missing or empty file passes (it becomes a new GeoPackage). The header's page size and
    page count tell the database size, so a truncated copy is caught here instead of as a
    ``database disk image is malformed`` error in the middle of some later query.

    Raises
    ------
    NotGeoPackage
        When the file is not an SQLite database or is shorter than its header says.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise NotGeoPackage("it is a folder")
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(_SQLITE_MAGIC):
        raise NotGeoPackage("not an SQLite database")
    if len(header) < 100:
        raise NotGeoPackage(f"truncated: {size} bytes, shorter than the SQLite header")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if page_size < 512 or page_size & (page_size - 1):
        raise NotGeoPackage(f"corrupted SQLite header (page size {page_size})")
    if valid_for == change_counter and page_count and size < page_count * page_size:
        raise NotGeoPackage(
            f"truncated: {size} bytes, the header says {page_count * page_size} bytes"
        )


def check_connection(conn: sqlite3.Connection) -> bool:
    """Check that an open SQLite database is a GeoPackage, or still blank.

    Returns
    -------
    bool
        True when the database is a GeoPackage, False when it holds no table at all (a new
        file, to be initialised with :func:`initialise`).

    Raises
    ------
    NotGeoPackage
        When SQLite cannot read it, or it holds tables but is not a GeoPackage.
    """
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise NotGeoPackage(str(exc)) from exc
    if app_id == 0 and not names:
        return False
    if app_id != APPLICATION_ID and app_id not in LEGACY_APPLICATION_IDS:
        raise NotGeoPackage(
            f"application_id 0x{app_id & 0xFFFFFFFF:08X}, expected 0x{APPLICATION_ID:08X} 'GPKG'"
        )
    missing = {"gpkg_spatial_ref_sys", "gpkg_contents"} - names
    if missing:
        raise NotGeoPackage("missing table " + ", ".join(sorted(missing)))
    return True


def integrity_problem(conn: sqlite3.Connection, tables: Iterable[str]) -> str | None:
    """Read a little of every table to surface damaged pages early.

    The first and the last row of each table: the pages from its root to both ends, a cost
    that does not grow with the table (the whole file is checked by ``PRAGMA quick_check``).

    Returns
    -------
    str or None
        SQLite's error message, or None when every table could be read.
    """
    try:
        for table in tables:
            for order in ("ASC", "DESC"):
                conn.execute(
                    f"SELECT * FROM {quote(table)} ORDER BY fid {order} LIMIT 1"
                ).fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None


def initialise(conn: sqlite3.Connection) -> None:
    """Turn a blank database into an empty GeoPackage (pragmas, core tables, CRS rows).

    Idempotent: tables and rows that exist are kept.
    """
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION:d}")
    for statement in _CORE_TABLES:
        conn.execute(statement)
    wkt = CRS.from_epsg(SRS_ID).to_wkt("WKT1_GDAL")
    rows = [
        ("WGS 84 geodetic", SRS_ID, "EPSG", SRS_ID, wkt, "longitude/latitude coordinates"),
        ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian SRS"),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic SRS"),
    ]
    conn.executemany(
        "INSERT OR IGNORE INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization,"
        " organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def _columns_sql(columns: Sequence[tuple[str, str]]) -> str:
    parts = []
    for name, kind in columns:
        base = kind.split()[0].upper()
        if base not in COLUMN_TYPES:
            raise ValueError(f"column {name!r}: type {kind!r} is not a GeoPackage type")
        parts.append(f"{quote(name)} {kind}")
    return ", ".join(parts)


def create_table(
    conn: sqlite3.Connection,
    name: str,
    columns: Sequence[tuple[str, str]],
    *,
    description: str = "",
    geometry: str | None = None,
    constraints: Sequence[str] = (),
) -> None:
    """Create a feature table (with ``geometry``) or an attribute table and register it.

    Parameters
    ----------
    conn : sqlite3.Connection
        An initialised GeoPackage.
    name : str
        Table name (also its identifier in ``gpkg_contents``).
    columns : sequence of (name, type)
        Attribute columns after the ``fid`` primary key; types from :data:`COLUMN_TYPES`,
        optionally followed by constraints (``TEXT NOT NULL UNIQUE``).
    description : str
        Human-readable description shown by GIS software.
    geometry : str, optional
        Geometry type name (``POINT``); the column is called ``geom`` and uses EPSG:4326.
    constraints : sequence of str
        Table constraints (``UNIQUE (a, b)``, ``FOREIGN KEY ...``).
    """
    body = ['"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL']
    if geometry:
        body.append(f'"geom" {geometry.upper()}')
    body.append(_columns_sql(columns))
    body.extend(constraints)
    conn.execute(f"CREATE TABLE IF NOT EXISTS {quote(name)} ({', '.join(body)})")
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description,"
        " srs_id) VALUES (?, ?, ?, ?, ?)",
        (
            name,
            "features" if geometry else "attributes",
            name,
            description,
            SRS_ID if geometry else None,
        ),
    )
    if geometry:
        conn.execute(
            "INSERT OR IGNORE INTO gpkg_geometry_columns (table_name, column_name,"
            " geometry_type_name, srs_id, z, m) VALUES (?, 'geom', ?, ?, 0, 0)",
            (name, geometry.upper(), SRS_ID),
        )


def table_columns(conn: sqlite3.Connection, name: str) -> set[str]:
    """Column names of a table (empty when the table does not exist)."""
    return {row[1] for row in conn.execute(f"PRAGMA table_info({quote(name)})")}


def last_fids(conn: sqlite3.Connection, tables: Iterable[str]) -> dict[str, int]:
    """The largest ``fid`` of each table (0 when empty): rows added later have larger ones."""
    return {
        table: int(conn.execute(f"SELECT COALESCE(MAX(fid), 0) FROM {quote(table)}").fetchone()[0])
        for table in tables
    }


def touch(
    conn: sqlite3.Connection,
    tables: Iterable[str],
    extent_columns: dict[str, tuple[str, str]] | None = None,
    since: dict[str, int] | None = None,
) -> None:
    """Record a change to ``tables`` in ``gpkg_contents``: time of change and layer extent.

    Parameters
    ----------
    conn : sqlite3.Connection
        The GeoPackage, inside the writing transaction.
    tables : iterable of str
        Tables that changed.
    extent_columns : dict, optional
        Table name to its (x, y) coordinate columns; the bounding box is computed from them.
    since : dict, optional
        Table name to its largest ``fid`` before the change (:func:`last_fids`): the stored
        box is widened by the rows added since (a short scan, however large the table); rows
        deleted do not shrink it, so it always holds every point. Without it, or when no box
        is stored yet, the box is computed from the whole table.
    """
    extent_columns = extent_columns or {}
    since = since or {}
    for table in tables:
        conn.execute(
            f"UPDATE gpkg_contents SET last_change = {_NOW} WHERE table_name = ?", (table,)
        )
        if table in extent_columns:
            x, y = (quote(c) for c in extent_columns[table])
            stored = conn.execute(
                "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?",
                (table,),
            ).fetchone()
            scan = f"SELECT MIN({x}), MIN({y}), MAX({x}), MAX({y}) FROM {quote(table)}"
            if table in since and stored is not None and None not in stored:
                added = conn.execute(scan + " WHERE fid > ?", (since[table],)).fetchone()
                box = _union(tuple(stored), tuple(added))
            else:
                box = tuple(conn.execute(scan).fetchone())
            conn.execute(
                "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?"
                " WHERE table_name = ?",
                (*box, table),
            )


def _union(a: tuple, b: tuple) -> tuple:
    """The box holding two (min_x, min_y, max_x, max_y) boxes (either may be all None)."""
    if None in b:
        return a
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def point_blobs(lon: Sequence[float | None], lat: Sequence[float | None]) -> list[bytes | None]:
    """GeoPackage geometry blobs for points; None where a coordinate is missing.

    Parameters
    ----------
    lon, lat : sequence of float or None
        Longitudes and latitudes (WGS 84), same length.

    Returns
    -------
    list of bytes or None
        One blob per point, ready for the ``geom`` column.
    """
    x = np.array([np.nan if v is None else v for v in lon], dtype="float64")
    y = np.array([np.nan if v is None else v for v in lat], dtype="float64")
    missing = np.isnan(x) | np.isnan(y)
    points: Any = shapely.points(np.where(missing, 0.0, x), np.where(missing, 0.0, y))
    placed: Any = np.where(missing, None, points)
    return geometry_blobs(placed)


def geometry_blobs(geoms: Sequence[shapely.Geometry | None]) -> list[bytes | None]:
    """GeoPackage geometry blobs (standard binary, little-endian) for shapely geometries.

    Points carry no envelope (as GDAL writes them); other geometries carry an XY envelope.
    Empty geometries set the header's empty flag; None stays None (SQL NULL).
    """
    array = np.asarray(geoms, dtype=object)
    wkb = shapely.to_wkb(array, byte_order=1, output_dimension=2)
    bounds = shapely.bounds(array)
    out: list[bytes | None] = []
    for geom, body, box in zip(array, wkb, bounds, strict=True):
        if geom is None:
            out.append(None)
            continue
        flags = _FLAG_LITTLE_ENDIAN
        envelope = b""
        if shapely.is_empty(geom):
            flags |= _FLAG_EMPTY
        elif shapely.get_type_id(geom) != 0:
            flags |= _ENVELOPE_XY << 1
            envelope = struct.pack("<4d", box[0], box[2], box[1], box[3])
        out.append(_GP_MAGIC + struct.pack("<BBi", 0, flags, SRS_ID) + envelope + body)
    return out


def parse_blob(blob: bytes) -> tuple[int, shapely.Geometry]:
    """Read a GeoPackage geometry blob.

    Returns
    -------
    (int, shapely.Geometry)
        The header's srs_id and the geometry.

    Raises
    ------
    ValueError
        When the blob has no ``GP`` magic, an unknown version or envelope code.
    """
    if len(blob) < 8 or blob[:2] != _GP_MAGIC:
        raise ValueError("not a GeoPackage geometry blob (no 'GP' magic)")
    version, flags = blob[2], blob[3]
    if version != 0:
        raise ValueError(f"GeoPackage blob version {version} is not supported")
    order = "<" if flags & _FLAG_LITTLE_ENDIAN else ">"
    srs_id = struct.unpack(order + "i", blob[4:8])[0]
    envelope_code = (flags >> 1) & 0x07
    doubles = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}.get(envelope_code)
    if doubles is None:
        raise ValueError(f"GeoPackage blob has an invalid envelope code {envelope_code}")
    return srs_id, shapely.from_wkb(blob[8 + 8 * doubles :])
