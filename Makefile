# Two commands for a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

# Browser tests run when Chromium is installed (/usr/bin/chromium); CI requires them.
.PHONY: run test setup migrate seed messages lint format ci clean prod backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# The development checkout's settings for commands typed by hand (README): manage.py reads this
# git-ignored file without overriding the environment; gunicorn never reads it, and a production
# install (docs/deploy.md) has none (docs/configuration.md).
.env:
	@printf '%s\n' '# Development settings, read by manage.py under the environment (make setup).' 'DEBUG=1' > $@

setup: $(VENV)/.installed .env

messages: setup
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0; \
	else echo "gettext is not installed: using the catalogues compiled in the repository"; fi

migrate: setup
	$(BIN)/python manage.py migrate --noinput --verbosity 0

seed: migrate
	$(BIN)/python manage.py loaddata fixtures/seed.json --verbosity 1

# A background worker (manage.py db_worker: the download builds, docs/deploy.md#workers) runs
# beside the site and stops when it does.
run: seed messages
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production configuration on this machine: DEBUG off, static files collected and served by
# WhiteNoise, gunicorn with deploy/gunicorn.conf.py, against DATABASE_URL (docs/deploy.md). Plain
# HTTP on loopback, so no redirect to HTTPS unless SECURE_SSL_REDIRECT=1. A background worker
# runs beside gunicorn, as in `make run`.
prod: export DEBUG := 0
prod: export SECURE_SSL_REDIRECT ?= 0
prod: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
prod: export GUNICORN_BIND ?= $(HOST):$(PORT)
ifndef SECRET_KEY
prod: export SECRET_KEY := $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')
prod: KEY_NOTE := SECRET_KEY is not set: a random key is used for this run
endif
prod: setup messages
	@test -n "$$DATABASE_URL" || { echo "make prod: set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/guarantees"; exit 1; }
	@$(if $(KEY_NOTE),echo "make prod: $(KEY_NOTE)")
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py check --deploy
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py

# pg_dump / pg_restore of DATABASE_URL (docs/deploy.md#backups).
backup: setup
	$(BIN)/python manage.py backup_database $(if $(FILE),--output $(FILE))

restore: setup
	@test -n "$(FILE)" || { echo "make restore FILE=backups/<name>.dump"; exit 1; }
	$(BIN)/python manage.py restore_database $(FILE) --yes

# axe-core (pinned in package-lock.json) for the browser tests' accessibility checks, where npm is.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is not installed: the accessibility checks of the browser tests will fail"; fi

test: setup messages node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3
