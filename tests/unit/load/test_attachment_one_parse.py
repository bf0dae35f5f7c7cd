"""One parse of a file per build: the two processes of `mkdocs build` each read the attachments
with their own Library; while one parses a file (under the lock of its content hash in the cache)
the other waits and then takes its result from the cache. A file that was too complex is not
cached for good, but stands for `FAILED_FOR` seconds under the same limits, so the process that
waited does not parse the hostile file a second time."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from pathlib import Path

from gongkai.load.attachments import Library
from gongkai.load.attachments import read as read_module
from gongkai.load.attachments.child import Worker
from tests.support.rich_files import hostile_docx, rich_docx

PARTS = ["header", "footer", "footnote", "textbox", "control", "nested", "comment", "deleted"]


def _library(root: Path, cache: Path, time_limit: float = 60.0) -> Library:
    return Library(root, cache, 20_000_000, worker=Worker(time_limit=time_limit))


def test_a_process_waits_for_the_one_parsing_the_file_and_takes_its_result(tmp_path: Path):
    root, cache = tmp_path / "attachments", tmp_path / "cache"
    root.mkdir()
    raw = rich_docx(dict.fromkeys(PARTS, "正文"))
    (root / "a.docx").write_bytes(raw)
    digest = hashlib.sha256(raw).hexdigest()
    (cache / "locks").mkdir(parents=True)
    (cache / "attachments").mkdir()
    # The other build process holds the lock of this content: it is parsing the file.
    other = os.open(cache / "locks" / f"{digest}.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    waiting = _library(root, cache)
    answer: list[object] = []
    thread = threading.Thread(target=lambda: answer.append(waiting.get("a.docx")))
    thread.start()
    thread.join(timeout=1.0)
    assert thread.is_alive() and waiting.parsed == 0  # it waits rather than parse the same file at once
    expected = Library(root, None, 20_000_000).get("a.docx")  # what the other process finds, and caches
    assert expected is not None
    entry = cache / "attachments" / f"{digest}-v{read_module.VERSION}.json"
    entry.write_text(json.dumps(expected.to_json(), ensure_ascii=False), encoding="utf-8")
    os.close(other)  # the other process is done
    thread.join(timeout=60)
    assert answer == [expected] and expected.units
    assert waiting.parsed == 0 and waiting.worker.started == 0


def test_a_file_too_complex_is_not_parsed_again_by_the_process_that_waited_for_it(tmp_path: Path):
    root, cache = tmp_path / "attachments", tmp_path / "cache"
    root.mkdir()
    (root / "big.docx").write_bytes(hostile_docx(20))
    first = _library(root, cache, time_limit=0.5)
    found = first.get("big.docx")
    assert found is not None and "附件过于复杂" in found.error and first.parsed == 1
    first.worker.close()

    second = _library(root, cache, time_limit=0.5)  # the other process of the same build
    assert second.get("big.docx") == found and second.parsed == 0 and second.worker.started == 0


def test_a_file_too_complex_is_tried_again_under_other_limits_or_by_a_later_build(tmp_path: Path, monkeypatch):
    root, cache = tmp_path / "attachments", tmp_path / "cache"
    root.mkdir()
    (root / "big.docx").write_bytes(hostile_docx(20))
    first = _library(root, cache, time_limit=0.5)
    assert "附件过于复杂" in first.get("big.docx").error
    first.worker.close()

    more_time = _library(root, cache, time_limit=0.6)  # the result was measured under other limits
    assert "附件过于复杂" in more_time.get("big.docx").error and more_time.parsed == 1
    more_time.worker.close()

    monkeypatch.setattr(read_module, "FAILED_FOR", 0.0)  # a later build: the result no longer stands
    later = _library(root, cache, time_limit=0.5)
    assert "附件过于复杂" in later.get("big.docx").error and later.parsed == 1
    later.worker.close()
