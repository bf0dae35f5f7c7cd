"""`gongkai import-report FILE --id ID`: the national form (Word or Excel) -> a disclosure report.

Reads the file (gongkai/load/report_form/), and either writes `data/reports/disclosure/ID.yaml`
or, if any figure cannot be read, prints every problem as `FILE: 错误 表三 行 × 列（where）：why`
and writes nothing (exit 1). An existing record is replaced only with `--force`. What the form
does not say is left for the editor to fill (gongkai/cli/report_yaml.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from gongkai.load.records import display_path
from gongkai.load.report_form import read_report
from gongkai.load.report_form.form import READERS

# The exit codes of gongkai/cli/main.py: 0 written, 1 the form has problems, 2 could not run.
OK, PROBLEMS, FAILED = 0, 1, 2
TYPE_DIR = Path("reports") / "disclosure"


def import_report(source: Path, record_id: str, data_dir: Path, *, force: bool) -> int:
    from gongkai.cli.ids import command_line_id
    from gongkai.cli.report_yaml import report_yaml

    shown = display_path(source)
    if source.suffix.lower() not in READERS:
        hint = "；.doc、.wps、.xls、.et 文件请先在 Word、WPS 或 Excel 中另存为 .docx 或 .xlsx" if source.suffix else ""
        return _fail(f"只能导入 .docx 或 .xlsx 文件，{shown} 不是{hint}。")
    if not source.is_file():
        return _fail(f"找不到要导入的文件 {shown}。请检查路径是否写错（路径相对于当前目录）。")
    record_id, message = command_line_id(record_id, example="2025-annual-report")
    if not record_id:
        return _fail(message)
    if message:
        print(message, file=sys.stderr)
    target = data_dir / TYPE_DIR / f"{record_id}.yaml"
    if target.exists() and not force:
        return _fail(f"{display_path(target)} 已存在，未导入。要用原表的内容替换它，请加 --force；否则请换一个 --id。")

    report = read_report(source)
    for notice in report.notices:
        print(f"{shown}: 提示 {notice}", file=sys.stderr)
    if report.errors:
        for error in report.errors:
            print(f"{shown}: 错误 {error}")
        print(
            f"未导入：{shown} 有 {len(report.errors)} 个错误，没有写出 {display_path(target)}。请在原表中改正后重新导入。",
            file=sys.stderr,
        )
        return PROBLEMS

    text, to_fill = report_yaml(report, record_id, source.name)
    _write(target, text)
    counted = f"{report.figures} 个数字"
    if report.blanks or report.slashes:
        counted += f"，{report.blanks} 个空白格（写作 null）、{report.slashes} 个“/”"
    print(f"已导入 {display_path(target)}：{counted}。")
    if to_fill:
        print(f"待填写（原表中没有）：{'、'.join(to_fill)}。")
    print(f"填写后运行 gongkai validate {display_path(target)} 检查。")
    return OK


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return FAILED


def _write(target: Path, text: str) -> None:
    """Write whole or not at all (a temporary file in the same folder, renamed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
