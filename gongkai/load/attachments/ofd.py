"""OFD attachments (GB/T 33190-2016, China's fixed-layout format, allowed by default).

An OFD file is a zip of XML: `OFD.xml` names each document's `Document.xml` (DocRoot) and holds its
document information (DocInfo: title, author, keywords …); `Document.xml` lists the pages
(Page/@BaseLoc), each page's `Content.xml` holds the text as TextObject/TextCode. Read here: the
text of every page (“第 N 页”, in the order Document.xml gives), the document information (the
author also as a person named in the metadata), and through `office.read_package` every other
part: annotations, custom tags, outlines, attached files (read in turn), images' metadata. The
signature values and seal files (Signs/…: the issuing agency's electronic seal) are binary and
not read for text.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gongkai.load.attachments.office import Walk, check_container, elements, local, person, read_package

if TYPE_CHECKING:
    from gongkai.load.attachments.extracted import Extracted

# Members that are signatures, seals and scanned-page bitmaps: no text to read.
_SKIPPED = (".dat", ".esl", ".sig", ".jb2", ".tif", ".tiff")


def read_ofd(raw: bytes, found: Extracted, depth: int = 0) -> None:
    found.error = check_container(raw)
    if found.error:
        return
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        pages, first = _pages(archive)
    found.pages = len(pages) or None
    readers = {"OFD": _information, "Page": _page}
    read_package(raw, found, depth, readers, first, {"pages": pages, "skip": _SKIPPED})


def _pages(archive: zipfile.ZipFile) -> tuple[dict[str, int], list[str]]:
    """Each page's Content.xml -> its page number (counted over every document), and OFD.xml first."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    names = set(archive.namelist())
    pages: dict[str, int] = {}
    if "OFD.xml" not in names:
        return pages, []
    roots = [
        e.text.strip()
        for e in etree.fromstring(archive.read("OFD.xml"), parser).iter()
        if local(e.tag) == "DocRoot" and e.text
    ]
    for root in roots:
        document = _resolve("", root)
        if document not in names:
            continue
        for element in etree.fromstring(archive.read(document), parser).iter():
            if local(element.tag) == "Page" and element.get("BaseLoc"):
                pages[_resolve(posixpath.dirname(document), element.get("BaseLoc", ""))] = len(pages) + 1
    return pages, ["OFD.xml"]


def _resolve(directory: str, location: str) -> str:
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(directory, location))


def _information(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for body in elements(parse, 1):
        for element in body.iter():
            if len(element) or not (element.text or "").strip():
                continue
            key = local(element.tag)
            if key == "DocRoot" or key.endswith("Loc"):
                continue
            if key == "Author" and person(element.text):
                walk.found.people.append(("Author", person(element.text)))
            walk.add(f"文档信息 {element.get('Name') or key}", element.text or "", extra=True)


def _page(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    number = walk.state["pages"].get(name)
    lines = []
    for element in elements(parse, 1):
        for text_object in element.iter():
            if local(text_object.tag) == "TextObject":
                line = "".join(code.text or "" for code in text_object.iter() if local(code.tag) == "TextCode")
                lines.append(line)
    where = f"第 {number} 页" if number else f"页面 {name}（未列入文档的页面）"
    walk.add(where, "\n".join(lines), extra=number is None)
