"""`gongkai new` (issue #17): complete templates from the schema, previous year for reports, slug ids."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from gongkai.cli.main import main
from gongkai.cli.scaffold import record_template
from gongkai.config import source_date_epoch
from gongkai.schemas import load_type_schema, resolve
from gongkai.types import BY_KEY, RECORD_TYPES
from tests.support.helpers import run

TODAY = dt.date(2026, 11, 30)
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[a-z_]+):")
_FLOW_KEYS = re.compile(r"(?<=[{,] )([a-z_]+):|(?<={)([a-z_]+):")


def schema_paths(schema_name: str) -> set[str]:
    """Every field path the schema defines: `procedures.legality_review.date`, `cleanups[].result`."""
    root = load_type_schema(schema_name)
    found: set[str] = set()

    def walk(node: dict[str, Any], prefix: str) -> None:
        node = resolve(node, root)
        for name, sub in (node.get("properties") or {}).items():
            found.add(prefix + name)
            walk(sub, prefix + name + ".")
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            walk(node["items"], prefix.rstrip(".") + "[].")

    walk(root, "")
    return found


def template_paths(text: str) -> set[str]:
    """The field paths a template writes, commented out or not, from the keys' indentation."""
    found: set[str] = set()
    stack: list[tuple[int, str]] = []  # (indent of the key, path)
    list_parents: set[str] = set()
    for raw in text.splitlines():
        line = raw[2:] if raw.startswith("# ") else raw
        if line.strip() == "-":  # an example list item: its keys follow, one level deeper
            continue
        inner = re.sub(r"^( *)# (?=[a-z_]+:)", r"\1", line)  # a nested commented-out field
        match = _KEY_LINE.match(inner)
        if not match:
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        if parent and indent - stack[-1][0] == 4:  # keys of an item under "-"
            parent += "[]"
            list_parents.add(parent)
        path = f"{parent}.{match['key']}" if parent else match["key"]
        found.add(path)
        stack.append((indent, path))
        value = inner[match.end() :].split("  #", 1)[0].strip()
        if value.startswith("{"):  # a table row in flow style: its columns are its fields
            found |= {f"{path}.{a or b}" for a, b in _FLOW_KEYS.findall(value)}
    return found


def column_titles(text: str) -> set[str]:
    """The column titles a template names in its `# 列：key title | …` comments above table rows."""
    found: set[str] = set()
    for line in text.splitlines():
        if line.lstrip("# ").startswith("列："):
            found |= {pair.split(" ", 1)[1] for pair in line.split("列：", 1)[1].split(" | ")}
    return found


def uncomment(text: str) -> str:
    """What an editor gets by uncommenting every optional block (one "# " less on its lines)."""
    opened = re.compile(r"^# (?= |-|[a-z_]+:)")
    return "\n".join(opened.sub("", line) for line in text.splitlines())


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.key)
def test_template_writes_every_schema_field_with_its_comment(record_type):
    text = record_template(record_type, "2026-001", TODAY)
    missing = schema_paths(record_type.schema_name) - template_paths(text)
    assert not missing, sorted(missing)
    root = load_type_schema(record_type.schema_name)

    def titles_and_enums(node: dict[str, Any]):
        node = resolve(node, root)
        for sub in (node.get("properties") or {}).values():
            sub = resolve(sub, root)
            yield sub
            yield from titles_and_enums(sub)
        if isinstance(node.get("items"), dict):
            yield from titles_and_enums(node["items"])

    columns = column_titles(text)
    for field in titles_and_enums(root):
        assert f"# {field['title']}" in text or f"# # {field['title']}" in text or field["title"] in columns, field[
            "title"
        ]
        if "enum" in field:
            assert "可选值：" + "、".join(map(str, field["enum"])) in text


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.key)
def test_template_is_valid_yaml_and_its_optional_blocks_uncomment_to_valid_yaml(record_type):
    text = record_template(record_type, "2026-001", TODAY)
    data = yaml.safe_load(text)
    assert set(data) == set(load_type_schema(record_type.schema_name)["required"])
    full = yaml.safe_load(uncomment(text))
    assert set(full) == set(load_type_schema(record_type.schema_name)["properties"])


def test_decision_template_shows_the_five_procedures_and_their_keys():
    text = record_template(BY_KEY["decisions"], "2026-001", TODAY)
    procedures = yaml.safe_load(uncomment(text))["procedures"]
    assert list(procedures) == [
        "public_participation",
        "expert_review",
        "risk_assessment",
        "legality_review",
        "collective_discussion",
    ]
    assert set(procedures["legality_review"]) == {"date", "reviewer", "conclusion"}
    assert "可选值：合法、修改后合法、不合法" in text


def test_power_template_shows_responsibility_stages():
    text = record_template(BY_KEY["powers"], "2026-001", TODAY)
    assert "可选值：受理、审查、决定、送达、监管、其他" in text
    assert {
        "responsibilities[].stage",
        "responsibilities[].duty",
        "basis[].law",
        "supervision.phone",
    } <= template_paths(text)


@pytest.mark.parametrize("type_key", ["reports/rule-of-law", "reports/disclosure"])
def test_reports_propose_the_previous_year(tmp_path: Path, monkeypatch, type_key):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(dt.date(2027, 2, 3)))
    assert main(["new", type_key]) == 0
    (created,) = (tmp_path / "data" / type_key).glob("*.yaml")
    assert created.name == "2026-annual-report.yaml"
    assert yaml.safe_load(created.read_text(encoding="utf-8"))["year"] == 2026


def test_new_with_a_chinese_or_uppercase_id_writes_a_valid_id(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    assert main(["new", "documents", "--id", "2026-办公用房"]) == 0
    assert main(["new", "documents", "--id", "2026_Office Space"]) == 0
    names = sorted(p.name for p in (tmp_path / "data" / "documents").glob("*.yaml"))
    assert names == ["2026-ban-gong-yong-fang.yaml", "2026-office-space.yaml"]
    assert "已改为 2026-ban-gong-yong-fang" in capsys.readouterr().err
    problems = run(tmp_path / "data", TODAY)
    assert not [p for p in problems if "标识" in p.message and "id" in p.message], [p.format() for p in problems]


def test_disclosure_report_template_writes_one_line_per_table_row_under_its_columns():
    """Issue 24: the national tables' rows in flow style, the column names in a comment above, each
    row's national name after it; the data is the same as block style would give."""
    text = record_template(BY_KEY["reports/disclosure"], "2025-annual-report", TODAY)
    lines = text.splitlines()
    new = next(i for i, line in enumerate(lines) if line.startswith("  new: {"))
    assert lines[new].endswith("total: 0}  # 一、本年新收政府信息公开申请数量（必填）")
    assert lines[new - 2].startswith("  # 列：natural_person 自然人 | commercial 商业企业 | research 科研机构")
    assert lines[new - 2].endswith("other_org 其他 | total 总计")
    forward = next(line for line in lines if line.startswith("  carried_forward: {"))
    assert forward.endswith("# 四、结转下年度继续办理（必填）")
    review = next(i for i, line in enumerate(lines) if line.startswith("  reconsideration: {"))
    assert (
        "# 列：maintained 结果维持 | corrected 结果纠正 | other 其他结果 | pending 尚未审结 | total 总计"
        in "\n".join(lines[review - 3 : review])
    )
    assert "      # total: {natural_person: 0," in text  # a 小计 is optional: commented out
    assert (
        "    other:\n      # 列：" in text and "      overdue_correction: {" in text
    )  # （六）'s items, required together
    data = yaml.safe_load(text)
    assert data["requests"]["results"]["denied"]["third_party"] == dict.fromkeys(
        ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"], 0
    )
    assert data["proactive"]["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert "total" not in data["requests"]["results"]["denied"]
    rows = [line for line in lines if re.match(r"^ *[a-z_]+: \{", line)]
    assert len(rows) == 2 + 2 + 8 + 3 + 5 + 3 + 1 + 1 + 2 + 3  # 表三's national rows, 表二's two, 表四's three


def test_disclosure_report_descriptions_lead_with_the_national_names():
    """`other` means five things and carried_over / carried_forward are easy to swap: each field's
    description starts with the national row or column name it stands for."""
    schema = load_type_schema("disclosure-report")
    expectations = {
        ("other",): "六、其他需要报告的事项",
        ("requests", "carried_over"): "二、上年结转政府信息公开申请数量",
        ("requests", "carried_forward"): "四、结转下年度继续办理",
        ("requests", "results", "other"): "（六）其他处理",
        ("requests", "results", "other", "other"): "（六）其他处理 3.其他",
        ("reviews", "reconsideration", "other"): "其他结果",
        ("requests", "new", "other_org"): "法人或其他组织 › 其他",
    }
    for path, lead in expectations.items():
        node = {"properties": schema["properties"]}
        for part in path:
            node = resolve(resolve(node, schema)["properties"][part], schema)
        assert node["description"].startswith(lead), (path, node["description"])


def test_new_refuses_an_id_with_nothing_usable_and_shows_a_valid_one(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    assert main(["new", "documents", "--id", "——"]) == 2
    refusal = capsys.readouterr().err
    assert "“——”不能用作标识" in refusal and re.search(r"例如 20\d\d-office-space", refusal), refusal
    assert not (tmp_path / "data" / "documents").exists()
