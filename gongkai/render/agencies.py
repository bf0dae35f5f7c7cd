"""Each declared agency's pages (gongkai/agencies.py), under /agencies/<slug>/:

    /agencies/                      the agencies, with what each publishes (in the navigation
                                    when mkdocs.yml lists `agencies/index.md`)
    /agencies/<slug>/               its landing page: who it is, its columns, its latest records,
                                    its catalog, feeds and open data
    /agencies/<slug>/<type>/        its column of each record type, paged as the site's listings
                                    (`render/listings.py`: /agencies/<slug>/documents/2025/ …)
    /agencies/<slug>/catalog/       its 公开目录, paged likewise

The columns and the catalog are the site's own templates (`section.html`, `catalog.html`) given
the agency; an agency that holds every public record of the site (`shares_site_data`: a site whose
other declared agencies have published nothing yet) has no second copy of them, its landing page
and the columns' 按机关查看 links lead to the site's; its feeds and open data are `render/agency_outputs.py`'s files. A site that declares
no agencies has none of these pages.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from gongkai.agencies import Agency
from gongkai.render.agency_outputs import agency_feeds, agency_folder, shares_site_data
from gongkai.render.listings import listing_pages
from gongkai.render.page_tags import COLUMN_TYPES, column_tags
from gongkai.render.spec import PageSpec
from gongkai.types import RECORD_TYPES

if TYPE_CHECKING:
    from gongkai.render.pages import SitePages

LATEST = 12  # records on an agency's landing page

__all__ = ["agency_specs"]


def agency_specs(pages: SitePages) -> list[PageSpec]:
    """The agencies' pages, from the site's `SitePages` (its catalog, templates and page makers)."""
    agencies = pages.catalog.agencies
    if not agencies:
        return []
    specs = [PageSpec("agencies/index.md", "机关", functools.partial(_index_page, pages))]
    for agency in agencies:
        folder = agency_folder(agency)
        own = pages.catalog.of_agency(agency)
        specs.append(
            PageSpec(
                f"{folder}index.md",
                agency.name,
                functools.partial(_landing_page, pages, agency),
                listing=True,
                tags=_tags(pages, agency, agency.name, "政务公开"),
            )
        )
        if shares_site_data(pages.catalog, agency):
            continue  # its columns and catalog are the site's, page for page: its landing page links those
        for record_type in RECORD_TYPES:
            label = f"{agency.short_name} · {record_type.label}"
            render = functools.partial(pages.section_page, record_type, agency=agency)
            for page in listing_pages(f"{folder}{record_type.key}", own.public(record_type.key)):
                title = page.title(label)
                tags = _tags(pages, agency, label, COLUMN_TYPES.get(record_type.key, "政务公开"))
                specs.append(PageSpec(page.src_uri, title, functools.partial(render, page), listing=True, tags=tags))
        catalog_label = f"{agency.short_name} · 公开目录"
        for page in listing_pages(f"{folder}catalog", own.public()):
            render = functools.partial(pages.catalog_page, page, agency)
            tags = _tags(pages, agency, catalog_label, "政务公开")
            specs.append(PageSpec(page.src_uri, page.title(catalog_label), render, listing=True, tags=tags))
    return specs


def _tags(pages: SitePages, agency: Agency, name: str, column_type: str) -> tuple[tuple[str, str], ...]:
    """A column's page tags (`page_tags.column_tags`): the agency's column (and its own site code)."""
    return column_tags(pages.site, name, column_type, agency)


def _index_page(pages: SitePages) -> str:
    counts = {agency.slug: len(pages.catalog.of_agency(agency)) for agency in pages.catalog.agencies}
    return pages.env.get_template("agencies.html").render(
        agencies=list(pages.catalog.agencies), counts=counts, root="../", **pages.common()
    )


def _landing_page(pages: SitePages, agency: Agency) -> str:
    own = pages.catalog.of_agency(agency)
    counts = {t.key: len(own.public(t.key)) for t in RECORD_TYPES}
    return pages.env.get_template("agency.html").render(
        agency=agency,
        own_site=agency == pages.catalog.agencies.own,
        folder=agency_folder(agency),
        shared_data=shares_site_data(pages.catalog, agency),
        counts=counts,
        total=len(own),
        latest=own.public()[:LATEST],
        feeds=agency_feeds(agency),
        root="../../",
        **pages.common(),
    )
