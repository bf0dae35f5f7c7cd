"""Model stage: the annual reports' deadlines, and the disclosure report's figures the site can prove.

Deadlines (docs/rules.md, rules 9 and 10, settings `rule_of_law_report_deadline` and
`disclosure_report_deadline`): a rule-of-law report is published before 1 April of the following
year, a disclosure report by 31 January of the following year.

表二 第二十条第（一）项 states how many normative documents (行政规范性文件) were issued in the
year, repealed in the year and in force on 31 December. The site holds those documents, so the
same three numbers are computed here from the public document records and their derived validity
(`Document.validity_on`), each with the records behind it: the validator compares them with what
the report states, and the report page shows them beside the stated ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.config import Settings
from gongkai.model.dates import parse_date
from gongkai.model.records import AMENDED, IN_FORCE, Catalog, Document

RULE_OF_LAW, DISCLOSURE = "reports/rule-of-law", "reports/disclosure"


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    inclusive: bool  # True: publishing on `date` is still on time ("by 31 January")

    def is_late(self, published: dt.date) -> bool:
        return published > self.date if self.inclusive else published >= self.date

    @property
    def text(self) -> str:
        """How the deadline reads in a message, e.g. `2026年1月31日前（含当日）`."""
        day = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"{day}前（含当日）" if self.inclusive else f"{day}前"


def deadline(type_key: str, year: int, settings: Settings) -> Deadline:
    """When the report on `year` is due: rule-of-law before 1 April, disclosure by 31 January."""
    text = settings.rule_of_law_report_deadline if type_key == RULE_OF_LAW else settings.disclosure_report_deadline
    month, day = (int(part) for part in text.split("-"))
    return Deadline(dt.date(year + 1, month, day), inclusive=type_key == DISCLOSURE)


FIGURES = ("issued", "repealed", "in_force")  # keys of the report's `proactive.normative_documents`


@dataclass(frozen=True)
class Figure:
    key: str  # one of FIGURES
    records: tuple[Document, ...]  # the documents counted, oldest first

    @property
    def value(self) -> int:
        return len(self.records)


def repeal_date(document: Document) -> dt.date | None:
    return parse_date((document.data.get("repealed") or {}).get("date"))


class NormativeFigures:
    """表二's figures of any year from one catalog. The public normative documents are chosen, dated
    and sorted once, and each year's figures computed once, however many reports ask for them
    (the validator asks once per report: one instance serves them all)."""

    def __init__(self, catalog: Catalog):
        documents = [d for d in catalog.public("documents") if d.normative]
        # (formed date, repeal date, document), oldest first: each date parsed once.
        self._dated = sorted(((d.formed_date, repeal_date(d), d) for d in documents), key=lambda t: (t[0], t[2].id))
        self._years: dict[int, dict[str, Figure]] = {}

    def of(self, year: int) -> dict[str, Figure]:
        """Normative documents issued (成文日期 in the year), repealed (废止日期 in the year) and in
        force on 31 December of `year` (有效 or 已修改 on that day), from the public records."""
        if year not in self._years:
            self._years[year] = self._compute(year)
        return self._years[year]

    def _compute(self, year: int) -> dict[str, Figure]:
        year_end = dt.date(year, 12, 31)
        chosen: dict[str, list[Document]] = {"issued": [], "repealed": [], "in_force": []}
        for formed, _repealed, document in self._dated:
            if formed > year_end:
                break  # oldest first: no later document was formed by 31 December
            if formed.year == year:
                chosen["issued"].append(document)
            if document.validity_on(year_end) in (IN_FORCE, AMENDED):
                chosen["in_force"].append(document)
        chosen["repealed"] = [d for _f, repealed, d in self._dated if repealed is not None and repealed.year == year]
        return {key: Figure(key, tuple(chosen[key])) for key in FIGURES}
