"""Benchmark of the search index at scale: build time and memory, bytes and time in Chromium.

    python scripts/bench_search.py [N]      (default 10000 records)

Generates N records of realistic Chinese text (words drawn by frequency from jieba's dictionary,
with numbers, dates, Latin abbreviations and document numbers mixed in; not copies of the demo
data; about 30 % of them with an attachment file whose text is searchable too), builds the index with `gongkai.render.search.search_files` in a fresh process (time and peak
memory), writes a standalone site directory (the search page, its script and the index), serves it
with `http.server` and measures in headless Chromium (Debian's, via Playwright) for pairs of
queries cut from the records: the bytes the server sends for the first query (a visitor arriving at
/search/?q=..., page, code and index data) and for a second, different query typed on that page,
and the time from submit to rendered results.

Importable: `run(n) -> dict` (the lead's overall benchmark calls it); `generate_records(n)` and
`make_catalog(n)` are reused by the tests.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from synthetic.text import Writer  # noqa: E402
from gongkai.model import Catalog  # noqa: E402
from gongkai.types import BY_KEY  # noqa: E402

TODAY = dt.date(2025, 1, 1)
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGETS = {"first_query_bytes": 300_000, "second_query_bytes": 150_000, "render_ms": 300, "build_peak_bytes": 1_000_000_000}

# -- realistic records -------------------------------------------------------------------------

_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
ISSUERS = ["豫管", "豫管办", "豫管财", "豫管资", "豫政办"]
TITLE_ENDS = ["的通知", "的实施意见", "管理办法", "暂行规定", "实施细则", "的决定", "工作方案", "的公告", "有关问题的解读"]
LATIN = ["PPP", "ETC", "GB/T 9704-2012", "ISO 9001", "PDF", "App", "5G", "GDP", "IC卡", "OA系统"]
TYPE_WEIGHTS = [
    ("documents", 40),
    ("interpretations", 15),
    ("decisions", 10),
    ("consultations", 10),
    ("powers", 20),
    ("reports/rule-of-law", 3),
    ("reports/disclosure", 2),
]
NUMERALS = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def _dictionary() -> tuple[list[str], list[int]]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    words, cumulative, total = [], [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if _CJK_WORD.match(word) and int(freq) > 0:
            total += int(freq)
            words.append(word)
            cumulative.append(total)
    return words, cumulative


class _Writer(Writer):
    """generate_records' writer (sentences, paragraphs) with this benchmark's own vocabulary,
    clauses, bodies and titles: denser text, more numbers and document references."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words, self.cumulative = _dictionary()

    def words_(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def clause(self) -> str:
        rng = self.rng
        parts = self.words_(rng.randint(3, 9))
        roll = rng.random()
        if roll < 0.08:
            parts.insert(rng.randrange(len(parts) + 1), f"{rng.randint(2010, 2024)}年{rng.randint(1, 12)}月")
        elif roll < 0.14:
            parts.insert(rng.randrange(len(parts) + 1), f"第{rng.randint(1, 60)}条")
        elif roll < 0.18:
            parts.insert(rng.randrange(len(parts) + 1), f"{rng.randint(1, 500)}万元")
        elif roll < 0.21:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(LATIN))
        elif roll < 0.23:
            parts.insert(rng.randrange(len(parts) + 1), f"《{''.join(self.words_(2))}》（{rng.choice(ISSUERS)}〔{rng.randint(2010, 2024)}〕{rng.randint(1, 99)}号）")
        return "".join(parts)

    def body(self) -> str:
        rng = self.rng
        target = int(min(2400, max(200, rng.lognormvariate(6.9, 0.5))))  # median ~1000 characters
        parts, size, section = [], 0, 0
        while size < target:
            roll = rng.random()
            if roll < 0.15 and section < 10:
                line = f"## {NUMERALS[section]}、{''.join(self.words_(rng.randint(2, 4)))}"
                section += 1
            elif roll < 0.3:
                line = "\n".join(f"{i}. {self.sentence()}" for i in range(1, rng.randint(2, 5)))
            else:
                line = self.paragraph(rng.randint(60, 300))
            parts.append(line)
            size += len(line)
        return "\n\n".join(parts)

    def title(self) -> str:
        return "关于" + "".join(self.words_(self.rng.randint(2, 5))) + self.rng.choice(TITLE_ENDS)


def generate_records(n: int, seed: int = 20190301) -> list[tuple[Any, dict[str, Any]]]:
    """N publishable records (type, data) of realistic Chinese text, deterministic for a seed."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    keys = [k for k, _ in TYPE_WEIGHTS]
    weights = [w for _, w in TYPE_WEIGHTS]
    start = dt.date(2015, 1, 1).toordinal()
    records = []
    sequence: dict[tuple[str, int], int] = {}
    for i in range(n):
        type_key = rng.choices(keys, weights=weights)[0]
        published = dt.date.fromordinal(rng.randint(start, TODAY.toordinal() - 1))
        data: dict[str, Any] = {
            "id": f"r{i:05d}",
            "title": writer.title(),
            "publish_date": published.isoformat(),
            "issuer": "河南省机关事务管理局",
            "disclosure": "主动公开",
            "summary": writer.sentence(),
            "body": writer.body(),
        }
        if type_key == "documents" or rng.random() < 0.1:
            issuer = rng.choice(ISSUERS)
            seq = sequence[(issuer, published.year)] = sequence.get((issuer, published.year), 0) + 1
            data["doc_number"] = f"{issuer}〔{published.year}〕{seq}号"
        records.append((BY_KEY[type_key], data))
    return records


ATTACHMENT_SHARE = 0.3  # records with an attachment (its text is searchable, like the body's)


def write_attachments(records: list[tuple[Any, dict[str, Any]]], folder: Path, seed: int):
    """Give about ATTACHMENT_SHARE of the records an attachment: a text file of realistic text
    (one to five paragraphs, ~1,500 characters on average) under `folder`, read back through
    gongkai's attachment library as the build reads any attachment."""
    from gongkai.attachments import Library

    rng = random.Random(seed + 1)
    writer = _Writer(rng)
    folder.mkdir(parents=True, exist_ok=True)
    for _type, data in records:
        if rng.random() < ATTACHMENT_SHARE:
            name = f"{data['id']}.txt"
            text = "\n\n".join(writer.paragraph(rng.randint(200, 800)) for _ in range(rng.randint(1, 5)))
            (folder / name).write_text(text + "\n", encoding="utf-8")
            data["attachments"] = [{"title": f"附件：{writer.title()}", "file": name}]
    return Library(folder, None, 20_000_000)


def make_catalog(n: int, seed: int = 20190301, attachments: Path | None = None) -> Catalog:
    """The generated records; with `attachments` (a folder), some of them with attachment files."""
    records = generate_records(n, seed)
    library = write_attachments(records, attachments, seed) if attachments is not None else None
    return Catalog(records, TODAY, library)


# -- a standalone site: the search page, its script and the index --------------------------------

ASSETS = ROOT / "gongkai" / "assets"
PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="{root}assets/gongkai/search.css"></head>
<body><header><form id="gk-header-search" class="gk-header-search" role="search" action="{root}search/" method="get">
<label for="gk-header-q" class="gk-visually-hidden">搜索本站</label>
<input id="gk-header-q" name="q" type="search" placeholder="搜索本站" autocomplete="off"><button type="submit">搜索</button>
</form></header><main class="md-typeset">{content}</main></body></html>
"""


def search_page_html() -> str:
    """The results page as the plugin makes it: search.md.j2 rendered, then Markdown to HTML."""
    import markdown

    from gongkai.render.pages import environment
    from gongkai.types import RECORD_TYPES

    text = environment().get_template("search.md.j2").render(types=RECORD_TYPES)
    return markdown.markdown(text, extensions=["tables", "attr_list", "toc"])


def write_site(files: dict[str, bytes], root: Path) -> Path:
    """A minimal site directory around the search files: /search/ (the results page and index),
    /assets/gongkai/, a home page with the header form, and a catalog page."""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (root / "search").mkdir(parents=True, exist_ok=True)
    (root / "search" / "index.html").write_text(PAGE.format(title="搜索 - 测试站点", root="../", content=search_page_html()), encoding="utf-8")
    (root / "index.html").write_text(PAGE.format(title="首页 - 测试站点", root="", content="<h1>首页</h1><p><a href='catalog/'>公开目录</a></p>"), encoding="utf-8")
    (root / "catalog").mkdir(exist_ok=True)
    (root / "catalog" / "index.html").write_text(PAGE.format(title="公开目录", root="../", content="<h1>公开目录</h1>"), encoding="utf-8")
    assets = root / "assets" / "gongkai"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("search.js", "search.css"):
        (assets / name).write_bytes((ASSETS / name).read_bytes())
    return root


class Server:
    """http.server on a free local port in a thread; counts the bytes it sends, per request."""

    def __init__(self, root: Path):
        log = self.log = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def log_message(self, *args):
                pass

            def end_headers(self):
                self.send_header("Cache-Control", "no-cache")
                super().end_headers()

            def flush_headers(self):
                self._gk_headers = sum(len(h) for h in getattr(self, "_headers_buffer", []))
                super().flush_headers()

            def copyfile(self, source, outputfile):
                data = source.read()
                outputfile.write(data)
                log.append((self.path, self._gk_headers + len(data), len(data)))

            def send_error(self, code, message=None, explain=None):
                super().send_error(code, message, explain)
                log.append((self.path, 0, 0))

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def wait_for_results(page, timeout: float = 30_000) -> str:
    page.wait_for_selector("[data-search-results][data-search-state=done], [data-search-results][data-search-state=error]", state="attached", timeout=timeout)
    return page.get_attribute("[data-search-results]", "data-search-state")


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
    from gongkai.render.search import search_files

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
    from gongkai.render.search import search_text

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


def measure_queries(site: Path, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """For each pair: bytes sent for the first query (fresh browser, arriving at /search/?q=) and
    for the second (typed into the results page), and the script's timings."""
    from urllib.parse import quote

    from playwright.sync_api import sync_playwright

    server = Server(site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
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
                        "first_code_bytes": sum(b for p, b, _ in first_log if not p.startswith("/search/") or p.startswith("/search/?")),
                        "first_requests": len(first_log),
                        "second_bytes": sum(b for _, b, _ in second_log),
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
    queries = pick_queries(texts, 2 * pairs)
    # Common words and numbers too: the largest lists, the worst case for bytes.
    common = [("工作", "2019年"), ("〔2019〕", "豫管〔2019〕3号"), ("的", "中国人民"), ("万元", "第3条")]
    chosen = [(queries[2 * i], queries[2 * i + 1]) for i in range(pairs)] + common
    rows = measure_queries(directory, chosen)

    def stat(name: str) -> dict[str, float]:
        values = [r[name] for r in rows]
        return {"median": round(statistics.median(values), 1), "max": round(max(values), 1)}

    result = {
        "build": built,
        "queries": rows,
        "first_query_bytes": stat("first_bytes"),
        "first_query_code_bytes": stat("first_code_bytes"),
        "second_query_bytes": stat("second_bytes"),
        "render_ms": stat("first_render_ms") | {"max_second": round(max(r["second_render_ms"] for r in rows), 1)},
        "total_ms": stat("first_total_ms"),
        "site_dir": str(directory),
    }
    result["targets_met"] = {
        "first_query_bytes": result["first_query_bytes"]["max"] <= TARGETS["first_query_bytes"],
        "second_query_bytes": result["second_query_bytes"]["max"] <= TARGETS["second_query_bytes"],
        "render_ms": max(result["render_ms"]["max"], result["render_ms"]["max_second"]) <= TARGETS["render_ms"],
        "build_peak_bytes": built["build_peak_rss"] <= TARGETS["build_peak_bytes"],
    }
    return result


def report(result: dict[str, Any]) -> str:
    b = result["build"]
    mb = 1024 * 1024
    lines = [
        f"records {b['records']:,}, searchable characters {b['characters']:,}",
        f"index build             {b['build_seconds']} s, peak RSS {b['build_peak_rss'] / mb:.0f} MiB (process before build {b['rss_before_build'] / mb:.0f} MiB)",
        f"index on disk           {b['files']:,} files, {b['index_bytes'] / mb:.1f} MiB; {b['shards']:,} shards (average {b['shard_bytes_average']:,} B, max {b['shard_bytes_max']:,} B); {b['frequent_grams']} frequent grams; manifest {b['manifest_bytes']:,} B",
        f"  by directory          " + ", ".join(f"{k}: {c:,} files {s / mb:.1f} MiB" for k, (c, s) in b["groups"].items()),
        "",
        f"{'':24}{'median':>10}{'max':>10}{'target':>10}",
        f"{'first query bytes':24}{result['first_query_bytes']['median']:>10,.0f}{result['first_query_bytes']['max']:>10,.0f}{TARGETS['first_query_bytes']:>10,}",
        f"{'  of which page + code':24}{result['first_query_code_bytes']['median']:>10,.0f}{result['first_query_code_bytes']['max']:>10,.0f}",
        f"{'second query bytes':24}{result['second_query_bytes']['median']:>10,.0f}{result['second_query_bytes']['max']:>10,.0f}{TARGETS['second_query_bytes']:>10,}",
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
