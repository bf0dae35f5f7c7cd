"""The site's own configuration is input too: the values of mkdocs.yml that reach every page.

`site_name`, `site_description` and the footer (`extra.site_info`: sponsor, address, phone, email,
网站标识码, ICP …) are text: the plugin escapes them once where they become HTML
(`gongkai.plugin.plugin`), so markup in them shows as typed. Here they are checked as record text
is: a hidden control or text-direction character is an error (`gongkai.load.characters`), and so is
a value that is not text at all (a list or a map where a line of text is printed).

Every URL setting accepts only `https://` or `http://` (the error-report link also `mailto:`, the
footer's mark and Material's `homepage` also a path on this site): a `javascript:` or `data:` link
in the footer would run on every page. A URL holds no space, quote or angle bracket. The e-mail
address is an address (the footer links it with `mailto:`). The 网站标识码 is one (10 characters:
digits, or `bm` and digits), as the footer and the national page tags print it.

`check(site)` reports like record problems, at the setting's line in mkdocs.yml (found by composing
the file with PyYAML, which keeps every node's position and needs no constructor for `!ENV` or
`!!python/name` tags), for the build (which stops on an error) and `gongkai validate` alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from gongkai.agencies import Agency
from gongkai.load.characters import hidden_characters
from gongkai.load.records import display_path
from gongkai.problems import ERROR, Problem

Key = tuple[str, ...]

# Settings printed as text on the pages (paths in mkdocs.yml).
TEXT_SETTINGS: tuple[Key, ...] = (
    ("site_name",),
    ("site_description",),
    ("extra", "agency"),
    ("extra", "negative_list", "title"),
    ("extra", "negative_list", "version"),
)
FOOTER = ("extra", "site_info")
# Settings that are links, and the schemes each accepts ("" : a path on this site).
URL_SETTINGS: dict[Key, tuple[str, ...]] = {
    (*FOOTER, "error_report_url"): ("https", "http", "mailto"),
    (*FOOTER, "icp_url"): ("https", "http"),
    (*FOOTER, "public_security_url"): ("https", "http"),
    (*FOOTER, "party_government_mark"): ("https", "http", ""),
    ("extra", "negative_list", "url"): ("https", "http"),
    ("extra", "homepage"): ("https", "http", ""),
}
EMAIL = (*FOOTER, "email")
IDENTIFICATION_CODE = (*FOOTER, "identification_code")
# 政府网站标识码: 10 characters, a region's 6-digit administrative division code and a 4-digit
# number (4100000001), or "bm", a department's 2-digit code and a 6-digit number (bm07000001).
_IDENTIFICATION_CODE = re.compile(r"[0-9]{10}|bm[0-9]{8}")
_URL_CHARACTERS = re.compile(r"[\x00-\x20\"'<>`\\\x7f]")
_ADDRESS_PART = r"[^@\s\"'<>`\\/:;,()\[\]?#&=%]+"
_EMAIL = re.compile(rf"{_ADDRESS_PART}@{_ADDRESS_PART}\.{_ADDRESS_PART}")
_NAMES = {
    "site_name": "网站名称",
    "site_description": "网站说明",
    "agency": "机关名称",
    "title": "名称",
    "version": "版本",
    "url": "链接",
    "homepage": "首页链接",
    "sponsor": "主办单位",
    "address": "地址",
    "postcode": "邮编",
    "phone": "联系电话",
    "email": "电子邮箱",
    "identification_code": "网站标识码",
    "icp": "ICP 备案号",
    "icp_url": "ICP 备案链接",
    "public_security": "公安备案号",
    "public_security_url": "公安备案链接",
    "error_report_url": "“我为政府网站找错”链接",
    "party_government_mark": "党政机关网站标识图片",
}


@dataclass
class SiteConfig:
    """What the site's configuration says about itself, with the file it was read from."""

    site_name: Any = None
    site_description: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    config_file: Path | None = None
    nav: Any = None  # mkdocs.yml's `nav` as written (read by the inspection: validate/inspection/)
    docs_dir: Path | None = None  # the hand-written pages (`docs_dir`)
    _positions: dict[Key, tuple[int, int]] | None = field(default=None, repr=False)

    def value(self, key: Key) -> Any:
        current: Any = {"site_name": self.site_name, "site_description": self.site_description, "extra": self.extra}
        for part in key:
            if not isinstance(current, dict):
                return None
            current = current.get(part)
        return current

    def where(self, key: Key) -> tuple[str, int, int]:
        """The file, line and column of a setting (line 1 when unknown: !INHERIT, a file gone)."""
        if self.config_file is None:
            return "mkdocs.yml", 1, 1
        if self._positions is None:
            self._positions = positions(self.config_file)
        for length in range(len(key), 0, -1):
            if key[:length] in self._positions:
                line, column = self._positions[key[:length]]
                return display_path(self.config_file), line, column
        return display_path(self.config_file), 1, 1


def positions(config_file: Path) -> dict[Key, tuple[int, int]]:
    """Where each mapping value of a YAML file starts (1-based), by key path; {} if unreadable."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    found: dict[Key, tuple[int, int]] = {}

    def walk(node: yaml.Node | None, path: Key) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    here = (*path, str(key.value))
                    found[here] = (value.start_mark.line + 1, value.start_mark.column + 1)
                    walk(value, here)

    walk(root, ())
    return found


def check(site: SiteConfig, agencies: Sequence[Agency] = ()) -> list[Problem]:
    """Every problem of the site's configuration (see the module's docstring), the declared
    agencies' own 公开指南 pages included."""
    return [*_problems(site), *_agency_guides(site, agencies)]


def _agency_guides(site: SiteConfig, agencies: Sequence[Agency]) -> list[Problem]:
    """An agency's own 公开指南 (`guide`, gongkai/agencies.py) is a page of the site: a missing
    file would be a broken link on every page of that agency's."""
    if site.docs_dir is None:
        return []
    return [
        _problem(
            site,
            ("plugins",),
            f"机关“{agency.name}”的公开指南页面 {agency.guide} 在网站页面目录 {site.docs_dir.name}/ 中不存在："
            "请建立这个 Markdown 文件，或改正 guide 的路径，或删去 guide（使用全站的公开指南）。",
        )
        for agency in agencies
        if agency.guide and not (site.docs_dir / agency.guide).is_file()
    ]


def _problems(site: SiteConfig) -> Iterator[Problem]:
    footer = site.value(FOOTER)
    footer_keys: list[Key] = [(*FOOTER, str(name)) for name in footer] if isinstance(footer, dict) else []
    if footer is not None and not isinstance(footer, dict):
        yield _problem(site, FOOTER, "网站页脚信息（extra.site_info）应是“项目: 文字”的映射，例如 sponsor: 某某局。")
    for key in [*TEXT_SETTINGS, *(k for k in footer_keys if k not in URL_SETTINGS)]:
        yield from _text(site, key)
    for key, schemes in URL_SETTINGS.items():
        yield from _url(site, key, schemes)


def _text(site: SiteConfig, key: Key) -> Iterator[Problem]:
    value = site.value(key)
    if key == IDENTIFICATION_CODE and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # written without quotes: checked as printed
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return
    if not isinstance(value, str):
        yield _problem(site, key, f"{_label(key)}应是一行文字，不能是列表或映射。请改为文字（必要时加引号）。")
        return
    found = next(hidden_characters(value), None)
    if found is not None:
        yield _problem(site, key, f"{_label(key)}{found.problem}（第 {found.index + 1} 个字符）。请删除该字符。")
    if key == IDENTIFICATION_CODE and value and not _IDENTIFICATION_CODE.fullmatch(value):
        yield _problem(
            site,
            key,
            f"{_label(key)}“{value}”不是政府网站标识码：标识码共 10 位，地方网站为 10 位数字（如 4100000001），"
            "部门网站为 bm 加 8 位数字（如 bm07000001）。请按网站普查时分配的标识码填写（加引号，以免开头的 0 丢失）。",
        )
    if key == EMAIL and value and not _EMAIL.fullmatch(value):
        yield _problem(
            site, key, f"{_label(key)}“{value}”不是电子邮箱地址。请写成 name@example.gov.cn 的形式（不要加 mailto:）。"
        )


def _url(site: SiteConfig, key: Key, schemes: tuple[str, ...]) -> Iterator[Problem]:
    value = site.value(key)
    if value is None or value == "":
        return
    accepted = "、".join(f"{s}:" for s in schemes if s) + ("或本站内的路径" if "" in schemes else "")
    how = f"请改为以 {accepted} 开头的完整网址，例如 https://www.example.gov.cn/。"
    if not isinstance(value, str):
        yield _problem(site, key, f"{_label(key)}应是一个网址（文字）。{how}")
        return
    if _URL_CHARACTERS.search(value):
        yield _problem(site, key, f"{_label(key)}“{value}”中含有空格、引号、尖括号或控制字符，不是有效的网址。{how}")
        return
    try:
        parts = urlsplit(value)
    except ValueError:
        yield _problem(site, key, f"{_label(key)}“{value}”不是有效的网址。{how}")
        return
    scheme = parts.scheme.lower()
    if scheme not in schemes or (scheme in ("http", "https") and not parts.netloc) or value.startswith("//"):
        shown = (
            f"（{scheme}: 链接会在访问者的浏览器中执行或打开站外内容）" if scheme not in ("", "http", "https") else ""
        )
        yield _problem(site, key, f"{_label(key)}“{value}”不是允许的网址{shown}。{how}")


def _label(key: Key) -> str:
    return f"配置项 {'.'.join(key)}（{_NAMES.get(key[-1], key[-1])}）"


def _problem(site: SiteConfig, key: Key, message: str) -> Problem:
    shown, line, column = site.where(key)
    return Problem(shown, line, column, ERROR, message)
