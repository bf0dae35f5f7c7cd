"""Renamed fields: a record still written the old way gets told the new name, not only that the
value does not fit the field that now has the old name.

docs/rules.md#records: a consultation's text put up for comment was `draft`; it is `draft_attachment` now, and
`draft` is every record's boolean hold-back flag. So `draft: consultations/x.pdf` in a consultation
is the old field (a file path), not a mistyped flag.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord
from gongkai.problems import ERROR, Problem

# (schema name, old field name) -> (new field name, what the old name means now)
RENAMED = {
    ("consultation", "draft"): ("draft_attachment", "draft 现在表示草稿：填 true 时本记录不发布"),
}
# What the old field held: a file path (relative to data/attachments/), e.g. consultations/x.pdf.
_PATH = re.compile(r"/|\.[A-Za-z0-9]{1,5}$")


def problem(record: SourceRecord, path: PathKey, value: Any, type_message: str) -> Problem | None:
    """The error for a renamed field written the old way (at its key: the name is what to change),
    or None when the type error at `path` is something else."""
    if len(path) != 1 or not isinstance(path[0], str) or not isinstance(value, str) or not _PATH.search(value.strip()):
        return None
    renamed = RENAMED.get((record.type.schema_name, path[0]))
    if renamed is None:
        return None
    new, meaning = renamed
    old = path[0]
    if isinstance(record.data, dict) and new in record.data:
        fix = f"本记录已有 {new}：请删除这一行（或改为 {old}: true，使本记录暂不发布）。"
    else:
        fix = f"请改为 {new}: {value.strip()}（只改字段名）。"
    message = f"{type_message}这是旧写法：字段 {old} 已改名为 {new}（{meaning}）。{fix}"
    return record.problem(path, ERROR, message, at_key=True)
