# Tỉnh Số — two commands: `make run` (set up and serve the demo) and `make test` (set up and pass).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# python3.12 from PATH, else from pyenv's versions, else the usual system places.
PYTHON312 ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1 && { echo "$$p"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := DEBUG=$${DEBUG:-true} $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run test lint typecheck checks pytest browser-test assets lock messages messages-update schema clean

help:
	@echo "make run    set everything up, load the Lai Châu demo and serve http://$(HOST):$(PORT)"
	@echo "make test   set everything up and run lint, type checks and the whole test suite"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON312)" || { echo "python3.12 is required (Django 6 needs Python >= 3.12)"; exit 1; }
	test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Front-end libraries come from the npm registry (lockfile committed) and are served locally.
assets: node_modules/.installed
	mkdir -p static/vendor/htmx static/vendor/bootstrap static/vendor/echarts
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp node_modules/echarts/dist/echarts.min.js static/vendor/echarts/

messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

setup: $(VENV)/.installed assets messages
	mkdir -p var
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) createcachetable

run: setup
	$(MANAGE) load_demo
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) scripts/serve

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	DEBUG=true $(VENV)/bin/mypy

# The migration, schema and translation checks that must hold before tests mean anything.
checks: setup
	$(MANAGE) makemigrations --check --dry-run -v 0
	DEBUG=true PY=$(PY) scripts/check-translations
	$(MANAGE) check
	$(MANAGE) spectacular --lang en --file var/openapi.yaml --validate --fail-on-warn
	diff -u docs/api/openapi.yaml var/openapi.yaml || { echo "docs/api/openapi.yaml is stale: run 'make schema'"; exit 1; }
	# Production static files build (hashed names; every referenced file must exist).
	DEBUG=false SECRET_KEY=collectstatic-check-only STATIC_ROOT=var/static-check \
		$(PY) manage.py collectstatic --no-input --clear -v 0

pytest: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint typecheck checks pytest

browser-test: setup
	$(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

# Extract new strings into locale/vi for translating.
messages-update: $(VENV)/.installed
	$(MANAGE) makemessages -l vi --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=var

schema: setup
	$(MANAGE) spectacular --lang en --file docs/api/openapi.yaml --validate

# Re-pin the Python dependencies from requirements*.in (needs the registry).
lock:
	rm -rf var/lock-venv && $(PYTHON312) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Pinned runtime dependencies (from requirements.in). Regenerate with: make lock"; \
	  var/lock-venv/bin/pip freeze; } > requirements.txt
	var/lock-venv/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Pinned test and tooling dependencies (from requirements-dev.in). Regenerate with: make lock"; \
	  echo "-r requirements.txt"; var/lock-venv/bin/pip freeze | grep -v -x -F -f requirements.txt; } > requirements-dev.txt
	rm -rf var/lock-venv

clean:
	rm -rf $(VENV) node_modules static/vendor var
