"""Word (DOCX) and Excel (XLSX) attachments, read with python-docx and openpyxl.

Why these: both are the maintained, pure-Python readers of the Office Open XML formats (no office
suite, no download); python-docx 1.2 reads comments, and its lxml parser does not resolve
entities; openpyxl parses through defusedxml (installed with gongkai) against XML entity bombs.

Both formats are zip containers, so before a parser sees one, its directory is checked: at most
MAX_MEMBERS members and MAX_UNCOMPRESSED bytes once unpacked, and no member expanding more than
MAX_RATIO times (a "zip bomb" of a few KB that unpacks to gigabytes).
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

    from gongkai.load.attachments.extracted import Extracted

MAX_MEMBERS = 5000
MAX_UNCOMPRESSED = 200_000_000
MAX_RATIO = 200
MAX_CELLS = 2_000_000
# Values that office software (or the libraries) put in the author fields when nobody is named.
PLACEHOLDERS = frozenset(
    {
        "",
        "python-docx",
        "openpyxl",
        "administrator",
        "admin",
        "user",
        "author",
        "unknown",
        "microsoft office 用户",
        "microsoft office user",
        "windows 用户",
        "windows user",
        "用户",
    }
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TRACKED = ("ins", "del", "moveFrom", "moveTo")


def member_names(raw: bytes) -> list[str] | None:
    """Names in a zip container, or None if it is not a readable zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None


def check_container(raw: bytes) -> str:
    """'' if the container is safe to hand to a parser, else why not (Chinese)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return "文件已损坏，无法作为 Office 文档读取"
    if len(members) > MAX_MEMBERS:
        return f"文件内部含有 {len(members):,} 个部件，超过上限 {MAX_MEMBERS:,}，疑似恶意构造的文件"
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        return f"文件解压后达 {total:,} 字节，超过上限 {MAX_UNCOMPRESSED:,} 字节，疑似“压缩炸弹”"
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return f"文件内部部件 {member.filename} 的压缩比异常（{member.file_size:,} 字节），疑似“压缩炸弹”"
    return ""


def _person(value: object) -> str:
    text = str(value or "").strip()
    return "" if text.lower() in PLACEHOLDERS else text


def read_docx(raw: bytes, found: Extracted) -> None:
    import docx

    found.error = check_container(raw)
    if found.error:
        return
    document = docx.Document(io.BytesIO(raw))
    properties = document.core_properties
    for name, value in (("author", properties.author), ("last_modified_by", properties.last_modified_by)):
        if _person(value):
            found.people.append((name, _person(value)))
    body = document.element.body
    found.tracked_changes = sum(1 for tag in _TRACKED for _ in body.iter(W + tag))
    if "word/comments.xml" in (member_names(raw) or ()):
        found.comments = len(list(document.comments))
    paragraphs = tables = 0
    for child in body.iterchildren():
        if child.tag == W + "p":
            paragraphs += 1
            text = _paragraph_text(child)
            if text:
                found.units.append((f"第 {paragraphs} 段", text))
        elif child.tag == W + "tbl":
            tables += 1
            for row_number, row in enumerate(child.iter(W + "tr"), start=1):
                for column, cell in enumerate(row.iter(W + "tc"), start=1):
                    text = "\n".join(t for t in (_paragraph_text(p) for p in cell.iter(W + "p")) if t)
                    if text:
                        found.units.append((f"第 {tables} 个表格第 {row_number} 行第 {column} 列", text))


def _paragraph_text(paragraph: BaseOxmlElement) -> str:
    """All text of a paragraph, inserted and deleted runs included (so nothing hidden escapes the scan)."""
    parts = []
    for node in paragraph.iter(W + "t", W + "delText", W + "tab", W + "br"):
        if node.tag in (W + "t", W + "delText"):
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == W + "tab" else "\n")
    return "".join(parts)


def read_xlsx(raw: bytes, found: Extracted) -> None:
    import openpyxl

    found.error = check_container(raw)
    if found.error:
        return
    workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        properties = workbook.properties
        for name, value in (("creator", properties.creator), ("lastModifiedBy", properties.lastModifiedBy)):
            if _person(value):
                found.people.append((name, _person(value)))
        cells = 0
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None:
                        continue
                    cells += 1
                    if cells > MAX_CELLS:
                        found.truncated = True
                        return
                    found.units.append((f"工作表“{sheet.title}”单元格 {cell.coordinate}", _cell_text(value)))
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e20:
        return str(int(value))  # 13800138000 typed as a number is stored as a float
    return str(value)
