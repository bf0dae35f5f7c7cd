"""Shared fixtures: the demo site built once per test session with the real MkDocs."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))  # attachment_files, chromium, search_site, synthetic: shared with the scripts
from chromium import CHROMIUM, launch  # noqa: E402  (Debian's Chromium, launched as the scripts launch it)

from gongkai.config import source_date_epoch  # noqa: E402
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


def build_site(project: Path, site_dir: Path, today: dt.date = DEMO_TODAY, strict: bool = True) -> subprocess.CompletedProcess:
    """Run `mkdocs build` on a project directory; returns the finished process (check returncode)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(today)}
    command = [sys.executable, "-m", ENGINE, "build", "--site-dir", str(site_dir), "--config-file", str(project / "mkdocs.yml")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The demo site, built with `mkdocs build --strict` as of DEMO_TODAY."""
    site = tmp_path_factory.mktemp("demo") / "site"
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """(HostileProject, site): the demo project with a payload in every free-text field, built
    with `mkdocs build --strict` (see tests/hostile.py)."""
    from hostile import make_hostile_project

    root = tmp_path_factory.mktemp("hostile") / "project"
    root.mkdir()
    project = make_hostile_project(root)
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return project, site


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


@pytest.fixture(scope="module")
def site_browser(built_site: Path):
    """(chromium, base): the demo site served to headless Chromium, one browser per test module."""
    with chromium_serving(built_site) as served:
        yield served
