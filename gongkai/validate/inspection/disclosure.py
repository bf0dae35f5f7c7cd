"""The 政府信息公开 column (国办公开办函〔2019〕61号) and the annual reports on time (条例 art. 49–50).

- 61号 unifies the column's structure: its sub-columns are 政府信息公开指南, 政府信息公开制度,
  法定主动公开内容 and 政府信息公开年报, under those names. They are looked for among the titles of
  mkdocs.yml's `nav` (at any depth).
- The annual reports: once the deadline of last year's report has passed (the deadlines of rules 9
  and 10, `gongkai.model.annual_reports`), the site holds a public report on that year; a report
  published after its deadline is counted too (rules 9 and 10 warn of it on validation).
"""

from __future__ import annotations

from gongkai.model.annual_reports import DISCLOSURE, RULE_OF_LAW, deadline, report_deadline
from gongkai.types import BY_KEY
from gongkai.validate.inspection.columns import nav_entries
from gongkai.validate.inspection.findings import (
    DISCLOSURE_PLATFORM,
    REGULATION,
    WARN,
    Finding,
    Indicator,
    Result,
    SiteView,
)

PLATFORM = Indicator("disclosure_column", "61号 二", "政府信息公开专栏", DISCLOSURE_PLATFORM)
REPORTS = Indicator("annual_reports", "条例第四十九条", "政府信息公开年报按时发布", REGULATION)
SUB_COLUMNS = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报")


def disclosure_column(view: SiteView) -> Result:
    titles = {entry.title.strip() for entry in nav_entries(view.site.nav)}
    missing = [name for name in SUB_COLUMNS if name not in titles]
    found = [
        Finding(
            PLATFORM,
            WARN,
            f"导航（mkdocs.yml 的 nav）中没有名为“{name}”的栏目。61号要求“政府信息公开”专栏统一设置"
            f"{'、'.join(SUB_COLUMNS)}四个子栏目，名称不得改动。请在 nav 中加上这一项。",
            "",
            view.config_file,
            view.site.where(("nav",))[1],
        )
        for name in missing
    ]
    return Result(PLATFORM, f"{len(SUB_COLUMNS)} 个子栏目中有 {len(SUB_COLUMNS) - len(missing)} 个", tuple(found))


def annual_reports(view: SiteView) -> Result:
    today, settings = view.today, view.settings
    found: list[Finding] = []
    checked = []
    for type_key in (DISCLOSURE, RULE_OF_LAW):
        label = BY_KEY[type_key].label
        year = today.year - 1
        due = deadline(type_key, year, settings)
        if not due.is_late(today):
            year -= 1  # last year's is not due yet: the one before must be there
            due = deadline(type_key, year, settings)
        checked.append(f"{year} 年度{label}")
        reports = [r for r in view.catalog.public(type_key) if r.data.get("year") == year]
        if not reports:
            found.append(
                Finding(
                    REPORTS,
                    WARN,
                    f"本站还没有公开 {year} 年度的{label}，发布期限是 {due.text}。"
                    f"请在 {view.data_folder(type_key)} 下发布该报告（gongkai new {type_key}）。",
                    f"{type_key}/",
                    view.data_folder(type_key),
                )
            )
        for report in reports:
            own = report_deadline(type_key, report.data, settings) or due  # by the report's level
            if own.is_late(report.publish_date):
                found.append(
                    Finding(
                        REPORTS,
                        WARN,
                        f"{year} 年度{label}《{report.title}》于 {report.publish_date.isoformat()} 发布，晚于期限（{own.text}）。"
                        "已发布的报告不能改期；请今后按期发布。",
                        report.url,
                        view.data_file(report),
                    )
                )
    return Result(REPORTS, "检查了" + "、".join(checked), tuple(found))
