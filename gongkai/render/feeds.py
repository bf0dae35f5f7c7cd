"""Feeds under /feeds/: RSS 2.0 files with Atom twins, built from the public catalog only.

Files (keys of `feed_files`, site-relative):

- `feeds/all.xml` / `feeds/all.atom`: every type;
- `feeds/<slug>.xml` / `.atom` for each record type (`RecordType.slug`, e.g. `reports-rule-of-law`);
- `feeds/consultations-open.xml` / `.atom`: consultations open for comment on the build date.

Each feed holds the latest `Settings.feed_entries` entries, newest first. One entry per record:

- **Original publication**: dated the publish date at 00:00 Asia/Shanghai (+08:00); guid (Atom id)
  is the record's page URL.
- **Update** (GOV.UK-like): when the record's latest change (`changes`, dated on or before the build
  date) is later than its publish date, the record is listed once, at that change date, with the
  same title and link; its summary starts with `更新：<change note>` and its guid is
  `<record URL>#change-<YYYY-MM-DD>`, so feed readers show it again as a new item. Several changes
  on that date are joined with `；`. Atom `published` keeps the original publication date.

Ties on the entry date are broken by type key then id (as `Catalog.public`), so the order is total.
Summary: `summary`, else the start of the body as plain text (about 200 characters), HTML-escaped
and sent as `type="html"`. Categories: the type's Chinese label, then each subject.

Output is byte-deterministic: no clock is read. `lastBuildDate` / Atom `updated` are the newest
entry's date; a feed with no entries uses the newest entry date of the whole catalog, or
1970-01-01T00:00:00+08:00 for an empty catalog. The generator is the fixed string `gongkai`.
The RSS channel `<link>` is the site's home page; each feed carries its own `rel="self"` link
(added before the site link, because feedgen uses the last `link()` call as the RSS channel link).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongkai.config import Settings
from gongkai.model.markdown_text import plain_text
from gongkai.model.records import OPEN, Catalog, Consultation, Record
from gongkai.types import BY_KEY, RECORD_TYPES, RecordType

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=SHANGHAI)
GENERATOR = "gongkai"
SUMMARY_CHARS = 200
FEEDS_DIR = "feeds"
OPEN_CONSULTATIONS = "consultations-open"

__all__ = [
    "Feed",
    "FeedEntry",
    "feed_entries",
    "feed_files",
    "feed_list",
    "feed_pair",
    "newest_entry_date",
    "section_feed",
    "site_base",
]


@dataclass(frozen=True)
class Feed:
    """One feed as templates see it: where it lives, what it is called, what it holds."""

    slug: str  # "all", a RecordType.slug, or "consultations-open"
    title: str  # e.g. "规范性文件"
    description: str
    type_key: str | None = None  # the record type it covers (None: all types or a special feed)
    updated: dt.date | None = None  # date of its newest entry (None: no entries)

    @property
    def path(self) -> str:
        """Site-relative path of the RSS 2.0 file, e.g. `feeds/documents.xml`."""
        return f"{FEEDS_DIR}/{self.slug}.xml"

    @property
    def atom_path(self) -> str:
        """Site-relative path of the Atom 1.0 twin, e.g. `feeds/documents.atom`."""
        return f"{FEEDS_DIR}/{self.slug}.atom"


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, before it is written as RSS or Atom."""

    record: Record
    date: dt.datetime  # entry date, 00:00 Asia/Shanghai
    published: dt.datetime  # original publication, 00:00 Asia/Shanghai
    change_note: str | None  # set for an update

    @property
    def is_update(self) -> bool:
        return self.change_note is not None

    def guid(self, base: str) -> str:
        url = base + self.record.url
        return f"{url}#change-{self.date.date().isoformat()}" if self.is_update else url

    def summary_text(self) -> str:
        """Plain text (not yet escaped) of the entry's summary."""
        text = plain_summary(self.record)
        if self.change_note is None:
            return text
        note = self.change_note.strip()
        if note and note[-1] not in "。！？.!?":
            note += "。"
        return f"更新：{note}" + (f"{text}" if text else "")

    def sort_key(self) -> tuple[int, str, str]:
        return (-self.date.toordinal(), self.record.type.key, self.record.id)


def at_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SHANGHAI)


def entry_for(record: Record) -> FeedEntry:
    """The record's one entry: an update at its latest change if later than publication."""
    published = at_midnight(record.publish_date)
    today = record.catalog.today
    changes = [c for c in record.changes if c.date <= today]
    if changes:
        latest = max(c.date for c in changes)
        if latest > record.publish_date:
            notes = [c.note for c in changes if c.date == latest and c.note]
            return FeedEntry(record, at_midnight(latest), published, "；".join(notes) or "内容已更新")
    return FeedEntry(record, published, published, None)


def feed_entries(records: list[Record], limit: int) -> list[FeedEntry]:
    """Entries for these records, newest first, at most `limit`."""
    entries = sorted((entry_for(r) for r in records), key=FeedEntry.sort_key)
    return entries[: max(limit, 0)]


def _definitions(catalog: Catalog) -> list[tuple[Feed, list[Record]]]:
    found: list[tuple[Feed, list[Record]]] = [
        (
            Feed(
                "all",
                "全部公开信息",
                "本站主动公开的全部政府信息（规范性文件、政策解读、重大行政决策、征求意见、权责清单、年度报告），按发布或更新时间排列。",
            ),
            catalog.public(),
        )
    ]
    for record_type in RECORD_TYPES:
        found.append((_type_feed(record_type), catalog.public(record_type.key)))
    open_now: list[Record] = [
        r for r in catalog.public("consultations") if isinstance(r, Consultation) and r.state == OPEN
    ]
    found.append(
        (
            Feed(OPEN_CONSULTATIONS, "正在征求意见", "目前正在公开征求意见、可以提出意见建议的事项。", None),
            open_now,
        )
    )
    return found


def feed_list(catalog: Catalog, settings: Settings) -> list[Feed]:
    """Every feed (always the same list, even when a feed is empty), with the date of its newest entry."""
    limit = settings.feed_entries
    result = []
    for feed, records in _definitions(catalog):
        entries = feed_entries(records, limit)
        updated = entries[0].date.date() if entries else None
        result.append(Feed(feed.slug, feed.title, feed.description, feed.type_key, updated))
    return result


def section_feed(type_key: str) -> Feed:
    """The feed of one record type (for section and record pages to link)."""
    return _type_feed(BY_KEY[type_key])


def _type_feed(record_type: RecordType) -> Feed:
    return Feed(record_type.slug, record_type.label, f"本站新发布和更新的{record_type.label}。", record_type.key)


def site_base(site_url: str) -> str:
    """The site URL with exactly one trailing slash; feeds need absolute links."""
    base = (site_url or "").strip()
    if not re.match(r"^https?://[^/\s]+", base):
        raise ValueError(
            f"生成订阅（RSS）需要网站的完整网址：请在 mkdocs.yml 中设置 site_url，例如 https://www.example.gov.cn/（当前为“{site_url}”）。"
        )
    return base.rstrip("/") + "/"


def feed_files(catalog: Catalog, site_url: str, settings: Settings, *, site_name: str) -> dict[str, bytes]:
    """Every feed file, keyed by site-relative path (`feeds/all.xml`, `feeds/all.atom`, …); the
    channel titles carry the site name (a reader subscribed to several agencies tells them apart)."""
    base = site_base(site_url)
    definitions = _definitions(catalog)
    fallback = newest_entry_date(catalog)
    files: dict[str, bytes] = {}
    for feed, records in definitions:
        files.update(feed_pair(feed, records, base, settings, site_name, fallback))
    return files


def newest_entry_date(catalog: Catalog) -> dt.datetime:
    """The date an empty feed carries: the newest entry's of the whole catalog (else 1970)."""
    everything = feed_entries(catalog.public(), 1)
    return everything[0].date if everything else EPOCH


def feed_pair(
    feed: Feed,
    records: list[Record],
    base: str,
    settings: Settings,
    site_name: str,
    fallback: dt.datetime,
    under: str = "",
) -> dict[str, bytes]:
    """One feed's RSS file and Atom twin, at `under` + its paths (an agency's feeds are under
    `agencies/<slug>/`, `gongkai.render.agency_outputs`)."""
    entries = feed_entries(records, settings.feed_entries)
    updated = entries[0].date if entries else fallback
    files: dict[str, bytes] = {}
    for path, kind in ((under + feed.path, "rss"), (under + feed.atom_path, "atom")):
        generator = _generator(feed, entries, updated, base, path, kind, site_name)
        files[path] = generator.rss_str(pretty=True) if kind == "rss" else generator.atom_str(pretty=True)
    return files


def _generator(
    feed: Feed, entries: list[FeedEntry], updated: dt.datetime, base: str, path: str, kind: str, site_name: str
) -> FeedGenerator:
    # Imported here: the main process needs this module for the subscribe page's list (`feed_list`)
    # and never writes a feed; feedgen brings lxml and dateutil with it.
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(base + path)
    fg.title(f"{site_name}：{feed.title}" if site_name else feed.title)
    fg.description(feed.description)  # RSS description; Atom subtitle
    fg.author({"name": site_name or "政府信息公开"})
    # Self first: feedgen uses the last link() call as the RSS channel <link>, which must be the site.
    fg.link(href=base + path, rel="self", type="application/rss+xml" if kind == "rss" else "application/atom+xml")
    fg.link(href=base, rel="alternate", type="text/html")
    fg.language("zh-CN")
    fg.generator(GENERATOR)
    fg.updated(updated)  # Atom updated and RSS lastBuildDate
    for entry in entries:
        record = entry.record
        url = base + record.url
        fe = fg.add_entry(order="append")
        fe.guid(entry.guid(base), permalink=True)
        fe.title(record.title)
        fe.link(href=url, rel="alternate", type="text/html")
        fe.author({"name": record.issuer})
        fe.updated(entry.date)
        # feedgen keeps one value for RSS pubDate and Atom published; each twin gets its own generator.
        fe.pubDate(entry.date if kind == "rss" else entry.published)
        fe.summary(
            html.escape(entry.summary_text(), quote=False) or html.escape(record.title, quote=False), type="html"
        )
        fe.category([{"term": term} for term in _categories(record)])
    return fg


def _categories(record: Record) -> list[str]:
    """The type's label, then each subject once (a dict keeps the first of each in order: a list's
    `in` made this quadratic in the number of subjects)."""
    return list(dict.fromkeys([record.type.label, *record.subjects]))


def plain_summary(record: Record, limit: int = SUMMARY_CHARS) -> str:
    """`summary`, else the start of the body as plain text, at most `limit` characters (ellipsis added)."""
    text = " ".join(record.summary.split()) or plain_text(record.body)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
