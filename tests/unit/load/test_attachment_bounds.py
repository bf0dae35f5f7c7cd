"""Attachments are parsed in a child process with bounds on memory and time: a hostile file
(a 1.5 MB .docx of 100 MB XML, a 0.5 MB PDF whose content stream inflates to 200 MB) is
reported as an error while no process of the check grows beyond 1 GB; a file that takes too long
is reported and the next file gets a fresh child; the text cache spares a second build the child."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.helpers import write_attachment, write_record
from tests.support.rich_files import hostile_docx, hostile_pdf, rich_docx

GIGABYTE_KB = 1024 * 1024  # ru_maxrss is in kilobytes on Linux
# Runs the command given as arguments and prints its output, then the peak RSS of the largest of its
# processes (ru_maxrss of RUSAGE_CHILDREN, in KB), with a 4 GB guard for this machine should the
# bounds regress.
MEASURED = """
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout + done.stderr)
sys.stdout.write("PEAK_KB %d" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_hostile_files_are_reported_and_no_process_exceeds_a_gigabyte(tmp_path: Path):
    data = tmp_path / "data"
    write_attachment(data, "documents/big.docx", hostile_docx())
    write_attachment(data, "documents/big.pdf", hostile_pdf())
    files = [{"title": "一", "file": "documents/big.docx"}, {"title": "二", "file": "documents/big.pdf"}]
    write_record(data, "documents", "doc", attachments=files)
    (tmp_path / "gongkai.yml").write_text("data_dir: data\n", encoding="utf-8")

    # The check runs under a fresh interpreter that reports the peak of its own descendants: the
    # test process's RUSAGE_CHILDREN would also count every process the test session ran before.
    result = subprocess.run(
        [sys.executable, "-c", MEASURED, sys.executable, "-m", "gongkai.cli", "validate", "--today=2024-12-31"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"},
    )
    out, _, peak = result.stdout.rpartition("PEAK_KB ")
    assert out.count("附件过于复杂，无法在限定的内存") == 2, out[-3000:]
    assert "documents/big.docx" in out and "documents/big.pdf" in out
    assert int(peak) < GIGABYTE_KB, f"{int(peak) / 1024:.0f} MB"  # the largest of the check's processes


def test_a_file_that_takes_too_long_is_reported_and_the_next_gets_a_fresh_child():
    from gongkai.load.attachments.child import Worker

    worker = Worker(time_limit=0.5)
    found = worker.extract(hostile_docx(20), "docx")
    assert found.kind == "docx" and "读取超时" in found.error and "0.5 秒" in found.error
    worker.time_limit = 60.0  # the limit counts the child's start too
    found = worker.extract(
        rich_docx(
            dict.fromkeys(["header", "footer", "footnote", "textbox", "control", "nested", "comment", "deleted"], "x")
        ),
        "docx",
    )
    assert not found.error and found.units and worker.started == 2
    worker.close()


def test_a_cached_file_is_not_parsed_again_and_no_child_is_started(tmp_path: Path):
    from gongkai.load.attachments import Library

    root, cache = tmp_path / "attachments", tmp_path / "cache"
    root.mkdir()
    (root / "a.docx").write_bytes(
        rich_docx(
            dict.fromkeys(
                ["header", "footer", "footnote", "textbox", "control", "nested", "comment", "deleted"], "正文"
            )
        )
    )
    first = Library(root, cache, 20_000_000)
    assert first.get("a.docx").units and first.worker.started == 1
    second = Library(root, cache, 20_000_000)
    assert second.get("a.docx").units == first.get("a.docx").units
    assert second.parsed == 0 and second.worker.started == 0
