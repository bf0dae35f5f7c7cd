"""Feeds and exports in the built site: every link resolves to a built page; pages advertise the feeds."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import feedparser
from bs4 import BeautifulSoup

from tests.support.sites import ROOT

SITE_URL = "https://gongkai.example.gov.cn/"


def feed_files(site: Path, suffix: str) -> list[Path]:
    """The feeds (feeds/sitemap.xml only answers Material's sitemap probe: not a feed)."""
    return sorted(p for p in (site / "feeds").glob("*" + suffix) if p.name != "sitemap.xml")


def _local(site: Path, url: str) -> Path:
    parsed = urlparse(url)
    assert url.startswith(SITE_URL), url
    path = site / parsed.path.lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def test_every_feed_entry_links_to_a_built_page(built_site: Path):
    feeds = feed_files(built_site, ".xml") + feed_files(built_site, ".atom")
    assert len(feeds) >= 2 * 9
    for feed_path in feeds:
        parsed = feedparser.parse(feed_path.read_bytes())
        assert not parsed.bozo, (feed_path, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            page = _local(built_site, entry.link.split("#")[0])
            assert page.is_file(), (feed_path.name, entry.link)
            assert entry.title in page.read_text(encoding="utf-8")


def test_the_subscribe_page_lists_every_feed_and_links_resolve(built_site: Path):
    page = BeautifulSoup((built_site / "subscribe" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article.md-content__inner")
    links = {a["href"] for a in article.select("a[href]")}
    for feed_path in feed_files(built_site, ".xml"):
        assert any(href.endswith("feeds/" + feed_path.name) for href in links), feed_path.name
    for href in links:
        if not href.startswith(("http", "mailto:", "#")):
            target = (built_site / "subscribe" / href).resolve()
            assert target.exists() or (target / "index.html").exists(), href


def test_open_data_urls_resolve(built_site: Path):
    index = json.loads((built_site / "data" / "index.json").read_text(encoding="utf-8"))
    text = json.dumps(index, ensure_ascii=False)
    for dataset_file in (built_site / "data").glob("*.json"):
        if dataset_file.name != "index.json":
            assert dataset_file.name in text
    for dataset_file in (built_site / "data").glob("*.json"):
        if dataset_file.name in ("index.json", "data.json", "datapackage.json"):  # the catalogs: test_data_catalog.py
            continue
        for item in json.loads(dataset_file.read_text(encoding="utf-8"))["records"]:
            url = item["derived"]["url"]
            assert _local(built_site, url).is_file(), url
    page = BeautifulSoup((built_site / "open-data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in page.select("article a[href]") if not a["href"].startswith(("http", "#", "mailto:"))]
    assert hrefs
    for href in hrefs:
        assert (built_site / "open-data" / href).resolve().exists(), href


def test_every_feed_title_carries_the_site_name(built_site: Path):
    # A reader subscribed to several agencies must tell their "规范性文件" channels apart.
    import yaml

    site_name = yaml.safe_load(_MKDOCS_YML.read_text(encoding="utf-8").split("\ntheme:")[0])["site_name"]
    for feed_path in feed_files(built_site, ".xml") + feed_files(built_site, ".atom"):
        parsed = feedparser.parse(feed_path.read_bytes())
        assert parsed.feed.title.startswith(site_name + "："), (feed_path.name, parsed.feed.title)


_MKDOCS_YML = ROOT / "mkdocs.yml"
