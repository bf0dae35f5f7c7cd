"""`mkdocs serve` as an editor uses it: a real server on a copy of the demo project.

A change to one record is shown on its page, on the pages that link to it and in the listings
(the preview build renders only those, gongkai.build.preview); a record with an error leaves the last
good site served, with the error (file:line:column, in Chinese) over every page, until it is fixed.
The test waits for rebuilds through MkDocs' own live-reload endpoint, which answers when the
served site changes.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from gongkai.config import source_date_epoch
from tests.support.sites import DEMO_TODAY, ROOT

RECORD = Path("data/documents/2023-vehicle-management.yaml")
OLD_TITLE = "河南省省直机关公务用车管理办法"


class Server:
    def __init__(self, project: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(DEMO_TODAY)}
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", "-f", "mkdocs.yml"]
        self.process = subprocess.Popen(
            command, cwd=project, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        while True:
            line = self.lines.get(timeout=600)
            assert line, "mkdocs serve ended:\n" + "".join(self.log[-40:])
            if "Serving on" in line:
                break

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)
            self.lines.put(line)
        self.lines.put("")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=600) as answer:
            assert answer.status == 200
            return answer.read().decode("utf-8")

    def rebuilt_after(self, change, path: str = "/") -> None:
        """Apply `change`, then wait until the server has finished the rebuild it causes."""
        epoch = int(re.search(r"livereload\((\d+),", self.get(path)).group(1))
        change()
        for _ in range(20):  # each poll returns after at most a minute
            if int(self.get(f"/livereload/{epoch}/1")) > epoch:
                return
        raise AssertionError("no rebuild:\n" + "".join(self.log[-40:]))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = tmp_path_factory.mktemp("serve")
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    server = Server(project)
    yield server, project
    server.stop()


def _edit(path: Path, old: str, new: str):
    def change() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def test_a_saved_change_reaches_the_page_the_pages_linking_to_it_and_the_listings(served):
    server, project = served
    assert OLD_TITLE in server.get("/documents/2023-vehicle-management/")
    server.rebuilt_after(
        _edit(project / RECORD, f"title: {OLD_TITLE}", "title: 河南省省直机关公务用车管理办法（修订预览）")
    )
    assert "公务用车管理办法（修订预览）" in server.get("/documents/2023-vehicle-management/")
    assert "公务用车管理办法（修订预览）" in server.get(
        "/interpretations/2023-vehicle-management-qa/"
    )  # names the document
    assert "公务用车管理办法（修订预览）" in server.get("/documents/")
    assert "gk-preview-errors" not in server.get("/documents/2023-vehicle-management/")
    server.rebuilt_after(
        _edit(project / RECORD, "title: 河南省省直机关公务用车管理办法（修订预览）", f"title: {OLD_TITLE}")
    )
    assert "（修订预览）" not in server.get("/documents/")


def test_errors_keep_the_last_good_site_and_show_over_every_page_until_fixed(served):
    server, project = served
    record = project / RECORD
    line = next(
        n
        for n, text in enumerate(record.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("signed_date:")
    )
    server.rebuilt_after(_edit(record, "signed_date: 2023-02-10", "signed_date: 2023-02-30"))
    for path in ("/documents/2023-vehicle-management/", "/", "/catalog/"):
        page = server.get(path)  # served, not stuck: the last good build
        assert "gk-preview-errors" in page
        assert f"data/documents/2023-vehicle-management.yaml:{line}:14" in page
        assert "预览未更新" in page
    assert OLD_TITLE in server.get("/documents/2023-vehicle-management/")
    server.rebuilt_after(_edit(record, "signed_date: 2023-02-30", "signed_date: 2023-02-10"))
    page = server.get("/documents/2023-vehicle-management/")
    assert "gk-preview-errors" not in page and OLD_TITLE in page
