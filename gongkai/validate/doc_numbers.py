"""Rule 1 (document numbers, GB/T 9704-2012) and rule 11 (catalog index numbers).

A document number is `<issuer code>〔<year in full>〕<sequence>号`: hexagonal brackets, four-digit
year, sequence without leading zeros and without 第, e.g. `豫管〔2019〕3号`. Editors often type
`【2019】`, `[2019]`, `(2019)`, `〔19〕`, `003号` or `第3号`; each becomes an error with the
corrected form. Numbers are compared in their corrected form, so `豫管[2019]3号` and
`豫管〔2019〕3号` are the same number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.agencies import Agencies
from gongkai.load.records import SourceRecord
from gongkai.model.dates import parse_date
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.context import Context

_OPEN = "〔【[(（［﹝〘{｛<《〈⦗"
_CLOSE = "〕】])）］﹞〙}｝>》〉⦘"
_BRACKETS = re.escape(_OPEN + _CLOSE)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACES = re.compile(r"\s+")
CORRECT = re.compile(rf"^[^\s{_BRACKETS}]+〔(?:19|20)[0-9]{{2}}〕[1-9][0-9]*号$")
_LOOSE = re.compile(
    rf"^(?P<issuer>[^0-9{_BRACKETS}]+?)(?P<open>[{re.escape(_OPEN)}])?(?P<year>[0-9]{{4}}|[0-9]{{2}})"
    rf"(?P<close>[{re.escape(_CLOSE)}])?年?(?P<di>第)?(?P<seq>[0-9]+)(?P<hao>号)?$"
)
# The issuing body's code: an 18-character unified social credit code (GB 32100-2015 alphabet) or a
# 9-character organisation code (GB 11714: 8 digits or capitals, then a check digit or X), then
# /year-serial, the serial of 4 to 7 digits as real catalogues number them (`014289810/2025-00013`,
# `11370112MB2803691Q/2024-6538710`).
INDEX_NO = re.compile(r"^(?:[0-9A-HJ-NPQRTUWXY]{18}|[0-9A-Z]{8}[0-9X])/[0-9]{4}-[0-9]{4,7}$")
FORM_HINT = "应写作“发文机关代字〔年份〕序号号”，例如 豫管〔2019〕3号。没有文号的文件请删除 doc_number 这一行。"


@dataclass(frozen=True)
class DocNumber:
    """A document number as understood: its corrected form and what was wrong with the original."""

    corrected: str | None  # None when it cannot be understood at all
    year: int | None
    issues: tuple[str, ...]


def analyse(raw: str, reference_year: int) -> DocNumber:
    """Understand a document number; `reference_year` resolves a two-digit year (〔19〕)."""
    if CORRECT.match(raw):
        year = int(raw[raw.index("〔") + 1 : raw.index("〕")])
        return DocNumber(raw, year, ())
    normal = _SPACES.sub("", raw.translate(_FULL_WIDTH))
    match = _LOOSE.match(normal)
    if not match or not (match["open"] or match["close"]) or int(match["seq"]) == 0:
        return DocNumber(None, None, ())
    year = _full_year(match["year"], reference_year)
    corrected = f"{match['issuer']}〔{year}〕{int(match['seq'])}号"
    return DocNumber(corrected, year, _issues(raw, normal, match))


def _full_year(digits: str, reference_year: int) -> int:
    if len(digits) == 4:
        return int(digits)
    candidates = (1900 + int(digits), 2000 + int(digits))
    not_later = [y for y in candidates if y <= reference_year]
    return max(not_later) if not_later else min(candidates)


def _issues(raw: str, normal: str, match: re.Match[str]) -> tuple[str, ...]:
    issues = []
    if raw.translate(_FULL_WIDTH) != raw:
        issues.append("数字应为半角")
    if _SPACES.search(raw):
        issues.append("不能有空格")
    used = (match["open"] or "") + (match["close"] or "")
    if used != "〔〕":
        issues.append(f"年份应用六角括号〔〕，不能用“{used}”" if len(used) == 2 else "年份两侧都应有六角括号〔〕")
    if len(match["year"]) != 4:
        issues.append("年份应写全四位")
    if "年" in normal[match.end("year") :]:
        issues.append("年份后不加“年”")
    if match["di"]:
        issues.append("序号前不加“第”")
    if match["seq"].startswith("0"):
        issues.append("序号不编虚位（不写前导 0）")
    if not match["hao"]:
        issues.append("应以“号”结尾")
    return tuple(issues)


def check(context: Context) -> Iterator[Problem]:
    # Each agency numbers its own 文号 and 索引号 (gongkai/agencies.py): the same number in two
    # agencies' series is two numbers; a site that declares no agencies has one series.
    agencies = Agencies(context.settings.agencies)
    first_number: dict[tuple[str, str], SourceRecord] = {}
    first_index: dict[tuple[str, str], SourceRecord] = {}
    for record in context.oldest_first():
        series = agencies.series(record.data)
        raw = record.data.get("doc_number")
        if isinstance(raw, str):
            yield from _check_number(record, raw, context.today, _Series(series, first_number))
        index_no = record.data.get("index_no")
        if isinstance(index_no, str):
            yield from _check_index_no(record, index_no, _Series(series, first_index))


class _Series:
    """The first record of each number within one agency's series."""

    def __init__(self, agency: str, first: dict[tuple[str, str], SourceRecord]):
        self.agency = agency
        self.first = first

    def earlier(self, number: str, record: SourceRecord) -> SourceRecord:
        return self.first.setdefault((self.agency, number), record)

    def unique(self, what: str) -> str:
        """`全站文号必须唯一`, or within an agency's series `同一机关（…）的文号必须唯一`."""
        return f"同一机关（{self.agency}）的{what}必须唯一" if self.agency else f"全站{what}必须唯一"


def _check_number(record: SourceRecord, raw: str, today: dt.date, series: _Series) -> Iterator[Problem]:
    path = ("doc_number",)
    signed = parse_date(record.data.get("signed_date"))
    reference = signed or parse_date(record.data.get("publish_date")) or today
    number = analyse(raw, reference.year)
    if number.corrected is None:
        yield record.problem(path, ERROR, f"文号“{raw}”不符合 GB/T 9704-2012，无法识别。{FORM_HINT}")
    elif number.issues:
        yield record.problem(
            path,
            ERROR,
            f"文号“{raw}”不符合 GB/T 9704-2012，应为 {number.corrected}（{'；'.join(number.issues)}）。请改为 {number.corrected}。",
        )
    if signed is not None and number.year is not None and number.year > signed.year:
        yield record.problem(
            path,
            WARNING,
            f"文号“{raw}”中的年份 {number.year} 晚于成文日期 {signed.isoformat()} 的年份。请核对文号年份或成文日期（signed_date）。",
        )
    key = number.corrected or raw.strip()
    earlier = series.earlier(key, record)
    if earlier is not record:
        yield record.problem(
            path,
            ERROR,
            f"文号“{raw}”与 {earlier.file.display_path} 的文号重复。{series.unique('文号')}：请核对本文件的文号，或删除重复的记录。",
        )


def _check_index_no(record: SourceRecord, index_no: str, series: _Series) -> Iterator[Problem]:
    path = ("index_no",)
    earlier = series.earlier(index_no, record)
    if earlier is not record:
        yield record.problem(
            path,
            ERROR,
            f"索引号“{index_no}”与 {earlier.file.display_path} 重复。{series.unique('索引号')}：请改用下一个未用的流水号。",
        )
    if not INDEX_NO.match(index_no):
        yield record.problem(
            path,
            WARNING,
            f"索引号“{index_no}”不符合常见格式“机构代码/年份-流水号”（例如 11410000MB1234567X/2023-00001、"
            "014289810/2025-00013）。请核对：机构代码为 18 位统一社会信用代码或 9 位组织机构代码（大写字母或数字），"
            "流水号为 4 至 7 位数字。",
        )
