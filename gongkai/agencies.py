"""The agencies a site publishes for (a county portal and its departments), declared once in the
settings (`Settings.agencies`), and which of them a record belongs to.

    agencies:                      # in the plugin's `settings:` map; the first is the site's own
      - name: 某某县人民政府办公室
        short_name: 县政府办
        credit_code: 11410000MB1234567P   # 统一社会信用代码, GB 32100-2015 check character
        identification_code: "4100000001"  # optional: its own 政府网站标识码
        contact: 0371-00000000             # optional
        guide: guides/office.md            # optional: its own 政府信息公开指南, a page in docs_dir

A record names its agency in `agency` (the name or the short name). A record without one belongs
to the declared agency its `issuer` names (the whole issuer, by name or short name), else to the
site's own (the first declared): a department's records say who they are by their 发布机构 already.
An agency without a `guide` page of its own links to the site's 公开指南 (`guide/`): on a county
portal the departments often answer applications under one guide, but each 行政机关 may publish
its own (条例第十二条). A site that declares none is a one-agency site, as before: its records name no `agency` and every
rule that is per agency has one series (the annual reports stay grouped by `issuer`).

How `agency` and `issuer` relate: `issuer` is the 发布机构 as printed on the record (it may list
joint issuers, `甲局、乙局`, or be an office issuing for another); `agency` is whose record it is on
this site: whose series of 文号 and 索引号 it takes, whose annual report it is and whose 表二 counts
it, whose pages list it. Write `agency` where the issuer does not tell (a joint document, a
document issued in another's name); `gongkai.model.annual_reports.agency_of` for the reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# GB 32100-2015: 18 characters from this set (no I, O, S, V, Z); the last is a check character.
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_IDENTIFICATION_CODE = re.compile(r"^([0-9]{10}|bm[0-9]{8})$")
_GUIDE = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.?(?:/|$))[^\\:*?\"<>|]+\.md$")  # a relative Markdown path
FIELDS = ("name", "short_name", "credit_code", "identification_code", "contact", "guide")
REQUIRED = ("name", "short_name", "credit_code")
_LABELS = {
    "name": "机关全称",
    "short_name": "简称",
    "credit_code": "统一社会信用代码",
    "identification_code": "政府网站标识码",
    "contact": "联系方式",
    "guide": "公开指南页面",
}
EXAMPLE = "[{name: 某某县人民政府办公室, short_name: 县政府办, credit_code: 11410000MB1234567P}]"


@dataclass(frozen=True)
class Agency:
    name: str  # 机关全称
    short_name: str  # 简称
    credit_code: str  # 统一社会信用代码 (18 characters, check character valid)
    identification_code: str | None = None  # its own 政府网站标识码
    contact: str | None = None
    guide: str | None = None  # its own 公开指南: a Markdown page's path in docs_dir

    @property
    def guide_url(self) -> str:
        """Site-relative URL of its 公开指南: its own page (as MkDocs serves it), else the site's."""
        if not self.guide:
            return "guide/"
        stem = self.guide.removesuffix(".md")
        for index in ("index", "README"):
            if stem == index or stem.endswith(f"/{index}"):
                return stem.removesuffix(index)
        return f"{stem}/"

    @property
    def slug(self) -> str:
        """Its pages' URL segment (/agencies/<slug>/): the credit code in lower case, unique and stable."""
        return self.credit_code.lower()

    @property
    def names(self) -> tuple[str, str]:
        return (self.name, self.short_name)


def credit_code_check(code: str) -> str | None:
    """The check character (GB 32100-2015) the first 17 characters of `code` call for, or None
    when they are not 17 characters of the code's character set."""
    if len(code) < 17 or any(c not in CREDIT_CODE_CHARACTERS for c in code[:17]):
        return None
    total = sum(CREDIT_CODE_CHARACTERS.index(c) * w for c, w in zip(code[:17], _WEIGHTS, strict=True))
    return CREDIT_CODE_CHARACTERS[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """What is wrong with a 统一社会信用代码 (Chinese, with the fix), or None."""
    if len(code) != 18 or any(c not in CREDIT_CODE_CHARACTERS for c in code):
        return (
            f"统一社会信用代码“{code}”应为 18 位数字或大写字母（不含 I、O、S、V、Z），"
            "例如 11410000MB1234567P：请照营业执照或事业单位法人证书上的代码填写。"
        )
    expected = credit_code_check(code)
    if code[17] != expected:
        return (
            f"统一社会信用代码“{code}”的校验位（第 18 位）应为 {expected}，而不是 {code[17]}（GB 32100-2015）："
            "请核对前 17 位是否抄错，或把最后一位改为 " + str(expected) + "。"
        )
    return None


def parse_agencies(value: Any) -> tuple[Agency, ...]:
    """The `agencies` setting as written (a list of mappings) -> Agency tuple; ValueError with every
    problem, in Chinese, when it is not acceptable."""
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"应为一个列表，每项写一个机关，例如 {EXAMPLE}")
    problems: list[str] = []
    found: list[Agency] = []
    for number, item in enumerate(value, 1):
        where = f"第 {number} 个机关"
        if isinstance(item, Agency):
            found.append(item)
            continue
        if not isinstance(item, Mapping):
            problems.append(f"{where}应是“项目: 文字”的映射（name、short_name、credit_code 等）。")
            continue
        unknown = sorted(set(map(str, item)) - set(FIELDS))
        if unknown:
            problems.append(f"{where}有未知的项目 {', '.join(unknown)}：可用的项目为 {', '.join(FIELDS)}。")
        fields: dict[str, str | None] = {}
        for name in FIELDS:
            raw = item.get(name)
            if raw is None and name not in REQUIRED:
                fields[name] = None
            elif not isinstance(raw, (str, int)) or isinstance(raw, bool) or not str(raw).strip():
                problems.append(f"{where}缺少{_LABELS[name]}（{name}），或它不是一段文字：请补上。")
            else:
                fields[name] = str(raw).strip()
        code = fields.get("credit_code")
        if code and (message := credit_code_problem(code)):
            problems.append(f"{where}：{message}")
        mark = fields.get("identification_code")
        if mark and not _IDENTIFICATION_CODE.match(mark):
            problems.append(
                f"{where}的政府网站标识码“{mark}”应为 10 位数字，或 bm 加 8 位数字（例如 bm01000001），并加引号。"
            )
        guide = fields.get("guide")
        if guide and not _GUIDE.match(guide):
            problems.append(
                f"{where}的公开指南页面“{guide}”应是网站页面目录（docs_dir）中一个 Markdown 文件的相对路径，"
                "例如 guides/office.md。"
            )
        if len(fields) == len(FIELDS) and all(fields[name] for name in REQUIRED):
            found.append(Agency(**fields))  # type: ignore[arg-type]  # the required names are str, checked above
    seen: dict[str, str] = {}
    for agency in found:
        for label, key in (
            ("名称或简称", agency.name),
            ("名称或简称", agency.short_name),
            ("统一社会信用代码", agency.credit_code),
        ):
            if key in seen and seen[key] != agency.name:
                problems.append(
                    f"{label}“{key}”被两个机关（{seen[key]}、{agency.name}）使用：每个机关的名称、简称和代码都应不同。"
                )
            seen.setdefault(key, agency.name)
    if problems:
        raise ValueError("".join(problems))
    return tuple(found)


class Agencies:
    """The declared agencies, looked up by name or short name; the first is the site's own."""

    def __init__(self, declared: Sequence[Agency] = ()):
        self.declared = tuple(declared)
        self._by_name = {name: agency for agency in self.declared for name in agency.names}

    def __bool__(self) -> bool:
        return bool(self.declared)

    def __iter__(self) -> Iterator[Agency]:
        return iter(self.declared)

    def __len__(self) -> int:
        return len(self.declared)

    @property
    def own(self) -> Agency | None:
        return self.declared[0] if self.declared else None

    def find(self, value: object) -> Agency | None:
        """The agency named `value` (its name or short name, spaces around it ignored)."""
        return self._by_name.get(value.strip()) if isinstance(value, str) else None

    def of(self, data: Mapping[str, Any]) -> Agency | None:
        """The agency a record belongs to: the one its `agency` names; without one, the one its
        `issuer` names, else the site's own. None on a site that declares none (and for a name that
        is not declared: a validation error)."""
        value = data.get("agency")
        if value is not None:
            return self.find(value)
        return self.find(data.get("issuer")) or self.own

    def series(self, data: Mapping[str, Any]) -> str:
        """The numbering series a record's 文号 and 索引号 belong to: its agency's name ("" on a site
        that declares none, or for an undeclared name, reported on its own)."""
        agency = self.of(data)
        return agency.name if agency else ""

    def listed(self) -> str:
        """The declared agencies as a message lists them: `甲局（简称 甲）、乙局（简称 乙）`."""
        return "、".join(f"{a.name}（简称 {a.short_name}）" for a in self.declared)


NO_AGENCIES = Agencies()
