"""The site's columns (栏目) as the inspection sees them, and what kind each one is.

19号 judges freshness by kind of column: 动态、要闻类 within 2 weeks, 通知公告、政策文件类 within 6
months, and any column that should update but has not (应更新而长期未更新). gongkai's columns are
its record types' listings, named as the site's `nav` names them; their kinds (docs/rules.md#inspection):

| column | kind | why |
| --- | --- | --- |
| 规范性文件 `documents`, 政策解读 `interpretations` | 政策文件类 | policy documents and their interpretations |
| 征求意见 `consultations` | 通知公告类 (the same 6 months) | a notice inviting comment |
| 重大行政决策 `decisions` | 按年度更新 | the decisions of the year's 决策事项目录 (`catalog_year`) |
| 权责清单 `powers` | 基本信息类 | re-published when functions change: not judged by age |
| 年度报告 `reports/…` | 年报类 | judged by their deadlines (`annual_reports` indicator) |

No gongkai column is 动态要闻类 (news); `news_column_stale_days` applies to a hand-written news
column only if a record type is ever added as `NEWS` here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gongkai.types import RECORD_TYPES, RecordType
from gongkai.validate.inspection.findings import SiteView

NEWS, POLICY, PERIODIC, BASIC, ANNUAL = "动态要闻类", "通知公告、政策文件类", "按年度更新类", "基本信息类", "年报类"
COLUMN_KINDS: dict[str, str] = {
    "documents": POLICY,
    "interpretations": POLICY,
    "consultations": POLICY,
    "decisions": PERIODIC,
    "powers": BASIC,
    "reports/rule-of-law": ANNUAL,
    "reports/disclosure": ANNUAL,
}


@dataclass(frozen=True)
class NavEntry:
    title: str
    path: str | None  # the page (src URI), None for a section
    depth: int  # 0: top level


def nav_entries(nav: Any, depth: int = 0) -> Iterator[NavEntry]:
    """Every entry of mkdocs.yml's `nav` as written (a title: page, a section: [..], a bare page)."""
    if not isinstance(nav, list):
        return
    for item in nav:
        if isinstance(item, str):
            yield NavEntry("", item, depth)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    yield NavEntry(str(title), None, depth)
                    yield from nav_entries(value, depth + 1)
                else:
                    yield NavEntry(str(title), str(value) if value is not None else None, depth)


@dataclass(frozen=True)
class Column:
    type: RecordType
    name: str  # as the nav names it (else the record type's label)
    kind: str
    count: int  # public records
    newest: dt.date | None  # the newest publish date among them

    @property
    def url(self) -> str:
        return f"{self.type.key}/"


def columns(view: SiteView) -> list[Column]:
    """The record types' columns, in the site's order."""
    titles = {e.path: e.title for e in nav_entries(view.site.nav) if e.path and e.title}
    found = []
    for record_type in RECORD_TYPES:
        records = view.catalog.public(record_type.key)  # newest first
        name = titles.get(f"{record_type.key}/index.md") or record_type.label
        newest = records[0].publish_date if records else None
        found.append(Column(record_type, name, COLUMN_KINDS[record_type.key], len(records), newest))
    return found


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day where it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")
