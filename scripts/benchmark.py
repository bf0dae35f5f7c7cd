"""gongkai at scale: validation against plain YAML parsing, the site build against plain MkDocs, search.

    python scripts/benchmark.py [-n 10000] [--keep DIR] [--skip-build] [--skip-search] [--repeat 3] [--busy 1]

One run, on one generated project (scripts/generate_records.py, seed 0; its attachments are real
PDF, Word and Excel files with realistic text):

0. Attachment extraction (scripts/bench_attachments.py): every attachment read with an empty
   cache, then again from the cache; what follows (validation, builds) runs with the warm cache.

a. Validation vs parse: wall time of `gongkai validate --today 2026-11-27` (a subprocess, best of
   --repeat) against a subprocess that only parses the same YAML files with libyaml's CSafeLoader
   (both include interpreter start-up), the ratio (target ≤ 3×), the validate subprocess's peak
   RSS, and the same two things in-process (parse only vs `load_records` + `validate_records`).
b. Full build vs plain: `mkdocs build` of the generated project (SOURCE_DATE_EPOCH =
   2026-11-27 12:00 +08:00) against `mkdocs build` of a plain project with the same theme and
   settings, no plugins, and one Markdown page per public record (title, a metadata table, the
   record's text) kept out of a small explicit nav, as gongkai does. Targets: CPU time of all the
   build's processes ≤ 1.4× plain's (the steady figure on a shared machine); wall time ≤ 1.2× on an
   idle machine and, with `--busy N`, ≤ 1.6× with N CPU-bound processes running beside each build
   (a second round of builds; the issue's figure is N = 1); peak memory (of the largest process,
   and of all the build's processes together: 1 GB each); record pages (median ≤ 25 KB, largest
   ≤ 40 KB); every HTML page (listings included) ≤ 150 KB and ≤ 3,000 DOM elements; the whole
   site's size and file count, with and without the attachments (without: ≤ 700 MB and ≤ 60,000
   files at 30,000 records, scaled per record: scripts/bench_targets.py).
c. Search: `scripts/bench_search.py`'s `run(n) -> dict` if it exists, else skipped with a note.
d. Editor preview (scripts/bench_serve.py): save to served page ≤ 5 s, with the `--busy`
   processes running beside `mkdocs serve` if asked.

Prints a Markdown report (with machine information) and one line per target (`TARGET PASS|FAIL
…`); writes the report to bench-out/benchmark.md and the table the README carries (machine, date,
a row per target) to bench-out/readme-table.md; exits with status 1 when a target is not met.
Child processes are timed with os.wait4 (or GNU time), which also gives each child's own CPU time
(its output process's included) and peak RSS. CPU time is shown next to wall time: on a busy
machine it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.util
import json
import os
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
from bench_process import best, busy, env_with, run_child  # noqa: E402
from bench_report import machine, report, serve_report  # noqa: E402
from bench_targets import lines, readme_table  # noqa: E402

from gongkai.config import source_date_epoch  # noqa: E402

SOURCE_DATE_EPOCH = source_date_epoch(dt.date.fromisoformat(TODAY))
BIN = Path(sys.executable).parent
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


def build_rounds(project: Path, plain: Path, repeat: int) -> tuple[list[Any], list[Any]]:
    """`repeat` builds of each project, interleaved, so that a busy moment hurts both alike."""
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
    return gongkai_runs, plain_runs


def bench_build(project: Path, repeat: int, busy_processes: int = 0) -> dict[str, Any]:
    plain = project / "plain"
    pages = make_plain_project(project, plain)
    gongkai_runs, plain_runs = build_rounds(project, plain, repeat)
    g, p = best(gongkai_runs), best(plain_runs)
    result = {
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
        # CPU: the lowest of the runs, each side (the fastest run by wall may have been descheduled more).
        "build_cpu_ratio": min(r.cpu for r in gongkai_runs) / min(r.cpu for r in plain_runs),
        "build_walls": [r.wall for r in gongkai_runs],
        "plain_walls": [r.wall for r in plain_runs],
        "build_cpus": [r.cpu for r in gongkai_runs],
        "plain_cpus": [r.cpu for r in plain_runs],
        "gongkai_pages": page_sizes(project / "site", project),
        "plain_page_sizes": page_sizes(plain / "site", project),
        "gongkai_site": site_totals(project / "site"),
        "gongkai_site_pages": site_totals(project / "site", attachments=False),
        "plain_site": site_totals(plain / "site"),
        "gongkai_html": html_pages(project / "site"),
        "build_stderr": g.stderr.strip()[-500:],
    }
    if busy_processes:
        print(f"Builds with {busy_processes} CPU-bound process(es) beside …", file=sys.stderr)
        with busy(busy_processes):
            gongkai_runs, plain_runs = build_rounds(project, plain, repeat)
        g, p = best(gongkai_runs), best(plain_runs)
        result["busy"] = {
            "processes": busy_processes,
            "build_wall": g.wall,
            "plain_wall": p.wall,
            "build_ratio": g.wall / p.wall,
            "build_walls": [r.wall for r in gongkai_runs],
            "plain_walls": [r.wall for r in plain_runs],
        }
    return result


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


def bench_serve(project: Path, edits: int, busy_processes: int = 0) -> dict[str, Any]:
    """scripts/bench_serve.py: save a change to one record under `mkdocs serve`, poll its page."""
    import bench_serve as serve

    with busy(busy_processes):
        result = serve.run(project, edits, env_with(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH))
    return {**result, "busy": busy_processes}


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
    parser.add_argument(
        "--busy",
        type=int,
        default=0,
        metavar="N",
        help="also time the builds with N CPU-bound processes running beside them, and run the editor "
        "preview with them (the issue's figure: 1; default 0)",
    )
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
            b = bench_build(project, args.build_repeat or args.repeat, args.busy)
        c = None
        if not args.skip_search:
            print("Search …", file=sys.stderr)
            c = bench_search(args.n)
        d = None
        if not args.skip_serve:
            print("Editor preview (mkdocs serve) …", file=sys.stderr)
            d = bench_serve(project, args.serve_edits, args.busy)
        load_end = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        found = lines(args.n, a, b, d)
        table = readme_table(args.n, info, found)
        text = report(args.n, info, generated, gen_time, a, b, c, load_end, extraction) + serve_report(d)
        text += "\n### Targets\n\n" + table
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    OUT.mkdir(exist_ok=True)
    (OUT / "benchmark.md").write_text(text, encoding="utf-8")
    (OUT / "readme-table.md").write_text(table, encoding="utf-8")
    print(text)
    for line in found:
        print(line.text())
    failed = [line for line in found if not line.met]
    print(f"{len(found) - len(failed)} of {len(found)} targets met", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
