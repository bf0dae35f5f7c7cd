"""One site build, independent of MkDocs: load → validate → catalog → pages and output files.

The MkDocs plugin drives this object; another static site generator could drive it the same way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from gongkai.config import Settings
from gongkai.model import Catalog
from gongkai.problems import Problem
from gongkai.render.pages import PageSpec, SiteInfo, SitePages
from gongkai.sources import SourceRecord, load_records
from gongkai.validate import validate_records


class SiteBuild:
    def __init__(self, settings: Settings, today: dt.date, *, site_name: str, site_url: str, extra: dict[str, Any]):
        self.settings = settings
        self.today = today
        self.site = SiteInfo(site_name, site_url, settings.data_dir / "attachments", today, extra)
        self.records: list[SourceRecord] = []
        self.problems: list[Problem] = []
        self.catalog: Catalog | None = None

    def validate(self) -> list[Problem]:
        self.records = load_records(self.settings.data_dir, self.settings.max_file_bytes)
        self.problems = validate_records(self.records, self.settings, self.today)
        return self.problems

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def failed(self) -> bool:
        warnings = len(self.problems) - self.error_count
        return bool(self.error_count or (self.settings.strict and warnings))

    def make_catalog(self) -> Catalog:
        self.catalog = Catalog([(r.type, r.data) for r in self.records], self.today)
        return self.catalog

    def pages(self, existing: set[str]) -> list[PageSpec]:
        assert self.catalog is not None
        return SitePages(self.catalog, self.site, existing).specs()

    def output_files(self) -> dict[str, bytes]:
        """Feeds, open data and the search index, as site-relative path -> bytes."""
        from gongkai.render.exports import export_files
        from gongkai.render.feeds import feed_files
        from gongkai.render.search import search_files

        assert self.catalog is not None
        files: dict[str, bytes] = {}
        files.update(feed_files(self.catalog, self.site.url, self.settings))
        files.update(export_files(self.catalog, self.site.url))
        files.update(search_files(self.catalog))
        return files

    def attachments(self) -> list[tuple[str, Path]]:
        """Attachments referenced by a publishable record; nothing else is copied to the site."""
        assert self.catalog is not None
        folder = self.settings.data_dir / "attachments"
        return [(relative, folder / relative) for relative in sorted(self.catalog.attachment_files()) if (folder / relative).is_file()]
