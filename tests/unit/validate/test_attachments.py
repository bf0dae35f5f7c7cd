"""Attachments: real PDF, Word and Excel files made here with the libraries agencies' software
uses, read by gongkai before publication (policy, hidden content, personal data, cache); on the
built site: tests/sites/test_attachments.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attachment_files import docx_bytes, pdf_bytes, scanned_pdf_bytes, xlsx_bytes, zip_bomb_docx

from gongkai.config import settings_from_mapping
from gongkai.load.attachments import Library
from gongkai.validate.personal_numbers import _ID_CHECK, _ID_WEIGHTS
from tests.support.helpers import line_of, run, write_attachment, write_record


def id_number(first17: str = "41010519491231002") -> str:
    return first17 + _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


ID = id_number()


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def listed(data: Path, relative: str, content: bytes, record_id: str = "doc", **settings) -> tuple[list, int]:
    """A document listing one attachment; the problems and the line of its `file:`."""
    write_attachment(data, relative, content)
    path = write_record(data, "documents", record_id, attachments=[{"title": "附件1", "file": relative}])
    return run(data, **settings), line_of(path, "file")


def test_clean_files_pass(data):
    write_attachment(data, "documents/a.pdf", pdf_bytes(["关于公务用车的通知", "第二页正文"]))
    write_attachment(
        data, "documents/b.docx", docx_bytes(["第一段", "第二段"], table=[["序号", "单位"], ["1", "机关服务中心"]])
    )
    write_attachment(data, "documents/c.xlsx", xlsx_bytes({"名单": [["序号", "单位"], [1, "车队"]]}))
    write_record(
        data,
        "documents",
        "doc",
        attachments=[
            {"title": "一", "file": "documents/a.pdf"},
            {"title": "二", "file": "documents/b.docx"},
            {"title": "三", "file": "documents/c.xlsx"},
        ],
    )
    assert run(data) == []


def test_id_number_in_pdf_names_page_and_record_line(data):
    problems, line = listed(data, "documents/list.pdf", pdf_bytes(["名单", f"联系人 张三 身份证 {ID}"]))
    (problem,) = problems
    assert problem.is_error and problem.line == line
    assert problem.path == str(Path("data/documents/doc.yaml"))
    assert str(Path("data/attachments/documents/list.pdf")) in problem.message
    assert "第 2 页" in problem.message and "居民身份证号码" in problem.message and ID[:4] + "*" in problem.message


def test_id_number_in_xlsx_names_sheet_and_cell(data):
    rows = [["序号", "姓名", "证件号码"], [1, "张三", ID], [2, "李四", 13800138000]]
    problems, line = listed(data, "documents/list.xlsx", xlsx_bytes({"名单": rows}))
    messages = sorted(p.message for p in problems)
    assert len(problems) == 2 and all(p.line == line and p.is_error for p in problems)
    assert any("工作表“名单”单元格 C2" in m and "居民身份证号码" in m for m in messages)
    assert any("工作表“名单”单元格 C3" in m and "手机号码" in m for m in messages)  # a number typed as a number


def test_mobile_in_docx_names_paragraph_and_table_cell(data):
    content = docx_bytes(["通知", "联系电话 13800138000"], table=[["联系人", "电话"], ["王五", "13900139000"]])
    problems, _line = listed(data, "documents/notice.docx", content)
    assert sorted(p.message.split("：", 1)[0].split(" ", 2)[-1] for p in problems) == [
        "第 1 个表格第 2 行第 2 列",
        "第 2 段",
    ]


def test_exception_applies_to_attachments(data):
    write_attachment(data, "documents/list.pdf", pdf_bytes(["服务热线 13800138000"]))
    write_record(
        data,
        "documents",
        "doc",
        attachments=[{"title": "表", "file": "documents/list.pdf"}],
        allow_personal_data=[{"value": "13800138000", "reason": "对外公布的服务热线"}],
    )
    assert run(data) == []


def test_docx_comment_and_tracked_change_are_errors(data):
    problems, line = listed(
        data, "documents/draft.docx", docx_bytes(["第一条", "第二条"], comment="这句删掉", tracked="新增的一句")
    )
    assert [p.line for p in problems] == [line, line] and all(p.is_error for p in problems)
    text = " ".join(p.message for p in problems)
    assert "1 处未处理的修订痕迹" in text and "1 条批注" in text and "接受所有修订" in text


def test_author_metadata_is_a_warning_naming_the_field(data):
    problems, line = listed(data, "documents/a.pdf", pdf_bytes(["正文"], author="张三"))
    (problem,) = problems
    assert (
        problem.severity == "警告"
        and problem.line == line
        and "Author" in problem.message
        and "张三" in problem.message
    )
    problems, _ = listed(data, "documents/b.docx", docx_bytes(["正文"], author="李四"), record_id="doc2")
    assert [p.message for p in problems if "作者（author）" in p.message and "李四" in p.message]
    problems, _ = listed(data, "documents/c.xlsx", xlsx_bytes({"表": [["正文"]]}, creator="王五"), record_id="doc3")
    assert [p.message for p in problems if "creator" in p.message and "王五" in p.message]


def test_scanned_pdf_is_a_warning(data):
    problems, line = listed(data, "documents/scan.pdf", scanned_pdf_bytes())
    (problem,) = problems
    assert (
        problem.severity == "警告"
        and problem.line == line
        and "没有文字层" in problem.message
        and "1 页" in problem.message
    )


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("fake.pdf", "这不是 PDF".encode(), "不是 PDF"),
        ("word.pdf", docx_bytes(["正文"]), "文件内容是Word"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "不是 Word"),
        ("sheet.xlsx", pdf_bytes(["表"]), "文件内容是PDF"),
        ("photo.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "不是 JPEG"),
        ("list.csv", b"\x00\x01\x02\xff\xfe" * 20, "不是 文本"),
    ],
)
def test_content_not_matching_the_declared_type_is_an_error(data, name, content, said):
    problems, line = listed(data, f"documents/{name}", content)
    (problem,) = problems
    assert problem.is_error and problem.line == line and said in problem.message, problem.message


def test_broken_files_are_errors_not_crashes(data):
    problems, line = listed(data, "documents/broken.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert [(p.line, p.is_error) for p in problems] == [(line, True)] and "无法读取" in problems[0].message
    problems, line = listed(data, "documents/bomb.docx", zip_bomb_docx(), record_id="doc2")
    problems = [p for p in problems if p.path.endswith("doc2.yaml")]
    assert [p.line for p in problems] == [line] and "压缩炸弹" in problems[0].message


def test_policy_types_and_size(data):
    problems, line = listed(data, "documents/archive.zip", b"PK\x05\x06" + b"\x00" * 18)
    (problem,) = problems
    assert problem.is_error and problem.line == line and ".zip 不在允许公开的附件类型之内" in problem.message
    pdf = pdf_bytes(["正文"])
    problems, line = listed(data, "documents/big.pdf", pdf, record_id="doc2", attachment_max_bytes=len(pdf) - 1)
    assert [(p.line, p.is_error) for p in problems if "超过附件大小上限" in p.message] == [(line, True)]
    settings = settings_from_mapping({"attachment_types": ["PDF", ".zip"]})
    assert settings.attachment_types == ("pdf", "zip")
    assert settings_from_mapping({}).attachment_max_bytes == 20_000_000
    assert set(settings_from_mapping({}).attachment_types) == {"pdf", "ofd", "docx", "xlsx", "csv", "txt", "png", "jpg"}


def test_text_is_cached_by_content_hash(tmp_path):
    root, cache = tmp_path / "attachments", tmp_path / "cache"
    root.mkdir()
    (root / "a.pdf").write_bytes(pdf_bytes(["缓存测试正文"]))
    first = Library(root, cache, 20_000_000)
    found = first.get("a.pdf")
    assert first.parsed == 1 and found.pages == 1 and "缓存测试正文" in found.text
    (entry,) = (cache / "attachments").iterdir()
    assert entry.name.startswith(found.sha256)
    # A second build reads the cache, not the file: what the cache says is what it gets.
    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["units"] = [["第 1 页", "来自缓存"]]
    entry.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    second = Library(root, cache, 20_000_000)
    assert second.get("a.pdf").text == "来自缓存" and second.parsed == 0
    # The same content under another name is the same entry; changed content is parsed again.
    (root / "copy.pdf").write_bytes((root / "a.pdf").read_bytes())
    (root / "a.pdf").write_bytes(pdf_bytes(["改过的正文"]))
    third = Library(root, cache, 20_000_000)
    assert third.get("copy.pdf").text == "来自缓存" and "改过的正文" in third.get("a.pdf").text and third.parsed == 1


def test_policy_settings_from_mkdocs_yml_reach_validation(tmp_path, monkeypatch, capsys):
    from gongkai import cli
    from tests.support.sites import project_with

    root = project_with(
        tmp_path,
        "  - gongkai:\n      settings:\n        attachment_types: [PDF, .txt]\n        attachment_max_bytes: 5000\n",
    )
    write_attachment(root / "data", "documents/list.csv", "序号,单位\n1,车队\n".encode())
    write_attachment(root / "data", "documents/big.txt", ("正文" * 3000).encode())
    write_record(
        root / "data",
        "documents",
        "doc",
        attachments=[{"title": "表", "file": "documents/list.csv"}, {"title": "长文", "file": "documents/big.txt"}],
    )
    monkeypatch.chdir(root)
    assert cli.main(["validate", "--today", "2024-06-01"]) == cli.EXIT_PROBLEMS
    out = capsys.readouterr().out
    assert ".csv 不在允许公开的附件类型之内（pdf、txt）" in out and "超过附件大小上限 5,000 字节" in out
    assert (root / ".cache" / "attachments").is_dir()  # the cache sits beside mkdocs.yml


# --- a path inside the attachments folder, links followed ---------------------------------------------


def test_folder_resolves_every_path_as_path_resolve_does(tmp_path):
    from gongkai.load.attachments.read import Folder

    root = tmp_path / "attachments"
    (root / "documents" / "deep").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.pdf").write_bytes(b"%PDF-1.4")
    (root / "documents" / "a.pdf").write_bytes(b"%PDF-1.4")
    (root / "documents" / "link-out.pdf").symlink_to(tmp_path / "outside" / "secret.pdf")
    (root / "documents" / "link-in.pdf").symlink_to(root / "documents" / "a.pdf")
    (root / "documents" / "link-link.pdf").symlink_to(root / "documents" / "link-out.pdf")
    (root / "dir-out").symlink_to(tmp_path / "outside")
    (root / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    folder = Folder(root)
    cases = {
        "documents/a.pdf": True,
        "documents/missing.pdf": True,
        "documents/deep/../a.pdf": True,
        "documents/a.pdf/x": True,
        "documents/link-in.pdf": True,
        "documents/link-out.pdf": False,
        "documents/link-link.pdf": False,
        "dir-out/secret.pdf": False,
        "dir-out/missing.pdf": False,
        "dangling.pdf": False,
        "../outside/secret.pdf": False,
        "documents/..": True,
        "documents/../..": False,
        ".": True,
        "documents/./a.pdf": True,
    }
    for _ in range(2):  # the second time with every directory already resolved
        for relative, inside in cases.items():
            path = root / relative
            assert folder.resolve(path) == path.resolve(), relative
            assert folder.holds(path) is inside, relative
