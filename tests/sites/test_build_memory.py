"""A hostile attachment never takes the build over 1 GB: `mkdocs build` runs two processes (the
main one validates, the output process loads the records itself), each with its own parsing child;
on a cold cache only one of them parses a given file, the other waits for its result (a lock per
content hash in the cache), so the build's processes together stay under 1 GB while the file is
reported as an error at the attachment."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench_process import TreeMemory  # scripts/bench_process.py: the benchmark's sampler of a process tree

from tests.support.helpers import write_attachment, write_record
from tests.support.rich_files import hostile_docx, hostile_pdf
from tests.support.sites import build_command, project_with

GIGABYTE = 2**30


def test_a_hostile_attachment_is_reported_and_the_build_stays_under_a_gigabyte(tmp_path: Path):
    root = project_with(tmp_path, "  - gongkai:\n      data_dir: data\n")
    data = root / "data"
    write_attachment(data, "documents/big.docx", hostile_docx())
    write_attachment(data, "documents/big.pdf", hostile_pdf())
    files = [{"title": "一", "file": "documents/big.docx"}, {"title": "二", "file": "documents/big.pdf"}]
    write_record(data, "documents", "doc", attachments=files)
    assert not (root / ".cache").exists()  # a cold cache: every file is parsed in this build

    command, env = build_command(root, tmp_path / "site")
    with open(tmp_path / "stderr", "w+b") as err:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeMemory(process.pid, interval=0.05)  # the build and all its descendants, PSS summed
        try:
            code = process.wait(timeout=600)
        finally:
            peak = sampler.stop()
        err.seek(0)
        out = err.read().decode("utf-8", "replace")

    assert code != 0, out[-3000:]
    assert "附件过于复杂，无法在限定的内存" in out, out[-3000:]
    assert "documents/big.docx" in out and "documents/big.pdf" in out, out[-3000:]
    assert peak < GIGABYTE, f"the build's processes together took {peak / 2**20:.0f} MB"
