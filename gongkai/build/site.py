"""One site build, independent of MkDocs: load → validate → catalog → pages and output files.

The MkDocs plugin drives this object; another static site generator could drive it the same way.

Both build processes make one: the main process validates and renders pages, the output process
(`gongkai.build.output`, a fresh interpreter) only reads, makes the catalog and the output files.
So validation and the pages are imported where they are used, not here: the output process would
otherwise import every rule family and every page module for nothing (tests/unit/build/test_imports.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai.agencies import Agencies
from gongkai.build.folders import Folders, copy_attachments
from gongkai.build.staging import Staging
from gongkai.config import Settings
from gongkai.load.attachments import Library
from gongkai.load.records import SourceRecord, load_records
from gongkai.model.records import Catalog
from gongkai.problems import Problem
from gongkai.render.spec import PageSpec, SiteInfo

if TYPE_CHECKING:
    from gongkai.render.search.write import SearchText
    from gongkai.validate.memo import ValidationMemo


class SiteBuild:
    def __init__(self, settings: Settings, today: dt.date, *, site_name: str, site_url: str, extra: dict[str, Any]):
        self.settings = settings
        self.today = today
        self.site = SiteInfo(site_name, site_url, settings.data_dir / "attachments", today, extra)
        self.records: list[SourceRecord] = []
        self.library = Library.for_settings(settings)  # attachment contents, shared by validation and outputs
        self.problems: list[Problem] = []
        self.catalog: Catalog | None = None
        self.digest = ""  # of the records as read (gongkai.load.records.records_digest)

    def validate(
        self, load: Callable[[Path, int], list[SourceRecord]] = load_records, memo: ValidationMemo | None = None
    ) -> list[Problem]:
        """Load (with `load`: the preview's reads only changed files) and validate the records."""
        from gongkai.validate.run import load_and_validate

        run = load_and_validate(self.settings, self.today, load=load, library=self.library, memo=memo, digest=True)
        self.records, self.digest, self.problems = run.records, run.digest, run.problems
        return self.problems

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def failed(self) -> bool:
        from gongkai.validate.run import fails

        return fails(self.problems, self.settings.strict)

    def make_catalog(self) -> Catalog:
        agencies = Agencies(self.settings.agencies)
        self.catalog = Catalog([(r.type, r.data) for r in self.records], self.today, self.library, agencies)
        return self.catalog

    def release_sources(self) -> None:
        """Drop the loaded files once the catalog is made: a one-off build needs no more than the
        catalog (which shares their data)."""
        self.records = []

    def pages(self, existing: set[str]) -> list[PageSpec]:
        from gongkai.render.pages import SitePages

        assert self.catalog is not None
        return SitePages(self.catalog, self.site, existing, self.settings).specs()

    def output_files(self) -> dict[str, bytes]:
        """Feeds, open data and the search index, as site-relative path -> bytes."""
        files: dict[str, bytes] = {}
        self.write_outputs(files)
        return files

    def write_outputs(self, files: dict[str, bytes] | Staging) -> None:
        """Put feeds, open data and the search index into `files` as each is made (a `Staging`
        writes them to disk at once, so that they are not all held in memory)."""
        from gongkai.render.search.write import write_index

        write_index(self.outputs_but_index(files))

    def outputs_but_index(self, files: dict[str, bytes] | Staging) -> SearchText:
        """Feeds, open data and the search index's snippets, put into `files`; returns the text
        the gram index is built from (`gongkai.render.search.write.write_index`), which needs nothing
        else of the catalog."""
        from gongkai.render.agency_outputs import agency_output_files
        from gongkai.render.data_catalog import catalog_files
        from gongkai.render.exports import export_files
        from gongkai.render.feeds import feed_files
        from gongkai.render.search.write import Limits, SearchText

        assert self.catalog is not None
        files.update(feed_files(self.catalog, self.site.url, self.settings, site_name=self.site.name))
        export_files(self.catalog, self.site.url, files)
        catalog_files(self.catalog, files, site_url=self.site.url, site_name=self.site.name, extra=self.site.extra)
        agency_output_files(self.catalog, self.site.url, self.settings, files)  # none without agencies
        return SearchText(self.catalog, Limits(), files)

    def attachments(self) -> list[tuple[str, Path]]:
        """Attachments referenced by a publishable record; nothing else is copied to the site."""
        assert self.catalog is not None
        folder = self.settings.data_dir / "attachments"
        return [
            (relative, folder / relative)
            for relative in sorted(self.catalog.attachment_files())
            if (folder / relative).is_file()
        ]

    def publish_outputs(self, site_dir: Path, files: dict[str, bytes]) -> None:
        """Write the output files (from `output_files()`) and copy the public attachments."""
        folders = Folders()
        for relative, content in files.items():
            folders.target(site_dir / relative).write_bytes(content)
        copy_attachments(site_dir, self.attachments(), folders)
