"""Schema check: a compiled validator for the fast path, jsonschema to explain every failure.

fastjsonschema answers "valid or not" at a few percent of parsing cost but stops at the first
error; only for a file that fails do we run jsonschema to collect all its errors and translate each
into Chinese with the position of the offending value and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import fastjsonschema

from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord
from gongkai.model.dates import EARLIEST_DATE, LATEST_DATE, in_range
from gongkai.problems import ERROR, Problem
from gongkai.schemas import load_type_schema, resolve
from gongkai.slugs import SLUG, is_slug, suggest_slug
from gongkai.validate import numbers, renamed

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

# A jsonschema ValidationError, typed loosely: its stubs allow `schema`, `instance` and
# `validator_value` to be unset, which they never are on an error from `iter_errors`.
_Error = Any

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")
_KEY_SLIP = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*(：|:(?=\S))")  # `filed_with：…` or `filed_date:2026-…`
_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "是/否（true 或 false）",
    "array": "列表（每项以“- ”开头）",
    "object": "字段映射",
    "null": "空值",
}


def is_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return True  # other checks (type, pattern) report these
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return False
    return in_range(day)


@functools.cache
def _compiled(schema_name: str) -> Callable[[Any], Any]:
    # Only "valid or not" is used (jsonschema explains failures), so no detailed exceptions: the
    # generated code then does not embed the schema in every `raise`, and compiles 5× faster
    # (0.5 s -> 0.1 s for the seven types, paid by every `gongkai validate` and every build).
    return fastjsonschema.compile(load_type_schema(schema_name), formats={"date": is_date}, detailed_exceptions=False)


@functools.cache
def _explainer(schema_name: str, top_level_required: bool = True) -> Validator:
    import jsonschema  # only imported when a file fails: keeps the fast path light

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(is_date)
    schema = load_type_schema(schema_name)
    if not top_level_required:
        schema.pop("required", None)
    return jsonschema.Draft7Validator(schema, format_checker=checker)


def check(record: SourceRecord) -> list[Problem]:
    return explain(record)[0]


def explain(record: SourceRecord) -> tuple[list[Problem], list[PathKey]]:
    """The record's schema problems (none on the fast path) and the paths of the rejected values;
    with them, every number that is not finite or too large (`numbers`: JSON Schema lets NaN pass)."""
    name = record.type.schema_name
    problems, rejected = numbers.explain(record, lambda path: field_label(name, path))
    try:
        _compiled(name)(record.data)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return problems, rejected
    errors = _one_per_spot(list(_explainer(name).iter_errors(record.data)))
    errors = [e for e in errors if tuple(e.absolute_path) not in rejected]  # one error per value: -.inf < 0
    for error in errors:
        problems.extend(_explain(record, error))
    return problems, rejected + [path for error in errors for path in rejected_paths(error)]


def rejected_paths(error: _Error) -> list[PathKey]:
    """The values an error rejects: an unknown field itself, else the value the error is about."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties") or {}
        return [path + (key,) for key in error.instance if key not in allowed]
    return [path]


def shape_errors(schema_name: str) -> Callable[[Any], list[PathKey]]:
    """Paths a record's data is rejected at, required top-level fields aside (see salvage.py)."""
    validator = _explainer(schema_name, top_level_required=False)
    return lambda data: [p for e in validator.iter_errors(data) for p in rejected_paths(e)]


# When one value breaks several rules, only the first of these is reported (an empty `code` is
# "不能为空", not also "写法不符合要求"); kinds not listed are always reported.
_PRECEDENCE = ("type", "minLength", "enum", "format", "pattern", "minimum", "maximum", "maxLength")


def _one_per_spot(errors: list[_Error]) -> list[_Error]:
    best: dict[PathKey, int] = {}
    for error in errors:
        if error.validator in _PRECEDENCE:
            key = tuple(error.absolute_path)
            rank = _PRECEDENCE.index(error.validator)
            best[key] = min(best.get(key, rank), rank)
    # A procedure that may not be marked not applicable: one message, not also its missing fields.
    refused = {
        tuple(e.absolute_path) for e in errors if e.validator == "additionalProperties" and _not_applicable_refused(e)
    }
    kept = []
    for error in errors:
        key = tuple(error.absolute_path)
        if error.validator in _PRECEDENCE and _PRECEDENCE.index(error.validator) != best[key]:
            continue
        if error.validator == "required" and key in refused:
            continue
        kept.append(error)
    return kept


def _not_applicable_refused(error: _Error) -> bool:
    return (
        isinstance(error.instance, dict)
        and "not_applicable" in error.instance
        and "not_applicable" not in (error.schema.get("properties") or {})
    )


def _explain(record: SourceRecord, error: _Error) -> list[Problem]:
    path = tuple(error.absolute_path)
    named = field_label(record.type.schema_name, path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = list((error.schema.get("properties") or {}).keys())
        extras = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        problems = []
        for extra in extras:
            if extra == "not_applicable" and _not_applicable_refused(error):
                title = error.schema.get("title") or named
                fields = _expected_fields(error.schema, required_only=True)
                message = f"{title}必须履行，不能标为不适用。请删除 not_applicable，填写 {fields}。"
                problems.append(record.problem(path + (extra,), ERROR, message, at_key=True))
                continue
            guess = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            hint = f"是否应为 {guess[0]}？" if guess else f"允许的字段：{'、'.join(allowed)}。"
            problems.append(record.problem(path + (extra,), ERROR, f"未知字段 {extra}，{hint}", at_key=True))
        return problems
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        sub = (error.schema.get("properties") or {}).get(missing, {})
        label = f"{missing}（{sub['title']}）" if sub.get("title") else missing
        where = f"{named} 中" if path else ""
        return [record.problem(path, ERROR, f"{where}缺少必填字段 {label}。请补上这个字段。")]
    if kind == "enum":
        options = "、".join(str(o) for o in error.validator_value)
        return [record.problem(path, ERROR, f"{named} 的值“{error.instance}”无效，应为以下之一：{options}。")]
    if kind == "type":
        message = _type_message(named, error)
        return [renamed.problem(record, path, error.instance, message) or record.problem(path, ERROR, message)]
    if kind in ("pattern", "format") and error.schema.get("format") == "date":
        return [record.problem(path, ERROR, _date_message(named, error.instance))]
    if kind == "pattern" and error.schema.get("pattern") == SLUG.pattern and isinstance(error.instance, str):
        return [record.problem(path, ERROR, _slug_message(named, error.instance, record.stem))]
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
    if kind in ("maxItems", "maxProperties"):
        count = len(error.instance) if isinstance(error.instance, (list, dict)) else 0
        unit = "项" if kind == "maxItems" else "个数据项"
        return [
            record.problem(
                path,
                ERROR,
                f"{named} 有 {count:,} {unit}，超过上限 {error.validator_value:,} {unit}"
                "（上限见 docs/rules.md“列表的上限”）。请删去重复或多余的项；内容确实这么多时，请拆分为几条记录或作为附件公开。",
                at_key=True,
            )
        ]
    if kind == "minItems":
        return [record.problem(path, ERROR, f"{named} 至少需要 {error.validator_value} 项。")]
    if kind == "uniqueItems":
        return [record.problem(path, ERROR, f"{named} 中有重复的项。请删除重复项。")]
    return [record.problem(path, ERROR, f"{named} 不符合要求（{error.message}）。")]


def _type_message(named: str, error: _Error) -> str:
    expected: list[str] = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    wanted = " 或 ".join(_TYPE_NAMES.get(t, t) for t in expected)
    value, hint = error.instance, ""
    if "string" in expected and isinstance(value, (bool, int, float)):
        hint = '如果这是文字，请给值加上引号，例如 "是"、"2019"。'
    elif "string" in expected and value is None:
        hint = "值为空：请填写内容，或删除这个字段。"
    elif "object" in expected:
        hint = f"应包含的字段：{_expected_fields(error.schema)}，每个字段单独一行、比上一级多缩进两个空格。"
        if isinstance(value, str) and _KEY_SLIP.match(value):
            hint += "现在它是一段文字：字段名后的冒号应为半角“: ”，且冒号后有一个空格。"
    elif "array" in expected and isinstance(value, str):
        hint = "写成 [甲, 乙] 或每项一行“- 甲”。"
    elif "array" in expected and value is None:
        hint = "值为空：请填写列表，或删除这个字段。"
    return f"{named} 应为{wanted}。{hint}".rstrip()


def _expected_fields(schema: dict[str, Any], required_only: bool = False) -> str:
    properties = schema.get("properties") or {}
    names = schema.get("required", []) if required_only else list(properties)
    return "、".join(f"{n}（{properties.get(n, {}).get('title', '')}）".replace("（）", "") for n in names)


def _slug_message(named: str, value: str, stem: str) -> str:
    suggestion = suggest_slug(value)
    if not is_slug(suggestion) and is_slug(stem):
        suggestion = stem
    fix = f"例如改为 {suggestion}（并把文件名改为 {suggestion}.yaml）。" if is_slug(suggestion) else ""
    return f"{named}“{value}”不是有效的标识：只能用小写英文字母、数字和连字符“-”，不能有汉字、大写字母或空格。{fix}"


def field_label(schema_name: str, path: PathKey) -> str:
    """How a field is named in messages: its path with list items counted from 1, and its own title
    (`signed_date（成文日期）`, not the shared date definition's `日期`)."""
    if not path:
        return "记录"
    text, after_item = "", False
    for part in path:
        if isinstance(part, int):
            text += f" 第{part + 1}项"
            after_item = True
        else:
            text += ("的 " if after_item else "." if text else "") + str(part)
            after_item = False
    title = _property_schema(schema_name, path).get("title", "").removesuffix(f"（{path[-1]}）")
    return f"{text}（{title}）" if title else text


@functools.cache
def _root(schema_name: str) -> dict[str, Any]:
    return load_type_schema(schema_name)  # read only


def _property_schema(schema_name: str, path: PathKey) -> dict[str, Any]:
    root = _root(schema_name)
    node: Any = root
    for part in path:
        node = resolve(node, root)
        if isinstance(part, int):
            node = node.get("items") or {}
        else:
            extra = node.get("additionalProperties")
            node = (node.get("properties") or {}).get(part) or (extra if isinstance(extra, dict) else {})
    return resolve(node, root) if isinstance(node, dict) else {}


def _date_message(named: str, value: Any) -> str:
    text = str(value)
    normal = text.translate(_FULL_WIDTH_DIGITS)
    if normal != text:
        return f"{named} 含全角数字“{text}”。日期应使用半角数字，写作 {normal}。"
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return f"{named}“{text}”不是存在的日期。请核对年月日。"
        return (
            f"{named}“{text}”超出记录可用的日期范围（{EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()}，"
            "见 docs/rules.md“日期的范围”）。请核对年份。"
        )
    parts = text.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日").split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        suggestion = f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        return f"{named}“{text}”格式不对。日期应写作 YYYY-MM-DD，即 {suggestion}。"
    return f"{named}“{text}”格式不对。日期应写作 YYYY-MM-DD，例如 2019-03-05。"
