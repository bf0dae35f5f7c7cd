"""The seven record types: where they live, which schema shapes them, what editors call them;
and where output files are put (`FileSink`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RecordType:
    key: str  # data directory under data/ and URL segment, e.g. "reports/rule-of-law"
    schema_name: str  # file stem of its JSON Schema, e.g. "rule-of-law-report"
    label: str  # Chinese name shown to editors and citizens
    tabular: bool  # exported as CSV too

    @property
    def slug(self) -> str:
        """A file-name-safe form of the key, used for feeds and exports (reports-rule-of-law)."""
        return self.key.replace("/", "-")


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("documents", "document", "规范性文件", True),
    RecordType("interpretations", "interpretation", "政策解读", False),
    RecordType("decisions", "decision", "重大行政决策", True),
    RecordType("consultations", "consultation", "征求意见", True),
    RecordType("powers", "power", "权责清单", True),
    RecordType("reports/rule-of-law", "rule-of-law-report", "法治政府建设年度报告", False),
    RecordType("reports/disclosure", "disclosure-report", "政府信息公开工作年度报告", False),
)

BY_KEY: dict[str, RecordType] = {t.key: t for t in RECORD_TYPES}
BY_SCHEMA: dict[str, RecordType] = {t.schema_name: t for t in RECORD_TYPES}


class FileSink(Protocol):
    """Where output files are put as they are made, by site-relative path: a dict, or a staging
    folder that writes each one to disk at once (gongkai.build.staging.Staging)."""

    def __setitem__(self, path: str, content: bytes, /) -> None: ...


class FolderSink(FileSink, Protocol):
    """A `FileSink` whose folders can be renamed: a staging folder."""

    def move(self, old: str, new: str) -> None: ...
