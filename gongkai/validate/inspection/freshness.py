"""单项否决指标 3 and 4 of 19号: the home page and the columns keep being updated, no column is blank.

- 首页不更新: nothing new on the home page for `home_stale_days` (2 weeks) fails the site; a
  warning from `home_warn_days` (10). The generated home page shows the newest public records, each
  with its publish date, so its newest date is the newest record's. A hand-written home page
  (content/index.md) shows what its author wrote: its dates cannot be seen, and an item shown
  without a date counts as not updated, so it is reported.
- 栏目不更新: 通知公告、政策文件类 columns with nothing new for `policy_column_stale_months` (6),
  动态要闻类 for `news_column_stale_days` (14): `stale_columns_veto` (5) such columns fail the site;
  columns that should update but have not (those, the yearly ones after
  `periodic_column_stale_months`, and blank ones): `unupdated_columns_veto` (10) fail it.
- 空白栏目: a column without any public record; `blank_columns_veto` (5) fail the site, more than
  `blank_columns_warn` (2) is warned.
Which column is which kind: `gongkai.validate.inspection.columns`.
"""

from __future__ import annotations

import datetime as dt

from gongkai.validate.inspection.columns import NEWS, PERIODIC, POLICY, Column, add_months, columns
from gongkai.validate.inspection.findings import (
    CHECK_INDICATORS,
    VETO,
    WARN,
    Finding,
    Indicator,
    Result,
    SiteView,
)

HOME = Indicator("home", "单项否决指标 3", "首页不更新", CHECK_INDICATORS)
COLUMNS = Indicator("columns", "单项否决指标 4（第 1、2 项）", "栏目不更新", CHECK_INDICATORS)
BLANK = Indicator("blank_columns", "单项否决指标 4（第 3 项）", "空白栏目", CHECK_INDICATORS)


def home(view: SiteView) -> Result:
    settings, today = view.settings, view.today
    if "index.md" in view.hand_written:
        return Result(
            HOME,
            "首页为手写页面",
            (
                Finding(
                    HOME,
                    WARN,
                    "首页由手写页面 index.md 提供，检查看不到其中各条信息的发布日期；检查时不带日期的条目按未更新计。"
                    f"请确认首页每条信息都标有日期、且 {settings.home_stale_days} 天内有新信息，或删除该文件，改用自动生成的首页（列出最新公开的信息及其日期）。",
                    "",
                    _docs_file(view, "index.md"),
                ),
            ),
        )
    public = view.catalog.public()
    if not public:
        message = "首页没有任何带日期的信息（本站还没有公开的记录）。请发布记录后再上线。"
        return Result(HOME, "首页没有信息", (Finding(HOME, VETO, message, "", view.data_folder("")),))
    newest = public[0]
    age = (today - newest.publish_date).days
    summary = f"首页最新信息发布于 {newest.publish_date.isoformat()}（{age} 天前）"
    due = newest.publish_date + dt.timedelta(days=settings.home_stale_days)
    what = f"首页最新的信息是《{newest.title}》（{newest.publish_date.isoformat()} 发布，{age} 天前）"
    if age >= settings.home_stale_days:
        message = (
            f"{what}：首页已连续 {settings.home_stale_days} 天以上没有新信息，检查时即单项否决。"
            "请尽快发布新的记录（新记录会自动出现在首页）。"
        )
        return Result(HOME, summary, (Finding(HOME, VETO, message, "", view.data_file(newest)),))
    if age >= settings.home_warn_days:
        message = (
            f"{what}：如果到 {due.isoformat()} 仍没有新信息，首页即连续 {settings.home_stale_days} 天未更新（单项否决）。"
            "请在此之前发布新的记录。"
        )
        return Result(HOME, summary, (Finding(HOME, WARN, message, "", view.data_file(newest)),))
    return Result(HOME, summary)


def _docs_file(view: SiteView, src_uri: str) -> str:
    docs = view.site.docs_dir
    return f"{docs.name}/{src_uri}" if docs else src_uri


def _stale_since(column: Column, view: SiteView) -> dt.date | None:
    """The day the column counts as not updated (None: never, or blank)."""
    settings = view.settings
    if column.newest is None:
        return None
    if column.kind == NEWS:
        return column.newest + dt.timedelta(days=settings.news_column_stale_days)
    if column.kind == POLICY:
        return add_months(column.newest, settings.policy_column_stale_months)
    if column.kind == PERIODIC:
        return add_months(column.newest, settings.periodic_column_stale_months)
    return None  # 基本信息类 (BASIC), 年报类 (ANNUAL)


def stale_columns(view: SiteView) -> Result:
    settings, today = view.settings, view.today
    found: list[Finding] = []
    frequent = unupdated = 0
    judged = [c for c in columns(view) if c.kind in (NEWS, POLICY, PERIODIC)]
    for column in columns(view):
        since = _stale_since(column, view)
        if column.count == 0:
            unupdated += 1  # a blank column should update too (reported under 空白栏目)
            continue
        if since is None or today < since:
            continue
        assert column.newest is not None
        unupdated += 1
        frequent += column.kind in (NEWS, POLICY)
        limit = (
            f"{settings.news_column_stale_days} 天"
            if column.kind == NEWS
            else f"{settings.policy_column_stale_months} 个月"
            if column.kind == POLICY
            else f"{settings.periodic_column_stale_months} 个月"
        )
        message = (
            f"栏目“{column.name}”（{column.kind}）最新的信息发布于 {column.newest.isoformat()}，已超过 {limit} 没有新信息"
            f"（自 {since.isoformat()} 起按未更新计）。请发布该栏目的新记录；确实没有新信息的，请检查栏目设置是否需要调整。"
        )
        found.append(Finding(COLUMNS, WARN, message, column.url, view.data_folder(column.type.key)))
    if frequent >= settings.stale_columns_veto:
        found.insert(
            0,
            Finding(
                COLUMNS,
                VETO,
                f"动态要闻、通知公告、政策文件类栏目有 {frequent} 个未按期更新（达到 {settings.stale_columns_veto} 个即单项否决）。请逐个更新下列栏目。",
            ),
        )
    if unupdated >= settings.unupdated_columns_veto:
        found.insert(
            0,
            Finding(
                COLUMNS,
                VETO,
                f"应更新而未更新的栏目（含空白栏目）共 {unupdated} 个（达到 {settings.unupdated_columns_veto} 个即单项否决）。请逐个更新。",
            ),
        )
    summary = f"按更新周期检查了 {len(judged)} 个栏目：{frequent} 个动态要闻、通知公告、政策文件类栏目和 {unupdated - frequent} 个其他栏目未更新"
    return Result(COLUMNS, summary, tuple(found))


def blank_columns(view: SiteView) -> Result:
    settings = view.settings
    every = columns(view)
    blank = [c for c in every if c.count == 0]
    found = [
        Finding(
            BLANK,
            WARN,
            f"栏目“{column.name}”没有任何公开的信息（空白栏目）。请发布该栏目的记录（{view.data_folder(column.type.key)}），"
            f"或在 mkdocs.yml 的 nav 中去掉这个栏目。",
            column.url,
            view.data_folder(column.type.key),
        )
        for column in blank
    ]
    if len(blank) >= settings.blank_columns_veto:
        found.insert(
            0,
            Finding(
                BLANK,
                VETO,
                f"空白栏目共 {len(blank)} 个（达到 {settings.blank_columns_veto} 个即单项否决）。请为下列栏目发布信息或去掉这些栏目。",
            ),
        )
    elif len(blank) > settings.blank_columns_warn:
        found.insert(
            0,
            Finding(
                BLANK,
                WARN,
                f"空白栏目共 {len(blank)} 个（超过 {settings.blank_columns_warn} 个；达到 {settings.blank_columns_veto} 个即单项否决）。",
            ),
        )
    return Result(BLANK, f"{len(every)} 个栏目中 {len(blank)} 个空白", tuple(found))
