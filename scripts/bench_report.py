"""The benchmark's Markdown report: machine information and a table per part (validation,
builds, search, editor preview). The targets and their lines: scripts/bench_targets.py."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

import yaml
from bench_targets import TARGETS


def serve_report(d: dict[str, Any] | None) -> str:
    if not d:
        return ""
    seconds = ", ".join(s(x) for x in d["body_edit_seconds"])
    titles = ", ".join(s(x) for x in d["title_edit_seconds"])
    return (
        "\n".join(
            [
                "",
                "### Editor preview (`mkdocs serve`, as `make serve` runs it)",
                "",
                f"Save a change to `{d['record']}`, poll its served page until it shows the change (scripts/bench_serve.py).",
                "",
                "| Measure | Value | Target |",
                "|---|---|---|",
                f"| First build of `mkdocs serve` | {s(d['first_build_seconds'])} | |",
                f"| CPU-bound processes running beside `mkdocs serve` (`--busy`) | {d.get('busy', 0)} | |",
                f"| Save to served page, a paragraph added to the body | {seconds} | ≤ 5 s {verdict(max(d['body_edit_seconds']), 5.0)} |",
                f"| Save to served page, the title changed (listings re-rendered too) | {titles} | ≤ 5 s {verdict(max(d['title_edit_seconds']), 5.0)} |",
                f"| CPU time of the server per save, body / title edits | {', '.join(s(x) for x in d.get('body_edit_cpu_seconds', []))} "
                f"/ {', '.join(s(x) for x in d.get('title_edit_cpu_seconds', []))} | |",
            ]
        )
        + "\n"
    )


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested figures as (dotted.name, value) rows; long lists are counted, not shown."""
    if isinstance(value, dict):
        rows = []
        for key, item in value.items():
            rows += _flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return rows
    if isinstance(value, list) and (len(value) > 6 or any(isinstance(v, (dict, list)) for v in value)):
        return [(prefix, f"{len(value)} items")]
    return [(prefix, value)]


# -- report -------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    from importlib.metadata import version

    import material  # noqa: F401
    import mkdocs

    return {
        "CPU": f"{os.cpu_count()} × {model or platform.processor() or '?'}",
        "Python": platform.python_version(),
        "Platform": platform.platform(),
        "MkDocs / Material / PyYAML": f"{mkdocs.__version__} / {version('mkdocs-material')} / {yaml.__version__} (libyaml {'yes' if yaml.__with_libyaml__ else 'no'})",
        "Load average (1/5/15 min) at start": load,
    }


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def kb(size: float) -> str:
    return f"{size / 1024:.1f} KB"


def verdict(value: float, target: float) -> str:
    return "✅" if value <= target else "❌"


def report(
    n: int,
    info: dict[str, str],
    generated: dict[str, Any],
    gen_time: float,
    a: dict | None,
    b: dict | None,
    c: dict | None,
    load_end: str,
    extraction: dict | None = None,
) -> str:
    lines = [f"## 性能 / Performance ({n:,} records)", "", "| | |", "|---|---|"]
    for key, value in info.items():
        lines.append(f"| {key} | {value} |")
    lines.append(f"| Load average at end | {load_end} |")
    counts = ", ".join(f"{k} {v:,}" for k, v in generated["by_type"].items())
    lines.append(
        f"| Generated project | {generated['records']:,} records ({generated['public']:,} public): {counts}; "
        f"{generated['attachments']:,} attachments; generated in {s(gen_time)} |"
    )
    if extraction:
        from bench_attachments import report_lines

        lines += report_lines(extraction)
    if a:
        lines += [
            "",
            "### Validation vs YAML parsing",
            "",
            "| Measure | gongkai | libyaml CSafeLoader, parse only | Ratio | Target |",
            "|---|---|---|---|---|",
            f"| Wall time, subprocess incl. start-up (best of {len(a['validate_walls'])}) | {s(a['validate_wall'])} | {s(a['parse_wall'])} "
            f"| **{a['validate_ratio']:.2f}×** | ≤ {TARGETS['validate_ratio']:.0f}× {verdict(a['validate_ratio'], TARGETS['validate_ratio'])} |",
            f"| CPU time (user + sys) of that run | {s(a['validate_cpu'])} | {s(a['parse_cpu'])} | {a['validate_cpu_ratio']:.2f}× | |",
            f"| In-process: `load_records` + `validate_records` vs `yaml.load` loop | {s(a['inproc_gongkai'])} | {s(a['inproc_parse'])} "
            f"| {a['inproc_ratio']:.2f}× | |",
            f"| Peak RSS of the subprocess | {mb(a['validate_rss'])} | {mb(a['parse_rss'])} | | |",
            f"| All wall times | {', '.join(s(x) for x in a['validate_walls'])} | {', '.join(s(x) for x in a['parse_walls'])} | | |",
            "",
            f"`gongkai validate`: {a['validate_summary']}",
        ]
    if b:
        gp, pp = b["gongkai_pages"], b["plain_page_sizes"]
        lines += [
            "",
            "### Site build vs plain MkDocs",
            "",
            f"| Measure | gongkai (`mkdocs build`) | plain MkDocs, {b['plain_pages']:,} pages, no plugins | Ratio | Target |",
            "|---|---|---|---|---|",
            f"| CPU time (user + sys) of all the build's processes (lowest of {len(b['build_cpus'])}) | {s(min(b['build_cpus']))} "
            f"| {s(min(b['plain_cpus']))} | **{b['build_cpu_ratio']:.2f}×** "
            f"| ≤ {TARGETS['build_ratio']}× {verdict(b['build_cpu_ratio'], TARGETS['build_ratio'])} |",
            f"| Wall time (best of {len(b['build_walls'])}) | {s(b['build_wall'])} | {s(b['plain_wall'])} | {b['build_ratio']:.2f}× "
            f"| ≤ {TARGETS['build_wall_idle']}× idle {verdict(b['build_ratio'], TARGETS['build_wall_idle'])} |",
            *(
                [
                    f"| Wall time, {b['busy']['processes']} CPU-bound process(es) beside (best of {len(b['busy']['build_walls'])}) "
                    f"| {s(b['busy']['build_wall'])} | {s(b['busy']['plain_wall'])} | {b['busy']['build_ratio']:.2f}× "
                    f"| ≤ {TARGETS['build_wall_busy']}× {verdict(b['busy']['build_ratio'], TARGETS['build_wall_busy'])} |"
                ]
                if b.get("busy")
                else []
            ),
            f"| Peak memory, largest process (RSS, highest of the runs) | {mb(b['build_rss'])} | {mb(b['plain_rss'])} | | ≤ 1 GB {verdict(b['build_rss'], TARGETS['memory'])} |",
            f"| Peak memory, all processes together (PSS, sampled every 0.1 s, highest of the runs) | {mb(b['build_total'])} | {mb(b['plain_total'])} | | ≤ 1 GB {verdict(b['build_total'], TARGETS['memory'])} |",
            f"| Record pages built | {gp.get('pages', 0):,} | {pp.get('pages', 0):,} | | |",
            f"| Record page HTML, median | {kb(gp.get('median', 0))} | {kb(pp.get('median', 0))} | | ≤ 25 KB "
            f"{verdict(gp.get('median', 0), TARGETS['page_median'])} |",
            f"| Record page HTML, median of the record's own content (the rest is the theme's) | {kb(gp.get('median_own', 0))} | | | |",
            f"| Record page HTML, 95th percentile | {kb(gp.get('p95', 0))} | {kb(pp.get('p95', 0))} | | |",
            f"| Record page HTML, largest | {kb(gp.get('largest', 0))} (`{gp.get('largest_page', '')}`) | {kb(pp.get('largest', 0))} | | ≤ 40 KB "
            f"{verdict(gp.get('largest', 0), TARGETS['page_largest'])} |",
            f"| Any HTML page, largest ({b['gongkai_html']['html_pages']:,} pages) | {kb(b['gongkai_html']['largest'])} "
            f"(`{b['gongkai_html']['largest_page']}`, {b['gongkai_html']['largest_elements']:,} DOM elements) | | | ≤ 150 KB "
            f"{verdict(b['gongkai_html']['largest'], TARGETS['any_page_bytes'])} |",
            f"| Any HTML page, most DOM elements | {b['gongkai_html']['most_elements']:,} (`{b['gongkai_html']['most_elements_page']}`) "
            f"| | | ≤ 3,000 {verdict(b['gongkai_html']['most_elements'], TARGETS['any_page_elements'])} |",
            f"| Whole site | {b['gongkai_site'][0]:,} files, {mb(b['gongkai_site'][1])} | {b['plain_site'][0]:,} files, {mb(b['plain_site'][1])} | | |",
            f"| Whole site without attachments | {b['gongkai_site_pages'][0]:,} files, {mb(b['gongkai_site_pages'][1])} | | | see the target lines |",
            f"| All wall times | {', '.join(s(x) for x in b['build_walls'])} | {', '.join(s(x) for x in b['plain_walls'])} | | |",
            f"| All CPU times | {', '.join(s(x) for x in b['build_cpus'])} | {', '.join(s(x) for x in b['plain_cpus'])} | | |",
        ]
    if c is not None:
        lines += ["", "### Search", ""]
        if "skipped" in c:
            lines.append(f"Skipped: {c['skipped']}.")
        else:
            lines += ["Figures from `scripts/bench_search.py` (`run(n)`):", "", "| Measure | Value |", "|---|---|"]
            for key, value in _flatten({k: v for k, v in c.items() if k not in ("_report", "queries")}):
                shown = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
                lines.append(f"| {key} | {shown} |")
            if c.get("queries"):
                lines.append(f"| queries measured | {len(c['queries'])} pairs |")
            if c.get("_report"):
                lines += ["", "```text", str(c["_report"]).rstrip(), "```"]
    return "\n".join(lines) + "\n"
