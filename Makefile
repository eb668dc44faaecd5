# Everything a fresh machine needs comes from these targets; each step is skipped when its
# inputs have not changed, so a warm `make test` goes straight to the checks.
PORT ?= 5000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_ENV ?= development
export APP_ENV PORT

.PHONY: run test slow setup lint db clean bench soak

# The queue's worker sends the mail; it stops when gunicorn does.
run: setup db
	$(BIN)/huey_consumer wsgi.huey --workers 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config python:planner.serving --workers 2 --bind 127.0.0.1:$(PORT) wsgi:app

# Tests marked slow (the short soak, real-cost password hashing) stay out of `make test`.
test: setup lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

slow: setup
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

setup: $(VENV)/.installed static/dist/manifest.json

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports

db: $(VENV)/.installed
	$(BIN)/flask --app wsgi db upgrade

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The vendored front-end files are build output: copied from the npm packages, never committed.
static/vendor/.installed: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	touch $@

# Bundles under content-hashed names, gzip and brotli beside them: the app reads the manifest
# at start-up and WhiteNoise serves them with a one-year immutable cache.
static/dist/manifest.json: static/vendor/.installed $(VENV)/.installed planner/assets.py \
		$(wildcard static/css/*.css static/js/*.js) static/favicon.svg
	$(BIN)/python -c 'from planner import assets; assets.main()'

# Timings are not tests: the benchmark runs only when asked for, never in `make test`.
bench: setup
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed: apt-get install wrk"; exit 1; }
	$(BIN)/python tests/perf/bench.py $(BENCH_ARGS)

# About two minutes of every kind of write while workers, the database and Redis crash, on
# SQLite; SOAK_ARGS="--postgres --redis" on a PostgreSQL and a Redis of the soak's own.
soak: setup
	$(BIN)/python tests/perf/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor static/dist
