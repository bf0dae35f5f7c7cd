"""The portal's search in a real browser (Debian's Chromium, driven by Playwright): a portal built
by `gongkai portal` from three small agency sites (generated projects, each built with `mkdocs
build --strict`; tests/support/province.py), served on its own.

For queries cut from the three agencies' records, the links in [data-search-results], over all
pages, are exactly the records of all three agencies whose searchable text contains the query
(the ground truth is computed from the agencies' records, not from any index), each linking to
its page on its own agency's site, in the specified order; the agency filter keeps one agency's.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from gongkai.render.search.write import SEPARATOR, normalise_query, search_text
from tests.support.browser_pages import chromium_browser, local_page
from tests.support.province import AGENCIES, build_agency_sites, portal_project, run_portal, site_url
from tests.support.sites import DEMO_TODAY, require_browser

require_browser()
import search_site  # noqa: E402

RECORDS = 40  # per agency


@dataclass(frozen=True)
class Searchable:
    agency: str  # its agency's id
    url: str  # its page on its agency's site
    date: str
    text: str  # search_text(record): the ground truth


def _records(project: Path) -> list[Searchable]:
    """The agency's public records, read from its project (YAML), as the build reads them."""
    from gongkai.build.site import SiteBuild
    from gongkai.plugin.config import read_project

    settings, _today = read_project(project / "mkdocs.yml")
    agency = project.name
    build = SiteBuild(settings, DEMO_TODAY, site_name="", site_url=site_url(agency), extra={})
    build.validate()
    return [
        Searchable(agency, site_url(agency) + r.url, r.publish_date.isoformat(), search_text(r))
        for r in build.make_catalog().public()
    ]


@dataclass
class Province:
    sites: dict[str, Path]  # agency id -> its built site
    records: list[Searchable]
    server: search_site.Server

    def search_url(self, query: str, **extra: str) -> str:
        rest = "".join(f"&{k}={quote(v)}" for k, v in extra.items())
        return f"{self.server.url}search/?q={quote(query)}{rest}"

    def truth(self, raw: str, agency: str = "") -> list[Searchable]:
        """The records containing the query (normalised as search.js does), of `agency` if given."""
        query = normalise_query(raw)
        return [r for r in self.records if query and query in r.text and (not agency or r.agency == agency)]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    sites = build_agency_sites(tmp_path_factory.mktemp("agencies"), RECORDS)
    config = portal_project(tmp_path_factory.mktemp("portal"), sites)
    result = run_portal(config)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    records = [r for agency_id, _ in AGENCIES for r in _records(sites[agency_id].parent)]
    server = search_site.Server(config.parent / "site")
    yield Province(sites, records, server)
    server.close()


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser, province):
    with local_page(browser, "portal") as page:
        yield page


def all_results(page, province: Province, query: str, **extra: str) -> tuple[int, list[str], list[str]]:
    """The count, every hit's link and its meta line (agency, date...), page after page."""
    hrefs: list[str] = []
    metas: list[str] = []
    count, number = None, 1
    while count is None or number <= -(-count // 20):
        page.goto(province.search_url(query, page=str(number), **extra))
        assert search_site.wait_for_results(page) == "done", page.text_content("#gk-search-status")
        count = int(page.text_content("[data-search-count]"))
        hrefs += page.eval_on_selector_all("[data-search-results] h2 a[href]", "links => links.map(a => a.href)")
        metas += page.eval_on_selector_all("[data-search-results] .gk-hit__meta", "ps => ps.map(p => p.textContent)")
        number += 1
    return count, hrefs, metas


def queries_from(province: Province, seed: int = 3) -> list[str]:
    """Cuts of 2 to 6 characters from inside each agency's records, a few common words found in
    every agency, a number, and one absent string."""
    rng = random.Random(seed)
    found: list[str] = []
    for agency_id, _ in AGENCIES:
        bodies = [r.text.split(SEPARATOR)[2] for r in province.records if r.agency == agency_id]
        bodies = [b for b in bodies if len(b) > 40]
        while len(found) < 5 * (1 + [a for a, _ in AGENCIES].index(agency_id)):
            text = rng.choice(bodies)
            length = rng.randint(2, 6)
            start = rng.randint(0, len(text) - length)
            query = text[start : start + length]
            if query not in found and query.strip() == query:
                found.append(query)
    found += ["管理", "工作", "通知", "2023"]
    numbers = sorted({m for r in province.records for m in re.findall(r"\d{3}", r.text)})
    found.append(rng.choice(numbers))
    found.append("不存在的词语甲乙丙")
    return found


def _rank(province: Province, query: str, record: Searchable) -> tuple[bool, int]:
    """(not a title hit, -occurrences): search.js's order, before record number (newest first)."""
    text = normalise_query(query)
    title = record.text.split(SEPARATOR, 1)[0]
    return text not in title, -len(re.findall("(?=" + re.escape(text) + ")", record.text))


def test_results_are_exactly_every_agencys_records_containing_the_query(page, province):
    queries = queries_from(province)
    by_url = {r.url: r for r in province.records}
    across = 0
    for query in queries:
        expected = province.truth(query)
        count, hrefs, metas = all_results(page, province, query)
        assert count == len(expected), query
        assert sorted(hrefs) == sorted(r.url for r in expected), query  # precision and recall 1.0
        ranks = [_rank(province, query, by_url[h]) for h in hrefs]
        assert ranks == sorted(ranks), query  # title hits first, then by occurrences
        for (rank, href), (next_rank, next_href) in zip(zip(ranks, hrefs), zip(ranks[1:], hrefs[1:])):
            if rank == next_rank:  # then newest first, across agencies
                assert by_url[href].date >= by_url[next_href].date, query
        names = dict(AGENCIES)  # each hit names its agency
        assert all(m.startswith(names[by_url[h].agency]) for h, m in zip(hrefs, metas)), query
        across += len({by_url[h].agency for h in hrefs}) >= 2
    assert across >= 4  # several queries found records of more than one agency
    assert sum(1 for q in queries if not province.truth(q)) == 1  # only the absent string finds nothing


def test_the_agency_filter_keeps_that_agencys_records(page, province):
    for query in ("管理", "工作"):
        for agency_id, _ in AGENCIES:
            expected = province.truth(query, agency_id)
            assert expected
            count, hrefs, _metas = all_results(page, province, query, type=agency_id)
            assert count == len(expected)
            assert sorted(hrefs) == sorted(r.url for r in expected)
    scope = page.text_content("#gk-search-scope")
    assert scope == f"（{AGENCIES[-1][1]}）"


def test_hits_link_to_the_records_pages_on_their_agencies_sites(page, province):
    _count, hrefs, _metas = all_results(page, province, "管理")
    hosts = {urlsplit(h).hostname for h in hrefs}
    assert hosts == {urlsplit(site_url(a)).hostname for a, _ in AGENCIES}
    for href in hrefs:  # the page exists in its agency's built site
        agency = urlsplit(href).hostname.split(".")[0]
        assert (province.sites[agency] / urlsplit(href).path.lstrip("/") / "index.html").is_file(), href
