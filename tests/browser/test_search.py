"""Search in a real browser (Debian's Chromium, driven by Playwright), against two sites:

- "demo": the demo site built by MkDocs (`built_site`), with Material's header and our form;
- "synthetic": a standalone directory (the search page, its script and an index of 400 generated
  records built with small thresholds, so that frequent grams and their extensions, several levels
  deep, are exercised in JavaScript too).

For a set of queries drawn from the records (two to six characters cut from inside sentences,
across word boundaries, numbers, document-number fragments, other widths), the links in
[data-search-results], over all pages, are exactly the public records whose searchable text
contains the query (precision and recall 1.0), in the specified order, and [data-search-count] is
their number.
"""

from __future__ import annotations

import random
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest

from gongkai.model.records import Catalog, Record
from gongkai.render.search import write as search
from gongkai.render.search.write import SEPARATOR, normalise_query, search_files, search_text
from tests.support.browser_pages import chromium_browser, local_page
from tests.support.helpers import write_record
from tests.support.sites import DEMO_TODAY, ROOT, build_site, require_browser

require_browser()
import search_site  # noqa: E402
from synthetic import search_corpus  # noqa: E402

SITES = ["demo", "synthetic"]  # the demo site as built by MkDocs, and a bigger generated one


@dataclass
class Site:
    name: str
    root: Path
    records: list[Record]
    texts: list[str] = field(default_factory=list)
    server: search_site.Server | None = None

    def url(self, path: str = "") -> str:
        return self.server.url + path

    def search_url(self, query: str, **extra: str) -> str:
        rest = "".join(f"&{k}={quote(v)}" for k, v in extra.items())
        return self.url(f"search/?q={quote(query)}{rest}")

    def truth(self, raw: str, type_key: str = "") -> list[str]:
        """URLs of the records containing the query, in the specified order."""
        query = normalise_query(raw)
        if not query:
            return []
        pattern = re.compile("(?=" + re.escape(query) + ")")
        found = []
        for number, (record, text) in enumerate(zip(self.records, self.texts)):
            if type_key and record.type.key != type_key:
                continue
            count = len(pattern.findall(text))
            if count:
                found.append((query not in text.split(SEPARATOR, 1)[0], -count, number, self.url(record.url)))
        return [f[3] for f in sorted(found)]


def _demo_catalog() -> Catalog:
    from gongkai.build.site import SiteBuild
    from gongkai.config import settings_from_mapping

    build = SiteBuild(
        settings_from_mapping({"data_dir": ROOT / "data"}), DEMO_TODAY, site_name="", site_url="", extra={}
    )
    build.validate()
    return build.make_catalog()


def _synthetic_site(root: Path) -> Catalog:
    catalog = search_corpus.make_catalog(400, seed=42)
    files = search_files(catalog, search.Limits(shard_target=4000, frequent=400, max_gram=5))
    search_site.write_site(files, root)
    return catalog


@pytest.fixture(scope="module", params=SITES)
def site(request, tmp_path_factory):
    if request.param == "demo":
        root = request.getfixturevalue("built_site")
        catalog = _demo_catalog()
    else:
        root = tmp_path_factory.mktemp("search-site")
        catalog = _synthetic_site(root)
    records = catalog.public()
    served = Site(request.param, root, records, [search_text(r) for r in records], search_site.Server(root))
    yield served
    served.server.close()


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser, site):
    with local_page(browser, "site") as page:
        yield page


# -- helpers ------------------------------------------------------------------------------------


def results(page) -> tuple[int, list[str]]:
    """The count and the absolute URLs of the hits on the current page, once rendered."""
    assert search_site.wait_for_results(page) == "done", page.text_content("#gk-search-status")
    count = int(page.text_content("[data-search-count]"))
    hrefs = page.eval_on_selector_all("[data-search-results] a[href]", "links => links.map(a => a.href)")
    return count, hrefs


def all_results(page, site: Site, query: str, **extra: str) -> tuple[int, list[str]]:
    """Every hit, page after page, by the shareable URL of each page."""
    page.goto(site.search_url(query, **extra))
    count, hrefs = results(page)
    for number in range(2, -(-count // 20) + 1):
        page.goto(site.search_url(query, page=str(number), **extra))
        hrefs += results(page)[1]
    return count, hrefs


def queries_from(site: Site, seed: int = 11) -> list[str]:
    """About 20 queries: cuts from inside sentences, across word boundaries, numbers, document
    number fragments, a full-width form, one character, and one absent string."""
    import jieba

    rng = random.Random(seed)
    bodies = [t.split(SEPARATOR)[2] for t in site.texts if len(t.split(SEPARATOR)[2]) > 40]
    found: list[str] = []

    def add(query: str) -> None:
        if query and query not in found and SEPARATOR not in query and query.strip() == query:
            found.append(query)

    while len(found) < 8:  # inside sentences
        text = rng.choice(bodies)
        length = rng.randint(2, 6)
        start = rng.randint(0, len(text) - length)
        add(text[start : start + length])
    for _ in range(200):  # across a word boundary: from inside one word into the next
        if len(found) >= 13:
            break
        words = list(jieba.cut(rng.choice(bodies)[:200]))
        i = rng.randrange(len(words) - 1)
        left, right = words[i], words[i + 1]
        if len(left) >= 2 and len(right) >= 2 and not (left + right).isascii():
            add(left[rng.randint(1, len(left) - 1) :] + right[: rng.randint(1, len(right) - 1)])
    numbers = sorted({m for t in site.texts for m in re.findall(r"\d{2,4}", t)})
    for number in rng.sample(numbers, min(3, len(numbers))):
        add(number)
    doc_numbers = sorted({r.doc_number for r in site.records if r.doc_number})
    for doc_number in rng.sample(doc_numbers, min(2, len(doc_numbers))):
        bracket = doc_number.index("〔")
        add(normalise_query(doc_number[bracket:]))  # 〔2019〕3号
        add(normalise_query(doc_number[bracket - 1 : bracket + 4]))  # 管〔201
    add(full_width(numbers[len(numbers) // 2]))
    add(rng.choice(bodies)[5])
    add("不存在的词语甲乙丙")
    return found


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# -- tests --------------------------------------------------------------------------------------


def test_results_are_exactly_the_records_containing_the_query(page, site):
    queries = queries_from(site)
    assert len(queries) >= 18
    scores = []
    for query in queries:
        expected = site.truth(query)
        count, hrefs = all_results(page, site, query)
        assert count == len(expected), query
        found, wanted = set(hrefs), set(expected)
        precision = len(found & wanted) / len(found) if found else 1.0
        recall = len(found & wanted) / len(wanted) if wanted else 1.0
        scores.append((query, precision, recall))
        assert hrefs == expected, query  # the same set, no duplicates, in the specified order
    assert all(p == r == 1.0 for _, p, r in scores), scores
    print(f"\n{site.name}: {len(scores)} queries, precision 1.0, recall 1.0: {[q for q, _, _ in scores]}")


def test_type_filter(page, site):
    bigrams = sorted({t[i : i + 2] for t in site.texts[:30] for i in range(0, len(t) - 1, 7)} - {""})
    query = next(
        q
        for q in bigrams
        if SEPARATOR not in q and q.strip() == q and len({urlsplit(u).path.split("/")[1] for u in site.truth(q)}) >= 2
    )
    type_key = urlsplit(site.truth(query)[-1]).path.strip("/").rsplit("/", 1)[0]
    page.goto(site.search_url(query))
    results(page)
    page.select_option("#gk-search-type", type_key)
    page.click("#gk-search-form button[type=submit]")
    count, hrefs = results(page)
    assert f"type={quote(type_key, safe='')}" in page.url or f"type={type_key}" in page.url
    expected = site.truth(query, type_key)
    assert count == len(expected) < len(site.truth(query))
    assert hrefs == expected[:20]
    assert all(urlsplit(h).path.startswith(f"/{type_key}/") for h in hrefs)
    count, every = all_results(page, site, query, type=type_key)
    assert every == expected


@pytest.fixture(scope="module")
def demo_agencies() -> dict[str, str]:
    """The demo's record URLs -> the slug of the agency each belongs to (mkdocs.yml `agencies`)."""
    from gongkai.build.site import SiteBuild
    from gongkai.plugin.config import read_project

    settings, _ = read_project(ROOT / "mkdocs.yml")
    build = SiteBuild(settings, DEMO_TODAY, site_name="", site_url="", extra={})
    build.validate()
    return {f"/{r.url}": r.agency.slug for r in build.make_catalog().public() if r.agency}


def test_agency_filter_on_a_site_that_declares_agencies(page, site, demo_agencies):
    if site.name != "demo":  # the generated site declares none: no filter by agency
        page.goto(site.search_url("管理"))
        results(page)
        assert page.locator("#gk-search-agency").count() == 0
        return
    owner = {site.url(path[1:]): slug for path, slug in demo_agencies.items()}
    query = next(q for q in ("管理", "的", "年") if len({owner[u] for u in site.truth(q)}) >= 2)
    office = "11410000mb1935420h"  # 省政府办公厅
    expected = [u for u in site.truth(query) if owner[u] == office]
    page.goto(site.search_url(query))
    results(page)
    page.select_option("#gk-search-agency", office)
    page.click("#gk-search-form button[type=submit]")
    count, hrefs = results(page)
    assert f"agency={office}" in page.url
    assert 0 < count == len(expected) < len(site.truth(query))
    assert hrefs == expected[:20] and page.text_content("#gk-search-scope") == "（省政府办公厅）"
    count, every = all_results(page, site, query, agency=office)
    assert every == expected
    # with the type filter too: both apply
    documents = [u for u in expected if urlsplit(u).path.startswith("/documents/")]
    count, every = all_results(page, site, query, agency=office, type="documents")
    assert documents and every == documents
    assert page.text_content("#gk-search-scope") == "（省政府办公厅 · 规范性文件）"


def test_paging_reaches_every_hit_with_the_keyboard(page, site):
    query = next(q for q in ("的", "管理", "20") if len(site.truth(q)) > 40)
    expected = site.truth(query)
    page.goto(site.search_url(query))
    count, hrefs = results(page)
    assert count == len(expected) and len(hrefs) == 20
    seen = list(hrefs)
    while True:
        following = page.locator("#gk-search-pager a", has_text="下一页")
        if not following.count():
            break
        following.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "n => new URLSearchParams(location.search).get('page') === String(n)", arg=len(seen) // 20 + 1
        )
        seen += results(page)[1]
        assert page.evaluate("document.activeElement.id") == "gk-search-summary"
    assert seen == expected
    page.go_back()  # history: the previous page of results comes back
    page.wait_for_function(
        "n => new URLSearchParams(location.search).get('page') === String(n)", arg=(len(seen) - 1) // 20
    )
    assert results(page)[1] == expected[((len(seen) - 1) // 20 - 1) * 20 :][:20]


def test_matches_are_highlighted(page, site):
    for query in queries_from(site)[:6]:
        page.goto(site.search_url(query))
        count, _ = results(page)
        if not count:
            continue
        hits = page.eval_on_selector_all(
            "[data-search-results] li",
            "items => items.map(li => Array.from(li.querySelectorAll('mark'), m => m.textContent))",
        )
        assert all(marks for marks in hits), query
        assert all(normalise_query(m) == normalise_query(query) for marks in hits for m in marks), query


def test_header_search_box_with_the_keyboard(page, site):
    query = queries_from(site)[0]
    page.goto(site.url())
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "gk-header-q":
            break
    else:
        pytest.fail("the header search box is not reachable with Tab")
    assert page.evaluate("document.activeElement.labels[0].textContent.trim()") == "搜索本站"
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    count, hrefs = results(page)
    expected = site.truth(query)
    assert count == len(expected) and hrefs == expected[:20]
    assert page.input_value("#gk-header-q") == query
    assert page.input_value("#gk-search-q") == query


def test_shareable_url_and_history(page, site, browser):
    first, second = queries_from(site)[1:3]
    page.goto(site.search_url(first))
    results(page)
    page.fill("#gk-search-q", second)
    page.press("#gk-search-q", "Enter")
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=second)
    _, hrefs = results(page)
    assert hrefs == site.truth(second)[:20]
    other = browser.new_context().new_page()  # the URL alone reproduces the results
    other.goto(page.url)
    assert results(other)[1] == hrefs
    other.context.close()
    page.go_back()
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=first)
    assert results(page)[1] == site.truth(first)[:20]


def test_header_box_on_the_results_page_searches_in_place(page, site):
    first, second = queries_from(site)[3:5]
    page.goto(site.search_url(first))
    results(page)
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    page.fill("#gk-header-q", second)
    page.press("#gk-header-q", "Enter")
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=second)
    assert results(page)[1] == site.truth(second)[:20]
    assert page.evaluate("window.__marker") == 1


def test_without_javascript_the_page_says_so_and_links_the_catalog(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.search_url("公务"))
    notice = page.locator("noscript p, .gk-search-noscript").first
    assert "JavaScript" in notice.text_content()
    link = page.locator(".gk-search-noscript a")
    assert link.text_content() == "公开目录"
    target = urljoin(page.url, link.get_attribute("href"))
    assert urlsplit(target).path == "/catalog/"
    assert page.request.get(target).ok
    assert not page.locator("#gk-search-app").is_visible()
    context.close()


def test_a_browser_without_decompression_streams_is_told_so_not_to_retry(browser, site):
    # The index files are zlib data, read with DecompressionStream; an older browser gets a plain
    # answer (upgrade, or browse the catalog) instead of "try again later".
    context = browser.new_context()
    context.add_init_script("delete window.DecompressionStream;")
    page = context.new_page()
    page.goto(site.search_url("公务"))
    page.wait_for_selector('[data-search-results][data-search-state="unsupported"]', state="attached")
    assert "浏览器版本较旧" in page.locator("#gk-search-status").text_content()
    context.close()


def test_normalisation_agrees_with_python_on_every_character(page, site):
    """search.js and search.py fold every assigned code point the same way (NFKC + lower case,
    whitespace), so index and query agree; Chromium may know characters newer than Python."""
    page.goto(site.search_url(""))
    page.wait_for_function("window.gongkaiSearch !== undefined")
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    folded = page.evaluate("chars => chars.map(c => window.gongkaiSearch.normalise('x' + c + c + 'x'))", chars)
    differ = [
        c
        for c, js in zip(chars, folded)
        if js != normalise_query("x" + c + c + "x") and unicodedata.category(c) != "Cn"
    ]
    assert not differ, [f"U+{ord(c):04X}" for c in differ[:20]]
    used = {c for t in site.texts for c in t}
    assert not used & set(differ)


def test_timing_is_reported(page, site):
    page.goto(site.search_url(queries_from(site)[0]))
    results(page)
    timing = page.evaluate("window.__gongkaiSearchTiming")
    # Reported, not judged: the time budget (TARGETS["render_ms"]) is checked by scripts/bench_search.py.
    assert timing["query"] == queries_from(site)[0]
    assert timing["render"] >= 0 and timing["total"] >= timing["render"] - 1


# -- across a rebuild -------------------------------------------------------------------------


def _rebuild_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    data = project / "data"
    write_record(
        data, "documents", "older", title="办公用房维修管理办法", publish_date="2024-03-01", signed_date="2024-02-27"
    )
    write_record(
        data,
        "documents",
        "newer",
        title="新能源汽车充电桩建设方案",
        publish_date="2024-03-04",
        signed_date="2024-03-01",
    )
    return project


def _hit_links(page) -> list[tuple[str, str]]:
    found = page.eval_on_selector_all(
        "[data-search-results] a[href]", "links => links.map(a => [a.textContent.trim(), a.pathname])"
    )
    return [tuple(hit) for hit in found]


def test_a_page_loaded_before_a_rebuild_finds_the_new_builds_records(browser, tmp_path: Path):
    """A page loaded before the nightly rebuild must not read the new build's files with its old
    manifest (record numbers shift when a record is added, so it would show another record's
    title and link); it reloads the manifest once instead. Two real `mkdocs build`s of one
    project into one site directory, a record added in between; the page stays open."""
    project, site = _rebuild_project(tmp_path), tmp_path / "site"
    assert build_site(project, site, strict=False).returncode == 0
    server = search_site.Server(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url + "search/?q=办公用房")
        assert search_site.wait_for_results(page) == "done"
        assert _hit_links(page) == [("办公用房维修管理办法", "/documents/older/")]

        # The nightly rebuild: a newer record takes number 0, every other number moves up.
        write_record(
            project / "data",
            "documents",
            "newest",
            title="公共机构节能工作要点",
            publish_date="2024-05-06",
            signed_date="2024-05-01",
        )
        rebuilt = build_site(project, site, strict=False)
        assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]

        # The same page, its manifest from the first build, searches again.
        page.evaluate("q => window.gongkaiSearch.run(q)", "充电桩")
        assert page.get_attribute("[data-search-results]", "data-search-state") == "done", page.text_content(
            "#gk-search-status"
        )
        assert _hit_links(page) == [("新能源汽车充电桩建设方案", "/documents/newer/")]
        page.evaluate("q => window.gongkaiSearch.run(q)", "节能工作")
        assert _hit_links(page) == [("公共机构节能工作要点", "/documents/newest/")]
        assert not errors, errors
    finally:
        context.close()
        server.close()


DEMO_PDF_PHRASE = (
    "履约验收双人签字确认"  # only in data/attachments/documents/2025-procurement-internal-control-checklist.pdf
)


def test_a_phrase_only_in_a_demo_pdf_attachment_is_found(page, site):
    if site.name != "demo":
        pytest.skip("the demo PDF is in the demo site")
    sources = [p for p in (ROOT / "data").rglob("*") if p.is_file() and p.suffix != ".pdf"]
    assert not [p for p in sources if DEMO_PDF_PHRASE in p.read_text(encoding="utf-8", errors="ignore")]
    page.goto(site.search_url(DEMO_PDF_PHRASE))
    count, hrefs = results(page)
    assert (count, hrefs) == (1, [site.url("documents/2025-procurement-internal-control/")])
    snippet = page.text_content("[data-search-results] .gk-hit__snippet")
    assert snippet.startswith("附件《附件：政府采购内部控制检查清单》：") and DEMO_PDF_PHRASE in snippet
    assert page.text_content("[data-search-results] .gk-hit__snippet mark") == DEMO_PDF_PHRASE


# -- summary lists ----------------------------------------------------------------------------


def test_summary_lists_give_each_records_count_and_title_in_the_browser(browser, tmp_path: Path):
    """search.js reads the summary lists of characters in no title, in every title and in some
    (tests/support/summary_corpus.py): every hit, in the order that their title flags, exact
    counts and record numbers give, page after page."""
    from tests.support import summary_corpus

    catalog = summary_corpus.make_catalog()
    root = search_site.write_site(search_files(catalog, summary_corpus.LIMITS), tmp_path / "summary-site")
    records = catalog.public()
    site = Site("summary", root, records, [search_text(r) for r in records], search_site.Server(root))
    context = browser.new_context()
    try:
        page = context.new_page()
        pages = 0
        for character in summary_corpus.CHARACTERS:
            expected = site.truth(character)
            pages += len(expected) > 20
            assert all_results(page, site, character) == (len(expected), expected), character
        assert pages >= 2  # more than one page of hits for two of them
    finally:
        context.close()
        site.server.close()


def test_the_search_server_compresses_as_the_host_does(tmp_path: Path):
    """The benchmark's byte counts are what a visitor's browser receives from the host: gzip for
    the text types GitHub Pages compresses (the manifest, the page, its script), the index's
    .bin files (zlib data already, application/octet-stream) as they are, ranges uncompressed."""
    import gzip
    import json
    import urllib.request

    root = search_site.write_site(search_files(search_corpus.make_catalog(60, seed=3)), tmp_path / "site")
    server = search_site.Server(root)
    stamp = json.loads((root / "search" / "index.json").read_text())["stamp"]

    def get(path: str, **headers: str) -> tuple[bytes, str | None]:
        with urllib.request.urlopen(urllib.request.Request(server.url + path, headers=headers)) as response:
            return response.read(), response.headers.get("Content-Encoding")

    try:
        manifest = (root / "search" / "index.json").read_bytes()
        body, encoding = get("search/index.json", **{"Accept-Encoding": "gzip, deflate, br"})
        assert encoding == "gzip" and gzip.decompress(body) == manifest and len(body) < len(manifest)
        sent, raw = server.log[-1][1:]
        assert sent < raw and raw - sent == len(manifest) - len(body)
        assert get("search/index.json") == (manifest, None)  # a client that takes no gzip
        body, encoding = get("search/", **{"Accept-Encoding": "gzip"})
        assert encoding == "gzip" and gzip.decompress(body) == (root / "search" / "index.html").read_bytes()
        pack = (root / "search" / stamp / "p" / "0.bin").read_bytes()
        assert get(f"search/{stamp}/p/0.bin", **{"Accept-Encoding": "gzip"}) == (pack, None)
        ranged = get(f"search/{stamp}/p/0.bin", **{"Accept-Encoding": "gzip", "Range": "bytes=3-9"})
        assert ranged == (pack[3:10], None)
    finally:
        server.close()


def _read_whole(root: Path, copy: Path) -> Path:
    """A copy of a search site whose groups of sizes (o/) give every head's size as 0: search.js
    reads every record whole there."""
    from gongkai.render.search import packs

    shutil.copytree(root, copy)
    for group in copy.glob("search/*/o/*.bin"):
        sizes, heads = packs.read_group(group.read_bytes())
        group.write_bytes(packs.compress(packs.varint_bytes(sizes + [0] * len(heads))))
    return copy


def test_a_hit_shows_the_same_snippet_from_its_head_as_from_the_whole_record(browser, tmp_path: Path):
    """Long records are cut (format 17): search.js reads a hit's head, and the rest only when its
    snippet may not lie in the head. The same site with every head's size 0 (each record read
    whole) shows the same results, snippets and marks included, for queries whose first match lies
    near the start of a cut record, across the cut, past it, and for summary lists (no first
    position); and the cut site fetches less text."""
    from gongkai.render.search import packs

    catalog = search_corpus.make_catalog(400, seed=42)
    root = search_site.write_site(
        search_files(catalog, search.Limits(shard_target=4000, frequent=400, max_gram=5)), tmp_path / "cut"
    )
    whole_root = _read_whole(root, tmp_path / "whole")
    rng = random.Random(11)
    rests = [search_text(r).split(SEPARATOR, 1)[1] for r in catalog.public()]
    long_texts = [rest for rest in rests if len(rest) > packs.HEAD_MIN + 400]
    assert len(long_texts) > 20
    common = ["的", "工作", "在", "年"]  # many hits: the longest records first
    queries = list(common)
    for offset in (40, 300, packs.HEAD - 3, packs.HEAD - 1, packs.HEAD + 200, packs.HEAD_MIN + 300):
        for text in rng.sample(long_texts, 3):
            piece = text[offset : offset + rng.randint(2, 5)]
            if "\n" not in piece and piece.strip() == piece and piece:
                queries.append(piece)
    cut_server, whole_server = search_site.Server(root), search_site.Server(whole_root)
    context = browser.new_context()
    text_bytes = {"cut": 0, "whole": 0}
    try:
        page = context.new_page()
        for query in queries:
            shown = {}
            for name, server in (("cut", cut_server), ("whole", whole_server)):
                server.log.clear()
                page.goto(server.url + "search/?q=" + quote(query))
                assert search_site.wait_for_results(page) == "done", (name, query)
                shown[name] = page.inner_html("[data-search-results]")
                if query in common:
                    text_bytes[name] += sum(sent for path, sent, _ in server.log if "/p/" in path)
            assert shown["cut"] == shown["whole"], query
            assert "gk-hit__snippet" in shown["cut"], query
        assert text_bytes["cut"] < text_bytes["whole"] * 0.8, text_bytes
    finally:
        context.close()
        cut_server.close()
        whole_server.close()


_NO_RAW_DEFLATE = """(() => {
  const Native = window.DecompressionStream;
  window.DecompressionStream = function (format) {
    if (format === "deflate-raw") throw new TypeError("Unsupported compression format: 'deflate-raw'");
    return new Native(format);
  };
})();"""


def test_a_browser_without_raw_deflate_reads_records_whole_and_shows_the_same(browser, tmp_path: Path):
    """A Chromium older than 103 decompresses zlib ("deflate") but not raw deflate, in which a
    record's head is read: there search.js reads every record whole, and shows the same results and
    snippets as a browser that reads heads."""
    catalog = search_corpus.make_catalog(300, seed=7)
    root = search_site.write_site(
        search_files(catalog, search.Limits(shard_target=4000, frequent=400, max_gram=5)), tmp_path / "site"
    )
    server = search_site.Server(root)
    modern, old = browser.new_context(), browser.new_context()
    old.add_init_script(_NO_RAW_DEFLATE)
    try:
        shown: dict[str, dict[str, str]] = {"modern": {}, "old": {}}
        text_bytes = {"modern": 0, "old": 0}
        for name, context in (("modern", modern), ("old", old)):
            page = context.new_page()
            for query in ("的", "工作", "在"):
                server.log.clear()
                page.goto(server.url + "search/?q=" + quote(query))
                assert search_site.wait_for_results(page) == "done", (name, query)
                shown[name][query] = page.inner_html("[data-search-results]")
                text_bytes[name] += sum(sent for path, sent, _ in server.log if "/p/" in path)
        assert shown["old"] == shown["modern"]
        assert "gk-hit__snippet" in shown["old"]["的"]
        assert text_bytes["old"] > text_bytes["modern"], text_bytes  # whole records, not heads
    finally:
        modern.close()
        old.close()
        server.close()
