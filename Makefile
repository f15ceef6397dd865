# make demo  — creates .venv from the lock files, prepares var/ with demo data, serves it
# make test  — runs the whole test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install demo test lint typecheck messages messages-extract browser clean

install: $(STAMP)

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: install
	$(BIN)/hamkori demo

# End-to-end tests drive a real Chromium: Debian's /usr/bin/chromium when present,
# otherwise Playwright downloads its own build once (needs the internet).
browser: install
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| $(BIN)/python -m playwright install chromium

test: install browser
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) typecheck
	$(BIN)/djhtml --check hamkori
	HAMKORI_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

# Files and settings in pyproject.toml ([tool.mypy]).
typecheck: install
	$(BIN)/mypy

# Refresh the translation catalogues after changing user-facing text (needs GNU gettext):
# new msgids appear untranslated (or fuzzy) until someone translates them; then compile.
LANGS := kk ru tg en
messages-extract: install
	HAMKORI_DEBUG=true $(BIN)/python manage.py makemessages $(foreach l,$(LANGS),-l $(l)) \
		--no-obsolete --add-location=file --ignore=.venv --ignore=var --ignore=tests \
		--ignore=docs --ignore='*/tests/*' -v0

messages: messages-extract
	for l in $(LANGS); do msgfmt -c -o hamkori/locale/$$l/LC_MESSAGES/django.mo \
		hamkori/locale/$$l/LC_MESSAGES/django.po; done
	$(BIN)/python -m hamkori.core.catalogues --check

clean:
	rm -rf $(VENV) var
