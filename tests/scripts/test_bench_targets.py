"""The benchmark's target lines: one per target, met or not, the site targets scaled per record,
and the README's table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bench_targets import KB, MB, lines, readme_table, site_limits


def _build(**changes: Any) -> dict[str, Any]:
    build: dict[str, Any] = {
        "build_cpu_ratio": 1.35,
        "build_ratio": 1.1,
        "build_rss": 300 * MB,
        "build_total": 500 * MB,
        "gongkai_pages": {"median": 16 * KB, "largest": 33 * KB, "largest_page": "reports/disclosure/x/index.html"},
        "gongkai_html": {
            "largest": 80 * KB,
            "largest_page": "documents/index.html",
            "most_elements": 1400,
            "most_elements_page": "catalog/index.html",
        },
        "gongkai_site_pages": (15_000, 200 * MB),
    }
    build.update(changes)
    return build


def _by_name(found: list) -> dict[str, Any]:
    return {line.name.split(" (`")[0]: line for line in found}


def test_site_targets_are_scaled_per_record_from_30000():
    assert site_limits(30_000) == (700 * MB, 60_000)
    assert site_limits(3_000) == (70 * MB, 6_000)


def test_every_target_of_a_good_build_is_met():
    found = lines(10_000, {"validate_ratio": 2.1}, _build(), {"body_edit_seconds": [2.0], "title_edit_seconds": [3.0]})
    assert found and all(line.met for line in found)
    names = _by_name(found)
    assert "build vs plain MkDocs, CPU of all processes" in names
    assert "site without attachments, size" in names
    assert "record page, largest" in names


def test_a_missed_target_fails_its_own_line_only():
    found = _by_name(lines(10_000, None, _build(build_cpu_ratio=1.86, gongkai_site_pages=(21_000, 240 * MB)), None))
    failed = {name for name, line in found.items() if not line.met}
    # 240 MB is over 700 MB × 10,000 / 30,000 ≈ 233 MB; 21,000 files over 20,000
    assert failed == {
        "build vs plain MkDocs, CPU of all processes",
        "site without attachments, size",
        "site without attachments, files",
    }
    assert found["site without attachments, files"].text().startswith("TARGET FAIL")


def test_the_busy_round_has_its_own_target():
    busy = {"processes": 1, "build_ratio": 1.7}
    found = _by_name(lines(3_000, None, _build(busy=busy), None))
    line = found["build vs plain MkDocs, wall, 1 CPU-bound process(es) beside"]
    assert (line.met, line.target) == (False, "≤ 1.6×")


def test_the_readme_table_names_machine_and_date_and_has_a_row_per_target():
    found = lines(10_000, {"validate_ratio": 2.1}, _build(), None)
    table = readme_table(10_000, {"CPU": "2 × Test CPU"}, found, dt.date(2026, 12, 7))
    assert "2026-12-07" in table and "2 × Test CPU" in table
    assert table.count("\n| ") == len(found) + 1  # the header, then one row per target
