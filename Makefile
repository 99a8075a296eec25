# cdtt: the everyday commands. `make run` serves the demo, `make test` runs the tests.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1:8000

.PHONY: install run serve demo test e2e lint types format messages browser clean prod-check security faults bench audit

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

# Translations are compiled from the .po files (gettext's msgfmt), never committed.
PO := $(wildcard locale/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)
%.mo: %.po
	@command -v msgfmt >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null)
	msgfmt --check -o $@ $<

install: $(STAMP) $(MO)

## run: install, migrate (SQLite, WAL), load units and the demo, serve on http://$(HOST)
run: demo serve

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_units
	$(BIN)/python manage.py seed_demo

## serve: the web server and, beside it, the task queue's consumer (imports, accounts in bulk,
## messages run there, off the request); both stop together
serve: install
	$(BIN)/python manage.py run_huey --workers 2 --worker-type thread & queue=$$!; \
	trap 'kill $$queue 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

## test: the whole suite on SQLite; set DATABASE_URL=postgres://… to run it on PostgreSQL.
## One process per core (pytest-xdist), each with its own test database. `--dist load` hands
## out the tests in pytest-django's order (database tests, then transactional ones, whose
## flush empties the rows the migrations seed), as one process runs them; grouping by file
## (loadfile, loadscope) would run a transactional file before another file's database tests.
## One test at a time (--maxschedchunk 1): in larger chunks one process got the browser tests
## queued (five minutes) while the other ran out of work.
test: install browser
	$(BIN)/python -m pytest -n auto --dist load --maxschedchunk 1

e2e: install browser
	$(BIN)/python -m pytest e2e

## browser: Debian's chromium for the end-to-end tests (installed once, as root)
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## security: static security checks (bandit: no medium or high finding outside tests)
security: install
	$(BIN)/bandit -q -r cdtt deploy -x '*/tests/*,*/migrations/*' -ll

## audit: known vulnerabilities in the installed (locked) dependencies, with pip-audit; needs
## the PyPI JSON API or OSV on the internet (not reachable from the build machine, see docs/security.md)
audit: install
	@$(BIN)/python -m pip_audit --version >/dev/null 2>&1 || $(BIN)/python -m pip install --quiet "pip-audit>=2.7,<3"
	@mkdir -p var
	$(BIN)/python -m pip freeze --exclude-editable >var/requirements.lock
	$(BIN)/python -m pip_audit --strict --progress-spinner off --no-deps --disable-pip -r var/requirements.lock

## types: mypy with django-stubs over cdtt/ (strict on the modules listed in pyproject.toml)
types: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: extract and compile the translations (needs gettext)
messages: install
	$(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --add-location=file --ignore=.venv --ignore=e2e
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

## prod-check: the production stack (PostgreSQL, Redis + Huey consumer, gunicorn, nginx/TLS), smoke-tested
prod-check: install
	bash deploy/prod-check.sh

## faults: server SIGKILLed mid-sync, rebuild_facts SIGKILLed mid-transaction, PostgreSQL restarted under load, 50 members syncing for
## a minute (restarts the local PostgreSQL: run when nothing else uses it)
faults: install
	$(BIN)/python -m faults.kill_during_sync
	$(BIN)/python -m faults.kill_during_rebuild
	$(BIN)/python -m faults.load_sync 60 50
	$(BIN)/python -m faults.pg_restart_under_load

## bench: the benchmark (bench/run.py) at SCALE (1 ≈ a province, 34 ≈ the country; 0.1 for a
## quick run) on DB (postgresql or sqlite): prints every figure against its floor and writes
## bench/RESULTS.md. KEEP=1 reuses a loaded database of the same scale.
SCALE ?= 1
DB    ?= postgresql
bench: install browser
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.run --scale $(SCALE) --db $(DB) $(if $(KEEP),--keep)
