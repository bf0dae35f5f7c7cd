"""PDF attachments, read with pypdfium2 (Python bindings to PDFium, the PDF engine of Chromium).

Why PDFium: it is the most exercised PDF parser there is against hostile files (a browser engine,
continuously fuzzed), it extracts Chinese text from CID fonts correctly, and it is fast (C++, in a
wheel from PyPI: no system library, no download) — about ten times faster than a pure-Python
parser on text extraction, which matters at thousands of attachments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.load.attachments.extracted import Extracted

MAX_PAGES = 3000  # text of later pages is not read (page count is still reported)
# Metadata fields that name a person; "Creator" and "Producer" name software.
PERSON_FIELDS = ("Author",)
# Values that software puts there when nobody is named.
PLACEHOLDERS = frozenset({"", "anonymous", "unknown", "unspecified", "(anonymous)", "author"})


def read(raw: bytes, found: Extracted) -> None:
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
        metadata = document.get_metadata_dict(skip_empty=True)
        for name in PERSON_FIELDS:
            value = str(metadata.get(name, "")).strip()
            if value.lower() not in PLACEHOLDERS:
                found.people.append((name, value))
        for number in range(min(found.pages, MAX_PAGES)):
            page = document[number]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_bounded()
                finally:
                    textpage.close()
            finally:
                page.close()
            found.units.append((f"第 {number + 1} 页", text.replace("\r\n", "\n").replace("\r", "\n")))
    finally:
        document.close()
