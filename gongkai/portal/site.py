"""`build_portal`: the province site, from the agencies' published outputs (`portal.yml`).

For each agency in turn (one agency's files in memory at a time): read and check its output
(`sources.read_output`), keep it as the last good copy (`sources.State`); if it cannot be used,
take the last good copy instead and warn, naming the agency and the reason (no copy either: the
agency is left out, with a warning). Then the site, written aside and moved into `site_dir`:

- `index.html`: the agencies, their record counts and whether their data is current;
- `catalog/` and `<type slug>/`: cross-agency listings, newest first, paged like an agency's
  (`gongkai.portal.pages`), each row linking to the record's page on its agency's site;
- `feeds/<slug>.xml` / `.atom`: the agencies' feeds merged (`gongkai.portal.feeds`);
- `search/`: one exact search index over every agency's records, rebuilt from their published
  search text (`gongkai.portal.search`), and its page, filtering by agency;
- `data/data.json`: one DCAT-US catalog of every agency's datasets (each agency's own entries,
  publisher included); `data/agencies.json`: each agency's status, counts and site.

No clock is read except `today` (the state's date): two builds of the same outputs are identical.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.portal.config import PortalConfig
from gongkai.portal.feeds import FeedItem, merged_feed_files, read_feed_items
from gongkai.portal.pages import AgencyStatus, PortalRecord, portal_pages
from gongkai.portal.search import MANIFEST, SearchSource, read_search, write_search
from gongkai.portal.sources import DCAT, FEED_SLUGS, INDEX, OutputError, State, fetch, read_output, records_of

ASSETS = Path(__file__).resolve().parent.parent / "assets"  # search.js and search.css, as agency sites have them
POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
CSS = """body{font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1a1a1a}
.gp-header{background:#8b0000;padding:.8rem 1rem}.gp-header a{color:#fff;font-size:1.3rem;text-decoration:none}
.gp-nav ul,.gp-years ul,.gp-pages ul{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0}
.gp-nav{padding:0 1rem;border-bottom:1px solid #ddd}main{padding:0 1rem 2rem;max-width:72rem}
.gp-table{border-collapse:collapse;width:100%}.gp-table th,.gp-table td{border:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold;padding:.5rem 0}a{color:#0645ad}
"""

__all__ = ["PortalReport", "build_portal"]


@dataclass
class PortalReport:
    agencies: list[AgencyStatus]
    warnings: list[str] = field(default_factory=list)
    records: int = 0
    pages: int = 0
    searchable: int = 0  # records in the search index
    largest_page: tuple[str, int] = ("", 0)  # site-relative file, bytes


def build_portal(config: PortalConfig, today: dt.date, only: set[str] | None = None) -> PortalReport:
    """The portal from every agency's output; with `only`, the outputs of those agencies only (the
    ones rebuilt), the others from their last good copy (a warning only if there is none)."""
    state = State(config.state_dir)
    report = PortalReport([])
    records: list[PortalRecord] = []
    datasets: list[Any] = []
    feed_items: dict[str, list[FeedItem]] = {slug: [] for slug in FEED_SLUGS}
    searched: list[SearchSource] = []
    for position, agency in enumerate(config.agencies):
        status = AgencyStatus(agency.id, agency.name, "")
        report.agencies.append(status)
        try:
            if only is not None and agency.id not in only:
                kept = state.load(agency)
                if kept is None:
                    raise OutputError("本次未重新生成该机关的网站，门户也没有它以前的数据")
                files, status.kept_since = kept
            else:
                files = read_output(agency)
                files |= read_search(functools.partial(fetch, agency), sum(1 for _ in records_of(files)))
                state.save(agency, files, today)
        except OutputError as exc:
            cached = state.load(agency)
            status.problem = reason = str(exc).rstrip("。")
            if cached is None:
                status.missing = True
                report.warnings.append(
                    f"机关“{agency.name}”（{agency.id}）的发布数据不可用：{reason}。门户没有它以前的数据，本次不含该机关；"
                    f"请检查该机关的网站是否生成成功，或 portal.yml 中它的 output 是否正确。"
                )
                continue
            files, status.stale_since = cached
            report.warnings.append(
                f"机关“{agency.name}”（{agency.id}）的发布数据不可用：{reason}。门户沿用 {status.stale_since} 读取的数据；"
                f"请检查该机关的网站是否生成成功，或 portal.yml 中它的 output 是否正确。"
            )
        base = agency.output.rstrip("/") + "/" if agency.is_url else ""
        status.home = _home(files, base)
        if MANIFEST in files:  # its text is read again, a file at a time, when the index is built
            searched.append(SearchSource(agency.id, agency.name, status.home or base, state.reader(agency)))
        else:  # a copy kept by a portal that did not read search text yet
            report.warnings.append(
                f"机关“{agency.name}”（{agency.id}）沿用的数据没有检索文本，门户的搜索本次不含该机关；"
                f"该机关的网站下次读取成功后即可检索。"
            )
        for type_key, record, derived in records_of(files):
            status.counts[type_key] = status.counts.get(type_key, 0) + 1
            records.append(
                PortalRecord(
                    agency=position,
                    type_key=type_key,
                    title=record["title"],
                    url=urllib.parse.urljoin(base + "data/", derived["url"]),
                    publish_date=record["publish_date"],
                    doc_number=record.get("doc_number") or "",
                    index_no=record.get("index_no") or "",
                    status=derived.get("status") or "",
                )
            )
        datasets.extend(json.loads(files[DCAT])["dataset"])
        for slug in FEED_SLUGS:
            feed_items[slug] += read_feed_items(files[f"feeds/{slug}.atom"], agency.name, position)
        del files
    records.sort(key=lambda r: r.publish_date, reverse=True)  # stable: agencies' order within a day
    report.records = len(records)
    _write_site(config, report, records, datasets, feed_items, searched)
    return report


def _home(files: dict[str, bytes], base: str) -> str:
    """The agency site's address, from the links its open-data index gives."""
    for entry in json.loads(files[INDEX]).get("datasets", []):
        link = urllib.parse.urljoin(base + "data/", str(entry.get("json") or ""))
        if link.startswith(("http://", "https://")):
            return urllib.parse.urljoin(link, "../")
    return ""


def _write_site(
    config: PortalConfig,
    report: PortalReport,
    records: list[PortalRecord],
    datasets: list[Any],
    feed_items: dict[str, list[FeedItem]],
    searched: list[SearchSource],
) -> None:
    """The site, written aside and moved into place; `records`, `datasets` and `feed_items` are
    emptied once written, before the search index is built."""
    target = config.site_dir
    fresh = target.with_name(f".{target.name}.new")
    shutil.rmtree(fresh, ignore_errors=True)
    folder = _Folder(fresh)
    write = folder.__setitem__
    searchable = [(s.id, s.name) for s in searched]
    for page in portal_pages(config.site_name, report.agencies, records, search=searchable):
        relative = f"{page.path}/index.html" if page.path else "index.html"
        content = page.html.encode("utf-8")
        write(relative, content)
        report.pages += 1
        if len(content) > report.largest_page[1]:
            report.largest_page = (relative, len(content))
    write("assets/portal.css", CSS.encode("utf-8"))
    feeds = merged_feed_files(
        feed_items, site_url=config.site_url, site_name=config.site_name, limit=config.feed_entries
    )
    for relative, content in feeds.items():
        write(relative, content)
    base = config.site_url.rstrip("/") + "/" if config.site_url else ""
    catalog = {
        "@context": f"{POD_SCHEMA}/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": f"{POD_SCHEMA}/catalog.json",
        "dataset": datasets,
    }
    if base:
        catalog["@id"] = base + "data/data.json"
    write("data/data.json", _json_bytes(catalog))
    agencies = [
        {
            "id": a.id,
            "name": a.name,
            "home": a.home or None,
            "counts": a.counts,
            "current": a.stale_since is None and not a.missing,
            "stale_since": a.stale_since,
            "unchanged_since": a.kept_since,
            "problem": a.problem,
        }
        for a in report.agencies
    ]
    write("data/agencies.json", _json_bytes({"agencies": agencies}))
    # The search index last, the rest used up: its build is the portal's biggest use of memory.
    records.clear()
    datasets.clear()
    feed_items.clear()
    if searched:
        report.searchable = write_search(searched, folder)
        for name in ("search.js", "search.css"):
            write(f"assets/gongkai/{name}", (ASSETS / name).read_bytes())
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class _Folder:
    """The site folder being written, as the search index's file sink: each file written at once,
    folders renamed whole (`gongkai.types.FolderSink`)."""

    def __init__(self, root: Path):
        self.root = root

    def __setitem__(self, relative: str, content: bytes) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        os.rename(self.root / old, self.root / new)


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
