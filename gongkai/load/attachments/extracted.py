"""What one attachment holds (`Extracted`), and the content types it may have: the result of
reading an attachment (`content.py`, with the readers by format), as validation, pages, open data
and search see it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

# Content types as detected from the bytes ("declared" types are the file name's extension).
PDF, DOCX, XLSX, OFD, PNG, JPEG, TEXT, ZIP, OTHER = "pdf", "docx", "xlsx", "ofd", "png", "jpg", "text", "zip", "other"
TEXT_SUFFIXES = frozenset({"txt", "csv", "tsv", "md", "json", "xml", "html", "htm", "yaml", "yml"})
# Extension -> content type it must have (extensions not listed are not checked).
DECLARED = {
    "pdf": PDF,
    "docx": DOCX,
    "xlsx": XLSX,
    "ofd": OFD,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    **{suffix: TEXT for suffix in TEXT_SUFFIXES},
}
MAX_TEXT_CHARS = 2_000_000  # text kept per attachment (about a thousand pages)
MAX_DEPTH = 2  # a file embedded in a file embedded in the attachment is read; deeper ones are reported
LABELS = {
    PDF: "PDF",
    DOCX: "Word",
    XLSX: "Excel",
    OFD: "OFD",
    PNG: "PNG 图片",
    JPEG: "JPEG 图片",
    TEXT: "文本",
    ZIP: "压缩包",
    OTHER: "无法识别的格式",
}


@dataclass
class Extracted:
    """What one attachment file holds. Locations are Chinese phrases (“第 3 页”, “单元格 B3”)."""

    kind: str  # detected content type (one of the constants above)
    size: int
    sha256: str
    pages: int | None = None  # PDF page count
    units: list[tuple[str, str]] = field(default_factory=list)  # (location, text); text files: ("", whole text)
    # Text a reader can see or extract that is not the document's running text (metadata, comments,
    # annotations, form values, field codes, defined names, embedded files): scanned, not searched.
    extra: list[tuple[str, str]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # parts that could not be read (Chinese)
    people: list[tuple[str, str]] = field(default_factory=list)  # (metadata field, value naming a person)
    tracked_changes: int = 0  # DOCX w:ins / w:del / moves, in every part
    comments: int = 0  # DOCX comments, in every comments part
    error: str = ""  # why the content could not be read (Chinese), or ""
    truncated: bool = False  # only part of the file was read (text, cell or page caps): the rest is not checked
    # Files embedded in this one that a reader found: (label, suffix, bytes), read in turn and merged
    # by `content.extract` once the reader returns (readers never read them themselves). Not cached.
    embedded: list[tuple[str, str, bytes]] = field(default_factory=list, repr=False)

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)

    @property
    def text(self) -> str:
        """All the text, units joined by newlines."""
        return "\n".join(text for _where, text in self.units)

    def to_json(self) -> dict[str, Any]:
        value = dataclasses.asdict(dataclasses.replace(self, embedded=[]))
        del value["embedded"]
        return value

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Extracted:
        value = dict(value)
        value["units"] = [tuple(u) for u in value.get("units", [])]
        value["extra"] = [tuple(u) for u in value.get("extra", [])]
        value["people"] = [tuple(p) for p in value.get("people", [])]
        return cls(**value)
