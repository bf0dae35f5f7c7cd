"""The digest of the records read (the build compares the main process's with the output process's):
the same files give the same digest, an edit changes it, and a record read once is digested once
(under `mkdocs serve` an unchanged file keeps its record between saves)."""

from __future__ import annotations

import json
from pathlib import Path

import gongkai.load.records as records_module
from gongkai.load.records import load_records, records_digest
from tests.support.helpers import write_record


def test_the_same_files_give_the_same_digest_and_an_edit_changes_it(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    for number in range(3):
        write_record(data, "documents", f"doc-{number}")
    before = records_digest(load_records(data, 1_000_000))
    assert records_digest(load_records(data, 1_000_000)) == before
    write_record(data, "documents", "doc-1", title="改过的标题")
    assert records_digest(load_records(data, 1_000_000)) != before


def test_a_record_read_once_is_digested_once(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    for number in range(3):
        write_record(data, "documents", f"doc-{number}")
    records = load_records(data, 1_000_000)
    calls = []
    real = json.dumps

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(records_module.json, "dumps", counting)
    first = records_digest(records)
    assert len(calls) == 3
    assert records_digest(records) == first
    assert len(calls) == 3  # not again
