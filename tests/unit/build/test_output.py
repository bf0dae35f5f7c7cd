"""The output process publishes only what the main process validated.

The child (feeds, exports, search, attachments) reads the records itself; a record edited between
the main process's read and the child's (under `mkdocs serve`, or any edit during a build) must
not reach the site unvalidated: the digests differ and the main process writes the files from
its own, validated read.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from gongkai.build.output import OutputJob, OutputProcessError, start_output_files
from gongkai.build.site import SiteBuild
from gongkai.config import Settings
from tests.support.helpers import TODAY, write_record

SITE_URL = "https://example.gov.cn/"


def _build(data: Path) -> SiteBuild:
    build = SiteBuild(Settings(data_dir=data), TODAY, site_name="测试站", site_url=SITE_URL, extra={})
    assert not build.validate()
    build.make_catalog()
    return build


def _published(site: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8-sig") for p in sorted(site.rglob("*")) if p.suffix in (".xml", ".json", ".csv")
    )


def test_a_record_edited_after_validation_is_not_published_by_the_output_process(tmp_path: Path):
    data = tmp_path / "data"
    record = write_record(data, "documents", "doc", title="校验过的标题")
    write_record(data, "documents", "secret", title="内部草稿标题", draft=True)
    build = _build(data)
    # Edits after the main process read the records, before the output process reads them.
    record.write_text(record.read_text(encoding="utf-8").replace("校验过的标题", "未经校验的标题"), encoding="utf-8")
    secret = data / "documents" / "secret.yaml"
    secret.write_text(secret.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    site = tmp_path / "site"
    job = start_output_files(build, site)
    job.release()
    assert job.join() == OutputJob.STALE
    text = _published(site)
    assert "校验过的标题" in text
    assert "未经校验的标题" not in text and "内部草稿标题" not in text
    manifest = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    assert manifest["records"] == 1


def test_an_unchanged_read_is_written_by_the_output_process(tmp_path: Path):
    data = tmp_path / "data"
    write_record(data, "documents", "doc", title="校验过的标题")
    build = _build(data)
    site = tmp_path / "site"
    job = start_output_files(build, site)
    job.release()
    assert job.join() is None  # the child wrote them
    assert "校验过的标题" in _published(site)


def _wait_for_hand_over(job: OutputJob) -> None:
    """Until the output process runs `python -m gongkai.build.output` (its fresh interpreter)."""
    deadline = time.monotonic() + 120
    while b"gongkai.build.output" not in _command_line(job.process.pid):
        assert job.process.is_alive() and time.monotonic() < deadline, "the output process did not hand over"
        assert not job.connection.poll(0.01), job.connection.recv()  # waiting for a failure report, if any


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads the process's command line from /proc")
def test_the_gram_index_is_built_by_a_fresh_interpreter_in_the_output_process(tmp_path: Path):
    """The output process replaces itself (same process, same pipe) with an interpreter that never
    held the catalog before it builds the index's arrays; the protocol goes on as before."""
    data = tmp_path / "data"
    write_record(data, "documents", "doc", title="校验过的标题")
    build = _build(data)
    job = start_output_files(build, tmp_path / "site")
    _wait_for_hand_over(job)  # it waits for the release there
    job.release()
    assert job.join() is None
    assert "校验过的标题" in _published(tmp_path / "site")


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads the process's command line from /proc")
def test_a_build_cancelled_during_the_hand_over_leaves_no_file_behind(tmp_path: Path, monkeypatch):
    """The output process is stopped whenever the build fails or `mkdocs serve` starts again: what
    it hands over to its fresh interpreter must not outlive it in the temporary directory."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))  # the output process's temporary directory
    data = tmp_path / "data"
    write_record(data, "documents", "doc", title="校验过的标题")
    build = _build(data)
    job = start_output_files(build, tmp_path / "site")
    _wait_for_hand_over(job)
    job.cancel()  # as soon as the fresh interpreter starts
    assert list(temporary.iterdir()) == []


def test_the_index_built_in_the_output_process_itself_is_the_same(tmp_path: Path, monkeypatch):
    """Where a process cannot replace itself (GONGKAI_INDEX_IN_PROCESS=1, or not POSIX), the same
    steps run in the output process, with the same files as a result."""
    data = tmp_path / "data"
    write_record(data, "documents", "doc", title="校验过的标题", summary="摘要里的一句话")
    write_record(data, "documents", "other", title="另一份文件")
    build = _build(data)
    published = []
    for in_process in ("0", "1"):
        monkeypatch.setenv("GONGKAI_INDEX_IN_PROCESS", in_process)
        site = tmp_path / f"site-{in_process}"
        job = start_output_files(build, site)
        job.release()
        assert job.join() is None
        published.append({p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()})
    assert published[0] == published[1]
    assert any(path.parts[0] == "search" for path in published[0])


def test_a_failure_in_the_output_process_fails_the_build_with_its_traceback(tmp_path: Path):
    data = tmp_path / "data"
    write_record(data, "documents", "doc", title="校验过的标题")
    build = _build(data)
    site = tmp_path / "site"
    site.write_text("a file where the site directory should be", encoding="utf-8")  # the child cannot stage anything
    job = start_output_files(build, site)
    job.release()
    with pytest.raises(OutputProcessError, match="Traceback"):
        job.join()
