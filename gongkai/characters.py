"""Characters that must never reach the site, wherever a text comes from.

The YAML loader refuses them in a file's raw text, but a double-quoted YAML string can still write
them as escapes (`"\\x01"`, `"\\u202e"`, `"\\ud800"`), and a body file beside the record is not YAML
at all. Whatever their way in, they break the build's outputs (XML feeds accept no C0 control
character, no U+FFFE/U+FFFF; UTF-8 has no lone surrogate) or deceive the reader (text-direction
overrides show one thing and say another). `hidden_characters` finds them in any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Characters that reorder text on screen: a reader would not see what the text really says.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab and line breaks (C0, DEL, C1), lone surrogates and the two
# non-characters XML refuses. (NUL is among the C0 characters.)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ANY = re.compile(f"{_CONTROLS.pattern[:-1]}{BIDI_CONTROLS.pattern[1:-1]}]")
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
