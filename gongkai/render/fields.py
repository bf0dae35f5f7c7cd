"""Record data as templates see it: the fields the schema declares, each one there.

Templates read `record.data.<field>`. Through `Fields`, a field the schema declares but the record
leaves out is None (so `{% if record.data.expiry_date %}` is simply false; an object is an empty
view and a list is empty, so `record.data.filing.filed_date` is None too), and a name the schema
does not declare (a renamed or misspelt field) is undefined, which the strict undefined of the
site tests turns into an error instead of an empty string. Nested objects and the objects in
lists are seen the same way, with their part of the schema.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from gongkai.schemas import load_type_schema, resolve


class Fields(Mapping[str, Any]):
    """A read-only view of one object of record data, with its (resolved) schema node."""

    __slots__ = ("_data", "_node", "_root")

    def __init__(self, data: dict[str, Any], node: dict[str, Any], root: dict[str, Any]):
        self._data, self._node, self._root = data, node, root

    def __getitem__(self, key: str) -> Any:
        properties = self._node.get("properties") or {}
        if key not in self._data:
            if key in properties:
                return _absent(properties[key], self._root)
            raise KeyError(key)
        return _view(self._data[key], properties.get(key), self._root)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Fields({self._data!r})"


def _absent(node: dict[str, Any], root: dict[str, Any]) -> Any:
    """What a declared field the record leaves out reads as: an empty object view, an empty list, or None."""
    node = resolve(node, root)
    if "properties" in node:
        return Fields({}, node, root)
    if node.get("type") == "array":
        return []
    return None


def _view(value: Any, node: dict[str, Any] | None, root: dict[str, Any]) -> Any:
    if node is None or not isinstance(value, (dict, list)):
        return value
    node = resolve(node, root)
    if isinstance(value, dict):
        return Fields(value, node, root) if "properties" in node else value
    items = node.get("items")
    if isinstance(items, dict):
        return [_view(item, items, root) for item in value]
    return value


@functools.cache
def _schema(schema_name: str) -> dict[str, Any]:
    return load_type_schema(schema_name)


def fields(schema_name: str, data: dict[str, Any]) -> Fields:
    """The template view of a record's data (`record.type.schema_name`, `record.data`)."""
    root = _schema(schema_name)
    return Fields(data, root, root)
