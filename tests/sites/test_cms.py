"""The editors' CMS is off unless turned on: the demo site has no /admin/ and no page mentions it;
turned on without its npm package, the build stops at once and names the command to run.
(The CMS turned on: tests/browser/test_cms.py.)"""

from __future__ import annotations

from pathlib import Path

from tests.support.sites import build_site, project_with

TEXT_SUFFIXES = {".html", ".js", ".css", ".xml", ".json", ".txt", ".csv", ".yml"}


def references_to_the_cms(site: Path) -> list[str]:
    """Files of a site outside admin/ whose text names the admin page or Decap CMS."""
    found = []
    for path in site.rglob("*"):
        if path.suffix not in TEXT_SUFFIXES or path.relative_to(site).parts[0] == "admin":
            continue
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        if "/admin" in text or "admin/" in text or "decap" in text:
            found.append(str(path.relative_to(site)))
    return found


def test_a_disabled_cms_leaves_no_admin_page_and_no_reference_to_it(built_site: Path):
    assert not (built_site / "admin").exists()
    assert references_to_the_cms(built_site) == []


def test_an_enabled_cms_without_its_npm_package_stops_the_build_naming_the_command(tmp_path: Path):
    block = """  - gongkai:
      data_dir: data
      settings:
        cms_enabled: true
"""
    project = project_with(tmp_path, block)
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "cms_enabled" in result.stderr
    assert "npm ci --ignore-scripts" in result.stderr
    assert str(project / "node_modules" / "decap-cms" / "dist" / "decap-cms.js") in result.stderr
    assert not (tmp_path / "site" / "admin").exists()
