"""The benchmark's site measures: the plain MkDocs project gongkai is compared with (one Markdown
page per public record, as gongkai makes one page per record), record page sizes, every HTML
page's size and DOM element count, and site totals."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from synthetic import vocabulary

TODAY = vocabulary.TODAY.isoformat()  # the build date of the benchmark: the date the records are generated for


def _is_public(data: dict[str, Any], today: dt.date) -> bool:
    published = data.get("publish_date")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    return (
        data.get("disclosure") == "主动公开"
        and data.get("draft") is not True
        and isinstance(published, dt.date)
        and published <= today
    )


_META_FIELDS = (
    ("index_no", "索引号"),
    ("title", "信息名称"),
    ("issuer", "发布机构"),
    ("signed_date", "成文日期"),
    ("publish_date", "发布日期"),
    ("doc_number", "文号"),
    ("subjects", "主题分类"),
    ("effective_date", "施行日期"),
    ("expiry_date", "有效期至"),
    ("category", "权力类型"),
    ("code", "事项编码"),
    ("stage", "决策阶段"),
    ("from", "征求意见开始"),
    ("to", "征求意见截止"),
    ("year", "年度"),
)


def _texts(value: Any, found: list[str]) -> None:
    """Every longer text in a record (body, sections, procedures…), in field order."""
    if isinstance(value, str):
        if len(value) >= 40:
            found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _texts(item, found)
    elif isinstance(value, list):
        for item in value:
            _texts(item, found)


def plain_page(data: dict[str, Any], body: str | None) -> str:
    rows = []
    for key, label in _META_FIELDS:
        value = data.get(key)
        if value is None or value == "":
            continue
        shown = "；".join(map(str, value)) if isinstance(value, list) else str(value)
        rows.append(f"| {label} | {shown.replace('|', '｜')} |")
    texts: list[str] = []
    rest = {k: v for k, v in data.items() if k not in ("title", "summary", "id", "index_no")}
    if body is not None:
        rest["body"] = body
    _texts(rest, texts)
    parts = [f"# {data['title']}", "| 项目 | 内容 |\n| --- | --- |\n" + "\n".join(rows), data.get("summary") or ""]
    parts += texts
    return "\n\n".join(p for p in parts if p) + "\n"


def make_plain_project(project: Path, plain: Path) -> int:
    """A plain MkDocs project: same theme and settings, no plugins, one page per public record."""
    shutil.rmtree(plain, ignore_errors=True)
    docs = plain / "docs"
    docs.mkdir(parents=True)
    today = dt.date.fromisoformat(TODAY)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update({"docs_dir": "docs", "site_dir": "site", "plugins": []})
    from gongkai.types import RECORD_TYPES

    pages = 0
    for record_type in RECORD_TYPES:
        folder = project / "data" / record_type.key
        (docs / record_type.key).mkdir(parents=True, exist_ok=True)
        (docs / record_type.key / "index.md").write_text(f"# {record_type.label}\n\n本栏目的记录。\n", encoding="utf-8")
        for path in sorted(folder.glob("*.yaml")):
            with open(path, "rb") as f:
                data = yaml.load(f, Loader=yaml.CSafeLoader)
            if not _is_public(data, today):
                continue
            body_file = path.with_suffix(".md")
            body = body_file.read_text(encoding="utf-8") if body_file.is_file() else None
            (docs / record_type.key / f"{path.stem}.md").write_text(plain_page(data, body), encoding="utf-8")
            pages += 1
    (docs / "reports" / "index.md").write_text("# 年度报告\n", encoding="utf-8")
    (docs / "index.md").write_text(f"# {config['site_name']}\n\n共 {pages} 条记录。\n", encoding="utf-8")
    shutil.copyfile(project / "content" / "guide.md", docs / "guide.md")
    config["nav"] = [
        {"首页": "index.md"},
        {"公开指南": "guide.md"},
        *({t.label: f"{t.key}/index.md"} for t in RECORD_TYPES if not t.key.startswith("reports/")),
        {
            "年度报告": [
                "reports/index.md",
                *({t.label: f"{t.key}/index.md"} for t in RECORD_TYPES if t.key.startswith("reports/")),
            ]
        },
    ]
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pages


def page_sizes(site: Path, project: Path) -> dict[str, Any]:
    """Sizes of the record pages of a built site (one index.html per public record)."""
    from gongkai.types import RECORD_TYPES

    sizes = []
    own = []  # bytes of the record's own content (its <article class="gk-record">), the rest is the theme's
    for record_type in RECORD_TYPES:
        for path in (project / "data" / record_type.key).glob("*.yaml"):
            page = site / record_type.key / path.stem / "index.html"
            if page.is_file():
                html = page.read_bytes()
                sizes.append((len(html), page.relative_to(site).as_posix()))
                start = html.find(b'<article class="gk-record')
                own.append(html.find(b"</article>", start) - start if start >= 0 else 0)
    if not sizes:
        return {"pages": 0}
    sizes.sort()
    return {
        "pages": len(sizes),
        "median": statistics.median(s for s, _ in sizes),
        "median_own": statistics.median(own),
        "p95": sizes[int(len(sizes) * 0.95)][0],
        "largest": sizes[-1][0],
        "largest_page": sizes[-1][1],
    }


class _Elements(HTMLParser):
    """Counts the elements of an HTML page as a browser's DOM holds them (script text is not parsed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:  # also called for <br/>-style tags
        self.count += 1


def element_count(html: str) -> int:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.count


def html_pages(site: Path) -> dict[str, Any]:
    """Every HTML page of a built site: the largest (bytes, and its elements) and the one with the
    most DOM elements."""
    largest = (0, "", 0)  # bytes, page, elements
    most = (0, "")
    count = 0
    for path in sorted(site.rglob("*.html")):
        count += 1
        size = path.stat().st_size
        elements = element_count(path.read_text(encoding="utf-8"))
        name = path.relative_to(site).as_posix()
        largest = max(largest, (size, name, elements))
        most = max(most, (elements, name))
    return {
        "html_pages": count,
        "largest": largest[0],
        "largest_page": largest[1],
        "largest_elements": largest[2],
        "most_elements": most[0],
        "most_elements_page": most[1],
    }


def site_totals(site: Path, attachments: bool = True) -> tuple[int, int]:
    """Files and bytes of a built site; without `attachments`, those under attachments/ left out."""
    count = total = 0
    skipped = site / "attachments"
    for path in site.rglob("*"):
        if path.is_file() and (attachments or skipped not in path.parents):
            count += 1
            total += path.stat().st_size
    return count, total
