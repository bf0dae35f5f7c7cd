"""Attachments: the publishing policy and the hidden content that must not be published.

Each problem is reported at the record line that lists the attachment (the editor fixes either
the file or that line):
- policy (settings `attachment_types`, `attachment_max_bytes`): a type not allowed, a file over
  the size limit: errors;
- a file whose content is not what its extension declares (a `.pdf` that is not a PDF, a `.docx`
  that is really an old `.doc`): error; a file that cannot be read at all: error;
- a Word file with tracked changes (insertions, deletions, moves) or comments: error (anyone who
  opens the published file sees the earlier wording and the reviewers' remarks);
- metadata naming a person (PDF Author, Office author / last modified by): warning naming the field;
- a PDF without extractable text (a scan): warning (not accessible, not searchable).
Missing files and paths outside data/attachments/ are the references rule's to report.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.load.attachments import Extracted
from gongkai.load.attachments.extracted import DECLARED, LABELS, PDF
from gongkai.load.files import PathKey
from gongkai.load.records import SourceRecord
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.context import Context
from gongkai.validate.references import attachments_of

_FIELD_NAMES = {
    "Author": "作者（Author）",
    "author": "作者（author）",
    "creator": "作者（creator）",
    "last_modified_by": "最后修改者（lastModifiedBy）",
    "lastModifiedBy": "最后修改者（lastModifiedBy）",
}


def check(context: Context) -> Iterator[Problem]:
    settings = context.settings
    allowed = tuple(t.lower().lstrip(".") for t in settings.attachment_types)
    for record in context.records:
        for path, relative in attachments_of(record):
            suffix = relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
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
