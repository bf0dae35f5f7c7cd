"""Agencies: a record's `agency` names one of the agencies the settings declare (`Settings.agencies`,
`gongkai/agencies.py`), by its name or its short name. The schema says only that it is text: the
declared names are the site's, so the message here lists them."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.agencies import Agencies
from gongkai.problems import ERROR, Problem
from gongkai.validate.context import Context


def check(context: Context) -> Iterator[Problem]:
    agencies = Agencies(context.settings.agencies)
    for record in context.records:
        value = record.data.get("agency")
        if not isinstance(value, str) or agencies.find(value) is not None:
            continue
        if not agencies:
            message = (
                f"所属机关（agency）“{value}”无法识别：本站没有声明任何机关。一个机关的网站不必填写 agency，"
                "请删除这一行；如本站为多个机关发布信息，请在 mkdocs.yml 的 gongkai 插件 settings 中声明 agencies"
                "（每个机关写 name、short_name、credit_code）。"
            )
        else:
            message = (
                f"所属机关（agency）“{value}”不是本站声明的机关。已声明的机关：{agencies.listed()}。"
                "请改为其中之一的全称或简称；如确属新的机关，请先在 mkdocs.yml 的 gongkai 插件 settings 的 agencies 中声明它。"
            )
        yield record.problem(("agency",), ERROR, message)
