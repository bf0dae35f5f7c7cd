"""Back-reference lists, bounded: a record page shows the newest `SHOWN` records of each kind of
back-reference (the interpretations of a document, the documents amending it, the related
records), with their number and links to every page of the full list:

    /documents/<id>/                      the newest SHOWN of each list, "共 N 条", links to its pages
    /documents/<id>/interpretations/      the full list, PAGE_SIZE records a page, newest first,
    /documents/<id>/interpretations/2/    with links to every page of it

so that a record page stays small however many records name it (a regulation interpreted and cited
by hundreds of records) and every one of them is two plain links away: the list's page, the record.
The full lists exist only for lists longer than SHOWN. Their URLs cannot collide with a document's
version pages (`documents/<id>/<YYYY-MM-DD>/`, gongkai.render.version_pages).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import jinja2

from gongkai.model.records import Catalog, Document, Record
from gongkai.render.spec import PageSpec, SiteInfo, common_context

SHOWN = 20  # records shown on the record page, per list
PAGE_SIZE = 100  # records per page of a full list


@dataclass(frozen=True)
class References:
    """One kind of back-reference of a record: every record of it, newest first."""

    record: Record
    slug: str  # URL segment of the full list: "interpretations", "amended-by", "related"
    label: str  # the list's heading
    records: Sequence[Record]
    chronological: bool = False  # shown oldest first on the record page (amending documents)

    @property
    def total(self) -> int:
        return len(self.records)

    @property
    def shown(self) -> list[Record]:
        """What the record page lists: the newest SHOWN."""
        newest = list(self.records[:SHOWN])
        return newest[::-1] if self.chronological else newest

    @property
    def pages(self) -> int:
        """Pages of the full list (0: the record page shows them all and there is no full list)."""
        return 0 if self.total <= SHOWN else -(-self.total // PAGE_SIZE)

    def page_url(self, number: int) -> str:
        """Site-relative URL of page `number` of the full list."""
        first = f"{self.record.url}{self.slug}/"
        return first if number == 1 else f"{first}{number}/"

    def page(self, number: int) -> list[Record]:
        return list(self.records[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])


def references(record: Record) -> dict[str, References]:
    """The record's back-reference lists by slug (each may be empty)."""
    found = {"related": References(record, "related", "相关信息", record.related())}
    if isinstance(record, Document):
        found["interpretations"] = References(record, "interpretations", "政策解读", record.interpretations)
        found["amended-by"] = References(record, "amended-by", "修改本文件的文件", record.amended_by, True)
    return found


def reference_specs(catalog: Catalog, env: jinja2.Environment, site: SiteInfo) -> Iterator[PageSpec]:
    """The pages of every full list (only lists longer than SHOWN have them)."""
    for record in catalog.public():
        for refs in references(record).values():
            for number in range(1, refs.pages + 1):
                title = f"{record.title} · {refs.label}" + (f" · 第{number}页" if number > 1 else "")
                render = functools.partial(reference_page, env, site, catalog.today, refs, number)
                yield PageSpec(f"{refs.page_url(number)[:-1]}.md", title, render, listing=True)


def reference_page(env: jinja2.Environment, site: SiteInfo, today: dt.date, refs: References, number: int) -> str:
    url = refs.page_url(number)
    return env.get_template("record/references.html").render(
        refs=refs, number=number, records=refs.page(number), root="../" * url.count("/"), **common_context(site, today)
    )
