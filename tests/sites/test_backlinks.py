"""Back-reference lists are bounded: a document interpreted by 250 records and cited (`related`) by
250 more keeps a small record page (at most 150 KB and 3,000 DOM elements), which shows the newest
20 of each list with their number, and every record that names it is at most two plain links
from its page (the full list's page, then the record)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import bench_pages
import pytest

from gongkai.render.backlinks import PAGE_SIZE, SHOWN
from tests.support.helpers import write_record
from tests.support.site_links import hrefs, page_file, within_clicks
from tests.support.sites import build_site, project_with

INTERPRETATIONS = 250
CITING = 250


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = project_with(tmp_path_factory.mktemp("backlinks"), "  - gongkai:\n      data_dir: data\n")
    data = project / "data"
    write_record(
        data,
        "documents",
        "regulation",
        title="关于公务用车管理的规定",
        publish_date="2020-01-02",
        signed_date="2020-01-02",
    )
    start = dt.date(2020, 1, 3)
    for i in range(INTERPRETATIONS):
        day = (start + dt.timedelta(days=i)).isoformat()
        write_record(
            data,
            "interpretations",
            f"reading-{i:03d}",
            title=f"解读之{i:03d}",
            publish_date=day,
            interprets="regulation",
        )
    for i in range(CITING):
        day = (start + dt.timedelta(days=i)).isoformat()
        write_record(
            data,
            "documents",
            f"citing-{i:03d}",
            title=f"引用规定的文件之{i:03d}",
            publish_date=day,
            signed_date=day,
            related=[{"type": "documents", "id": "regulation"}],
        )
    site = project / "site"
    result = build_site(project, site, strict=False)  # interpretations published late: warnings only
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def test_the_cited_document_page_stays_small(site):
    page = page_file(site, "/documents/regulation/")
    html = page.read_text(encoding="utf-8")
    assert page.stat().st_size <= 150 * 1024
    assert bench_pages.element_count(html) <= 3000
    assert f"共 {INTERPRETATIONS} 条，下面是最新的 {SHOWN} 条" in html
    assert f"共 {CITING} 条，下面是最新的 {SHOWN} 条" in html
    # The newest are shown, the older ones are not.
    assert "解读之249" in html and "解读之200" not in html
    assert "引用规定的文件之249" in html and "引用规定的文件之100" not in html


def test_every_record_naming_it_is_two_plain_links_away(site):
    start = "/documents/regulation/"
    depth = within_clicks(site, start, 2)
    naming = [f"/interpretations/reading-{i:03d}/" for i in range(INTERPRETATIONS)]
    naming += [f"/documents/citing-{i:03d}/" for i in range(CITING)]
    assert not [url for url in naming if url not in depth]


def test_the_full_lists_are_paged_and_small(site):
    pages = -(-INTERPRETATIONS // PAGE_SIZE)
    for slug, count in (("interpretations", INTERPRETATIONS), ("related", CITING)):
        urls = [f"/documents/regulation/{slug}/"] + [f"/documents/regulation/{slug}/{n}/" for n in range(2, pages + 1)]
        listed = []
        for url in urls:
            page = page_file(site, url)
            html = page.read_text(encoding="utf-8")
            assert page.stat().st_size <= 150 * 1024 and bench_pages.element_count(html) <= 3000
            listed += [href for href in hrefs(html) if "/reading-" in href or "/citing-" in href]
        assert len(set(listed)) == count, slug
    assert not page_file(site, f"/documents/regulation/interpretations/{pages + 1}/").exists()
    # A short list has no full list: the record page shows it whole.
    assert not page_file(site, "/interpretations/reading-000/related/").exists()
