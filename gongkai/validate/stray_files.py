"""Files under data/ that will not be read: say so instead of skipping them without a word.

Only `data/<type>/<name>.yaml` (or `.yml`) is a record, and `<name>.md` beside it its body. A record
saved as `x.yaml.txt` or `X.YAML`, put in a sub-folder or a mistyped type folder, or a body whose
YAML is missing would otherwise silently not be published. Attachments (data/attachments/) may be
any file; hidden files and editor backups (`.x.swp`, `x.yaml~`) are ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from gongkai.load.records import YAML_SUFFIXES, display_path
from gongkai.problems import WARNING, Problem
from gongkai.types import RECORD_TYPES
from gongkai.validate.context import Context

_TYPE_LIST = "、".join(t.key for t in RECORD_TYPES)
_LOOKS_LIKE_YAML = re.compile(r"\.ya?ml", re.IGNORECASE)


_TYPE_KEYS = frozenset(t.key for t in RECORD_TYPES)


def check(context: Context) -> Iterator[Problem]:
    data_dir = context.settings.data_dir
    for directory, dirs, names in os.walk(data_dir):
        here = Path(directory)
        relative = here.relative_to(data_dir).as_posix()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (relative == "." and d == "attachments"))
        siblings = frozenset(names)
        for name in sorted(names):
            reason = _reason(name, relative in _TYPE_KEYS, siblings, data_dir)
            if reason:
                yield Problem(display_path(here / name), 1, 1, WARNING, reason)


def ignored_reason(path: Path, data_dir: Path) -> str | None:
    """Why this file will not be read as a record or a record's body; None if it will be."""
    try:
        relative = path.resolve().parent.relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        relative = None
    if relative is not None and relative.split("/")[0] == "attachments":
        return "这是附件目录中的文件，不是记录。请指定引用它的记录文件。"
    siblings = frozenset(p.name for p in path.parent.iterdir()) if path.parent.is_dir() else frozenset()
    reason = _reason(path.name, relative in _TYPE_KEYS, siblings, data_dir)
    if reason is None and relative is None:
        return f"文件不在数据目录 {display_path(data_dir)}/ 中，不会被读取。记录应放在 {display_path(data_dir)}/<类型>/ 下，类型为：{_TYPE_LIST}。"
    return reason


def _reason(name: str, in_type_dir: bool, siblings: frozenset[str], data_dir: Path) -> str | None:
    if name.startswith(".") or name.endswith("~"):
        return None
    if not in_type_dir:
        if not _LOOKS_LIKE_YAML.search(name):
            return None
        return (
            f"文件不在记录目录中，不会被读取。记录应放在 {display_path(data_dir)}/<类型>/ 下，类型为：{_TYPE_LIST}。"
            "请把文件移到对应目录。"
        )
    stem, dot, suffix = name.rpartition(".")
    if dot and f".{suffix}" in YAML_SUFFIXES:
        return None
    if dot and suffix == "md":
        if any(f"{stem}{s}" in siblings for s in YAML_SUFFIXES):
            return None
        return f"正文文件 {name} 旁边没有同名的 {stem}.yaml，不会被读取。请补上记录文件，或改正文件名使两者同名。"
    match = _LOOKS_LIKE_YAML.search(name)
    stem = name[: match.start()] if match else (stem or name)
    return (
        f"文件 {name} 不以 .yaml 结尾，不会作为记录读取。如果这是一条记录，请改名为 {stem}.yaml"
        "（注意编辑器可能自动加上 .txt，且扩展名须小写）；附件请放到 data/attachments/ 下。"
    )
