"""Attachments a browser or a spreadsheet would run: web pages (HTML, XHTML, SVG, XML that is a
page) are refused even when `attachment_types` lists them, and never advised; a CSV cell that a
spreadsheet evaluates as a formula is an error at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.validate.attachment_csv import formula_cells, is_formula
from tests.support.helpers import line_of, run, write_attachment, write_record


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def listed(data: Path, relative: str, content: bytes, **settings) -> tuple[list, int]:
    write_attachment(data, relative, content)
    path = write_record(data, "documents", "doc", attachments=[{"title": "附件1", "file": relative}])
    return run(data, **settings), line_of(path, "file")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<html><body><script>alert(document.cookie)</script></body></html>"),
        ("page.htm", b"<p>hello</p>"),
        ("page.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_active_types_are_refused_even_when_listed(data, name, content):
    suffix = name.rsplit(".", 1)[1]
    for types in (None, ["pdf", suffix]):
        settings = {"attachment_types": tuple(types)} if types else {}
        problems, line = listed(data, f"documents/{name}", content, **settings)
        (problem,) = problems
        assert problem.is_error and problem.line == line, problem.message
        assert "在本网站的域名下运行其中的脚本" in problem.message and "PDF" in problem.message
        assert "attachment_types 中加入" not in problem.message


def test_a_type_not_allowed_is_advised_only_when_it_is_not_active(data):
    problems, _line = listed(data, "documents/a.zip", b"PK\x05\x06" + b"\x00" * 18)
    assert "attachment_types 中加入“zip”" in problems[0].message


def test_xml_that_a_browser_shows_as_a_page_is_refused(data):
    page = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'
    problems, line = listed(data, "documents/data.xml", page, attachment_types=("xml",))
    (problem,) = problems
    assert problem.is_error and problem.line == line and "网页内容" in problem.message
    plain = "<?xml version='1.0'?><清单><项>公务用车</项></清单>".encode()
    assert listed(data, "documents/data.xml", plain, attachment_types=("xml",))[0] == []


def test_formula_cells_in_a_csv_are_errors_at_their_line(data):
    csv = (
        "序号,单位,金额,备注\n"
        "1,车队,-12.5,+5%\n"
        '2,"多行\n备注",1000,=HYPERLINK("http://evil.example","点击查看")\n'
        "3,食堂,@SUM(1+1),\"=cmd|' /C calc'!A0\"\n"
        "4,后勤,+86 13800,-1+2\n"
    )
    problems, line = listed(data, "documents/list.csv", csv.encode("utf-8"))
    shown = str(Path("data/attachments/documents/list.csv"))
    assert {(p.path, p.line) for p in problems} == {(shown, 3), (shown, 5), (shown, 6)}
    assert all(p.is_error and f"doc.yaml 第 {line} 行" in p.message for p in problems)
    messages = " ".join(p.message for p in problems)
    assert "第 4 列的“=HYPERLINK(" in messages and "第 3 列的“@SUM(1+1)”" in messages
    assert "第 4 列的“=cmd|" in messages and "第 3 列的“+86 13800”" in messages and "“-1+2”" in messages
    assert len(problems) == 5 and "单引号" in messages


def test_signed_numbers_are_values_not_formulas():
    assert not any(is_formula(v) for v in ("-12.5", "+5%", "-1,000.00", "+1e5", "", "  42", "a=b", "-"))
    assert is_formula("-") is False and is_formula(" =1") and is_formula("\t@x") and is_formula("-A1")
    assert list(formula_cells("a\t=1\n", "\t")) == [(1, 2, "=1")]
