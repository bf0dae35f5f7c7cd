"""Listing pages paged statically, so that every page stays small at any number of records.

A listing (a section such as /documents/, or the catalog /catalog/) of at most `PAGE_SIZE`
records is one page, as before. A longer one is split:

    /documents/            the newest PAGE_SIZE records, and links to every year
    /documents/2019/       the records published in 2019, first PAGE_SIZE of them, links to
                           every page of 2019 and to every year
    /documents/2019/2/     the next PAGE_SIZE records of 2019, and so on

so every record is at most three plain links (no JavaScript) from its section page: the year,
the page within the year, the record. Record pages stay at /<type>/<id>/: a year segment is all
digits, and an all-digit record id is rejected by validation (`gongkai.slugs.shadows_listing`, used
by `gongkai.validate.identity`), so the two can never collide.

Filters and sorting in the browser (assets/tables.js) work on the rows of the page shown; the
page offers the search page (which filters by type) for a search across all years.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.model.records import Record

PAGE_SIZE = 100  # rows per listing page: ~45 KB and ~1,100 DOM elements of table at most


@dataclass(frozen=True)
class YearLink:
    year: int
    count: int  # records published that year
    url: str  # site-relative, e.g. "documents/2019/"


@dataclass
class ListingPage:
    """One page of a listing: the first page (year None) or page `number` of a year."""

    base: str  # the listing's first page, site-relative without slash: "documents", "catalog"
    records: list[Record]  # the rows of this page, newest first
    total: int  # records in the whole listing
    years: list[YearLink] = field(default_factory=list)  # empty when the listing is one page
    year: int | None = None
    number: int = 1
    pages: int = 1  # pages of this year (1 for the first page)

    @property
    def paged(self) -> bool:
        return bool(self.years)

    @property
    def url(self) -> str:
        """Site-relative URL, e.g. "documents/", "documents/2019/", "documents/2019/2/"."""
        return self.page_url(self.number) if self.year is not None else f"{self.base}/"

    def page_url(self, number: int) -> str:
        """URL of page `number` of this page's year."""
        year = f"{self.base}/{self.year}/"
        return year if number == 1 else f"{year}{number}/"

    @property
    def src_uri(self) -> str:
        """A year page's source name for the site generator (served at `url` with directory URLs;
        the first page keeps the name the site's navigation gives it)."""
        return f"{self.url[:-1]}.md"

    @property
    def root(self) -> str:
        """Relative path from this page to the site root."""
        return "../" * self.url.count("/")

    def title(self, label: str) -> str:
        if self.year is None:
            return label
        return f"{label} · {self.year}年" + (f" · 第{self.number}页" if self.number > 1 else "")


def listing_pages(base: str, records: list[Record], page_size: int = PAGE_SIZE) -> list[ListingPage]:
    """The pages of a listing of `records` (newest first): the first page, then each year's pages
    (newest year first). One page only when the records fit on it."""
    if len(records) <= page_size:
        return [ListingPage(base, records, len(records))]
    by_year: dict[int, list[Record]] = {}
    for record in records:
        by_year.setdefault(record.publish_date.year, []).append(record)
    years = [YearLink(year, len(found), f"{base}/{year}/") for year, found in sorted(by_year.items(), reverse=True)]
    pages = [ListingPage(base, records[:page_size], len(records), years)]
    for link in years:
        found = by_year[link.year]
        count = -(-len(found) // page_size)
        for number in range(1, count + 1):
            rows = found[(number - 1) * page_size : number * page_size]
            pages.append(ListingPage(base, rows, len(records), years, link.year, number, count))
    return pages
