"""The national monitoring platform's page tags: `<meta name="…" content="…">` on every page.

The national government-website monitoring platform reads a page's site, column and article from
these tags (the names are its convention; see ARCHITECTURE.md, "National page tags", for the
source of each). Here they are plain text pairs (name, content), computed from the settings and
the records; the theme prints them in the page's head, escaped once (gongkai/theme/main.html).

- every page: SiteName, SiteDomain, SiteIDCode (a tag whose setting is missing is left out); the
  pages of a declared agency with its own 政府网站标识码 (gongkai/agencies.py: its landing page,
  columns and catalog, its records' pages) carry that code as their SiteIDCode instead of the
  site's: the page's own tags name it, and the theme leaves out a site tag the page gives itself;
- a column (a listing of one record type, the catalog, the reports' index) also: ColumnName,
  ColumnDescription, ColumnKeywords, ColumnType;
- a content page (a record, a document's version) also: ArticleTitle, PubDate, ContentSource,
  and Keywords where the record has subjects. Its Description (a summary, where the record has
  one) is the page's `<meta name="description">` (`PageSpec.description`, printed by the theme):
  HTML compares meta names without regard to case, so a second tag would say the same twice on
  pages whose size is budgeted (record pages stay under 25,000 bytes).

Records carry a date, not a time: PubDate is the publication date at 00:00 (`yyyy-MM-dd HH:mm`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from gongkai.agencies import Agency
from gongkai.model.records import Record
from gongkai.render.spec import SiteInfo
from gongkai.types import RecordType

Tags = tuple[tuple[str, str], ...]

# ColumnType: the kind of disclosure a column holds, by record type key.
COLUMN_TYPES = {
    "documents": "政策文件",
    "interpretations": "政策解读",
    "decisions": "重大行政决策",
    "consultations": "征求意见",
    "powers": "权责清单",
    "reports/rule-of-law": "年度报告",
    "reports/disclosure": "年度报告",
}
DESCRIPTION_LENGTH = 120  # characters of a record's summary in its Description tag


def site_tags(site: SiteInfo) -> Tags:
    """The tags of every page: the site's name, domain and 政府网站标识码."""
    info = site.extra.get("site_info")
    code = info.get("identification_code") if isinstance(info, dict) else None
    domain = urlsplit(site.url).netloc if site.url else ""
    return _present(("SiteName", site.name), ("SiteDomain", domain), ("SiteIDCode", _text(code)))


def column_tags(site: SiteInfo, name: str, column_type: str, agency: Agency | None = None) -> Tags:
    """The tags of a column (list) page named `name`: the site's, or one declared agency's."""
    publisher = agency.name if agency else _text(site.extra.get("agency")) or site.name
    return _present(
        ("ColumnName", name),
        ("ColumnDescription", f"{publisher}公开的{name}"),
        ("ColumnKeywords", f"{name},{column_type},政务公开"),
        ("ColumnType", column_type),
        *_own_site(agency),
    )


def type_column_tags(site: SiteInfo, record_type: RecordType) -> Tags:
    """The tags of a record type's listing."""
    return column_tags(site, record_type.label, COLUMN_TYPES.get(record_type.key, "政务公开"))


def article_tags(record: Record, title: str | None = None) -> Tags:
    """The tags of a record's page (or of a page showing one of its texts, under `title`)."""
    return _present(
        ("ArticleTitle", title or record.title),
        ("PubDate", f"{record.publish_date.isoformat()} 00:00"),
        # the record's agency on a site that declares agencies (gongkai/agencies.py), else its issuer
        ("ContentSource", record.agency.name if record.agency else record.issuer),
        ("Keywords", ",".join(record.subjects)),
        *_own_site(record.agency),
    )


def description(record: Record) -> str | None:
    """The record's summary on one line, at most DESCRIPTION_LENGTH characters: the page's
    `<meta name="description">`, the platform's Description (and a search result's snippet)."""
    text = " ".join((record.summary or "").split())
    limit = DESCRIPTION_LENGTH
    return (text[: limit - 1] + "…" if len(text) > limit else text) or None


def _own_site(agency: Agency | None) -> Tags:
    """SiteIDCode of a page of an agency that has its own 政府网站标识码 (else the site's stands)."""
    return (("SiteIDCode", agency.identification_code),) if agency and agency.identification_code else ()


def _text(value: object) -> str:
    return str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def _present(*tags: tuple[str, str]) -> Tags:
    return tuple((name, " ".join(content.split())) for name, content in tags if content and content.strip())
