"""YAML syntax errors in the editor's words, at the line the editor must change.

The parser notices a slip where it can no longer continue, often lines later: a key written with
a full-width colon `issuer：…` is reported at the next key as a missing ':', an unclosed quote at
the end of the file. So before translating the parser's message we look at the lines between where
the parser started the failing token and where it gave up (and a few lines before) for the slips
editors make, and point at the slip itself:
- a full-width colon after a field name (`issuer：河南…`; the template's comments are full of "：");
- no space after the colon (`publish_date:2026-03-01`);
- a value opened with a quote that the line does not close;
- a line of the template's explanations left without its "# " when a block was uncommented.
Anything else is the parser's own message, translated, at the parser's position (a tab YAML
refuses is reported exactly there; tabs in indentation are refused before parsing, in load.py).
"""

from __future__ import annotations

import re

import yaml

Located = tuple[int, int, str]  # line, column (1-based), message

LOOK_BACK = 5  # lines before the parser's first mark that may hold the slip

_KEY = r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_FULL_WIDTH_COLON = re.compile(_KEY + r"\s*(?P<mark>：)")
_NO_SPACE = re.compile(_KEY + r"(?P<mark>:)(?=[^\s/])")
# A line of the template's explanations whose "# " was removed: Chinese text with a full-width colon.
_LOST_COMMENT = re.compile(r"^\s*(?P<text>[\u3400-\u9fff（][^:]*：)")
_OPEN_QUOTE = re.compile(_KEY + r":\s+(?P<mark>[\"'])")

_TAB_MESSAGE = "此处有制表符（Tab）。YAML 不允许在这里用 Tab，请把它换成空格。"
_PARSER_PROBLEMS = (
    ("found character '\\t'", _TAB_MESSAGE),
    ("found a tab character", _TAB_MESSAGE),
    (
        "mapping values are not allowed",
        "这里不能出现冒号映射。常见原因：值里含有“: ”却没有加引号，或缩进不对齐。请给值加引号或对齐缩进。",
    ),
    ("could not find expected ':'", "缺少冒号。每个字段应写成“字段名: 值”（冒号后有一个空格）。"),
    ("did not find expected key", "缩进不一致或缺少冒号。同一层级的字段必须左对齐，请检查这一行和上一行的缩进。"),
    ("did not find expected '-' indicator", "列表缩进不一致。列表的每一项应以同样缩进的“- ”开头。"),
    ("found undefined alias", "不支持 YAML 别名（*）。请把内容直接写出来。"),
    ("but found another document", "一个文件只能有一条记录，请删除多余的“---”分隔线或拆分成多个文件。"),
    ("while scanning a quoted scalar", "引号没有闭合。请检查这一行的引号是否成对（中文引号“”不算 YAML 引号）。"),
    ("found unexpected end of stream", "文件意外结束：可能有未闭合的引号或括号。"),
    ("found unknown escape character", "双引号字符串中有无效的转义（\\）。请改用单引号，或把 \\ 写成 \\\\。"),
    ("found character that cannot start any token", "这一行以 YAML 不允许的字符开头（如 @ 或 `）。请给整个值加引号。"),
    ("block sequence entries are not allowed", "列表项位置不对。请检查“- ”前的缩进。"),
    ("expected <block end>, but found", "缩进不一致。同一层级的字段必须左对齐，请检查这一行的缩进。"),
    ("exceeded maximum nesting depth", "结构嵌套过深。记录的字段层级应当很浅，请检查括号和缩进。"),
)


def explain_syntax_error(text: str, exc: yaml.MarkedYAMLError) -> Located:
    """Where the editor should look and what to change, for a YAML syntax error in `text`."""
    lines = text.split("\n")
    problem, context = exc.problem_mark, exc.context_mark
    last = problem.line if problem else (context.line if context else 0)
    first = min(context.line, last) if context else last
    order = [*range(first, min(last, len(lines) - 1) + 1), *range(first - 1, max(first - LOOK_BACK, 0) - 1, -1)]
    for index in order:
        found = _slip(lines[index]) if 0 <= index < len(lines) else None
        if found:
            column, message = found
            return index + 1, column, message
    if problem is not None and 0 <= problem.index < len(text) and text[problem.index] == "\t":
        return problem.line + 1, problem.column + 1, f"YAML 格式错误：{_TAB_MESSAGE}"
    mark = context if context is not None and "quoted scalar" in (exc.context or "") else (problem or context)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, column, _parser_message(exc)


def _slip(line: str) -> tuple[int, str] | None:
    """A slip editors make on this line: (1-based column, message), or None."""
    if line.lstrip().startswith("#"):
        return None
    match = _FULL_WIDTH_COLON.match(line)
    if match:
        key = match["key"]
        return match.start("mark") + 1, (
            f"YAML 格式错误：字段名 {key} 后面的冒号是全角“：”。YAML 只认半角冒号：请改为“{key}: ”（半角冒号，后面加一个空格）。"
        )
    match = _LOST_COMMENT.match(line)
    if match and ": " not in line:
        return match.start("text") + 1, (
            "YAML 格式错误：这一行是说明文字，却不是注释（行首的“# ”可能在去掉注释时一起删掉了）。"
            "请在行首加回“# ”，或删除这一行。"
        )
    match = _NO_SPACE.match(line)
    if match:
        key = match["key"]
        return match.start(
            "mark"
        ) + 2, f"YAML 格式错误：字段名 {key} 的冒号后缺少空格。请写成“{key}: 值”（冒号后加一个空格）。"
    match = _OPEN_QUOTE.match(line)
    if match and _unclosed(line[match.start("mark") :]):
        quote = match["mark"]
        return match.start("mark") + 1, (
            f"YAML 格式错误：这一行的值以引号 {quote} 开头，却没有结尾的 {quote}（引号没有闭合）。"
            f"请在值的末尾补上 {quote}，或去掉开头的引号（中文引号“”不算 YAML 引号，可以直接写在值里）。"
        )
    return None


def _unclosed(value: str) -> bool:
    """True if a quoted value starting this string is not closed on the line."""
    quote, rest = value[0], value[1:]
    if quote == "'":
        return rest.replace("''", "").find("'") < 0
    rest = re.sub(r"\\.", "", rest)
    return rest.find('"') < 0


def _parser_message(exc: yaml.MarkedYAMLError) -> str:
    raw = f"{exc.context or ''} {exc.problem or ''}"
    for needle, message in _PARSER_PROBLEMS:
        if needle in raw:
            return f"YAML 格式错误：{message}"
    return f"YAML 格式错误（{(exc.problem or exc.context or '').strip()}）。请检查缩进、冒号和引号。"
