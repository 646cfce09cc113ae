# fellesskap — the two set-up commands are `make demo` and `make test` (README).
# Everything a command needs is installed by the targets below; nothing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SEED   ?= 1
PYTEST_ARGS ?=

.PHONY: demo test install install-dev lint bench serve migrate static clean check-scenarios

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

## The main job on the embedded default: SQLite, synthetic demo data, web server.
demo: migrate
	$(BIN)/fellesskap demo --seed $(SEED)
	$(BIN)/fellesskap runserver $(HOST):$(PORT)

serve: migrate
	$(BIN)/fellesskap runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check fellesskap tests

## The whole test suite (pytest's exit 5, "no tests collected", fails the target too).
test: install-dev lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m fellesskap.bench

check-scenarios: install
	../shared/tools/check_scenarios

clean:
	rm -rf $(VENV) var/*.sqlite3
