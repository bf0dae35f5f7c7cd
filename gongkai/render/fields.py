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


class _Shape:
    """One resolved schema node, as the views read it: whether it is an object (has properties) or
    an array (and its items' shape), and its properties' shapes, each resolved once per build
    rather than at every access of a page's template (~40,000 per 3,000 pages)."""

    __slots__ = ("_children", "_item_shape", "_items", "_properties", "_root", "is_array", "is_object")

    def __init__(self, node: dict[str, Any], root: dict[str, Any]):
        self._root = root
        self._properties: dict[str, Any] = node.get("properties") or {}
        self.is_object = "properties" in node
        self.is_array = node.get("type") == "array"
        self._items: dict[str, Any] | None = node.get("items") if isinstance(node.get("items"), dict) else None
        # Made when first read (a schema may refer to itself).
        self._children: dict[str, _Shape] = {}
        self._item_shape: _Shape | None = None

    def child(self, key: str) -> _Shape | None:
        """The shape of property `key`, or None if the node does not declare it."""
        shape = self._children.get(key)
        if shape is None and key in self._properties:
            shape = self._children[key] = _Shape(resolve(self._properties[key], self._root), self._root)
        return shape

    def absent(self) -> Any:
        """What a declared field the record leaves out reads as: an empty object view, an empty list, or None."""
        if self.is_object:
            return Fields({}, self)
        return [] if self.is_array else None

    def view(self, value: Any) -> Any:
        if isinstance(value, dict):
            return Fields(value, self) if self.is_object else value
        if isinstance(value, list) and self._items is not None:
            if self._item_shape is None:
                self._item_shape = _Shape(resolve(self._items, self._root), self._root)
            return [self._item_shape.view(item) for item in value]
        return value


class Fields(Mapping[str, Any]):
    """A read-only view of one object of record data, with its schema node's shape."""

    __slots__ = ("_data", "_shape")

    def __init__(self, data: dict[str, Any], shape: _Shape):
        self._data, self._shape = data, shape

    def __getitem__(self, key: str) -> Any:
        shape = self._shape.child(key)
        if key not in self._data:
            if shape is None:
                raise KeyError(key)
            return shape.absent()
        value = self._data[key]
        return value if shape is None else shape.view(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Fields({self._data!r})"


@functools.cache
def _record_shape(schema_name: str) -> _Shape:
    root = load_type_schema(schema_name)
    return _Shape(root, root)


def fields(schema_name: str, data: dict[str, Any]) -> Fields:
    """The template view of a record's data (`record.type.schema_name`, `record.data`)."""
    return Fields(data, _record_shape(schema_name))
