"""Pages of a normative document's versions: `documents/<id>/<YYYY-MM-DD>/`, one per public version.

Only documents in the catalog (the publish gate) have versions here, and only versions whose
amending document is public (see gongkai.model.versions). These pages are not records of their own:
they are in no listing, feed, export or search index (search finds the document, i.e. its
current text).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gongkai.model.records import Document
from gongkai.model.versions import Version

if TYPE_CHECKING:
    from gongkai.render.pages import PageSpec, SitePages


def version_specs(pages: SitePages) -> Iterator[PageSpec]:
    from gongkai.render.pages import PageSpec

    for record in pages.catalog.public("documents"):
        assert isinstance(record, Document)
        for version in record.versions:
            title = f"{record.title}（{version.date.year}年{version.date.month}月{version.date.day}日起施行的文本）"
            render = functools.partial(version_page, pages, version)
            yield PageSpec(f"{version.url[:-1]}.md", title, render, record.type.slug, record=True)


def version_page(pages: SitePages, version: Version) -> str:
    template = pages.env.get_template("record/document-version.html")
    return template.render(
        record=version.document, version=version, root="../" * version.url.count("/"), **pages._common()
    )
