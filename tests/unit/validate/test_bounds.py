"""Bounds on what one record may hold (issue 23): every list has a schema bound, a body's structure
has bounds, dates lie in a sane range and numbers are finite. Each is an error at the value, in
Chinese, saying the bound, before any rule or renderer works with the value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.schemas import load_type_schema
from gongkai.types import RECORD_TYPES
from tests.support.helpers import finishes, line_of, matching, run, write_record


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def errors(problems, text: str):
    return matching(problems, text, "错误")


# ------------------------------------------------------------------ lists


def _lists(node: Any, path: str, root: dict[str, Any]):
    """(path, schema) of every array and every free-keyed map in a schema."""
    if isinstance(node, dict):
        if node.get("type") == "array" or (
            node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict)
        ):
            yield path, node
        for key, child in node.items():
            yield from _lists(child, f"{path}/{key}", root)
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _lists(child, f"{path}/{index}", root)


@pytest.mark.parametrize("schema_name", [t.schema_name for t in RECORD_TYPES])
def test_every_list_a_record_may_hold_has_a_bound(schema_name):
    schema = load_type_schema(schema_name)
    unbounded = [
        path
        for path, node in _lists(schema, "", schema)
        if "maxItems" not in node and "maxProperties" not in node
    ]
    assert unbounded == [], f"{schema_name}: lists without maxItems/maxProperties: {unbounded}"


def test_too_many_subjects_is_an_error_that_says_the_bound(data):
    path = write_record(data, "documents", "doc", subjects=[f"主题{i}" for i in range(101)])
    found = errors(run(data), "超过上限 100 项")
    assert len(found) == 1, found
    assert "subjects" in found[0].message and "101 项" in found[0].message
    assert found[0].line == line_of(path, "subjects")


def test_a_hundred_thousand_subjects_are_refused_quickly(data):
    path = write_record(data, "documents", "doc")
    subjects = ", ".join(f"s{i:x}" for i in range(100_000))  # a flow list keeps the file under 1 MB
    path.write_text(path.read_text(encoding="utf-8") + f"subjects: [{subjects}]\n", encoding="utf-8")
    with finishes(60):
        found = errors(run(data), "超过上限 100 项")
    assert len(found) == 1


def test_too_many_stats_figures_is_an_error_that_says_the_bound(data):
    directory = data / "reports" / "rule-of-law"
    write_record(data, "documents", "doc")
    stats = "\n".join(f"  数据{i}: {i}" for i in range(201))
    directory.mkdir(parents=True)
    (directory / "r.yaml").write_text(
        "id: r\ntitle: 2023年度法治政府建设情况报告\npublish_date: 2024-03-01\nissuer: 河南省机关事务管理局\n"
        "disclosure: 主动公开\nyear: 2023\nsections:\n  measures: 甲\n  shortcomings: 乙\n  leadership: 丙\n"
        f"  next_year: 丁\nstats:\n{stats}\n",
        encoding="utf-8",
    )
    found = errors(run(data), "超过上限 200 个数据项")
    assert len(found) == 1, found
