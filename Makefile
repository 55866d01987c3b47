# The two commands of the README:  make run  (install, then start the app)  and  make test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install browser clean-store

run: $(STAMP)
	$(BIN)/streamlit run app.py

test: $(STAMP) browser
	$(BIN)/python -m pytest

browser:
	bash scripts/install-browser.sh

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirements change.
$(STAMP): requirements.txt requirements-bench.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean-store:
	rm -rf data/store
