# The README's two commands: `make serve` and `make test`. Each installs what is missing first.
# Everything installs into this folder (.venv/, node_modules/) except the system packages of .ci/install-system-packages.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: install serve build dist test test-fast system

## serve: install everything, build, and preview the site at http://127.0.0.1:8000/ with live reload
serve: install
	$(PY) build.py serve

## build: install everything and build the complete site into site/
build: install
	$(PY) build.py

## dist: the site to publish, into site/; needs SITE_URL=https://your.host/path/ (refuses none or a placeholder)
dist: install
	$(PY) build.py dist

# One pytest worker per core (WORKERS=3 make test: another number); a group of tests (a file, or the files sharing
# one visit per page) to a worker, in the order tests/conftest.py gives (pytest_collection_modifyitems; its
# GroupScheduling hands the groups out, as xdist's own loadgroup no longer does under pytest 9.2).
WORKERS ?= auto
PARALLEL := -n $(WORKERS) --dist loadgroup --no-loadscope-reorder

## test: install everything (Chromium included) and run every test, style checks (ruff, mypy) included; prints
## the 25 slowest, so that a test that grows slow is seen (the whole run must stay within six minutes)
test: system install
	$(PY) -m pytest $(PARALLEL) --durations=25

## test-fast: the quick local lane: engine, data, pages and style; no browser, Pyodide, quality gates or full build
test-fast: install
	$(PY) -m pytest $(PARALLEL) -m "not browser and not pyodide and not quality and not site"

install: $(VENV)/.installed $(VENV)/.project node_modules/.installed

system:
	bash .ci/install-system-packages

# Reinstalled only when a lock file changes.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

# The project itself, editable, so that MkDocs finds the site's plugin by its entry point (pyproject.toml): no
# dependencies (requirements.txt has them) and no build isolation (its pinned setuptools builds it, offline).
$(VENV)/.project: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@
