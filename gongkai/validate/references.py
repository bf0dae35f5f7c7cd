"""References: every link to another record resolves, public records link only to public ones, and
every attachment file named by a record exists inside data/attachments/.

A reference to a record whose file exists but failed the schema is not reported here: the schema
problem in that file is the one to fix. Rule 6 (an interpretation's document must exist and be
public) is enforced here as the general case of these two checks; deadlines.py only checks dates.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gongkai.load.folder import Folder
from gongkai.load.records import SourceRecord, display_path
from gongkai.model.dates import parse_date
from gongkai.model.gate import PROACTIVE
from gongkai.problems import ERROR, Problem
from gongkai.schemas.references import Reference, references_in
from gongkai.types import BY_KEY
from gongkai.validate.context import Context

PathKey = tuple[str | int, ...]

MAX_SUGGESTIONS = 50  # difflib is linear in the ids of a type: bound the work on a badly broken site


def check(context: Context) -> Iterator[Problem]:
    resolver = _Resolver(context)
    attachments = _Attachments(context.settings.data_dir / "attachments")
    for record in context.records:
        public = context.is_public(record)
        for path, type_key, target_id in references_of(record):
            yield from resolver.check(record, public, path, type_key, target_id)
        for path, relative in attachments_of(record):
            yield from attachments.check(record, path, relative)


def references_of(record: SourceRecord) -> Iterator[Reference]:
    """Every (field path, target type, target id) the record names (the fields the schema
    declares with `x-ref`, see gongkai.schemas.references)."""
    return references_in(record.type.key, record.data)


def attachments_of(record: SourceRecord) -> Iterator[tuple[PathKey, str]]:
    """Every (field path, path relative to data/attachments/) the record names."""
    data = record.data
    for index, item in enumerate(data.get("attachments") or []):
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            yield ("attachments", index, "file"), item["file"]
    if record.type.key == "consultations" and isinstance(data.get("draft_attachment"), str):
        yield ("draft_attachment",), data["draft_attachment"]
    if record.type.key == "powers" and isinstance(data.get("flowchart"), str):
        yield ("flowchart",), data["flowchart"]


class _Resolver:
    """Indexes built once: ids per type (for suggestions) and every file present, even broken ones."""

    def __init__(self, context: Context):
        self.context = context
        self.present = {(r.type.key, r.id) for r in context.all_records} | {
            (r.type.key, r.stem) for r in context.all_records
        }
        self.ids: dict[str, list[str]] = {}
        for record in context.records:
            self.ids.setdefault(record.type.key, []).append(record.id)
        self.suggestions_left = MAX_SUGGESTIONS

    def check(
        self, record: SourceRecord, public: bool, path: PathKey, type_key: str, target_id: str
    ) -> Iterator[Problem]:
        label = BY_KEY[type_key].label
        if type_key == record.type.key and target_id == record.id:
            yield record.problem(
                path, ERROR, f"记录不能引用自身（“{target_id}”）。请改为另一条{label}的标识，或删除这条引用。"
            )
            return
        target = self.context.get(type_key, target_id)
        if target is None:
            if (type_key, target_id) not in self.present:
                yield record.problem(path, ERROR, self._missing_message(type_key, target_id))
            return
        if public and not self.context.is_public(target):
            reason = not_public_reason(target.data, self.context.today)
            yield record.problem(
                path,
                ERROR,
                f"本记录“{record.id}”已公开，却链接到未公开的{label}“{target_id}”（{reason}）。"
                f"公开的记录不能链接未公开的记录：请删除这条引用，或先依法公开“{target_id}”。",
            )

    def _missing_message(self, type_key: str, target_id: str) -> str:
        label = BY_KEY[type_key].label
        message = f"引用的{label}“{target_id}”不存在（找不到 data/{type_key}/{target_id}.yaml）。"
        guess = self._suggest(type_key, target_id)
        if guess:
            return message + f"是否应为“{guess}”？请改正标识。"
        return message + "请检查标识是否写错，或先添加该记录。"

    def _suggest(self, type_key: str, target_id: str) -> str | None:
        if self.suggestions_left <= 0:
            return None
        self.suggestions_left -= 1
        found = difflib.get_close_matches(target_id, self.ids.get(type_key, []), n=1, cutoff=0.7)
        return found[0] if found else None


def not_public_reason(data: dict[str, Any], today: dt.date) -> str:
    """Why a record does not appear on the site, in the editor's words."""
    disclosure = data.get("disclosure")
    if disclosure != PROACTIVE:
        return f"公开方式为“{disclosure}”"
    if data.get("draft") is True:
        return "仍是草稿"
    published = parse_date(data.get("publish_date"))
    if published is not None and published > today:
        return f"发布日期 {published.isoformat()} 尚未到"
    return "未公开"


class _Attachments:
    """The files under data/attachments/, listed once; names compared exactly (case included)."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = Folder(root)
        self.files: set[str] = set()
        self.by_name: dict[str, list[str]] = {}
        self.by_lower: dict[str, str] = {}
        for directory, _dirs, names in os.walk(root):
            base = Path(directory).relative_to(root).as_posix()
            for name in names:
                relative = name if base == "." else f"{base}/{name}"
                self.files.add(relative)
                self.by_name.setdefault(name, []).append(relative)
                self.by_lower.setdefault(relative.lower(), relative)

    def check(self, record: SourceRecord, path: PathKey, relative: str) -> Iterator[Problem]:
        expected = self.root / relative
        if not self.folder.holds(expected):
            yield record.problem(
                path,
                ERROR,
                f"附件路径“{relative}”指向 data/attachments/ 目录之外。附件必须放在 data/attachments/ 下，"
                "请写相对于该目录的路径，例如 documents/2023-vehicle-standards.pdf。",
            )
            return
        if relative in self.files:
            return
        hint = self._hint(relative)
        shown = display_path(expected)  # only when needed: relpath costs a getcwd and two abspaths
        yield record.problem(path, ERROR, f"附件不存在：{shown}。请把文件放到该位置并一起提交，或改正路径。{hint}")

    def _hint(self, relative: str) -> str:
        same_letters = self.by_lower.get(relative.lower())
        if same_letters:
            return f"是否应为 {same_letters}（注意大小写）？"
        elsewhere = self.by_name.get(relative.rsplit("/", 1)[-1])
        return f"是否应为 {elsewhere[0]}？" if elsewhere else ""
