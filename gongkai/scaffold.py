"""`gongkai new`: a commented YAML template for a record type, written from its JSON Schema."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from gongkai.schemas import load_type_schema, resolve
from gongkai.types import RecordType

_DEPTH_OF_DATA_DIR = {1: "../../", 2: "../../../"}


def next_free_id(directory: Path, year: int) -> str:
    """The next `<year>-<nnn>` id not yet used in this type's directory."""
    taken = {p.stem for p in directory.glob("*.y*ml")} if directory.is_dir() else set()
    number = 1
    while f"{year}-{number:03d}" in taken:
        number += 1
    return f"{year}-{number:03d}"


def record_template(record_type: RecordType, record_id: str, today: dt.date) -> str:
    schema = load_type_schema(record_type.schema_name)
    up = _DEPTH_OF_DATA_DIR[record_type.key.count("/") + 1]
    lines = [
        f"# yaml-language-server: $schema={up}schemas/{record_type.schema_name}.schema.json",
        f"# {record_type.label}：由 gongkai new 生成。",
        "# 带“（必填）”的字段必须填写；其余字段按需去掉行首的 # 后填写，不用的可以删除。",
        "# 日期一律写作 YYYY-MM-DD；写完后运行 gongkai validate 检查。",
        "",
    ]
    required = set(schema.get("required", []))
    for name, prop in schema["properties"].items():
        lines.extend(_field(name, prop, name in required, record_id, today, schema))
    return "\n".join(lines) + "\n"


def _field(name: str, prop: dict[str, Any], required: bool, record_id: str, today: dt.date, root: dict) -> list[str]:
    prop = resolve(prop, root)
    title = prop.get("title", "")
    description = " ".join(str(prop.get("description", "")).split())
    marker = "（必填）" if required else ""
    comment = f"# {title}{marker}：{description}" if description else f"# {title}{marker}"
    value = _placeholder(name, prop, record_id, today, root)
    line = f"{name}:{value}"
    return [comment, line if required else f"# {line}", ""]


def _placeholder(name: str, prop: dict[str, Any], record_id: str, today: dt.date, root: dict) -> str:
    if name == "id":
        return f" {record_id}"
    if "enum" in prop:
        return f" {prop['enum'][0]}  # 可选值：{'、'.join(map(str, prop['enum']))}"
    kind = prop.get("type")
    if prop.get("format") == "date":
        return f" {today.isoformat()}"
    if kind == "boolean":
        return " false"
    if kind in ("integer", "number"):
        return f" {today.year}" if re.search("year", name) else " 0"
    if kind == "array":
        return " []"
    if kind == "object":
        return " {}" if not prop.get("properties") else ""
    return ' ""'
