"""A record file or a body file that is a symbolic link resolving outside `data/` (a CI runner's
`.git/config`, a home directory) is never read nor published: an error names it, as an attachment
outside `data/attachments/` is refused. Links that stay inside `data/` are followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gongkai import cli
from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.problems import ERROR
from gongkai.validate import validate_records
from tests.support.helpers import TODAY, write_record

SECRET = "url = https://x-access-token:ghs_SECRET@github.com/agency/site"

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "config").write_text(f"[remote]\n{SECRET}\n", encoding="utf-8")
    write_record(tmp_path / "data", "documents", "a")
    return tmp_path


def _problems(data_dir: Path):
    records = load_records(data_dir, 1_000_000)
    return records, validate_records(records, Settings(data_dir=data_dir), TODAY)


def test_a_body_file_linked_outside_data_is_refused_and_not_read(project):
    (project / "data/documents/a.md").symlink_to(project / "outside" / "config")
    records, problems = _problems(project / "data")
    assert "body" not in records[0].data
    (problem,) = [p for p in problems if p.path == str(Path("data/documents/a.md"))]
    assert problem.severity == ERROR and (problem.line, problem.column) == (1, 1)
    assert "符号链接" in problem.message and "数据目录" in problem.message
    assert all(SECRET not in p.message for p in problems)


def test_a_record_file_linked_outside_data_is_refused(project):
    (project / "outside" / "b.yaml").write_text(
        (project / "data/documents/a.yaml").read_text(encoding="utf-8").replace("id: a", "id: b"), encoding="utf-8"
    )
    (project / "data/documents/b.yaml").symlink_to(project / "outside" / "b.yaml")
    records, problems = _problems(project / "data")
    linked = next(r for r in records if r.path.name == "b.yaml")
    assert linked.file.data is None and not linked.file.ok
    assert [p.path for p in problems if p.is_error] == [str(Path("data/documents/b.yaml"))]


def test_a_folder_of_records_linked_outside_data_is_refused(project):
    (project / "outside" / "decisions").mkdir()
    write_record(project / "outside", "decisions", "c")
    (project / "data" / "decisions").symlink_to(project / "outside" / "decisions", target_is_directory=True)
    _records, problems = _problems(project / "data")
    assert [Path(p.path).name for p in problems if p.is_error] == ["c.yaml"]


def test_links_inside_data_are_followed(project):
    (project / "data" / "shared").mkdir()
    (project / "data" / "shared" / "a.md").write_text("正文写在共用目录。\n", encoding="utf-8")
    (project / "data/documents/a.md").symlink_to(project / "data" / "shared" / "a.md")
    records, problems = _problems(project / "data")
    assert records[0].data["body"] == "正文写在共用目录。\n"
    assert not [p for p in problems if p.is_error]


def test_gongkai_validate_fails_on_a_body_linked_outside(project, capsys):
    (project / "gongkai.yml").write_text("data_dir: data\n", encoding="utf-8")
    (project / "data/documents/a.md").symlink_to(project / "outside" / "config")
    assert cli.main(["--config", "gongkai.yml", "validate", "--today", "2024-12-31"]) == cli.EXIT_PROBLEMS
    out, _err = capsys.readouterr()
    assert f"{Path('data/documents/a.md')}:1:1: 错误" in out and SECRET not in out
