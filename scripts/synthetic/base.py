"""One record being generated (`Rec`) and the generator's shared helpers: the common fields,
disclosure, attachments, change notes. The record types add their methods in sibling modules."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import attachment_files  # real PDF / Word / Excel files, shared with the tests

from .dates import days
from .text import Writer
from .vocabulary import AGENCY, PROACTIVE, TODAY, TOPICS, WITHHELD_BASIS


@dataclass
class Rec:
    """One record being generated: its type, data (in field order) and what other records may use."""

    type: str
    id: str
    publish: dt.date
    data: dict[str, Any] = field(default_factory=dict)
    topic: tuple[str, str, str] = TOPICS[0]
    disclosure: str = PROACTIVE
    draft: bool = False
    body_in_md: bool = False
    # documents
    signed: dt.date | None = None
    start: dt.date | None = None  # effective date, else publish date
    expiry: dt.date | None = None
    normative: bool = False
    used: int = 0  # how many interpretations / decisions point at this document

    @property
    def public(self) -> bool:
        return self.disclosure == PROACTIVE and not self.draft and self.publish <= TODAY


class Base:
    """The generator's state (one random stream for everything, in a fixed order) and helpers."""

    def __init__(self, n: int, seed: int):
        self.n = n
        self.rng = random.Random(seed)
        self.text = Writer(self.rng)
        self.records: list[Rec] = []
        self.attachments: dict[str, bytes] = {}
        self.doc_seq: dict[tuple[str, int], int] = {}
        self.reg_seq: dict[int, int] = {}
        self.serial = 0

    # -- helpers

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def topic(self) -> tuple[str, str, str]:
        return self.rng.choice(TOPICS)

    def subjects(self, topic: tuple[str, str, str], extra: str | None = None) -> list[str]:
        chosen = [topic[2]]
        for candidate in (extra, "机关事务"):
            if candidate and candidate not in chosen and self.rng.random() < 0.7:
                chosen.append(candidate)
        return chosen

    def disclosure(self, rec: Rec, rate: float = 1.0) -> None:
        """A few records are not proactively disclosed, or are drafts: the site must leave them out."""
        roll = self.rng.random()
        if roll < 0.012 * rate:
            rec.disclosure = "依申请公开"
        elif roll < 0.018 * rate:
            rec.disclosure = "不予公开"
        elif roll < 0.023 * rate:
            rec.draft = True

    def common(self, rec: Rec, title: str, summary: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": rec.id,
            "title": title,
            "publish_date": rec.publish.isoformat(),
            "issuer": AGENCY,
            "disclosure": rec.disclosure,
        }
        if rec.disclosure == "不予公开":
            data["withheld_basis"] = WITHHELD_BASIS
        if rec.draft:
            data["draft"] = True
        data["index_no"] = None  # assigned once every record exists (by publish date)
        data["subjects"] = self.subjects(rec.topic)
        data["summary"] = summary or self.text.summary()
        return data

    def attachment(self, folder: str, stem: str, kind: str | None = None) -> str:
        """A real file (PDF, Word, Excel made with the libraries office software resembles; CSV,
        text) holding realistic text: what gongkai extracts, checks and indexes for search."""
        kind = kind or self.rng.choices(["pdf", "docx", "xlsx", "csv", "txt"], weights=[5, 1, 1, 1, 2])[0]
        path = f"{folder}/{stem}.{kind}"
        if path not in self.attachments:
            rng = self.rng
            paragraphs = [self.text.paragraph(rng.randint(80, 400)) for _ in range(rng.randint(1, 6))]
            rows = [["序号", "项目", "数量", "说明"]] + [
                [i, self.text.noun(), rng.randint(1, 300), self.text.noun(2)] for i in range(1, rng.randint(5, 40))
            ]
            if kind == "pdf":
                content = attachment_files.pdf_bytes(attachment_files.pages_of("\n".join(paragraphs)), author="")
            elif kind == "docx":
                content = attachment_files.docx_bytes(paragraphs)
            elif kind == "xlsx":
                content = attachment_files.xlsx_bytes({"清单": rows})
            elif kind == "csv":
                content = ("\n".join(",".join(map(str, row)) for row in rows) + "\n").encode("utf-8")
            else:
                content = ("\n\n".join(paragraphs) + "\n").encode("utf-8")
            self.attachments[path] = content
        return path

    def changes(self, rec: Rec, notes: list[str]) -> list[dict[str, str]]:
        found = []
        day = rec.publish
        for note in notes:
            day = day + days(self.rng.randint(10, 400))
            if day > TODAY:
                break
            found.append({"date": day.isoformat(), "note": note})
        return found

    def feedback_date(self, end: dt.date) -> dt.date | None:
        given = end + days(self.rng.randint(5, 25))
        return given if given <= TODAY else None
