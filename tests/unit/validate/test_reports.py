"""Rules 9 and 10: the annual reports' sums, carry-over, proof from the site's records, parts, deadlines.

Each test copies the demo data (whose reports add up and match the demo documents), changes one
thing in a report file as an editor would, validates, and looks for the problem at the cell.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from gongkai.agencies import NO_AGENCIES
from gongkai.problems import ERROR, WARNING, Problem
from tests.support.helpers import run
from tests.support.sites import DEMO_TODAY, ROOT

DISCLOSURE_2025 = "reports/disclosure/2025-annual-report.yaml"
DISCLOSURE_2024 = "reports/disclosure/2024-annual-report.yaml"
ROL_2025 = "reports/rule-of-law/2025-annual-report.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def edit(path: Path, old: str, new: str) -> tuple[int, int]:
    """Replace the one occurrence of `old` (a whole line's start, e.g. `  new: {…`) and return the
    (line, column) where `new`'s last changed value starts, i.e. where the edited cell is."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    start = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    offset = start + prefix
    while offset > start and (new[offset - start - 1].isdigit() or new[offset - start - 1] == "-"):
        offset -= 1  # back to the start of the number
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def of(problems: list[Problem], path: str) -> list[Problem]:
    return [p for p in problems if p.path.replace("\\", "/").endswith(path)]


def one(problems: list[Problem], text: str) -> Problem:
    found = [p for p in problems if text in p.message]
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


# The demo's mkdocs.yml states that its normative documents are complete from 2019.
DEMO_SETTINGS = {"normative_documents_complete_from": 2019}


def report_problems(data: Path, today: dt.date = DEMO_TODAY, **settings) -> list[Problem]:
    problems = run(data, today, **{**DEMO_SETTINGS, **settings})
    return [p for p in problems if "/reports/" in p.path.replace("\\", "/")]


def test_demo_reports_are_clean(data):
    assert report_problems(data) == []


# ---------------------------------------------------------------- rule 10: every sum


def test_row_total_is_the_sum_of_the_requester_columns(data):
    line, column = edit(
        data / DISCLOSURE_2025,
        "legal_services: 2, other_org: 0, total: 18}",
        "legal_services: 2, other_org: 0, total: 19}",
    )
    problem = one(of(report_problems(data), DISCLOSURE_2025), "本行各类申请人之和")
    assert problem.severity == ERROR
    assert problem.message.startswith(
        "表三 一、本年新收政府信息公开申请数量 × 总计：应为 18（本行各类申请人之和），实为 19"
    )
    assert (problem.line, problem.column) == (line, column)


def test_item_row_total_names_group_and_item(data):
    old = "      third_party: {natural_person: 1, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 1}"
    line, column = edit(data / DISCLOSURE_2025, old, old.replace("total: 1}", "total: 4}"))
    problems = of(report_problems(data), DISCLOSURE_2025)
    problem = one(problems, "4.保护第三方合法权益 × 总计")
    assert problem.message.startswith(
        "表三 （三）不予公开 4.保护第三方合法权益 × 总计：应为 1（本行各类申请人之和），实为 4"
    )
    assert (problem.line, problem.column) == (line, column)


def test_group_subtotal_is_the_sum_of_its_items(data):
    old = "      total: {natural_person: 4, commercial: 0, research: 0, public_interest: 0, legal_services: 1, other_org: 0, total: 5}"
    new = "      total: {natural_person: 5, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 5}"
    edit(data / DISCLOSURE_2025, old, new)
    problems = of(report_problems(data), DISCLOSURE_2025)
    person = one(problems, "（四）无法提供 小计 × 自然人")
    assert person.message.startswith("表三 （四）无法提供 小计 × 自然人：应为 4（（四）无法提供各项之和），实为 5")
    lawyers = one(problems, "（四）无法提供 小计 × 法律服务机构")
    assert "应为 1" in lawyers.message and "实为 0" in lawyers.message
    text = (data / DISCLOSURE_2025).read_text(encoding="utf-8").splitlines()
    assert text[person.line - 1].startswith(new) and text[person.line - 1][person.column - 1 :].startswith("5,")
    assert text[lawyers.line - 1][lawyers.column - 1 :].startswith("0,")


def test_grand_total_is_the_sum_of_all_results(data):
    old = "    total: {natural_person: 12, commercial: 2, research: 0, public_interest: 1, legal_services: 2, other_org: 0, total: 17}"
    line, column = edit(data / DISCLOSURE_2025, old, old.replace("natural_person: 12", "natural_person: 13"))
    problems = of(report_problems(data), DISCLOSURE_2025)
    problem = one(problems, "（七）总计 × 自然人")
    assert problem.severity == ERROR
    assert problem.message.startswith("表三 （七）总计 × 自然人：应为 12（各办理结果之和），实为 13")
    assert (problem.line, problem.column) == (line, column)


def test_new_plus_carried_over_equals_handled_plus_carried_forward(data):
    old = "  carried_forward: {natural_person: 1, commercial: 1, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 2}"
    line, column = edit(
        data / DISCLOSURE_2025,
        old,
        old.replace("natural_person: 1,", "natural_person: 2,").replace("total: 2", "total: 3"),
    )
    problems = of(report_problems(data), DISCLOSURE_2025)
    problem = one(problems, "四、结转下年度继续办理 × 自然人")
    assert problem.message.startswith("表三 四、结转下年度继续办理 × 自然人：应为 1（一 + 二 − （七）= 12 + 1 − 12")
    assert "实为 2" in problem.message
    assert (problem.line, problem.column) == (line, column)
    assert one(problems, "四、结转下年度继续办理 × 总计：应为 2")  # the column 总计 too


def test_review_total_is_the_sum_of_the_four_results(data):
    old = "  litigation_direct: {maintained: 0, corrected: 0, other: 0, pending: 1, total: 1}"
    line, column = edit(data / DISCLOSURE_2025, old, old.replace("total: 1", "total: 2"))
    problem = one(of(report_problems(data), DISCLOSURE_2025), "表四")
    assert problem.message.startswith(
        "表四 行政诉讼（未经复议直接起诉） × 总计：应为 1（结果维持、结果纠正、其他结果、尚未审结之和），实为 2"
    )
    assert (problem.line, problem.column) == (line, column)


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("  fees: 0", "  fees: -1.5", "proactive.fees"),
        ("  penalty: 0", "  penalty: -1", "proactive.penalty"),
        (
            "  reconsideration: {maintained: 1,",
            "  reconsideration: {maintained: -1,",
            "reviews.reconsideration.maintained",
        ),
    ],
)
def test_negative_numbers_are_refused(data, old, new, where):
    line, _ = edit(data / DISCLOSURE_2025, old, new)
    problem = one(of(report_problems(data), DISCLOSURE_2025), "不能小于 0")
    assert problem.severity == ERROR and where in problem.message and problem.line == line


# ---------------------------------------------------------------- across years


def test_carried_over_must_equal_last_years_carried_forward(data):
    path = data / DISCLOSURE_2025
    edit(path, "  new: {natural_person: 12,", "  new: {natural_person: 11,")
    edit(path, "other_org: 0, total: 18}", "other_org: 0, total: 17}")
    edit(path, "新收政府信息公开申请18件，上年结转1件", "新收政府信息公开申请17件，上年结转2件")  # the text agrees
    line, column = edit(
        path,
        "  carried_over: {natural_person: 1, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 1}",
        "  carried_over: {natural_person: 2, commercial: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 2}",
    )
    problems = of(report_problems(data), DISCLOSURE_2025)
    assert all(p.severity == WARNING for p in problems), [p.format() for p in problems]  # the sums still hold
    problem = one(problems, "二、上年结转政府信息公开申请数量 × 自然人")
    last_line = next(
        i
        for i, text in enumerate((data / DISCLOSURE_2024).read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("  carried_forward:")
    )
    assert f"2024-annual-report.yaml:{last_line}:" in problem.message
    assert "本报告填 2" in problem.message and "为 1" in problem.message
    assert (problem.line, problem.column) == (line, column)
    assert one(problems, "二、上年结转政府信息公开申请数量 × 总计")


def test_carry_over_needs_last_years_report(data):
    (data / DISCLOSURE_2024).unlink()
    edit(data / "reports/disclosure/2023-annual-report.yaml", "year: 2023", "year: 2022")  # no 2024 any more
    edit(data / "reports/disclosure/2023-annual-report.yaml", "publish_date: 2024-01-26", "publish_date: 2023-01-20")
    problems = report_problems(data)
    assert not [p for p in problems if "上年结转" in p.message], [p.format() for p in problems]


# ---------------------------------------------------------------- proven by the site's own records


def test_stated_counts_are_compared_with_the_document_records(data):
    line, column = edit(
        data / DISCLOSURE_2025,
        "normative_documents: {issued: 1, repealed: 0, in_force: 4}",
        "normative_documents: {issued: 1, repealed: 0, in_force: 5}",
    )
    problem = one(of(report_problems(data), DISCLOSURE_2025), "现行有效件数")
    assert problem.severity == WARNING
    assert "报告填 5，按本站规范性文件记录计算为 4" in problem.message
    for document in (
        "2022-office-space-management",
        "2023-vehicle-management",
        "2024-office-space-amendment",
        "2025-public-institution-energy-saving",
    ):
        assert document in problem.message
    assert "2022-energy-saving-interim" not in problem.message  # expired in 2024
    assert (problem.line, problem.column) == (line, column)


def test_a_new_document_record_changes_the_computed_counts(data):
    source = yaml.safe_load((data / "documents/2025-public-institution-energy-saving.yaml").read_text(encoding="utf-8"))
    extra = {
        **source,
        "id": "2025-extra-rules",
        "doc_number": "豫管〔2025〕9号",
        "index_no": "11410000MB1234567X/2025-00099",
        "signed_date": "2025-12-01",
        "publish_date": "2025-12-05",
        "effective_date": "2026-01-01",
    }
    for name in ("related", "attachments", "filing", "consultation", "body"):
        extra.pop(name, None)
    (data / "documents/2025-extra-rules.yaml").write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    problems = of(report_problems(data), DISCLOSURE_2025)
    issued = one(problems, "本年制发件数")
    assert "报告填 1，按本站规范性文件记录计算为 2" in issued.message and "2025-extra-rules" in issued.message
    assert not [p for p in problems if "现行有效件数" in p.message]  # not yet effective on 31 December: not in force


def test_repealed_in_the_year_is_counted(data):
    edit(
        data / "reports/disclosure/2023-annual-report.yaml",
        "normative_documents: {issued: 1, repealed: 1,",
        "normative_documents: {issued: 1, repealed: 0,",
    )
    problem = one(report_problems(data), "本年废止件数")
    assert "计算为 1" in problem.message and "2021-vehicle-management-interim" in problem.message


def test_reports_of_different_years_each_get_their_own_years_figures(data):
    """The figures are computed once per year and shared by the reports: each report is still
    compared with its own year's documents, whatever order the reports come in."""
    for name in ("2023", "2024", "2025"):
        edit(
            data / f"reports/disclosure/{name}-annual-report.yaml",
            "normative_documents: {issued: 1,",
            "normative_documents: {issued: 9,",
        )
    problems = report_problems(data)
    issued = {
        year: one(of(problems, f"reports/disclosure/{year}-annual-report.yaml"), "本年制发件数").message
        for year in (2023, 2024, 2025)
    }
    for year, message in issued.items():
        assert "报告填 9，按本站规范性文件记录计算为 1（" in message
        listed = message.split("计算为 1（", 1)[1].split("）", 1)[0]
        assert listed.startswith(f"{year}-"), (year, listed)  # the document formed in that year, not another year's
    assert len(set(issued.values())) == 3


def test_normative_figures_shared_or_not_are_the_same_for_every_year():
    from gongkai.load.records import load_records
    from gongkai.model.annual_reports import FIGURES, NormativeFigures
    from gongkai.model.dates import parse_date
    from gongkai.model.records import AMENDED, IN_FORCE, Catalog

    records = load_records(ROOT / "data", 1_000_000)
    catalog = Catalog([(r.type, r.data) for r in records if r.file.ok], DEMO_TODAY)
    shared = NormativeFigures(catalog, NO_AGENCIES)
    documents = [d for d in catalog.public("documents") if d.normative]
    for year in (2025, 2019, 2023, 2024, 2021, 2022, 2020, 2023):  # out of order, one asked twice
        end = dt.date(year, 12, 31)
        repealed = {
            d.id
            for d in documents
            if parse_date((d.data.get("repealed") or {}).get("date")) and d.data["repealed"]["date"][:4] == str(year)
        }
        expected = {
            "issued": {d.id for d in documents if d.formed_date.year == year},
            "repealed": repealed,
            "in_force": {d.id for d in documents if d.formed_date <= end and d.validity_on(end) in (IN_FORCE, AMENDED)},
        }
        for figures in (shared.of(year), NormativeFigures(catalog, NO_AGENCIES).of(year)):
            assert {key: {d.id for d in figures[key].records} for key in FIGURES} == expected, year
            for figure in figures.values():
                assert list(figure.records) == sorted(figure.records, key=lambda d: (d.formed_date, d.id))
    assert shared.of(2024) is shared.of(2024) and shared.of(2024) is not shared.of(2025)


# ---------------------------------------------------------------- parts


def test_missing_rule_of_law_section_is_an_error_at_the_record(data):
    text = (data / ROL_2025).read_text(encoding="utf-8")
    start = text.index("  leadership: |")
    end = text.index("  next_year: |")
    (data / ROL_2025).write_text(text[:start] + text[end:], encoding="utf-8")
    problem = one(of(report_problems(data), ROL_2025), "leadership")
    assert problem.severity == ERROR and "缺少必填字段" in problem.message
    sections = text[: text.index("sections:")].count("\n") + 1
    assert problem.line in (sections, sections + 1)  # at `sections` (its mapping starts on the next line)


def test_optional_fifth_section_may_be_left_out(data):
    text = (data / ROL_2025).read_text(encoding="utf-8")
    start, end = text.index("  other: |"), text.index("stats:")
    (data / ROL_2025).write_text(text[:start] + text[end:], encoding="utf-8")
    assert of(report_problems(data), ROL_2025) == []


@pytest.mark.parametrize(
    "path, field, value",
    [
        (DISCLOSURE_2025, "problems", '""'),
        (DISCLOSURE_2025, "other", '""'),
        (DISCLOSURE_2025, "other", '"   "'),
        (DISCLOSURE_2025, "overview", '""'),
        (ROL_2025, "shortcomings", '"  "'),
    ],
)
def test_required_text_parts_may_not_be_blank(data, path, field, value):
    file = data / path
    text = file.read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{field}: |"))
    indent = len(lines[index]) - len(lines[index].lstrip())
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    lines[index:end] = [f"{' ' * indent}{field}: {value}"]
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = of(report_problems(data), path)
    assert len(problems) == 1 and problems[0].severity == ERROR, [p.format() for p in problems]
    assert problems[0].line == index + 1 and field in problems[0].message


# ---------------------------------------------------------------- deadlines and years


@pytest.mark.parametrize(
    "path, on_time, late",
    [
        (ROL_2025, "2026-03-31", "2026-04-01"),
        (DISCLOSURE_2025, "2026-01-31", "2026-02-01"),
    ],
)
def test_late_publication_warns(data, path, on_time, late):
    current = yaml.safe_load((data / path).read_text(encoding="utf-8"))["publish_date"]
    edit(data / path, f"publish_date: {current}", f"publish_date: {on_time}")
    assert of(report_problems(data), path) == []
    edit(data / path, f"publish_date: {on_time}", f"publish_date: {late}")
    problem = one(of(report_problems(data), path), "逾期")
    assert problem.severity == WARNING and f"发布日期 {late} 已逾期" in problem.message
    assert problem.line == 5


def test_deadline_is_a_setting(data):
    edit(data / ROL_2025, "publish_date: 2026-03-20", "publish_date: 2026-04-10")
    problems = [p for p in run(data, DEMO_TODAY, rule_of_law_report_deadline="04-30") if "逾期" in p.message]
    assert problems == []


@pytest.mark.parametrize("path", [ROL_2025, DISCLOSURE_2025])
def test_report_year_must_be_before_publication_year(data, path):
    line, _ = edit(data / path, "year: 2025", "year: 2026")
    problem = one(of(report_problems(data), path), "应早于发布年份")
    assert problem.severity == ERROR and problem.line == line
    assert not [p for p in report_problems(data) if "逾期" in p.message]


def test_one_report_per_year(data):
    copy = data / "reports/rule-of-law/2025-copy.yaml"
    text = (data / ROL_2025).read_text(encoding="utf-8").replace("id: 2025-annual-report", "id: 2025-copy")
    copy.write_text(text.replace("2026-00004", "2026-00099"), encoding="utf-8")
    problem = one(report_problems(data), "已有一份报告")
    assert problem.path.endswith("2025-copy.yaml") and "2025-annual-report.yaml:" in problem.message


def test_a_report_the_schema_rejects_gets_no_follow_on_warnings(data):
    """Last year's 表三 is rejected (a negative number): this year's carry-over is not compared with
    the gap, and the rejected report's own proof and sums say nothing beyond the schema error."""
    edit(data / DISCLOSURE_2024, "  carried_forward: {natural_person: 1,", "  carried_forward: {natural_person: -1,")
    edit(data / DISCLOSURE_2024, "  fees: 0", "  fees: -3")
    problems = report_problems(data)
    assert [p.path.rsplit("/", 1)[1] for p in problems] == ["2024-annual-report.yaml"] * 2, [
        p.format() for p in problems
    ]
    assert all("不能小于 0" in p.message for p in problems)


def test_a_document_the_schema_rejects_does_not_crash_the_proof_from_the_records(data):
    """Rules see schema-rejected records without their rejected values (salvage): the proof of 表二
    counts only documents the schema accepted whole, instead of crashing on a missing id."""
    path = next((data / "documents").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join("id: null" if line.startswith("id:") else line for line in text.splitlines()) + "\n", encoding="utf-8"
    )
    problems = run(data, DEMO_TODAY)  # used to raise KeyError: 'id'
    assert any(p.is_error and p.path.endswith(path.name) for p in problems)


# ---------------------------------------------------------------- who reports: 部门 or 本级政府 (条例第四十九条)


def set_publish_date(path: Path, day: str) -> None:
    current = yaml.safe_load(path.read_text(encoding="utf-8"))["publish_date"]
    edit(path, f"publish_date: {current}", f"publish_date: {day}")


def add_level(path: Path, level: str) -> None:
    edit(path, "\nyear: ", f"\nreport_level: {level}\nyear: ")


def late(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if "逾期" in p.message]


def test_a_government_report_is_due_by_31_march(data):
    add_level(data / DISCLOSURE_2025, "本级政府")
    set_publish_date(data / DISCLOSURE_2025, "2026-03-31")
    assert late(of(report_problems(data), DISCLOSURE_2025)) == []
    set_publish_date(data / DISCLOSURE_2025, "2026-04-01")
    (problem,) = late(of(report_problems(data), DISCLOSURE_2025))
    assert problem.severity == WARNING and "2026年3月31日前（含当日）" in problem.message


def test_a_department_report_is_due_by_31_january(data):
    add_level(data / DISCLOSURE_2025, "部门")
    set_publish_date(data / DISCLOSURE_2025, "2026-02-01")
    (problem,) = late(of(report_problems(data), DISCLOSURE_2025))
    assert "2026年1月31日前（含当日）" in problem.message


def test_the_level_defaults_to_the_sites_setting(data):
    set_publish_date(data / DISCLOSURE_2025, "2026-02-20")
    assert late(of(report_problems(data), DISCLOSURE_2025))  # default: 部门
    assert late(of(report_problems(data, disclosure_report_level="本级政府"), DISCLOSURE_2025)) == []
    add_level(data / DISCLOSURE_2025, "部门")  # the report's own level wins over the setting
    assert late(of(report_problems(data, disclosure_report_level="本级政府"), DISCLOSURE_2025))


def test_the_government_deadline_is_a_setting(data):
    add_level(data / DISCLOSURE_2025, "本级政府")
    set_publish_date(data / DISCLOSURE_2025, "2026-03-20")
    assert late(of(report_problems(data, government_disclosure_report_deadline="03-15"), DISCLOSURE_2025))
    assert late(of(report_problems(data, disclosure_report_deadline="03-15"), DISCLOSURE_2025)) == []


def test_an_unknown_level_is_refused_by_the_schema(data):
    add_level(data / DISCLOSURE_2025, "省政府")
    problems = [p for p in of(report_problems(data), DISCLOSURE_2025) if "report_level" in p.message]
    assert problems and problems[0].severity == ERROR


# ---------------------------------------------------------------- no comparison without complete records


def test_without_the_completeness_setting_table_two_is_not_compared(data):
    edit(data / DISCLOSURE_2025, "normative_documents: {issued: 1,", "normative_documents: {issued: 7,")
    assert of(report_problems(data, normative_documents_complete_from=None), DISCLOSURE_2025) == []
    assert one(of(report_problems(data), DISCLOSURE_2025), "本年制发件数")  # the demo's 2019 setting


def test_years_before_the_records_are_complete_are_not_compared(data):
    for year in ("2024", "2025"):
        edit(
            data / f"reports/disclosure/{year}-annual-report.yaml",
            "normative_documents: {issued: 1,",
            "normative_documents: {issued: 7,",
        )
    problems = report_problems(data, normative_documents_complete_from=2025)
    assert of(problems, DISCLOSURE_2024) == []
    assert one(of(problems, DISCLOSURE_2025), "本年制发件数")


def test_an_agency_whose_documents_the_site_does_not_hold_is_not_compared(data):
    """A county portal publishes its government's report; the government's own normative documents
    are not on the site: nothing is compared, nothing is warned about."""
    edit(data / DISCLOSURE_2025, "issuer: 河南省机关事务管理局", "issuer: 郑州市人民政府")
    edit(data / DISCLOSURE_2025, "normative_documents: {issued: 1,", "normative_documents: {issued: 7,")
    assert [p for p in of(report_problems(data), DISCLOSURE_2025) if "表二" in p.message] == []


def test_only_the_reporting_agencys_documents_are_counted(data):
    """A document another agency issued alone is not counted; one issued jointly (联合发文) is."""
    source = yaml.safe_load((data / "documents/2025-public-institution-energy-saving.yaml").read_text(encoding="utf-8"))
    for name, issuer, number in (
        ("2025-other", "河南省财政厅", 8),
        ("2025-joint", "河南省财政厅、河南省机关事务管理局", 9),
    ):
        extra = {**source, "id": name, "issuer": issuer, "doc_number": f"豫管〔2025〕{number}号"}
        extra["index_no"] = f"11410000MB1234567X/2025-000{number}0"
        for key in ("related", "attachments", "filing", "consultation", "body"):
            extra.pop(key, None)
        (data / f"documents/{name}.yaml").write_text(yaml.safe_dump(extra, allow_unicode=True), encoding="utf-8")
    issued = one(of(report_problems(data), DISCLOSURE_2025), "本年制发件数")
    assert "计算为 2" in issued.message and "2025-joint" in issued.message and "2025-other" not in issued.message


# ---------------------------------------------------------------- several agencies on one site


def second_agency_report(data: Path, source: str, issuer: str, stem: str) -> Path:
    text = (data / source).read_text(encoding="utf-8")
    year = yaml.safe_load(text)["year"]
    text = text.replace(f"id: {Path(source).stem}", f"id: {stem}").replace(
        "issuer: 河南省机关事务管理局", f"issuer: {issuer}"
    )
    text = text.replace("index_no: 11410000MB1234567X/", "index_no: 11410100MB0268143R/")
    path = data / Path(source).parent / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["year"] == year
    return path


def test_two_agencies_reports_of_one_year_are_valid(data):
    second_agency_report(data, DISCLOSURE_2025, "郑州市人民政府", "2025-zhengzhou-report")
    second_agency_report(data, ROL_2025, "郑州市人民政府", "2025-zhengzhou-report")
    assert report_problems(data) == []


def test_two_reports_of_one_agency_and_year_are_an_error_naming_both_files(data):
    path = second_agency_report(data, DISCLOSURE_2025, "郑州市人民政府", "2025-zhengzhou-report")
    edit(path, "issuer: 郑州市人民政府", "issuer: 河南省机关事务管理局")
    problem = one(report_problems(data), "已有一份报告")
    assert problem.severity == ERROR and problem.path.endswith("2025-zhengzhou-report.yaml")
    assert "2025-annual-report.yaml:" in problem.message and "2025-zhengzhou-report.yaml" in problem.message
    assert "河南省机关事务管理局" in problem.message


def test_carry_over_is_compared_within_one_agency(data):
    """Another agency's 2025 report is not compared with this agency's 2024 report."""
    path = second_agency_report(data, DISCLOSURE_2025, "郑州市人民政府", "2025-zhengzhou-report")
    edit(
        path,
        "  carried_over: {natural_person: 1, commercial: 0,",
        "  carried_over: {natural_person: 0, commercial: 1,",
    )
    assert [p for p in report_problems(data) if "两者应相等" in p.message] == []
