"""gongkai at scale: validation against plain YAML parsing, the site build against plain MkDocs, search.

    python scripts/benchmark.py [-n 10000] [--keep DIR] [--skip-build] [--skip-search] [--repeat 3]

One run, on one generated project (scripts/generate_records.py, seed 0; its attachments are real
PDF, Word and Excel files with realistic text):

0. Attachment extraction (scripts/bench_attachments.py): every attachment read with an empty
   cache, then again from the cache; what follows (validation, builds) runs with the warm cache.

a. Validation vs parse: wall time of `gongkai validate --today 2026-11-27` (a subprocess, best of
   --repeat) against a subprocess that only parses the same YAML files with libyaml's CSafeLoader
   (both include interpreter start-up), the ratio (target ≤ 3×), the validate subprocess's peak
   RSS, and the same two things in-process (parse only vs `load_records` + `validate_records`).
b. Full build vs plain: wall time of `mkdocs build` of the generated project (SOURCE_DATE_EPOCH =
   2026-11-27 12:00 +08:00) against `mkdocs build` of a plain project with the same theme and
   settings, no plugins, and one Markdown page per public record (title, a metadata table, the
   record's text) kept out of a small explicit nav, as gongkai does; the ratio (target ≤ 1.3×),
   peak memory (of the largest process, and of all the build's processes together: target 1 GB each),
   the size of a typical (median) and the largest record page (target < 25 KB);
   and, over every HTML page of the site (listings included), the largest page with its DOM
   element count and the page with the most elements (targets ≤ 150 KB, ≤ 3,000 elements).
c. Search: `scripts/bench_search.py`'s `run(n) -> dict` if it exists, else skipped with a note.

Prints a Markdown table (with machine information) and writes it to bench-out/benchmark.md.
Child processes are timed with os.wait4, which also gives each child's own CPU time and peak RSS.
CPU time is shown next to wall time: on a busy machine it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import yaml  # noqa: E402
from bench_pages import TODAY, html_pages, make_plain_project, page_sizes, site_totals  # noqa: E402
from bench_process import best, env_with, run_child  # noqa: E402

from gongkai.config import source_date_epoch  # noqa: E402

SOURCE_DATE_EPOCH = source_date_epoch(dt.date.fromisoformat(TODAY))
BIN = Path(sys.executable).parent
TARGETS = {
    "validate_ratio": 3.0,
    "build_ratio": 1.3,
    "page_bytes": 25 * 1024,
    "any_page_bytes": 150 * 1024,
    "any_page_elements": 3000,
    "memory": 1024**3,
}  # MB in this report are MiB
OUT = ROOT / "bench-out"

PARSE_ONLY = """
import os, sys, yaml
count = 0
for key in ("documents", "interpretations", "decisions", "consultations", "powers", "reports/rule-of-law", "reports/disclosure"):
    folder = os.path.join(sys.argv[1], key)
    if not os.path.isdir(folder):
        continue
    for name in sorted(os.listdir(folder)):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(folder, name), "rb") as f:
                yaml.load(f, Loader=yaml.CSafeLoader)
            count += 1
print(count)
"""


# -- measuring child processes ------------------------------------------------------------------


# -- a. validation ------------------------------------------------------------------------------


def bench_validate(project: Path, repeat: int) -> dict[str, Any]:
    gongkai = [str(BIN / "gongkai"), "validate", "--today", TODAY]
    parse = [sys.executable, "-c", PARSE_ONLY, "data"]
    validate_runs, parse_runs = [], []
    for _ in range(repeat):  # interleaved, so that a busy moment hurts both alike
        validate_runs.append(run_child(gongkai, project, env_with()))
        parse_runs.append(run_child(parse, project, env_with()))
    v, p = best(validate_runs), best(parse_runs)
    if v.code != 0:
        raise SystemExit(f"gongkai validate failed ({v.code}):\n{v.stderr[-3000:]}")
    summary_line = v.stderr.strip().splitlines()[-1] if v.stderr.strip() else ""
    result = {
        "validate_wall": v.wall,
        "validate_cpu": v.cpu,
        "validate_rss": v.rss,
        "validate_summary": summary_line,
        "parse_wall": p.wall,
        "parse_cpu": p.cpu,
        "parse_rss": p.rss,
        "validate_ratio": v.wall / p.wall,
        "validate_cpu_ratio": v.cpu / p.cpu,
        "validate_walls": [r.wall for r in validate_runs],
        "parse_walls": [r.wall for r in parse_runs],
    }
    result.update(in_process(project, repeat))
    return result


def in_process(project: Path, repeat: int) -> dict[str, Any]:
    """Parse only vs load_records + validate_records, in this process (best of `repeat`)."""
    from gongkai.config import build_date
    from gongkai.load.records import discover, load_records
    from gongkai.plugin.config import read_project
    from gongkai.validate import validate_records

    cwd = os.getcwd()
    os.chdir(project)  # messages show paths relative to the project, as in the CLI
    try:
        settings, _today = read_project(Path("mkdocs.yml"))
        today = build_date(TODAY)
        paths = [path for _type, path in discover(settings.data_dir)]
        parse_times, gongkai_times = [], []
        for _ in range(repeat):
            gc.collect()
            start = time.perf_counter()
            for path in paths:
                with open(path, "rb") as f:
                    yaml.load(f, Loader=yaml.CSafeLoader)
            parse_times.append(time.perf_counter() - start)
            gc.collect()
            start = time.perf_counter()
            records = load_records(settings.data_dir, settings.max_file_bytes)
            problems = validate_records(records, settings, today)
            gongkai_times.append(time.perf_counter() - start)
            del records
        errors = sum(p.is_error for p in problems)
    finally:
        os.chdir(cwd)
    return {
        "inproc_parse": min(parse_times),
        "inproc_gongkai": min(gongkai_times),
        "inproc_ratio": min(gongkai_times) / min(parse_times),
        "inproc_errors": errors,
        "inproc_warnings": len(problems) - errors,
    }


# -- b. builds ----------------------------------------------------------------------------------


def bench_build(project: Path, repeat: int) -> dict[str, Any]:
    plain = project / "plain"
    pages = make_plain_project(project, plain)
    env = env_with(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    mkdocs = str(BIN / "mkdocs")
    gongkai_runs, plain_runs = [], []
    for _ in range(repeat):
        # A fresh site directory each time: cleaning out a previous 50,000-file site is not build work.
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(plain / "site", ignore_errors=True)
        # Each build starts with nothing left to write back to disk from the one before it (a
        # build writes 150-300 MB; otherwise the next build pays for the previous one's writes).
        os.sync()
        gongkai_runs.append(run_child([mkdocs, "build", "-q", "-f", "mkdocs.yml", "-d", "site"], project, env))
        if gongkai_runs[-1].code != 0:
            raise SystemExit(f"mkdocs build (gongkai) failed:\n{gongkai_runs[-1].stderr[-3000:]}")
        os.sync()
        plain_runs.append(run_child([mkdocs, "build", "-q", "-f", "mkdocs.yml", "-d", "site"], plain, env))
        if plain_runs[-1].code != 0:
            raise SystemExit(f"mkdocs build (plain) failed:\n{plain_runs[-1].stderr[-3000:]}")
    g, p = best(gongkai_runs), best(plain_runs)
    gongkai_files, gongkai_bytes = site_totals(project / "site")
    plain_files, plain_bytes = site_totals(plain / "site")
    return {
        "plain_pages": pages,
        # Time: the fastest run; memory: the highest of the runs (the target is a bound on the peak).
        "build_wall": g.wall,
        "build_cpu": g.cpu,
        "build_rss": max(r.rss for r in gongkai_runs),
        "build_total": max(r.total for r in gongkai_runs),
        "plain_wall": p.wall,
        "plain_cpu": p.cpu,
        "plain_rss": max(r.rss for r in plain_runs),
        "plain_total": max(r.total for r in plain_runs),
        "build_ratio": g.wall / p.wall,
        "build_cpu_ratio": g.cpu / p.cpu,
        "build_walls": [r.wall for r in gongkai_runs],
        "plain_walls": [r.wall for r in plain_runs],
        "gongkai_pages": page_sizes(project / "site", project),
        "plain_page_sizes": page_sizes(plain / "site", project),
        "gongkai_site": (gongkai_files, gongkai_bytes),
        "plain_site": (plain_files, plain_bytes),
        "gongkai_html": html_pages(project / "site"),
        "build_stderr": g.stderr.strip()[-500:],
    }


# -- c. search ----------------------------------------------------------------------------------


def bench_search(n: int) -> dict[str, Any]:
    path = ROOT / "scripts" / "bench_search.py"
    if not path.is_file():
        return {"skipped": "scripts/bench_search.py does not exist"}
    spec = importlib.util.spec_from_file_location("bench_search", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    except Exception as exc:  # another engineer's work in progress: report, do not fail the run
        return {"skipped": f"bench_search.py could not be imported: {type(exc).__name__}: {exc}"}
    if not callable(getattr(module, "run", None)):
        return {"skipped": "bench_search.py has no run(n) yet"}
    try:
        result = dict(module.run(n))
    except Exception as exc:
        return {"skipped": f"bench_search.run failed: {type(exc).__name__}: {exc}"}
    if callable(getattr(module, "report", None)):
        with contextlib.suppress(Exception):  # the figures are still shown as a table
            result["_report"] = module.report(result)
    return result


# -- d. editor preview ----------------------------------------------------------------------------


def bench_serve(project: Path, edits: int) -> dict[str, Any]:
    """scripts/bench_serve.py: save a change to one record under `mkdocs serve`, poll its page."""
    import bench_serve as serve

    return serve.run(project, edits, env_with(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH))


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
                f"| Save to served page, a paragraph added to the body | {seconds} | ≤ 5 s {verdict(max(d['body_edit_seconds']), 5.0)} |",
                f"| Save to served page, the title changed (listings re-rendered too) | {titles} | ≤ 5 s {verdict(max(d['title_edit_seconds']), 5.0)} |",
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
    return f"{size / 1024 / 1024:.0f} MB"


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
            f"| Wall time (best of {len(b['build_walls'])}) | {s(b['build_wall'])} | {s(b['plain_wall'])} | **{b['build_ratio']:.2f}×** "
            f"| ≤ {TARGETS['build_ratio']}× {verdict(b['build_ratio'], TARGETS['build_ratio'])} |",
            f"| CPU time (user + sys) of that run | {s(b['build_cpu'])} | {s(b['plain_cpu'])} | {b['build_cpu_ratio']:.2f}× | |",
            f"| Peak memory, largest process (RSS, highest of the runs) | {mb(b['build_rss'])} | {mb(b['plain_rss'])} | | ≤ 1 GB {verdict(b['build_rss'], TARGETS['memory'])} |",
            f"| Peak memory, all processes together (PSS, sampled every 0.1 s, highest of the runs) | {mb(b['build_total'])} | {mb(b['plain_total'])} | | ≤ 1 GB {verdict(b['build_total'], TARGETS['memory'])} |",
            f"| Record pages built | {gp.get('pages', 0):,} | {pp.get('pages', 0):,} | | |",
            f"| Record page HTML, median | {kb(gp.get('median', 0))} | {kb(pp.get('median', 0))} | | < 25 KB "
            f"{verdict(gp.get('median', 0), TARGETS['page_bytes'])} |",
            f"| Record page HTML, 95th percentile | {kb(gp.get('p95', 0))} | {kb(pp.get('p95', 0))} | | |",
            f"| Record page HTML, largest | {kb(gp.get('largest', 0))} (`{gp.get('largest_page', '')}`) | {kb(pp.get('largest', 0))} | | < 25 KB "
            f"{verdict(gp.get('largest', 0), TARGETS['page_bytes'])} |",
            f"| Any HTML page, largest ({b['gongkai_html']['html_pages']:,} pages) | {kb(b['gongkai_html']['largest'])} "
            f"(`{b['gongkai_html']['largest_page']}`, {b['gongkai_html']['largest_elements']:,} DOM elements) | | | ≤ 150 KB "
            f"{verdict(b['gongkai_html']['largest'], TARGETS['any_page_bytes'])} |",
            f"| Any HTML page, most DOM elements | {b['gongkai_html']['most_elements']:,} (`{b['gongkai_html']['most_elements_page']}`) "
            f"| | | ≤ 3,000 {verdict(b['gongkai_html']['most_elements'], TARGETS['any_page_elements'])} |",
            f"| Whole site | {b['gongkai_site'][0]:,} files, {mb(b['gongkai_site'][1])} | {b['plain_site'][0]:,} files, {mb(b['plain_site'][1])} | | |",
            f"| All wall times | {', '.join(s(x) for x in b['build_walls'])} | {', '.join(s(x) for x in b['plain_walls'])} | | |",
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="gongkai benchmark: validation, site build, search.")
    parser.add_argument("-n", type=int, default=10_000, help="number of records (default 10000)")
    parser.add_argument("--keep", type=Path, help="generate the projects in this directory and keep them")
    parser.add_argument("--skip-build", action="store_true", help="skip the site build comparison")
    parser.add_argument("--skip-search", action="store_true", help="skip the search benchmark")
    parser.add_argument("--skip-serve", action="store_true", help="skip the editor preview (mkdocs serve) benchmark")
    parser.add_argument(
        "--serve-edits", type=int, default=3, help="timed edits of each kind under mkdocs serve (default 3)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timed command; the best counts (default 3)")
    parser.add_argument("--build-repeat", type=int, default=None, help="runs of each build (default: --repeat)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    info = machine()
    work = args.keep or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    project = work.resolve()
    try:
        print(f"Generating {args.n:,} records in {project} …", file=sys.stderr)
        start = time.perf_counter()
        # In a child process, so that this process stays small (and its memory out of the figures).
        made = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "generate_records.py"),
                str(project),
                "-n",
                str(args.n),
                "--seed",
                str(args.seed),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        generated = json.loads(made.stdout)
        gen_time = time.perf_counter() - start
        print("Attachment extraction (first, cached) …", file=sys.stderr)
        import bench_attachments

        extraction = bench_attachments.run(project)
        print("Validation vs parse …", file=sys.stderr)
        a = bench_validate(project, args.repeat)
        b = None
        if not args.skip_build:
            print("Builds (gongkai, plain) …", file=sys.stderr)
            b = bench_build(project, args.build_repeat or args.repeat)
        c = None
        if not args.skip_search:
            print("Search …", file=sys.stderr)
            c = bench_search(args.n)
        d = None
        if not args.skip_serve:
            print("Editor preview (mkdocs serve) …", file=sys.stderr)
            d = bench_serve(project, args.serve_edits)
        load_end = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        text = report(args.n, info, generated, gen_time, a, b, c, load_end, extraction) + serve_report(d)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "benchmark.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
