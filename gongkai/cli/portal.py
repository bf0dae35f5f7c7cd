"""`gongkai portal [portal.yml]`: build the province site from the agencies' published outputs
(`gongkai.portal.site.build_portal`). Warnings (an agency whose output could not be used) go to
standard error; the exit code is 0, or 1 with `--strict` when there is a warning, or 2 when the
configuration is wrong."""

from __future__ import annotations

import argparse
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
    if args.site_dir:
        config = dataclasses.replace(config, site_dir=args.site_dir.resolve())
    report = build_portal(config, build_date(args.today))
    for warning in report.warnings:
        print(f"{args.config}: 警告 {warning}", file=sys.stderr)
    current = sum(not a.missing for a in report.agencies)
    page, size = report.largest_page
    print(
        f"门户已生成到 {config.site_dir}：{current}/{len(report.agencies)} 个机关，{report.records} 条信息，"
        f"{report.pages} 个页面（最大 {page}，{size} 字节）。"
    )
    return 1 if args.strict and report.warnings else 0
