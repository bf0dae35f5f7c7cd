"""`gongkai inspect`: text, JSON and GitHub annotations; --strict fails on a 单项否决 item only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.cli.main import main
from gongkai.validate.inspection import DEDUCT, Finding, Result
from gongkai.validate.inspection.records import INTERACTION
from gongkai.validate.inspection.report import github_lines

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _in_demo(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_json_lists_every_indicator_with_its_source_and_level(capsys):
    assert main(["inspect", "--today", "2026-11-27", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["today"] == "2026-11-27" and report["passed"] is True
    by_key = {i["indicator"]: i for i in report["indicators"]}
    assert by_key["home"]["level"] is None and by_key["home"]["source"].startswith("国办秘函〔2019〕19号")
    assert all(i["findings"] == [] for i in report["indicators"])  # the demo passes as shipped
    assert main(["inspect", "--today", "2026-12-04", "--format", "json"]) == 0  # no --strict: reported only
    stale = json.loads(capsys.readouterr().out)
    home = {i["indicator"]: i for i in stale["indicators"]}["home"]
    assert stale["passed"] is False and home["level"] == "单项否决" and home["findings"][0]["level"] == "单项否决"


def test_strict_fails_on_a_veto_and_passes_without_one(capsys):
    assert main(["inspect", "--today", "2026-11-27", "--strict"]) == 0  # the demo passes as shipped
    assert main(["inspect", "--today", "2026-12-04", "--strict"]) == 1  # the home page: 14 days
    assert main(["inspect", "--today", "2026-12-04"]) == 0
    assert "单项否决" in capsys.readouterr().out


def test_source_date_epoch_fixes_today(capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796356800")  # 2026-12-04 in Asia/Shanghai
    assert main(["inspect", "--strict"]) == 1


def test_github_annotations_name_the_file_and_the_indicator(capsys):
    # 2027-02-01: the home page is stale (单项否决: an error) and the 2026 report is late (警告: a notice).
    main(["inspect", "--today", "2027-02-01", "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    home = next(line for line in lines if "首页不更新" in line)
    assert home.startswith("::error file=data/") and "title=首页不更新（单项否决）::" in home
    assert any(line.startswith("::notice file=data/reports/disclosure/") for line in lines)


def test_a_deduction_is_a_github_warning_at_its_file_and_line():
    finding = Finding(INTERACTION, DEDUCT, "逾期未反馈", "consultations/c/", "data/consultations/c.yaml", 3)
    (line,) = github_lines([Result(INTERACTION, "1 项征求意见", (finding,))])
    assert line.startswith("::warning file=data/consultations/c.yaml,line=3,title=")
    assert line.endswith("::逾期未反馈（页面 /consultations/c/）")


def test_a_wrong_today_is_a_usage_error(capsys):
    assert main(["inspect", "--today", "2026-13-01"]) == 2
    assert "--today" in capsys.readouterr().err
