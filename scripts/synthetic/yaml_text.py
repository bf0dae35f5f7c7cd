"""Writing a record's YAML the way editors write it (plain scalars where safe, flow maps of counts,
literal blocks for bodies), with the generated-data header and the schema comment."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .base import Rec

_PLAIN_UNSAFE = re.compile(r"[:#\[\]{},&*!|>'\"%@`]|^[\s\-?]|\s$|^$")
_RESOLVER = yaml.resolver.Resolver()


def scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # a date as written; the loader keeps it as text
    if _PLAIN_UNSAFE.search(text) or _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != "tag:yaml.org,2002:str":
        return json.dumps(text, ensure_ascii=False)
    return text


def emit(data: dict[str, Any], indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value.values()) and len(value) > 2:
                lines.append(f"{pad}{key}: {{{', '.join(f'{k}: {v}' for k, v in value.items())}}}")
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(emit(value, indent + 2))
        elif isinstance(value, list):
            if (
                all(isinstance(v, str) and "\n" not in v for v in value)
                and sum(len(v) for v in value) < 40
                and not any(re.search(r"[,\[\]{}:#]", v) for v in value)
            ):
                lines.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]")
            else:
                lines.append(f"{pad}{key}:")
                for item in value:
                    if isinstance(item, dict):
                        inner = emit(item, indent + 4)
                        lines.append(f"{pad}  - {inner[0].lstrip()}")
                        lines.extend(inner[1:])
                    else:
                        lines.append(f"{pad}  - {scalar(item)}")
        elif (isinstance(value, str) and "\n" in value) or (isinstance(value, str) and len(value) > 300):
            lines.append(f"{pad}{key}: |")
            lines.extend(f"{pad}  {line}" if line else "" for line in value.split("\n"))
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


SCHEMA_NAMES = {
    "documents": "document",
    "interpretations": "interpretation",
    "decisions": "decision",
    "consultations": "consultation",
    "powers": "power",
    "reports/rule-of-law": "rule-of-law-report",
    "reports/disclosure": "disclosure-report",
}


def record_text(rec: Rec) -> str:
    depth = rec.type.count("/") + 2
    header = [
        "# 基准测试数据（synthetic benchmark data）：由 scripts/generate_records.py 生成，不是真实政府信息。",
        f"# yaml-language-server: $schema={'../' * depth}schemas/{SCHEMA_NAMES[rec.type]}.schema.json",
    ]
    return "\n".join(header + emit(rec.data)) + "\n"
