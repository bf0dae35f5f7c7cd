"""The editors' CMS (/admin/, Decap CMS) in headless Chromium, on a temporary git copy of the demo
with Decap's local backend (decap-server from node_modules, writing into the copy): a 政策解读 made
through the form validates and gets its page; an edit of one field changes what Decap's YAML
writer changes (measured, asserted as is); the admin page asks nothing of any other host."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from gongkai.schemas import merged_schema
from tests.sites.test_cms import references_to_the_cms
from tests.support.quality_tools import axe_source, axe_violations, vnu_errors
from tests.support.sites import ROOT, build_site, chromium_serving, project_with, require_browser

require_browser()  # at collection too: a CI run without a browser fails here (test_harness)

SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
NEW_ID = "2026-asset-disposal-qa"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _git(project: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def cms(tmp_path_factory):
    """(project, site, admin responses, page factory, outside requests): the demo copy, its site with /admin/, and
    a function opening a logged-in admin page; one decap-server and one build for the module."""
    if not SERVER.exists() or shutil.which("node") is None:
        pytest.fail("decap-server is not installed: run `npm ci --ignore-scripts` (make node_modules/.installed)")
    tmp = tmp_path_factory.mktemp("cms")
    port = _free_port()
    block = f"""  - gongkai:
      data_dir: data
      settings:
        normative_documents_complete_from: 2019
        cms_enabled: true
        cms_local_backend: true
        cms_local_port: {port}
"""
    project = project_with(tmp, block, demo_data=True)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / ".gitignore").write_text("node_modules\n", encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "demo")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(project)}
    server = subprocess.Popen(["node", str(SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    site = tmp / "site"
    try:
        built = build_site(project, site)
        assert built.returncode == 0, built.stderr[-3000:]
        _wait_for_listening(server)
        with chromium_serving(site) as (chromium, base):
            outside: list[str] = []
            allowed = {urlsplit(base).netloc, f"localhost:{port}"}
            admin: list[tuple[int, str]] = []  # (status, path) of every response from /admin/

            def open_admin(path: str = ""):
                page = chromium.new_page(viewport={"width": 1280, "height": 900})
                page.on("request", lambda r: None if _allowed(r.url, allowed) else outside.append(r.url))
                page.on("response", lambda r: _note_admin(r, base, admin))
                page.goto(base + "admin/" + path)
                page.get_by_role("button", name="登录").click()
                return page

            yield project, site, admin, open_admin, outside
    finally:
        server.terminate()
        server.wait(timeout=10)


def _note_admin(response, base: str, admin: list[tuple[int, str]]) -> None:
    if response.url.startswith(base + "admin/"):
        admin.append((response.status, urlsplit(response.url).path))


def _allowed(url: str, netlocs: set[str]) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.netloc in netlocs


def _wait_for_listening(server: subprocess.Popen) -> None:
    """Until decap-server logs that it listens (its log line), or it exits."""
    assert server.stdout is not None
    for line in server.stdout:
        if b"listening on" in line:
            threading.Thread(target=server.stdout.read, daemon=True).start()  # its later log lines
            return
    raise AssertionError(f"decap-server exited with {server.wait()} before listening")


def _publish(page) -> None:
    """Save through the form; returns once Decap says it is saved (decap-server has written the file)."""
    page.get_by_role("button", name="发布").first.click()
    page.get_by_role("menuitem", name="立即发布").click()
    page.get_by_text("修改已保存").wait_for()


def test_an_interpretation_made_in_the_form_validates_and_gets_its_page(cms):
    project, _site, _admin, open_admin, _outside = cms
    page = open_admin("#/collections/interpretations/new")
    page.get_by_label("标识（id）").fill(NEW_ID)
    page.get_by_label("标题（信息名称）").fill("《河南省省直行政事业单位国有资产处置管理办法》问答")
    page.get_by_label("发布日期").fill("2026-11-18")
    page.get_by_label("发布机构").fill("河南省机关事务管理局")
    page.get_by_label("公开方式").click()
    page.get_by_role("option", name="主动公开").click()
    page.get_by_label("解读的文件").fill("2026-asset")
    page.get_by_role("option", name="河南省省直行政事业单位国有资产处置管理办法（2026-asset-disposal）").click()
    _publish(page)
    saved = project / "data" / "interpretations" / f"{NEW_ID}.yaml"
    text = saved.read_text(encoding="utf-8")
    # Only what was filled in, dates as the records write them (no empty optional field)
    assert text == (
        f"id: {NEW_ID}\n"
        "title: 《河南省省直行政事业单位国有资产处置管理办法》问答\n"
        "publish_date: 2026-11-18\n"
        "issuer: 河南省机关事务管理局\n"
        "disclosure: 主动公开\n"
        "interprets: 2026-asset-disposal\n"
    )
    page.close()

    validated = subprocess.run(
        [str(Path(os.sys.executable).parent / "gongkai"), "validate"], cwd=project, capture_output=True, text=True
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    rebuilt = build_site(project, project / "site2")
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    page_html = (project / "site2" / "interpretations" / NEW_ID / "index.html").read_text(encoding="utf-8")
    assert "国有资产处置管理办法》问答" in page_html


# Decap CMS writes the whole file again from the form's data (its YAML writer, not an edit of the
# text): the comments go, a flow list becomes a block list, and the keys follow the schema's order
# (the collection's field order), whatever order the file had. Measured on 2026-asset-disposal.yaml
# (ARCHITECTURE.md, "The editors' CMS"); if Decap ever keeps the file's text, this fails and the
# README's warning to editors can go.
def test_editing_one_field_changes_only_that_value_but_decap_rewrites_the_file(cms):
    project, _site, _admin, open_admin, _outside = cms
    path = "data/documents/2026-asset-disposal.yaml"
    before = (project / path).read_text(encoding="utf-8")
    page = open_admin("#/collections/documents/entries/2026-asset-disposal")
    page.get_by_label("摘要").fill("规范省直行政事业单位国有资产的处置行为。")
    _publish(page)
    page.close()
    after = (project / path).read_text(encoding="utf-8")

    old, new = yaml.safe_load(before), yaml.safe_load(after)
    assert {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)} == {"summary"}
    assert new["summary"] == "规范省直行政事业单位国有资产的处置行为。"
    # What the rewrite costs the review diff:
    comments = lambda text: [line for line in text.splitlines() if line.startswith("#")]  # noqa: E731
    assert len(comments(before)) == 2 and comments(after) == []  # every comment is gone
    assert "subjects: [资产管理, 机关事务]" in before and "subjects:\n  - 资产管理\n  - 机关事务\n" in after
    schema_order = list(merged_schema("document")["properties"])
    assert list(new) == sorted(new, key=schema_order.index) != list(old)
    assert _body(before) == _body(after)  # the untouched Markdown body keeps its block text


def _body(text: str) -> str:
    return text[text.index("body: |") : text.index("\n", text.index("本办法自2027年1月1日起施行"))]


def test_the_admin_page_asks_nothing_of_any_other_host(cms):
    _project, _site, admin, open_admin, outside = cms
    page = open_admin("#/collections/reports-disclosure")
    page.get_by_text("2025").first.wait_for()
    page.close()
    assert outside == []
    # and of its own folder only its four files (no lazily loaded chunk, nothing missing)
    files = {"/admin/", "/admin/config.yml", "/admin/decap-cms.js", "/admin/preview.js"}
    assert {path for _status, path in admin} == files
    assert [(status, path) for status, path in admin if status >= 400] == []


def test_the_admin_page_is_four_files_and_no_public_page_names_it(cms):
    _project, site, _admin, _open_admin, _outside = cms
    assert sorted(p.name for p in (site / "admin").iterdir()) == [
        "config.yml",
        "decap-cms.js",
        "index.html",
        "preview.js",
    ]
    assert references_to_the_cms(site) == []


# Decap CMS's editor fails these axe rules (WCAG 2.1 A/AA) on a document's form, measured with
# decap-cms 3.16.3: unnamed icon buttons of list items, the drag handles, the preview pane's frame,
# the "now" buttons of dates, the rich-text toolbar's dropdowns. gongkai cannot fix Decap's markup;
# the README says so. A change in the list (Decap fixed or broke something) fails here.
DECAP_AXE_RULES = {
    "aria-command-name",
    "aria-input-field-name",
    "aria-required-attr",
    "button-name",
    "frame-title",
    "label-content-name-mismatch",
    "nested-interactive",
}


def test_the_admin_page_passes_the_html_checker_and_decap_fails_known_axe_rules(cms):
    _project, site, _admin, open_admin, _outside = cms
    assert vnu_errors(site / "admin" / "index.html") == []
    page = open_admin("#/collections/documents/entries/2026-asset-disposal")
    page.get_by_label("摘要").wait_for()
    violations = axe_violations(page, axe_source())
    page.close()
    assert {violation.split()[0] for violation in violations} == DECAP_AXE_RULES
