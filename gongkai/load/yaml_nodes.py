"""libyaml's nodes made into plain Python data, refusing what records never need, and noting
where every value and key stands when asked.

`gongkai.load.files` reads a file with `READER` (libyaml's C parser composing the node tree) and
builds its data with `NodeBuilder`; a hazard in the nodes (an unknown tag, a duplicate key, a
complex key, nesting deeper than `MAX_DEPTH`) is a `Refused` with the node's line and column and
a Chinese message.
"""

from __future__ import annotations

from typing import Any

import yaml

from gongkai.load.numbers import WrittenFloat

try:  # libyaml's C loader is required for speed; fall back only so that errors stay readable
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only on machines without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # PyYAML: SafeLoader is not a CSafeLoader


MAX_DEPTH = 40

Position = tuple[int, int]
PathKey = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
# Scalars kept as the text written (dates stay strings; the schema checks them).
_TEXT_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"})
_ScalarNode = yaml.ScalarNode


# YAML 1.1's implicit tags (bool, int, float, null, timestamp) by the first character of a plain
# scalar, as the resolver of `_Loader` has them, tried in its order.
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {
    first: tuple(found) + _WILDCARD for first, found in _Loader.yaml_implicit_resolvers.items() if first is not None
}
_DEFAULT_TAGS = {
    yaml.ScalarNode: _Loader.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: _Loader.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: _Loader.DEFAULT_MAPPING_TAG,
}
_RESOLVED: dict[str, str] = {}  # plain scalar -> its tag, for short ones with a tag to try (field names, dates)
_RESOLVED_MAX = 50_000


class TagCachingReader(_Loader):
    """libyaml's loader, resolving each node's tag as its resolver does, faster: libyaml asks for
    every node (half a million at 10,000 records), and field names, dates and enumerated values
    repeat from file to file, so a short plain scalar's tag is remembered."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or not implicit[0] or value is None:  # a scalar's value is never None
            return _DEFAULT_TAGS[kind]
        candidates = _IMPLICIT.get(value[:1], _WILDCARD)
        if not candidates:
            return _DEFAULT_TAGS[kind]  # most texts: nothing to try
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = _DEFAULT_TAGS[kind]
            for candidate, pattern in candidates:
                if pattern.match(value):
                    tag = candidate
                    break
            if len(value) <= 16 and len(_RESOLVED) < _RESOLVED_MAX:
                _RESOLVED[value] = tag
        return tag


# SafeLoader has no path resolvers; were there any, the table above would not know them.
READER: type[_Loader] = _Loader if _Loader.yaml_path_resolvers else TagCachingReader


class Refused(Exception):
    """A hazard found while constructing data from nodes; carries the node's position."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.line = mark.line + 1
        self.column = mark.column + 1
        self.message = message


def refuse_anchors(text: str) -> None:
    """Anchors and aliases let one file expand into millions of values; records never need them."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise Refused(
                event.start_mark, f"不支持 YAML 别名（*{event.anchor}）。请把内容直接写出来，不要用 & 和 * 引用。"
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise Refused(event.start_mark, f"不支持 YAML 锚点（&{anchor}）。请把内容直接写出来，不要用 & 和 * 引用。")


class NodeBuilder:
    """Builds plain data from libyaml nodes, refusing hazards; with `positions` and
    `key_positions` given, records where every value and key stands."""

    def __init__(self, positions: dict[PathKey, Position] | None, key_positions: dict[PathKey, Position] | None):
        self.positions = positions
        self.key_positions = key_positions

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise Refused(node.start_mark, f"结构嵌套过深（超过 {MAX_DEPTH} 层）。记录的字段层级应当很浅，请检查缩进。")
        mark = node.start_mark
        positions = self.positions
        if positions is not None:
            positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise Refused(mark, f"不支持的 YAML 标签 {node.tag}。请删除以 ! 开头的标签。")
            if depth >= MAX_DEPTH:
                return [self.build(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
            items = []
            for index, item in enumerate(node.value):
                if item.__class__ is _ScalarNode and item.tag in _TEXT_TAGS:  # inlined build() of a text
                    if positions is not None:
                        mark = item.start_mark
                        positions[path + (index,)] = (mark.line + 1, mark.column + 1)
                    items.append(item.value)
                else:
                    items.append(self.build(item, path + (index,), depth + 1))
            return items
        if node.tag != "tag:yaml.org,2002:map":
            raise Refused(mark, f"不支持的 YAML 标签 {node.tag}。请删除以 ! 开头的标签。")
        return self._mapping(node, path, depth)

    def _mapping(self, node: yaml.Node, path: PathKey, depth: int) -> dict[str, Any]:  # tagged map: a MappingNode
        positions, key_positions = self.positions, self.key_positions
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise Refused(
                    key_node.start_mark, "字段名必须是简单的文字。请检查这一行的写法（不支持 ? 复杂键和 << 合并）。"
                )
            key = key_node.value
            if key in mapping:
                first_line = next(k for k, _v in node.value if k.value == key).start_mark.line + 1
                raise Refused(
                    key_node.start_mark,
                    f"字段 {key} 重复（第 {first_line} 行已有）。同一层级的字段只能出现一次，请删除或合并其中一个。",
                )
            if value_node.__class__ is _ScalarNode and value_node.tag in _TEXT_TAGS and depth < MAX_DEPTH:
                # The common case, inlined: exactly what build() does for a text or a date.
                mapping[key] = value_node.value
                if positions is None:
                    continue
                child = path + (key,)
                mark = value_node.start_mark
                positions[child] = (mark.line + 1, mark.column + 1)
            else:
                child = path + (key,)
                mapping[key] = self.build(value_node, child, depth + 1)
            if key_positions is not None:
                key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return mapping

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise Refused(node.start_mark, f"不支持的 YAML 标签 {tag}。请删除以 ! 开头的标签。")
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return node.value  # dates stay as written; the schema checks them
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            # An explicit `!!bool` on another word ("!!bool maybe") stays text; the schema reports it.
            return yaml.SafeLoader.bool_values.get(node.value.lower(), node.value)
        try:
            if tag == "tag:yaml.org,2002:int":
                return yaml.SafeLoader.construct_yaml_int(_SCALAR_CONSTRUCTOR, node)
            number = yaml.SafeLoader.construct_yaml_float(_SCALAR_CONSTRUCTOR, node)
            return WrittenFloat(number, node.value)
        except (ValueError, OverflowError, IndexError):  # `!!int ""` and the like stay text
            return node.value


_SCALAR_CONSTRUCTOR = yaml.SafeLoader("")
