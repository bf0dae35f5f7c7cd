"""Model stage: the annual reports' deadlines, and the disclosure report's figures the site can prove.

Deadlines (docs/rules.md, rules 9 and 10): a rule-of-law report is published before 1 April of the
following year (`rule_of_law_report_deadline`); a disclosure report by 31 January when a department
reports (`disclosure_report_deadline`), by 31 March when it is the 本级政府 report of a local
government (`government_disclosure_report_deadline`), 条例第四十九条. Who reports is the report's
`report_level`, by default the setting `disclosure_report_level`.

表二 第二十条第（一）项 states how many normative documents (行政规范性文件) were issued in the
year, repealed in the year and in force on 31 December. The site holds those documents, so the
same three numbers are computed here from the public document records and their derived validity
(`Document.validity_on`), each with the records behind it: the validator compares them with what
the report states, and the report page shows them beside the stated ones. A report counts its own
agency's documents (`agency_of`: its `agency` on a site that declares agencies, else its `issuer`;
jointly issued ones included), and only where the site's records can
prove anything (`NormativeFigures.compared`: from the year `normative_documents_complete_from`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from gongkai.agencies import Agencies
from gongkai.config import GOVERNMENT, REPORT_LEVELS, Settings
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


def report_level(data: dict[str, Any], settings: Settings) -> str:
    """Who reports a disclosure report: its `report_level` (部门 or 本级政府), else the site's setting."""
    level = data.get("report_level")
    return level if level in REPORT_LEVELS else settings.disclosure_report_level


def deadline(type_key: str, year: int, settings: Settings, level: str | None = None) -> Deadline:
    """When the report on `year` is due: rule-of-law before 1 April; disclosure by 31 January, or by
    31 March when `level` is 本级政府 (None: the site's `disclosure_report_level`)."""
    if type_key == RULE_OF_LAW:
        text = settings.rule_of_law_report_deadline
    elif (level or settings.disclosure_report_level) == GOVERNMENT:
        text = settings.government_disclosure_report_deadline
    else:
        text = settings.disclosure_report_deadline
    month, day = (int(part) for part in text.split("-"))
    return Deadline(dt.date(year + 1, month, day), inclusive=type_key == DISCLOSURE)


def report_deadline(type_key: str, data: dict[str, Any], settings: Settings) -> Deadline | None:
    """The deadline of one report (None without a year): by type, and for disclosure by level."""
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        return None
    level = report_level(data, settings) if type_key == DISCLOSURE else None
    return deadline(type_key, year, settings, level)


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


def agency_of(data: dict[str, Any], agencies: Agencies) -> str:
    """The agency a report or document is of (its full name). On a site that declares agencies: the
    one its `agency` names, else the one its whole `issuer` names, else the site's own
    (`Agencies.of`): a report written by one agency for another says so in `agency`. On a site that
    declares none: its `issuer`, trimmed, as one agency's site or a portal grouping by issuer did."""
    if agencies:
        found = agencies.of(data)
        if found is not None:
            return found.name
        value = data.get("agency")  # not declared: an error of validate/agencies.py
        return value.strip() if isinstance(value, str) else ""
    return _issuer(data)


def _issuer(data: dict[str, Any]) -> str:
    issuer = data.get("issuer")
    return issuer.strip() if isinstance(issuer, str) else ""


def issuers(document: Document) -> set[str]:
    """The agencies that issued a document: a jointly issued one (联合发文) names them all,
    separated by 、，, ；; or spaces."""
    return {name for name in re.split(r"[、，,；;\s]+", _issuer(document.data)) if name}


def issuing_agencies(document: Document, agencies: Agencies) -> set[str]:
    """The agencies whose 表二 counts a document: its own (`agency_of`), and on a site that declares
    agencies each declared agency its `issuer` lists as a joint issuer (by name or short name)."""
    if not agencies:
        return issuers(document)
    joint = {found.name for name in issuers(document) if (found := agencies.find(name)) is not None}
    return {agency_of(document.data, agencies), *joint}


class NormativeFigures:
    """表二's figures of any year from one catalog. The public normative documents are chosen, dated
    and sorted once, and each year's figures computed once, however many reports ask for them
    (the validator asks once per report: one instance serves them all)."""

    def __init__(self, catalog: Catalog, agencies: Agencies):
        documents = [d for d in catalog.public("documents") if d.normative]
        # (formed date, repeal date, document), oldest first: each date parsed once.
        self._dated = sorted(((d.formed_date, repeal_date(d), d) for d in documents), key=lambda t: (t[0], t[2].id))
        self._issuing = {d.key: issuing_agencies(d, agencies) for d in documents}
        self._agencies: set[str] = set().union(*self._issuing.values()) if documents else set()
        self._years: dict[tuple[int, str | None], dict[str, Figure]] = {}

    def of(self, year: int, agency: str | None = None) -> dict[str, Figure]:
        """Normative documents issued (成文日期 in the year), repealed (废止日期 in the year) and in
        force on 31 December of `year` (有效 or 已修改 on that day), from the public records; only
        those `agency` issued (alone or jointly) when given."""
        if (year, agency) not in self._years:
            self._years[year, agency] = self._compute(year, agency)
        return self._years[year, agency]

    def compared(self, agency: str, year: int, complete_from: int | None) -> dict[str, Figure] | None:
        """The figures a report of `agency` on `year` is compared with, or None when the site's records
        cannot prove anything: no year of completeness set (the setting `normative_documents_complete_from`),
        a year before it, or an agency of which the site holds no normative document at all."""
        if complete_from is None or year < complete_from or agency not in self._agencies:
            return None
        return self.of(year, agency)

    def _compute(self, year: int, agency: str | None) -> dict[str, Figure]:
        year_end = dt.date(year, 12, 31)
        dated = self._dated if agency is None else [t for t in self._dated if agency in self._issuing[t[2].key]]
        chosen: dict[str, list[Document]] = {"issued": [], "repealed": [], "in_force": []}
        for formed, _repealed, document in dated:
            if formed > year_end:
                break  # oldest first: no later document was formed by 31 December
            if formed.year == year:
                chosen["issued"].append(document)
            if document.validity_on(year_end) in (IN_FORCE, AMENDED):
                chosen["in_force"].append(document)
        chosen["repealed"] = [d for _f, repealed, d in dated if repealed is not None and repealed.year == year]
        return {key: Figure(key, tuple(chosen[key])) for key in FIGURES}
