"""The gongkai command: exit codes, message format, GitHub annotations, paths, new, schemas."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli.main import main
from gongkai.schemas import load_type_schema
from tests.support.sites import ROOT

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>错误|警告) (?P<message>.+)$")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "gongkai.yml").write_text("data_dir: data\n", encoding="utf-8")
    return tmp_path


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args], cwd=project, capture_output=True, text=True, timeout=120
    )


def test_demo_data_validates_with_exit_0(project: Path):
    result = run(project, "validate", "--today", "2026-11-27")
    assert result.returncode == 0, result.stdout
    assert all(LINE.match(line) for line in result.stdout.splitlines())
    assert "0 个错误" in result.stderr


def test_errors_exit_1_and_every_problem_is_reported(project: Path):
    document = project / "data" / "documents" / "2023-vehicle-management.yaml"
    document.write_text(
        document.read_text(encoding="utf-8").replace("豫管〔2023〕5号", "豫管【2023】005号"), encoding="utf-8"
    )
    power = project / "data" / "powers" / "vehicle-quota-approval.yaml"
    power.write_text(power.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    (project / "data" / "interpretations" / "broken.yaml").write_bytes("title: 公务用车\n".encode("gbk"))
    result = run(project, "validate", "--today", "2026-11-27")
    assert result.returncode == 1
    lines = [LINE.match(line) for line in result.stdout.splitlines()]
    assert all(lines), result.stdout
    messages = {(Path(m["path"]).name, m["severity"]): m["message"] for m in lines}
    assert "应为 豫管〔2023〕5号" in messages[("2023-vehicle-management.yaml", "错误")]
    assert "未知字段 titel，是否应为 title？" in result.stdout
    assert "GBK" in messages[("broken.yaml", "错误")]
    titel = next(m for m in lines if "titel" in m["message"])
    assert int(titel["line"]) == next(
        i for i, line in enumerate(power.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("titel:")
    )
    assert "Traceback" not in result.stderr


def test_the_summary_comes_after_the_problems_in_one_stream(project: Path):
    """`gongkai validate 2>&1 | less`: the problems, then the summary on a line of its own."""
    add_overdue_consultation(project)
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "validate", "--today", "2026-11-27"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    lines = result.stdout.splitlines()
    assert len(lines) >= 2 and all(LINE.match(line) for line in lines[:-1]), result.stdout
    assert lines[-1].startswith("已检查 ") and lines[-1].endswith("1 个警告。")


def add_overdue_consultation(project: Path) -> None:
    """A consultation closed on 2018-11-01 without feedback: a warning as of any later date."""
    (project / "data" / "consultations" / "2018-old.yaml").write_text(
        "id: 2018-old\ntitle: 征求意见\npublish_date: 2018-09-01\nissuer: 河南省机关事务管理局\n"
        "disclosure: 主动公开\nfrom: 2018-09-01\nto: 2018-11-01\n",
        encoding="utf-8",
    )


def test_github_annotations(project: Path):
    add_overdue_consultation(project)  # the demo data itself has no warning
    document = project / "data" / "documents" / "2023-vehicle-management.yaml"
    document.write_text(
        document.read_text(encoding="utf-8").replace("豫管〔2023〕5号", "豫管[2023]5号"), encoding="utf-8"
    )
    result = run(project, "validate", "--today", "2026-11-27", "--format", "github")
    assert result.returncode == 1
    assert re.search(
        r"^::error file=data/documents/2023-vehicle-management\.yaml,line=\d+,col=\d+::文号", result.stdout, re.M
    )
    assert re.search(r"^::warning file=", result.stdout, re.M)


def test_validate_paths_reports_only_those_files_but_checks_references_against_all(project: Path):
    interpretation = project / "data" / "interpretations" / "2023-vehicle-management-qa.yaml"
    interpretation.write_text(
        interpretation.read_text(encoding="utf-8").replace(
            "interprets: 2023-vehicle-management", "interprets: no-such-document"
        ),
        encoding="utf-8",
    )
    only_documents = run(project, "validate", "--today", "2026-11-27", "data/documents")
    assert only_documents.returncode == 0 and "no-such-document" not in only_documents.stdout
    only_it = run(project, "validate", "--today", "2026-11-27", str(interpretation.relative_to(project)))
    assert only_it.returncode == 1 and "no-such-document" in only_it.stdout
    clean_one = run(
        project, "validate", "--today", "2026-11-27", "data/interpretations/2024-office-space-amendment-explained.yaml"
    )
    assert clean_one.returncode == 0  # its reference to a document is checked against all records


def test_strict_makes_warnings_fail(project: Path):
    assert run(project, "validate", "--today", "2026-11-27", "--strict").returncode == 0  # the demo has no warning
    add_overdue_consultation(project)
    assert run(project, "validate", "--today", "2026-11-27").returncode == 0
    assert run(project, "validate", "--today", "2026-11-27", "--strict").returncode == 1


def test_exit_2_when_it_cannot_run(tmp_path: Path):
    result = run(tmp_path, "validate")
    assert result.returncode == 2 and "找不到数据目录" in result.stderr
    assert run(tmp_path, "validate", "--today", "2026-13-01").returncode == 2
    assert run(tmp_path, "no-such-command").returncode == 2


def test_source_date_epoch_fixes_the_date(project: Path):
    # A consultation that closed on 2018-11-01 without feedback: as of 2019-01-01 (the epoch below)
    # its feedback is 31 days overdue; as of any later date, more. (The demo data itself is clean
    # whatever the date: its consultations carry their feedback.)
    add_overdue_consultation(project)
    env_result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "validate"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": "1546300800", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert "已超过反馈期限 31 日" in env_result.stdout, env_result.stdout + env_result.stderr


@pytest.mark.parametrize(
    "type_key",
    [
        "documents",
        "interpretations",
        "decisions",
        "consultations",
        "powers",
        "reports/rule-of-law",
        "reports/disclosure",
    ],
)
def test_new_writes_a_commented_template_with_the_next_free_id(project: Path, type_key: str, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["new", type_key]) == 0
    created = sorted((project / "data" / type_key).glob("20*-0*.yaml"))
    assert created, capsys.readouterr()
    text = created[-1].read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    for name in load_type_schema(_schema_name(type_key))["properties"]:
        assert re.search(rf"^(# )?{re.escape(name)}:", text, re.M), name
    # a second call takes the next id
    assert main(["new", type_key]) == 0
    assert len(sorted((project / "data" / type_key).glob("20*-0*.yaml"))) == len(created) + 1


def _schema_name(type_key: str) -> str:
    from gongkai.types import BY_KEY

    return BY_KEY[type_key].schema_name


def test_a_new_document_filled_in_validates(project: Path, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["new", "documents", "--id", "2026-new-rule"]) == 0
    path = project / "data" / "documents" / "2026-new-rule.yaml"
    text = path.read_text(encoding="utf-8")
    assert "id: 2026-new-rule" in text
    result = run(project, "validate", "--today", "2026-11-27", str(path.relative_to(project)))
    # the template's placeholders are empty: validation names what to fill in, without a traceback
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "title" in result.stdout


def test_schemas_command_writes_what_the_repository_ships(tmp_path: Path):
    result = run(ROOT, "schemas", "--write", str(tmp_path))
    assert result.returncode == 0
    for shipped in (ROOT / "schemas").glob("*.schema.json"):
        assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes()
