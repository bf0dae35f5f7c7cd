"""Attachment extraction time on a generated project: first run (empty cache) and cached run.

    python scripts/bench_attachments.py PROJECT_DIR

Reads every file under PROJECT_DIR/data/attachments/ through `gongkai.load.attachments.Library` with
the project's cache directory (PROJECT_DIR/.cache, as `mkdocs build` and `gongkai validate` use
it): once after emptying the cache (every file parsed: PDF, Word, Excel, text), once more with a
new library (every file hashed and its cached text read). Afterwards the cache is warm, so the
builds that `scripts/benchmark.py` times next are cached rebuilds, as in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run(project: Path) -> dict[str, Any]:
    from gongkai.load.attachments import Library
    from gongkai.plugin.config import read_project

    settings, _today = read_project(project / "mkdocs.yml")
    root = settings.data_dir / "attachments"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    shutil.rmtree(settings.cache_dir / "attachments", ignore_errors=True)
    timings = []
    for _ in range(2):
        library = Library(root, settings.cache_dir, settings.attachment_max_bytes)
        start, cpu = time.perf_counter(), time.process_time()
        found = [library.get(relative) for relative in files]
        timings.append((time.perf_counter() - start, time.process_time() - cpu, library.parsed))
    kinds = Counter(f.kind for f in found if f)
    return {
        "files": len(files),
        "bytes": sum(f.size for f in found if f),
        "characters": sum(len(f.text) for f in found if f),
        "kinds": dict(sorted(kinds.items())),
        "first_wall": timings[0][0],
        "first_cpu": timings[0][1],
        "first_parsed": timings[0][2],
        "cached_wall": timings[1][0],
        "cached_cpu": timings[1][1],
        "cached_parsed": timings[1][2],
        "cache_files": sum(1 for _ in (settings.cache_dir / "attachments").iterdir())
        if (settings.cache_dir / "attachments").is_dir()
        else 0,
    }


def report_lines(result: dict[str, Any]) -> list[str]:
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in result["kinds"].items())
    return [
        "",
        "### Attachment extraction",
        "",
        f"{result['files']:,} attachment files ({kinds}; {result['bytes'] / 1e6:.1f} MB, "
        f"{result['characters']:,} characters of text), read through `gongkai.load.attachments.Library`:",
        "",
        "| Run | Wall time | CPU time | Files parsed |",
        "|---|---|---|---|",
        f"| First (empty cache) | {result['first_wall']:.2f} s | {result['first_cpu']:.2f} s | {result['first_parsed']:,} |",
        f"| Cached (hash + cached text) | {result['cached_wall']:.2f} s | {result['cached_cpu']:.2f} s | {result['cached_parsed']:,} |",
        "",
        "The builds below are cached rebuilds (the cache is warm after this step).",
    ]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    project = Path(args[0]).resolve()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = run(project)
    finally:
        os.chdir(cwd)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print("\n".join(report_lines(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
