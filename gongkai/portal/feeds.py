"""The portal's combined feeds: each of the agencies' feeds merged across agencies.

For every feed an agency publishes (`feeds/<slug>.atom`: all, one per record type, open
consultations) the portal writes `feeds/<slug>.xml` (RSS 2.0) and `feeds/<slug>.atom` holding the
newest `feed_entries` entries of all agencies' feeds of that slug. An agency's feed holds its newest
entries, so the newest of all agencies are among them: the merge is exact. Entries keep their
ids, links, dates and summaries (an agency's update entries stay update entries); each gets the
agency's name as author and as its first category. Order: entry date, newest first, then the
agencies' order in portal.yml, then the agency feed's order. No clock is read.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from gongkai.portal.sources import ATOM, FEED_SLUGS
from gongkai.types import RECORD_TYPES

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TITLES = {"all": "全部信息", "consultations-open": "正在征求意见", **{t.slug: t.label for t in RECORD_TYPES}}

__all__ = ["FeedItem", "merged_feed_files", "read_feed_items"]


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    link: str
    updated: dt.datetime
    published: dt.datetime
    summary: str  # HTML, as the agency's feed has it
    categories: tuple[str, ...]
    agency: str
    order: tuple[int, int]  # (agency's position in portal.yml, entry's position in its feed)


def _text(entry: ET.Element, tag: str) -> str:
    found = entry.find(ATOM + tag)
    return (found.text or "") if found is not None else ""


def read_feed_items(content: bytes, agency: str, agency_order: int) -> list[FeedItem]:
    """The entries of an agency's (checked) Atom feed."""
    root = ET.fromstring(content)
    items = []
    for position, entry in enumerate(root.iter(ATOM + "entry")):
        link = entry.find(ATOM + "link")
        updated = dt.datetime.fromisoformat(_text(entry, "updated"))
        published = _text(entry, "published")
        items.append(
            FeedItem(
                id=_text(entry, "id"),
                title=_text(entry, "title"),
                link=link.get("href", "") if link is not None else "",
                updated=updated,
                published=dt.datetime.fromisoformat(published) if published else updated,
                summary=_text(entry, "summary"),
                categories=tuple(c.get("term", "") for c in entry.iter(ATOM + "category")),
                agency=agency,
                order=(agency_order, position),
            )
        )
    return items


def merged_feed_files(
    items: dict[str, list[FeedItem]], *, site_url: str, site_name: str, limit: int
) -> dict[str, bytes]:
    """`feeds/<slug>.xml` and `.atom` for every slug, from the agencies' entries of that slug."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    files: dict[str, bytes] = {}
    for slug in FEED_SLUGS:
        entries = sorted(items.get(slug, []), key=lambda i: (-i.updated.timestamp(), i.order))[:limit]
        updated = entries[0].updated if entries else EPOCH
        for kind in ("rss", "atom"):
            path = f"feeds/{slug}.{'xml' if kind == 'rss' else 'atom'}"
            fg = FeedGenerator()
            fg.id(base + path)
            fg.title(f"{site_name}：{TITLES[slug]}")
            fg.description(f"{site_name}各机关主动公开的{TITLES[slug]}（最新 {limit} 条）")
            fg.author({"name": site_name})
            rel_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
            fg.link(href=base + path, rel="self", type=rel_type)
            fg.link(href=base or "./", rel="alternate", type="text/html")
            fg.language("zh-CN")
            fg.generator("gongkai")
            fg.updated(updated)
            for item in entries:
                fe = fg.add_entry(order="append")
                fe.guid(item.id, permalink=item.id.startswith(("http://", "https://")))
                fe.title(item.title)
                fe.link(href=item.link, rel="alternate", type="text/html")
                fe.author({"name": item.agency})
                fe.updated(item.updated)
                fe.pubDate(item.updated if kind == "rss" else item.published)
                fe.summary(item.summary or item.title, type="html")
                fe.category([{"term": term} for term in dict.fromkeys([item.agency, *item.categories]) if term])
            files[path] = fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)
    return files
