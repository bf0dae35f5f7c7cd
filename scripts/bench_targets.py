"""The benchmark's targets (issue 28): one line per target, the run's verdict, and the table the
README carries.

Targets stated at 30,000 records (the whole site without its attachments ≤ 700 MB and ≤ 60,000
files) are scaled linearly per record: a run of n records must stay within n / 30,000 of them,
that is 700 MB × n / 30,000 (≈ 23.9 KB a record) and 2 files a record. A site's fixed part (the
theme's assets, ≈ 1.5 MB and 100 files) is counted like the rest: it makes small runs slightly
stricter, never looser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

MB = 1024 * 1024  # MB in this report are MiB
KB = 1024
TARGET_RECORDS = 30_000  # the number of records the site size targets are stated for
SITE_BYTES = 700 * MB  # at TARGET_RECORDS: the whole site without attachments
SITE_FILES = 60_000  # at TARGET_RECORDS
TARGETS: dict[str, float] = {
    "validate_ratio": 3.0,  # wall time, gongkai validate vs libyaml parsing the same files
    "build_ratio": 1.4,  # CPU time of all the build's processes vs plain MkDocs
    "build_wall_idle": 1.2,  # wall time vs plain MkDocs, nothing else running
    "build_wall_busy": 1.6,  # wall time vs plain MkDocs, a CPU-bound process beside each build (--busy)
    "page_median": 25 * KB,  # record page HTML
    "page_largest": 40 * KB,  # record page HTML
    "any_page_bytes": 150 * KB,  # every HTML page
    "any_page_elements": 3000,  # every HTML page
    "memory": 1024 * MB,  # the largest process, and all the build's processes together
    "serve_seconds": 5.0,  # editor preview: save to served page
}


@dataclass(frozen=True)
class Line:
    """One target line: what, the measured value as shown, the target as shown, met or not."""

    name: str
    value: str
    target: str
    met: bool

    def text(self) -> str:
        return f"TARGET {'PASS' if self.met else 'FAIL'}  {self.name}: {self.value} (target {self.target})"


def site_limits(n: int) -> tuple[int, int]:
    """Bytes and files the site without attachments may have at n records (scaled per record)."""
    return SITE_BYTES * n // TARGET_RECORDS, SITE_FILES * n // TARGET_RECORDS


def _mb(size: float) -> str:
    return f"{size / MB:,.1f} MB"


def _kb(size: float) -> str:
    return f"{size / KB:.1f} KB"


def lines(n: int, a: dict[str, Any] | None, b: dict[str, Any] | None, d: dict[str, Any] | None) -> list[Line]:
    """The target lines of a run: a validation, b builds, d editor preview (each None if skipped)."""
    t = TARGETS
    found: list[Line] = []
    if a:
        ratio = a["validate_ratio"]
        found.append(
            Line(
                "validate vs YAML parse, wall",
                f"{ratio:.2f}×",
                f"≤ {t['validate_ratio']}×",
                ratio <= t["validate_ratio"],
            )
        )
    if b:
        cpu = b["build_cpu_ratio"]
        found.append(
            Line(
                "build vs plain MkDocs, CPU of all processes",
                f"{cpu:.2f}×",
                f"≤ {t['build_ratio']}×",
                cpu <= t["build_ratio"],
            )
        )
        wall = b["build_ratio"]
        found.append(
            Line(
                "build vs plain MkDocs, wall, idle",
                f"{wall:.2f}×",
                f"≤ {t['build_wall_idle']}×",
                wall <= t["build_wall_idle"],
            )
        )
        if b.get("busy"):
            wall = b["busy"]["build_ratio"]
            found.append(
                Line(
                    f"build vs plain MkDocs, wall, {b['busy']['processes']} CPU-bound process(es) beside",
                    f"{wall:.2f}×",
                    f"≤ {t['build_wall_busy']}×",
                    wall <= t["build_wall_busy"],
                )
            )
        for key, label in (("build_rss", "largest process"), ("build_total", "all processes together")):
            found.append(Line(f"build memory, {label}", _mb(b[key]), "≤ 1 GB", b[key] <= t["memory"]))
        pages = b["gongkai_pages"]
        median, largest = pages.get("median", 0), pages.get("largest", 0)
        found.append(Line("record page, median", _kb(median), "≤ 25 KB", median <= t["page_median"]))
        found.append(
            Line(
                f"record page, largest (`{pages.get('largest_page', '')}`)",
                _kb(largest),
                "≤ 40 KB",
                largest <= t["page_largest"],
            )
        )
        html = b["gongkai_html"]
        found.append(
            Line(
                f"any page, largest (`{html['largest_page']}`)",
                _kb(html["largest"]),
                "≤ 150 KB",
                html["largest"] <= t["any_page_bytes"],
            )
        )
        found.append(
            Line(
                f"any page, most DOM elements (`{html['most_elements_page']}`)",
                f"{html['most_elements']:,}",
                "≤ 3,000",
                html["most_elements"] <= t["any_page_elements"],
            )
        )
        size_limit, files_limit = site_limits(n)
        files, size = b["gongkai_site_pages"]
        found.append(
            Line(
                "site without attachments, size",
                _mb(size),
                f"≤ {_mb(size_limit)} (700 MB × {n:,} / 30,000)",
                size <= size_limit,
            )
        )
        found.append(
            Line(
                "site without attachments, files",
                f"{files:,}",
                f"≤ {files_limit:,} (60,000 × {n:,} / 30,000)",
                files <= files_limit,
            )
        )
    if d:
        for kind in ("body", "title"):
            worst = max(d[f"{kind}_edit_seconds"])
            busy = f", {d['busy']} CPU-bound process(es) beside" if d.get("busy") else ""
            found.append(
                Line(
                    f"editor preview, {kind} edit, slowest{busy}",
                    f"{worst:.2f} s",
                    "≤ 5 s",
                    worst <= t["serve_seconds"],
                )
            )
    return found


def readme_table(n: int, info: dict[str, str], found: list[Line], today: dt.date | None = None) -> str:
    """The one current table the README carries: machine and date, then a row per target."""
    when = (today or dt.date.today()).isoformat()
    rows = [
        f"Measured {when} with `scripts/benchmark.py -n {n}` at {n:,} records on {info.get('CPU', '?')} "
        f"(load average at start {info.get('Load average (1/5/15 min) at start', '?')}); "
        f"Python {info.get('Python', '?')}, MkDocs / Material / PyYAML {info.get('MkDocs / Material / PyYAML', '?')}.",
        "",
        "| Measure | Value | Target | |",
        "|---|---|---|---|",
    ]
    rows += [f"| {line.name} | {line.value} | {line.target} | {'✅' if line.met else '❌'} |" for line in found]
    return "\n".join(rows) + "\n"
