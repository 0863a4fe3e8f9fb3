# Two commands for a newcomer (README): `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/doetinchem
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# Throwaway values so that `check --deploy` sees production settings; never used to serve.
DEPLOY_ENV := env -u DJANGO_ALLOW_ASYNC_UNSAFE DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n') \
	FIELD_ENCRYPTION_KEYS=k1:$$(head -c 32 /dev/urandom | base64) BSN_HASH_KEY=check AUDIT_CHAIN_KEY=check \
	ALLOWED_HOSTS=sociaal.doetinchem.example DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL)

.PHONY: run test install lint bench fuzz clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Debian packages the tests need: Chromium for the browser tests, poppler-utils (pdftotext) to
# read generated letters and memos back.
DEBIAN_TEST_PACKAGES := /usr/bin/chromium /usr/bin/pdftotext
$(DEBIAN_TEST_PACKAGES):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium poppler-utils >/dev/null

run: install
	@export DEBUG=$${DEBUG:-true} MFA_REQUIRED=$${MFA_REQUIRED:-false}; \
	$(BIN)/python manage.py migrate --noinput -v0 && \
	$(BIN)/python manage.py seed_demo || exit 1; \
	trap 'kill 0' EXIT INT TERM; \
	$(BIN)/celery -A doetinchem_privacy worker -l warning --concurrency 1 & \
	$(BIN)/celery -A doetinchem_privacy beat -l warning & \
	echo ""; \
	echo "  Sociaal domein Doetinchem draait op http://127.0.0.1:$${PORT:-8000}/"; \
	echo "  Demo-gebruikers: anna, bram (consulent), coach, zorgplein, teamlead, af, archief, fg, beheer"; \
	echo "  Wachtwoord: $${DEMO_PASSWORD:-Doetinchem-demo-2026}"; \
	echo ""; \
	$(BIN)/python manage.py runserver 127.0.0.1:$${PORT:-8000}

test: install $(DEBIAN_TEST_PACKAGES)
	$(BIN)/ruff check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	DEBUG=true MFA_REQUIRED=true DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		DJANGO_ALLOW_ASYNC_UNSAFE=true FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The hostile-input suite on its own (issue 11): the same 200 submissions per form and endpoint
# that `make test` runs, without the rest of the suite (docs/decisions/0013-hostile-input.md).
fuzz: install
	DEBUG=true MFA_REQUIRED=true DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		DJANGO_ALLOW_ASYNC_UNSAFE=true FUZZ_EXAMPLES=200 $(BIN)/pytest -n 2 tests/fuzz $(PYTEST_ARGS)

# Performance benchmark (issue 10, docs/benchmarks.md); not part of `make test`. Creates and seeds
# its own database once per scale (minutes at scale 1), applies the documented database settings,
# runs every scenario and prints one table; the figures go to var/bench/latest.json.
#   make bench BENCH_SCALE=0.01          quick run
#   make bench BENCH_ARGS="--only list"  one scenario
BENCH_SCALE ?= 1
# One database per scale (a seeded database is never reseeded at another scale).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/doetinchem_bench$(if $(filter-out 1,$(BENCH_SCALE)),_$(subst .,_,$(BENCH_SCALE)))
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/3
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m bench.createdb $(BENCH_DATABASE_URL)
	export DEBUG=true MFA_REQUIRED=true DJANGO_ALLOW_ASYNC_UNSAFE=true DATABASE_URL=$(BENCH_DATABASE_URL) \
		REDIS_URL=$(BENCH_REDIS_URL); \
	$(BIN)/python manage.py migrate --noinput -v0 && \
	$(BIN)/python manage.py seed_bench --scale $(BENCH_SCALE) --if-needed && \
	$(BIN)/python manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var
