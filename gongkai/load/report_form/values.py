"""A figure as printed in a cell: a count, money as published, left blank, or "/". Nothing else
is read as a number: "十二", "12件", "-3" or "12.5" (as a count) are refused with the reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.load.report_form.grid import Cell, squeeze

SLASH = "/"
_COUNT = re.compile(r"\d+")
_AMOUNT = re.compile(r"(\d+)(\.\d+)?")
_CHINESE_NUMERALS = set("〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟")
_HOW = "请改为阿拉伯数字（例如 12，不带单位），没有的填 0；原表空白的留空，原表为“/”的填“/”，再导入。"


@dataclass(frozen=True)
class Amount:
    """Money exactly as published (`12.50` stays 12.50); written to YAML as this text."""

    text: str


Figure = int | Amount | str | None  # a count, money, "/" or None (blank)


def read_figure(cell: Cell, amount: bool) -> tuple[Figure, str]:
    """(value, "") or (None, why it is not a figure, in Chinese, with how to fix it)."""
    if cell.formula:
        return None, (
            f"是公式“{cell.text}”，文件中没有保存计算结果，无法得知显示的数字。"
            "请在 Excel 或 WPS 中打开这个文件并保存（或把公式改为数字）后再导入。"
        )
    if not amount and cell.number is not None and float(cell.number).is_integer() and cell.number >= 0:
        return int(cell.number), ""  # an Excel count formatted with decimals (3.00) is 3
    text = squeeze(cell.text)
    if not text:
        return None, ""
    if text == SLASH:
        return SLASH, ""
    if amount:
        found = _AMOUNT.fullmatch(text)
        if found:
            whole = found.group(1).lstrip("0") or "0"
            return Amount(whole + (found.group(2) or "")), ""
    elif _COUNT.fullmatch(text):
        return int(text), ""
    return None, _why(cell.text.strip(), text, amount)


def _why(shown: str, text: str, amount: bool) -> str:
    what = "金额" if amount else "数量"
    if text.startswith("-") and _AMOUNT.fullmatch(text[1:]):
        return f"“{shown}”是负数：{what}不能为负。{_HOW}"
    if not amount and _AMOUNT.fullmatch(text):
        return f"“{shown}”不是整数：数量只能是 0、1、2 这样的整数。{_HOW}"
    if all(ch in _CHINESE_NUMERALS for ch in text):
        return f"“{shown}”是汉字数字，不能按数字读取。{_HOW}"
    if any(ch.isdigit() for ch in text):
        unit = "（单位已是表头中的万元）" if amount else ""
        return f"“{shown}”中除数字外还有其他文字或符号{unit}：格子里只能写一个数字。{_HOW}"
    return f"“{shown}”不是数字。{_HOW}"
