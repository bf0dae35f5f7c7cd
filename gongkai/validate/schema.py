"""Schema check: a compiled validator for the fast path, jsonschema to explain every failure.

fastjsonschema answers "valid or not" at a few percent of parsing cost but stops at the first
error; only for a file that fails do we run jsonschema to collect all its errors and translate each
into Chinese with the position of the offending value and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Callable
from typing import Any

import fastjsonschema

from gongkai.problems import ERROR, Problem
from gongkai.schemas import load_type_schema
from gongkai.sources import SourceRecord

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")
_TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "boolean": "是/否（true 或 false）",
    "array": "列表（每项以“- ”开头）", "object": "字段映射", "null": "空值",
}


def is_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return True  # other checks (type, pattern) report these
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=None)
def _compiled(schema_name: str) -> Callable[[Any], Any]:
    # Only "valid or not" is used (jsonschema explains failures), so no detailed exceptions: the
    # generated code then does not embed the schema in every `raise`, and compiles 5× faster
    # (0.5 s -> 0.1 s for the seven types, paid by every `gongkai validate` and every build).
    return fastjsonschema.compile(load_type_schema(schema_name), formats={"date": is_date}, detailed_exceptions=False)


@functools.lru_cache(maxsize=None)
def _explainer(schema_name: str):
    import jsonschema  # only imported when a file fails: keeps the fast path light

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(is_date)
    return jsonschema.Draft7Validator(load_type_schema(schema_name), format_checker=checker)


def check(record: SourceRecord) -> list[Problem]:
    try:
        _compiled(record.type.schema_name)(record.data)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return []
    problems = []
    for error in _explainer(record.type.schema_name).iter_errors(record.data):
        problems.extend(_explain(record, error))
    return problems


def _explain(record: SourceRecord, error) -> list[Problem]:
    path = tuple(error.absolute_path)
    field = ".".join(str(p) for p in path) or "记录"
    title = error.schema.get("title", "") if isinstance(error.schema, dict) else ""
    named = f"{field}（{title}）" if title else field
    kind = error.validator
    if kind == "additionalProperties":
        allowed = list((error.schema.get("properties") or {}).keys())
        extras = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        problems = []
        for extra in extras:
            guess = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            hint = f"是否应为 {guess[0]}？" if guess else f"允许的字段：{'、'.join(allowed)}。"
            problems.append(record.problem(path + (extra,), ERROR, f"未知字段 {extra}，{hint}", at_key=True))
        return problems
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        sub = (error.schema.get("properties") or {}).get(missing, {})
        label = f"{missing}（{sub['title']}）" if sub.get("title") else missing
        return [record.problem(path, ERROR, f"缺少必填字段 {label}。请补上这个字段。")]
    if kind == "enum":
        options = "、".join(str(o) for o in error.validator_value)
        return [record.problem(path, ERROR, f"{named} 的值“{error.instance}”无效，应为以下之一：{options}。")]
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " 或 ".join(_TYPE_NAMES.get(t, t) for t in expected)
        hint = ""
        if "string" in expected and isinstance(error.instance, (bool, int, float)):
            hint = "如果这是文字，请给值加上引号，例如 \"是\"、\"2019\"。"
        elif "string" in expected and error.instance is None:
            hint = "值为空：请填写内容，或删除这个字段。"
        return [record.problem(path, ERROR, f"{named} 应为{wanted}。{hint}".rstrip())]
    if kind in ("pattern", "format") and error.schema.get("format") == "date":
        return [record.problem(path, ERROR, _date_message(named, error.instance))]
    if kind == "pattern":
        description = error.schema.get("description", "")
        return [record.problem(path, ERROR, f"{named} 的写法“{error.instance}”不符合要求。{description}")]
    if kind in ("minimum", "exclusiveMinimum"):
        return [record.problem(path, ERROR, f"{named} 不能小于 {error.validator_value}。")]
    if kind in ("maximum", "exclusiveMaximum"):
        return [record.problem(path, ERROR, f"{named} 不能大于 {error.validator_value}。")]
    if kind == "minLength":
        return [record.problem(path, ERROR, f"{named} 不能为空。请填写内容。")]
    if kind == "maxLength":
        return [record.problem(path, ERROR, f"{named} 过长（上限 {error.validator_value} 个字符）。")]
    if kind == "minItems":
        return [record.problem(path, ERROR, f"{named} 至少需要 {error.validator_value} 项。")]
    if kind == "uniqueItems":
        return [record.problem(path, ERROR, f"{named} 中有重复的项。请删除重复项。")]
    return [record.problem(path, ERROR, f"{named} 不符合要求（{error.message}）。")]


def _date_message(named: str, value: Any) -> str:
    text = str(value)
    normal = text.translate(_FULL_WIDTH_DIGITS)
    if normal != text:
        return f"{named} 含全角数字“{text}”。日期应使用半角数字，写作 {normal}。"
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{named}“{text}”不是存在的日期。请核对年月日。"
    parts = text.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日").split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        suggestion = f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        return f"{named}“{text}”格式不对。日期应写作 YYYY-MM-DD，即 {suggestion}。"
    return f"{named}“{text}”格式不对。日期应写作 YYYY-MM-DD，例如 2019-03-05。"
