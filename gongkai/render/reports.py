"""What the annual reports' pages show beyond a record: national tables, late notes, proof, charts.

- A disclosure report's page: its six parts (the three tables in the national format, see
  `structured`), the normative-document counts computed from the site's own records beside the
  stated ones (only for the years the site's records are complete, in neutral words: a difference
  is shown, never judged), and a 逾期发布 note when it was published after the deadline of its
  level (部门 or 本级政府).
- A rule-of-law report's page: its sections, its agency's figures beside earlier years', the late note.
- Each report type's index page: the reports grouped by agency (the `issuer`: a county portal
  publishes its own reports and its departments'), each with its level, deadline and whether it was
  on time, and each agency's yearly figures across its own years as bar charts made at build time
  (`charts`) with the same numbers in a table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import markupsafe

from gongkai.config import REPORT_LEVELS, Settings
from gongkai.load.data import value_at
from gongkai.model.annual_reports import (
    DISCLOSURE,
    RULE_OF_LAW,
    Deadline,
    Figure,
    NormativeFigures,
    agency_of,
    deadline,
    report_deadline,
    report_level,
)
from gongkai.model.markdown_text import render_markdown
from gongkai.model.records import Catalog, Record
from gongkai.model.report_cells import GROUPS, group_value
from gongkai.render import charts, structured

# The disclosure index's charts: applications received, then what became of them (表三).
REQUEST_FIGURES = [
    (("new",), "本年新收申请"),
    (("results", "granted"), "予以公开"),
    (("results", "partly_granted"), "部分公开"),
    (("results", "denied"), "不予公开"),
    (("results", "unable"), "无法提供"),
    (("results", "not_processed"), "不予处理"),
    (("results", "other"), "其他处理"),
    (("carried_forward",), "结转下年度继续办理"),
]
STAT_YEARS_ON_RECORD_PAGE = 5  # this report and up to four earlier ones (keeps the page small)


def part_markdown(text: str | None) -> markupsafe.Markup:
    """A report part's Markdown (sanitised by `render_markdown`), its headings one level below the
    part's own <h2>: an editor's `## （一）主动公开` becomes an <h3> inside 一、总体情况."""
    return markupsafe.Markup(render_markdown(text or "", base_level=3))


@dataclass(frozen=True)
class LateNote:
    due: Deadline
    published: Any  # datetime.date

    @property
    def text(self) -> str:
        return f"本报告应于 {self.due.text}公布，实际发布日期为 {self.published.year}年{self.published.month}月{self.published.day}日。"


PROOF_LINKS = 20


@dataclass(frozen=True)
class ProofRow:
    label: str
    stated: Any
    figure: Figure

    @property
    def agrees(self) -> bool:
        agrees: bool = self.stated == self.figure.value
        return agrees

    @property
    def shown(self) -> tuple[Any, ...]:
        """The documents linked on the page: the first PROOF_LINKS (a province counts thousands;
        the validator's warning lists them all)."""
        return self.figure.records[:PROOF_LINKS]

    @property
    def not_shown(self) -> int:
        return max(0, self.figure.value - PROOF_LINKS)


class ReportPages:
    """Made once per build, with its catalog (`SitePages`): what it computes lives as long as the
    build's pages, so a rebuild under `mkdocs serve` keeps nothing of the previous catalog."""

    def __init__(self, catalog: Catalog, settings: Settings):
        self.catalog = catalog
        self.settings = settings

    @functools.cached_property
    def normative(self) -> NormativeFigures:
        """表二's figures for every report's page: the normative documents chosen and sorted once
        per build (on the first report's page), each year's figures computed once."""
        return NormativeFigures(self.catalog, self.catalog.agencies)

    def late_note(self, record: Record) -> LateNote | None:
        year = record.data.get("year")
        if not isinstance(year, int) or year >= record.publish_date.year:
            return None
        due = report_deadline(record.type.key, record.data, self.settings)
        return LateNote(due, record.publish_date) if due and due.is_late(record.publish_date) else None

    def record_context(self, record: Record) -> dict[str, Any]:
        """Template variables of a report's page (empty for other record types)."""
        if record.type.key == DISCLOSURE:
            return {
                "late_note": self.late_note(record),
                "part_markdown": part_markdown,
                "part_titles": structured.part_titles(),
                "report_tables": {
                    "proactive": structured.table_two(record.data),
                    "requests": structured.table_three(record.data),
                    "reviews": structured.table_four(record.data),
                },
                "proof": self.proof(record),
                "report_level": report_level(record.data, self.settings),
                "agency": agency_of(record.data, self.catalog.agencies),
            }
        if record.type.key == RULE_OF_LAW:
            earlier = [r for r in self._of_agency(RULE_OF_LAW, record) if r.data["year"] <= record.data["year"]]
            years = sorted(earlier, key=lambda r: r.data["year"])[-STAT_YEARS_ON_RECORD_PAGE:]
            names = record.data.get("stats") or {}
            peaks = {n: max((y.data.get("stats") or {}).get(n) or 0 for y in years) for n in names}
            return {
                "late_note": self.late_note(record),
                "part_markdown": part_markdown,
                "section_titles": structured.section_titles("rule-of-law-report", "sections"),
                "stat_years": years,
                "stat_max": peaks,
            }
        return {}

    def proof(self, record: Record) -> list[ProofRow]:
        """表二's normative-document counts: stated, and computed from the site's document records of
        the report's agency; empty when the site's records cannot prove them (see `NormativeFigures.compared`)."""
        stated = (record.data.get("proactive") or {}).get("normative_documents") or {}
        complete_from = self.settings.normative_documents_complete_from
        figures = (
            self.normative.compared(agency_of(record.data, self.catalog.agencies), record.data["year"], complete_from)
            or {}
        )
        return [
            ProofRow(structured.title("proactive", "normative_documents", key), stated.get(key), figure)
            for key, figure in figures.items()
        ]

    def _of_agency(self, type_key: str, record: Record) -> list[Record]:
        agency = agency_of(record.data, self.catalog.agencies)
        return [r for r in self.catalog.public(type_key) if agency_of(r.data, self.catalog.agencies) == agency]

    def index_context(self, type_key: str, records: list[Record]) -> dict[str, Any]:
        """Template variables of a report type's index page: `records` (the page's reports) grouped
        by agency, each agency with its year-on-year charts over all its reports."""
        everyone = self.catalog.public(type_key)
        agencies: list[str] = []
        for record in records:  # newest first: the agency of the newest report first
            if agency_of(record.data, self.catalog.agencies) not in agencies:
                agencies.append(agency_of(record.data, self.catalog.agencies))
        groups = []
        for number, agency in enumerate(agencies, 1):
            own = [r for r in everyone if agency_of(r.data, self.catalog.agencies) == agency]
            groups.append(
                AgencyGroup(
                    agency,
                    [self.index_row(r) for r in records if agency_of(r.data, self.catalog.agencies) == agency],
                    self._charts(type_key, own, f"gk-chart-{number}-" if len(agencies) > 1 else "gk-chart-"),
                )
            )
        deadlines = {level: _month_day(deadline(DISCLOSURE, 2000, self.settings, level)) for level in REPORT_LEVELS}
        return {"agency_groups": groups, "deadlines": deadlines}

    def index_row(self, record: Record) -> IndexRow:
        due = report_deadline(record.type.key, record.data, self.settings)
        level = report_level(record.data, self.settings) if record.type.key == DISCLOSURE else None
        return IndexRow(record, level, due, self.late_note(record) is not None)

    def _charts(self, type_key: str, reports: list[Record], prefix: str) -> list[charts.Chart]:
        """An agency's figures across its own years."""
        by_year = sorted(reports, key=lambda r: r.data["year"])
        if type_key == RULE_OF_LAW:
            names: list[str] = []
            for report in reversed(by_year):  # the newest report's order first, then older names
                names += [n for n in report.data.get("stats") or {} if n not in names]
            series = {n: [(r.data["year"], (r.data.get("stats") or {}).get(n)) for r in by_year] for n in names}
            unit = "数值"
        else:
            series = {
                label: [(r.data["year"], _total(r.data.get("requests") or {}, path)) for r in by_year]
                for path, label in REQUEST_FIGURES
            }
            unit = "件数"
        chart_list = [
            charts.bar_chart(f"{prefix}{i}", name, values, unit) for i, (name, values) in enumerate(series.items(), 1)
        ]
        return chart_list if by_year else []


@dataclass(frozen=True)
class IndexRow:
    """One report in the index: who reports (disclosure: 部门 or 本级政府), by when, and whether late."""

    record: Record
    level: str | None
    due: Deadline | None
    late: bool


@dataclass(frozen=True)
class AgencyGroup:
    agency: str
    rows: list[IndexRow]
    charts: list[charts.Chart]


def _month_day(due: Deadline) -> str:
    return f"{due.date.month}月{due.date.day}日"


def _total(requests: dict[str, Any], path: tuple[str, ...]) -> int | None:
    if path[0] == "results" and path[1] in GROUPS:  # a group's 小计: derived where not written
        return group_value(requests.get("results") or {}, path[1], "total")
    total = value_at(requests, (*path, "total"))
    return total if isinstance(total, int) else None
