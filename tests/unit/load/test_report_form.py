"""Reading the national form (国办公开办函〔2021〕30号) from Word and Excel: every figure by its
national row and column names, blanks and "/" as published, money as published, and every cell
that is not a figure reported by table, row, column and where it is; nothing guessed.

The forms are the blank national template filled with python-docx, and an Excel copy of the same
layout made with openpyxl (tests/support/national_form.py)."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from gongkai.load.report_form import Amount, read_report
from tests.support.national_form import TEMPLATE, figures, filled_docx, positions, single_other_row, xlsx_copy

THREE_SECURITY_RESEARCH = ("requests", "results", "denied", "security_stability", "research")


def flat(values: dict, path: tuple = ()) -> dict[tuple, object]:
    out: dict[tuple, object] = {}
    for name, value in values.items():
        if isinstance(value, dict):
            out.update(flat(value, (*path, name)))
        else:
            out[(*path, name)] = value
    return out


def as_text(value: object) -> object:
    return value.text if isinstance(value, Amount) else value


def form(tmp_path: Path, kind: str, texts: dict, **options) -> Path:
    word = filled_docx(tmp_path / "report.docx", texts, **options)
    return word if kind == "docx" else xlsx_copy(word, tmp_path / "report.xlsx")


def edited(tmp_path: Path, change, texts: dict | None = None) -> Path:
    """The filled Word form changed by `change(document)`."""
    path = filled_docx(tmp_path / "report.docx", figures() if texts is None else texts)
    document = docx.Document(str(path))
    change(document)
    document.save(str(path))
    return path


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_every_figure_of_a_filled_form_is_read_by_its_national_names(tmp_path: Path, kind: str):
    expected = figures()
    report = read_report(form(tmp_path, kind, expected, title="某县人民政府办公室2025年政府信息公开工作年度报告"))
    assert report.errors == []
    values = flat(report.values)
    assert {path: str(as_text(v)) for path, v in values.items()} == expected
    assert all(isinstance(v, int) for path, v in values.items() if path[-1] != "fees")
    assert report.figures == 200 and report.blanks == 0
    assert report.title == "某县人民政府办公室2025年政府信息公开工作年度报告" and report.year == 2025


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_the_six_parts_text_comes_from_the_headings_and_placeholders_are_not_text(tmp_path: Path, kind: str):
    report = read_report(form(tmp_path, kind, figures()))
    assert report.texts == {
        "overview": "本年度共主动公开政府信息 120 条。",
        "problems": "本年度共主动公开政府信息 120 条。",
        "other": "本年度未收取信息处理费。",
    }
    blank = read_report(form(tmp_path, kind, figures(), parts=False))
    assert blank.texts == {}  # （文字描述） is the template's placeholder


def test_the_blank_template_reads_every_cell_as_blank():
    report = read_report(TEMPLATE)
    assert report.errors == []
    values = flat(report.values)
    assert len(values) == 200 and set(values.values()) == {None}
    assert report.blanks == 200 and report.figures == 0


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_blank_and_slash_cells_are_kept_as_published(tmp_path: Path, kind: str):
    texts = figures()
    texts[THREE_SECURITY_RESEARCH] = "/"
    texts[("requests", "new", "commercial")] = ""
    texts[("proactive", "licensing")] = "／"  # full-width
    texts[("reviews", "litigation_direct", "pending")] = " "
    report = read_report(form(tmp_path, kind, texts))
    assert report.errors == []
    values = flat(report.values)
    assert values[THREE_SECURITY_RESEARCH] == "/" and values[("proactive", "licensing")] == "/"
    assert values[("requests", "new", "commercial")] is None
    assert values[("reviews", "litigation_direct", "pending")] is None
    assert (report.blanks, report.slashes) == (2, 2)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("published", ["12.50", "0.00", "1234", "0.5"])
def test_money_is_read_exactly_as_published(tmp_path: Path, kind: str, published: str):
    texts = {**figures(), ("proactive", "fees"): published}
    report = read_report(form(tmp_path, kind, texts))
    assert report.errors == []
    assert report.values["proactive"]["fees"] == Amount(published)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("十二", "“十二”是汉字数字"),
        ("12件", "“12件”中除数字外还有其他文字"),
        ("-3", "“-3”是负数"),
        ("12.5", "“12.5”不是整数"),
        ("约10", "“约10”中除数字外还有其他文字"),
        ("无", "“无”不是数字"),
    ],
)
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_cell_that_is_not_a_figure_is_reported_by_table_row_column_and_place(
    tmp_path: Path, kind: str, typed: str, why: str
):
    texts = {**figures(), THREE_SECURITY_RESEARCH: typed}
    report = read_report(form(tmp_path, kind, texts))
    place = "第 2 个表格第 10 行第 6 列" if kind == "docx" else "工作表“年度报告”单元格 F30"
    [error] = report.errors
    assert error.startswith(f"表三 （三）不予公开 3.危及“三安全一稳定” × 科研机构（{place}）：{why}")
    assert "请改为阿拉伯数字" in error
    assert THREE_SECURITY_RESEARCH not in flat(report.values)


def test_a_negative_or_worded_amount_of_money_is_reported(tmp_path: Path):
    for typed, why in (("-1.5", "是负数：金额不能为负"), ("12.5万元", "单位已是表头中的万元")):
        report = read_report(form(tmp_path, "docx", {**figures(), ("proactive", "fees"): typed}))
        [error] = report.errors
        assert error.startswith("表二 行政事业性收费（第 1 个表格第 14 行第 2 列）：") and why in error


def test_names_are_matched_whatever_the_width_spacing_quotes_and_long_names_prefixes(tmp_path: Path):
    def respell(document):
        three = document.tables[1]
        three.rows[9].cells[2].text = '3．危及"三安全一稳定"'
        three.rows[6].cells[1].text = "(二)部分公开"
        three.rows[23].cells[2].text = "1.申请人无正当理由逾期不补正"
        three.rows[2].cells[4].text = "商业 企业"
        three.rows[3].cells[0].text = "本年新收政府信息公开申请数量"

    report = read_report(edited(tmp_path, respell))
    assert report.errors == []
    assert {p: str(as_text(v)) for p, v in flat(report.values).items()} == figures()


def test_a_missing_row_is_reported_by_its_national_name(tmp_path: Path):
    def drop_repeated(document):
        row = document.tables[1].rows[19]._tr
        row.getparent().remove(row)

    report = read_report(edited(tmp_path, drop_repeated))
    assert report.errors == [
        "表三 （五）不予处理 2.重复申请：表中找不到这一行。请核对行名是否与国家格式一致（合并或改动了行名时，"
        "按国家格式恢复这一行），或补上这一行再导入。"
    ]


def test_a_row_the_form_does_not_have_is_reported_when_it_holds_figures(tmp_path: Path):
    def add_row(document):
        table = document.tables[1]
        extra = copy.deepcopy(table.rows[14]._tr)
        table.rows[14]._tr.addnext(extra)
        document.tables[1].rows[15].cells[2].text = "9.其他原因"

    report = read_report(edited(tmp_path, add_row))
    [error] = report.errors
    assert error.startswith("表三（第 2 个表格第 16 行第 3 列）：“三、本年度办理结果 （三）不予公开 9.其他原因")
    assert "这一行不是国家格式中的行，但有数字" in error


def test_a_written_subtotal_row_is_not_imported(tmp_path: Path):
    def add_subtotal(document):
        table = document.tables[1]
        table.rows[14]._tr.addnext(copy.deepcopy(table.rows[14]._tr))
        document.tables[1].rows[15].cells[2].text = "小计"

    report = read_report(edited(tmp_path, add_subtotal))
    assert report.errors == []
    assert "total" not in report.values["requests"]["results"]["denied"]
    assert any("表三 （三）不予公开 小计" in n and "小计行未导入" in n for n in report.notices)


def test_the_other_group_printed_as_a_single_row_is_read_as_its_total(tmp_path: Path):
    texts = figures()
    report = read_report(edited(tmp_path, single_other_row, texts))
    assert report.errors == []
    other = report.values["requests"]["results"]["other"]
    item = ("requests", "results", "other", "overdue_correction")
    assert other == {"total": {k: int(texts[(*item, k)]) for k in other["total"]}}


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_tables_are_found_by_their_headings_not_their_order(tmp_path: Path, kind: str):
    def reorder(document):
        body = document.element.body
        paragraphs = {p.text: p._p for p in document.paragraphs}
        four, two = paragraphs["四、政府信息公开行政复议、行政诉讼情况"], paragraphs["二、主动公开政府信息情况"]
        table_four = document.tables[2]._tbl
        two.addprevious(four)
        two.addprevious(table_four)
        unrelated = copy.deepcopy(document.tables[1]._tbl)  # a table inside 一、总体情况 is not 表三
        paragraphs["一、总体情况"].addnext(unrelated)
        assert body is not None

    word = edited(tmp_path, reorder)
    path = word if kind == "docx" else xlsx_copy(word, tmp_path / "report.xlsx")
    report = read_report(path)
    assert report.errors == []
    assert {p: str(as_text(v)) for p, v in flat(report.values).items()} == figures()
    assert any("“一、总体情况”中的表格" in n for n in report.notices)


def test_a_missing_table_is_reported(tmp_path: Path):
    def drop_four(document):
        table = document.tables[2]._tbl
        table.getparent().remove(table)

    report = read_report(edited(tmp_path, drop_four))
    assert report.errors == [
        "表四：找不到这张表。它应在标题“四、政府信息公开行政复议、行政诉讼情况”下面；"
        "请确认文件是按国办公开办函〔2021〕30号的格式填写的，标题没有改动。"
    ]


def test_a_number_in_a_merged_cell_covering_several_figures_is_refused(tmp_path: Path):
    def merge(document):
        table = document.tables[1]
        table.cell(3, 3).merge(table.cell(3, 4))
        table.cell(3, 3).text = "5"

    report = read_report(edited(tmp_path, merge))
    [error] = report.errors
    assert error.startswith(
        "表三 一、本年新收政府信息公开申请数量 × 自然人、表三 一、本年新收政府信息公开申请数量 × 商业企业"
    )
    assert "合并单元格" in error
    assert "natural_person" not in report.values["requests"]["new"]


def test_tracked_changes_are_refused(tmp_path: Path):
    def track(document):
        run = document.tables[1].rows[3].cells[3].paragraphs[0].runs[0]._r
        inserted = run.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "x"})
        run.addprevious(inserted)
        inserted.append(run)

    report = read_report(edited(tmp_path, track))
    [error] = report.errors
    assert "1 处未处理的修订" in error and "接受所有修订" in error


def test_a_formula_excel_never_saved_a_result_for_is_reported(tmp_path: Path):
    path = xlsx_copy(filled_docx(tmp_path / "report.docx", figures()), tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["F30"] = "=1+1"
    book.save(path)
    [error] = read_report(path).errors
    assert error.startswith(
        "表三 （三）不予公开 3.危及“三安全一稳定” × 科研机构（工作表“年度报告”单元格 F30）：是公式“=1+1”"
    )


def test_columns_are_found_by_their_names_not_their_order(tmp_path: Path):
    path = xlsx_copy(filled_docx(tmp_path / "report.docx", figures()), tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    for row in range(23, 49):  # 表三's second header row and its data rows: 科研机构 and 社会公益组织 swapped
        sheet.cell(row, 6).value, sheet.cell(row, 7).value = sheet.cell(row, 7).value, sheet.cell(row, 6).value
    book.save(path)
    report = read_report(path)
    assert report.errors == []
    assert {p: str(as_text(v)) for p, v in flat(report.values).items()} == figures()


def test_a_file_that_is_not_an_office_document_or_a_zip_bomb_is_refused(tmp_path: Path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    assert "文件已损坏" in read_report(broken).errors[0]
    bomb = tmp_path / "bomb.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 40_000_000)
    bomb.write_bytes(buffer.getvalue())
    assert "压缩炸弹" in read_report(bomb).errors[0] or "超过导入上限" in read_report(bomb).errors[0]


def test_a_huge_table_is_refused_without_reading_it_all(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=1, cols=3)
    row = table.rows[0]._tr
    for _ in range(500):
        row.addnext(copy.deepcopy(row))
    path = tmp_path / "huge.docx"
    document.save(str(path))
    [error] = read_report(path).errors
    assert "超过 400 行" in error


def test_positions_cover_every_figure_of_the_schema():
    """The test's own map of the template covers all 200 cells the importer reads."""
    assert len(positions()) == 200 == len(figures())
