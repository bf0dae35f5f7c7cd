"""Every part of an attachment that a reader can open is checked for personal data, and the
finding names where it is: a Word file's header, footer, footnote, text box, content control,
nested table, comment (stored under any part name) and tracked deletion; an Excel file's cells
beyond the sheet's `<dimension>`, hidden sheets, comments, defined names, header and the cached
value of a formula; a PDF's metadata, sticky notes, form fields and embedded files; an OFD
file's pages and annotations; an image's metadata. Files made with the real libraries
(tests/support/rich_files.py)."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.validate.personal_numbers import _ID_CHECK, _ID_WEIGHTS, mask
from tests.support.helpers import line_of, run, write_attachment, write_record
from tests.support.rich_files import jpeg_with_exif, ofd_bytes, png_with_text, rich_docx, rich_pdf, rich_xlsx


def id_number(first17: str) -> str:
    return first17 + _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def numbered(places: list[str]) -> dict[str, str]:
    """A different valid mobile number per place (13800000001, 13800000002 …)."""
    return {place: f"1380000{index:04d}" for index, place in enumerate(places, start=1)}


def findings(data, relative: str, content: bytes) -> dict[str, str]:
    """Masked number -> message, of the personal-data errors at the record line listing the file."""
    write_attachment(data, relative, content)
    path = write_record(data, "documents", "doc", attachments=[{"title": "附件", "file": relative}])
    line = line_of(path, "file")
    found = {}
    for problem in run(data):
        if "疑似手机号码" in problem.message:
            assert problem.is_error and problem.line == line, problem.format()
            found[problem.message.split("疑似手机号码“")[1].split("”")[0]] = problem.message
    return found


def assert_each_found(found: dict[str, str], hidden: dict[str, str], places: dict[str, str]) -> None:
    for key, number in hidden.items():
        assert mask(number) in found, (key, sorted(found))
        assert places[key] in found[mask(number)], (key, found[mask(number)])


PLACES_DOCX = ["header", "footer", "footnote", "textbox", "control", "nested", "comment", "deleted"]


def test_every_part_of_a_word_file_is_checked(data):
    places = {
        "header": "页眉 1 第 1 段",
        "footer": "页脚 1 第 2 段",
        "footnote": "脚注 3",
        "textbox": "第 2 段的文本框",
        "control": "第 3 段（内容控件）",
        "nested": "第 1 个表格第 1 行第 1 列的嵌套表格第 1 行第 2 列",
        "comment": "批注 0（审核人）",
        "deleted": "页脚 1 第 1 段",
    }
    hidden = numbered(list(places))
    assert_each_found(findings(data, "documents/notice.docx", rich_docx(hidden)), hidden, places)


def test_comments_and_tracked_changes_outside_the_body_and_under_another_name_are_errors(data):
    content = rich_docx(
        numbered(["header", "footer", "footnote", "textbox", "control", "nested", "comment", "deleted"])
    )
    write_attachment(data, "documents/notice.docx", content)
    write_record(data, "documents", "doc", attachments=[{"title": "附件", "file": "documents/notice.docx"}])
    messages = " ".join(p.message for p in run(data))
    assert "1 处未处理的修订痕迹" in messages and "1 条批注" in messages


def test_every_cell_and_part_of_an_excel_file_is_checked(data):
    places = {
        "beyond": "工作表“名单”单元格 F40",
        "hidden": "工作表“备用”（隐藏工作表）单元格 A1",
        "very_hidden": "工作表“底稿”（深度隐藏工作表）单元格 A1",
        "comment": "批注（单元格 B2",
        "name": "定义的名称 联系电话",
        "header": "工作表“名单”的页眉页脚",
        "formula": "工作表“名单”单元格 C1",
    }
    hidden = numbered(list(places))
    assert_each_found(findings(data, "documents/list.xlsx", rich_xlsx(hidden)), hidden, places)


def test_pdf_metadata_annotations_form_fields_and_embedded_files_are_checked(data):
    places = {
        "subject": "文档属性 Subject",
        "keywords": "文档属性 Keywords",
        "note": "第 1 页的批注（Text）",
        "field": "第 1 页的表单域“phone”",
        "embedded": "嵌入的文件“联系人名单.txt”",
    }
    hidden = numbered(list(places))
    assert_each_found(findings(data, "documents/notice.pdf", rich_pdf(hidden)), hidden, places)


def test_ofd_pages_and_annotations_are_read(data):
    number = id_number("41010519491231002")
    content = ofd_bytes(
        ["关于公务用车管理的通知", f"联系人身份证 {number}"], author="张三", hidden_annotation="电话 13800000009"
    )
    write_attachment(data, "documents/notice.ofd", content)
    write_record(data, "documents", "doc", attachments=[{"title": "附件", "file": "documents/notice.ofd"}])
    problems = run(data)
    messages = [p.message for p in problems]
    assert any("第 2 页" in m and "居民身份证号码" in m for m in messages), messages
    assert any("Annotation.xml" in m and mask("13800000009") in m for m in messages), messages
    assert any(p.severity == "警告" and "张三" in p.message for p in problems), messages


def test_ofd_text_is_searchable_and_its_pages_counted(tmp_path):
    from gongkai.load.attachments import Library

    root = tmp_path / "attachments"
    root.mkdir()
    (root / "a.ofd").write_bytes(ofd_bytes(["第一页正文", "第二页正文"]))
    found = Library(root, None, 20_000_000).get("a.ofd")
    assert found.kind == "ofd" and found.pages == 2 and not found.error and not found.unread
    assert found.units == [("第 1 页", "第一页正文"), ("第 2 页", "第二页正文")]


def test_image_metadata_is_checked(data):
    png = png_with_text({"Author": "Zhang San", "Comment": "Tel 13800000011"}, {"Description": "13800000012"})
    found = findings(data, "documents/photo.png", png)
    assert "PNG 文字信息 Comment" in found[mask("13800000011")]
    assert "PNG 文字信息 Description" in found[mask("13800000012")]
    jpeg = jpeg_with_exif("Li Si", "Tel 13800000013", comment="13800000014")
    found = findings(data, "documents/photo.jpg", jpeg)
    assert "EXIF ImageDescription" in found[mask("13800000013")] and "JPEG 注释" in found[mask("13800000014")]
    problems = run(data)
    assert any(p.severity == "警告" and "Li Si" in p.message and "EXIF Artist" in p.message for p in problems)


def test_a_file_only_partly_read_is_an_error_unless_the_setting_accepts_its_type(data):
    write_attachment(data, "documents/long.txt", ("公务用车管理" * 400_000).encode("utf-8"))
    docx = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(rich_docx(numbered(PLACES_DOCX)))) as source, zipfile.ZipFile(docx, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    write_attachment(data, "documents/with-object.docx", docx.getvalue())
    files = [{"title": "长文", "file": "documents/long.txt"}, {"title": "对象", "file": "documents/with-object.docx"}]
    path = write_record(data, "documents", "doc", attachments=files)
    partly = [p for p in run(data) if "只读取了一部分" in p.message]
    assert [p.line for p in partly] == [line_of(path, "file"), line_of(path, "file") + 2], [p.format() for p in partly]
    assert all(p.is_error for p in partly)
    assert "超过读取上限" in partly[0].message and "attachment_partial_types 中加入“txt”" in partly[0].message
    assert "word/embeddings/oleObject1.bin" in partly[1].message
    accepted = run(data, attachment_partial_types=("txt", "docx"))
    assert not [p for p in accepted if "只读取了一部分" in p.message]
