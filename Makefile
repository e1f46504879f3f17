# Guichet QVCT — every set-up step is here: `make demo` and `make test` need nothing installed beforehand
# but Python 3.11 (and, for the browser tests, Debian's chromium, which `make test` installs when missing).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(BIN)/python
# Python writes its bytecode caches: a machine that forbids them (PYTHONDONTWRITEBYTECODE) makes every process of
# the suite, the workers and the rush compile Django and WeasyPrint from source again (4 to 6 s each).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install demo serve test test-fast test-browser lint format bench bench-exports bench-scenario bench-committee browser clean api-fuzz rush

install: $(VENV)/.installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --quiet
	@touch $@

# `make demo` starts again from an empty demo database each time; `make serve` serves the data as it was left.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
# Only the demo and the server see SITE_URL (e-mail links follow PORT=); it is not exported to other targets.
DEMO_ENV := DJANGO_SETTINGS_MODULE=qvct.settings.dev SITE_URL=$(SITE_URL)
DEMO_FILES := db.sqlite3 db.sqlite3-wal db.sqlite3-shm var/media

demo: install
	rm -rf $(DEMO_FILES)
	$(DEMO_ENV) $(BIN)/qvct migrate --noinput --verbosity 0
	$(DEMO_ENV) $(BIN)/qvct demo
	@$(MAKE) --no-print-directory serve PORT=$(PORT) SITE_URL=$(SITE_URL)

serve: install
	@echo "Guichet QVCT est servi sur $(SITE_URL) (Ctrl+C pour arrêter) ; les tâches de fond tournent à côté."
	export $(DEMO_ENV); $(BIN)/qvct db_worker --verbosity 0 & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; $(BIN)/qvct runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests; never a downloaded browser build.
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
	  echo "Installation de chromium (Debian)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The suite runs on one worker more than the cores (pytest-xdist; each test file stays on one worker): the browser
# journeys spend much of their time waiting on Chromium and the live server, and a third worker fills those gaps
# (on 2 cores, 10 min 47 s instead of 13 min 41 s). PYTEST_WORKERS=0 runs the suite in one process, e.g. to debug.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 1 )))
PYTEST_PARALLEL := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)

test: install browser
	$(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser" $(PYTEST_ARGS)

# Schemathesis sends generated requests to every operation of the API's OpenAPI document: no server error.
API_FUZZ_EXAMPLES ?= 200
api-fuzz: install
	API_FUZZ_EXAMPLES=$(API_FUZZ_EXAMPLES) $(BIN)/pytest -p no:xdist tests/api/test_openapi_fuzz.py -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=qvct.settings.test $(BIN)/qvct makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.scenario

# The scenario run of 13 000 admissible dossiers in the worker and `qvct check` of 10 000 files (issue 16).
bench-scenario: install
	$(BIN)/python -m bench.scenario

bench-exports: install
	$(BIN)/python -m bench.exports

bench-committee: install
	$(BIN)/python -m bench.committee

# The deadline-day rush (bench/rush.py): gunicorn on loopback and RUSH_ESTABLISHMENTS simulated establishments filing
# within RUSH_DURATION seconds, on the throw-away database RUSH_DATABASE_URL (PostgreSQL). RUSH_ARGS adds, e.g.,
# `--restart-postgres-at 60 --pgdata <cluster>` (PostgreSQL restarted under load) or `--p95 0` (p95 not checked).
RUSH_ESTABLISHMENTS ?= 500
RUSH_DURATION ?= 300
rush: install
	$(BIN)/python -m bench.rush --establishments $(RUSH_ESTABLISHMENTS) --duration $(RUSH_DURATION) $(RUSH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
