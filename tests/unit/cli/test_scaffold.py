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

    for field in titles_and_enums(root):
        assert f"# {field['title']}" in text or f"# # {field['title']}" in text, field["title"]
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
