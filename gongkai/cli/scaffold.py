"""`gongkai new`: a commented YAML template for a record type, written from its JSON Schema.

Every field the schema defines is written, nested ones included, each under a comment with its
Chinese title, whether it is required, its description and its allowed values, so the editor
never needs a second source to learn a record's shape. Required fields are written out; an
optional field is commented out with one "# " in front of every line of its block, so that
uncommenting the block (one "# " less) gives valid YAML with its own comments intact. A list of
mappings shows one example item. Annual reports (types with a `year`) propose the previous year:
the year a report is written in reports on the year before.

A table row (a mapping the schema marks `x-flow`, e.g. a row of the disclosure report's 表三) is
written on one line in flow style, `new: {natural_person: 0, …, total: 0}  # 一、本年新收…`, with
the columns' keys and titles in a comment above the first row of a run of rows with those columns.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from gongkai.schemas import chain, load_type_schema, resolve
from gongkai.types import RecordType

_DEPTH_OF_DATA_DIR = {1: "../../", 2: "../../../"}
INDENT = "  "


def next_free_id(directory: Path, year: int) -> str:
    """The next `<year>-<nnn>` id not yet used in this type's directory."""
    taken = _taken(directory)
    number = 1
    while f"{year}-{number:03d}" in taken:
        number += 1
    return f"{year}-{number:03d}"


def proposed_id(record_type: RecordType, directory: Path, today: dt.date) -> str:
    """The id `gongkai new` proposes: `<previous year>-annual-report` for a report, else the next free number."""
    if is_annual_report(record_type):
        candidate = f"{today.year - 1}-annual-report"
        if candidate not in _taken(directory):
            return candidate
        return next_free_id(directory, today.year - 1)
    return next_free_id(directory, today.year)


def is_annual_report(record_type: RecordType) -> bool:
    return "year" in load_type_schema(record_type.schema_name)["properties"]


def _taken(directory: Path) -> set[str]:
    return {p.stem for p in directory.glob("*.y*ml")} if directory.is_dir() else set()


def record_template(record_type: RecordType, record_id: str, today: dt.date) -> str:
    schema = load_type_schema(record_type.schema_name)
    up = _DEPTH_OF_DATA_DIR[record_type.key.count("/") + 1]
    lines = [
        f"# yaml-language-server: $schema={up}schemas/{record_type.schema_name}.schema.json",
        f"# {record_type.label}：由 gongkai new 生成。",
        "# 带“（必填）”的字段必须填写；其余字段已用 # 注释掉：需要时去掉这一段每行行首的“# ”后填写，不用的可以删除。",
        "# 日期一律写作 YYYY-MM-DD；冒号用半角“: ”（后面有一个空格）；写完后运行 gongkai validate 检查。",
        "",
    ]
    writer = _Writer(schema, record_id, today, report=is_annual_report(record_type))
    required = set(schema.get("required", []))
    for name, prop in schema["properties"].items():
        block = writer.field(name, prop, name in required, 0)
        lines.extend(block if name in required else _commented(block))
        lines.append("")
    return "\n".join(lines) + "\n"


def _commented(block: list[str]) -> list[str]:
    return [f"# {line}" for line in block]


class _Writer:
    def __init__(self, root: dict[str, Any], record_id: str, today: dt.date, report: bool):
        self.root = root
        self.record_id = record_id
        self.today = today
        self.report = report
        self.columns: list[str] = []  # the columns of the last table row written (see `_row`)
        self.explained: set[str] = set()  # the kinds of table row whose description is written

    def field(
        self, name: str, prop: dict[str, Any], required: bool, depth: int, in_optional: bool = False
    ) -> list[str]:
        """The comment and the lines of one field, `depth` levels deep (not yet commented out).

        Inside a block that is commented out as a whole (`in_optional`), optional fields are not
        commented out again: uncommenting the block shows them all, to fill in or delete.
        """
        in_optional = in_optional or not required
        *_, kind = chain(prop, self.root)  # a table row's own definition (its description), e.g. requester_row
        prop = resolve(prop, self.root)
        pad = INDENT * depth
        if prop.get("x-flow") and prop.get("properties"):
            return self._row(name, prop, kind if kind is not prop else {}, required, depth)
        self.columns = []
        lines = [pad + _comment(prop, required)]
        children = prop.get("properties")
        item = resolve(prop.get("items") or {}, self.root) if prop.get("type") == "array" else {}
        if children:
            lines.append(f"{pad}{name}:")
            lines.extend(self._mapping(prop, depth + 1, in_optional))
        elif item.get("properties"):
            lines.append(f"{pad}{name}:")
            lines.extend(self._example_item(item, depth + 1, in_optional))
        else:
            lines.append(f"{pad}{name}: {self._placeholder(name, prop, depth)}{_allowed(prop)}")
            if item:
                lines.insert(-1, f"{pad}# 每一项：{_comment(item, False).removeprefix('# ')}")
            named = prop.get("additionalProperties")
            if isinstance(named, dict) and named:
                lines.insert(
                    -1,
                    f"{pad}# 每一项写成“名称: 值”。值：{_comment(resolve(named, self.root), False).removeprefix('# ')}",
                )
        return lines

    def _row(self, name: str, prop: dict[str, Any], kind: dict[str, Any], required: bool, depth: int) -> list[str]:
        """A table row on one line, its national name in a comment after it; the columns' names in
        a comment above, where they differ from the row before, and the kind of row explained once."""
        pad = INDENT * depth
        children = {key: resolve(sub, self.root) for key, sub in prop["properties"].items()}
        lines = []
        if list(children) != self.columns:
            self.columns = list(children)
            names = " | ".join(f"{key} {sub.get('title', key)}" for key, sub in children.items())
            lines.append(f"{pad}# 列：{names}")
            about = " ".join(str(kind.get("description", "")).split())
            if about and about not in self.explained:
                self.explained.add(about)
                lines.append(f"{pad}# {about}")
        values = ", ".join(f"{key}: {self._placeholder(key, sub, depth + 1)}" for key, sub in children.items())
        marker = "（必填）" if required else ""
        return [*lines, f"{pad}{name}: {{{values}}}  # {prop.get('title', name)}{marker}"]

    def _mapping(self, prop: dict[str, Any], depth: int, in_optional: bool) -> list[str]:
        # Fields required when the schema's `if` holds (（六） written as its items) are shown as required.
        required = set(prop.get("required", [])) | set((prop.get("then") or {}).get("required", []))
        lines: list[str] = []
        for child, sub in prop["properties"].items():
            block = self.field(child, sub, child in required, depth, in_optional)
            lines.extend(block if child in required or in_optional else _commented_at(block, depth))
        return lines

    def _example_item(self, item: dict[str, Any], depth: int, in_optional: bool) -> list[str]:
        """One example item of a list of mappings: `-` then its fields, indented under the dash."""
        pad = INDENT * depth
        body = self._mapping(item, depth + 1, in_optional)
        return [f"{pad}# 每一项以“- ”开头，可以写多项。{_comment(item, False).removeprefix('# ')}", f"{pad}-", *body]

    def _placeholder(self, name: str, prop: dict[str, Any], depth: int) -> str:
        if name == "id" and depth == 0:
            return self.record_id
        if "enum" in prop:
            return _scalar(prop["enum"][0])
        kind = prop.get("type")
        if isinstance(kind, list):  # e.g. a table cell: a count, null or "/"
            kind = kind[0]
        if prop.get("format") == "date":
            return self.today.isoformat()
        if kind == "boolean":
            return "false"
        if kind in ("integer", "number"):
            if name == "year":
                return str(self.today.year - 1 if self.report else self.today.year)
            return str(self.today.year) if name.endswith("year") else "0"
        if kind == "array":
            return "[]"
        if kind == "object":
            return "{}"
        return '""'


def _commented_at(block: list[str], depth: int) -> list[str]:
    """Comment out a nested optional block: "# " after the block's indentation on every line."""
    pad = INDENT * depth
    return [f"{pad}# {line[len(pad) :]}" if line.startswith(pad) else f"# {line}" for line in block]


def _comment(prop: dict[str, Any], required: bool) -> str:
    title = prop.get("title", "")
    description = " ".join(str(prop.get("description", "")).split())
    marker = "（必填）" if required else ""
    if title and description.startswith(title):  # a description led by the national name: not twice
        rest = description[len(title) :].lstrip("：")
        return f"# {title}{marker}{rest if rest.startswith('（') else '：' + rest}" if rest else f"# {title}{marker}"
    return f"# {title}{marker}：{description}" if description else f"# {title}{marker}"


def _allowed(prop: dict[str, Any]) -> str:
    return f"  # 可选值：{'、'.join(map(str, prop['enum']))}" if "enum" in prop else ""


def _scalar(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
