"""`gongkai inspect`: the site judged against the national inspection's indicators that a build can
see (gongkai.validate.inspection), as of --today / SOURCE_DATE_EPOCH / today.

Exit codes: 0, or 1 with --strict when a 单项否决 item is found; 2 when it cannot run (the
configuration, or records with errors: `gongkai validate` says which).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from gongkai.config import Settings
from gongkai.model.records import Catalog
from gongkai.validate.inspection import SiteView, inspect, vetoed
from gongkai.validate.inspection.report import as_json, github_lines, summary_line, text_lines
from gongkai.validate.run import fails, load_and_validate
from gongkai.validate.site_config import SiteConfig


def hand_written_pages(docs_dir: Path | None) -> frozenset[str]:
    """The Markdown pages under docs_dir, as MkDocs names them (src URIs, `/`-separated)."""
    if docs_dir is None or not docs_dir.is_dir():
        return frozenset()
    return frozenset(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))


def run_inspect(settings: Settings, today: dt.date, site: SiteConfig, output_format: str, strict: bool) -> int:
    run = load_and_validate(settings, today)
    if fails(run.problems, strict=False):
        errors = sum(p.is_error for p in run.problems)
        print(
            f"记录有 {errors} 个错误，网站不能生成，也就无法检查。请先运行 gongkai validate 并改正。", file=sys.stderr
        )
        return 2
    catalog = Catalog([(r.type, r.data) for r in run.records], today)
    results = inspect(SiteView(catalog, settings, site, hand_written_pages(site.docs_dir)))
    if output_format == "json":
        print(as_json(results, today))
    else:
        lines = github_lines(results) if output_format == "github" else text_lines(results)
        for line in lines:
            print(line)
    print(summary_line(results, today), file=sys.stderr)
    return 1 if strict and vetoed(results) else 0
