"""Numbers anywhere in a record: finite and of a sane size (docs/rules.md, “数值、日期和正文的上限”).

YAML reads `.nan`, `.inf` and `1.0e+308` as numbers, and JSON Schema's `minimum: 0` lets NaN
through (no comparison with NaN is true): such a value in a rule-of-law report's `stats` or a
disclosure report's `fees` would crash the chart code or put `NaN` into open data, which browsers
cannot parse. So every number of every record, whatever its field, is checked here, with the
schema (`gongkai.validate.schema.explain`), and a bad one is rejected at its value like a schema
error: no rule computes with it and the build stops.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from gongkai.load.data import keys_and_values, walk
from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord
from gongkai.problems import ERROR, Problem

# The largest magnitude a number may have: 10^15 (一千万亿), below 2^53, so that every integer up to
# it is exact in JSON readers (JavaScript's numbers) and any sum of a report's figures stays finite.
MAX_NUMBER = 10**15

__all__ = ["MAX_NUMBER", "explain"]


def explain(record: SourceRecord, named: Callable[[PathKey], str]) -> tuple[list[Problem], list[PathKey]]:
    """Problems at every number (value or key) that is not finite or too large, and the paths of
    those values; `named(path)` is how a message names the field."""
    if not any(_bad(item) for item in keys_and_values(record.data)):
        return [], []  # nearly every record: one walk without paths
    problems: list[Problem] = []
    paths: list[PathKey] = []
    for path, value, is_key in walk(record.data):
        if _bad(value):
            message = f"{named(path)}{' 的名称' if is_key else ''}：{_message(value)}"
            problems.append(record.problem(path, ERROR, message, at_key=is_key))
            paths.append(path)
    return problems, paths


def _bad(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return not (isinstance(value, int) or math.isfinite(value)) or abs(value) > MAX_NUMBER


def _message(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        what = "不是一个数（.nan）"
    elif isinstance(value, float) and math.isinf(value):
        what = "是无穷大（.inf）"
    else:
        what = f"过大（{value:.3g}，绝对值上限为 10 的 15 次方，即一千万亿）"
    return (
        f"数值{what}，网站的图表和开放数据无法使用。请填写实际的数字，例如 12；"
        '如果这是编号或其他文字，请加引号写成文字，例如 "1e308"。'
    )
