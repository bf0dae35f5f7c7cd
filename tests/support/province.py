"""A simulated province for the portal's tests: three agencies' sites, each a generated project
built with `mkdocs build --strict`, and `gongkai portal` run over copies of them
(tests/sites/test_portal.py, tests/browser/test_portal_search.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generate_records import generate  # scripts/generate_records.py

from gongkai.config import source_date_epoch
from tests.support.sites import DEMO_TODAY, build_site

AGENCIES = [("a", "甲市财政局"), ("b", "乙市教育局"), ("c", "丙县人民政府")]


def site_url(agency_id: str) -> str:
    return f"https://{agency_id}.example.gov.cn/"


def build_agency_sites(root: Path, records: int) -> dict[str, Path]:
    """The three agencies' projects under `root` (`records` each), built: id -> site folder."""
    sites = {}
    for seed, (agency_id, name) in enumerate(AGENCIES, 1):
        project = root / agency_id
        generate(project, records, seed)
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        text = text.replace("https://gongkai.example.gov.cn/", site_url(agency_id))
        text = text.replace("  agency: 河南省机关事务管理局", f"  agency: {name}")
        config.write_text(text, encoding="utf-8")
        result = build_site(project, project / "site")
        assert result.returncode == 0, result.stderr[-4000:]
        sites[agency_id] = project / "site"
    return sites


def portal_project(folder: Path, sites: dict[str, Path], feed_entries: int = 20) -> Path:
    """A portal.yml over copies of the agencies' sites (so a test can break one)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "site_name: 某省政务公开平台",
        "site_url: https://province.example.gov.cn/",
        f"feed_entries: {feed_entries}",
    ]
    lines.append("agencies:")
    for agency_id, name in AGENCIES:
        shutil.copytree(sites[agency_id], folder / "outputs" / agency_id)
        lines += [f"  - id: {agency_id}", f"    name: {name}", f"    output: outputs/{agency_id}"]
    (folder / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "portal.yml"


def run_portal(config: Path, *extra: str, day: str = "2026-11-27") -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(DEMO_TODAY)}
    command = [sys.executable, "-m", "gongkai.cli", "portal", str(config), "--today", day, *extra]
    return subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True, timeout=300)
