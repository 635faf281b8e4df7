"""The store: one interface, two backends (a GeoPackage file and PostgreSQL+PostGIS).

- :mod:`.interface`: the :class:`~.interface.Store` protocol, its errors, ``open_store``;
- :mod:`.schema`: the one definition of the event table and of every layer;
- :mod:`.rows`: rows to records and back (SQL-free, shared);
- :mod:`.corrections`: analysts' corrections, checked on save and applied on read (shared);
- :mod:`.sql`: the queries both SQL backends run the same way, over a small dialect;
- :mod:`.geopackage`: the GeoPackage backend (only its own queries); :mod:`.gpkg_file` its
  file plumbing on a plain sqlite3 connection;
- :mod:`.postgis`: the PostgreSQL+PostGIS backend (only its own queries);
- :mod:`.remerge`: which reports to merge again after a change, and the events replaced.

A new backend is one module here: a subclass of :class:`~.sql.SQLStore` that fills in the
dialect hooks and its connection, or any class that implements the interface.
"""
