"""Text in every field: what would break the build or deceive a reader, and markup shown as text.

- Every string of a record (keys included: `stats` names its figures freely) is checked for the
  characters of `gongkai.load.characters` after YAML has parsed it, so an escape such as `"\\x01"` or
  `"\\u202e"` is caught at its value's line and column instead of crashing the feed writer. (A body
  in a sibling `.md` file is checked where it is read, in `gongkai.load.records`, at its own lines.)
- A title or summary with `<…>` in it (pasted from a word processor, or `关于<试行>办法`) is shown
  on the site exactly as typed, never as markup: a warning says so, and how to write it instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gongkai.load.characters import has_hidden, hidden_characters
from gongkai.load.data import keys_and_values, walk
from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.context import Context

_MARKUP = re.compile(r"<[^<>\n]{0,80}>")
_MARKUP_FIELDS = {"title": "标题", "summary": "内容概要"}


def check(context: Context) -> Iterator[Problem]:
    for record in context.all_records:
        if not isinstance(record.file.data, dict):
            continue
        yield from _hidden_in_strings(record)
        yield from _markup(record)


def _hidden_in_strings(record: SourceRecord) -> Iterator[Problem]:
    if record.file.clean_text or not _may_hide(record.data):
        return  # nearly every record: no hidden character can be in it, or none is
    body_from_file = record.body_path is not None
    for path, text, is_key in _strings(record.data, ()):
        if has_hidden(text) is None or (body_from_file and path[:1] == ("body",)):
            continue  # clean; or a body checked in its own file, with its own line numbers
        found = next(hidden_characters(text))
        what = "字段名" if is_key else "字段值"
        message = (
            f"{_name(path)}的{what}{found.problem}（第 {found.index + 1} 个字符），"
            f"多半是用双引号里的转义（如 \\x01、\\u202e）写出或从其他软件粘贴而来。请删除该字符。"
        )
        yield record.problem(path, ERROR, message, at_key=is_key)


def _markup(record: SourceRecord) -> Iterator[Problem]:
    for field, label in _MARKUP_FIELDS.items():
        value = record.data.get(field)
        if not isinstance(value, str):
            continue
        match = _MARKUP.search(value)
        if match:
            yield record.problem(
                (field,),
                WARNING,
                f"{label}中的“{match.group()}”会按原样显示为文字，不会作为网页标记。"
                "如果是从文字处理软件粘贴的格式，请删除尖括号部分；如果是书名号或括号，请改用《》、〈〉或（）。",
            )


def _may_hide(data: dict[str, Any]) -> bool:
    """Whether any key or text of the record holds a hidden character: every one gathered in a walk
    without paths and searched at once (a line break is not one, so none spans two texts). Nearly
    every record is clean, and the walk with paths only runs for the others."""
    return has_hidden("\n".join(item for item in keys_and_values(data) if isinstance(item, str))) is not None


def _strings(value: Any, path: PathKey) -> Iterator[tuple[PathKey, str, bool]]:
    """(path, text, is_key) for every string in a loaded record, keys included."""
    return ((here, item, is_key) for here, item, is_key in walk(value, path) if isinstance(item, str))


def _name(path: PathKey) -> str:
    """`procedures.legality_review.reviewer`, list positions counted from 1 as editors do."""
    parts = [f"第{p + 1}项" if isinstance(p, int) else str(p) for p in path]
    return ".".join(parts) if parts else "记录"
