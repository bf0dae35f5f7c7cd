"""The national website inspection, as far as a build can see it (`gongkai inspect`, the end of
every build, the editors' page /inspection/): docs/rules.md#inspection.

One module per indicator group, and `INDICATORS`, the registry, in the order the report lists them:

    freshness.py   首页不更新, 栏目不更新, 空白栏目 (国办秘函〔2019〕19号, 单项否决指标 3 and 4)
    columns.py     the site's columns and their kinds (政策文件类, 动态要闻类 …), read from the nav
    records.py     互动回应 (consultations' feedback), 已修改/废止/失效 marked (47号), links in record text
    footer.py      网站标识码, ICP 备案号, 公安机关备案号, 党政机关网站标识, 我为政府网站找错 (47号)
    disclosure.py  the 政府信息公开 column's sub-columns (61号), the annual reports on time
    findings.py    Indicator, Finding, Result, SiteView (the input: catalog, settings, mkdocs.yml)
    report.py      the findings as text, JSON and GitHub annotations

`inspect(view)` runs every check; `vetoed(results)` says whether a 单项否决 item was found.
"""

from __future__ import annotations

from collections.abc import Callable

from gongkai.validate.inspection.disclosure import annual_reports, disclosure_column
from gongkai.validate.inspection.findings import DEDUCT, LEVELS, VETO, WARN, Finding, Indicator, Result, SiteView
from gongkai.validate.inspection.footer import footer
from gongkai.validate.inspection.freshness import blank_columns, home, stale_columns
from gongkai.validate.inspection.records import interaction, links, validity_marks

Check = Callable[[SiteView], Result]
INDICATORS: tuple[Check, ...] = (
    home,
    stale_columns,
    blank_columns,
    interaction,
    links,
    footer,
    disclosure_column,
    annual_reports,
    validity_marks,
)


def inspect(view: SiteView) -> list[Result]:
    """Every indicator's result, in the registry's order."""
    return [check(view) for check in INDICATORS]


def vetoed(results: list[Result]) -> bool:
    return any(f.level == VETO for r in results for f in r.findings)


__all__ = [
    "DEDUCT",
    "INDICATORS",
    "LEVELS",
    "VETO",
    "WARN",
    "Finding",
    "Indicator",
    "Result",
    "SiteView",
    "inspect",
    "vetoed",
]
