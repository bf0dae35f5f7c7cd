"""The model: typed records, derived states as of a date, and the publish gate.

`Catalog` is the gate. It is built from validated records and holds only the publishable ones
(主动公开, not a draft, publish_date not after the build date); every output (pages, tables,
feeds, exports, search, sitemap, related links, attachments) reads records through it, so a
record that must not be published cannot reach any of them.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, overload

from gongkai.agencies import NO_AGENCIES, Agencies, Agency
from gongkai.model.cleanups import BatchOutcomes, batch_outcomes
from gongkai.model.dates import parse_date, required_date
from gongkai.model.gate import is_publishable, without_scheduled_parts
from gongkai.model.versions import (
    DECLARED_EXPIRED,
    Event,
    Version,
    current_version,
    document_versions,
    timeline,
    versions_by,
)
from gongkai.schemas.references import references_in
from gongkai.types import RecordType

if TYPE_CHECKING:
    from gongkai.load.attachments import Extracted, Library

# Document validity (有效性), docs/rules.md, rule 8: derived, never typed.
NOT_YET_EFFECTIVE, IN_FORCE, AMENDED, EXPIRED, REPEALED = "未生效", "有效", "已修改", "失效", "已废止"
# Consultation state, derived from its dates.
NOT_STARTED, OPEN, CLOSED = "未开始", "进行中", "已结束"


@dataclass(frozen=True)
class Change:
    date: dt.date
    note: str


@dataclass
class Record:
    """One public record. Type-specific fields are read from `data` by the typed subclasses."""

    type: RecordType
    data: dict[str, Any]
    catalog: Catalog = field(repr=False)

    @property
    def id(self) -> str:
        value: str = self.data["id"]
        return value

    @property
    def key(self) -> tuple[str, str]:
        return (self.type.key, self.id)

    @property
    def title(self) -> str:
        value: str = self.data["title"]
        return value

    @property
    def issuer(self) -> str:
        value: str = self.data["issuer"]
        return value

    @property
    def agency(self) -> Agency | None:
        """The declared agency the record belongs to (its `agency`, else the site's own); None on a
        site that declares no agencies."""
        return self.catalog.agencies.of(self.data)

    @cached_property  # read for every sort, filter and feed: parsed once (records do not change)
    def publish_date(self) -> dt.date:
        return required_date(self.data["publish_date"])

    @property
    def url(self) -> str:
        """Site-relative URL of the record page, e.g. `documents/2019-vehicles/`."""
        return f"{self.type.key}/{self.id}/"

    @property
    def summary(self) -> str:
        return self.data.get("summary") or ""

    @property
    def body(self) -> str:
        return self.data.get("body") or ""

    @property
    def subjects(self) -> list[str]:
        return list(self.data.get("subjects") or [])

    @property
    def index_no(self) -> str:
        return self.data.get("index_no") or ""

    @property
    def doc_number(self) -> str:
        return self.data.get("doc_number") or ""

    @property
    def formed_date(self) -> dt.date:
        """生成日期/成文日期: when the information was formed."""
        for name in ("signed_date", "decided_date"):
            value = parse_date(self.data.get(name))
            if value:
                return value
        return self.publish_date

    @cached_property
    def changes(self) -> list[Change]:
        return self._noted_changes()

    def _noted_changes(self) -> list[Change]:
        """The `changes` notes, oldest first."""
        found: list[Change] = []
        for entry in self.data.get("changes") or []:
            note = entry.get("note") or "；".join(str(entry[k]) for k in ("type", "reason") if entry.get(k))
            found.append(Change(required_date(entry["date"]), note))
        return sorted(found, key=lambda c: c.date)

    @property
    def updated(self) -> dt.date:
        """Latest change on or before the build date, else the publish date."""
        dates = [c.date for c in self.changes if c.date <= self.catalog.today]
        return max([self.publish_date, *dates])

    @property
    def attachments(self) -> list[dict[str, str]]:
        return list(self.data.get("attachments") or [])

    @property
    def attachment_files(self) -> list[str]:
        """Every attachment path this record publishes (attachments, consultation draft, flowchart)."""
        files = [a["file"] for a in self.attachments]
        files += [self.data[name] for name in ("draft_attachment", "flowchart") if isinstance(self.data.get(name), str)]
        return files

    def attachment_contents(self) -> list[tuple[str, str, Extracted | None]]:
        """(name, path, what the file holds or None if unknown) of every attachment this record
        publishes, in the order above; contents come from the catalog's attachment library."""
        names = [a.get("title") or a["file"] for a in self.attachments]
        names += [
            label
            for name, label in (("draft_attachment", "征求意见稿"), ("flowchart", "办理流程图"))
            if isinstance(self.data.get(name), str)
        ]
        library = self.catalog.attachments
        return [
            (name, file, library.get(file) if library else None) for name, file in zip(names, self.attachment_files)
        ]

    @property
    def status(self) -> str:
        """The state shown in tables and badges: validity, consultation state, power status, or ''."""
        return ""

    def related(self) -> list[Record]:
        """Records linked by `related`, both ways, public only."""
        return self.catalog.related_of(self)


class Document(Record):
    @property
    def normative(self) -> bool:
        return bool(self.data.get("normative"))

    @property
    def amends(self) -> list[Document]:
        return [d for d in (self.catalog.get("documents", i) for i in self.data.get("amends") or []) if d]

    @property
    def amended_by(self) -> list[Document]:
        return self.catalog.backlinks("amends", self)

    @property
    def repealed_by(self) -> Document | None:
        repealed = self.data.get("repealed") or {}
        return self.catalog.get("documents", repealed.get("by", "")) if repealed else None

    @property
    def interpretations(self) -> list[Record]:
        return self.catalog.backlinks("interprets", self)

    @cached_property
    def versions(self) -> list[Version]:
        """Its public texts, oldest first (see gongkai.model.versions)."""
        return document_versions(self)

    @cached_property
    def current_version(self) -> Version | None:
        return current_version(self)

    @property
    def versions_made(self) -> list[Version]:
        """The versions of other documents this (amending) document produced."""
        return versions_by(self)

    @property
    def body(self) -> str:
        """The text in force today: the current version's when the document has versions."""
        version = self.current_version
        return version.body if version is not None else super().body

    @cached_property
    def changes(self) -> list[Change]:
        """Its change notes, plus one per amended text (the feed entry says which version is new)."""
        found = self._noted_changes()
        for version in self.versions[1:]:
            by = version.by.doc_number or version.by.title if version.by else ""
            found.append(
                Change(
                    version.date,
                    f"自{version.date.year}年{version.date.month}月{version.date.day}日起施行修改后的新版本（根据{by}修改）",
                )
            )
        return sorted(found, key=lambda c: c.date)

    def timeline(self) -> list[Event]:
        return timeline(self)

    @cached_property
    def cleanup_outcomes(self) -> BatchOutcomes | None:
        """The outcome table when this document publishes a cleanup batch."""
        return batch_outcomes(self)

    @property
    def cleanup_entries(self) -> list[tuple[dict[str, Any], Document | None]]:
        """Its cleanup results, each with the public batch document that published it (or None)."""
        return [(c, self.catalog.get("documents", c.get("by") or "")) for c in self.data.get("cleanups") or []]

    @property
    def declared_expired(self) -> dt.date | None:
        """The date of a cleanup that declared it 失效 (宣布失效), if any."""
        dates = [
            parse_date(c.get("date")) for c in self.data.get("cleanups") or [] if c.get("result") == DECLARED_EXPIRED
        ]
        return min((d for d in dates if d), default=None)

    @cached_property
    def validity(self) -> str:
        return self.validity_on(self.catalog.today)

    def validity_on(self, day: dt.date) -> str:
        """The validity as it was (or will be) on `day`, e.g. 31 December of a report's year."""
        repealed = self.data.get("repealed")
        if repealed and (parse_date(repealed.get("date")) or day) <= day:
            return REPEALED
        expiry = parse_date(self.data.get("expiry_date"))
        declared = self.declared_expired
        if (expiry and expiry < day) or (declared and declared <= day):
            return EXPIRED
        effective = parse_date(self.data.get("effective_date"))
        if effective and effective > day:
            return NOT_YET_EFFECTIVE
        if any(amendment.publish_date <= day for amendment in self.amended_by):
            return AMENDED
        return IN_FORCE

    @property
    def status(self) -> str:
        return self.validity

    @property
    def successor(self) -> Document | None:
        """The document a reader should go to instead: the repealing one, else the newest amendment."""
        if self.validity == REPEALED:
            return self.repealed_by
        if self.validity == AMENDED:
            return max(self.amended_by, key=lambda d: d.publish_date)
        return None


class Interpretation(Record):
    @property
    def document(self) -> Document | None:
        return self.catalog.get("documents", self.data.get("interprets", ""))


class Decision(Record):
    @property
    def stage(self) -> str:
        value: str = self.data.get("stage", "")
        return value

    @property
    def status(self) -> str:
        return self.stage

    @property
    def decision_document(self) -> Document | None:
        return self.catalog.get("documents", self.data.get("decision_document", ""))


class Consultation(Record):
    @property
    def opens(self) -> dt.date:
        return required_date(self.data["from"])

    @property
    def closes(self) -> dt.date:
        return required_date(self.data["to"])

    @property
    def state(self) -> str:
        today = self.catalog.today
        if today < self.opens:
            return NOT_STARTED
        if today > self.closes:
            return CLOSED
        return OPEN

    @property
    def status(self) -> str:
        return self.state


class PowerItem(Record):
    @property
    def status(self) -> str:
        value: str = self.data.get("status", "有效")
        return value

    @property
    def category(self) -> str:
        value: str = self.data.get("category", "")
        return value


class Report(Record):
    @property
    def year(self) -> int:
        return int(self.data["year"])


RECORD_CLASSES: dict[str, type[Record]] = {
    "documents": Document,
    "interpretations": Interpretation,
    "decisions": Decision,
    "consultations": Consultation,
    "powers": PowerItem,
    "reports/rule-of-law": Report,
    "reports/disclosure": Report,
}


class Catalog:
    """The publishable records as of `today`, with lookups and backlinks. Nothing else gets out."""

    def __init__(
        self,
        records: list[tuple[RecordType, dict[str, Any]]],
        today: dt.date,
        attachments: Library | None = None,
        agencies: Agencies = NO_AGENCIES,  # the declared agencies (Settings.agencies); none: one agency
    ):
        self.today = today
        self.attachments = attachments  # reads attachment files (type, size, text); None: not read
        self.agencies = agencies
        self._by_key: dict[tuple[str, str], Record] = {}
        self._agency_views: dict[Agency, Catalog] = {}  # of_agency's, made once each
        for record_type, data in records:
            if is_publishable(data, today):
                record = RECORD_CLASSES[record_type.key](record_type, without_scheduled_parts(data, today), self)
                self._by_key[record.key] = record
        self._backlinks: dict[tuple[str, tuple[str, str]], list[Record]] = defaultdict(list)
        self._related: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for record in self._by_key.values():
            self._index_links(record)

    def _index_links(self, record: Record) -> None:
        # Every reference field the schema declares (x-ref) gives its target a backlink, keyed
        # by the field's dotted name ("amends", "interprets", "repealed.by", ...).
        for path, target_type, target_id in references_in(record.type.key, record.data):
            name = ".".join(step for step in path if isinstance(step, str))
            self._backlinks[(name, (target_type, target_id))].append(record)
        for link in record.data.get("related") or []:
            target = self.get(link["type"], link["id"])
            if target is not None and target is not record:
                self._related[record.key].append(target)
                self._related[target.key].append(record)

    # The overloads type the lookups callers make by a literal key (a document, a consultation).
    @overload
    def get(self, type_key: Literal["documents"], record_id: str) -> Document | None: ...
    @overload
    def get(self, type_key: str, record_id: str) -> Record | None: ...
    def get(self, type_key: str, record_id: str) -> Record | None:
        return self._by_key.get((type_key, record_id))

    def backlinks(self, field_name: str, target: Record) -> list[Any]:
        """The public records whose reference field `field_name` (dotted, e.g. "repealed.by") names `target`."""
        return sorted(self._backlinks.get((field_name, target.key), []), key=_newest_first)

    def related_of(self, record: Record) -> list[Record]:
        unique = {r.key: r for r in self._related.get(record.key, [])}
        return sorted(unique.values(), key=_newest_first)

    @overload
    def public(self, type_key: Literal["documents"]) -> list[Document]: ...
    @overload
    def public(self, type_key: Literal["consultations"]) -> list[Consultation]: ...
    @overload
    def public(self, type_key: str | None = None) -> list[Record]: ...
    def public(self, type_key: str | None = None) -> list[Any]:  # the overloads say which Record class
        """Publishable records, newest first (ties broken by type and id, so order is stable)."""
        chosen = [r for r in self._by_key.values() if type_key is None or r.type.key == type_key]
        return sorted(chosen, key=_newest_first)

    def of_agency(self, agency: Agency) -> Catalog:
        """The same catalog seen through one agency's records (its pages, feeds and open data):
        `public` lists only its records; the records themselves, and their links to other agencies'
        records, are those of the whole catalog."""
        view = self._agency_views.get(agency)
        if view is None:
            view = copy.copy(self)
            view._by_key = {key: r for key, r in self._by_key.items() if r.agency == agency}
            view._agency_views = {}
            self._agency_views[agency] = view
        return view

    def attachment_files(self) -> set[str]:
        """Attachments referenced by publishable records: the only ones copied to the site."""
        return {path for record in self._by_key.values() for path in record.attachment_files}

    def __len__(self) -> int:
        return len(self._by_key)


def _newest_first(record: Record) -> tuple[int, str, str]:
    return (-record.publish_date.toordinal(), record.type.key, record.id)
