"""PDF attachments, read with pypdfium2 (Python bindings to PDFium, the PDF engine of Chromium).

Why PDFium: it is the most exercised PDF parser there is against hostile files (a browser engine,
continuously fuzzed), it extracts Chinese text from CID fonts correctly, and it is fast (C++, in a
wheel from PyPI: no system library, no download) — about ten times faster than a pure-Python
parser on text extraction, which matters at thousands of attachments.

Besides the text layer of each page (“第 3 页”, `units`), what a reader of the file can see or
extract goes to `extra`: every field of the document information (Title, Subject, Keywords …, not
only Author), the XMP metadata packet, each page's annotations (sticky notes, FreeText, stamps:
their contents, author and subject, “第 3 页的批注（Text）”), form fields' names and values, and
the files embedded in the document or in file-attachment annotations, read in turn
(`content.extract`, depth-bounded). Pages beyond MAX_PAGES are not read (`truncated`).
"""

from __future__ import annotations

import contextlib
import ctypes
import re
from typing import TYPE_CHECKING, Any

from gongkai.load.attachments.extracted import MAX_DEPTH

if TYPE_CHECKING:
    from gongkai.load.attachments.extracted import Extracted

MAX_PAGES = 3000  # text of later pages is not read (page count is still reported)
MAX_ANNOTATIONS = 10_000  # per document
# Metadata fields that name a person; "Creator" and "Producer" name software.
PERSON_FIELDS = ("Author",)
# Values that software puts there when nobody is named.
PLACEHOLDERS = frozenset({"", "anonymous", "unknown", "unspecified", "(anonymous)", "author"})
_ANNOTATION_KEYS = ("Contents", "T", "Subj", "RC", "V", "TU", "CA")
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)


def read(raw: bytes, found: Extracted, depth: int = 0) -> None:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        found.error = (
            "PDF 文件已损坏或已加密，无法读取文字"
            if "password" not in str(exc).lower()
            else "PDF 文件已加密，无法读取文字"
        )
        return
    try:
        found.pages = len(document)
        with contextlib.suppress(pdfium.PdfiumError):  # no form: no field values to read
            document.init_forms()
        metadata = document.get_metadata_dict(skip_empty=True)
        for name, value in metadata.items():
            text = str(value).strip()
            if name in PERSON_FIELDS and text.lower() not in PLACEHOLDERS:
                found.people.append((name, text))
            if name not in ("CreationDate", "ModDate"):
                found.extra.append((f"文档属性 {name}", text))
        _xmp(raw, found)
        annotations = 0
        for number in range(found.pages):
            if number >= MAX_PAGES:
                found.truncated = True
                break
            page = document[number]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_bounded()
                finally:
                    textpage.close()
                found.units.append((f"第 {number + 1} 页", text.replace("\r\n", "\n").replace("\r", "\n")))
                annotations += _annotations(document, page, number + 1, found, depth, MAX_ANNOTATIONS - annotations)
            finally:
                page.close()
        for index in range(document.count_attachments()):
            attachment = document.get_attachment(index)
            _embedded(attachment.get_name(), bytes(attachment.get_data()), "嵌入的文件", found, depth)
    finally:
        document.close()


def _annotations(document: Any, page: Any, number: int, found: Extracted, depth: int, left: int) -> int:
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]  # the raw bindings ship no type hints

    count = int(pdfium_c.FPDFPage_GetAnnotCount(page))
    if count > left:
        found.truncated = True
        count = max(left, 0)
    form = document.formenv.raw if getattr(document, "formenv", None) is not None else None
    for index in range(count):
        annotation = pdfium_c.FPDFPage_GetAnnot(page, index)
        if not annotation:
            continue
        try:
            subtype = _SUBTYPES.get(pdfium_c.FPDFAnnot_GetSubtype(annotation), "其他")
            values = [_string(pdfium_c.FPDFAnnot_GetStringValue, annotation, key.encode()) for key in _ANNOTATION_KEYS]
            where = f"第 {number} 页的批注（{subtype}）"
            if subtype == "Widget" and form is not None:
                name = _string(pdfium_c.FPDFAnnot_GetFormFieldName, form, annotation)
                value = _string(pdfium_c.FPDFAnnot_GetFormFieldValue, form, annotation)
                where = f"第 {number} 页的表单域“{name}”"
                values.append(value)
            text = "\n".join(dict.fromkeys(v for v in values if v.strip()))
            if text:
                found.extra.append((where, text))
            if subtype == "FileAttachment":
                attachment = pdfium_c.FPDFAnnot_GetFileAttachment(annotation)
                if attachment:
                    _attached(attachment, number, found, depth)
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    return count


def _attached(attachment: Any, number: int, found: Extracted, depth: int) -> None:
    import pypdfium2 as pdfium

    wrapped = pdfium.PdfAttachment(attachment, None)
    try:
        name, data = wrapped.get_name(), bytes(wrapped.get_data())
    except pdfium.PdfiumError:
        found.unread.append(f"第 {number} 页的附件批注（无法取出所附文件）")
        return
    _embedded(name, data, f"第 {number} 页的附件批注", found, depth)


def _embedded(name: str, data: bytes, label: str, found: Extracted, depth: int) -> None:
    """A file embedded in the PDF: read in turn by `content.extract` after this reader returns."""
    where = f"{label}“{name}”"
    if depth >= MAX_DEPTH:
        found.unread.append(f"{where}（嵌入层级过深）")
        return
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    found.embedded.append((where, suffix, data))


def _string(function: Any, *arguments: Any) -> str:
    """A UTF-16 string from a PDFium getter that takes (…, buffer, length) and returns the length in bytes."""
    try:
        size = function(*arguments, None, 0)
        if size <= 2:
            return ""
        buffer = ctypes.create_string_buffer(size)
        function(*arguments, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
        return buffer.raw[: size - 2].decode("utf-16-le", "replace")
    except (ctypes.ArgumentError, TypeError):
        return ""


def _xmp(raw: bytes, found: Extracted) -> None:
    """The XMP packet(s) written uncompressed in the file (as the XMP specification asks)."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

    for match in _XMP.finditer(raw):
        try:
            root = etree.fromstring(match.group(), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        found.extra.append(("XMP 元数据", " ".join(t.strip() for t in root.itertext() if t.strip())))


_SUBTYPES = {
    1: "Text",
    2: "Link",
    3: "FreeText",
    4: "Line",
    5: "Square",
    6: "Circle",
    7: "Polygon",
    8: "PolyLine",
    9: "Highlight",
    10: "Underline",
    11: "Squiggly",
    12: "StrikeOut",
    13: "Stamp",
    14: "Caret",
    15: "Ink",
    16: "Popup",
    17: "FileAttachment",
    18: "Sound",
    19: "Movie",
    20: "Widget",
    21: "Screen",
    22: "PrinterMark",
    23: "TrapNet",
    24: "Watermark",
    25: "3D",
    26: "RichMedia",
    27: "XFAWidget",
    28: "Redact",
}
