# casetracker — the two commands: `make run` and `make test`.
# Override the interpreter with `make run PYTHON=/path/to/python3.13`.

SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv install messages run test lint format demo-data clean bench bench-search bench-export bench-facets bench-pictures bench-languages bench-faults bench-throttle

help:
	@echo "make run    set everything up and serve the demo on http://$(HOST):$(PORT)/"
	@echo "make test   set everything up and run the whole test suite"
	@echo "            (on PostgreSQL with DATABASE_URL=postgres://…)"
	@echo "make lint   ruff check and format check"
	@echo "make bench  casetracker against Datasette on 100,000 generated cases (bench/)"
	@echo "make bench-export  time and peak memory of the bulk downloads (bench/)"
	@echo "make bench-facets  what facet counts cost at 100,000 cases (bench/)"
	@echo "make bench-pictures  what the timeline, map and appeal chain cost (bench/)"
	@echo "make bench-languages  a page in English and in Russian, translated or not"
	@echo "make bench-faults  a mixed load while a worker is killed and Redis stops"
	@echo "make bench-throttle  the API throttle's cost, and whether it holds"

# A virtual environment on Python 3.12 or newer: PYTHON if given, else the newest
# python3.x found on PATH or installed by pyenv. An existing .venv on an older
# Python is rebuilt.
venv:
	@set -e; \
	ok() { "$$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }; \
	if [ -x "$(BIN)/python" ] && ok "$(BIN)/python"; then exit 0; fi; \
	py="$(PYTHON)"; \
	if [ -n "$$py" ]; then \
	  if ! ok "$$py"; then echo "PYTHON=$$py is not Python 3.12 or newer." >&2; exit 1; fi; \
	else \
	  for candidate in python3.14 python3.13 python3.12 \
	      $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV) \
	      python3 python; do \
	    if command -v "$$candidate" >/dev/null 2>&1 && ok "$$candidate"; then \
	      py="$$candidate"; break; fi; \
	  done; \
	fi; \
	if [ -z "$$py" ]; then \
	  echo "casetracker needs Python 3.12 or newer (Django 6.1), and none was found." >&2; \
	  echo "Install one (for example 'pyenv install 3.13' or 'apt-get install python3.13')," >&2; \
	  echo "or point to it: make run PYTHON=/path/to/python3.13" >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py ($$($$py --version))"; \
	rm -rf "$(VENV)"; \
	"$$py" -m venv "$(VENV)"

$(VENV)/.installed: pyproject.toml | venv
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	@touch $@

install: venv
	@$(MAKE) --no-print-directory $(VENV)/.installed $(MO_FILES)

# The Russian and Kazakh catalogues, compiled by Babel (no GNU gettext needed).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	@$(BIN)/pybabel -q compile -l $* -i $< -o $@

# After changing interface strings: extract them into the catalogues (needs GNU
# gettext's xgettext: apt-get install gettext), then translate the new entries.
messages: install
	$(BIN)/python manage.py makemessages -l ru -l kk --no-obsolete --ignore=.venv --ignore=bench --ignore=tests --ignore=docs
	@$(MAKE) --no-print-directory $(MO_FILES)

demo-data: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py export

run: demo-data
	@echo
	@echo "casetracker is at   http://$(HOST):$(PORT)/"
	@echo "The admin is at     http://$(HOST):$(PORT)/admin/"
	@echo "For a login, in another terminal:"
	@echo "    $(BIN)/python manage.py create_editor NAME --role publisher"
	@echo "  (--role editor cannot publish or delete; createsuperuser for an admin)"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info

# Search latency over 100,000 synthetic parties (BENCH_PARTIES to change; set
# BENCH_DATABASE_URL=postgres://… for PostgreSQL). Prints figures, asserts nothing.
bench-search: install
	$(BIN)/python bench/search_latency.py

# casetracker against Datasette on one generated SQLite file (bench/run.py documents
# the BENCH_* settings). Needs wrk (Debian: apt-get install wrk). Prints figures.
DATASETTE_VENV := bench/.datasette-venv

$(DATASETTE_VENV)/.installed: bench/datasette-requirements.txt | venv
	rm -rf $(DATASETTE_VENV)
	$(BIN)/python -m venv $(DATASETTE_VENV)
	$(DATASETTE_VENV)/bin/python -m pip install --quiet -r bench/datasette-requirements.txt
	@touch $@

bench: install $(DATASETTE_VENV)/.installed
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk" >&2; exit 1; }
	$(BIN)/python bench/run.py

# Time and peak memory of the bulk downloads at 10,000 and 100,000 cases
# (bench/export.py), on SQLite and PostgreSQL.
bench-export: install
	$(BIN)/python bench/export.py

# What facet counts cost at 100,000 cases (needs the database `make bench` makes).
bench-facets: install
	$(BIN)/python bench/facets.py

# What the pictures cost at 100,000 cases, with a web of 3,300 parties around
# one (needs the database `make bench` makes).
bench-pictures: install
	$(BIN)/python bench/pictures.py

bench-languages: install
	$(BIN)/python bench/languages.py

# A 60 s mixed load at 32 connections while one gunicorn worker is killed and the
# harness's own Redis is stopped (bench/faults.py). Needs wrk and redis-server.
bench-faults: install
	@command -v wrk >/dev/null || { echo "make bench-faults needs wrk: apt-get install wrk" >&2; exit 1; }
	@command -v redis-server >/dev/null || { echo "make bench-faults needs redis-server: apt-get install redis-server" >&2; exit 1; }
	$(BIN)/python bench/faults.py

# What the API throttle costs per request, and whether it holds under load across
# two workers, against DRF's own throttle (bench/throttle.py). Needs wrk and Redis.
bench-throttle: install
	@command -v wrk >/dev/null || { echo "make bench-throttle needs wrk: apt-get install wrk" >&2; exit 1; }
	$(BIN)/python bench/throttle.py
