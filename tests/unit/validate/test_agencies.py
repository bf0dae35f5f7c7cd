"""Several agencies in one site (gongkai/agencies.py): the declared agencies, a record's `agency`,
and the rules that are per agency: 文号 and 索引号 series, one annual report per agency and year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from gongkai.agencies import Agencies, credit_code_check, credit_code_problem, parse_agencies
from gongkai.config import SettingError, settings_from_mapping
from gongkai.plugin.config import read_project
from tests.support.helpers import assert_clean, matching, only, run, write_record
from tests.support.sites import DEMO_TODAY, ROOT

OFFICE = {
    "name": "河南省机关事务管理局",
    "short_name": "省机关事务局",
    "credit_code": "11410000MB1234567P",
    "contact": "0371-65900000",
}
ENERGY = {"name": "河南省公共机构节能中心", "short_name": "省节能中心", "credit_code": "12410000415800123U"}
GENERAL_OFFICE = {
    "name": "河南省人民政府办公厅",
    "short_name": "省政府办公厅",
    "credit_code": "11410000MB1935420H",
    "identification_code": "4100000001",
    "contact": "0371-65500000（演示）",
    "guide": "guides/office.md",
}
GOVERNMENT = {"name": "河南省人民政府", "short_name": "省政府", "credit_code": "11410000MB1935412N"}
TWO = {"agencies": [OFFICE, ENERGY]}  # as written in mkdocs.yml
DECLARED = {"agencies": parse_agencies([OFFICE, ENERGY])}  # as Settings holds it
# The demo's agencies (mkdocs.yml), for the tests on a copy of the demo's data.
DEMO = {"agencies": parse_agencies([OFFICE, GENERAL_OFFICE, GOVERNMENT])}
DEMO_AND_CENTRE = {"agencies": parse_agencies([OFFICE, GENERAL_OFFICE, GOVERNMENT, ENERGY])}


def agencies_setting() -> tuple:
    return settings_from_mapping(TWO).agencies


# ------------------------------------------------------------------------- the declaration


def test_the_credit_code_check_character_is_that_of_gb_32100():
    # published codes of real enterprises (Huawei, Lenovo) and the demo's
    assert credit_code_check("91440300708461136T") == "T"
    assert credit_code_check("91110000600037341L") == "L"
    assert credit_code_problem("11410000MB1234567P") is None
    message = credit_code_problem("11410000MB1234567X")
    assert message is not None and "校验位" in message and "应为 P" in message
    assert "18 位" in (credit_code_problem("11410000MB12345") or "")
    assert "不含 I、O、S、V、Z" in (credit_code_problem("11410000MB1234567O") or "")


def test_agencies_are_declared_once_with_name_short_name_and_credit_code():
    declared = agencies_setting()
    assert [a.short_name for a in declared] == ["省机关事务局", "省节能中心"]
    agencies = Agencies(declared)
    assert agencies.own is declared[0]
    assert agencies.find("省节能中心") is declared[1] and agencies.find(" 河南省公共机构节能中心 ") is declared[1]
    assert agencies.of({}) is declared[0]  # a record without `agency` is the site's own
    assert declared[1].slug == "12410000415800123u"


def test_every_problem_of_the_declaration_is_said_at_once():
    wrong = [{**OFFICE, "credit_code": "11410000MB1234567X"}, {"name": "某县", "short_name": "省机关事务局"}]
    with pytest.raises(SettingError) as raised:
        settings_from_mapping({"agencies": wrong})
    message = str(raised.value)
    assert "agencies" in message and "校验位" in message and "第 2 个机关缺少统一社会信用代码" in message


def test_two_agencies_may_not_share_a_name_or_a_code():
    with pytest.raises(ValueError, match="被两个机关"):
        parse_agencies([OFFICE, {**ENERGY, "short_name": OFFICE["short_name"]}])
    with pytest.raises(ValueError, match="政府网站标识码"):
        parse_agencies([{**OFFICE, "identification_code": "41-0000"}])


@pytest.mark.parametrize("path", ["/etc/guide.md", "../guide.md", "guides/../../x.md", "guide.html", "guides/"])
def test_an_agency_guide_is_a_markdown_page_inside_the_sites_pages(path: str):
    with pytest.raises(ValueError, match="公开指南页面"):
        parse_agencies([{**OFFICE, "guide": path}])


def test_an_agency_links_to_its_own_guide_page_else_the_sites():
    own, energy, general = parse_agencies(
        [OFFICE, {**ENERGY, "guide": "guides/energy.md"}, {**GENERAL_OFFICE, "guide": "office/index.md"}]
    )
    assert own.guide is None and own.guide_url == "guide/"
    assert energy.guide_url == "guides/energy/" and general.guide_url == "office/"


# ------------------------------------------------------------------------- a record's agency


def test_an_undeclared_agency_is_an_error_naming_the_declared_ones(tmp_path):
    path = write_record(tmp_path, "documents", "doc", agency="省教育厅")
    problem = only(run(tmp_path, **DECLARED), "不是本站声明的机关", "错误")
    assert problem.path.endswith("documents/doc.yaml") and problem.line == yaml_line(path, "agency")
    assert "河南省机关事务管理局（简称 省机关事务局）、河南省公共机构节能中心（简称 省节能中心）" in problem.message


def test_an_agency_on_a_site_that_declares_none_says_how_to_declare(tmp_path):
    write_record(tmp_path, "documents", "doc", agency="省节能中心")
    assert "没有声明任何机关" in only(run(tmp_path), "agency", "错误").message


def test_a_declared_name_or_short_name_is_accepted(tmp_path):
    write_record(tmp_path, "documents", "a", agency="省节能中心", doc_number="豫节能〔2024〕1号")
    write_record(tmp_path, "documents", "b", agency="河南省公共机构节能中心", doc_number="豫节能〔2024〕2号")
    assert_clean(run(tmp_path, **DECLARED))


# ------------------------------------------------------------------------- numbering series


def test_the_same_doc_number_in_two_agencies_is_two_numbers(tmp_path):
    write_record(tmp_path, "documents", "a", doc_number="豫管〔2024〕1号", index_no="11410000MB1234567P/2024-00001")
    write_record(
        tmp_path,
        "documents",
        "b",
        agency="省节能中心",
        doc_number="豫管〔2024〕1号",
        index_no="11410000MB1234567P/2024-00001",
    )
    assert_clean(run(tmp_path, **DECLARED))


def test_a_duplicate_inside_one_agency_is_an_error_naming_the_agency(tmp_path):
    write_record(
        tmp_path, "documents", "a", agency="省节能中心", doc_number="豫节能〔2024〕1号", publish_date="2024-03-01"
    )
    write_record(
        tmp_path,
        "documents",
        "b",
        agency="河南省公共机构节能中心",
        doc_number="豫节能〔2024〕1号",
        publish_date="2024-03-02",
    )
    problem = only(run(tmp_path, **DECLARED), "文号“豫节能〔2024〕1号”与", "错误")
    assert problem.path.endswith("b.yaml")
    assert "同一机关（河南省公共机构节能中心）的文号必须唯一" in problem.message


def test_a_single_agency_site_keeps_one_series(tmp_path):
    write_record(tmp_path, "documents", "a", doc_number="豫管〔2024〕1号", publish_date="2024-03-01")
    write_record(tmp_path, "documents", "b", doc_number="豫管〔2024〕1号", publish_date="2024-03-02")
    assert "全站文号必须唯一" in only(run(tmp_path), "文号“豫管〔2024〕1号”与", "错误").message


# ------------------------------------------------------------------------- annual reports


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def second_report(data: Path, **changes: object) -> Path:
    """A copy of the demo's 2025 disclosure report as another file, with `changes`."""
    source = data / "reports/disclosure/2025-annual-report.yaml"
    record = yaml.safe_load(source.read_text(encoding="utf-8"))
    record.update(id="2025-energy-centre-report", **changes)
    target = source.with_name("2025-energy-centre-report.yaml")
    target.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def test_the_demo_is_a_portal_of_three_agencies_without_a_problem(data):
    assert run(data, DEMO_TODAY, normative_documents_complete_from=2019, **DEMO) == []
    declared = read_project(ROOT / "mkdocs.yml")[0].agencies
    assert declared == DEMO["agencies"]


def test_one_report_per_agency_per_year(data):
    second_report(data, agency="省节能中心", index_no="12410000415800123U/2026-00001")
    assert matching(run(data, DEMO_TODAY, **DEMO_AND_CENTRE), "年度已有一份报告") == []


def test_a_second_report_of_one_agency_is_an_error_naming_the_agency_field(data):
    second_report(data, index_no="11410000MB1234567X/2026-00099")  # no `agency`: the site's own, which has one
    problem = only(run(data, DEMO_TODAY, **DEMO), "年度已有一份报告", "错误")
    assert problem.message.startswith("河南省机关事务管理局（agency）2025 年度已有一份报告")


def test_the_issuer_does_not_decide_the_agency_when_agencies_are_declared(data):
    # Same issuer (the office issues on behalf of the centre), different agency: two reports.
    second_report(data, agency="省节能中心", issuer="河南省机关事务管理局", index_no="12410000415800123U/2026-00001")
    assert matching(run(data, DEMO_TODAY, **DEMO_AND_CENTRE), "年度已有一份报告") == []
    # Without declarations the issuer decides, as before: the same issuer twice is an error.
    for path in (data / "reports/disclosure").glob("*.yaml"):  # the demo's records name their agency
        path.write_text(
            "".join(
                line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith("agency:")
            ),
            encoding="utf-8",
        )
    second_report(data, index_no="11410000MB1234567X/2026-00099")
    assert "（issuer）" in only(run(data, DEMO_TODAY), "年度已有一份报告", "错误").message


def yaml_line(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


def test_a_record_without_agency_belongs_to_the_agency_its_issuer_names():
    agencies = Agencies(DEMO["agencies"])
    assert agencies.of({"issuer": "河南省人民政府办公厅"}).short_name == "省政府办公厅"
    assert agencies.of({"issuer": "省政府"}).name == "河南省人民政府"
    # a joint issuer, or one not declared: the site's own
    assert agencies.of({"issuer": "河南省人民政府办公厅、河南省财政厅"}) is agencies.own
    assert agencies.of({"issuer": "河南省财政厅"}) is agencies.own
    # `agency` decides over the issuer
    assert agencies.of({"issuer": "河南省人民政府办公厅", "agency": "省机关事务局"}) is agencies.own
