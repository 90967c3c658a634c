# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run serve test lint check-migrations bench es clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py ensure_dev_users
	$(PY) manage.py runserver 127.0.0.1:8000

# The production server on this machine: gunicorn (workers from the CPU count) with
# WhiteNoise serving compressed, hashed static files, production settings, the demo
# data, plain HTTP on 127.0.0.1:8000 (HTTPS=false: see README, Production). SECRET_KEY
# is made once into .secret_key unless set; DATABASE_URL and ELASTICSEARCH_URL are read.
SERVE_ENV = DJANGO_SETTINGS_MODULE=registry_site.settings.production HTTPS=$${HTTPS:-false} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECRET_KEY="$${SECRET_KEY:-$$(cat .secret_key)}"
serve: install .secret_key
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py seed_demo
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(VENV)/bin/gunicorn -c gunicorn.conf.py registry_site.wsgi

.secret_key:
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key

# axe-core for the browser test's accessibility checks, pinned in package-lock.json.
# Without npm the checks are skipped locally (CI installs npm, so there they run).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $(AXE); \
	else echo "npm not found: the browser test skips its accessibility checks"; fi

test: install $(AXE)
	$(VENV)/bin/pytest

# A real single-node Elasticsearch on 127.0.0.1:9200 (needs Maven and JDK 17; run as root).
# Then: ELASTICSEARCH_URL=http://127.0.0.1:9200 make run / make test.
es:
	bash .ci/elasticsearch

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

# Benchmarks run on a scratch SQLite database (or on BENCH_DATABASE_URL, which they
# wipe); with ELASTICSEARCH_URL set, search is measured on Elasticsearch too.
BENCH_DATABASE_URL ?= sqlite:////tmp/registry-bench.sqlite3
BENCH_SCALES ?= 1000,10000,100000
bench: install
	rm -f /tmp/registry-bench.sqlite3
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_list_edition --reset --institutions 1000
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_inspections --reset --scale 100000
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_search --reset --scales $(BENCH_SCALES)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_open_data
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_http

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache node_modules
