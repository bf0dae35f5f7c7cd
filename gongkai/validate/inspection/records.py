"""Indicators read off the records: consultations' feedback (互动回应), documents marked as amended,
repealed or expired on their own pages (47号), and internal links in record text that lead nowhere.

- 互动回应差 (19号): consultations whose feedback is overdue (docs/rules.md, rule 3: more than
  `feedback_within_days` after closing without `feedback`), counted. 19号's 单项否决 item 5 is
  about 政务咨询类 columns and leaves 调查征集类 (consultations) out; its 扣分 table scores them
  (互动回应情况), hence the level 扣分.
- 47号 asks that a document modified, repealed or expired be clearly marked on the original. The
  record page does so by construction (its validity banner, docs/rules.md rule 8), unless a
  hand-written page in docs_dir takes the record page's place: that is reported.
- 链接可用性 (19号 扣分): a build sees the links in record bodies; a link to a page of this site
  (a path, not a full URL) that the site does not have is counted. Outside links are not fetched
  by a build (the quality gate checks built links: tests/quality).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator

from gongkai.model.records import AMENDED, EXPIRED, REPEALED, Record
from gongkai.types import RECORD_TYPES
from gongkai.validate.inspection.findings import (
    CHECK_INDICATORS,
    DEDUCT,
    DEVELOPMENT_GUIDE,
    Finding,
    Indicator,
    Result,
    SiteView,
)

INTERACTION = Indicator("interaction", "扣分指标 三（二）", "互动回应差（征求意见未反馈）", CHECK_INDICATORS)
VALIDITY = Indicator("validity_marks", "47号 四（一）", "失效、废止、修改的文件明确标注", DEVELOPMENT_GUIDE)
LINKS = Indicator("links", "扣分指标 一（二）", "链接可用性", CHECK_INDICATORS)


def interaction(view: SiteView) -> Result:
    within = view.settings.feedback_within_days
    consultations = view.catalog.public("consultations")
    found = []
    for consultation in consultations:
        due = consultation.closes + dt.timedelta(days=within)
        if consultation.data.get("feedback") or view.today <= due:
            continue
        found.append(
            Finding(
                INTERACTION,
                DEDUCT,
                f"征求意见《{consultation.title}》于 {consultation.closes.isoformat()} 结束，应在 {within} 日内（{due.isoformat()} 前）"
                "公布意见采纳情况，至今未公布。请补充 feedback（date、comments_received、comments_adopted、summary）。",
                consultation.url,
                view.data_file(consultation),
            )
        )
    return Result(INTERACTION, f"{len(consultations)} 项征求意见中 {len(found)} 项逾期未反馈", tuple(found))


def validity_marks(view: SiteView) -> Result:
    marked = [d for d in view.catalog.public("documents") if d.validity in (AMENDED, REPEALED, EXPIRED)]
    found = [
        Finding(
            VALIDITY,
            DEDUCT,
            f"文件《{document.title}》{document.validity}，但它的页面由手写页面 {document.url[:-1]}.md 代替，"
            "页面上没有有效性标注。请删除该手写页面（记录页面会自动标注“已修改”“已废止”“失效”）。",
            document.url,
            view.data_file(document),
        )
        for document in marked
        if f"{document.url[:-1]}.md" in view.hand_written
    ]
    return Result(
        VALIDITY, f"{len(marked)} 件已修改、废止或失效的文件，{len(marked) - len(found)} 件在页面上标注", tuple(found)
    )


# A Markdown link or image target, or an HTML href/src, in a record's text.
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|(?:href|src)\s*=\s*[\"']([^\"']+)[\"']")


def site_paths(view: SiteView) -> set[str]:
    """Every page and file of the site a record may link to (site-relative, without a leading /)."""
    paths = {"", "catalog/", "reports/", "subscribe/", "open-data/", "search/", "feeds/"}
    paths |= {r.url for r in view.catalog.public()}
    paths |= {f"{t.key}/" for t in RECORD_TYPES}
    paths |= {f"attachments/{a}" for a in view.catalog.attachment_files()}
    for src in view.hand_written:
        stem = src[: -len(".md")] if src.endswith(".md") else src
        paths.add("" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else f"{stem}/"))
    return paths


def _internal_targets(record: Record) -> Iterator[tuple[str, str]]:
    """(as written, resolved site path) of each link in the record's body that stays on the site."""
    for match in _TARGET.finditer(record.body):
        target = match.group(1) or match.group(2)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#", target):
            continue  # a full URL (judged by the quality gate), or a place on the same page
        path = target.split("#", 1)[0].split("?", 1)[0]
        resolved = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(record.url, path))
        resolved = "" if resolved == "." else resolved.lstrip("/")
        if path.endswith("/") and resolved:
            resolved += "/"
        yield target, resolved


def links(view: SiteView) -> Result:
    known = site_paths(view)
    found = []
    checked = 0
    for record in view.catalog.public():
        for written, resolved in _internal_targets(record):
            checked += 1
            if resolved in known or f"{resolved}/" in known or resolved.removesuffix("index.html") in known:
                continue
            found.append(
                Finding(
                    LINKS,
                    DEDUCT,
                    f"《{record.title}》的正文链接“{written}”指向本站不存在的页面或文件（/{resolved}）。请改正链接或删除它。",
                    record.url,
                    view.data_file(record),
                )
            )
    return Result(
        LINKS, f"检查了记录正文中 {checked} 个站内链接，{len(found)} 个无效（站外链接由质量检查负责）", tuple(found)
    )
