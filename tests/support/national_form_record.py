"""An imported disclosure report made ready to publish: the `# 待填写` lines of `gongkai
import-report`'s output filled as an editor fills them; and whether the schema already accepts
what the importer writes (blank cells, "/", no 小计: issue 24 items 4-5, changed in another branch)."""

from __future__ import annotations

import re
from pathlib import Path

METADATA = {
    "title": "某县人民政府办公室2025年政府信息公开工作年度报告",
    "publish_date": "2026-01-20",
    "issuer": "某县人民政府办公室",
    "index_no": "11410000MB1234567X/2026-00001",
    "year": "2025",
    "overview": "本年度共主动公开政府信息 120 条。",
    "problems": "信息发布的及时性有待提高。",
    "other": "本年度未收取信息处理费。",
}


def fill_placeholders(record: Path) -> list[str]:
    """Replace every `name: ""  # 待填写：…` line with a value; returns the names filled."""
    filled = []
    lines = []
    for line in record.read_text(encoding="utf-8").splitlines():
        found = re.match(r'^(\w+): ""  # 待填写：', line)
        if found:
            lines.append(f"{found.group(1)}: {METADATA[found.group(1)]}")
            filled.append(found.group(1))
        else:
            lines.append(line)
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return filled
