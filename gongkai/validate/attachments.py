"""Attachments: the publishing policy and the hidden content that must not be published.

Each problem is reported at the record line that lists the attachment (the editor fixes either
the file or that line):
- policy (settings `attachment_types`, `attachment_max_bytes`): a type not allowed, a file over
  the size limit: errors;
- a file whose content is not what its extension declares (a `.pdf` that is not a PDF, a `.docx`
  that is really an old `.doc`): error; a file that cannot be read at all: error;
- a Word file with tracked changes (insertions, deletions, moves) or comments: error (anyone who
  opens the published file sees the earlier wording and the reviewers' remarks);
- an active type (HTML, XHTML, SVG, or XML that a browser renders as a page): error even when
  `attachment_types` lists it, and never advised: the file would run its script on the site's
  own origin (with the site's cookies and storage);
- a CSV/TSV cell a spreadsheet would run as a formula (`attachment_csv.py`): error at its line;
- a file only partly read (more text than the cap, more cells or pages, a part that cannot be
  read: an OLE object, a damaged part, a file embedded too deep): error, unless the setting
  `attachment_partial_types` accepts it for that type (what was not read was not checked);
- metadata naming a person (PDF Author, Office author / last modified by, EXIF Artist): warning naming the field;
- a PDF without extractable text (a scan): warning (not accessible, not searchable).
Missing files and paths outside data/attachments/ are the references rule's to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gongkai.load.attachments import Extracted
from gongkai.load.attachments.extracted import DECLARED, LABELS, PDF, TEXT
from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord, display_path
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.attachment_csv import MAX_REPORTED, formula_cells
from gongkai.validate.context import Context
from gongkai.validate.references import attachments_of

_FIELD_NAMES = {
    "Author": "作者（Author）",
    "author": "作者（author）",
    "creator": "作者（creator）",
    "last_modified_by": "最后修改者（lastModifiedBy）",
    "lastModifiedBy": "最后修改者（lastModifiedBy）",
    "manager": "经理（Manager）",
    "Manager": "经理（Manager）",
    "Artist": "作者（EXIF Artist）",
    "XPAuthor": "作者（EXIF XPAuthor）",
}
MAX_UNREAD_SHOWN = 5
# Types a browser runs as a page of the site: refused whatever attachment_types says.
ACTIVE = frozenset({"html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "mht", "mhtml", "xsl", "xslt"})
# What makes an XML file a page (XHTML or SVG elements, a style sheet that turns it into one, script).
_ACTIVE_XML = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "<?xml-stylesheet", "<script")
_DELIMITERS = {"csv": ",", "tsv": "\t"}


def check(context: Context) -> Iterator[Problem]:
    settings = context.settings
    allowed = tuple(t.lower().lstrip(".") for t in settings.attachment_types)
    for record in context.records:
        for path, relative in attachments_of(record):
            suffix = relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
            if suffix in ACTIVE:
                yield record.problem(path, ERROR, _active(relative, f"是网页类文件（.{suffix}）"))
                continue
            if suffix not in allowed:
                yield record.problem(
                    path,
                    ERROR,
                    f"附件“{relative}”的类型 .{suffix} 不在允许公开的附件类型之内（{'、'.join(allowed)}）。"
                    "请转换为其中一种格式后再提交（例如把 Word 文档另存为 PDF）；如确需公开这种类型，"
                    f"请在设置 attachment_types 中加入“{suffix}”。",
                )
            assert context.library is not None  # Context makes it when not given
            found = context.library.get(relative)
            if found is not None:
                yield from _content(record, path, relative, suffix, found, settings.attachment_max_bytes)
                if not found.error and suffix not in settings.attachment_partial_types:
                    yield from _partial(record, path, relative, found)
                if found.kind == TEXT and not found.error:
                    yield from _text(record, path, relative, suffix, found.text, context.library.root)


def _partial(record: SourceRecord, path: PathKey, relative: str, found: Extracted) -> Iterator[Problem]:
    if not (found.truncated or found.unread):
        return
    what = []
    if found.truncated:
        what.append("内容超过读取上限（文字 2,000,000 字、表格 2,000,000 个单元格或 PDF 3,000 页），其余部分没有读取")
    if found.unread:
        shown = "；".join(found.unread[:MAX_UNREAD_SHOWN]) + ("……" if len(found.unread) > MAX_UNREAD_SHOWN else "")
        what.append(f"有 {len(found.unread)} 个部分无法读取：{shown}")
    yield record.problem(
        path,
        ERROR,
        f"附件“{relative}”只读取了一部分：{'；'.join(what)}。没有读取的部分也会随文件公开，却未经个人信息检查。"
        "请删除无法读取的内容（例如嵌入的对象、宏）或把文件拆分后再提交；如确认这类文件可以只检查读取到的部分，"
        f"请在设置 attachment_partial_types 中加入“{relative.rsplit('.', 1)[-1].lower()}”。",
    )


def _active(relative: str, what: str) -> str:
    return (
        f"附件“{relative}”{what}：浏览器打开它时会在本网站的域名下运行其中的脚本，"
        "可以冒充本网站、读取访问者在本站的数据，因此不能作为附件公开（即使设置 attachment_types 列出了这种类型）。"
        "请把内容另存为 PDF（或把图片另存为 PNG、JPG）后再提交。"
    )


def _text(record: SourceRecord, path: PathKey, relative: str, suffix: str, text: str, root: Path) -> Iterator[Problem]:
    """Problems inside a text attachment, at its own line: XML that is a page, formula cells."""
    if suffix == "xml" and any(marker in text.lower() for marker in _ACTIVE_XML):
        yield record.problem(path, ERROR, _active(relative, "含有网页内容（XHTML、SVG、样式表或脚本）"))
        return
    delimiter = _DELIMITERS.get(suffix)
    if delimiter is None:
        return
    shown = display_path(root / relative)
    line, _column = record.file.pos(path)
    listed = f"（附件，列于 {record.file.display_path} 第 {line} 行）"
    for count, (row, field_number, cell) in enumerate(formula_cells(text, delimiter)):
        if count == MAX_REPORTED:
            yield Problem(shown, row, 1, ERROR, f"{listed}还有更多以 = + - @ 开头的单元格，请一并检查。")
            return
        yield Problem(
            shown,
            row,
            1,
            ERROR,
            f"{listed}第 {field_number} 列的“{cell[:40]}”以 = + - @ 开头，用 Excel 或 WPS 打开时会被当作公式执行"
            "（可以打开链接、运行程序）。请删除这些字符，或在单元格内容前加一个英文单引号“'”使其成为文字。",
        )


def _content(
    record: SourceRecord, path: PathKey, relative: str, suffix: str, found: Extracted, limit: int
) -> Iterator[Problem]:
    name = f"附件“{relative}”"
    if found.size > limit:
        yield record.problem(
            path,
            ERROR,
            f"{name}有 {found.size:,} 字节，超过附件大小上限 {limit:,} 字节（{limit / 1_000_000:g} MB）。"
            "请压缩或拆分后再提交（例如降低扫描件的分辨率、把大表格按年度拆分）；如确需公开，请调整设置 attachment_max_bytes。",
        )
        return
    expected = DECLARED.get(suffix)
    if expected and found.kind != expected:
        what = "文字无法识别的二进制内容" if expected == "text" else LABELS.get(found.kind, found.kind)
        yield record.problem(
            path,
            ERROR,
            f"{name}的扩展名是 .{suffix}，但文件内容是{what}，不是 {LABELS[expected]}。"
            f"请用原软件重新导出为真正的 .{suffix} 文件，或把扩展名改为与内容相符的类型。",
        )
        return
    if found.error:
        yield record.problem(path, ERROR, f"{name}无法读取：{found.error}。请用原软件重新导出该文件后再提交。")
        return
    if found.tracked_changes:
        yield record.problem(
            path,
            ERROR,
            f"{name}含有 {found.tracked_changes} 处未处理的修订痕迹（插入或删除），公开后任何人都能看到修改前的文字。"
            "请在 Word 中选择“审阅 → 接受所有修订”（或拒绝修订），关闭“修订”后重新保存。",
        )
    if found.comments:
        yield record.problem(
            path,
            ERROR,
            f"{name}含有 {found.comments} 条批注，公开后任何人都能看到审阅意见和批注人。"
            "请在 Word 中选择“审阅 → 删除 → 删除文档中的所有批注”后重新保存。",
        )
    for field_name, value in found.people:
        yield record.problem(
            path,
            WARNING,
            f"{name}的文档属性“{_FIELD_NAMES.get(field_name, field_name)}”写着“{value}”，会随文件公开个人姓名。"
            "请清除该属性后重新保存（Word/Excel：“文件 → 信息 → 检查问题 → 检查文档”，删除“文档属性和个人信息”；"
            "PDF：在“文档属性”中清空“作者”）。",
        )
    if found.kind == PDF and found.pages and not found.text.strip():
        yield record.problem(
            path,
            WARNING,
            f"{name}是没有文字层的 PDF（共 {found.pages} 页，可能是扫描件）：读屏软件无法朗读，网站搜索也找不到其中的文字。"
            "请改为发布由原文件直接导出的 PDF，或对扫描件做文字识别（OCR）后再发布。",
        )
