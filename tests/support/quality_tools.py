"""The third-party checkers of the quality gate (tests/quality/) and what they check.

- Nu Html Checker: `vnu.jar` from the npm package `vnu-jar`, run by Debian's Java.
- axe-core: `axe.min.js` from the npm package `axe-core`, injected into Debian's Chromium by Playwright.
Both are pinned in package.json / package-lock.json at the repository root; `make test` installs them
(`npm ci`). A checker that is missing skips its tests on a developer's machine and fails them in CI
(the `CI` environment variable is set), so a green CI run always means the checks ran.

`page_types(site)` lists one URL of every kind of page the site has, found in the built files (so a
renamed demo record does not make a check silently skip its type).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.types import RECORD_TYPES
from tests.support.sites import ROOT

NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
FIXTURES = ROOT / "tests" / "fixtures" / "quality"
# The rules of WCAG 2.0 and 2.1, levels A and AA (GB/T 37668-2019 follows WCAG 2.1 AA).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Two search forms on one page must be told apart by name; axe files this rule under best practice.
AXE_EXTRA_RULES = ["landmark-unique"]
SEARCH_WITH_RESULTS = "search/?q=公务用车"


def require_tool(path: Path | str | None, what: str) -> None:
    """Skip (developer machine) or fail (CI) when a checker is not installed."""
    if path and Path(path).exists():
        return
    message = f"{what} is not installed ({path or 'not found'}): run `make test`, which installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def java() -> str:
    found = shutil.which("java")
    require_tool(found, "Java (Debian default-jre-headless)")
    return found


def vnu_errors(*targets: Path) -> list[str]:
    """Every error the Nu Html Checker reports for the given HTML files or directories, one line each."""
    require_tool(VNU_JAR, "Nu Html Checker (npm vnu-jar)")
    command = [java(), "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", *map(str, targets)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"] if m["type"] != "info"]
    if result.returncode != 0 and not errors:
        raise AssertionError(f"vnu failed without a report: {result.stderr[-2000:]}")
    return [f"{m.get('url', '?')}:{m.get('lastLine', '?')}: {m['message']}" for m in errors]


def axe_source() -> str:
    require_tool(AXE_JS, "axe-core (npm axe-core)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page, source: str) -> list[str]:
    """Run axe-core in a loaded Playwright page; one line per violating element."""
    page.add_script_tag(content=source)
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": True} for rule in AXE_EXTRA_RULES},
        "resultTypes": ["violations"],
    }
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{violation['id']} {node['target']}: {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def page_types(site: Path) -> list[str]:
    """Home, each section index, one record of each type, search with results, reports index,
    catalog, guide, subscribe, open data: paths relative to the site root."""
    paths = ["", "reports/", "catalog/", "guide/", "subscribe/", "open-data/"]
    for record_type in RECORD_TYPES:
        section = site / record_type.key
        paths.append(f"{record_type.key}/")
        # A section also has year listing pages (section/2025/): a record page is the one with the record.
        records = sorted(
            p.parent for p in section.glob("*/index.html") if 'class="gk-record ' in p.read_text(encoding="utf-8")
        )
        assert records, f"no record page of type {record_type.key} in the built site"
        paths.append(f"{record_type.key}/{records[0].name}/")
    paths.append(SEARCH_WITH_RESULTS)
    missing = [p for p in paths if "?" not in p and not (site / p / "index.html").is_file()]
    assert not missing, missing
    return paths


def open_page(page, url: str) -> None:
    """Load a page and wait until it is complete (search results included)."""
    page.goto(url, wait_until="networkidle")
    if "search/?q=" in url:
        page.wait_for_selector("ol.gk-hits > li")


@pytest.fixture(scope="module")
def fixture_base(site_browser):
    """The URL of the deliberately broken mini-site, served on localhost (the browser: conftest's
    `site_browser`, required first so that a missing browser skips or fails before serving)."""
    from screenshots import serve

    server, base = serve(FIXTURES)
    yield base
    server.shutdown()


def problems_on_pages(chromium, base: str, paths: list[str], check, **page_options) -> dict[str, object]:
    """Open each page in one browser tab and run `check(page)` on it; the pages where it found
    something (a non-empty result), with what it found."""
    page = chromium.new_page(**page_options)
    found = {}
    for path in paths:
        open_page(page, base + path)
        result = check(page)
        if result:
            found[path] = result
    page.close()
    return found
