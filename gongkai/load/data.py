"""Walking loaded data (what YAML gives: mappings, lists and plain values), as every stage reads
a record's fields: the value at a path, and every key and value in one walk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from gongkai.load.files import PathKey


def value_at(data: Any, path: Iterable[Any]) -> Any:
    """The value at `path` (keys into nested mappings); None where a key is missing or a step is
    not a mapping."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def walk(data: Any, path: PathKey = (), *, indexes: bool = True) -> Iterator[tuple[PathKey, Any, bool]]:
    """(path, item, is_key) for every key and every value that is neither a mapping nor a list,
    anywhere in `data`, in the order written: a mapping's keys (at the path of their value) before
    its values. With `indexes=False` a list item's path is its list's (the field names leading to
    it). No recursion: it runs over every value of every record."""
    stack = [(path, data)]
    while stack:
        here, item = stack.pop()
        if isinstance(item, dict):
            children = [(here + (key,), child) for key, child in item.items()]
            for at, _child in children:
                yield at, at[-1], True
        elif isinstance(item, list) and indexes:
            children = [(here + (index,), child) for index, child in enumerate(item)]
        elif isinstance(item, list):
            children = [(here, child) for child in item]
        else:
            yield here, item, False
            continue
        children.reverse()  # the first child is walked first
        stack += children


def keys_and_values(data: Any) -> Iterator[Any]:
    """Every key, and every value that is neither a mapping nor a list, anywhere in loaded data,
    without paths (and in no particular order): `walk` at a fraction of its cost, for the checks
    that rule a record out before the walk that reports with paths."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield from item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            yield item
