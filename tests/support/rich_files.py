"""Attachment files that hide text where a reader of the file can still find it, made with the
real libraries (python-docx, openpyxl, reportlab and pypdfium2, Pillow for images) or, for OFD
and the hostile files, written directly as the formats define them. Each builder takes the text
to hide per place, so a test can say where each finding must be reported.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
V_NS = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def rich_docx(hidden: dict[str, str]) -> bytes:
    """A Word file with text in: header, footer, footnote, endnote-free body paragraph, a text box,
    a content control, a nested table, a comment stored as /word/reviewer-notes.xml, and a
    deletion tracked in the footer. Keys: header, footer, footnote, textbox, control, nested,
    comment, deleted."""
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    document = docx.Document()
    document.core_properties.author = ""
    document.add_paragraph("关于公务用车管理的通知")
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉：" + hidden["header"]
    footer = section.footer.paragraphs[0]
    footer.text = "页脚："
    footer._p.append(
        parse_xml(
            f'<w:del {W_NS} w:id="7" w:author="审核人" w:date="2024-01-02T00:00:00Z">'
            f"<w:r><w:delText>{hidden['deleted']}</w:delText></w:r></w:del>"
        )
    )
    section.footer.add_paragraph(hidden["footer"])
    outer = document.add_table(rows=1, cols=1)
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "联系人"
    inner.cell(0, 1).text = hidden["nested"]
    boxed = document.add_paragraph("见右侧文本框")
    boxed._p.append(
        parse_xml(
            f'<w:r {W_NS} {V_NS}><w:pict><v:shape style="width:200pt;height:50pt"><v:textbox><w:txbxContent>'
            f"<w:p><w:r><w:t>{hidden['textbox']}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    body = document.element.body
    body.insert(
        len(body) - 1,
        parse_xml(
            f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="联系人"/></w:sdtPr><w:sdtContent>'
            f"<w:p><w:r><w:t>{hidden['control']}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    notes = (
        f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="3"><w:p><w:r><w:t>{hidden["footnote"]}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, notes.encode("utf-8"), document.part.package
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.add_comment(document.paragraphs[0].runs, text=hidden["comment"], author="审核人", initials="SH")
    document.part._comments_part.partname = PackURI("/word/reviewer-notes.xml")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rich_xlsx(hidden: dict[str, str]) -> bytes:
    """An Excel file with text in: a cell beyond the sheet's `<dimension>`, a hidden and a very
    hidden sheet, a comment, a defined name, the header, and a formula whose cached value is the
    only place the number appears. Keys: beyond, hidden, very_hidden, comment, name, header, formula."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["序号", "单位"])
    sheet.append([1, "车队"])
    sheet["F40"] = hidden["beyond"]
    sheet["B2"].comment = Comment(hidden["comment"], "审核人")
    sheet.oddHeader.center.text = hidden["header"]
    sheet["C1"] = '=CONCATENATE("公式","结果")'
    hidden_sheet = workbook.create_sheet("备用")
    hidden_sheet["A1"] = hidden["hidden"]
    hidden_sheet.sheet_state = "hidden"
    very_hidden = workbook.create_sheet("底稿")
    very_hidden["A1"] = hidden["very_hidden"]
    very_hidden.sheet_state = "veryHidden"
    workbook.defined_names["联系电话"] = DefinedName("联系电话", attr_text=f'"{hidden["name"]}"')
    buffer = io.BytesIO()
    workbook.save(buffer)
    # As Excel saves it: the formula's cached value, and a dimension that does not cover every cell.
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v></v>", f"<v>{hidden['formula']}</v>".encode(), 1)
                data = data.replace(b'<c r="C1">', b'<c r="C1" t="str">', 1)
                start = data.index(b"<dimension ref=")
                end = data.index(b"/>", start) + 2
                data = data[:start] + b'<dimension ref="A1:B2"/>' + data[end:]
            target.writestr(info, data)
    return out.getvalue()


def rich_pdf(hidden: dict[str, str]) -> bytes:
    """A PDF with text in: the Subject and Keywords metadata, a sticky note, a form field's value,
    and an embedded file (a text file). Keys: subject, keywords, note, field, embedded."""
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setSubject(hidden["subject"])
    pdf.setKeywords(hidden["keywords"])
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 760, "关于公务用车管理的通知")
    pdf.textAnnotation(hidden["note"], Rect=(72, 600, 200, 650), relative=0)
    pdf.acroForm.textfield(name="phone", value=hidden["field"], x=72, y=500, width=200, height=20)
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    attachment = document.new_attachment("联系人名单.txt")
    attachment.set_data(hidden["embedded"].encode("utf-8"))
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def ofd_bytes(pages: list[str], author: str = "", hidden_annotation: str = "") -> bytes:
    """An OFD file (GB/T 33190) written by hand: OFD.xml -> Doc_0/Document.xml -> one Content.xml per page."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    entries = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody>'
        f"<ofd:DocInfo><ofd:DocID>abc</ofd:DocID><ofd:Title>通知</ofd:Title><ofd:Author>{author}</ofd:Author>"
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
        "<ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        "</ofd:CommonData><ofd:Pages>"
        + "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        + "</ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>",
        "Doc_0/Annots/Page_0/Annotation.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot {ns}>'
        f'<ofd:Annot ID="50" Type="Stamp"><ofd:Remark>{hidden_annotation}</ofd:Remark></ofd:Annot></ofd:PageAnnot>',
    }
    for index, text in enumerate(pages):
        objects = "".join(
            f'<ofd:TextObject ID="{10 + n}" Boundary="20 {20 + 10 * n} 170 10" Font="3" Size="5">'
            f'<ofd:TextCode X="0" Y="5">{line}</ofd:TextCode></ofd:TextObject>'
            for n, line in enumerate(text.split("\n"))
        )
        entries[f"Doc_0/Pages/Page_{index}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">{objects}'
            "</ofd:Layer></ofd:Content></ofd:Page>"
        )
    entries["Doc_0/Signs/Sign_0/SignedValue.dat"] = "\x30\x82 signature"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries.items():
            archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return buffer.getvalue()


def png_with_text(texts: dict[str, str], compressed: dict[str, str] | None = None) -> bytes:
    """A PNG made with Pillow carrying tEXt (and zTXt/iTXt) chunks."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in texts.items():
        info.add_text(key, value)
    for key, value in (compressed or {}).items():
        info.add_itxt(key, value, zip=True)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def jpeg_with_exif(artist: str, description: str, comment: str = "") -> bytes:
    """A JPEG made with Pillow with EXIF Artist and ImageDescription (and a COM comment)."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = artist
    exif[0x010E] = description
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "JPEG", exif=exif.tobytes(), comment=comment.encode("utf-8"))
    return buffer.getvalue()


def hostile_docx(megabytes: int = 100) -> bytes:
    """A 1.5 MB .docx within the zip limits whose one paragraph holds `megabytes` MB of runs:
    a tree of it takes gigabytes (the attack of issue 23 had 190 MB of XML in 1.4 MB)."""
    rng = random.Random(1)
    chunk = "".join(f"<w:r><w:t>{rng.choice('ab')}</w:t></w:r>" for _ in range(100_000)).encode()
    parts = [f'<?xml version="1.0"?><w:document {W_NS}><w:body><w:p>'.encode()]
    parts += [chunk] * (megabytes * 1_000_000 // len(chunk) + 1)
    parts.append(b"</w:p></w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"".join(parts))
    return buffer.getvalue()


def hostile_pdf(megabytes: int = 200) -> bytes:
    """A 0.5 MB PDF whose one content stream inflates to `megabytes` MB of text operators."""
    line = b"BT /F1 1 Tf 1 1 Td (a) Tj ET\n"
    stream = zlib.compress(line * (megabytes * 1_000_000 // len(line)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
