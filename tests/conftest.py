"""Shared fixtures (the demo site built once per test session with the real MkDocs, the hostile site,
the browser) and the test groups: every test is marked `unit`, `site`, `browser` or `quality` from
the folder it is in (tests/scripts/ are unit tests of scripts/), so `pytest -m unit` needs no list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.sites import ROOT, build_site, chromium_serving

TESTS = Path(__file__).resolve().parent
# The folder directly under tests/ → the marker of every test in it (declared in pyproject.toml).
GROUPS = {"unit": "unit", "scripts": "unit", "sites": "site", "browser": "browser", "quality": "quality"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(item.path).resolve()
        folder = path.relative_to(TESTS).parts[0] if path.is_relative_to(TESTS) else ""
        if folder not in GROUPS:
            raise pytest.UsageError(f"{path}: a test belongs in one of tests/{{{','.join(GROUPS)}}}/")
        item.add_marker(GROUPS[folder])


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
    with `mkdocs build --strict` (see tests/support/hostile.py)."""
    from tests.support.hostile import make_hostile_project

    root = tmp_path_factory.mktemp("hostile") / "project"
    root.mkdir()
    project = make_hostile_project(root)
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return project, site


@pytest.fixture(scope="module")
def site_browser(built_site: Path):
    """(chromium, base): the demo site served to headless Chromium, one browser per test module."""
    with chromium_serving(built_site) as served:
        yield served
