"""Reading one attachment's bytes: its content type from the bytes (`sniff`), then every part a
reader can open, by the format's reader (`pdf.py`, `word.py`, `excel.py`, `ofd.py`, `image.py`),
files embedded in it read in turn, the text capped at MAX_TEXT_CHARS. Runs in the bounded child
process (`child.py`); `read.Library` caches what it finds."""

from __future__ import annotations

import hashlib

from gongkai.load.attachments import excel, image, ofd, office, pdf, word
from gongkai.load.attachments.extracted import (
    DECLARED,
    DOCX,
    JPEG,
    LABELS,
    MAX_TEXT_CHARS,
    OFD,
    OTHER,
    PDF,
    PNG,
    TEXT,
    XLSX,
    ZIP,
    Extracted,
)


def sniff(head: bytes, names: list[str] | None) -> str:
    """The content type from the first bytes (and, for a zip container, its member names)."""
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        members = set(names or ())
        if "word/document.xml" in members:
            return DOCX
        if "xl/workbook.xml" in members:
            return XLSX
        if "OFD.xml" in members:
            return OFD
        return ZIP
    return OTHER


def decode_text(raw: bytes) -> str | None:
    """Text as editors save it: UTF-8 (with or without BOM) or GBK/GB18030 (Excel's CSV); None if binary."""
    if b"\x00" in raw[:8192]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def extract(raw: bytes, suffix: str, depth: int = 0) -> Extracted:
    """Read the bytes of one attachment (never raises for a bad file). Runs in the child process
    (`child.py`); `depth` counts the files this one is embedded in."""
    digest = hashlib.sha256(raw).hexdigest()
    names = office.member_names(raw) if raw.startswith(b"PK\x03\x04") else None
    kind = sniff(raw[:1024], names)
    found = Extracted(kind, len(raw), digest)
    if kind == OTHER and DECLARED.get(suffix) == TEXT:
        text = decode_text(raw)
        if text is not None:
            found.kind = TEXT
            found.units = [("", text)]
        return _capped(found)
    readers = {PDF: pdf.read, DOCX: word.read_docx, XLSX: excel.read_xlsx, OFD: ofd.read_ofd}
    try:
        if kind in readers:
            readers[kind](raw, found, depth)
        elif kind in (PNG, JPEG):
            image.read(raw, found)
    except ImportError:  # a parser missing from this installation is not the file's problem (nor cached as one)
        raise
    except MemoryError:
        found.units, found.extra = [], []
        found.error = "附件过于复杂，无法在限定的内存内读取（内存不足），疑似恶意构造或异常庞大的文件"
    except Exception as exc:
        found.units, found.extra = [], []
        found.error = f"文件已损坏或格式不规范，无法读取（{type(exc).__name__}）"
    _read_embedded(found, depth)
    return _capped(found)


def _read_embedded(found: Extracted, depth: int) -> None:
    """The files a reader found embedded in this one, read in turn (a reader never reads them itself,
    so no reader depends on this module) and merged under their label: their text as `extra`."""
    pending, found.embedded = found.embedded, []
    for label, suffix, raw in pending:
        inner = extract(raw, suffix, depth + 1)
        found.extra += [(label + where, text) for where, text in inner.units + inner.extra]
        found.people += inner.people
        found.unread += [label + what for what in inner.unread]
        found.tracked_changes += inner.tracked_changes
        found.comments += inner.comments
        if inner.error or inner.kind in (OTHER, ZIP):
            found.unread.append(label + f"（{inner.error or LABELS[OTHER]}）")
        found.truncated = found.truncated or inner.truncated


def _capped(found: Extracted) -> Extracted:
    """At most MAX_TEXT_CHARS characters of text, the running text first, then the rest."""
    total = 0
    for name in ("units", "extra"):
        units: list[tuple[str, str]] = getattr(found, name)
        for index, (where, text) in enumerate(units):
            if total + len(text) > MAX_TEXT_CHARS:
                setattr(found, name, units[:index] + [(where, text[: MAX_TEXT_CHARS - total])])
                found.truncated = True
                total = MAX_TEXT_CHARS
                break
            total += len(text)
    return found
