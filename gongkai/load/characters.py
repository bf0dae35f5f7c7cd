"""Characters that must never reach the site, wherever a text comes from.

The YAML loader refuses them in a file's raw text, but a double-quoted YAML string can still write
them as escapes (`"\\x01"`, `"\\u202e"`, `"\\ud800"`), and a body file beside the record is not YAML
at all. Whatever their way in, they break the build's outputs (XML feeds accept no C0 control
character, no U+FFFE/U+FFFF; UTF-8 has no lone surrogate) or deceive the reader (text-direction
overrides show one thing and say another). `hidden_characters` finds them in any text;
`raw_text_problems` reports them, with tabs in indentation and other hazards, in a record file's
text before it is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.problems import ERROR, WARNING, Problem

# Characters that reorder text on screen: a reader would not see what the text really says.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab and line breaks (C0, DEL, C1), lone surrogates and the two
# non-characters XML refuses. (NUL is among the C0 characters.)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ANY = re.compile(f"{_CONTROLS.pattern[:-1]}{BIDI_CONTROLS.pattern[1:-1]}]")
# Checked in a record file's raw text before YAML reads it (`raw_text_problems`):
# characters that hide text: a reader would not see what the file really says.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
# Line breaks to YAML but not to most editors: line numbers in messages would drift.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)
# What YAML refuses to read (C0/C1 control characters other than tab and line breaks, U+FFFE/FFFF).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Any character one of the checks above could report (the printable set less tab, the bidi
# controls, the invisible characters and the odd line breaks): a text without one (nearly every
# file) needs one pass instead of five.
SUSPICIOUS = re.compile(
    "[^\x0a\x0d\x20-\x7e\xa0-\u200a\u200e-\u2027\u202f-\u205f\u2061-\u2065\u206a-\ud7ff"
    "\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# `has_hidden(text)` is None for a clean text: one C-level search, for checks over every string.
has_hidden = _ANY.search


@dataclass(frozen=True)
class HiddenCharacter:
    index: int  # position in the text, 0-based
    char: str

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def problem(self) -> str:
        """What is wrong and how to fix it, in the editor's words."""
        if BIDI_CONTROLS.match(self.char):
            return f"含有改变文字方向的隐藏控制字符 {self.code}，会让显示内容与实际内容不一致"
        if self.char == "\x00":
            return f"含有空字符（NUL，{self.code}）"
        if "\ud800" <= self.char <= "\udfff":
            return f"含有不成对的代理字符 {self.code}（不是有效的文字，无法保存为 UTF-8）"
        return f"含有不可打印的控制字符 {self.code}"


def hidden_characters(text: str) -> Iterator[HiddenCharacter]:
    """Every character of `text` that must not be published, in order."""
    for match in _ANY.finditer(text):
        yield HiddenCharacter(match.start(), match.group())


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# Character checks run before parsing: (pattern, severity, message given the character). The
# first occurrence of each is reported; an error refuses the file.
_CHARACTER_CHECKS = (
    (_NON_PRINTABLE, ERROR, "含有不可打印的控制字符 U+{code:04X}，通常来自从其他软件复制粘贴。请删除该字符。"),
    (_TAB_INDENT, ERROR, "缩进中含有制表符（Tab）。YAML 只能用空格缩进，请把 Tab 换成空格。"),
    (BIDI_CONTROLS, ERROR, "含有改变文字方向的隐藏控制字符 U+{code:04X}，会让显示内容与实际内容不一致。请删除该字符。"),
    (_INVISIBLE, WARNING, "含有不可见字符 U+{code:04X}（零宽字符），通常来自复制粘贴。请删除该字符。"),
    (
        _ODD_BREAKS,
        WARNING,
        "含有特殊换行符 U+{code:04X}，通常来自复制粘贴，会使提示的行号与编辑器不一致。请删除该字符或换成普通换行。",
    ),
)


def raw_text_problems(text: str, display_path: str) -> list[Problem]:
    """Tabs in indentation and hidden characters in a record file's text, found before it is
    parsed, each at its exact position; an error refuses the file."""
    problems = []
    for pattern, severity, message in _CHARACTER_CHECKS:
        match = pattern.search(text)
        if not match:
            continue
        index = match.end() - 1  # the offending character is the last one matched
        line, column = line_and_column(text, index)
        problems.append(Problem(display_path, line, column, severity, message.format(code=ord(text[index]))))
    return problems
