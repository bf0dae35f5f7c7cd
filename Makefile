# Two commands for a newcomer: `make site` builds the demo site into site/, `make test` runs every test.
# Both create .venv and install what they need (the browser tests also need Debian's Chromium).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site serve test validate browser bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/mkdocs build --strict

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve

validate: $(BIN)/.installed
	$(BIN)/gongkai validate

test: $(BIN)/.installed browser
	$(BIN)/python -m pytest

browser:
	@sh scripts/install-browser.sh

bench: $(BIN)/.installed
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site build .pytest_cache
