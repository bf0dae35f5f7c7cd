"""Image metadata (PNG and JPEG): the text a photo or a screenshot carries besides its pixels.

A camera or an editing program writes the photographer, a description, a comment, sometimes a
phone number, into the file; anyone who downloads it can read them. Read here, without decoding
the picture: PNG text chunks (tEXt, zTXt, iTXt; compressed ones inflated to at most MAX_TEXT
bytes) and eXIf, JPEG comments (COM), EXIF (APP1: every text field of the main, EXIF and GPS
directories, including UserComment and Windows' XP* fields) and XMP (text nodes).
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.load.attachments.extracted import Extracted

MAX_TEXT = 1_000_000  # bytes of one inflated text chunk
MAX_ENTRIES = 2000  # EXIF entries read per file
# EXIF tags that name a person (a warning, like a document's author).
PERSON_TAGS = {0x013B: "Artist", 0x9C9D: "XPAuthor"}
_TAG_NAMES = {
    0x010E: "ImageDescription",
    0x010F: "Make",
    0x0110: "Model",
    0x0131: "Software",
    0x013B: "Artist",
    0x8298: "Copyright",
    0x9286: "UserComment",
    0x9C9B: "XPTitle",
    0x9C9C: "XPComment",
    0x9C9D: "XPAuthor",
    0x9C9E: "XPKeywords",
    0x9C9F: "XPSubject",
    0xA430: "CameraOwnerName",
    0xA431: "BodySerialNumber",
}
_POINTERS = (0x8769, 0x8825, 0xA005)  # EXIF, GPS, interoperability directories


def read(raw: bytes, found: Extracted, prefix: str = "") -> None:
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        _png(raw, found, prefix)
    elif raw.startswith(b"\xff\xd8"):
        _jpeg(raw, found, prefix)


def _add(found: Extracted, where: str, text: str) -> None:
    text = text.replace("\x00", " ").strip()
    if text:
        found.extra.append((where, text))


def _png(raw: bytes, found: Extracted, prefix: str) -> None:
    position = 8
    while position + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[position : position + 8])
        data = raw[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"tEXt":
            keyword, _, text = data.partition(b"\x00")
            _add(found, f"{prefix}PNG 文字信息 {_latin(keyword)}", _latin(text))
            if _latin(keyword) in ("Author", "Artist") and _latin(text).strip():
                found.people.append((_latin(keyword), _latin(text).strip()))
        elif kind == b"zTXt":
            keyword, _, rest = data.partition(b"\x00")
            _add(found, f"{prefix}PNG 文字信息 {_latin(keyword)}", _latin(_inflate(rest[1:])))
        elif kind == b"iTXt":
            keyword, _, rest = data.partition(b"\x00")
            compressed = rest[:1] == b"\x01"
            _language, _, rest = rest[2:].partition(b"\x00")
            translated, _, text = rest.partition(b"\x00")
            body = _inflate(text) if compressed else text
            where = f"{prefix}PNG 文字信息 {_latin(keyword)}"
            _add(found, where, translated.decode("utf-8", "replace") + " " + body.decode("utf-8", "replace"))
        elif kind == b"eXIf":
            _exif(data, found, prefix)
        elif kind == b"IEND":
            break


def _jpeg(raw: bytes, found: Extracted, prefix: str) -> None:
    position = 2
    while position + 4 <= len(raw) and raw[position] == 0xFF:
        marker = raw[position + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of the picture data: no metadata after it
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
            continue
        length = struct.unpack(">H", raw[position + 2 : position + 4])[0]
        data = raw[position + 4 : position + 2 + length]
        position += 2 + length
        if marker == 0xFE:
            _add(found, f"{prefix}JPEG 注释", data.decode("utf-8", "replace"))
        elif marker == 0xE1 and data.startswith(b"Exif\x00\x00"):
            _exif(data[6:], found, prefix)
        elif marker == 0xE1 and data.startswith(b"http://ns.adobe.com/xap/1.0/\x00"):
            _xmp(data.split(b"\x00", 1)[1], found, prefix)


def _exif(tiff: bytes, found: Extracted, prefix: str) -> None:
    if tiff[:2] not in (b"II", b"MM") or len(tiff) < 8:
        return
    order = "<" if tiff[:2] == b"II" else ">"
    pending = [struct.unpack(order + "I", tiff[4:8])[0]]
    seen: set[int] = set()
    entries = 0
    while pending and entries < MAX_ENTRIES:
        offset = pending.pop()
        if offset in seen or offset + 2 > len(tiff):
            continue
        seen.add(offset)
        count = struct.unpack(order + "H", tiff[offset : offset + 2])[0]
        for index in range(min(count, MAX_ENTRIES - entries)):
            entries += 1
            start = offset + 2 + 12 * index
            if start + 12 > len(tiff):
                break
            tag, kind, number, value = struct.unpack(order + "HHI4s", tiff[start : start + 12])
            if tag in _POINTERS:
                pending.append(struct.unpack(order + "I", value)[0])
                continue
            if kind not in (1, 2, 7):  # BYTE (XP* fields), ASCII, UNDEFINED (UserComment)
                continue
            data = value[:number] if number <= 4 else tiff[struct.unpack(order + "I", value)[0] :][:number]
            text = _exif_text(tag, kind, data)
            name = _TAG_NAMES.get(tag, f"0x{tag:04X}")
            _add(found, f"{prefix}EXIF {name}", text)
            if tag in PERSON_TAGS and text.strip():
                found.people.append((PERSON_TAGS[tag], text.replace("\x00", "").strip()))


def _exif_text(tag: int, kind: int, data: bytes) -> str:
    if tag >= 0x9C9B and tag <= 0x9C9F:
        return data.decode("utf-16-le", "replace")
    if tag == 0x9286 and len(data) >= 8:  # UserComment: an 8-byte character code, then the text
        code, body = data[:8], data[8:]
        return body.decode("utf-16-le" if code.startswith(b"UNICODE") else "utf-8", "replace")
    return data.decode("utf-8", "replace")


def _xmp(data: bytes, found: Extracted, prefix: str) -> None:
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError:
        found.unread.append(f"{prefix}XMP 元数据（格式错误）")
        return
    _add(found, f"{prefix}XMP 元数据", " ".join(t.strip() for t in root.itertext() if t.strip()))


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, MAX_TEXT)
    except zlib.error:
        return b""


def _latin(data: bytes) -> str:
    """PNG says Latin-1; Chinese software writes UTF-8 there."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
