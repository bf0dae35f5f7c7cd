"""Settings: every number the national rules put on records, with DOMAIN.md's defaults.

Provinces differ, so each threshold is a setting. Settings come from the `gongkai` plugin options in
mkdocs.yml (or from `gongkai.yml` for the CLI); nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    # 条例 art. 26: proactive disclosure within 20 working days of forming or changing.
    publish_within_workdays: int = 20
    # 重大行政决策程序暂行条例 art. 15: public comment runs at least 30 days.
    consultation_min_days: int = 30
    # 国办发〔2016〕80号: interpretation released together with its document.
    interpretation_within_workdays: int = 3
    # Filing for review within 30 days of publication.
    filing_within_days: int = 30
    # Consultation feedback expected within 30 days of closing.
    feedback_within_days: int = 30
    # Validity periods (years) for documents without an expiry date: informational warnings.
    validity_years: int = 5
    provisional_validity_years: int = 2
    # Annual reports.
    rule_of_law_report_deadline: str = "04-01"  # published before 1 April of the following year
    disclosure_report_deadline: str = "01-31"  # published by 31 January of the following year
    # Loader limits.
    max_file_bytes: int = 1_000_000
    # Feeds.
    feed_entries: int = 50
    # Warnings fail the build when strict.
    strict: bool = False

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


SETTING_NAMES = tuple(f.name for f in dataclasses.fields(Settings))


def settings_from_mapping(values: dict[str, Any], base: Settings | None = None) -> Settings:
    """Build settings from a mapping (plugin options or gongkai.yml); unknown names are an error."""
    base = base or Settings()
    unknown = sorted(set(values) - set(SETTING_NAMES))
    if unknown:
        raise ValueError(f"未知的 gongkai 设置项：{', '.join(unknown)}。可用的设置项：{', '.join(SETTING_NAMES)}")
    changes = dict(values)
    if "data_dir" in changes:
        changes["data_dir"] = Path(changes["data_dir"])
    return base.replace(**changes)


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings for the CLI: `gongkai.yml` if present, else the `gongkai` plugin block of mkdocs.yml."""
    if config_file is None:
        for candidate in (Path("gongkai.yml"), Path("mkdocs.yml")):
            if candidate.exists():
                config_file = candidate
                break
    if config_file is None:
        return Settings()
    # mkdocs.yml may contain !!python/name tags (Material's emoji options); ignore unknown tags.
    raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    if config_file.name == "mkdocs.yml":
        raw = _plugin_options(raw)
    settings = settings_from_mapping(raw)
    if not settings.data_dir.is_absolute():
        settings = settings.replace(data_dir=config_file.parent / settings.data_dir)
    return settings


def _plugin_options(mkdocs_config: dict[str, Any]) -> dict[str, Any]:
    """The plugin block's options flattened to setting names (its `settings:` map and `data_dir`, `strict`)."""
    for entry in mkdocs_config.get("plugins") or []:
        if isinstance(entry, dict) and "gongkai" in entry:
            block = dict(entry["gongkai"] or {})
            options = dict(block.pop("settings", None) or {})
            options.update({k: v for k, v in block.items() if k in ("data_dir", "strict")})
            return options
    return {}


class _LenientLoader(yaml.SafeLoader):
    pass


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def build_date(explicit: str | None = None) -> dt.date:
    """The date derived states are computed for: --today, else SOURCE_DATE_EPOCH, else today (Asia/Shanghai)."""
    if explicit:
        return dt.date.fromisoformat(explicit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    shanghai = dt.timezone(dt.timedelta(hours=8))
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=shanghai).date()
    return dt.datetime.now(tz=shanghai).date()
