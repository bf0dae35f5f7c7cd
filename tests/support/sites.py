"""Building sites with the real MkDocs (or ProperDocs) and showing them to Debian's Chromium.

`build_site(project, site_dir)` runs `mkdocs build` on a project directory; `project_with(tmp_path, block)`
makes a project from the demo's mkdocs.yml with another gongkai plugin block; `chromium_serving(dir)`
serves a directory to headless Chromium; `soup(site, url)` parses a built page. The session fixtures
built on these are in tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from chromium import CHROMIUM, launch  # scripts/chromium.py: Debian's Chromium, launched as the scripts launch it

from gongkai.config import source_date_epoch

ROOT = Path(__file__).resolve().parents[2]
# The demo data is written for this date (one consultation open, one document not yet in force).
DEMO_TODAY = dt.date(2026, 11, 27)
# The engine that builds the sites under test: "mkdocs", or "properdocs" (the maintained MkDocs 1.x
# fork; `make test-properdocs` runs the site tests on its builds).
ENGINE = os.environ.get("GONGKAI_ENGINE", "mkdocs")


def require_browser() -> None:
    """Call at the top of a browser test module. Without Playwright or Chromium the module is
    skipped on a developer's machine, but fails when CI is set: a CI machine without a browser
    must not pass with no browser test run."""
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "Playwright is not installed (pip install -e '.[test]')"
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (run scripts/install-browser.sh)"
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def build_site(
    project: Path, site_dir: Path, today: dt.date = DEMO_TODAY, strict: bool = True
) -> subprocess.CompletedProcess:
    """Run `mkdocs build` on a project directory; returns the finished process (check returncode)."""
    command, env = build_command(project, site_dir, today, strict)
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def build_command(
    project: Path, site_dir: Path, today: dt.date = DEMO_TODAY, strict: bool = True
) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of `build_site` (to start the build yourself)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(today)}
    config = str(project / "mkdocs.yml")
    command = [sys.executable, "-m", ENGINE, "build", "--site-dir", str(site_dir), "--config-file", config]
    if strict:
        command.append("--strict")
    return command, env


def project_with(tmp_path: Path, plugin_block: str, *, demo_data: bool = False) -> Path:
    """A project with the demo's mkdocs.yml whose gongkai plugin block is replaced (its pages but the
    demo agencies' own guides, which link to those agencies' pages)."""
    root = tmp_path / "project"
    root.mkdir()
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("  - gongkai:")
    end = text.index("\nmarkdown_extensions:")
    (root / "mkdocs.yml").write_text(text[:start] + plugin_block.rstrip() + "\n" + text[end:], encoding="utf-8")
    shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns("guides"))
    if demo_data:
        shutil.copytree(ROOT / "data", root / "data")
    else:
        (root / "data").mkdir()
    return root


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def content(page: BeautifulSoup):
    return page.select_one("article.md-content__inner")


@contextlib.contextmanager
def chromium_serving(directory: Path):
    """(chromium, base): Debian's Chromium through Playwright, and the URL of `directory` served on
    localhost. Without a browser: skipped on a developer's machine, failed when CI is set."""
    require_browser()
    from playwright.sync_api import sync_playwright
    from screenshots import serve

    server, base = serve(directory)
    try:
        with sync_playwright() as playwright:
            chromium = launch(playwright)
            yield chromium, base
            chromium.close()
    finally:
        server.shutdown()
