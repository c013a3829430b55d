# The two commands a newcomer needs:  make run  ·  make test
# Everything else here is what those two call.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
# uv installs the requirements (in parallel, from its cache) and compiles them to bytecode once, as pip did:
# about 16 s instead of pip's 40 s on a fresh clone (without the .pyc files every test process compiled Django again).
UV_PIP := $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-dev migrate demo serve check bench clean help

help:
	@echo "make run    - install, migrate, load demo data and serve http://$(HOST):$(PORT)"
	@echo "make test   - install test tools, start PostgreSQL + Elasticsearch, run the whole suite"
	@echo "make bench  - run the benchmarks under bench/ and update docs/PERFORMANCE.md"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/bin/uv: | $(PY)
	$(PIP) install --quiet "uv>=0.9,<1"

# Stamps make re-runs fast: the install only runs again when a requirements file changes.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/uv
	$(UV_PIP) -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/uv
	$(UV_PIP) -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py seed_demo --with-submissions

run: demo
	@# Wagtail's absolute addresses (a case's permanent address, the sitemap) say where this server answers.
	@$(PY) manage.py set_site_address http://$(HOST):$(PORT)
	@echo ""
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/) - Ctrl+C stops."
	@echo "The scheduler of periodic jobs (manage.py run_scheduler: scheduled publication...) runs beside it."
	@# The scheduler stops with the server: on Ctrl+C (it handles SIGINT itself) and, whatever ends the server, the trap.
	@$(PY) manage.py run_scheduler & scheduler=$$!; \
	  trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) tools/run_tests.py $(ARGS)

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: install-dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .cache .pytest_cache test-artifacts
