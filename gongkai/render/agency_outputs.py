"""Each declared agency's feeds and open data, under its own folder (gongkai/agencies.py):

- `agencies/<slug>/feeds/all.xml` / `.atom` and `agencies/<slug>/feeds/<type slug>.xml` / `.atom`:
  the agency's records, as the site's feeds are made (`gongkai.render.feeds.feed_pair`), the
  channel titled with the agency's name;
- `agencies/<slug>/data/<type slug>.json` (and `.csv` for the tabular types) and
  `agencies/<slug>/data/index.json`: the agency's records, in the format of the site's open data
  (`gongkai.render.exports`); the records' `schema` links are the site's `/schemas/`.

A site that declares no agencies has none of these files. The agency's records are those
`Catalog.of_agency` gives: the public ones only, as everywhere.

An agency that holds every public record of the site (`shares_site_data`: as on a site whose other
declared agencies have published nothing yet) would get the site's datasets byte for byte, a second
copy of every record's full text (12 MiB of 93 at 3,000 generated records): they are not written
again, and its `data/index.json` lists the site's.
"""

from __future__ import annotations

import json
from typing import Any

from gongkai.agencies import Agency
from gongkai.config import Settings
from gongkai.model.records import Catalog
from gongkai.render.exports import DATA_DIR, SCHEMAS_DIR, dataset_list, export_files
from gongkai.render.feeds import Feed, feed_pair, newest_entry_date, site_base
from gongkai.types import RECORD_TYPES, FileSink

AGENCIES_DIR = "agencies"

__all__ = ["AGENCIES_DIR", "agency_feeds", "agency_folder", "agency_output_files", "shares_site_data"]


def agency_folder(agency: Agency) -> str:
    """Site-relative folder of an agency's pages and files, with a trailing slash."""
    return f"{AGENCIES_DIR}/{agency.slug}/"


def shares_site_data(catalog: Catalog, agency: Agency) -> bool:
    """Whether the agency's open data is the site's: it holds every public record of the site."""
    return len(catalog.of_agency(agency)) == len(catalog)  # a catalog holds the public records only


def agency_feeds(agency: Agency) -> list[Feed]:
    """An agency's feeds: all its records, then one per record type (paths relative to its folder)."""
    feeds = [Feed("all", "全部公开信息", f"{agency.name}主动公开的全部政府信息，按发布或更新时间排列。")]
    for record_type in RECORD_TYPES:
        feeds.append(
            Feed(
                record_type.slug,
                record_type.label,
                f"{agency.name}新发布和更新的{record_type.label}。",
                record_type.key,
            )
        )
    return feeds


def agency_output_files(catalog: Catalog, site_url: str, settings: Settings, files: FileSink) -> None:
    """Every declared agency's feeds and open data, put into `files` as each is made."""
    if not catalog.agencies:
        return
    base = site_base(site_url)
    fallback = newest_entry_date(catalog)
    for agency in catalog.agencies:
        own = catalog.of_agency(agency)
        under = agency_folder(agency)
        for feed in agency_feeds(agency):
            records = own.public(feed.type_key) if feed.type_key else own.public()
            for path, content in feed_pair(feed, records, base, settings, agency.name, fallback, under).items():
                files[path] = content
        shared = shares_site_data(catalog, agency)
        if not shared:
            export_files(own, site_url, _Under(under, files))
        files[f"{under}{DATA_DIR}/index.json"] = _index(own, agency, base + under, base if shared else base + under)


class _Under:
    """A sink that files the site's open data of one agency under its folder: `data/…` files go
    to `agencies/<slug>/data/…`; the schemas (the site's own) and the site's index are left out."""

    def __init__(self, under: str, files: FileSink):
        self.under = under
        self.files = files

    def __setitem__(self, path: str, content: bytes, /) -> None:
        if path.startswith(f"{SCHEMAS_DIR}/") or path == f"{DATA_DIR}/index.json":
            return
        self.files[self.under + path] = content


def _index(catalog: Catalog, agency: Agency, folder_url: str, data_url: str) -> bytes:
    """The agency's `data/index.json`: its datasets, linked under `data_url` (its folder, or the
    site's root when they are the site's); the schemas the site's."""
    site = folder_url[: -len(agency_folder(agency))]
    datasets: list[dict[str, Any]] = []
    for dataset in dataset_list(catalog):
        updated = dataset.updated.isoformat() if dataset.updated else None
        datasets.append(
            {
                "type": dataset.type.key,
                "label": dataset.label,
                "count": dataset.count,
                "updated": updated,
                "json": data_url + dataset.json_path,
                "csv": data_url + dataset.csv_path if dataset.csv_path else None,
                "schema": site + dataset.schema_path,
            }
        )
    dates = [d["updated"] for d in datasets if d["updated"]]
    value = {
        "title": f"{agency.name}开放数据",
        "description": f"{agency.name}主动公开信息的开放数据：每类记录一个 JSON 文件（表格类另有 CSV 文件）。",
        "agency": {"name": agency.name, "short_name": agency.short_name, "credit_code": agency.credit_code},
        "updated": max(dates) if dates else None,
        "datasets": datasets,
    }
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
