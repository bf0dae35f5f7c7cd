"""The identifiers every government website shows in its footer (国办发〔2017〕47号, 政府网站发展指引):
网站标识码, ICP 备案编号, 公安机关备案标识, 党政机关网站标识 (where the site is one: the setting
`require_party_government_mark`) and the “我为政府网站找错” link. They are `extra.site_info` in
mkdocs.yml, printed by theme/partials/gongkai-footer.html; their characters and URL schemes are
checked before every build (`gongkai.validate.site_config`), their presence and format here.

Formats: 网站标识码 10 characters (`site_config`); ICP 备案号 `<省简称>ICP备<8 digits>号` (optionally
`-<n>`); 公安机关备案号 `<省简称>公网安备 <14 digits>号`. Text around the number (e.g. “（演示）”) is allowed.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.validate import site_config
from gongkai.validate.inspection.findings import DEDUCT, DEVELOPMENT_GUIDE, Finding, Indicator, Result, SiteView

FOOTER = Indicator("footer", "47号 三（三）", "页脚标识", DEVELOPMENT_GUIDE)

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼港澳台"
ICP = re.compile(rf"[{_PROVINCES}]ICP备[0-9]{{8}}号(-[0-9]+)?")
PUBLIC_SECURITY = re.compile(rf"[{_PROVINCES}]公网安备\s*[0-9]{{14}}号")
IDENTIFICATION_CODE = re.compile(r"[0-9]{10}|bm[0-9]{8}")

# (key in extra.site_info, name, format or None, example)
_ITEMS: tuple[tuple[str, str, re.Pattern[str] | None, str], ...] = (
    ("identification_code", "网站标识码", IDENTIFICATION_CODE, "4100000001 或 bm07000001"),
    ("icp", "ICP 备案号", ICP, "豫ICP备12345678号"),
    ("public_security", "公安机关备案号", PUBLIC_SECURITY, "豫公网安备 41010502000001号"),
    (
        "error_report_url",
        "“我为政府网站找错”链接",
        None,
        "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=4100000001",
    ),
)


def footer(view: SiteView) -> Result:
    info: Any = view.site.value(site_config.FOOTER)
    info = info if isinstance(info, dict) else {}
    found: list[Finding] = []
    items = list(_ITEMS)
    if view.settings.require_party_government_mark:
        items.append(("party_government_mark", "党政机关网站标识", None, "/assets/dzjg.png"))
    for key, name, pattern, example in items:
        value = info.get(key)
        value = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        _file, line, _column = view.site.where((*site_config.FOOTER, key))
        if not value:
            found.append(
                Finding(
                    FOOTER,
                    DEDUCT,
                    f"页脚缺少{name}。请在 mkdocs.yml 的 extra.site_info.{key} 中填写，例如 {example}。",
                    "",
                    view.config_file,
                    line,
                )
            )
        elif pattern is not None and not (
            pattern.fullmatch(value) if key == "identification_code" else pattern.search(value)
        ):
            found.append(
                Finding(
                    FOOTER,
                    DEDUCT,
                    f"页脚的{name}“{value}”格式不对，应形如 {example}。请按备案（或普查时分配）的编号改正 extra.site_info.{key}。",
                    "",
                    view.config_file,
                    line,
                )
            )
    summary = f"检查了 {len(items)} 项页脚标识，{len(found)} 项缺少或格式不对"
    return Result(FOOTER, summary, tuple(found))
