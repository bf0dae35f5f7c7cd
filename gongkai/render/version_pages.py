"""Pages of a normative document's versions: `documents/<id>/<YYYY-MM-DD>/`, one per public version.

Only documents in the catalog (the publish gate) have versions here, and only versions whose
amending document is public (see gongkai.model.versions). These pages are not records of their own:
they are in no listing, feed, export or search index (search finds the document, i.e. its
current text).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator

import jinja2

from gongkai.model.records import Catalog, Document
from gongkai.model.versions import Version
from gongkai.render.page_tags import article_tags
from gongkai.render.spec import PageSpec, SiteInfo, common_context


def version_specs(catalog: Catalog, env: jinja2.Environment, site: SiteInfo) -> Iterator[PageSpec]:
    """The version pages of the catalog's documents, rendered with the site's template environment."""
    for record in catalog.public("documents"):
        assert isinstance(record, Document)
        for version in record.versions:
            title = f"{record.title}（{version.date.year}年{version.date.month}月{version.date.day}日起施行的文本）"
            render = functools.partial(version_page, env, site, catalog.today, version)
            tags = article_tags(record, title)
            yield PageSpec(f"{version.url[:-1]}.md", title, render, record.type.slug, record=True, tags=tags)


def version_page(env: jinja2.Environment, site: SiteInfo, today: dt.date, version: Version) -> str:
    template = env.get_template("record/document-version.html")
    return template.render(
        record=version.document, version=version, root="../" * version.url.count("/"), **common_context(site, today)
    )
