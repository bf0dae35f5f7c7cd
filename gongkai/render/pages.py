"""Pages: what the site shows, as (path, title, HTML) specs rendered from Jinja templates.

Nothing here knows MkDocs. The plugin turns each `PageSpec` into an in-memory page and asks for
its HTML when MkDocs renders it, so record pages skip the Markdown pass (only record bodies are
Markdown, rendered and sanitised by `model.markdown_text`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from gongkai.agencies import Agency
from gongkai.config import Settings
from gongkai.model.markdown_text import render_markdown
from gongkai.model.records import OPEN, Catalog, Record
from gongkai.render import backlinks
from gongkai.render.agencies import agency_specs
from gongkai.render.agency_outputs import agency_folder, shares_site_data
from gongkai.render.comparison import compare
from gongkai.render.fields import fields
from gongkai.render.listings import ListingPage, listing_pages
from gongkai.render.page_tags import article_tags, column_tags, description, type_column_tags
from gongkai.render.reports import ReportPages
from gongkai.render.spec import PageSpec, SiteInfo, common_context
from gongkai.render.version_pages import version_specs
from gongkai.types import RECORD_TYPES, RecordType

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_FILE_KINDS = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".csv": "CSV",
    ".txt": "文本",
    ".ofd": "OFD",
    ".wps": "WPS",
    ".et": "WPS 表格",
    ".zip": "压缩包",
    ".png": "图片",
    ".jpg": "图片",
    ".jpeg": "图片",
    ".svg": "图片",
}


class _Environment(jinja2.Environment):
    """Templates see a record's `data` through gongkai.render.fields: every field its schema
    declares is there (None when left out); any other name is undefined."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Every attribute a template reads comes here (~100 per record page): Jinja's own lookup
        # is called directly, without a `super()` object per read.
        if attribute == "data" and isinstance(obj, Record):
            return fields(obj.type.schema_name, obj.data)
        return _JINJA_GETATTR(self, obj, attribute)


_JINJA_GETATTR = jinja2.Environment.getattr


@functools.cache
def environment(undefined: type[jinja2.Undefined] = jinja2.ChainableUndefined) -> jinja2.Environment:
    """The templates' environment, one per process: the templates are the package's own and
    compiled once (each preview build under `mkdocs serve` compiled them again: a tenth of its
    time at 3,000 records). Nothing changes it after it is made. The site tests pass
    jinja2.StrictUndefined: every page of the demo renders without reading anything undefined."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=undefined,
        # Templates are package files, not the project's: none changes while gongkai runs (a
        # change to them needs a new `mkdocs serve`). With auto_reload each lookup stats the
        # template's file, several times per page.
        auto_reload=False,
    )
    env.filters["cn_date"] = cn_date
    env.filters["markdown"] = lambda text: markupsafe.Markup(render_markdown(text or ""))  # sanitised
    env.globals["comparison"] = compare  # 修改对照表 of two version texts (plain data; the template escapes)
    env.globals["references"] = backlinks.references  # a record's back-reference lists, bounded
    env.globals["refs_shown"] = backlinks.SHOWN
    env.globals["refs_page_size"] = backlinks.PAGE_SIZE
    return env


def cn_date(value: dt.date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


class SitePages:
    """Every generated page of the site, from the catalog."""

    def __init__(self, catalog: Catalog, site: SiteInfo, existing: set[str], settings: Settings):
        self.catalog = catalog
        self.site = site
        self.settings = settings
        self.existing = existing  # hand-written pages in content/ win over generated ones
        self.env = environment()
        self.reports = ReportPages(catalog, settings)  # the annual reports' extras

    def specs(self) -> list[PageSpec]:
        pages: list[PageSpec] = []
        for record in self.catalog.public():
            render = functools.partial(self.record_page, record)
            pages.append(
                PageSpec(
                    f"{record.url[:-1]}.md",
                    record.title,
                    render,
                    record.type.slug,
                    record=True,
                    description=description(record),
                    tags=article_tags(record),
                )
            )
        pages.extend(version_specs(self.catalog, self.env, self.site))
        pages.extend(backlinks.reference_specs(self.catalog, self.env, self.site))
        for record_type in RECORD_TYPES:
            listing = listing_pages(record_type.key, self.catalog.public(record_type.key))
            pages += self._listing_specs(
                listing,
                f"{record_type.key}/index.md",
                record_type.label,
                functools.partial(self.section_page, record_type),
                record_type.slug,
                type_column_tags(self.site, record_type),
            )
        pages.append(PageSpec("index.md", self.site.name, self.home_page))
        pages += self._listing_specs(
            listing_pages("catalog", self.catalog.public()),
            "catalog.md",
            "公开目录",
            self.catalog_page,
            tags=column_tags(self.site, "公开目录", "政务公开"),
        )
        pages += agency_specs(self)  # each declared agency's pages (none on a one-agency site)
        reports_tags = column_tags(self.site, "年度报告", "年度报告")
        pages.append(PageSpec("reports/index.md", "年度报告", self.reports_page, tags=reports_tags))
        for name, title, template, data in (
            ("subscribe", "订阅", "feeds.md.j2", self._feeds),
            ("open-data", "开放数据", "open-data.md.j2", self._datasets),
            ("search", "搜索", "search.md.j2", self._search),
        ):
            pages.append(
                PageSpec(f"{name}.md", title, functools.partial(self.markdown_page, template, data), markdown=True)
            )
        return [p for p in pages if p.src_uri not in self.existing]

    # -- pages ---------------------------------------------------------------------------------

    def record_page(self, record: Record) -> str:
        depth = record.url.count("/")
        template = self.env.get_template(f"record/{record.type.schema_name}.html")
        return template.render(
            record=record,
            root="../" * depth,
            attachments=self._attachments(record),
            **self.reports.record_context(record),
            **self.common(),
        )

    @staticmethod
    def _listing_specs(
        pages: list[ListingPage],
        first_src: str,
        label: str,
        render: Callable[[ListingPage], str],
        feed: str | None = None,
        tags: tuple[tuple[str, str], ...] = (),
    ) -> list[PageSpec]:
        """The first page of a listing under its navigation name, then its year pages (the same column)."""
        first, *years = pages
        specs = [PageSpec(first_src, label, functools.partial(render, first), feed, tags=tags)]
        specs += [
            PageSpec(p.src_uri, p.title(label), functools.partial(render, p), feed, listing=True, tags=tags)
            for p in years
        ]
        return specs

    def section_page(self, record_type: RecordType, page: ListingPage, agency: Agency | None = None) -> str:
        """A column's page: the site's (`agency` None) or one agency's (gongkai/render/agencies.py)."""
        filters = _filters(page.records)
        if page.paged:
            filters["year"] = []  # the years are links to their pages
        # The reports' index pages add their figures across the years below the list.
        reports = record_type.key.startswith("reports/") and agency is None
        extra = self.reports.index_context(record_type.key, page.records) if reports else {}
        template = "report-index.html" if extra else "section.html"
        return self.env.get_template(template).render(
            type=record_type,
            records=page.records,
            listing=page,
            root=page.root,
            filters=filters,
            agency=agency,
            under=agency_folder(agency) if agency else "",
            agency_links=list(self.catalog.agencies) if len(self.catalog.agencies) > 1 else [],
            shared_agency=self._shared_agency,  # its column is the site's (render/agencies.py)
            **extra,
            **self.common(),
        )

    @functools.cached_property
    def _shared_agency(self) -> str:
        """The slug of the agency that holds every public record of the site, if one does."""
        return next((a.slug for a in self.catalog.agencies if shares_site_data(self.catalog, a)), "")

    def home_page(self) -> str:
        consultations = [c for c in self.catalog.public("consultations") if c.state == OPEN]
        counts = {t.key: len(self.catalog.public(t.key)) for t in RECORD_TYPES}
        return self.env.get_template("home.html").render(
            latest=self.catalog.public()[:12],
            consultations=consultations,
            counts=counts,
            agencies=list(self.catalog.agencies),
            root="",
            **self.common(),
        )

    def catalog_page(self, page: ListingPage, agency: Agency | None = None) -> str:
        return self.env.get_template("catalog.html").render(
            records=page.records, listing=page, root=page.root, agency=agency, **self.common()
        )

    def reports_page(self) -> str:
        reports = self.catalog.public("reports/rule-of-law") + self.catalog.public("reports/disclosure")
        return self.env.get_template("reports.html").render(records=reports, root="../", **self.common())

    def markdown_page(self, template: str, data: Callable[[], dict[str, Any]]) -> str:
        """A hand-made page's Markdown from its template and the data only it needs."""
        return self.env.get_template(template).render(root="../", **data(), **self.common())

    def _feeds(self) -> dict[str, Any]:
        from gongkai.render.feeds import feed_list

        return {"feeds": feed_list(self.catalog, self.settings), "feed_entries": self.settings.feed_entries}

    def _search(self) -> dict[str, Any]:
        return {"agencies": list(self.catalog.agencies)}  # the filter by agency (none: no filter)

    def _datasets(self) -> dict[str, Any]:
        from gongkai.render.exports import dataset_list

        return {"datasets": dataset_list(self.catalog)}

    # -- helpers -------------------------------------------------------------------------------

    def common(self) -> dict[str, Any]:
        return common_context(self.site, self.catalog.today)

    def _attachments(self, record: Record) -> list[dict[str, Any]]:
        """The `attachments` list as shown: name, type (as read from the content), size, PDF pages."""
        found = []
        for title, file, content in record.attachment_contents()[: len(record.attachments)]:
            path = self.site.attachments_dir / file
            if content is None:
                size = path.stat().st_size if path.is_file() else 0
                kind = _FILE_KINDS.get(path.suffix.lower(), path.suffix.lstrip(".").upper() or "文件")
            else:
                size, kind = content.size, _FILE_KINDS.get(path.suffix.lower(), content.label)
            pages = content.pages if content is not None and content.pages else None
            found.append({"title": title, "file": file, "kind": kind, "size": human_size(size), "pages": pages})
        return found


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _filters(records: list[Record]) -> dict[str, list[str]]:
    """Values offered by a section table's filter boxes (only those that occur)."""
    statuses = sorted({r.status for r in records if r.status})
    years = sorted({str(r.publish_date.year) for r in records}, reverse=True)
    categories = sorted({c for r in records for c in ([r.data["category"]] if r.data.get("category") else r.subjects)})
    issuers = sorted({r.issuer for r in records})
    agencies = sorted({r.agency.name for r in records if r.agency})
    return {"status": statuses, "year": years, "category": categories, "issuer": issuers, "agency": agencies}
