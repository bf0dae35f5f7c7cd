"""What the annual reports' pages show beyond a record: national tables, late notes, proof, charts.

- A disclosure report's page: its six parts (the three tables in the national format, see
  `structured`), the normative-document counts computed from the site's own records beside the
  stated ones, and a 逾期发布 note when it was published after the deadline.
- A rule-of-law report's page: its sections, its figures beside earlier years', the late note.
- Each report type's index page: the reports, and every yearly figure across all years as a bar
  chart made at build time (`charts`) with the same numbers in a table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import markupsafe

from gongkai.config import Settings
from gongkai.load.data import value_at
from gongkai.model.annual_reports import DISCLOSURE, RULE_OF_LAW, Deadline, Figure, NormativeFigures, deadline
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
        return NormativeFigures(self.catalog)

    def late_note(self, record: Record) -> LateNote | None:
        year = record.data.get("year")
        if not isinstance(year, int) or year >= record.publish_date.year:
            return None
        due = deadline(record.type.key, year, self.settings)
        return LateNote(due, record.publish_date) if due.is_late(record.publish_date) else None

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
            }
        if record.type.key == RULE_OF_LAW:
            earlier = [r for r in self.catalog.public(RULE_OF_LAW) if r.data["year"] <= record.data["year"]]
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
        """表二's normative-document counts: stated, and computed from the site's document records."""
        stated = (record.data.get("proactive") or {}).get("normative_documents") or {}
        figures = self.normative.of(record.data["year"])
        return [
            ProofRow(structured.title("proactive", "normative_documents", key), stated.get(key), figure)
            for key, figure in figures.items()
        ]

    def index_context(self, type_key: str) -> dict[str, Any]:
        """Template variables of a report type's index page: its reports and the year-on-year charts."""
        reports = self.catalog.public(type_key)
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
            charts.bar_chart(f"gk-chart-{i}", name, values, unit) for i, (name, values) in enumerate(series.items(), 1)
        ]
        return {"charts": chart_list if by_year else []}


def _total(requests: dict[str, Any], path: tuple[str, ...]) -> int | None:
    if path[0] == "results" and path[1] in GROUPS:  # a group's 小计: derived where not written
        return group_value(requests.get("results") or {}, path[1], "total")
    total = value_at(requests, (*path, "total"))
    return total if isinstance(total, int) else None
