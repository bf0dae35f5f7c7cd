"""`gongkai portal [portal.yml]`: build the province site from the agencies' published outputs
(`gongkai.portal.site.build_portal`). Warnings (an agency whose output could not be used) go to
standard error; the exit code is 0, or 1 with `--strict` when there is a warning, or 2 when the
configuration is wrong."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_portal_command"]


def add_portal_command(sub: Any) -> None:
    portal = sub.add_parser("portal", help="由各机关网站发布的数据生成汇总门户（省级平台）")
    portal.add_argument("config", nargs="?", type=Path, default=Path("portal.yml"), help="门户配置，默认 portal.yml")
    portal.add_argument("-d", "--site-dir", type=Path, help="输出目录（默认取配置中的 site_dir）")
    portal.add_argument("--today", help="记录“上次成功读取”的日期（YYYY-MM-DD），默认今天或 SOURCE_DATE_EPOCH")
    portal.add_argument("--strict", action="store_true", help="有警告（某机关的数据不可用）时以 1 退出")
    portal.add_argument(
        "--only", help="只读取这些机关（逗号分隔的 id；none 表示都不读）的发布数据，其余沿用门户上次读取的数据"
    )
    portal.add_argument(
        "--changed-since",
        metavar="COMMIT",
        help="不生成门户，只输出自该提交以来项目有变化、需要重新生成的机关（供 CI 的矩阵使用）",
    )
    portal.set_defaults(run=run_portal)


def run_portal(args: argparse.Namespace) -> int:
    import dataclasses

    from gongkai.config import build_date
    from gongkai.portal.config import PortalConfigError, read_portal_config
    from gongkai.portal.site import build_portal

    if not args.config.is_file():
        print(f"找不到门户配置 {args.config}：请指定配置文件，例如 gongkai portal portal.yml。", file=sys.stderr)
        return 2
    try:
        config = read_portal_config(args.config)
    except PortalConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.changed_since is not None:
        from gongkai.portal.changes import changed_agencies

        changed = changed_agencies(config, args.config, args.changed_since)
        print("agencies=" + json.dumps(changed))  # the matrix (GITHUB_OUTPUT's key=value lines)
        print("rebuild=" + (",".join(changed) or "none"))  # for --only
        return 0
    if args.site_dir:
        config = dataclasses.replace(config, site_dir=args.site_dir.resolve())
    only = None if args.only is None else {i.strip() for i in args.only.split(",") if i.strip() not in ("", "none")}
    unknown = sorted((only or set()) - {a.id for a in config.agencies})
    if unknown:
        print(f"--only 中的机关 {'、'.join(unknown)} 不在 {args.config} 中：请写 portal.yml 里的 id。", file=sys.stderr)
        return 2
    report = build_portal(config, build_date(args.today), only)
    for warning in report.warnings:
        print(f"{args.config}: 警告 {warning}", file=sys.stderr)
    current = sum(not a.missing for a in report.agencies)
    page, size = report.largest_page
    print(
        f"门户已生成到 {config.site_dir}：{current}/{len(report.agencies)} 个机关，{report.records} 条信息，"
        f"{report.pages} 个页面（最大 {page}，{size} 字节），可检索 {report.searchable} 条。"
    )
    return 1 if args.strict and report.warnings else 0
