"""The national website inspection (gongkai.validate.inspection, docs/rules.md#inspection): each
indicator fails on a crafted project and passes on the demo; moving "today" forward, the home page
and then the columns go stale one by one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.model.records import Catalog
from gongkai.validate.inspection import VETO, SiteView, inspect, vetoed
from gongkai.validate.site_config import SiteConfig
from tests.support.helpers import write_record

ROOT = Path(__file__).resolve().parents[3]
DEMO_TODAY = dt.date(2026, 11, 27)
DEMO_CONFIG = yaml.safe_load(
    "\n".join(
        line
        for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
        if "!!python" not in line and "!ENV" not in line
    )
)
DEMO_SITE = SiteConfig(DEMO_CONFIG["site_name"], "", DEMO_CONFIG["extra"], None, DEMO_CONFIG["nav"], ROOT / "content")
DEMO_CATALOG_RECORDS = [(r.type, r.data) for r in load_records(ROOT / "data", 1_000_000)]


def demo(today: dt.date = DEMO_TODAY, site: SiteConfig = DEMO_SITE, **settings) -> dict:
    view = SiteView(Catalog(DEMO_CATALOG_RECORDS, today), Settings(data_dir=ROOT / "data", **settings), site)
    return {r.indicator.key: r for r in inspect(view)}


def crafted(data_dir: Path, today: dt.date, site: SiteConfig | None = None, hand_written=frozenset()) -> dict:
    catalog = Catalog([(r.type, r.data) for r in load_records(data_dir, 1_000_000)], today)
    view = SiteView(catalog, Settings(data_dir=data_dir), site or DEMO_SITE, frozenset(hand_written))
    return {r.indicator.key: r for r in inspect(view)}


def levels(result) -> list[str]:
    return [f.level for f in result.findings]


# -- the demo passes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "home",
        "columns",
        "blank_columns",
        "interaction",
        "links",
        "footer",
        "disclosure_column",
        "annual_reports",
        "validity_marks",
    ],
)
def test_the_demo_passes_each_indicator_as_shipped(key: str):
    assert demo()[key].findings == ()


# -- each indicator fails on a crafted project -----------------------------------------------------


def test_an_empty_site_fails_the_home_page_and_blank_columns(tmp_path: Path):
    (tmp_path / "data").mkdir()
    found = crafted(tmp_path / "data", dt.date(2025, 1, 1))
    assert levels(found["home"]) == [VETO]
    assert found["blank_columns"].findings[0].level == VETO and "7 个" in found["blank_columns"].findings[0].message
    assert vetoed(list(found.values()))


def test_three_blank_columns_are_warned_and_five_fail(tmp_path: Path):
    data = tmp_path / "data"
    for key in ("documents", "interpretations", "decisions", "consultations"):
        write_record(data, key, "a", publish_date="2024-12-30")
    found = crafted(data, dt.date(2024, 12, 31))  # powers and both report types are blank
    assert levels(found["blank_columns"]) == ["警告", "警告", "警告", "警告"]
    write_record(data, "powers", "a", publish_date="2024-12-30")
    assert levels(crafted(data, dt.date(2024, 12, 31))["blank_columns"]) == ["警告", "警告"]


def test_policy_columns_older_than_six_months_go_stale_and_five_fail(tmp_path: Path):
    data = tmp_path / "data"
    write_record(data, "documents", "old", publish_date="2024-01-10", signed_date="2024-01-05")
    found = crafted(data, dt.date(2024, 7, 10))
    assert levels(found["columns"]) == ["警告"] and found["columns"].findings[0].url == "documents/"
    assert crafted(data, dt.date(2024, 7, 9))["columns"].findings == ()
    found = crafted(data, dt.date(2024, 7, 10)) | {}
    assert not any(f.level == VETO for f in found["columns"].findings)


def test_the_stale_columns_veto_counts_from_the_setting(tmp_path: Path):
    data = tmp_path / "data"
    write_record(data, "documents", "old", publish_date="2024-01-10", signed_date="2024-01-05")
    catalog = Catalog([(r.type, r.data) for r in load_records(data, 1_000_000)], dt.date(2024, 8, 1))
    view = SiteView(catalog, Settings(data_dir=data, stale_columns_veto=1), DEMO_SITE)
    assert [f.level for f in {r.indicator.key: r for r in inspect(view)}["columns"].findings] == [VETO, "警告"]


def test_a_hand_written_home_page_cannot_show_its_dates(tmp_path: Path):
    (tmp_path / "data").mkdir()
    found = crafted(tmp_path / "data", dt.date(2025, 1, 1), hand_written={"index.md"})
    assert levels(found["home"]) == ["警告"] and "index.md" in found["home"].findings[0].message


def test_overdue_consultation_feedback_is_counted(tmp_path: Path):
    data = tmp_path / "data"
    write_record(data, "consultations", "c", **{"from": "2024-03-01", "to": "2024-03-30"})
    assert crafted(data, dt.date(2024, 4, 29))["interaction"].findings == ()
    assert levels(crafted(data, dt.date(2024, 4, 30))["interaction"]) == ["扣分"]


def test_a_body_link_to_a_page_the_site_lacks_is_counted(tmp_path: Path):
    data = tmp_path / "data"
    write_record(
        data, "documents", "doc", body="见[另一件](../missing/)与[本站](/catalog/)及[站外](https://www.gov.cn/)。"
    )
    found = crafted(data, dt.date(2024, 12, 31))["links"]
    assert levels(found) == ["扣分"] and "../missing/" in found.findings[0].message
    assert "2 个站内链接" in found.summary


def test_footer_identifiers_are_required_and_their_format_checked():
    info = {**DEMO_CONFIG["extra"]["site_info"], "icp": "豫ICP备123号", "public_security": None}
    info.pop("error_report_url")
    site = SiteConfig("站", "", {**DEMO_CONFIG["extra"], "site_info": info}, None, DEMO_CONFIG["nav"], None)
    messages = [f.message for f in demo(site=site)["footer"].findings]
    assert len(messages) == 3
    assert "ICP 备案号“豫ICP备123号”格式不对" in messages[0]
    assert "缺少公安机关备案号" in messages[1] and "缺少“我为政府网站找错”链接" in messages[2]
    assert len(demo(require_party_government_mark=True)["footer"].findings) == 1  # the demo has no mark


def test_the_disclosure_column_needs_its_four_sub_columns_by_name():
    nav = [{"政府信息公开": [{"政府信息公开指南": "guide.md"}, {"法定主动公开内容": "catalog.md"}]}]
    site = SiteConfig("站", "", DEMO_CONFIG["extra"], None, nav, None)
    missing = [f.message for f in demo(site=site)["disclosure_column"].findings]
    assert len(missing) == 2 and "政府信息公开制度" in missing[0] and "政府信息公开年报" in missing[1]
    full = nav + [{"政府信息公开制度": "rules.md"}, {"政府信息公开年报": "reports/disclosure/index.md"}]
    assert demo(site=SiteConfig("站", "", {}, None, full, None))["disclosure_column"].findings == ()


def test_a_missing_annual_report_is_found_once_its_deadline_passed():
    assert demo(dt.date(2027, 1, 31))["annual_reports"].findings == ()  # the 2026 report is due by 31 January
    found = demo(dt.date(2027, 2, 1))["annual_reports"].findings
    assert [f.url for f in found] == ["reports/disclosure/"] and "2026 年度" in found[0].message


def test_a_repealed_document_whose_page_is_hand_written_is_not_marked(tmp_path: Path):
    catalog = Catalog(DEMO_CATALOG_RECORDS, DEMO_TODAY)
    ended = next(d for d in catalog.public("documents") if d.validity in ("已废止", "失效", "已修改"))
    view = SiteView(catalog, Settings(data_dir=ROOT / "data"), DEMO_SITE, frozenset({f"{ended.url[:-1]}.md"}))
    found = {r.indicator.key: r for r in inspect(view)}["validity_marks"].findings
    assert [f.url for f in found] == [ended.url]


# -- moving "today" forward --------------------------------------------------------------------------


def test_moving_today_forward_the_home_page_then_the_columns_go_stale_one_by_one():
    newest = dt.date(2026, 11, 20)  # the demo's newest record
    assert demo(newest + dt.timedelta(days=9))["home"].findings == ()
    assert levels(demo(newest + dt.timedelta(days=10))["home"]) == ["警告"]
    assert levels(demo(newest + dt.timedelta(days=13))["home"]) == ["警告"]
    assert levels(demo(newest + dt.timedelta(days=14))["home"]) == [VETO]
    stale = []
    day = DEMO_TODAY
    while day < dt.date(2027, 7, 1):
        found = [f.url for f in demo(day)["columns"].findings if f.url]
        for url in found:
            if url not in stale:
                stale.append(url)
                assert len(stale) == len(found), "one column at a time"
        day += dt.timedelta(days=1)
    # decisions (yearly: 2026-03-20 + 12 months), then documents, interpretations, consultations (+ 6 months)
    assert stale == ["decisions/", "documents/", "interpretations/", "consultations/"]
