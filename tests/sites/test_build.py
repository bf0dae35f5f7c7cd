"""Building sites from changed data: validation errors stop the build (a record that validates cleanly
never crashes it); serve picks up edits."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from gongkai.problems import ERROR
from tests.support.helpers import line_of, write_with_escape
from tests.support.sites import ROOT, build_site


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "content", "data"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


def test_a_validation_error_fails_the_build(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    record = project / "data" / "documents" / "2023-vehicle-management.yaml"
    text = record.read_text(encoding="utf-8").replace("豫管〔2023〕5号", "豫管[2023]5号")
    record.write_text(text, encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "2023-vehicle-management.yaml" in result.stderr and "应为 豫管〔2023〕5号" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
    # Feeds, exports and the search index (computed by a child process from the start of the
    # build) are only written once the records have passed validation.
    for folder in ("feeds", "search", "data", "schemas"):
        assert not (tmp_path / "site" / folder).exists()


def test_warnings_do_not_fail_a_strict_build_unless_configured(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    # the demo data has no warning: add a consultation awaiting feedback since 2018
    (project / "data" / "consultations" / "2018-old.yaml").write_text(
        "id: 2018-old\ntitle: 征求意见\npublish_date: 2018-09-01\nissuer: 河南省机关事务管理局\n"
        "disclosure: 主动公开\nfrom: 2018-09-01\nto: 2018-11-01\n",
        encoding="utf-8",
    )
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (
        "警告" in result.stderr and "已超过反馈期限" in result.stderr
    )  # the consultation awaiting feedback is reported
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("data_dir: data", "data_dir: data\n      strict: true"),
        encoding="utf-8",
    )
    assert build_site(project, tmp_path / "site2").returncode != 0


def test_a_record_that_validates_cleanly_never_crashes_the_build(tmp_path):
    """The build refuses the escaped control character with the validator's message, before any
    writer sees it (it used to pass validation and crash the feed writer with a ValueError)."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(ROOT / "content", project / "content")  # the pages mkdocs.yml names (an agency's guide)
    data = project / "data"
    path = write_with_escape(data, "\\x01")
    result = build_site(project, project / "site", today=dt.date(2024, 12, 31))
    assert result.returncode != 0
    assert f"{path.name}:{line_of(path, 'title')}:8: 错误" in result.stderr
    assert "ValueError" not in result.stderr and "Traceback" not in result.stderr
    assert ERROR == "错误"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, timeout: float = 5) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def test_serve_picks_up_an_edited_record(tmp_path: Path):
    """No polling, no sleeping: wait for "Serving on" in serve's log, then for the rebuild through
    the livereload long poll (which answers once a newer build than the page's is complete)."""
    project = copy_project(tmp_path / "project")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/documents/2023-vehicle-management/"
    try:
        assert server.stderr is not None
        for line in server.stderr:  # blocks until serve has built the site and listens
            if "Serving on" in line:
                break
        else:
            raise AssertionError("mkdocs serve ended without serving")
        threading.Thread(target=server.stderr.read, daemon=True).start()  # keep the pipe drained
        page = _fetch(url)
        assert "公务用车管理办法" in page
        epoch = re.search(r"livereload\((\d+),", page)[1]
        record = project / "data" / "documents" / "2023-vehicle-management.yaml"
        text = record.read_text(encoding="utf-8")
        record.write_text(
            text.replace(
                "title: 河南省省直机关公务用车管理办法", "title: 河南省省直机关公务用车管理办法（修订标记XYZ）"
            ),
            encoding="utf-8",
        )
        rebuilt = _fetch(f"http://127.0.0.1:{port}/livereload/{epoch}/1", timeout=120)  # returns when rebuilt
        assert int(rebuilt) > int(epoch), "the edit did not trigger a rebuild"
        assert "修订标记XYZ" in _fetch(url)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_script_without_a_main_guard_still_gets_every_output(tmp_path: Path):
    """The output process is started with "spawn", which cannot start from a script that builds
    the site at import time; the build then writes those files itself and says so."""
    project = copy_project(tmp_path / "project")
    script = tmp_path / "build_site.py"
    script.write_text(
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        f"build(load_config(config_file={str(project / 'mkdocs.yml')!r}, site_dir={str(tmp_path / 'site')!r}))\n",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "输出进程意外退出" in result.stderr
    site = tmp_path / "site"
    for path in (
        "feeds/all.xml",
        "search/index.json",
        "data/index.json",
        "documents/2023-vehicle-management/index.html",
    ):
        assert (site / path).is_file(), path
    assert any((site / "attachments").rglob("*.pdf"))


def test_hand_written_pages_outside_the_navigation_keep_their_own_contents(tmp_path: Path):
    """Only record pages share a section's rendered sidebar; other pages out of the navigation
    list their own headings."""
    project = copy_project(tmp_path / "project")
    notes = project / "content" / "notes"
    notes.mkdir()
    (notes / "first.md").write_text("# 第一篇\n\n## 甲节\n\n正文。\n", encoding="utf-8")
    (notes / "second.md").write_text("# 第二篇\n\n## 乙节\n\n正文。\n", encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nnot_in_nav: |\n  /notes/*\n")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    first = (tmp_path / "site" / "notes" / "first" / "index.html").read_text(encoding="utf-8")
    second = (tmp_path / "site" / "notes" / "second" / "index.html").read_text(encoding="utf-8")
    assert "甲节" in first and "乙节" not in first
    assert "乙节" in second and "甲节" not in second
