"""The page contract: what the site's pages are made of, apart from how each is rendered.

`PageSpec` is one generated page (path, title, a callable returning its HTML), as
`gongkai.render.pages.SitePages` and `gongkai.render.version_pages` make them and the plugin and
the preview read them; `SiteInfo` what templates know about the site beyond the records;
`common_context` what every page's template is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.types import RECORD_TYPES


@dataclass
class SiteInfo:
    """What templates need to know about the site beyond the records."""

    name: str
    url: str
    attachments_dir: Path
    today: dt.date
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class PageSpec:
    src_uri: str  # e.g. "documents/2019-vehicles.md"; with directory URLs it is served at documents/2019-vehicles/
    title: str
    render: Callable[[], str]  # the page's HTML content (called once, when MkDocs renders the page)
    feed: str | None = None  # slug of the section feed the page links to
    markdown: bool = False  # True: `render` returns Markdown for MkDocs to convert (hand-made pages)
    record: bool = False  # a record page (kept out of the navigation)
    description: str | None = None  # plain text for <meta name="description"> (a record's summary)
    listing: bool = False  # a listing's year page (kept out of the navigation, like record pages)
    # the national monitoring platform's page tags beyond the site's own: (name, plain text)
    # pairs, see gongkai.render.page_tags
    tags: tuple[tuple[str, str], ...] = ()
    editorial: bool = False  # for the editors (the inspection page): out of the nav and the sitemap, noindex

    @property
    def outside_nav(self) -> bool:
        return self.record or self.listing or self.editorial


def common_context(site: SiteInfo, today: dt.date) -> dict[str, Any]:
    """What every page's template reads: the site, the record types and the build date."""
    return {"site": site, "types": RECORD_TYPES, "today": today}
