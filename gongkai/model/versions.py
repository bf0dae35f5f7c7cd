"""Versions of a normative document (the model side): its successive texts and its timeline.

A document's `versions` list holds its texts in the order they came into force: the original
(no `by`), then one consolidated text per amendment (`by`: the amending document, `date`: the day
it is in force). The model only sees versions whose amending document is public (an embargoed
amendment's text stays out of the site until the amendment itself is published). The text in
force today is the last version dated on or before the build date; a version dated later is
published but not yet in force.

Each version has a stable page `documents/<id>/<YYYY-MM-DD>/` (also the current one, so a citation
keeps working after the next amendment).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongkai.model.dates import parse_date, required_date

if TYPE_CHECKING:
    from gongkai.model.records import Document

DECLARED_EXPIRED = "宣布失效"


@dataclass(frozen=True)
class Version:
    document: Document
    index: int  # position among the public versions, 0 for the first
    date: dt.date  # in force from
    by: Document | None  # the amending document (None: the original text)
    body: str
    note: str = ""

    @property
    def url(self) -> str:
        """Site-relative URL, e.g. `documents/2022-office-space-management/2024-08-01/`."""
        return f"{self.document.url}{self.date.isoformat()}/"

    @property
    def previous(self) -> Version | None:
        return self.document.versions[self.index - 1] if self.index else None

    @property
    def following(self) -> Version | None:
        versions = self.document.versions
        return versions[self.index + 1] if self.index + 1 < len(versions) else None

    @property
    def is_current(self) -> bool:
        return self is self.document.current_version

    @property
    def is_future(self) -> bool:
        return self.date > self.document.catalog.today

    @property
    def until(self) -> dt.date | None:
        """Last day in force, when a later version replaced it."""
        following = self.following
        return following.date - dt.timedelta(days=1) if following else None


def document_versions(document: Document) -> list[Version]:
    """The document's public versions, oldest first."""

    entries: list[tuple[dt.date, Document | None, str, str]] = []
    for entry in document.data.get("versions") or []:
        by = None
        if entry.get("by"):
            by = document.catalog.get("documents", entry["by"])
            if by is None:  # the amendment is not public (yet): neither is its text
                continue
        entries.append((required_date(entry.get("date")), by, entry.get("body") or "", entry.get("note") or ""))
    entries.sort(key=lambda e: e[0])
    return [Version(document, index, *entry) for index, entry in enumerate(entries)]


def current_version(document: Document) -> Version | None:
    """The version in force on the build date (the first one if none is in force yet)."""
    versions = document.versions
    if not versions:
        return None
    in_force = [v for v in versions if v.date <= document.catalog.today]
    return in_force[-1] if in_force else versions[0]


def versions_by(amending: Document) -> list[Version]:
    """The versions an amending document produced (of the documents it amends)."""
    return [v for target in amending.amends for v in target.versions if v.by is amending]


@dataclass(frozen=True)
class Event:
    """One entry of a document's timeline."""

    date: dt.date
    label: str  # 成文 · 公布 · 施行 · 修改 · 废止 · 失效 · 宣布失效 · 有效期至
    version: Version | None = None
    document: Document | None = None  # the amending or repealing document
    note: str = ""

    @property
    def future(self) -> bool:
        return False if self.version is None else self.version.is_future


def timeline(document: Document) -> list[Event]:
    """成文 · 公布 · 施行 · each amendment · 废止/失效, in date order."""

    data = document.data
    today = document.catalog.today
    events = []
    # the original text is linked from the day it took effect (the publish date when no effective date)
    starts = "effective_date" if data.get("effective_date") else "publish_date"
    for label, name in (("成文", "signed_date"), ("公布", "publish_date"), ("施行", "effective_date")):
        day = parse_date(data.get(name))
        if day:
            first = document.versions[0] if document.versions and name == starts else None
            events.append(Event(day, label, first))
    for version in document.versions:
        if version.by is not None:
            events.append(Event(version.date, "修改", version, version.by, version.note))
    repealed = data.get("repealed") or {}
    repealed_on = parse_date(repealed.get("date"))
    if repealed_on:
        events.append(Event(repealed_on, "废止", None, document.repealed_by, repealed.get("reason") or ""))
    for cleanup in data.get("cleanups") or []:
        day = parse_date(cleanup.get("date"))
        if day and cleanup.get("result") == DECLARED_EXPIRED:
            events.append(Event(day, DECLARED_EXPIRED, None, None, cleanup.get("batch") or ""))
    expiry = parse_date(data.get("expiry_date"))
    if expiry:
        events.append(Event(expiry, "有效期至", note="已届满" if expiry < today else ""))
    order = {"成文": 0, "公布": 1, "施行": 2}
    return sorted(events, key=lambda e: (e.date, order.get(e.label, 3)))
