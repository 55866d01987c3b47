# The README's commands:  make run  (install, then start the app),  make check  (every check)
# and  make test  (the tests alone).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run check lint types test install browser postgres clean-store

run: $(STAMP)
	$(BIN)/streamlit run app.py

# Every check, each run even when an earlier one fails; fails if any of them failed.
check: $(STAMP)
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory types || status=1; \
	$(MAKE) --no-print-directory test || status=1; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .

types: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) browser postgres
	$(BIN)/python -m pytest

browser:
	bash scripts/install-browser.sh

postgres:
	bash scripts/install-postgres.sh

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirements or the package metadata change. The project itself is
# installed editable and without dependencies (requirements-dev.txt pins them all), so the
# packages import from any folder and the console scripts exist.
$(STAMP): requirements.txt requirements-bench.txt requirements-llm.txt requirements-dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

clean-store:
	rm -rf data/store
