"""Reference fields, declared once in the schemas: which fields of a record name another record.

A schema node with `"x-ref": "<type key>"` holds the id of a record of that type. `$defs/document_ref`
and `$defs/consultation_ref` (common.json) carry it, so every field written with them is a
reference; `"x-ref": "@type"` takes the target type from the sibling field `type` (the items of
`related`). JSON Schema validators ignore keywords they do not know (`x-` is the customary prefix).

Reference validation (`validate/references.py`), backlinks (`model.Catalog`), and the redaction
and columns of the open data (`render/exports.py`) read this declaration and nothing else.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gongkai.schemas import chain, merged_schema
from gongkai.types import BY_KEY

KEYWORD = "x-ref"
ITEMS = "[]"  # a path step: every item of an array
FROM_SIBLING = "@"  # "x-ref": "@type": the target type is the value of the sibling field `type`

PathKey = tuple[str | int, ...]
Reference = tuple[PathKey, str, str]  # (path of the value, target type key, target id)


@dataclass(frozen=True)
class RefField:
    """One reference field of a record type, e.g. ("repealed", "by") -> documents."""

    path: tuple[str, ...]  # property names, ITEMS for each item of an array
    target: str  # a type key, or FROM_SIBLING + the name of the field holding it

    @property
    def name(self) -> str:
        """The field's dotted name without list steps: "amends", "repealed.by", "related.id"."""
        return ".".join(step for step in self.path if step != ITEMS)


@functools.cache
def reference_fields(type_key: str) -> tuple[RefField, ...]:
    """The reference fields of a record type, in schema order."""
    root = merged_schema(BY_KEY[type_key].schema_name)
    found: list[RefField] = []
    _walk(root, root, (), found)
    return tuple(found)


def reference_field(type_key: str, *path: str) -> RefField:
    """The declared reference field at `path` (KeyError if the schema declares none there)."""
    for ref in reference_fields(type_key):
        if ref.name == ".".join(path):
            return ref
    raise KeyError(f"{type_key}: {'.'.join(path)} is not declared as a reference ({KEYWORD}) in the schema")


def _walk(node: dict[str, Any], root: dict[str, Any], path: tuple[str, ...], found: list[RefField]) -> None:
    for step in chain(node, root):
        if KEYWORD in step:
            found.append(RefField(path, step[KEYWORD]))
            return
        for name, child in (step.get("properties") or {}).items():
            _walk(child, root, (*path, name), found)
        if isinstance(step.get("items"), dict):
            _walk(step["items"], root, (*path, ITEMS), found)


def references_in(type_key: str, data: dict[str, Any]) -> Iterator[Reference]:
    """Every (path, target type, target id) a record's data names, in schema order."""
    for ref in reference_fields(type_key):
        yield from _expand(data, ref.path, (), ref.target, {})


def _expand(value: Any, rest: tuple[str, ...], at: PathKey, target: str, parent: Any) -> Iterator[Reference]:
    if not rest:
        type_key = parent.get(target[1:]) if target.startswith(FROM_SIBLING) and isinstance(parent, dict) else target
        if isinstance(value, str) and type_key in BY_KEY:
            yield at, type_key, value
        return
    step, remaining = rest[0], rest[1:]
    if step == ITEMS:
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _expand(item, remaining, (*at, index), target, value)
    elif isinstance(value, dict) and step in value:
        yield from _expand(value[step], remaining, (*at, step), target, value)
