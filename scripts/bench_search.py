"""Benchmark of the search index at scale: build time and memory, bytes and time in Chromium.

    python scripts/bench_search.py [N]      (default 10000 records)

Generates N records of realistic Chinese text (words drawn by frequency from jieba's dictionary,
with numbers, dates, Latin abbreviations and document numbers mixed in; not copies of the demo
data; about 30 % of them with an attachment file whose text is searchable too), builds the index with `gongkai.render.search.write.search_files` in a fresh process (time and peak
memory), writes a standalone site directory (the search page, its script and the index), serves it
with `http.server` and measures in headless Chromium (Debian's, via Playwright) for pairs of
queries cut from the records: the bytes the server sends for the first query (a visitor arriving at
/search/?q=..., page, code and index data) and for a second, different query typed on that page,
and the time from submit to rendered results.

Importable: `run(n) -> dict` (the lead's overall benchmark calls it). The records come from
scripts/synthetic/search_corpus.py, the standalone site, its server and Chromium from
scripts/search_site.py (both reused by the tests).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from chromium import launch  # noqa: E402
from search_site import Server, wait_for_results, write_site  # noqa: E402
from synthetic.search_corpus import make_catalog  # noqa: E402

TARGETS = {
    "first_query_bytes": 300_000,
    "second_query_bytes": 150_000,
    "render_ms": 300,
    "build_peak_bytes": 1_000_000_000,
    "bytes_per_character": 4,  # the index on disk per searchable character (issue 28)
    "files_per_record": 1,
}


# -- measurement ------------------------------------------------------------------------------


def _status() -> dict[str, int]:
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) * 1024
    return values


def build(n: int, out: Path | None = None, attachments: Path | None = None) -> dict[str, Any]:
    """Generate N records and build the index in this process: seconds, peak memory, sizes."""
    from gongkai.render.search.write import search_files

    catalog = make_catalog(n, attachments=attachments)
    before = _status()
    started = time.perf_counter()
    files = search_files(catalog)
    seconds = time.perf_counter() - started
    after = _status()
    manifest = json.loads(files["search/index.json"])
    groups: dict[str, list[int]] = {}
    for path, content in files.items():
        parts = path.split("/")  # search/index.json, search/<stamp>/types.txt, search/<stamp>/<group>/<file>
        groups.setdefault(parts[2] if len(parts) >= 4 else parts[-1], []).append(len(content))
    if out is not None:
        write_site(files, out)
    return {
        "records": len(catalog),
        "characters": sum(len(t) for t in (search_text_of(r) for r in catalog.public())),
        "build_seconds": round(seconds, 1),
        "rss_before_build": before["VmRSS"],
        "build_peak_rss": after["VmHWM"],
        "files": len(files),
        "index_bytes": sum(len(c) for c in files.values()),
        "shards": manifest["shards"],
        "shard_bytes_average": manifest["shardBytes"],
        "shard_bytes_max": max(groups["s"]),
        "frequent_grams": len([g for g in manifest["frequent"].split("\n") if g]),
        "manifest_bytes": len(files["search/index.json"]),
        "groups": {k: (len(v), sum(v)) for k, v in sorted(groups.items())},
    }


def search_text_of(record) -> str:
    from gongkai.render.search.write import search_text

    return search_text(record)


def _build_in_subprocess(n: int, out: Path, attachments: Path) -> dict[str, Any]:
    """Build in a fresh interpreter, so that peak memory is the build's own."""
    import subprocess

    command = [sys.executable, str(Path(__file__).resolve()), "--build-only", str(n), str(out), str(attachments)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def pick_queries(texts: list[str], count: int, seed: int = 5) -> list[str]:
    """Queries of 2 to 6 characters cut from inside the records' text (not across fields)."""
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count:
        text = rng.choice(texts)
        length = rng.randint(2, 6)
        start = rng.randint(0, max(0, len(text) - length))
        query = text[start : start + length]
        if "\n" not in query and query.strip() == query and len(query) == length and query not in found:
            found.append(query)
    return found


# Common words and numbers too: the largest lists, the worst case for bytes.
COMMON_PAIRS = [("工作", "2019年"), ("〔2019〕", "豫管〔2019〕3号"), ("的", "中国人民"), ("万元", "第3条")]


def query_pairs(texts: list[str], pairs: int = 20) -> list[tuple[str, str]]:
    """The benchmark's queries, as (first, second) pairs: `pairs` pairs cut from the records'
    searchable text, then COMMON_PAIRS (tests/unit/search/test_exact_at_scale.py checks them all)."""
    queries = pick_queries(texts, 2 * pairs)
    return [(queries[2 * i], queries[2 * i + 1]) for i in range(pairs)] + COMMON_PAIRS


def file_kind(path: str) -> str:
    """What a request fetched: "page+code" (the page, its script and styles), "manifest", or the
    index's folder (s, g, c, b, o, p) or file (packs.bin, types.txt) under search/<stamp>/."""
    path = path.split("?", 1)[0]
    if not path.startswith("/search/") or path == "/search/":
        return "page+code"
    if path == "/search/index.json":
        return "manifest"
    parts = path.split("/")  # "", "search", <stamp>, <folder or file>, ...
    return parts[3] if len(parts) > 3 else path


def by_kind(log: list[tuple[str, int, int]]) -> dict[str, list[int]]:
    """Bytes sent and raw (as sent without the host's gzip) per file kind: kind -> [requests, sent, raw]."""
    kinds: dict[str, list[int]] = {}
    for path, sent, raw in log:
        row = kinds.setdefault(file_kind(path), [0, 0, 0])
        row[0] += 1
        row[1] += sent
        row[2] += raw
    return kinds


def measure_queries(site: Path, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """For each pair: bytes sent for the first query (fresh browser, arriving at /search/?q=) and
    for the second (typed into the results page), and the script's timings."""
    from urllib.parse import quote

    from playwright.sync_api import sync_playwright

    server = Server(site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for first, second in pairs:
                context = browser.new_context()
                page = context.new_page()
                server.log.clear()
                page.goto(server.url + "search/?q=" + quote(first))
                assert wait_for_results(page) == "done", first
                first_log = list(server.log)
                first_timing = page.evaluate("window.__gongkaiSearchTiming")
                first_count = int(page.text_content("[data-search-count]"))
                server.log.clear()
                page.fill("#gk-search-q", second)
                page.evaluate("document.querySelector('[data-search-results]').removeAttribute('data-search-state')")
                page.press("#gk-search-q", "Enter")
                assert wait_for_results(page) == "done", second
                second_log = list(server.log)
                second_timing = page.evaluate("window.__gongkaiSearchTiming")
                rows.append(
                    {
                        "first": first,
                        "second": second,
                        "first_hits": first_count,
                        "second_hits": int(page.text_content("[data-search-count]")),
                        "first_bytes": sum(b for _, b, _ in first_log),
                        "first_raw_bytes": sum(r for _, _, r in first_log),
                        "first_kinds": by_kind(first_log),
                        "first_code_bytes": sum(
                            b for p, b, _ in first_log if not p.startswith("/search/") or p.startswith("/search/?")
                        ),
                        "first_requests": len(first_log),
                        "second_bytes": sum(b for _, b, _ in second_log),
                        "second_raw_bytes": sum(r for _, _, r in second_log),
                        "second_kinds": by_kind(second_log),
                        "second_requests": len(second_log),
                        "first_render_ms": first_timing["render"],
                        "second_render_ms": second_timing["render"],
                        "first_total_ms": first_timing["total"],
                        "second_total_ms": second_timing["total"],
                    }
                )
                context.close()
            browser.close()
    finally:
        server.close()
    return rows


def run(n: int = 10_000, pairs: int = 20, keep: Path | None = None) -> dict[str, Any]:
    """Build the index for N generated records and measure it in Chromium. Returns the figures."""
    if keep is None:
        import shutil

        with tempfile.TemporaryDirectory(prefix="gongkai-search-bench-") as temporary:
            result = run(n, pairs, Path(temporary))
        shutil.rmtree(temporary, ignore_errors=True)
        result["site_dir"] = None
        return result
    directory = keep
    attachments = directory / "attachments"  # served like a site's attachments; read for the index
    built = _build_in_subprocess(n, directory, attachments)
    catalog = make_catalog(n, attachments=attachments)
    texts = [t for t in (search_text_of(r) for r in catalog.public())]
    rows = measure_queries(directory, query_pairs(texts, pairs))

    def stat(name: str) -> dict[str, float]:
        values = [r[name] for r in rows]
        return {"median": round(statistics.median(values), 1), "max": round(max(values), 1)}

    result = {
        "build": built,
        "queries": rows,
        "first_query_bytes": stat("first_bytes"),
        "first_query_code_bytes": stat("first_code_bytes"),
        "second_query_bytes": stat("second_bytes"),
        "first_query_raw_bytes": stat("first_raw_bytes"),
        "second_query_raw_bytes": stat("second_raw_bytes"),
        "render_ms": stat("first_render_ms") | {"max_second": round(max(r["second_render_ms"] for r in rows), 1)},
        "total_ms": stat("first_total_ms"),
        "site_dir": str(directory),
    }
    result["targets_met"] = {
        "first_query_bytes": result["first_query_bytes"]["max"] <= TARGETS["first_query_bytes"],
        "second_query_bytes": result["second_query_bytes"]["max"] <= TARGETS["second_query_bytes"],
        "render_ms": max(result["render_ms"]["max"], result["render_ms"]["max_second"]) <= TARGETS["render_ms"],
        "build_peak_bytes": built["build_peak_rss"] <= TARGETS["build_peak_bytes"],
        "bytes_per_character": built["index_bytes"] <= TARGETS["bytes_per_character"] * built["characters"],
        "files_per_record": built["files"] <= TARGETS["files_per_record"] * built["records"],
    }
    return result


def report(result: dict[str, Any]) -> str:
    b = result["build"]
    mb = 1024 * 1024
    lines = [
        f"records {b['records']:,}, searchable characters {b['characters']:,}",
        f"index build             {b['build_seconds']} s, peak RSS {b['build_peak_rss'] / mb:.0f} MiB (process before build {b['rss_before_build'] / mb:.0f} MiB)",
        f"index on disk           {b['files']:,} files, {b['index_bytes'] / mb:.1f} MiB; {b['shards']:,} shards (average {b['shard_bytes_average']:,} B, max {b['shard_bytes_max']:,} B); {b['frequent_grams']} frequent grams; manifest {b['manifest_bytes']:,} B",
        f"                        {b['index_bytes'] / max(1, b['characters']):.2f} bytes per searchable character, {b['files'] / max(1, b['records']):.2f} files per record (targets: {TARGETS['bytes_per_character']}, {TARGETS['files_per_record']})",
        "  by directory          "
        + ", ".join(f"{k}: {c:,} files {s / mb:.1f} MiB" for k, (c, s) in b["groups"].items()),
        "",
        f"{'':24}{'median':>10}{'max':>10}{'target':>10}",
        f"{'first query bytes':24}{result['first_query_bytes']['median']:>10,.0f}{result['first_query_bytes']['max']:>10,.0f}{TARGETS['first_query_bytes']:>10,}",
        f"{'  of which page + code':24}{result['first_query_code_bytes']['median']:>10,.0f}{result['first_query_code_bytes']['max']:>10,.0f}",
        f"{'second query bytes':24}{result['second_query_bytes']['median']:>10,.0f}{result['second_query_bytes']['max']:>10,.0f}{TARGETS['second_query_bytes']:>10,}",
        f"{'  before gzip: first':24}{result['first_query_raw_bytes']['median']:>10,.0f}{result['first_query_raw_bytes']['max']:>10,.0f}",
        f"{'  before gzip: second':24}{result['second_query_raw_bytes']['median']:>10,.0f}{result['second_query_raw_bytes']['max']:>10,.0f}",
        f"{'render ms after data':24}{result['render_ms']['median']:>10}{max(result['render_ms']['max'], result['render_ms']['max_second']):>10}{TARGETS['render_ms']:>10}",
        f"{'submit to rendered ms':24}{result['total_ms']['median']:>10}{result['total_ms']['max']:>10}",
        "",
        f"{'first query':<16}{'hits':>6}{'bytes':>9}{'req':>5}   {'second query':<16}{'hits':>6}{'bytes':>9}{'req':>5}{'ms':>7}",
    ]
    for r in result["queries"]:
        lines.append(
            f"{r['first']:<16}{r['first_hits']:>6}{r['first_bytes']:>9,}{r['first_requests']:>5}   {r['second']:<16}{r['second_hits']:>6}{r['second_bytes']:>9,}{r['second_requests']:>5}{r['second_render_ms']:>7.1f}"
        )
    lines.append("")
    lines.append("the largest first and second queries, per file kind: requests, bytes sent (before gzip)")
    for which in ("first", "second"):
        worst = max(result["queries"], key=lambda r: r[f"{which}_bytes"])
        kinds = sorted(worst[f"{which}_kinds"].items(), key=lambda item: -item[1][1])
        lines.append(
            f"  {which} {worst[which]}: "
            + ", ".join(f"{k} {n}x {sent:,}" + (f" ({raw:,})" if raw != sent else "") for k, (n, sent, raw) in kinds)
        )
    lines.append("")
    lines.append("targets met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in result["targets_met"].items()))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--build-only"]:
        print(json.dumps(build(int(argv[1]), Path(argv[2]), Path(argv[3]) if len(argv) > 3 else None)))
        return 0
    if argv[:1] in (["-h"], ["--help"]) or (argv and not argv[0].isdigit()):
        print(__doc__.split("\n\n")[1].strip())
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    n = int(argv[0]) if argv else 10_000
    result = run(n)
    print(report(result))
    return 0 if all(result["targets_met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
