"""Benchmark of a simulated province: K generated agencies, each built in its own process, then
`gongkai portal` on the first k of them for several k, to show how the portal's figures grow.

    python scripts/bench_portal.py OUT_DIR [--agencies 10] [--records 300] [--steps 1,5,10] [--jobs 1]
                                   [--pairs 20] [--no-queries]

Each agency is a project made by scripts/generate_records.py (seed = its number, its own site_url
and agency name), built with `mkdocs build --strict` as CI's matrix job would (`--jobs` at once;
on this 2-core machine 1 keeps the figures clean). Then for each k in `--steps` a portal.yml over
agencies 1..k and one `gongkai portal` run, measured with bench_process.run_child: wall and CPU
time, the peak RSS of its process, its pages, the largest page and the site's bytes, and its
search index (records, files, bytes). For the largest k, the search in Chromium as
scripts/bench_search.py measures it (`--pairs` pairs of queries cut from the records, and its
common pairs): bytes on the wire for a first query (page, code, index) and a next one; and, for the
same first queries, the index bytes (manifests and shards, not the records' text) that querying
the agencies' own indexes side by side would fetch instead of the combined index, counted with the
Python mirror of search.js (tests/support/search_reader.py). `--no-queries` skips both.
Prints Markdown tables and writes OUT_DIR/bench-portal.json. OUT_DIR is reused: agencies already
generated and built (same K, records and seed) are not made again (`--fresh` makes them anew).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "scripts"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))
from bench_process import Run, run_child  # noqa: E402
from generate_records import generate  # noqa: E402

TODAY = dt.date(2026, 11, 27)  # the generated records are consistent as of this date
MB = 1024 * 1024


def _epoch() -> str:
    return str(int(dt.datetime.combine(TODAY, dt.time(12), dt.timezone(dt.timedelta(hours=8))).timestamp()))


def make_agency(out: Path, number: int, records: int) -> Path:
    """The agency's generated project, made once: a run stopped part way resumes where it was
    (`.generated` is written last; `.built` once its site is built)."""
    project = out / "agencies" / f"agency-{number:03d}"
    stamp = project / ".generated"
    wanted = f"records={records} seed={number}\n"
    if stamp.is_file() and stamp.read_text() == wanted:
        return project
    shutil.rmtree(project, ignore_errors=True)
    generate(project, records, number)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("https://gongkai.example.gov.cn/", f"https://agency-{number:03d}.example.gov.cn/")
    text = text.replace("  agency: 河南省机关事务管理局", f"  agency: 模拟机关{number:03d}")
    config.write_text(text, encoding="utf-8")
    stamp.write_text(wanted)
    return project


def build_agency(project: Path) -> Run | None:
    """`mkdocs build --strict` of one agency in its own process (None: built before, kept)."""
    built = project / ".built"
    if built.is_file() and (project / "site" / "data" / "data.json").is_file():
        return None
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml")]
    run = run_child(command, project, env)
    if run.code != 0:
        raise SystemExit(f"{project.name} 生成失败：\n{run.stderr[-3000:]}")
    built.write_text((project / ".generated").read_text())
    return run


def portal_run(out: Path, count: int) -> dict[str, object]:
    folder = out / f"portal-{count:03d}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    lines = ["site_name: 模拟省政务公开平台", "site_url: https://province.example.gov.cn/", "agencies:"]
    for number in range(1, count + 1):
        site = out / "agencies" / f"agency-{number:03d}" / "site"
        lines += [f"  - id: agency-{number:03d}", f"    name: 模拟机关{number:03d}", f"    output: {site}"]
    (folder / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch()}
    run = run_child([sys.executable, "-m", "gongkai.cli", "portal", "portal.yml", "--strict"], folder, env)
    if run.code != 0:
        raise SystemExit(f"门户生成失败（{count} 个机关）：\n{run.stderr[-3000:]}")
    site = folder / "site"
    pages = sorted(site.rglob("index.html"), key=lambda p: p.stat().st_size)
    files = [p for p in site.rglob("*") if p.is_file()]
    records = sum(
        sum(a["counts"].values()) for a in json.loads((site / "data" / "agencies.json").read_text())["agencies"]
    )
    state = folder / ".portal-state"
    return {
        "agencies": count,
        "records": records,
        "wall_s": round(run.wall, 2),
        "cpu_s": round(run.cpu, 2),
        "peak_rss_mb": round(run.rss / MB, 1),
        "peak_total_mb": round(run.total / MB, 1),  # all its processes together (the text packs' child)
        "pages": len(pages),
        "largest_page": str(pages[-1].relative_to(site)),
        "largest_page_kb": round(pages[-1].stat().st_size / 1024, 1),
        "files": len(files),
        "site_mb": round(sum(p.stat().st_size for p in files) / MB, 2),
        "state_mb": round(sum(p.stat().st_size for p in state.rglob("*") if p.is_file()) / MB, 2),
        "feed_all_kb": round((site / "feeds" / "all.xml").stat().st_size / 1024, 1),
        "data_json_kb": round((site / "data" / "data.json").stat().st_size / 1024, 1),
        **search_figures(site),
    }


def search_figures(site: Path) -> dict[str, object]:
    manifest = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    data = [p for p in (site / "search" / manifest["stamp"]).rglob("*") if p.is_file()]
    return {
        "search_records": manifest["records"],
        "search_files": len(data) + 1,
        "search_mb": round((sum(p.stat().st_size for p in data) + len(json.dumps(manifest))) / MB, 2),
        "search_manifest_kb": round((site / "search" / "index.json").stat().st_size / 1024, 1),
    }


def _index_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in (site / "search").rglob("*") if p.is_file()}


def _index_bytes(files: dict[str, bytes], query: str) -> int:
    """Bytes of the index files (manifest, shards, packs.bin; not the text packs, which the hits
    shown need either way) that search.js fetches for `query` on a fresh page (the Python mirror)."""
    from tests.support.search_reader import Reader

    reader = Reader(files)
    reader.search(query)
    folder = f"search/{reader.manifest['stamp']}/"
    fetched = {path for path in reader.fetched if not path.startswith("p/")}
    return len(files["search/index.json"]) + sum(len(files.get(folder + path, b"")) for path in fetched)


def _reader_version() -> int:
    from gongkai.render.search.write import FORMAT_VERSION

    return FORMAT_VERSION


def query_figures(out: Path, count: int, pairs: int) -> dict[str, object]:
    """The portal of agencies 1..count searched in Chromium; and its index against the agencies' own."""
    from bench_search import measure_queries, query_pairs

    from gongkai.portal.search import search_entries
    from gongkai.render.search.write import SEPARATOR, normalise

    site = out / f"portal-{count:03d}" / "site"
    texts = [
        SEPARATOR.join(normalise(field) for field in [e["t"], *e["x"].split(SEPARATOR)])
        for e in search_entries(lambda relative: (site / relative).read_bytes())
    ]
    chosen = query_pairs(texts, pairs)
    rows = measure_queries(site, chosen)
    combined = _index_files(site)
    agencies = [_index_files(out / "agencies" / f"agency-{n:03d}" / "site") for n in range(1, count + 1)]
    # The side-by-side figure reads the agencies' indexes with this gongkai's reader: agencies built
    # by an earlier index format (which the portal reads) are not counted (None).
    readable = all(json.loads(a["search/index.json"])["version"] == _reader_version() for a in agencies)
    compared = []
    for first, _second in chosen:
        own = _index_bytes(combined, first)
        apart = sum(_index_bytes(files, first) for files in agencies) if readable else None
        compared.append({"query": first, "combined_index_bytes": own, "side_by_side_index_bytes": apart})

    def stat(values: list[int]) -> dict[str, float]:
        return {"median": round(statistics.median(values) / 1024, 1), "max": round(max(values) / 1024, 1)}

    return {
        "agencies": count,
        "pairs": len(chosen),
        "first_query_kb": stat([r["first_bytes"] for r in rows]),
        "first_query_code_kb": stat([r["first_code_bytes"] for r in rows]),
        "next_query_kb": stat([r["second_bytes"] for r in rows]),
        # The same, as a host that compresses nothing would send them (the server gzips as Pages does).
        "first_query_raw_kb": stat([r["first_raw_bytes"] for r in rows]),
        "next_query_raw_kb": stat([r["second_raw_bytes"] for r in rows]),
        "first_index_kb_combined": stat([c["combined_index_bytes"] for c in compared]),
        "first_index_kb_side_by_side": stat([c["side_by_side_index_bytes"] for c in compared]) if readable else None,
        "render_ms_max": round(max(max(r["first_render_ms"], r["second_render_ms"]) for r in rows), 1),
        "queries": rows,
        "compared": compared,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--agencies", type=int, default=10)
    parser.add_argument("--records", type=int, default=300, help="records per agency")
    parser.add_argument("--steps", default="", help="k values, comma-separated (default: 1, K/2, K)")
    parser.add_argument("--jobs", type=int, default=1, help="agency builds at once")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--pairs", type=int, default=20, help="query pairs cut from the records (search figures)")
    parser.add_argument("--no-queries", action="store_true", help="skip the search figures in Chromium")
    args = parser.parse_args(argv)
    out = args.out_dir.resolve()
    if args.fresh:
        shutil.rmtree(out / "agencies", ignore_errors=True)
    steps = sorted({int(s) for s in args.steps.split(",") if s} or {1, max(1, args.agencies // 2), args.agencies})
    projects = [make_agency(out, n, args.records) for n in range(1, args.agencies + 1)]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        builds = list(pool.map(build_agency, projects))
    measured = [b for b in builds if b is not None]
    agency = {
        "built_now": len(measured),
        "wall_s_max": round(max((b.wall for b in measured), default=0), 2),
        "peak_rss_mb_max": round(max((b.rss for b in measured), default=0) / MB, 1),
        "peak_total_mb_max": round(max((b.total for b in measured), default=0) / MB, 1),
    }
    rows = []
    for k in steps:
        rows.append(portal_run(out, k))
        (out / "bench-portal-rows.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    queries = None if args.no_queries else query_figures(out, steps[-1], args.pairs)
    result = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "records_per_agency": args.records,
        "agency_builds": agency,
        "portal": rows,
        "search": queries,
    }
    (out / "bench-portal.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{result['machine']}, {result['date']}; each agency {args.records} generated records")
    print(f"agency builds (each its own process): {agency}")
    print(
        "| agencies | records | portal wall s | CPU s | peak RSS MB | all processes MB | pages | largest page KB | site MB | feeds/all.xml KB | data.json KB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['agencies']} | {r['records']} | {r['wall_s']} | {r['cpu_s']} | {r['peak_rss_mb']} | {r['peak_total_mb']} | {r['pages']} "
            f"| {r['largest_page_kb']} ({r['largest_page']}) | {r['site_mb']} | {r['feed_all_kb']} | {r['data_json_kb']} |"
        )
    print()
    print("| agencies | search records | index files | index MB | manifest KB |")
    print("|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['agencies']} | {r['search_records']} | {r['search_files']} | {r['search_mb']} | {r['search_manifest_kb']} |"
        )
    if queries is not None:
        q = queries
        print()
        print(f"search in Chromium, {q['agencies']} agencies, {q['pairs']} query pairs: median / max KB")
        print("| first query (page, code, index) | of which page + code | next query | render ms max |")
        print("|---:|---:|---:|---:|")
        print(
            f"| {q['first_query_kb']['median']} / {q['first_query_kb']['max']} "
            f"| {q['first_query_code_kb']['median']} / {q['first_query_code_kb']['max']} "
            f"| {q['next_query_kb']['median']} / {q['next_query_kb']['max']} | {q['render_ms_max']} |"
        )
        print(
            f"without the host's gzip: first query {q['first_query_raw_kb']['median']} / {q['first_query_raw_kb']['max']}, "
            f"next {q['next_query_raw_kb']['median']} / {q['next_query_raw_kb']['max']}"
        )
        for which, label in (("first", "first"), ("second", "next")):
            worst = max(q["queries"], key=lambda r: r[f"{which}_bytes"])
            kinds = sorted(worst[f"{which}_kinds"].items(), key=lambda item: -item[1][1])
            print(
                f"largest {label} query {worst[which]}: "
                + ", ".join(f"{k} {n}x {sent / 1024:.1f} KB" for k, (n, sent, _raw) in kinds)
            )
        print()
        print("index bytes of the same first queries (manifests, shards; no record text), median / max KB:")
        apart = q["first_index_kb_side_by_side"]
        print(
            f"combined index {q['first_index_kb_combined']['median']} / {q['first_index_kb_combined']['max']}; "
            + (
                f"the agencies' own indexes side by side {apart['median']} / {apart['max']}"
                if apart
                else "the agencies' own indexes side by side: not counted (an earlier index format)"
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
