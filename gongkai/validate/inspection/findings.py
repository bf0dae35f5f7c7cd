"""What an inspection is made of: the indicators, the findings and the site as a build sees it.

An `Indicator` is one item of the national inspection (its number in its source, its name and the
document it comes from); a check looks at a `SiteView` and gives one `Result` per indicator: a
summary line (what was looked at, in numbers) and its `Finding`s, each with its level (单项否决: the
site fails the inspection; 扣分: points deducted; 警告: a warning ahead of either) and the page
(site-relative URL) and file to fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gongkai.config import Settings
from gongkai.load.records import display_path
from gongkai.model.records import Catalog, Record
from gongkai.validate.site_config import SiteConfig

VETO, DEDUCT, WARN = "单项否决", "扣分", "警告"
LEVELS = (VETO, DEDUCT, WARN)

CHECK_INDICATORS = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》"
DEVELOPMENT_GUIDE = "国办发〔2017〕47号《政府网站发展指引》"
DISCLOSURE_PLATFORM = "国办公开办函〔2019〕61号《关于规范政府信息公开平台有关事项的通知》"
REGULATION = "《中华人民共和国政府信息公开条例》（2019）第四十九条、第五十条"


@dataclass(frozen=True)
class Indicator:
    key: str  # a stable identifier (JSON, tests)
    number: str  # where it stands in its source, e.g. "单项否决指标 3"
    name: str  # e.g. "首页不更新"
    source: str  # the document it comes from


@dataclass(frozen=True)
class Finding:
    indicator: Indicator
    level: str  # VETO, DEDUCT or WARN
    message: str  # Chinese: what is wrong and how to fix it
    url: str = ""  # the page, site-relative ("documents/", "" for the home page)
    file: str = ""  # the data file, folder or configuration file to change
    line: int = 0  # in `file`, when known

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.key,
            "number": self.indicator.number,
            "name": self.indicator.name,
            "source": self.indicator.source,
            "level": self.level,
            "message": self.message,
            "url": self.url,
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True)
class Result:
    indicator: Indicator
    summary: str  # what was looked at, in numbers
    findings: tuple[Finding, ...] = ()

    @property
    def level(self) -> str | None:
        """The worst level among the findings; None: passed."""
        return next((level for level in LEVELS if any(f.level == level for f in self.findings)), None)


@dataclass
class SiteView:
    """The site as a build knows it: the public records (the catalog, as of its build date), the
    settings, what mkdocs.yml says (footer, nav) and which pages are hand-written."""

    catalog: Catalog
    settings: Settings
    site: SiteConfig
    hand_written: frozenset[str] = field(default_factory=frozenset)  # src URIs under docs_dir

    @property
    def today(self) -> dt.date:
        return self.catalog.today

    def data_file(self, record: Record) -> str:
        """The file an editor changes for `record`, relative to the working directory when possible."""
        folder = self.settings.data_dir / record.type.key
        found = next(
            (folder / f"{record.id}{s}" for s in (".yaml", ".yml") if (folder / f"{record.id}{s}").exists()), None
        )
        return display_path(found or folder / f"{record.id}.yaml")

    def data_folder(self, type_key: str) -> str:
        return display_path(self.settings.data_dir / type_key) + "/"

    @property
    def config_file(self) -> str:
        return display_path(self.site.config_file) if self.site.config_file else "mkdocs.yml"
