"""The national names, read from the disclosure report's JSON Schema (the one source of field names).

Every field of the report's tables has the national row or column name as its schema `title`
(`（三）不予公开`, `3.危及“三安全一稳定”`, `科研机构`), so the importer's map from the printed form to
the fields is generated here from the schema, not typed a second time. The report's six parts are
its properties whose titles are numbered `一、` … `六、`: those holding objects are the tables
(表二、表三、表四), the others the text parts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from gongkai.load.report_form.grid import key, split_name, squeeze
from gongkai.schemas import chain, merged_schema, resolve

SCHEMA = "disclosure-report"
_PART = re.compile(r"^([一二三四五六七八九十]+)、")
_CAPTION = re.compile(r"^表([二三四五六七八九十]|\d)")
_DIGITS = "一二三四五六七八九"
SUBTOTAL = "小计"


@dataclass(frozen=True, eq=False)
class Node:
    """A field of a table: a figure (`leaf`), a row of figures (`row`) or a group of rows (`group`)."""

    name: str
    title: str
    path: tuple[str, ...]  # from the report's top level, e.g. ("requests", "results", "denied")
    kind: Literal["leaf", "row", "group"]
    children: tuple[Node, ...]
    amount: bool = False  # a leaf holding money as published (表二 行政事业性收费), not a count

    @functools.cached_property
    def enumerator(self) -> str | None:
        return split_name(self.title)[0]

    @functools.cached_property
    def core(self) -> str:
        return split_name(self.title)[1]

    @property
    def is_subtotal(self) -> bool:
        return key(self.title) == SUBTOTAL

    def child(self, name: str) -> Node:
        return next(c for c in self.children if c.name == name)


@dataclass(frozen=True, eq=False)
class Section:
    """One of the report's six numbered parts."""

    name: str  # the field: overview, proactive …
    title: str  # 二、主动公开政府信息情况
    number: str  # 二
    node: Node | None  # the table, for 二、三、四

    @property
    def is_table(self) -> bool:
        return self.node is not None

    @property
    def label(self) -> str:
        """表二 for a table, the title for a text part."""
        return f"表{self.number}" if self.node is not None else self.title


def _is_count(schema: dict[str, Any], root: dict[str, Any]) -> bool:
    """A count (a table cell: a non-negative integer, blank or "/"), not money: its type admits integers."""
    *_, effective = chain(schema, root)
    kinds = effective.get("type")
    return "integer" in (kinds if isinstance(kinds, list) else [kinds])


def _node(name: str, schema: dict[str, Any], root: dict[str, Any], path: tuple[str, ...]) -> Node:
    resolved = resolve(schema, root)
    title = str(resolved.get("title", name))
    properties = resolved.get("properties")
    if not properties:
        return Node(name, title, path, "leaf", (), amount=not _is_count(schema, root))
    children = tuple(_node(k, v, root, (*path, k)) for k, v in properties.items())
    kind: Literal["row", "group"] = "row" if all(c.kind == "leaf" for c in children) else "group"
    return Node(name, title, path, kind, children)


@functools.cache
def sections() -> tuple[Section, ...]:
    root = merged_schema(SCHEMA)
    found = []
    for name, schema in root["properties"].items():
        title = str(resolve(schema, root).get("title", ""))
        numbered = _PART.match(title)
        if not numbered:
            continue
        is_table = "properties" in resolve(schema, root)
        node = _node(name, schema, root, (name,)) if is_table else None
        found.append(Section(name, title, numbered.group(1), node))
    return tuple(found)


def section_of(text: str) -> Section | None:
    """The part a heading names: `二、主动公开政府信息情况` (as printed, or its name without the
    number, or with more after it), or a caption `表三` / `表3`."""
    caption = _CAPTION.match(squeeze(text))
    if caption:
        number = caption.group(1)
        number = _DIGITS[int(number) - 1] if number.isdigit() and 0 < int(number) < 10 else number
        return next((s for s in sections() if s.number == number and s.is_table), None)
    enumerator, core = split_name(text)
    if len(core) < 4:
        return None
    for section in sections():
        number, name = split_name(section.title)
        if enumerator not in (None, number):
            continue
        if core == name or (core.startswith(name) and len(core) <= len(name) + 12):
            return section
    return None


def match_child(text: str, node: Node) -> Node | None:
    """The child of `node` a printed name means: the same name (its number, where both have one,
    agreeing), or, for names of four characters or more, one the other begins with (a long row
    name printed short, or with a remark after it), if only one child fits."""
    enumerator, core = split_name(text)
    if not core:
        return None

    def agrees(child: Node) -> bool:
        return enumerator is None or child.enumerator is None or enumerator == child.enumerator

    exact = [c for c in node.children if c.core == core and agrees(c)]
    if len(exact) == 1:
        return exact[0]
    if exact:
        numbered = [c for c in exact if c.enumerator == enumerator]
        return numbered[0] if len(numbered) == 1 else None
    if len(core) < 4:
        return None
    loose = [
        c
        for c in node.children
        if agrees(c) and len(c.core) >= 4 and (c.core.startswith(core) or core.startswith(c.core))
    ]
    return loose[0] if len(loose) == 1 else None


def mentions(text: str, node: Node) -> bool:
    """Whether a header cell names something in the table (`行政诉讼` names two of 表四's rows)."""
    core = split_name(text)[1]
    if len(core) < 2:
        return False
    stack = list(node.children)
    while stack:
        child = stack.pop()
        if child.core == core or (len(core) >= 4 and child.core.startswith(core)):
            return True
        stack.extend(child.children)
    return False


def name_of(node: Node, table: Node) -> str:
    """How messages name a row: its titles below the table, without a level that only groups
    groups (`三、本年度办理结果`), e.g. `（三）不予公开 3.危及“三安全一稳定”`."""
    names = []
    current = table
    for part in node.path[len(table.path) :]:
        current = current.child(part)
        if current.kind == "group" and any(c.kind == "group" for c in current.children):
            continue
        names.append(current.title)
    return " ".join(names)
