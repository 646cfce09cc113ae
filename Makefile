# fellesskap — the two set-up commands are `make demo` and `make test` (README).
# Everything a command needs is installed by the targets below; nothing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SEED   ?= 1
PYTEST_ARGS ?= -n 2

.PHONY: demo test install install-dev lint bench serve migrate static clean check-scenarios \
        browser gettext messages compilemessages screens pdf-deps serve-production loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/fellesskap migrate --noinput

## Front-end assets (Designsystemet, htmx, vega, axe-core) from the npm registry,
## copied into fellesskap/web/static/vendor/ (not committed); reruns only when
## the lock file or the copy script changes.
VENDOR_STAMP := fellesskap/web/static/vendor/.stamp
$(VENDOR_STAMP): frontend/package-lock.json frontend/scripts/copy-vendor.mjs
	npm ci --prefix frontend --no-audit --no-fund --loglevel=error
	node frontend/scripts/copy-vendor.mjs
	touch $@

static: $(VENDOR_STAMP)

## GNU gettext for makemessages/compilemessages, from Debian when missing.
gettext:
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)

## The catalogues (the project's and any app's own) compiled from their .po.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard fellesskap/locale/*/LC_MESSAGES/django.po fellesskap/*/locale/*/LC_MESSAGES/django.po))
fellesskap/%/django.mo: fellesskap/%/django.po | gettext
	msgfmt --check -o $@ $<

compilemessages: $(MO_FILES)

## Extract every msgid from code and templates into the .po files, then compile.
messages: install gettext
	$(BIN)/fellesskap update_messages
	$(MAKE) compilemessages

## Debian's chromium for the browser tests (never `playwright install`).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

## What WeasyPrint needs for every PDF (decision letters, the statistics publication): Debian's pango
## and pangoft2, the DejaVu fonts, and poppler-utils (pdftotext/pdftoppm, to read and look at the
## pages in tests); installed from Debian when any is missing.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils
pdf-deps:
	@dpkg -s $(PDF_DEBS) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $(PDF_DEBS))

## Retake the screenshots in docs/screens/ (the browser tests that take them).
screens: install-dev static compilemessages browser
	FELLESSKAP_UPDATE_SCREENS=1 FELLESSKAP_REQUIRE_BROWSER=1 $(BIN)/pytest -q tests/browser -k accessibility

## The main job on the embedded default: SQLite, synthetic demo data, web server.
## The worker (deadlines, alerts, deviations) runs in the background and stops with the server.
demo: migrate static compilemessages pdf-deps
	$(BIN)/fellesskap demo --seed $(SEED)
	$(BIN)/fellesskap worker --interval 60 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/fellesskap runserver --insecure $(HOST):$(PORT)

serve: migrate static compilemessages
	$(BIN)/fellesskap runserver --insecure $(HOST):$(PORT)

## The production-like server: gunicorn, persistent health-checked database connections
## (docs/reliability.md). Static files are for the TLS proxy in front: `fellesskap collectstatic`.
serve-production: migrate static compilemessages
	$(BIN)/fellesskap serve-production --bind $(HOST):$(PORT)

## The load test (not part of `make test`: it takes minutes): 50 users for 2 minutes against
## serve-production on PostgreSQL, on loopback; its own database, created when missing.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fk_load
LOAD_ARGS ?=
loadtest: install static compilemessages
	$(BIN)/python -m fellesskap.security.load.database $(LOAD_DATABASE_URL)
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/fellesskap migrate --noinput
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/fellesskap loadtest --users 50 --seconds 120 $(LOAD_ARGS)

lint: install-dev
	$(BIN)/ruff check fellesskap tests

## The whole test suite on two processes (pytest-xdist; `make test PYTEST_ARGS=` for one);
## pytest's exit 5, "no tests collected", fails the target too.
test: install-dev lint static compilemessages browser pdf-deps
	FELLESSKAP_REQUIRE_BROWSER=1 $(BIN)/pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m fellesskap.bench
	$(BIN)/python -m fellesskap.stats.bench --demo
	$(BIN)/python -m fellesskap.web.bench
	$(BIN)/python -m fellesskap.web.bench --officer
	$(BIN)/python -m fellesskap.dashboards.bench
	$(BIN)/python -m fellesskap.security.load.cost

check-scenarios: install
	../shared/tools/check_scenarios

clean:
	rm -rf $(VENV) var/*.sqlite3 frontend/node_modules fellesskap/web/static/vendor $(MO_FILES)
