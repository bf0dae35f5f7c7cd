"""The command line as editors use it (issue #17): one-file checks, user errors, a demo that stays clean."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.model.records import Catalog
from gongkai.types import BY_KEY
from gongkai.validate import validate_records
from tests.support.helpers import write_record
from tests.support.sites import ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "gongkai.yml").write_text("data_dir: data\n", encoding="utf-8")
    return tmp_path


def gongkai(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )


TODAY = "--today=2026-11-27"


def copy_document(project: Path, new_id: str, publish_date: str) -> Path:
    source = project / "data" / "documents" / "2023-vehicle-management.yaml"
    lines = source.read_text(encoding="utf-8").splitlines()
    lines = [
        f"id: {new_id}"
        if line.startswith("id:")
        else f"publish_date: {publish_date}"
        if line.startswith("publish_date:")
        else line
        for line in lines
    ]
    target = source.with_name(f"{new_id}.yaml")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


# ------------------------------------------------------------------ one file, the same checks


def test_one_file_check_includes_its_body_file(project: Path):
    record = project / "data" / "documents" / "2019-rule-of-law-implementation.yaml"
    body = record.with_suffix(".md")
    body.write_text(body.read_text(encoding="utf-8") + "\n联系人手机：13812345678\n", encoding="utf-8")
    result = gongkai(project, "validate", TODAY, "data/documents/2019-rule-of-law-implementation.yaml")
    assert result.returncode == 1
    assert "data/documents/2019-rule-of-law-implementation.md:" in result.stdout and "手机号码" in result.stdout


def test_naming_the_body_file_checks_its_record(project: Path):
    record = project / "data" / "documents" / "2019-rule-of-law-implementation.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("publish_date: 2019", "publish_date: 2019/", 1), encoding="utf-8"
    )
    result = gongkai(project, "validate", TODAY, "data/documents/2019-rule-of-law-implementation.md")
    assert result.returncode == 1 and "data/documents/2019-rule-of-law-implementation.yaml:" in result.stdout, (
        result.stdout
    )
    assert "1 个记录文件" in result.stderr


def test_one_file_check_blames_the_new_record_for_a_duplicate_number(project: Path):
    # "2000-…" sorts before the published record, and has the same publish date: only the one-file
    # check knows which is new
    new = copy_document(project, "2000-copy", "2023-02-17")
    result = gongkai(project, "validate", TODAY, "data/documents/2000-copy.yaml")
    assert result.returncode == 1
    duplicates = [line for line in result.stdout.splitlines() if "重复" in line]
    assert len(duplicates) == 2 and all(line.startswith("data/documents/2000-copy.yaml:") for line in duplicates), (
        result.stdout
    )
    assert "2023-vehicle-management.yaml" in duplicates[0]
    assert new.exists()


def test_full_run_blames_the_later_published_duplicate(project: Path):
    copy_document(project, "2000-copy", "2026-11-01")
    result = gongkai(project, "validate", TODAY)
    duplicates = [line for line in result.stdout.splitlines() if "重复" in line]
    assert duplicates and all(line.startswith("data/documents/2000-copy.yaml:") for line in duplicates), result.stdout


def test_a_mistyped_path_is_an_error_not_a_clean_run(project: Path):
    result = gongkai(project, "validate", TODAY, "data/documents/2023-vehicle-managment.yaml")
    assert result.returncode == 2
    assert "找不到要检查的文件" in result.stderr and "0 个错误" not in result.stderr


def test_a_file_that_will_be_ignored_is_reported(project: Path):
    source = project / "data" / "documents" / "2023-vehicle-management.yaml"
    shutil.copy(source, project / "data" / "documents" / "2026-new.yaml.txt")
    shutil.copy(source, project / "data" / "documents" / "2026-upper.YAML")
    (project / "data" / "document").mkdir()
    shutil.copy(source, project / "data" / "document" / "2026-misplaced.yaml")
    named = gongkai(project, "validate", TODAY, "data/documents/2026-new.yaml.txt")
    assert named.returncode == 1
    assert "data/documents/2026-new.yaml.txt:1:1: 错误" in named.stdout and "改名为 2026-new.yaml" in named.stdout
    full = gongkai(project, "validate", TODAY)
    for shown in (
        "data/documents/2026-new.yaml.txt:1:1: 警告",
        "data/documents/2026-upper.YAML:1:1: 警告",
        "data/document/2026-misplaced.yaml:1:1: 警告",
    ):
        assert shown in full.stdout, full.stdout
    assert not [
        line for line in full.stdout.splitlines() if line.startswith("data/attachments/")
    ]  # attachments may be any file


def test_yml_records_are_read(project: Path):
    source = project / "data" / "documents" / "2023-vehicle-management.yaml"
    source.rename(source.with_suffix(".yml"))
    result = gongkai(project, "validate", TODAY, "data/documents/2023-vehicle-management.yml")
    assert result.returncode == 0, result.stdout
    assert "1 个记录文件" in result.stderr


# ------------------------------------------------------------------ user errors


def test_a_missing_config_file_is_a_user_error(project: Path):
    result = gongkai(project, "--config", "nope.yml", "validate")
    assert result.returncode == 2
    assert "找不到配置文件 nope.yml" in result.stderr and "内部错误" not in result.stderr


def test_a_bad_source_date_epoch_is_named(project: Path):
    for command in (["validate"], ["new", "documents"]):
        result = gongkai(project, *command, SOURCE_DATE_EPOCH="abc")
        assert result.returncode == 2
        assert "SOURCE_DATE_EPOCH" in result.stderr and "“abc”" in result.stderr and "None" not in result.stderr
        assert "内部错误" not in result.stderr


# ------------------------------------------------------------------ the demo stays clean


@pytest.mark.parametrize(
    "today",
    ["2026-11-27", "2026-12-31", "2027-01-31", "2027-06-30", "2028-03-31", "2029-12-31", "2030-07-01", "2031-11-30"],
)
def test_demo_data_validates_without_any_warning_for_five_years(today: str):
    records = load_records(ROOT / "data", 1_000_000)
    problems = validate_records(records, Settings(data_dir=ROOT / "data"), dt.date.fromisoformat(today))
    assert problems == [], [p.format() for p in problems]


def test_feedback_prepared_in_advance_is_published_on_its_date(tmp_path: Path):
    data = tmp_path / "data"
    write_record(
        data,
        "consultations",
        "c",
        **{"from": "2024-03-01", "to": "2024-03-30"},
        feedback={"date": "2024-04-20", "comments_received": 3, "comments_adopted": 1},
    )
    records = [(BY_KEY["consultations"], r.data) for r in load_records(data, 1_000_000)]
    before = Catalog(records, dt.date(2024, 4, 19)).get("consultations", "c")
    after = Catalog(records, dt.date(2024, 4, 20)).get("consultations", "c")
    assert "feedback" not in before.data and after.data["feedback"]["comments_received"] == 3
