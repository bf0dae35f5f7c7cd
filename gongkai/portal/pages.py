"""The portal's HTML pages: the agencies, the combined catalog and one cross-agency listing per
record type, paged as an agency site pages its listings (`gongkai.render.listings`): a first page
of the newest `PAGE_SIZE` records, then `<base>/<year>/`, `<base>/<year>/<n>/`. The search page (`search/`, when there is an index) is the agency
site's, its filter listing agencies instead of record types. Templates in
`gongkai/portal/templates/` (autoescaped: every value from an agency is text)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from gongkai.render.listings import PAGE_SIZE
from gongkai.types import RECORD_TYPES

TEMPLATES = Path(__file__).resolve().parent / "templates"
CATALOG = "catalog"

__all__ = ["AgencyStatus", "PortalPage", "PortalRecord", "portal_pages"]


@dataclass(slots=True)
class PortalRecord:
    """One record of one agency, as the listings show it (from the agency's open data)."""

    agency: int  # position of its agency in portal.yml
    type_key: str
    title: str
    url: str  # the record's page on the agency's site
    publish_date: str  # YYYY-MM-DD
    doc_number: str
    index_no: str
    status: str

    @property
    def year(self) -> int:
        return int(self.publish_date[:4])


@dataclass
class AgencyStatus:
    id: str
    name: str
    home: str  # the agency site's address ("" when unknown)
    counts: dict[str, int] = field(default_factory=dict)  # type key -> public records
    stale_since: str | None = None  # the date of the last good copy shown, when the output failed
    kept_since: str | None = None  # the date of the copy shown, when the agency was not rebuilt
    problem: str | None = None  # why its output was not used
    missing: bool = False  # no output and no last good copy: not in the portal


@dataclass
class PortalPage:
    path: str  # site-relative folder, "" for the home page
    title: str
    html: str


def _pages(base: str, records: list[PortalRecord]) -> Iterator[tuple[str, list[PortalRecord], dict[str, Any]]]:
    """(folder, rows, paging) of a listing, as `gongkai.render.listings.listing_pages` pages it."""
    if len(records) <= PAGE_SIZE:
        yield base, records, {"years": [], "year": None, "number": 1, "pages": 1}
        return
    by_year: dict[int, list[PortalRecord]] = {}
    for record in records:
        by_year.setdefault(record.year, []).append(record)
    years = [(year, len(found)) for year, found in sorted(by_year.items(), reverse=True)]
    yield base, records[:PAGE_SIZE], {"years": years, "year": None, "number": 1, "pages": 1}
    for year, _ in years:
        found = by_year[year]
        count = -(-len(found) // PAGE_SIZE)
        for number in range(1, count + 1):
            folder = f"{base}/{year}" + (f"/{number}" if number > 1 else "")
            rows = found[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            yield folder, rows, {"years": years, "year": year, "number": number, "pages": count}


def portal_pages(
    site_name: str, agencies: list[AgencyStatus], records: list[PortalRecord], search: list[tuple[str, str]]
) -> Iterator[PortalPage]:
    """Every page of the portal; `records` newest first; `search`: (id, name) of the agencies in the
    search index, the search page's filter (none: no search page)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    labels = {t.key: t.label for t in RECORD_TYPES}
    common = {"site_name": site_name, "agencies": agencies, "types": RECORD_TYPES, "labels": labels, "search": search}
    yield PortalPage(
        "", site_name, env.get_template("home.html").render(root="", title=site_name, total=len(records), **common)
    )
    if search:
        yield PortalPage("search", "搜索", env.get_template("search.html").render(root="../", title="搜索", **common))
    listings = [(CATALOG, "公开目录", records)]
    listings += [(t.slug, t.label, [r for r in records if r.type_key == t.key]) for t in RECORD_TYPES]
    template = env.get_template("listing.html")
    for base, label, rows in listings:
        for folder, page_rows, paging in _pages(base, rows):
            root = "../" * (folder.count("/") + 1)
            title = label + (f" · {paging['year']}年" if paging["year"] else "")
            title += f" · 第{paging['number']}页" if paging["number"] > 1 else ""
            html = template.render(
                root=root, base=base, label=label, title=title, rows=page_rows, total=len(rows), **paging, **common
            )
            yield PortalPage(folder, title, html)
