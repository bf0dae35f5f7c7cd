"""The gongkai plugin's options in mkdocs.yml, made from the one definition of the settings
(`gongkai.config.Settings`), and the reading of a project's mkdocs.yml for the CLI. Part of the
MkDocs adapter, with `gongkai.plugin.plugin`: these two modules are the only ones that import MkDocs.

    plugins:
      - gongkai:
          data_dir: data        # TOP_LEVEL settings sit beside `settings`
          strict: false
          today: 2024-12-31     # optional build date (else SOURCE_DATE_EPOCH, else today)
          settings:             # every other setting, checked by its SettingSpec
            feed_entries: 50
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markupsafe
from mkdocs.config import config_options as opt
from mkdocs.config.base import BaseConfigOption, Config, ValidationError
from mkdocs.exceptions import PluginError

from gongkai.agencies import Agency
from gongkai.config import BY_NAME, SETTINGS, TOP_LEVEL, SettingError, Settings, SettingSpec, build_date, unknown_names
from gongkai.validate import site_config as site_checks
from gongkai.validate.site_config import SiteConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class _Setting(BaseConfigOption[Any]):
    """A config option for one field of gongkai.config.Settings (type, range and message from there)."""

    def __init__(self, spec: SettingSpec) -> None:
        super().__init__()
        self.spec = spec
        self.default = spec.default

    def run_validation(self, value: object) -> Any:
        try:
            return self.spec.check(value)
        except SettingError as exc:
            raise ValidationError(str(exc)) from None


class _SettingsMap(opt.SubConfig[Config]):
    """The plugin's `settings:` map: every setting not in TOP_LEVEL; an unknown name is an error."""

    def __init__(self, config_class: type[Config]) -> None:
        super().__init__(config_class)
        self.config_class = config_class  # SubConfig's own __init__ sets it only on SubConfig itself

    def run_validation(self, value: object) -> Config:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ValidationError("gongkai 插件的 settings 应是“设置项: 值”的映射，例如 feed_entries: 50。")
        message = unknown_names(value) or _misplaced(value)
        if message:
            raise ValidationError(message)
        return super().run_validation(value)


def _misplaced(values: dict[str, Any]) -> str | None:
    placed = [name for name in TOP_LEVEL if name in values]
    if not placed:
        return None
    return f"gongkai 设置项 {', '.join(placed)} 应直接写在 gongkai 插件下（与 settings 同级），而不是写在 settings 里。"


class _Today(BaseConfigOption[str | None]):
    """The build date (YYYY-MM-DD) for derived states; absent: SOURCE_DATE_EPOCH or today."""

    def run_validation(self, value: object) -> str | None:
        if value is None or isinstance(value, dt.date):
            return value.isoformat() if value else None
        try:
            return build_date(str(value)).isoformat()
        except ValueError:
            raise ValidationError(
                f"gongkai 插件的 today 值“{value}”不是日期：请写成 YYYY-MM-DD，例如 2024-12-31。"
            ) from None


_SettingsConfig = type("GongkaiSettings", (Config,), {s.name: _Setting(s) for s in SETTINGS if s.name not in TOP_LEVEL})
assert issubclass(_SettingsConfig, Config)  # for the type checker: type() above made a Config subclass


class GongkaiConfig(Config):
    data_dir = _Setting(BY_NAME["data_dir"])
    strict = _Setting(BY_NAME["strict"])
    today = _Today()
    settings = _SettingsMap(_SettingsConfig)  # the thresholds, see gongkai.config.Settings


def project_settings(plugin_config: GongkaiConfig, config_file_path: str | None) -> Settings:
    """The typed settings of a validated plugin config; data_dir relative to mkdocs.yml."""
    root = Path(config_file_path).resolve().parent if config_file_path else Path.cwd()
    values = {**dict(plugin_config.settings), "data_dir": root / plugin_config.data_dir, "strict": plugin_config.strict}
    values["cache_dir"] = root / values.get("cache_dir", Settings.cache_dir)
    return Settings(**values)


def read_project(config_file: Path) -> tuple[Settings, str | None]:
    """Settings and `today` from mkdocs.yml, read and checked by MkDocs' own loader (so `!ENV`
    and every option mean what they mean in `mkdocs build`): for the CLI."""
    settings, today, _site = read_project_site(config_file)
    return settings, today


def site_config(config: MkDocsConfig) -> SiteConfig:
    """The values of a loaded mkdocs.yml that every page prints (site_name, site_description,
    extra), as written: a value the plugin escaped for the theme is given back unescaped."""
    return SiteConfig(
        _unescaped(config.site_name),
        _unescaped(config.site_description),
        dict(config.extra),
        Path(config.config_file_path) if config.config_file_path else None,
        config.nav,
        Path(config.docs_dir),
    )


def check_site_config(site: SiteConfig, log: logging.Logger, agencies: Sequence[Agency] = ()) -> None:
    """Stop the build on an error in what mkdocs.yml says about the site (a `javascript:` footer
    link would run on every page, an agency's 公开指南 page is missing): each problem logged at its
    line, as record problems are."""
    problems = site_checks.check(site, agencies)
    for problem in problems:
        (log.error if problem.is_error else log.info)(problem.format())
    errors = sum(p.is_error for p in problems)
    if errors:
        raise PluginError(f"gongkai：站点配置（mkdocs.yml）有 {errors} 个错误，站点未生成。请按上面的提示修改后重试。")


def _unescaped(value: Any) -> Any:
    return value.unescape() if isinstance(value, markupsafe.Markup) else value


def read_project_site(config_file: Path) -> tuple[Settings, str | None, SiteConfig]:
    """`read_project`, and what the site's configuration says about the site (checked by
    `gongkai.validate.site_config`)."""
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig(config_file_path=str(config_file))
    with open(config_file, "rb") as stream:
        config.load_file(stream)
    errors, _warnings = config.validate()
    if errors:
        lines = "\n".join(f"  {name}: {error}" for name, error in errors)
        raise SettingError(f"{config_file} 的配置有误：\n{lines}")
    plugin = config.plugins.get("gongkai")
    site = site_config(config)
    if plugin is None:
        return Settings(data_dir=config_file.resolve().parent / "data"), None, site
    return project_settings(plugin.config, str(config_file)), plugin.config.today, site
