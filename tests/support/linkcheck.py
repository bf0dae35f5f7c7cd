"""An internal link and anchor check over a built site: every HTML page, feed, sitemap and export.

Each `href`/`src`/`srcset`/`action` of a page (and each URL in a feed, sitemap, JSON or CSV file) that
points into the site (relative, root-relative, or absolute under `site_url`) must name a file that
exists; a `#fragment` must name an element `id` (or `<a name>`) of the target page. Links to other
hosts are not fetched (the tests have no network) and not counted.

    broken_links(site_dir, "https://gongkai.example.gov.cn/") -> ["page.html: href=... (why)", ...]
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

URL_ATTRIBUTES = {
    "a": ["href"],
    "area": ["href"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "script": ["src"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "form": ["action"],
    "use": ["href", "xlink:href"],
}
FEED_URL_TAGS = {"link", "guid", "loc", "id", "icon", "logo", "url", "comments", "docs"}


class _Site:
    def __init__(self, root: Path, site_url: str):
        self.root = root
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.base_path = urlsplit(self.site_url).path

    def url_of(self, file: Path) -> str:
        """The public URL of a built file (a directory's index.html is the directory's URL)."""
        relative = file.relative_to(self.root).as_posix()
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        return self.site_url + relative

    def target(self, url: str) -> Path | None:
        """The file an internal URL names, or None when the URL leaves the site."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not url.startswith(self.site_url.rstrip("/")):
            return None
        path = unquote(parts.path)
        if not path.startswith(self.base_path):
            return None
        file = self.root / path[len(self.base_path) :]
        if path.endswith("/") or file.is_dir():
            file = file / "index.html"
        return file

    def check(self, source: str, base: str, raw: str, problems: list[str]) -> None:
        raw = raw.strip()
        if not raw or raw.startswith(("mailto:", "tel:", "javascript:", "data:")):
            return
        url = urljoin(base, raw)
        file = self.target(url)
        if file is None:
            return
        if not file.is_file():
            problems.append(f"{source}: {raw} (no file {file.relative_to(self.root).as_posix()})")
            return
        fragment = unquote(urlsplit(url).fragment)
        if fragment and file.suffix == ".html" and fragment not in _anchors(file):
            problems.append(
                f'{source}: {raw} (no element with id "{fragment}" in {file.relative_to(self.root).as_posix()})'
            )


@cache
def _anchors(file: Path) -> frozenset[str]:
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    ids = {element["id"] for element in soup.find_all(id=True)}
    ids |= {element["name"] for element in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def _html_urls(text: str):
    soup = BeautifulSoup(text, "html.parser")
    for tag, attributes in URL_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                if attribute == "srcset":
                    yield from (candidate.split()[0] for candidate in value.split(",") if candidate.strip())
                else:
                    yield value


def _xml_urls(file: Path):
    """URLs in a feed or sitemap: link elements and attributes, ids and locs that are URLs, and the
    links inside HTML content."""
    for element in ET.parse(file).iter():
        name = element.tag.rpartition("}")[2]
        for attribute in ("href", "url", "src"):
            if element.get(attribute):
                yield element.get(attribute)
        text = (element.text or "").strip()
        if name in FEED_URL_TAGS and text.startswith(("http://", "https://")):
            yield text
        elif name in ("content", "summary", "description", "encoded") and "<" in text:
            yield from _html_urls(text)


def _data_urls(file: Path):
    """Strings in a JSON or CSV export that are URLs."""
    if file.suffix == ".json":
        stack = [json.loads(file.read_text(encoding="utf-8"))]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
            elif isinstance(value, str) and value.startswith(("http://", "https://")):
                yield value
    else:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                yield from (cell for cell in row if cell.startswith(("http://", "https://")))


def broken_links(root: Path, site_url: str, *, exports: tuple[str, ...] = ("data",)) -> list[str]:
    """Every broken internal link or anchor in the site built into `root`."""
    site = _Site(root, site_url)
    problems: list[str] = []
    checked = 0
    for file in sorted(root.rglob("*")):
        if not file.is_file():
            continue
        name = file.relative_to(root).as_posix()
        base = site.url_of(file)
        if file.suffix == ".html":
            urls = _html_urls(file.read_text(encoding="utf-8"))
            if name == "404.html":  # served at any depth, so its links are root-relative
                base = site.site_url
        elif file.suffix in (".xml", ".atom", ".rss"):
            urls = _xml_urls(file)
        elif file.suffix in (".json", ".csv") and name.split("/")[0] in exports:
            urls = _data_urls(file)
        else:
            continue
        checked += 1
        for url in urls:
            site.check(name, base, url, problems)
    assert checked, f"no page, feed or export found in {root}"
    return problems
