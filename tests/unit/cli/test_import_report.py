"""`gongkai import-report FILE --id ID`: the national form in, `data/reports/disclosure/ID.yaml`
out, written to the data contract (blank null, "/" as "/", money as published, （六） as one row
as its total, no 小计), or nothing written and every unreadable cell named (exit 1)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml

from gongkai.cli.main import main
from tests.support.national_form import figures, filled_docx, single_other_row, xlsx_copy
from tests.support.national_form_record import fill_placeholders

TODAY = "2026-02-01"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "gongkai.yml").write_text("data_dir: data\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def record(project: Path, record_id: str = "2025-annual-report") -> Path:
    return project / "data" / "reports" / "disclosure" / f"{record_id}.yaml"


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_filled_form_is_written_as_the_record_with_every_figure(project: Path, kind: str, capsys):
    texts = {**figures(), ("proactive", "fees"): "12.50"}
    word = filled_docx(project / "report.docx", texts, title="某县人民政府办公室2025年政府信息公开工作年度报告")
    source = word if kind == "docx" else xlsx_copy(word, project / "report.xlsx")
    assert main(["import-report", str(source.name), "--id", "2025-annual-report"]) == 0
    out = capsys.readouterr().out
    assert "已导入 data/reports/disclosure/2025-annual-report.yaml：200 个数字" in out
    assert "待填写（原表中没有）：publish_date（发布日期）、issuer（发布机构）、index_no（索引号）" in out
    text = record(project).read_text(encoding="utf-8")
    assert "  fees: 12.50  # 行政事业性收费\n" in text  # the YAML number's text is the published one
    data = yaml.safe_load(text)
    assert data["id"] == "2025-annual-report" and data["year"] == 2025 and data["disclosure"] == "主动公开"
    assert data["title"] == "某县人民政府办公室2025年政府信息公开工作年度报告"
    assert data["overview"].strip() == "本年度共主动公开政府信息 120 条。"
    for path, typed in texts.items():
        value = data
        for part in path:
            value = value[part]
        assert str(value) == str(float(typed) if path[-1] == "fees" else typed)
    results = data["requests"]["results"]
    assert all("total" not in results[group] for group in ("denied", "unable", "not_processed", "other"))
    assert "  # 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计\n" in text
    assert "  new: {natural_person: " in text and "}  # 一、本年新收政府信息公开申请数量\n" in text


def test_blank_cells_are_null_and_slashes_the_string(project: Path, capsys):
    texts = {**figures(), ("requests", "new", "research"): "", ("reviews", "reconsideration", "other"): "/"}
    filled_docx(project / "report.docx", texts)
    assert main(["import-report", "report.docx", "--id", "2025-annual-report"]) == 0
    text = record(project).read_text(encoding="utf-8")
    assert "research: null" in text and 'other: "/"' in text
    data = yaml.safe_load(text)
    assert data["requests"]["new"]["research"] is None and data["reviews"]["reconsideration"]["other"] == "/"
    assert "1 个空白格（写作 null）、1 个“/”" in capsys.readouterr().out


def test_the_other_group_printed_as_one_row_is_written_as_its_total(project: Path):
    path = filled_docx(project / "report.docx", figures())
    document = docx.Document(str(path))
    single_other_row(document)
    document.save(str(path))
    assert main(["import-report", "report.docx", "--id", "2025-annual-report"]) == 0
    text = record(project).read_text(encoding="utf-8")
    assert "    other:  # （六）其他处理（原表只有一行，作为小计导入）\n      total: {natural_person: " in text
    assert set(yaml.safe_load(text)["requests"]["results"]["other"]) == {"total"}


def test_an_unreadable_cell_exits_1_names_the_cell_and_writes_nothing(project: Path, capsys):
    texts = {**figures(), ("requests", "results", "denied", "security_stability", "research"): "十二"}
    texts[("reviews", "litigation_after_review", "total")] = "-3"
    filled_docx(project / "report.docx", texts)
    assert main(["import-report", "report.docx", "--id", "2025-annual-report"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith(
        "report.docx: 错误 表三 （三）不予公开 3.危及“三安全一稳定” × 科研机构（第 2 个表格第 10 行第 6 列）：“十二”是汉字数字"
    )
    assert lines[1].startswith(
        "report.docx: 错误 表四 行政诉讼（复议后起诉） × 总计（第 3 个表格第 4 行第 15 列）：“-3”是负数"
    )
    assert "未导入：report.docx 有 2 个错误" in captured.err
    assert not record(project).exists()


def test_an_existing_record_is_refused_unless_forced(project: Path, capsys):
    filled_docx(project / "report.docx", figures())
    target = record(project)
    target.parent.mkdir(parents=True)
    target.write_text("id: 2025-annual-report\n", encoding="utf-8")
    assert main(["import-report", "report.docx", "--id", "2025-annual-report"]) == 2
    assert (
        "已存在，未导入" in capsys.readouterr().err and target.read_text(encoding="utf-8") == "id: 2025-annual-report\n"
    )
    assert main(["import-report", "report.docx", "--id", "2025-annual-report", "--force"]) == 0
    assert "proactive:" in target.read_text(encoding="utf-8")


def test_an_id_in_chinese_is_written_in_pinyin_and_an_unusable_one_refused(project: Path, capsys):
    filled_docx(project / "report.docx", figures())
    assert main(["import-report", "report.docx", "--id", "2025年报"]) == 0
    assert "“2025年报”已改为 2025-nian-bao" in capsys.readouterr().err
    assert record(project, "2025-nian-bao").is_file()
    assert main(["import-report", "report.docx", "--id", "——"]) == 2
    refusal = capsys.readouterr().err
    assert "“——”不能用作标识" in refusal and "例如 2025-annual-report" in refusal


def test_files_that_are_not_the_national_form_in_word_or_excel_are_refused(project: Path, capsys):
    (project / "report.doc").write_bytes(b"old word")
    assert main(["import-report", "report.doc", "--id", "2025-annual-report"]) == 2
    assert "另存为 .docx 或 .xlsx" in capsys.readouterr().err
    assert main(["import-report", "missing.docx", "--id", "2025-annual-report"]) == 2
    assert "找不到要导入的文件 missing.docx" in capsys.readouterr().err


def test_the_record_fails_validation_at_each_field_left_to_fill(project: Path, capsys):
    filled_docx(project / "report.docx", figures())
    assert main(["import-report", "report.docx", "--id", "2025-annual-report"]) == 0
    text = record(project).read_text(encoding="utf-8").splitlines()
    capsys.readouterr()
    assert main(["validate", "--today", TODAY]) == 1
    out = capsys.readouterr().out
    for name, said in (
        ("title", "不能为空"),
        ("publish_date", "YYYY-MM-DD"),
        ("issuer", "不能为空"),
        ("index_no", "不能为空"),
    ):
        line = next(i for i, t in enumerate(text, 1) if t.startswith(f"{name}: "))
        assert "# 待填写" in text[line - 1]
        assert any(
            m.startswith(f"data/reports/disclosure/2025-annual-report.yaml:{line}:") and " 错误 " in m and said in m
            for m in out.splitlines()
        ), (name, out)


def test_once_filled_the_record_validates(project: Path, capsys):
    filled_docx(project / "report.docx", figures())
    assert main(["import-report", "report.docx", "--id", "2025-annual-report"]) == 0
    assert fill_placeholders(record(project)) == ["title", "publish_date", "issuer", "index_no", "year"]
    assert main(["validate", "--today", TODAY]) == 0, capsys.readouterr().out
