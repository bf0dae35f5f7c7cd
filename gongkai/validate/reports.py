"""Rules 9 and 10 beyond the sums: the annual reports' years, deadlines, parts, carry-over and proof.

- A report's `year` is before its publication year (error); published late: warning (rule-of-law
  on or after 1 April; disclosure after 31 January of the following year for a department, after
  31 March for a 本级政府 report, by its `report_level`; all settings).
- Required text parts are not blank (the schema refuses "", this refuses whitespace only); missing
  parts are the schema's `required` errors.
- One report per agency (its `issuer`), year and type: a county portal publishes its own report and
  its departments' (error on the second file of one agency, naming both files).
- Carry-over: a disclosure report's 二、上年结转 equals the same agency's last year's 四、结转下年度
  继续办理, column by column, when that report is in data/ (warning naming both files and lines).
- Proof: 表二's normative-document counts (issued, repealed, in force on 31 December) are computed
  from the site's document records of the report's agency (`gongkai.model.annual_reports`); a
  mismatch is a warning listing the records behind the computed number. Only for the years from
  `normative_documents_complete_from` on, and only for an agency whose normative documents the site
  holds: a report is never faulted because the site lacks records.
The sums of the tables are checked in `report_sums`.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.agencies import Agencies
from gongkai.load.data import value_at
from gongkai.load.records import SourceRecord
from gongkai.model.annual_reports import DISCLOSURE, RULE_OF_LAW, NormativeFigures, agency_of, report_deadline
from gongkai.model.dates import parse_date
from gongkai.model.records import Catalog
from gongkai.model.report_cells import COLUMNS, title
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.context import Context

# Text parts an editor must write (paths in the record), per report type.
REQUIRED_TEXT: dict[str, list[tuple[str, ...]]] = {
    RULE_OF_LAW: [
        ("sections", "measures"),
        ("sections", "shortcomings"),
        ("sections", "leadership"),
        ("sections", "next_year"),
    ],
    DISCLOSURE: [("overview",), ("problems",), ("other",)],
}
NAMES = {RULE_OF_LAW: "法治政府建设年度报告", DISCLOSURE: "政府信息公开工作年度报告"}
FIGURE_NAMES = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}


def check(context: Context) -> Iterator[Problem]:
    for type_key in (RULE_OF_LAW, DISCLOSURE):
        reports = context.of_type(type_key)
        yield from _duplicate_years(reports, context.agencies)
        for record in reports:
            yield from _year_and_deadline(record, context)
            yield from _blank_parts(record, REQUIRED_TEXT[type_key])
    disclosure = context.of_type(DISCLOSURE)
    yield from _carry_over(disclosure, context.agencies)
    if disclosure:
        # Only documents the schema accepted whole: the model expects every required field.
        documents = Catalog(
            [(r.type, r.data) for r in context.of_type("documents") if not r.rejected],
            context.today,
            agencies=context.agencies,
        )
        # each agency's figures of each year computed once, whatever the reports
        figures = NormativeFigures(documents, context.agencies)
        for record in disclosure:
            yield from _proof(record, figures, context)


def _year_and_deadline(record: SourceRecord, context: Context) -> Iterator[Problem]:
    year, published = record.data.get("year"), parse_date(record.data.get("publish_date"))
    if not isinstance(year, int) or published is None:
        return
    name = NAMES[record.type.key]
    if year >= published.year:
        yield record.problem(
            ("year",),
            ERROR,
            f"报告年度 {year} 应早于发布年份 {published.year}：{name}报告的是上一年度的工作，{published.year} 年发布的应是 "
            f"{published.year - 1} 年度的报告。请把 year 改为报告所述的年度，或核对发布日期。",
        )
        return
    due = report_deadline(record.type.key, record.data, context.settings)
    if due is not None and due.is_late(published):
        yield record.problem(
            ("publish_date",),
            WARNING,
            f"{year} 年度{name}应在 {due.text}公布，发布日期 {published.isoformat()} 已逾期。页面上会注明“逾期发布”；"
            "如发布日期填错，请改正。",
        )


def _blank_parts(record: SourceRecord, paths: list[tuple[str, ...]]) -> Iterator[Problem]:
    for path in paths:
        value = value_at(record.data, path)
        if isinstance(value, str) and not value.strip():
            yield record.problem(
                path, ERROR, f"{'.'.join(path)} 只有空白，这一部分必须填写内容；确实没有的，写明“无”或说明情况。"
            )


def _duplicate_years(reports: list[SourceRecord], agencies: Agencies) -> Iterator[Problem]:
    """One report per agency and year: two agencies' reports of one year are two reports."""
    first: dict[tuple[str, int], SourceRecord] = {}
    for record in sorted(reports, key=lambda r: str(r.path)):
        year = record.data.get("year")
        if not isinstance(year, int):
            continue
        agency = agency_of(record.data, agencies)
        field = "agency" if agencies else "issuer"  # what decides the report's agency (agency_of)
        if (agency, year) in first:
            other = first[agency, year]
            line = other.file.pos(("year",))[0]
            yield record.problem(
                ("year",),
                ERROR,
                f"{agency}（{field}）{year} 年度已有一份报告：{other.file.display_path}:{line}；"
                f"本文件 {record.file.display_path} 是第二份。每个机关每年只能有一份：请核对 year 或 {field}"
                "（另一机关的报告写该机关的名称），或把两份合并。",
            )
        else:
            first[agency, year] = record


def _carry_over(reports: list[SourceRecord], agencies: Agencies) -> Iterator[Problem]:
    """This year's 二、上年结转 = the same agency's last year's 四、结转下年度继续办理, column by column."""
    by_year = {
        (agency_of(r.data, agencies), r.data.get("year")): r
        for r in sorted(reports, key=lambda r: str(r.path), reverse=True)
    }
    for record in reports:
        year = record.data.get("year")
        last = by_year.get((agency_of(record.data, agencies), year - 1)) if isinstance(year, int) else None
        if last is None or not isinstance(year, int):
            continue
        here = (record.data.get("requests") or {}).get("carried_over") or {}
        there = (last.data.get("requests") or {}).get("carried_forward") or {}
        for column in COLUMNS:
            # Only numbers both reports state (a value the schema rejected is left out of the copy).
            if not (_count(here.get(column)) and _count(there.get(column))) or here.get(column) == there.get(column):
                continue
            line, column_no = last.file.pos(("requests", "carried_forward", column))
            yield record.problem(
                ("requests", "carried_over", column),
                WARNING,
                f"表三 {title('requests', 'carried_over')} × {title('requests', 'new', column)}：本报告填 {here.get(column)}，"
                f"但 {year - 1} 年度报告 {last.file.display_path}:{line}:{column_no} 的“{title('requests', 'carried_forward')}”"
                f"为 {there.get(column)}，两者应相等。请核对哪一份填错了。",
            )


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _proof(record: SourceRecord, figures: NormativeFigures, context: Context) -> Iterator[Problem]:
    """表二's normative-document counts against the site's own document records."""
    complete_from = context.settings.normative_documents_complete_from
    agency = agency_of(record.data, context.agencies)
    whose = f"所属机关为 {agency}（含联合发布）" if context.agencies else f"发布机构为 {agency}"
    year = record.data.get("year")
    stated = ((record.data.get("proactive") or {}).get("normative_documents")) or {}
    if not isinstance(year, int):
        return
    for key, figure in (figures.compared(agency, year, complete_from) or {}).items():
        if not _count(stated.get(key)) or stated.get(key) == figure.value:
            continue
        listed = "；".join(f"{d.id}（{d.doc_number or d.title}）" for d in figure.records) or "没有"
        yield record.problem(
            ("proactive", "normative_documents", key),
            WARNING,
            f"表二 行政规范性文件 × {FIGURE_NAMES[key]}：报告填 {stated.get(key)}，按本站规范性文件记录计算为 {figure.value}"
            f"（{listed}；只计{whose}的规范性文件）。请核对是报告填错了，还是文件记录"
            "（成文日期、废止、有效期、normative、issuer）有误或缺少；本站记录不完整的年度，"
            "请把设置项 normative_documents_complete_from 设为记录完整的第一年。",
        )
