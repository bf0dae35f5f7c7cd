"""Following a built site's plain links as a visitor does: the page file of a site path, the hrefs of
a page, and the pages reachable from one page within a number of clicks."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

SITE = "https://gongkai.example.gov.cn/"  # site_url of the demo's mkdocs.yml and of generated projects


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def hrefs(html: str) -> list[str]:
    """Every <a href> of a page, as written."""
    parser = _Hrefs()
    parser.feed(html)
    return parser.hrefs


def page_file(site: Path, url: str) -> Path:
    """The file a site path ("/documents/2019/", "/") is served from."""
    return site / url.strip("/") / "index.html" if url.strip("/") else site / "index.html"


def links(site: Path, url: str) -> set[str]:
    """Site paths ("/documents/2019/") of the built pages a page links to, as a browser resolves its hrefs."""
    found = set()
    for href in hrefs(page_file(site, url).read_text(encoding="utf-8")):
        target = urlsplit(urljoin(SITE + url.lstrip("/"), href))
        if (
            target.netloc == urlsplit(SITE).netloc
            and target.path.endswith("/")
            and page_file(site, target.path).is_file()
        ):
            found.add(target.path)
    return found


def within_clicks(site: Path, start: str, clicks: int) -> dict[str, int]:
    """Every site path reachable from `start` in at most `clicks` plain links, with its distance."""
    depth = {start: 0}
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if depth[url] == clicks:
            continue
        for target in links(site, url):
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    return depth
