# fellesskap — the two set-up commands are `make demo` and `make test` (README).
# Everything a command needs is installed by the targets below; nothing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SEED   ?= 1
PYTEST_ARGS ?=

.PHONY: demo test install install-dev lint bench serve migrate static clean check-scenarios \
        browser gettext messages compilemessages screens pdf-deps pdfdeps

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

## Pango and fonts for WeasyPrint (decision-letter PDFs), from Debian when missing.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
pdfdeps:
	@dpkg -s $(PDF_DEBS) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $(PDF_DEBS))

## Debian's chromium for the browser tests (never `playwright install`).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

## Debian's pango for WeasyPrint (the statistics PDF) and poppler-utils (pdftoppm, to look at its pages).
pdf-deps: pdfdeps
	@(ldconfig -p | grep -q libpango-1.0 && command -v pdftoppm >/dev/null) || \
		(apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)

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

lint: install-dev
	$(BIN)/ruff check fellesskap tests

## The whole test suite (pytest's exit 5, "no tests collected", fails the target too).
test: install-dev lint static compilemessages browser pdf-deps
	FELLESSKAP_REQUIRE_BROWSER=1 $(BIN)/pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m fellesskap.bench
	$(BIN)/python -m fellesskap.stats.bench --demo
	$(BIN)/python -m fellesskap.dashboards.bench

check-scenarios: install
	../shared/tools/check_scenarios

clean:
	rm -rf $(VENV) var/*.sqlite3 frontend/node_modules fellesskap/web/static/vendor $(MO_FILES)
