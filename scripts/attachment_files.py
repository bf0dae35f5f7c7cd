"""Real attachment files for tests, the benchmark and the demo data, made with the libraries an
agency's software would use: reportlab for PDF (text in a CID font, or only an image: a "scan"),
python-docx for Word (with comments and tracked changes), openpyxl for Excel. The same arguments
give the same bytes (fixed dates in the metadata and in the zip containers).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

_FONT = "STSong-Light"
_FIXED_DATE = dt.datetime(2020, 1, 1)


def pdf_bytes(pages: list[str], author: str | None = None, title: str | None = None) -> bytes:
    """A PDF with one page per string (lines split on newlines), text extractable."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)  # invariant: fixed dates and ids
    if author is not None:
        pdf.setAuthor(author)
    if title is not None:
        pdf.setTitle(title)
    for text in pages:
        pdf.setFont(_FONT, 12)
        for number, line in enumerate(text.split("\n")):
            pdf.drawString(72, 760 - 20 * number, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pages_of(text: str, per_line: int = 36, per_page: int = 34) -> list[str]:
    """Running text laid out as pages of lines (as a word processor would break it)."""
    lines = [
        paragraph[i : i + per_line]
        for paragraph in text.split("\n")
        for i in range(0, max(len(paragraph), 1), per_line)
    ]
    return ["\n".join(lines[i : i + per_page]) for i in range(0, len(lines), per_page)] or [""]


def scanned_pdf_bytes() -> bytes:
    """A one-page PDF holding only a picture of text (as a scanner makes it): no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    png = _png_of_stripes()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.drawImage(ImageReader(io.BytesIO(png)), 72, 500, width=400, height=200)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _png_of_stripes() -> bytes:
    import struct
    import zlib

    width, height = 40, 20
    rows = b"".join(b"\x00" + bytes((0 if (x // 4) % 2 else 255) for x in range(width)) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def docx_bytes(
    paragraphs: list[str],
    *,
    comment: str | None = None,
    tracked: str | None = None,
    author: str | None = None,
    table: list[list[str]] | None = None,
) -> bytes:
    """A Word file; `comment` is attached to the first paragraph, `tracked` is an inserted run
    (w:ins, as Word writes it with "track changes" on) added to the last paragraph."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.core_properties.author = author if author is not None else ""
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if comment is not None:
        document.add_comment(document.paragraphs[0].runs, text=comment, author="审核人", initials="SH")
    if tracked is not None:
        insertion = parse_xml(
            f'<w:ins {nsdecls("w")} w:id="101" w:author="审核人" w:date="2024-01-02T00:00:00Z">'
            f"<w:r><w:t>{tracked}</w:t></w:r></w:ins>"
        )
        document.paragraphs[-1]._p.append(insertion)
    document.core_properties.created = document.core_properties.modified = _FIXED_DATE
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def xlsx_bytes(sheets: dict[str, list[list[object]]], creator: str | None = None) -> bytes:
    import openpyxl
    from openpyxl.writer.excel import ExcelWriter

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.properties.creator = creator if creator is not None else ""
    workbook.properties.created = workbook.properties.modified = _FIXED_DATE
    buffer = io.BytesIO()
    # ExcelWriter, not workbook.save: save_workbook stamps `modified` with the current time.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(raw: bytes) -> bytes:
    """The same container with every member dated 2020-01-01 (zip writers stamp the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                zipfile.ZipInfo(info.filename, (2020, 1, 1, 0, 0, 0)), source.read(info), zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx-shaped zip whose document part unpacks to 300 MB of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\x00" * 1_000_000
            for _ in range(300):
                member.write(block)
    return buffer.getvalue()


def default_content(relative: str) -> bytes:
    """A small valid file of the type the name declares (for tests that only need one to exist)."""
    suffix = relative.rsplit(".", 1)[-1].lower()
    if suffix == "pdf":
        return pdf_bytes(["附件正文"])
    if suffix == "docx":
        return docx_bytes(["附件正文"])
    if suffix == "xlsx":
        return xlsx_bytes({"表1": [["附件正文"]]})
    return b"x"
