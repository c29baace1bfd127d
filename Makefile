# Gongkai: `make demo` serves the demo county on http://127.0.0.1:8000, with its background
# worker; `make test` runs every test (SQLite, then PostgreSQL when pg_ctl is present, with
# browser tests in Chromium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres lint format messages bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai load_demo
	@echo "Gongkai demo: http://$(HOST):$(PORT)/  (staff sign-in: http://$(HOST):$(PORT)/staff/; accounts: $(BIN)/gongkai demo_accounts)"
	@# The background worker (scheduled publishing, the daily jobs, big attachments' text)
	@# runs beside the server and stops with it.
	$(BIN)/gongkai worker --verbosity 0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	TWO_FACTOR_REQUIRED=$${TWO_FACTOR_REQUIRED:-false} $(BIN)/gunicorn gongkai.wsgi --bind $(HOST):$(PORT) --workers 2 --no-control-socket --access-logfile -

test: $(STAMP)
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# Tests run in one process per core (pytest-xdist); WORKERS=0 runs them in this one.
WORKERS ?= auto

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS)

# A throwaway PostgreSQL primary and its streaming replica (tools/with_postgres.py); browser
# and real-server tests use their own SQLite file, and checks of the source tree alone use no
# database: they run once, above.
test-postgres: $(STAMP)
	$(BIN)/python tools/with_postgres.py -- $(BIN)/python -m pytest -n $(WORKERS) -m "not browser and not server and not sources"

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=false HTTPS=true SECRET_KEY=lint-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
		ALLOWED_HOSTS=gongkai.example.org $(BIN)/gongkai check --deploy --fail-level WARNING
	$(BIN)/gongkai makemigrations --check --dry-run
	$(BIN)/python tools/i18n.py check
	$(BIN)/python tools/typecheck.py
	$(BIN)/python tools/audit_dependencies.py

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Search latency at 100,000 and 1,000,000 generated documents on SQLite and PostgreSQL
# (corpus and databases kept in var/bench/ and reused), then
# the public pages' requests per second through gunicorn, measured with wrk (apt-get install
# wrk), then the daily jobs (obligations, assessment) for a province of 1,500 townships; each
# writes its table into docs/benchmarks.md. Then the CPU each public page costs in-process on
# bench_http's database (printed: load does not blur it as it does wrk's).
bench: $(STAMP)
	$(BIN)/python tools/bench_search.py
	$(BIN)/python tools/bench_http.py
	$(BIN)/python tools/bench_jobs.py
	$(BIN)/python tools/bench_pages_cpu.py

# Collect new strings into every app's .po file, then compile the .mo files.
messages: $(STAMP)
	$(BIN)/python tools/i18n.py update

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache *.egg-info
