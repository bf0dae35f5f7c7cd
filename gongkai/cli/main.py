"""The `gongkai` command: validate records, start a new one, export the schemas."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from pathlib import Path

import yaml

from gongkai import __version__
from gongkai.cli.portal import add_portal_command
from gongkai.cli.selection import Selection
from gongkai.config import SettingError, Settings, build_date, load_settings_file
from gongkai.errors import GongkaiError
from gongkai.load.records import SourceRecord, display_path
from gongkai.types import BY_KEY, BY_SCHEMA, RECORD_TYPES
from gongkai.validate import site_config
from gongkai.validate.run import fails, load_and_validate
from gongkai.validate.site_config import SiteConfig

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


class UserError(GongkaiError):
    """A mistake in the command line, the configuration or the environment (exit 2, no traceback)."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_FAILED
    try:
        code: int = args.run(args)
        return code
    except UserError as exc:  # the command line or the environment is wrong: say how to fix it
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED
    except Exception as exc:  # an internal failure: say what failed, never dump a traceback
        print(f"gongkai 内部错误：{type(exc).__name__}: {exc}", file=sys.stderr)
        print("这不是记录的问题，请把以下信息报告给维护者：", file=sys.stderr)
        print("".join(traceback.format_exception_only(exc)).strip(), file=sys.stderr)
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="政务公开记录的校验与建站工具")
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    parser.add_argument("--config", type=Path, help="配置文件（默认 gongkai.yml 或 mkdocs.yml）")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("validate", help="校验 data/ 下的记录（可只校验指定文件）")
    check.add_argument("paths", nargs="*", type=Path, help="只报告这些文件或目录的问题；交叉引用仍对照全部记录检查")
    check.add_argument("--today", help="按此日期（YYYY-MM-DD）计算有效性等状态，默认今天或 SOURCE_DATE_EPOCH")
    check.add_argument("--format", choices=("text", "github"), default="text", help="github：输出 GitHub Actions 注释")
    check.add_argument("--strict", action="store_true", help="警告也视为失败")
    check.add_argument("--show-allowances", action="store_true", help="列出记录中声明的个人信息例外")
    check.set_defaults(run=run_validate)

    inspection = sub.add_parser(
        "inspect", help="按全国政府网站检查指标检查本站（首页和栏目更新、空白栏目、页脚标识等）"
    )
    inspection.add_argument("--today", help="按此日期（YYYY-MM-DD）检查，默认今天或 SOURCE_DATE_EPOCH")
    inspection.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="json：供看板读取；github：GitHub Actions 注释",
    )
    inspection.add_argument("--strict", action="store_true", help="发现单项否决项时以非零状态退出")
    inspection.set_defaults(run=run_inspection)

    new = sub.add_parser("new", help="按模板新建一条记录")
    new.add_argument("type", help="记录类型：" + "、".join(t.key for t in RECORD_TYPES))
    new.add_argument("--id", dest="record_id", help="记录 id（默认按年份取下一个空闲编号）")
    new.set_defaults(run=run_new)

    imported = sub.add_parser(
        "import-report", help="把国家格式的年度报告（Word 或 Excel）导入为政府信息公开工作年度报告记录"
    )
    imported.add_argument("file", type=Path, help="按国办公开办函〔2021〕30号格式填写的 .docx 或 .xlsx 文件")
    imported.add_argument("--id", dest="record_id", required=True, help="记录 id，例如 2025-annual-report")
    imported.add_argument("--force", action="store_true", help="记录已存在时用导入的内容替换它")
    imported.set_defaults(run=run_import_report)

    schemas = sub.add_parser("schemas", help="把 JSON Schema 写到目录（供编辑器自动补全）")
    schemas.add_argument("--write", type=Path, default=Path("schemas"), help="输出目录，默认 schemas/")
    schemas.set_defaults(run=run_schemas)
    add_portal_command(sub)
    return parser


def load_project(config_file: Path | None) -> tuple[Settings, str | None]:
    """Settings and the configured build date: from `gongkai.yml`, else from mkdocs.yml read by
    MkDocs' own loader through the plugin (the same values `mkdocs build` uses); SettingError if
    the configuration is wrong."""
    settings, today, _site = load_project_site(config_file)
    return settings, today


def load_project_site(config_file: Path | None) -> tuple[Settings, str | None, SiteConfig | None]:
    """`load_project`, and what mkdocs.yml says about the site (None from gongkai.yml)."""
    if config_file is None:
        found = [p for p in (Path("gongkai.yml"), Path("mkdocs.yml")) if p.exists()]
        if not found:
            return Settings(), None, None
        config_file = found[0]
    if config_file.name in ("mkdocs.yml", "mkdocs.yaml"):
        from gongkai.plugin.config import read_project_site

        return read_project_site(config_file)
    return load_settings_file(config_file), None, None


def _project(config_file: Path | None) -> tuple[Settings, str | None]:
    settings, today, _site = _project_site(config_file)
    return settings, today


def _project_site(config_file: Path | None) -> tuple[Settings, str | None, SiteConfig | None]:
    if config_file is not None and not config_file.is_file():
        raise UserError(
            f"找不到配置文件 {config_file}。请检查 --config 后的路径，或省略 --config 以使用当前目录的 gongkai.yml 或 mkdocs.yml。"
        )
    try:
        return load_project_site(config_file)
    except SettingError as exc:
        raise UserError(f"配置错误：{exc}") from None
    except yaml.YAMLError as exc:
        raise UserError(f"配置文件无法读取（YAML 格式错误）：{exc}。请改正配置文件。") from None


def _build_date(explicit: str | None, configured: str | None) -> dt.date:
    if explicit:
        try:
            return build_date(explicit)
        except ValueError:
            raise UserError(f"--today 的值“{explicit}”不是 YYYY-MM-DD 格式的日期，例如 --today 2026-03-01。") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        return build_date(configured)
    except (ValueError, OverflowError, OSError):
        if configured:
            raise UserError(f"配置中 today 的值“{configured}”不是 YYYY-MM-DD 格式的日期。") from None
        raise UserError(
            f"环境变量 SOURCE_DATE_EPOCH 的值“{epoch}”不是有效的时间戳（自 1970-01-01 起的秒数，例如 1767225600）。"
            "请改正或删除这个环境变量，或用 --today YYYY-MM-DD 指定日期。"
        ) from None


def run_validate(args: argparse.Namespace) -> int:
    settings, configured_today, site = _project_site(args.config)
    if args.strict:
        settings = settings.replace(strict=True)
    today = _build_date(args.today, configured_today)
    if not settings.data_dir.is_dir():
        print(
            f"找不到数据目录 {display_path(settings.data_dir)}。请在站点根目录运行，或用 --config 指定配置。",
            file=sys.stderr,
        )
        return EXIT_FAILED
    selection = Selection(args.paths, settings.data_dir) if args.paths else None
    if selection and selection.missing:
        names = "、".join(str(p) for p in selection.missing)
        raise UserError(f"找不到要检查的文件或目录：{names}。请检查路径是否写错（路径相对于当前目录）。")
    run = load_and_validate(settings, today, focus=selection.records_in if selection else None)
    records, focus, problems = run.records, run.focus, run.problems
    if selection:
        problems = selection.problems(problems)
    if site is not None:  # the site's configuration is input too: checked on every run
        problems = site_config.check(site, settings.agencies) + problems
    if args.show_allowances:
        _print_allowances(records)
    for problem in problems:
        print(problem.format_github() if args.format == "github" else problem.format())
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    checked = f"{len(focus)} 个记录文件（对照全部 {len(records)} 条记录）" if selection else f"{len(records)} 条记录"
    print(f"已检查 {checked}：{errors} 个错误，{warnings} 个警告。", file=sys.stderr)
    return EXIT_PROBLEMS if fails(problems, settings.strict) else EXIT_OK


def _print_allowances(records: list[SourceRecord]) -> None:
    from gongkai.validate.personal_data import allowances

    for record, entry in allowances(records):
        print(f"{record.file.display_path}: 允许公开 {entry['value']}（理由：{entry['reason']}）")


def run_inspection(args: argparse.Namespace) -> int:
    from gongkai.cli.inspect import run_inspect

    settings, configured_today, site = _project_site(args.config)
    today = _build_date(args.today, configured_today)
    if site is None:  # gongkai.yml: no footer or nav to judge
        raise UserError(
            "gongkai inspect 需要 mkdocs.yml（页脚标识和导航栏目都写在其中）。请在站点根目录运行，或用 --config mkdocs.yml 指定。"
        )
    if not settings.data_dir.is_dir():
        raise UserError(
            f"找不到数据目录 {display_path(settings.data_dir)}。请在站点根目录运行，或用 --config 指定配置。"
        )
    return run_inspect(settings, today, site, args.format, args.strict)


def run_new(args: argparse.Namespace) -> int:
    from gongkai.cli.ids import command_line_id
    from gongkai.cli.scaffold import proposed_id, record_template

    settings, configured_today = _project(args.config)
    record_type = BY_KEY.get(args.type) or BY_SCHEMA.get(args.type)
    if record_type is None:
        print(f"未知的记录类型“{args.type}”。可用：{'、'.join(t.key for t in RECORD_TYPES)}", file=sys.stderr)
        return EXIT_FAILED
    directory = settings.data_dir / record_type.key
    today = _build_date(None, configured_today)
    record_id = args.record_id or proposed_id(record_type, directory, today)
    record_id, message = command_line_id(record_id, example=f"{today.year}-office-space")
    if not record_id:
        raise UserError(message)
    if message:
        print(message, file=sys.stderr)
    target = directory / f"{record_id}.yaml"
    if target.exists():
        print(f"{display_path(target)} 已存在，请换一个 id。", file=sys.stderr)
        return EXIT_FAILED
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(record_template(record_type, record_id, today), encoding="utf-8")
    print(f"已创建 {display_path(target)}：请按注释填写，然后运行 gongkai validate {display_path(target)} 检查。")
    return EXIT_OK


def run_import_report(args: argparse.Namespace) -> int:
    from gongkai.cli.import_report import import_report

    settings, _ = _project(args.config)
    return import_report(args.file, args.record_id, settings.data_dir, force=args.force)


def run_schemas(args: argparse.Namespace) -> int:
    from gongkai.schemas import write_schemas

    write_schemas(args.write)
    print(f"已写出 JSON Schema 到 {display_path(args.write)}/")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
