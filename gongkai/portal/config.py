"""The portal's configuration file (`portal.yml`): the province site and the agencies it joins.

    site_name: 河南省政务公开平台
    site_url: https://gongkai.henan.example.gov.cn/   # optional: absolute links in feeds and data.json
    site_dir: site                                      # optional, default site/ beside this file
    state_dir: .portal-state                            # optional: the last good copy of each agency
    feed_entries: 50                                    # optional
    agencies:
      - id: jgswj                        # lowercase ASCII: the agency's folder in state_dir
        name: 河南省机关事务管理局
        output: agencies/jgswj/site      # its built site: a folder (beside this file) or an http(s) URL
        source: agencies/jgswj           # optional: its project folder (`--changed-since` reads it)

Relative paths are relative to the configuration file. Every mistake is reported at once, at its
line and column, with how to fix it (`PortalConfigError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.errors import GongkaiError
from gongkai.load.files import load_file
from gongkai.problems import Problem
from gongkai.slugs import is_slug

DEFAULT_FEED_ENTRIES = 50

__all__ = ["Agency", "PortalConfig", "PortalConfigError", "read_portal_config"]


class PortalConfigError(GongkaiError):
    """The configuration file cannot be used; `problems` says where and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(f"{p.path}:{p.line}:{p.column}: {p.severity} {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    output: str  # a folder path (absolute) or an http(s) URL of the agency's built site
    source: Path | None = None  # its project folder (mkdocs.yml, data/), when given

    @property
    def is_url(self) -> bool:
        return self.output.startswith(("http://", "https://"))


@dataclass(frozen=True)
class PortalConfig:
    site_name: str
    site_url: str
    site_dir: Path
    state_dir: Path
    feed_entries: int
    agencies: tuple[Agency, ...]


def read_portal_config(path: Path) -> PortalConfig:
    loaded = load_file(path)
    if not loaded.ok:
        raise PortalConfigError(loaded.problems)
    data = loaded.data
    problems: list[Problem] = []

    def fail(where: tuple[str | int, ...], message: str) -> None:
        problems.append(loaded.problem(where, "错误", message))

    if not isinstance(data, dict):
        raise PortalConfigError(
            [loaded.problem((), "错误", "门户配置应是“设置项: 值”的映射，例如 site_name: 某省政务公开平台。")]
        )
    known = {"site_name", "site_url", "site_dir", "state_dir", "feed_entries", "agencies"}
    for key in data:
        if key not in known:
            fail((key,), f"未知的设置项“{key}”：可用的设置项是 {'、'.join(sorted(known))}。")
    site_name = _text(data, "site_name", fail, required=True)
    site_url = _text(data, "site_url", fail)
    if site_url and not site_url.startswith(("http://", "https://")):
        fail(("site_url",), "site_url 应以 http:// 或 https:// 开头，例如 https://gongkai.example.gov.cn/。")
    feed_entries = data.get("feed_entries", DEFAULT_FEED_ENTRIES)
    if not isinstance(feed_entries, int) or isinstance(feed_entries, bool) or not 1 <= feed_entries <= 1000:
        fail(("feed_entries",), "feed_entries 应是 1 到 1000 之间的整数，例如 50。")
        feed_entries = DEFAULT_FEED_ENTRIES
    agencies = _agencies(data.get("agencies"), path.parent, fail)
    if problems:
        raise PortalConfigError(problems)
    folder = path.parent
    return PortalConfig(
        site_name=site_name,
        site_url=site_url,
        site_dir=folder / (_text(data, "site_dir", fail) or "site"),
        state_dir=folder / (_text(data, "state_dir", fail) or ".portal-state"),
        feed_entries=feed_entries,
        agencies=tuple(agencies),
    )


def _text(data: dict[str, Any], key: str, fail: Any, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            fail((), f"缺少 {key}：请填写，例如 {key}: 某省政务公开平台。")
        return ""
    if not isinstance(value, str) or not value.strip():
        fail((key,), f"{key} 应是一段非空的文字。")
        return ""
    return value.strip()


def _agencies(value: Any, folder: Path, fail: Any) -> list[Agency]:
    example = "agencies:\n  - id: jgswj\n    name: 某某局\n    output: agencies/jgswj/site"
    if not isinstance(value, list) or not value:
        fail(("agencies",) if value is not None else (), f"agencies 应列出至少一个机关，例如：\n{example}")
        return []
    found: list[Agency] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            fail(("agencies", index), f"agencies 第 {index + 1} 项应写 id、name 和 output 三项，例如：\n{example}")
            continue
        missing = [
            key for key in ("id", "name", "output") if not isinstance(item.get(key), str) or not item[key].strip()
        ]
        if missing:
            fail(
                ("agencies", index),
                f"agencies 第 {index + 1} 项缺少 {'、'.join(missing)}（都应是文字），例如：\n{example}",
            )
            continue
        agency_id, output = item["id"].strip(), item["output"].strip()
        if not is_slug(agency_id):
            fail(("agencies", index, "id"), f"机关标识“{agency_id}”只能用小写英文字母、数字和连字符，例如 jgswj。")
            continue
        if agency_id in seen:
            fail(("agencies", index, "id"), f"机关标识“{agency_id}”重复：每个机关的 id 应不同。")
            continue
        seen.add(agency_id)
        if not output.startswith(("http://", "https://")):
            output = str((folder / output).resolve())
        source = item.get("source")
        if source is not None and (not isinstance(source, str) or not source.strip()):
            fail(("agencies", index, "source"), f"agencies 第 {index + 1} 项的 source 应是该机关项目目录的路径。")
            continue
        folder_of = (folder / source.strip()).resolve() if isinstance(source, str) else None
        found.append(Agency(agency_id, item["name"].strip(), output, folder_of))
    return found
