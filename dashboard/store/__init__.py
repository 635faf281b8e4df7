"""The store: one interface, two backends (a GeoPackage file and PostgreSQL+PostGIS).

- :mod:`.geopackage`: the :class:`Store` interface, ``open_store`` and the GeoPackage backend;
- :mod:`.gpkg_file`: GeoPackage plumbing on a plain sqlite3 connection;
- :mod:`.postgis`: the PostgreSQL+PostGIS backend.

A new backend is one module here that implements the interface's queries.
"""
