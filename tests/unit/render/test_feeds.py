"""Feeds: RSS 2.0 + Atom twins of the public records, checked with feedparser and as XML."""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import html
import re
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import jinja2
import markdown
import pytest
import time_machine
from lxml import etree

from gongkai.config import Settings
from gongkai.model.records import OPEN, Catalog, Record
from gongkai.render import feeds as feeds_module
from gongkai.render.feeds import EPOCH, GENERATOR, feed_entries, section_feed
from gongkai.types import BY_KEY, RECORD_TYPES
from tests.support.helpers import finishes, record_data
from tests.support.publish_data import HIDDEN_IDS, MARKERS, SITE, TODAY, all_records, build_catalog
from tests.support.sites import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0800$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
TEMPLATES = ROOT / "gongkai" / "templates"


SITE_NAME = "河南省机关事务管理局"


def feed_files(
    catalog: Catalog, site_url: str, settings: Settings | None = None, *, site_name: str = SITE_NAME
) -> dict[str, bytes]:
    return feeds_module.feed_files(catalog, site_url, settings or Settings(), site_name=site_name)


def feed_list(catalog: Catalog, settings: Settings | None = None):
    return feeds_module.feed_list(catalog, settings or Settings())


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build_catalog()


@pytest.fixture(scope="module")
def files(catalog: Catalog) -> dict[str, bytes]:
    return feed_files(catalog, SITE, Settings())


# -- what each feed should contain, computed from the catalog independently of the implementation --


def entry_date(record: Record) -> dt.date:
    later = [c.date for c in record.changes if record.publish_date < c.date <= TODAY]
    return max(later) if later else record.publish_date


def expected(records: list[Record], limit: int = 50) -> list[Record]:
    return sorted(records, key=lambda r: (-entry_date(r).toordinal(), r.type.key, r.id))[:limit]


def feed_records(catalog: Catalog) -> dict[str, list[Record]]:
    found = {"all": catalog.public()}
    for record_type in RECORD_TYPES:
        found[record_type.slug] = catalog.public(record_type.key)
    found["consultations-open"] = [r for r in catalog.public("consultations") if r.status == OPEN]
    return found


def at_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=SHANGHAI)


# -- tests ------------------------------------------------------------------------------------


def test_every_feed_exists_in_both_formats(files, catalog):
    slugs = ["all", *[t.slug for t in RECORD_TYPES], "consultations-open"]
    assert sorted(files) == sorted([f"feeds/{s}.xml" for s in slugs] + [f"feeds/{s}.atom" for s in slugs])
    assert "feeds/reports-rule-of-law.xml" in files
    listed = feed_list(catalog)
    assert [f.slug for f in listed] == slugs
    assert {f.path for f in listed} | {f.atom_path for f in listed} == set(files)
    assert section_feed("reports/disclosure").path == "feeds/reports-disclosure.xml"


def test_feedparser_reads_every_feed_without_bozo(files):
    for path, content in files.items():
        parsed = feedparser.parse(content)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if path.endswith(".xml") else "atom10"), path


def test_entries_are_exactly_the_public_records_newest_first(files, catalog):
    demo_and_synthetic = feed_records(catalog)
    assert demo_and_synthetic["consultations-open"], "the demo data should have an open consultation"
    for slug, records in demo_and_synthetic.items():
        want = expected(records)
        for suffix in (".xml", ".atom"):
            parsed = feedparser.parse(files[f"feeds/{slug}{suffix}"])
            assert [e.link for e in parsed.entries] == [SITE + r.url for r in want], slug + suffix
            assert [e.title for e in parsed.entries] == [r.title for r in want], slug + suffix
            for entry, record in zip(parsed.entries, want):
                when = at_midnight(entry_date(record))
                stamp = entry.published_parsed if suffix == ".xml" else entry.updated_parsed
                assert calendar.timegm(stamp) == int(when.timestamp()), (slug, record.id)


def test_latest_n_entries_setting(catalog):
    small = feed_files(catalog, SITE, Settings(feed_entries=3))
    parsed = feedparser.parse(small["feeds/all.xml"])
    assert [e.link for e in parsed.entries] == [SITE + r.url for r in expected(catalog.public(), 3)]
    assert len(feedparser.parse(small["feeds/documents.atom"]).entries) == 3


def test_rss_is_valid_rss_2(files):
    for path, content in files.items():
        if not path.endswith(".xml"):
            continue
        root = etree.fromstring(content)
        assert root.tag == "rss" and root.get("version") == "2.0"
        channels = root.findall("channel")
        assert len(channels) == 1
        channel = channels[0]
        for name in ("title", "link", "description"):
            assert len(channel.findall(name)) == 1 and channel.findtext(name).strip(), (path, name)
        assert channel.findtext("link") == SITE  # the site, not the feed
        selves = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert [link.get("href") for link in selves] == [SITE + path]
        assert selves[0].get("type") == "application/rss+xml"
        assert channel.findtext("generator") == GENERATOR
        assert channel.findtext("language") == "zh-CN"
        items = channel.findall("item")
        build = channel.findtext("lastBuildDate")
        assert RFC822.match(build), build
        if items:
            assert build == items[0].findtext("pubDate")  # from the newest entry, not the clock
        guids = []
        for item in items:
            assert item.findtext("title") and item.findtext("link").startswith(SITE)
            assert item.findtext("description")
            pub = item.findtext("pubDate")
            assert RFC822.match(pub) and email.utils.parsedate_to_datetime(pub).utcoffset() == dt.timedelta(hours=8)
            guid = item.find("guid")
            assert (
                guid is not None and guid.get("isPermaLink") == "true" and guid.text.startswith(item.findtext("link"))
            )
            guids.append(guid.text)
        assert len(guids) == len(set(guids))
        dates = [email.utils.parsedate_to_datetime(i.findtext("pubDate")) for i in items]
        assert dates == sorted(dates, reverse=True)


def test_atom_is_valid_atom_1(files):
    for path, content in files.items():
        if not path.endswith(".atom"):
            continue
        root = etree.fromstring(content)
        assert root.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert len(root.findall(f"{ATOM}{name}")) == 1 and root.findtext(f"{ATOM}{name}").strip(), (path, name)
        assert root.findtext(f"{ATOM}id") == SITE + path
        assert RFC3339.match(root.findtext(f"{ATOM}updated"))
        links = root.findall(f"{ATOM}link")
        assert [(link.get("rel"), link.get("href")) for link in links] == [("self", SITE + path), ("alternate", SITE)]
        assert root.find(f"{ATOM}author/{ATOM}name").text
        entries = root.findall(f"{ATOM}entry")
        if entries:
            assert root.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")
        ids = []
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1 and entry.findtext(f"{ATOM}{name}").strip()
            assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
            assert RFC3339.match(entry.findtext(f"{ATOM}published"))
            assert entry.findtext(f"{ATOM}published") <= entry.findtext(f"{ATOM}updated")
            # No content element, so an alternate link is required (no rel attribute means alternate).
            alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
            assert len(alternates) == 1 and alternates[0].get("href").startswith(SITE)
            assert entry.find(f"{ATOM}summary").get("type") == "html"
            assert entry.find(f"{ATOM}author/{ATOM}name").text
            ids.append(entry.findtext(f"{ATOM}id"))
        assert len(ids) == len(set(ids))


def test_rss_and_atom_twins_carry_the_same_entries(files):
    for path in files:
        if path.endswith(".xml"):
            rss = feedparser.parse(files[path])
            atom = feedparser.parse(files[path[:-4] + ".atom"])
            fields = lambda e: (e.id, e.title, e.link, e.summary, [t.term for t in e.tags])  # noqa: E731
            assert [fields(e) for e in rss.entries] == [fields(e) for e in atom.entries]
            assert rss.feed.title == atom.feed.title


def test_entry_fields_guid_summary_categories(files, catalog):
    parsed = feedparser.parse(files["feeds/all.xml"])
    by_link = {}
    for entry in parsed.entries:
        by_link.setdefault(entry.link, []).append(entry)
    assert all(len(v) == 1 for v in by_link.values())  # each record appears once
    held = feed_entries(catalog.public(), Settings().feed_entries)  # the newest records, up to the limit
    assert len(parsed.entries) == len(held) == min(len(catalog), Settings().feed_entries)
    for record in (e.record for e in held):
        entry = by_link[SITE + record.url][0]
        assert [t.term for t in entry.tags] == [
            record.type.label,
            *[s for s in record.subjects if s != record.type.label],
        ]
        updated = entry_date(record) != record.publish_date
        assert entry.id == SITE + record.url + (f"#change-{entry_date(record).isoformat()}" if updated else "")
        assert entry.summary.startswith("更新：") == updated


def test_summary_is_html_escaped_and_plain(files, catalog):
    root = etree.fromstring(files["feeds/documents.xml"])
    item = next(i for i in root.iter("item") if i.findtext("link") == SITE + "documents/zz-updated-doc/")
    # The description is HTML: the summary's own < & " show as text, never as markup.
    assert item.findtext("description") == html.escape(
        '更新：更正附件二中的数据。摘要含有 <b>粗体</b> & "引号" 等字符。', quote=False
    )
    assert item.findtext("title") == "关于测试<标题>与“引号”&符号的通知"  # title unchanged by the update
    long = next(
        i
        for i in etree.fromstring(files["feeds/interpretations.xml"]).iter("item")
        if i.findtext("link") == SITE + "interpretations/zz-long-body/"
    )
    text = html.unescape(long.findtext("description"))
    assert text.startswith("一、总体要求 为进一步规范公务用车管理") and text.endswith("…")
    assert len(text) <= 200 and "**" not in text and "##" not in text and "script" not in text and "alert" not in text


def test_future_changes_are_not_updates(files):
    parsed = feedparser.parse(files["feeds/documents.atom"])
    entry = next(e for e in parsed.entries if e.link == SITE + "documents/zz-future-change/")
    assert entry.id == SITE + "documents/zz-future-change/"
    assert entry.updated == "2026-02-01T00:00:00+08:00"
    assert "预定的修改" not in files["feeds/documents.atom"].decode()


def test_open_consultations_feed_holds_only_open_ones(files, catalog):
    parsed = feedparser.parse(files["feeds/consultations-open.xml"])
    open_now = {SITE + r.url for r in catalog.public("consultations") if r.status == OPEN}
    assert {e.link for e in parsed.entries} == open_now
    closed = {SITE + r.url for r in catalog.public("consultations")} - open_now
    assert closed, "the demo data should have a closed consultation"
    assert not closed & {e.link for e in parsed.entries}


def test_nothing_non_public_appears(files):
    for path, content in files.items():
        text = content.decode("utf-8")
        for marker in [*MARKERS.values(), *HIDDEN_IDS]:
            assert marker not in text, (path, marker)


def test_rebuilds_are_byte_identical(files):
    # Years and seconds later by the clock (which nothing may read): the same bytes.
    with time_machine.travel(dt.datetime(2031, 7, 15, 3, 4, 5, tzinfo=SHANGHAI), tick=False):
        again = feed_files(Catalog(all_records(), TODAY), SITE, Settings())
    assert again == files


def test_update_brings_a_record_back_to_the_top_with_its_note():
    older = record_data("documents", "older", title="较早的文件", publish_date="2024-01-10", signed_date="2024-01-08")
    newer = record_data("documents", "newer", title="较新的文件", publish_date="2024-02-01", signed_date="2024-01-30")
    today = dt.date(2024, 6, 1)
    before = feedparser.parse(
        feed_files(Catalog([(BY_KEY["documents"], older), (BY_KEY["documents"], newer)], today), SITE)["feeds/all.xml"]
    )
    assert [e.title for e in before.entries] == ["较新的文件", "较早的文件"]

    older["changes"] = [{"date": "2024-03-01", "note": "补充附件"}, {"date": "2024-03-01", "note": "更正错字"}]
    after_files = feed_files(Catalog([(BY_KEY["documents"], older), (BY_KEY["documents"], newer)], today), SITE)
    after = feedparser.parse(after_files["feeds/all.xml"])
    assert [e.title for e in after.entries] == ["较早的文件", "较新的文件"]
    top = after.entries[0]
    assert top.id == SITE + "documents/older/#change-2024-03-01"
    assert top.link == SITE + "documents/older/"
    assert top.published == "Fri, 01 Mar 2024 00:00:00 +0800"
    assert top.summary.startswith("更新：补充附件；更正错字。")
    assert after.feed.updated == "Fri, 01 Mar 2024 00:00:00 +0800"
    atom = feedparser.parse(after_files["feeds/all.atom"]).entries[0]
    assert (atom.published, atom.updated) == ("2024-01-10T00:00:00+08:00", "2024-03-01T00:00:00+08:00")


def test_power_changes_without_a_note_use_type_and_reason():
    power = record_data(
        "powers",
        "p",
        publish_date="2024-01-10",
        changes=[{"date": "2024-01-10", "type": "新增"}, {"date": "2024-04-02", "type": "调整", "reason": "依据修订"}],
    )
    parsed = feedparser.parse(
        feed_files(Catalog([(BY_KEY["powers"], power)], dt.date(2024, 6, 1)), SITE)["feeds/powers.xml"]
    )
    assert parsed.entries[0].summary.startswith("更新：调整；依据修订。")
    assert parsed.entries[0].id.endswith("#change-2024-04-02")


def test_the_feed_writer_is_linear_in_a_records_subjects():
    # 100,000 subjects took 4 min 43 s (each subject looked up in a list of those before it);
    # validation refuses more than 100, but no per-record step may be quadratic.
    subjects = [f"主题{i}" for i in range(100_000)]
    record = record_data("documents", "many", subjects=["规范性文件", *subjects, "主题7"])
    with finishes(60):
        files = feed_files(Catalog([(BY_KEY["documents"], record)], TODAY), SITE)
    entry = etree.fromstring(files["feeds/all.atom"]).find(f"{ATOM}entry")
    terms = [c.get("term") for c in entry.iter(f"{ATOM}category")]  # (feedparser is quadratic in them)
    assert terms == ["规范性文件", *subjects]  # the type's label first, each term once


def test_empty_feeds_are_valid_and_dated_from_the_data():
    empty = feed_files(Catalog([], TODAY), SITE)
    for _path, content in empty.items():
        parsed = feedparser.parse(content)
        assert not parsed.bozo and parsed.entries == []
        assert parsed.feed.updated in (EPOCH.isoformat(), "Thu, 01 Jan 1970 00:00:00 +0800")
    one = record_data("documents", "only", publish_date="2024-05-06", signed_date="2024-05-01")
    files = feed_files(Catalog([(BY_KEY["documents"], one)], TODAY), SITE)
    assert feedparser.parse(files["feeds/powers.atom"]).feed.updated == "2024-05-06T00:00:00+08:00"


def test_site_url_is_required_and_normalised():
    with pytest.raises(ValueError, match="site_url"):
        feed_files(Catalog([], TODAY), "")
    one = record_data("documents", "only", publish_date="2024-05-06", signed_date="2024-05-01")
    files = feed_files(Catalog([(BY_KEY["documents"], one)], TODAY), "https://example.gov.cn/gk")
    parsed = feedparser.parse(files["feeds/all.xml"])
    assert parsed.feed.link == "https://example.gov.cn/gk/"
    assert parsed.entries[0].link == "https://example.gov.cn/gk/documents/only/"


def test_site_name_titles_the_feeds(catalog):
    named = feed_files(catalog, SITE, site_name="河南省机关事务管理局")
    assert feedparser.parse(named["feeds/documents.xml"]).feed.title == "河南省机关事务管理局：规范性文件"


def test_subscribe_page_lists_every_feed_with_working_relative_links(catalog, files):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    page = env.get_template("feeds.md.j2").render(feeds=feed_list(catalog), feed_entries=50, root="../")
    hrefs = re.findall(r'href="([^"]+)"', page)
    page_url = SITE + "subscribe/"
    targets = {urljoin(page_url, h)[len(SITE) :] for h in hrefs}
    assert {p for p in targets if p.startswith("feeds/")} == set(files)
    assert targets - set(files) == {"open-data/"}
    assert all(h.startswith("../") for h in hrefs)
    for feed in feed_list(catalog):
        assert feed.title in page
    rendered = markdown.markdown(page)
    assert "<table" in rendered and "&lt;table" not in rendered
    assert "订阅是什么" in page and "RSS" in page


def test_the_subscribe_page_states_the_configured_number_of_entries(catalog):
    from gongkai.render.pages import SiteInfo, SitePages

    site = SiteInfo("站点", SITE, Path("/nonexistent"), TODAY)
    pages = SitePages(catalog, site, set(), Settings(feed_entries=7)).specs()
    subscribe = next(spec for spec in pages if spec.src_uri == "subscribe.md")
    assert "最近发布或更新的 7 条信息" in subscribe.render()
