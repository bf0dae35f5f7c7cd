"""The checks on document versions (validate/versions.py): each passing and failing, on real files
with their positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.problems import ERROR, WARNING
from tests.support.helpers import assert_clean, line_of, only, run, write_record

V1 = "第一条 为了规范管理，制定本办法。\n\n第二条 本办法自公布之日起施行。\n"
V2 = "第一条 为了规范管理，制定本办法。\n\n第二条 办公用房实行统筹调剂。\n\n第三条 本办法自公布之日起施行。\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def amended(data: Path, versions: list[dict], body: str | None = None, **overrides) -> Path:
    return write_record(
        data,
        "documents",
        "rules",
        title="办公用房管理办法",
        effective_date="2024-03-01",
        body=body,
        versions=versions,
        **overrides,
    )


def nth_line(path: Path, start: str, n: int) -> int:
    """1-based line of the n-th line (from 1) whose stripped text starts with `start`."""
    found = [
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip().startswith(start)
    ]
    return found[n - 1]


def amendment(data: Path, **overrides) -> Path:
    fields = {
        "title": "关于修改办公用房管理办法的决定",
        "signed_date": "2024-05-06",
        "publish_date": "2024-05-10",
        "effective_date": "2024-06-01",
        "amends": ["rules"],
        **overrides,
    }
    return write_record(data, "documents", "amend", **fields)


def good_versions() -> list[dict]:
    return [{"date": "2024-03-01", "body": V1}, {"date": "2024-06-01", "by": "amend", "body": V2}]


def test_consistent_versions_are_clean(data):
    amended(data, good_versions())
    amendment(data)
    assert_clean(run(data))


def test_version_date_must_be_the_amendments_effective_date(data):
    versions = good_versions()
    versions[1]["date"] = "2024-05-10"
    path = amended(data, versions)
    amendment(data)
    problem = only(run(data), "与修改文件《关于修改办公用房管理办法的决定》的施行日期 2024-06-01 不一致", ERROR)
    assert problem.line == nth_line(path, "- date:", 2)  # the second version's date
    assert "请把 date 改为 2024-06-01" in problem.message


def test_amending_document_must_list_the_amended_one(data):
    amended(data, good_versions())
    path = amendment(data, amends=None, related=[{"type": "documents", "id": "rules"}])
    problem = only(run(data), "本文件的 amends 没有列出它", ERROR)
    assert problem.path.endswith("amend.yaml") and problem.line == line_of(path, "id")
    assert "amends: [rules]" in problem.message


def test_a_text_identical_to_the_previous_one_is_a_warning(data):
    versions = good_versions()
    versions[1]["body"] = V1 + "\n"  # trailing blank lines do not make a difference
    amended(data, versions)
    amendment(data)
    problems = run(data)
    only(problems, "第 2 个版本的文本与上一个版本完全相同", WARNING)
    assert not [p for p in problems if p.is_error]


def test_the_body_shown_must_be_the_last_versions_text(data):
    path = amended(data, good_versions(), body="第一条 另一个文本。\n")
    amendment(data)
    problem = only(run(data), "正文（body）与 versions 最后一个版本的文本不一致", ERROR)
    assert problem.line == line_of(path, "body")
    assert_clean(run(_rewrite(data, body=V2)))  # the same text as the last version: fine


def _rewrite(data: Path, **overrides) -> Path:
    amended(data, good_versions(), **overrides)
    amendment(data)
    return data


def test_every_later_version_names_its_amendment_and_dates_increase(data):
    versions = good_versions()
    del versions[1]["by"]
    versions[0]["date"] = "2024-07-01"
    amended(data, versions)
    amendment(data)
    problems = run(data)
    only(problems, "第 2 个版本没有填写 by（修改文件）", ERROR)
    only(problems, "第 2 个版本的施行日期 2024-06-01 不晚于上一个版本的 2024-07-01", ERROR)
    only(problems, "第一个版本（原始文本）的施行日期 2024-07-01 与文件的施行日期 2024-03-01 不一致", ERROR)
    only(problems, "versions 中没有它产生的修改后文本", WARNING)  # the amendment made no version


def test_an_unknown_amending_document_is_an_error(data):
    versions = good_versions()
    versions[1]["by"] = "amnd"
    amended(data, versions)
    amendment(data)
    only(run(data), "引用的规范性文件“amnd”不存在", ERROR)  # reported once, by the general reference rule
