"""The editors' inspection page (/inspection/): the results of gongkai.validate.inspection as of the
build date. Not in the public navigation, `noindex`, left out of the sitemap (the plugin) and of
the search index (which holds records only)."""

from __future__ import annotations

import datetime as dt
import functools

from gongkai.render.pages import environment
from gongkai.render.spec import PageSpec, SiteInfo, common_context
from gongkai.validate.inspection import Result, vetoed
from gongkai.validate.inspection.report import counts

SRC_URI = "inspection.md"
TITLE = "网站检查（编辑用）"
ROBOTS = (("robots", "noindex, nofollow"),)


def render(results: list[Result], site: SiteInfo, today: dt.date) -> str:
    return (
        environment()
        .get_template("inspection.html")
        .render(
            results=results, counts=counts(results), failed=vetoed(results), root="../", **common_context(site, today)
        )
    )


def inspection_spec(results: list[Result], site: SiteInfo, today: dt.date) -> PageSpec:
    return PageSpec(SRC_URI, TITLE, functools.partial(render, results, site, today), tags=ROBOTS, editorial=True)
