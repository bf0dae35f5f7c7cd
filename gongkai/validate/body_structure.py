"""Markdown text of every record within the bounds of `gongkai.load.markdown_bounds` (docs/rules.md,
“正文的结构”): an excess is an error at its line (in the body's `.md` file, or in the YAML block), so
the build stops before the renderer sees the text. Every field the schema declares as Markdown
(`$defs/markdown`: bodies, a version's body, a report's parts …) is checked.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gongkai.load.data import walk
from gongkai.load.files import PathKey
from gongkai.load.markdown_bounds import MAX_NESTING, Excess, first_excess
from gongkai.load.records import SourceRecord, display_path
from gongkai.problems import ERROR, Problem
from gongkai.schemas import merged_schema, resolve
from gongkai.validate.context import Context

__all__ = ["check"]


def check(context: Context) -> Iterator[Problem]:
    for record in context.all_records:
        if not isinstance(record.file.data, dict):
            continue
        fields = _markdown_fields(record.type.schema_name)
        for path, value, is_key in walk(record.data):
            if is_key or not isinstance(value, str) or len(value) <= MAX_NESTING:
                continue
            if tuple("*" if isinstance(p, int) else p for p in path) not in fields:
                continue
            excess = first_excess(value)
            if excess is not None:
                yield _problem(record, path, value, excess)


def _problem(record: SourceRecord, path: PathKey, text: str, excess: Excess) -> Problem:
    line_in_text = text.count("\n", 0, excess.offset)
    column = excess.offset - (text.rfind("\n", 0, excess.offset) + 1) + 1
    named = ".".join(f"第{p + 1}项" if isinstance(p, int) else str(p) for p in path)
    message = f"{named}（Markdown 文字）：{excess.message}"
    if path == ("body",) and record.body_path is not None and path not in record.file.positions:
        return Problem(display_path(record.body_path), line_in_text + 1, column, ERROR, message)  # the .md file
    line, value_column = record.file.pos(path)
    if _block_scalar(record.path, line, value_column):
        return Problem(record.file.display_path, line + 1 + line_in_text, 1, ERROR, message)
    return Problem(
        record.file.display_path, line + line_in_text, value_column if not line_in_text else 1, ERROR, message
    )


def _block_scalar(path: Path, line: int, column: int) -> bool:
    """Whether the value at (line, column) of the file is a `|` or `>` block (its text starts on the next line)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if number == line:
                    return text[column - 1 : column] in ("|", ">")
    except OSError:
        pass
    return False


@functools.cache
def _markdown_fields(schema_name: str) -> frozenset[PathKey]:
    """Paths (list items as `*`) of every field the schema declares as Markdown (`$defs/markdown`)."""
    root = merged_schema(schema_name)
    found: set[PathKey] = set()

    def visit(node: Any, path: PathKey, depth: int) -> None:
        if not isinstance(node, dict) or depth > 20:
            return
        refs = [node.get("$ref"), *(part.get("$ref") for part in node.get("allOf", []) if isinstance(part, dict))]
        if "#/$defs/markdown" in refs:
            found.add(path)
        node = resolve(node, root)
        for key, child in (node.get("properties") or {}).items():
            visit(child, (*path, key), depth + 1)
        if isinstance(node.get("items"), dict):
            visit(node["items"], (*path, "*"), depth + 1)
        for part in node.get("allOf", []) + node.get("anyOf", []) + node.get("oneOf", []):
            visit(part, path, depth + 1)

    visit({"properties": root["properties"]}, (), 0)
    return frozenset(found)
