"""The preview's validation memo (`mkdocs serve`): a record whose file did not change is not checked
again by the families that look at one record at a time, and the problems found are those of a
fresh run."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.validate import body_structure, validate_records
from gongkai.validate.memo import ValidationMemo
from tests.support.helpers import TODAY, write_record


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def test_body_structure_is_checked_again_only_for_the_records_read_again(data, monkeypatch):
    for number in range(5):
        write_record(data, "documents", f"doc-{number}")
    path = write_record(data, "documents", "deep")
    path.with_suffix(".md").write_text("".join(f"标题{i}\n======\n" for i in range(1_001)), encoding="utf-8")
    settings = Settings(data_dir=data)
    checked: list[str] = []
    real = body_structure.check

    def counting(context):
        checked.extend(r.id for r in context.all_records)
        return real(context)

    monkeypatch.setattr(body_structure, "check", counting)
    import gongkai.validate as validate_package
    import gongkai.validate.memo as memo_module

    # The same families, with the counting one in body_structure's place (in PER_RECORD only if it is there).
    families = [counting if rule is real else rule for rule in validate_package.RULE_FAMILIES]
    per_record = tuple(counting if rule is real else rule for rule in memo_module.PER_RECORD)
    monkeypatch.setattr(validate_package, "RULE_FAMILIES", families)
    monkeypatch.setattr(validate_package, "PER_RECORD", per_record)

    records = load_records(data, 1_000_000)
    fresh = validate_records(records, settings, TODAY)
    memo = ValidationMemo()
    memo.start()
    first = validate_records(records, settings, TODAY, memo=memo)
    memo.finish()
    checked.clear()
    memo.start()
    again = validate_records(records, settings, TODAY, memo=memo)  # the same record objects: unchanged files
    memo.finish()

    assert checked == []  # nothing read again, nothing checked again
    assert first == again == fresh
    assert any("小标题超过 1000 个" in p.message for p in again)
