"""Structured report data as labelled tables, with labels taken from the JSON Schema.

The disclosure report's tables and the rule-of-law report's figures are nested mappings in the
record; their Chinese row and column names live once, in the schema, and are read from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.schemas import load_type_schema, resolve


@dataclass
class Row:
    label: str
    depth: int
    cells: list[Any]


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


def _is_row(schema: dict[str, Any], root: dict[str, Any]) -> bool:
    """A row is an object whose properties are all plain numbers."""
    props = schema.get("properties") or {}
    return bool(props) and all(resolve(p, root).get("type") in ("integer", "number") for p in props.values())


def tables(schema_name: str, data: dict[str, Any], part: str) -> list[Table]:
    """The tables of one part of a report (e.g. `requests`), rows nested by groups."""
    root = load_type_schema(schema_name)
    part_schema = resolve(root["properties"][part], root)
    part_data = data.get(part) or {}
    if _is_row(part_schema, root):  # a single row (e.g. one counter group)
        return [_single(part_schema, part_data, root)]
    first_row = _first_row_schema(part_schema, root)
    if first_row is None:
        return []
    columns = [resolve(p, root).get("title", k) for k, p in first_row["properties"].items()]
    table = Table(part_schema.get("title", part), ["项目", *columns])
    _collect(part_schema, part_data, root, table, list(first_row["properties"]), 0)
    return [table]


def _single(schema: dict[str, Any], data: dict[str, Any], root: dict[str, Any]) -> Table:
    props = schema["properties"]
    table = Table(schema.get("title", ""), [resolve(p, root).get("title", k) for k, p in props.items()])
    table.rows.append(Row("", 0, [data.get(k, "") for k in props]))
    return table


def _first_row_schema(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any] | None:
    for prop in (schema.get("properties") or {}).values():
        child = resolve(prop, root)
        if _is_row(child, root):
            return child
        if child.get("type") == "object" or child.get("properties"):
            found = _first_row_schema(child, root)
            if found:
                return found
    return None


def _collect(schema: dict[str, Any], data: dict[str, Any], root: dict[str, Any], table: Table, keys: list[str], depth: int) -> None:
    for name, prop in (schema.get("properties") or {}).items():
        child = resolve(prop, root)
        value = data.get(name) if isinstance(data, dict) else None
        label = child.get("title", name)
        if _is_row(child, root):
            row_keys = list(child["properties"])
            cells = [(value or {}).get(k, "") for k in row_keys] if row_keys == keys else [""] * len(keys)
            if row_keys != keys:  # a row of another shape: show its own labelled figures in the first cell
                cells[0] = "；".join(f"{resolve(p, root).get('title', k)} {(value or {}).get(k, '')}" for k, p in child["properties"].items())
            table.rows.append(Row(label, depth, cells))
        elif child.get("properties"):
            table.rows.append(Row(label, depth, []))
            _collect(child, value or {}, root, table, keys, depth + 1)


def section_titles(schema_name: str, part: str) -> dict[str, str]:
    """Chinese titles of the properties of one part (e.g. rule-of-law report `sections`)."""
    root = load_type_schema(schema_name)
    part_schema = resolve(root["properties"][part], root)
    return {k: resolve(p, root).get("title", k) for k, p in (part_schema.get("properties") or {}).items()}
