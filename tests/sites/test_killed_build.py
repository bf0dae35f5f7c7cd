"""A build killed outright (SIGKILL of both processes: the OOM killer, a cancelled CI job) leaves no
trace in the next build's site (issue 23).

The output process stages feeds, open data and the search index in a hidden folder of the site
directory while the main process validates; MkDocs' cleaning skips hidden entries, so a staging
folder left by a killed build, holding feeds computed from records that failed validation, was
kept (and published) by the next good build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gongkai.config import source_date_epoch
from tests.sites.test_build import copy_project
from tests.support.sites import DEMO_TODAY, ENGINE, build_site

MARKER = "未通过校验标记Q7Z3"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _is_output_child(pid: int) -> bool:
    try:
        command = (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in command


def _has_its_orders(pid: int) -> bool:
    """Whether the output process has read what the main process hands it at its start: it has used
    a tenth of a second of CPU (its first read, of the pickled orders, comes after about 0.03 s of
    interpreter start-up; a process waiting for them uses none). A main process stopped before
    it had written them left its child waiting for ever (seen once on a loaded machine)."""
    try:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return int(fields[11]) + int(fields[12]) >= os.sysconf("SC_CLK_TCK") // 10  # utime + stime


def _wait_for(condition, build: subprocess.Popen, seconds: float, what: str):
    """Look for `condition` until it holds, waiting for the build's end between looks: a build
    that ends first (or outlasts `seconds`) fails the test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        try:
            build.wait(timeout=0.005)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the build ended (code {build.returncode}) before {what}")
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_a_killed_builds_staging_folder_never_reaches_the_next_site(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    bad = project / "data" / "documents" / "2026-killed-build.yaml"
    bad.write_text(
        f"id: 2026-killed-build\ntitle: {MARKER}\npublish_date: 2026-03-02\nissuer: 河南省机关事务管理局\n"
        "disclosure: 主动公开\nsigned_date: 2026-02-27\ndoc_number: 豫管[2026]99号\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(DEMO_TODAY)}
    command = [sys.executable, "-m", ENGINE, "build", "--strict", "--site-dir", str(site)]
    command += ["--config-file", str(project / "mkdocs.yml")]
    build = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Stop the main process as soon as the output process it started is under way (before it can
        # finish validating and cancel it), let the output process stage its files, then kill both.
        child = _wait_for(
            lambda: next((p for p in _children(build.pid) if _is_output_child(p) and _has_its_orders(p)), None),
            build,
            120,
            "the output process started",
        )
        os.kill(build.pid, signal.SIGSTOP)
        staged = _wait_for(lambda: list(site.glob(".gongkai-staging-*/feeds/all.xml")), build, 300, "feeds were staged")
        for pid in [child, *(p for p in _children(build.pid) if p != child)]:
            os.kill(pid, signal.SIGKILL)
        os.kill(build.pid, signal.SIGKILL)
    finally:
        if build.poll() is None:
            build.kill()
        build.wait()
    # The scenario: a staging folder is left, holding a feed made from a record that fails validation.
    assert MARKER in staged[0].read_text(encoding="utf-8")

    bad.unlink()
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr[-2000:]
    assert list(site.glob(".gongkai-staging-*")) == []
    assert (site / "feeds" / "all.xml").exists()
    leaked = [p for p in site.rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes()]
    assert leaked == []
