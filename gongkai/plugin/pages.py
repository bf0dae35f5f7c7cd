"""The plugin's pages: a generated page's file and a record's page, and the one escape of record
text for the theme (`theme_text`; see gongkai.plugin.plugin's docstring)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import markupsafe
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from gongkai.render.spec import PageSpec

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.toc import TableOfContents

__all__ = ["PageFile", "RecordPage", "skip_target", "theme_text"]


class PageFile(File):
    """A generated page; in a preview build, only the stale ones count as modified (MkDocs renders
    and writes a page in a "dirty" build only if its file is modified)."""

    gk_stale = True

    def is_modified(self) -> bool:
        return self.gk_stale


class RecordPage(Page):
    """A record's page. Its HTML comes from our templates, so MkDocs' Markdown step, which would
    only convert a stub, is skipped (at 10,000 records it cost seconds).

    MkDocs renders every page's content before it writes any page, so it would hold the HTML of
    every record at once (300 MB at 30,000 records); a record page's content is rendered just
    before its page is written (`on_page_context`) and dropped once written (`on_post_page`)."""

    gk_record = True  # theme/main.html shares one rendered sidebar among a section's record pages

    def __init__(self, spec: PageSpec, file: File, config: MkDocsConfig) -> None:
        super().__init__(theme_text(spec.title), file, config)  # also sets file.page
        self.spec = spec

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {"title": theme_text(self.spec.title)}
        if self.spec.feed:
            self.meta["feed"] = self.spec.feed
        if self.spec.description:
            self.meta["description"] = theme_text(self.spec.description)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # the HTML comes just before the page is written: see the class
        self.toc = skip_target(self.spec.title)


def theme_text(value: str) -> markupsafe.Markup:
    """A record value as the theme expects it: HTML, escaped exactly once."""
    return markupsafe.escape(value)


def skip_target(title: str) -> TableOfContents:
    """A table of contents whose only entry is the content's start (#gk-content in our main.html):
    Material's skip link ("跳转至") goes to the first entry."""
    return get_toc([{"level": 1, "id": "gk-content", "name": theme_text(title), "children": []}])
