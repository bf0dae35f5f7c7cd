"""JSON Schemas of the seven record types.

Source of truth: ``common.json`` (fields every record has, plus reusable ``$defs``) and
``types/<schema_name>.json`` (type-specific properties, which may override a common one).
``load_type_schema`` merges them into one self-contained draft-07 schema per type; the merged
schemas are also written to ``schemas/<schema_name>.schema.json`` at the repository root for
editors' autocompletion (``write_schemas``).
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from gongkai.types import RECORD_TYPES

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

__all__ = [
    "DRAFT_07",
    "all_schemas",
    "field_schema",
    "load_type_schema",
    "merged_schema",
    "schema_json",
    "write_schemas",
]


def _read(*parts: str) -> dict[str, Any]:
    resource = resources.files(__package__)
    for part in parts:
        resource = resource.joinpath(part)
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


@functools.cache
def merged_schema(schema_name: str) -> dict[str, Any]:
    """The merged schema of one record type, cached and shared: read only (`load_type_schema` copies it)."""
    known = [t.schema_name for t in RECORD_TYPES]
    if schema_name not in known:
        raise KeyError(f"unknown schema {schema_name!r}; expected one of {', '.join(known)}")
    common = _read("common.json")
    specific = _read("types", f"{schema_name}.json")

    defs = dict(common.get("$defs", {}))
    for name, definition in specific.get("$defs", {}).items():
        if name in defs:
            raise ValueError(f"{schema_name}: $defs/{name} is already defined in common.json")
        defs[name] = definition

    # Common properties first (in their order); a type's property replaces the common one in place.
    properties = dict(common["properties"])
    properties.update(specific.get("properties", {}))

    required: list[str] = []
    for name in [*common.get("required", []), *specific.get("required", [])]:
        if name not in required:
            required.append(name)

    return {
        "$schema": DRAFT_07,
        "$id": f"{schema_name}.schema.json",
        "title": specific["title"],
        "description": specific["description"],
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "$defs": defs,
    }


def load_type_schema(schema_name: str) -> dict[str, Any]:
    """The merged, self-contained draft-07 schema of one record type (e.g. ``"document"``).

    The result is cached; callers get a fresh deep copy so they may not corrupt the cache.
    """
    return copy.deepcopy(merged_schema(schema_name))


def chain(node: dict[str, Any], root: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The node and the nodes its local `$ref`s and single-entry `allOf`s lead to, in order."""
    while True:
        yield node
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        elif "allOf" in node and len(node["allOf"]) == 1 and "properties" not in node:
            node = node["allOf"][0]
        else:
            return


def resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """A property's effective schema: local `$ref`s and single-entry `allOf`s followed, keeping
    the outer title and description (fields written as `{title, description, allOf: [$ref]}`)."""
    outer = {k: v for k, v in node.items() if k in ("title", "description")}
    *_, effective = chain(node, root)  # the last one is the effective schema
    return {**effective, **outer}


def field_schema(schema_name: str, *path: str) -> dict[str, Any]:
    """The resolved schema of a (nested) field, e.g. ``field_schema("disclosure-report", "requests",
    "new")``: its ``title`` is how pages and messages name it. Read-only (cached, not copied)."""
    root = merged_schema(schema_name)
    node: dict[str, Any] = {"properties": root["properties"]}
    for part in path:
        node = resolve(resolve(node, root)["properties"][part], root)
    return node


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every merged schema, keyed by schema name, in the order of ``RECORD_TYPES``."""
    return {t.schema_name: load_type_schema(t.schema_name) for t in RECORD_TYPES}


def schema_json(schema_name: str) -> str:
    """The exact text written to ``<schema_name>.schema.json`` (deterministic)."""
    return json.dumps(merged_schema(schema_name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(directory: str | Path) -> list[Path]:
    """Write ``<schema_name>.schema.json`` for every type into ``directory``; return the paths."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for record_type in RECORD_TYPES:
        path = target / f"{record_type.schema_name}.schema.json"
        path.write_text(schema_json(record_type.schema_name), encoding="utf-8", newline="\n")
        written.append(path)
    return written
