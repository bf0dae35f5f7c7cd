"""The disclosure report's YAML as `gongkai import-report` writes it, generated from the schema.

The fields come in the schema's order. Table rows are written one per line in flow style with the
national row name in a comment after it and the column names in a comment above each block, so
the file reads like the printed form. Figures are written exactly as the contract says: a count
as a number, a blank cell as `null`, "/" as the string "/", money with the text it was published
with (`12.50`, not 12.5); 小计 rows are not written (derived), a group printed as one row is
written as its `total`. What the form cannot tell (publish date, issuer, index number …) is
written empty with a `# 待填写` comment: the file fails `gongkai validate` until it is filled.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from gongkai.load.report_form import Amount, ImportedReport, Node, sections
from gongkai.schemas import merged_schema, resolve
from gongkai.types import BY_KEY

TYPE_KEY = "reports/disclosure"
# Catalog fields (docs/rules.md, rule 11) asked for although the schema leaves them optional.
CATALOG_FIELDS = ("index_no",)
# What an annual disclosure report always is: 条例第四十九条、第五十条 require it to be published.
KNOWN = {"disclosure": "主动公开"}
INDENT = "  "


def report_yaml(report: ImportedReport, record_id: str, source_name: str) -> tuple[str, list[str]]:
    """The record's text, and the titles of the fields left to fill."""
    record_type = BY_KEY[TYPE_KEY]
    schema = merged_schema(record_type.schema_name)
    up = "../" * (TYPE_KEY.count("/") + 2)
    lines = [
        f"# yaml-language-server: $schema={up}schemas/{record_type.schema_name}.schema.json",
        f"# {record_type.label}：由 gongkai import-report 从 {source_name} 导入。",
        '# 表格中的数字按原表导入：空白的格写作 null，“/”写作 "/"，金额保留原表的写法；小计行不填写，由网站计算。',
        "# 标有“待填写”的字段无法从原表得知：填好以前，gongkai validate 报错，网站也不会发布这份报告。",
    ]
    known: dict[str, Any] = {**KNOWN, "id": record_id, "title": report.title, "year": report.year, **report.texts}
    tables = {s.name: s for s in sections() if s.node is not None}
    to_fill: list[str] = []
    for name, prop in schema["properties"].items():
        title = str(resolve(prop, schema).get("title", name))
        if name in tables:
            node = tables[name].node
            assert node is not None
            lines.append(f"{name}:  # {title}（表{tables[name].number}）")
            lines.extend(_mapping(node, report.values.get(name, {}), 1, [None]))
        elif known.get(name) not in (None, ""):
            lines.append(f"{name}: {_text(known[name], 0)}")
        elif name in schema.get("required", []) or name in CATALOG_FIELDS:
            hint = "；没有时删除本行" if name not in schema.get("required", []) else ""
            lines.append(f'{name}: ""  # 待填写：{title}（原表中没有{hint}）')
            to_fill.append(f"{name}（{title}）")
    text = "\n".join(lines) + "\n"
    _check(text, report, known)
    return text, to_fill


def _mapping(node: Node, values: dict[str, Any], depth: int, columns: list[tuple[str, ...] | None]) -> list[str]:
    lines = []
    pad = INDENT * depth
    for child in node.children:
        if child.name not in values:
            continue  # a 小计 not written, or an item of a group printed as one row
        value = values[child.name]
        if child.kind == "leaf":
            lines.append(f"{pad}{child.name}: {_figure(value)}  # {child.title}")
        elif child.kind == "row":
            titles = tuple(c.title for c in child.children)
            if columns[0] != titles:
                lines.append(f"{pad}# {'、'.join(titles)}")
                columns[0] = titles
            row = ", ".join(f"{c.name}: {_figure(value.get(c.name))}" for c in child.children if c.name in value)
            lines.append(f"{pad}{child.name}: {{{row}}}  # {child.title}")
        else:
            single = set(value) == {"total"}
            note = "（原表只有一行，作为小计导入）" if single else ""
            lines.append(f"{pad}{child.name}:  # {child.title}{note}")
            lines.extend(_mapping(child, value, depth + 1, columns))
    return lines


def _figure(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, Amount):
        return value.text
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"not a figure: {value!r}")
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)


def _text(value: Any, depth: int) -> str:
    """A string on one line (JSON's quoting is YAML's double-quoted style), or a literal block."""
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    quoted = json.dumps(value, ensure_ascii=_unsafe(value))
    if "\n" not in value or _unsafe(value):
        return value if _is_plain(value) else quoted
    pad = INDENT * (depth + 1)
    return "|\n" + "\n".join(pad + line if line else "" for line in value.splitlines())


def _is_plain(text: str) -> bool:
    """Whether a one-line string reads back as itself without quotes (`2025-annual-report`, `主动公开`)."""
    if not text or "#" in text or text != text.strip():
        return False
    try:
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def _unsafe(text: str) -> bool:
    """Characters a literal block could not carry (controls, line separators, BOM, non-characters)."""
    return any(
        (ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029\ufeff\ufffe\uffff"
        for ch in text
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return float(value.text) if isinstance(value, Amount) else value


def _check(text: str, report: ImportedReport, known: dict[str, Any]) -> None:
    """The text written reads back as the values imported (else it is gongkai's bug: stop)."""
    data = yaml.safe_load(text)
    for name, value in report.values.items():
        if data.get(name) != _plain(value):
            raise RuntimeError(f"import-report wrote {name} that does not read back as imported")
    for name, value in known.items():
        written = data.get(name)
        if isinstance(written, str) and isinstance(value, str) and "\n" in value:
            written = written.removesuffix("\n")  # a literal block ends with a line break
        if value not in (None, "") and written != value:
            raise RuntimeError(f"import-report wrote {name} that does not read back as imported")
