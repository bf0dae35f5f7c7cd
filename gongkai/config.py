"""Settings: every number the national rules put on records, with the defaults of docs/rules.md.

Provinces differ, so each threshold is a setting. `Settings` is the one typed definition: each
field's type, default, range and Chinese description. The MkDocs plugin turns it into its config
options (`gongkai.plugin.plugin`), the CLI reads mkdocs.yml through the plugin, and `gongkai.yml`
(the CLI without MkDocs) is checked against the same definition. Nothing here imports MkDocs.

Adding a setting is one line in `Settings`:

    feed_entries: int = setting(50, "每个订阅源最多包含的条目数", minimum=1, maximum=10_000)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gongkai.agencies import EXAMPLE as AGENCIES_EXAMPLE
from gongkai.agencies import Agency, parse_agencies
from gongkai.errors import GongkaiError

_MONTH_DAY = r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# Who reports (条例 art. 49): a government department, or the 本级政府 of a local government at
# county level or above (its report compiled by its 政务公开主管部门).
DEPARTMENT, GOVERNMENT = "部门", "本级政府"
REPORT_LEVELS = (DEPARTMENT, GOVERNMENT)


def setting(
    default: Any,
    description: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    pattern: str | None = None,
    example: str | None = None,
    choices: tuple[str, ...] | None = None,
) -> Any:
    """A field of `Settings`: its default, its Chinese description and the values it accepts."""
    metadata = {
        "description": description,
        "minimum": minimum,
        "maximum": maximum,
        "pattern": pattern,
        "example": example,
        "choices": choices,
    }
    return dataclasses.field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    data_dir: Path = setting(Path("data"), "记录所在的目录（相对于配置文件）", example="data")
    # 条例 art. 26: proactive disclosure within 20 working days of forming or changing.
    publish_within_workdays: int = setting(
        20, "信息形成或变更后应在多少个工作日内主动公开（条例第二十六条）", minimum=1, maximum=366
    )
    # 重大行政决策程序暂行条例 art. 15: public comment runs at least 30 days.
    consultation_min_days: int = setting(30, "重大行政决策公开征求意见的最短天数", minimum=1, maximum=366)
    # 国办发〔2016〕80号: interpretation released together with its document.
    interpretation_within_workdays: int = setting(3, "政策解读应在文件发布后多少个工作日内发布", minimum=0, maximum=366)
    # Filing for review within 30 days of publication.
    filing_within_days: int = setting(30, "规范性文件应在发布后多少天内报送备案", minimum=1, maximum=366)
    # Consultation feedback expected within 30 days of closing.
    feedback_within_days: int = setting(30, "征求意见结束后应在多少天内公布采纳情况反馈", minimum=1, maximum=366)
    # Validity periods (years) for documents without an expiry date: informational warnings.
    validity_years: int = setting(5, "规范性文件的一般有效期（年）", minimum=1, maximum=100)
    provisional_validity_years: int = setting(2, "暂行、试行文件的有效期（年）", minimum=1, maximum=100)
    # Annual reports.
    rule_of_law_report_deadline: str = setting(
        "04-01", "法治政府建设年度报告应在次年此日期（MM-DD）之前发布", pattern=_MONTH_DAY, example="04-01"
    )
    # 条例 art. 49: a department's disclosure report by 31 January, the 本级政府 report by 31 March.
    disclosure_report_deadline: str = setting(
        "01-31",
        "部门的政府信息公开工作年度报告应在次年此日期（MM-DD）之前发布（含当日）",
        pattern=_MONTH_DAY,
        example="01-31",
    )
    government_disclosure_report_deadline: str = setting(
        "03-31",
        "本级政府的政府信息公开工作年度报告应在次年此日期（MM-DD）之前发布（含当日）",
        pattern=_MONTH_DAY,
        example="03-31",
    )
    disclosure_report_level: str = setting(
        "部门", "政府信息公开工作年度报告未写 report_level 时的报告层级", choices=REPORT_LEVELS
    )
    # 表二 is compared with the site's normative documents only for the years they are complete.
    normative_documents_complete_from: int | None = setting(
        None,
        "本站规范性文件记录从哪一年起完整（四位年份）：此年及以后的政府信息公开工作年度报告，表二与本站记录核对；不设则不核对",
        minimum=2000,
        maximum=2100,
    )
    # The national website inspection (国办秘函〔2019〕19号; `gongkai inspect`, docs/rules.md#inspection).
    home_stale_days: int = setting(14, "首页多少天没有新信息即为“首页不更新”（单项否决）", minimum=1, maximum=366)
    home_warn_days: int = setting(10, "首页多少天没有新信息时提前提醒", minimum=1, maximum=366)
    news_column_stale_days: int = setting(14, "动态要闻类栏目多少天没有新信息即为未更新", minimum=1, maximum=366)
    policy_column_stale_months: int = setting(
        6, "通知公告、政策文件类栏目多少个月没有新信息即为未更新", minimum=1, maximum=60
    )
    periodic_column_stale_months: int = setting(
        12, "按年度更新的栏目多少个月没有新信息即为应更新而未更新", minimum=1, maximum=60
    )
    stale_columns_veto: int = setting(
        5, "动态要闻、通知公告、政策文件类栏目未更新累计多少个即单项否决", minimum=1, maximum=100
    )
    unupdated_columns_veto: int = setting(10, "应更新而未更新的栏目累计多少个即单项否决", minimum=1, maximum=100)
    blank_columns_veto: int = setting(5, "空白栏目累计多少个即单项否决", minimum=1, maximum=100)
    blank_columns_warn: int = setting(2, "空白栏目超过多少个时提醒", minimum=0, maximum=100)
    require_party_government_mark: bool = setting(False, "本站是党政机关网站，页脚必须有党政机关网站标识")
    # The agencies the site publishes for (gongkai/agencies.py); the first is the site's own. None: one agency.
    agencies: tuple[Agency, ...] = setting(
        (),
        "本站发布信息的机关列表（第一个为本站机关）：每项写 name、short_name、credit_code，可选 identification_code、contact、guide（该机关自己的公开指南页面）",
        example=AGENCIES_EXAMPLE,
    )
    # Loader limits.
    max_file_bytes: int = setting(1_000_000, "单个记录文件的最大字节数", minimum=1_000, maximum=100_000_000)
    # Feeds.
    feed_entries: int = setting(50, "每个订阅源（RSS/Atom）和订阅页最多列出的条目数", minimum=1, maximum=10_000)
    # Attachments: the types that may be published (file name extensions) and the size limit.
    attachment_types: tuple[str, ...] = setting(
        ("pdf", "ofd", "docx", "xlsx", "csv", "txt", "png", "jpg"),
        "允许公开的附件类型（文件扩展名列表）",
        example="[pdf, docx, xlsx]",
    )
    attachment_max_bytes: int = setting(
        20_000_000, "单个附件的最大字节数（默认 20 MB）", minimum=1_000, maximum=2_000_000_000
    )
    # Attachment types for which a partly read file (text/cell/page caps, a part that cannot be read) is accepted.
    attachment_partial_types: tuple[str, ...] = setting(
        (), "允许只读取了部分内容的附件类型（默认不允许）", example="[pdf]"
    )
    # Text extracted from attachments, cached by content hash (relative to the config file).
    cache_dir: Path = setting(Path(".cache"), "附件文字的缓存目录（相对于配置文件）", example=".cache")
    # The editors' CMS at /admin/ (Decap CMS, gongkai/render/cms_config.py): off unless turned on.
    cms_enabled: bool = setting(False, "生成网页编辑后台 /admin/（Decap CMS）")
    cms_backend: str = setting(
        "gitea", "编辑后台保存到的代码托管平台", choices=("gitea", "forgejo", "gitlab", "github")
    )
    cms_repo: str = setting(
        "", "编辑后台保存到的仓库（所有者/仓库名）", pattern=r"^([\w.-]+/[\w./-]+)?$", example="bgt/gongkai-site"
    )
    cms_branch: str = setting("main", "编辑后台保存到的分支", pattern=r"^[\w./-]+$", example="main")
    cms_base_url: str = setting(
        "", "自建代码托管平台的地址（登录用）", pattern=r"^(https?://\S+)?$", example="https://git.example.gov.cn"
    )
    cms_api_root: str = setting(
        "", "自建代码托管平台的 API 地址", pattern=r"^(https?://\S+)?$", example="https://git.example.gov.cn/api/v1"
    )
    cms_app_id: str = setting(
        "",
        "代码托管平台上为编辑后台注册的 OAuth 应用的客户端 ID（Gitea、Forgejo、GitLab 登录用）",
        pattern=r"^[\w.-]*$",
        example="0a1b2c3d",
    )
    cms_editorial_workflow: bool = setting(False, "编辑后台保存时开合并请求（审核后发布），而不是直接提交")
    cms_local_backend: bool = setting(False, "编辑后台使用本机的 decap-server（make cms）")
    cms_local_port: int = setting(8081, "本机 decap-server 的端口", minimum=1024, maximum=65535)
    # Warnings fail the build when strict.
    strict: bool = setting(False, "警告也视为错误（站点不生成）")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


class SettingError(GongkaiError, ValueError):
    """A setting that is unknown or has a value the definition does not accept (message in Chinese)."""


@dataclass(frozen=True)
class SettingSpec:
    """One field of `Settings`, as the plugin and the CLI see it."""

    name: str
    type: type
    default: Any
    description: str
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    example: str | None = None
    choices: tuple[str, ...] | None = None

    def check(self, value: Any) -> Any:
        """The value as `Settings` holds it; SettingError (in Chinese, with the fix) if not accepted."""
        if self.type == int | None:  # a year or nothing
            if value is None:
                return None
            return dataclasses.replace(self, type=int).check(value)
        if self.choices:
            if value not in self.choices:
                raise SettingError(self._wrong(value, "以下之一：" + "、".join(self.choices)))
            return value
        if self.type is Path:
            if isinstance(value, Path) or (isinstance(value, str) and value.strip()):
                return Path(value)
            raise SettingError(self._wrong(value, "一个目录路径"))
        if self.type is bool:
            if isinstance(value, bool):
                return value
            raise SettingError(self._wrong(value, "true 或 false"))
        if self.type is int:
            if not isinstance(value, int) or isinstance(value, bool):
                raise SettingError(self._wrong(value, "一个整数" + self._range()))
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                raise SettingError(self._wrong(value, "一个整数" + self._range()))
            return value
        if self.type == tuple[Agency, ...]:
            try:
                return parse_agencies(value)
            except ValueError as exc:
                raise SettingError(self._wrong(value, f"机关列表：{str(exc).rstrip('。')}")) from None
        if typing.get_origin(self.type) is tuple:  # a list of file name extensions
            # empty only where the default is (a list of exceptions, not the list of what is allowed)
            listed = bool(value) or not self.default
            if isinstance(value, (list, tuple)) and listed and all(isinstance(v, str) and v.strip(". ") for v in value):
                return tuple(v.strip().lower().lstrip(".") for v in value)
            raise SettingError(self._wrong(value, f"一个{'非空的' if self.default else ''}列表，例如 {self.example}"))
        if self.type is str:
            if not isinstance(value, str) or (self.pattern and not re.match(self.pattern, value)):
                expected = f"形如“{self.example}”的文字" if self.example else "一段文字"
                raise SettingError(self._wrong(value, expected + "（请加引号）"))
            return value
        raise TypeError(f"unsupported setting type {self.type!r}")  # a programming error, not the editor's

    def _range(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"，取值 {self.minimum}–{self.maximum}"
        if self.minimum is not None:
            return f"，不小于 {self.minimum}"
        return ""

    def _wrong(self, value: Any, expected: str) -> str:
        shown = f"“{value}”（文字）" if isinstance(value, str) else f"{value!r}"
        return (
            f"gongkai 设置项 {self.name}（{self.description}）的值 {shown} 不合适：应为{expected}。"
            f"请在 mkdocs.yml 的 gongkai 插件设置中改正，默认值为 {_shown_default(self.default)}。"
        )


def _shown_default(value: Any) -> str:
    if value is None:
        return "不设"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _specs() -> tuple[SettingSpec, ...]:
    hints = typing.get_type_hints(Settings)
    return tuple(SettingSpec(f.name, hints[f.name], f.default, **f.metadata) for f in dataclasses.fields(Settings))


SETTINGS: tuple[SettingSpec, ...] = _specs()
SETTING_NAMES = tuple(spec.name for spec in SETTINGS)
BY_NAME = {spec.name: spec for spec in SETTINGS}
# In mkdocs.yml these sit directly in the plugin's block; the others under its `settings:` map.
TOP_LEVEL = ("data_dir", "strict")


def unknown_names(names: Any) -> str | None:
    """A Chinese message naming the unknown setting names among `names`, or None."""
    unknown = sorted(set(names) - set(SETTING_NAMES))
    if not unknown:
        return None
    return f"未知的 gongkai 设置项：{', '.join(map(str, unknown))}。可用的设置项：{', '.join(SETTING_NAMES)}"


def settings_from_mapping(values: dict[str, Any], base: Settings | None = None) -> Settings:
    """Settings from a mapping (gongkai.yml, tests); SettingError for unknown names or bad values."""
    message = unknown_names(values)
    if message:
        raise SettingError(message)
    changes = {name: BY_NAME[name].check(value) for name, value in values.items()}
    return (base or Settings()).replace(**changes)


def load_settings_file(config_file: Path) -> Settings:
    """Settings from a `gongkai.yml` (plain YAML: setting name -> value); data_dir relative to the file."""
    raw = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise SettingError(f"{config_file}：应是“设置项: 值”的映射，例如 data_dir: data。")
    settings = settings_from_mapping(raw)
    if not settings.data_dir.is_absolute():
        settings = settings.replace(data_dir=config_file.parent / settings.data_dir)
    if not settings.cache_dir.is_absolute():
        settings = settings.replace(cache_dir=config_file.parent / settings.cache_dir)
    return settings


_SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def build_date(explicit: str | dt.date | None = None) -> dt.date:
    """The date derived states are computed for: --today, else SOURCE_DATE_EPOCH, else today (Asia/Shanghai)."""
    if isinstance(explicit, dt.date):
        return explicit
    if explicit:
        return dt.date.fromisoformat(explicit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=_SHANGHAI).date()
    return dt.datetime.now(tz=_SHANGHAI).date()


def source_date_epoch(day: dt.date) -> str:
    """A SOURCE_DATE_EPOCH that `build_date` reads as `day` (its noon in Asia/Shanghai), for a
    build of a given date (tests, benchmarks)."""
    return str(int(dt.datetime.combine(day, dt.time(12), _SHANGHAI).timestamp()))
