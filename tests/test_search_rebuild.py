"""Search across a rebuild, in Chromium: a page loaded before the nightly rebuild must not read the
new build's files with its old manifest (record numbers shift when a record is added, so it
would show another record's title and link); it reloads the manifest once instead.

Two real `mkdocs build`s of one project into one site directory, a record added in between; the
page stays open across both.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import ROOT, build_site, require_browser
from helpers import write_record

require_browser()
from playwright import sync_api  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import bench_search  # noqa: E402


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    data = project / "data"
    write_record(data, "documents", "older", title="办公用房维修管理办法", publish_date="2024-03-01", signed_date="2024-02-27")
    write_record(data, "documents", "newer", title="新能源汽车充电桩建设方案", publish_date="2024-03-04", signed_date="2024-03-01")
    return project


def _hits(page) -> list[tuple[str, str]]:
    found = page.eval_on_selector_all("[data-search-results] a[href]", "links => links.map(a => [a.textContent.trim(), a.pathname])")
    return [tuple(hit) for hit in found]


def test_a_page_loaded_before_a_rebuild_finds_the_new_builds_records(tmp_path: Path):
    project, site = _project(tmp_path), tmp_path / "site"
    assert build_site(project, site, strict=False).returncode == 0
    server = bench_search.Server(site)
    try:
        with sync_api.sync_playwright() as playwright:
            browser = bench_search.launch_chromium(playwright)
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url + "search/?q=办公用房")
            assert bench_search.wait_for_results(page) == "done"
            assert _hits(page) == [("办公用房维修管理办法", "/documents/older/")]

            # The nightly rebuild: a newer record takes number 0, every other number moves up.
            write_record(project / "data", "documents", "newest", title="公共机构节能工作要点", publish_date="2024-05-06",
                         signed_date="2024-05-01")
            rebuilt = build_site(project, site, strict=False)
            assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]

            # The same page, its manifest from the first build, searches again.
            page.evaluate("q => window.gongkaiSearch.run(q)", "充电桩")
            assert page.get_attribute("[data-search-results]", "data-search-state") == "done", page.text_content("#gk-search-status")
            assert _hits(page) == [("新能源汽车充电桩建设方案", "/documents/newer/")]
            page.evaluate("q => window.gongkaiSearch.run(q)", "节能工作")
            assert _hits(page) == [("公共机构节能工作要点", "/documents/newest/")]
            assert not errors, errors
            browser.close()
    finally:
        server.close()
