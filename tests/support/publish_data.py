"""Shared data for the feed and export tests: the demo records plus synthetic edge cases.

The demo data under data/ is loaded and validated (it must have no errors); synthetic records are
added on top: public ones that exercise updates, escaping and link sanitising, and non-public ones
(withheld, on request, draft, embargoed) each carrying a unique marker that must never appear in
any output.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.model.records import Catalog
from gongkai.problems import ERROR
from gongkai.types import BY_KEY, RecordType
from gongkai.validate import validate_records
from tests.support.sites import ROOT

DATA_DIR = ROOT / "data"
TODAY = dt.date(2026, 11, 27)  # the build date the demo data is written for
SITE = "https://gongkai.example.gov.cn/"

ISSUER = "河南省机关事务管理局"

# Every marker (and the id of its record) must be absent from every feed and export.
MARKERS = {
    "withheld": "绝密标记K3X9",
    "on_request": "依申请标记P7M2",
    "draft": "草稿标记W4Q8",
    "embargoed": "未到期标记H5T1",
    "embargoed_power": "未到期标记R2V6",
}
HIDDEN_IDS = ["zz-withheld-k3x9", "zz-onrequest-p7m2", "zz-draft-w4q8", "zz-embargo-h5t1", "zz-embargo-power-r2v6"]

LONG_BODY = (
    "## 一、总体要求\n\n为进一步规范**公务用车**管理，根据有关规定，结合实际，制定本解读。"
    + "本解读逐条说明办法的适用范围、配备标准、使用管理和监督检查等内容。" * 8
    + "\n\n<script>alert('x')</script>\n\n- 第一项\n- 第二项\n"
)


def demo_records() -> list[tuple[RecordType, dict[str, Any]]]:
    records = load_records(DATA_DIR, 1_000_000)
    problems = validate_records(records, Settings(data_dir=DATA_DIR), TODAY)
    errors = [p for p in problems if p.severity == ERROR]
    assert not errors, "demo data has errors:\n" + "\n".join(map(str, errors))
    return [(r.type, copy.deepcopy(r.data)) for r in records]


def _record(type_key: str, record_id: str, title: str, **fields: Any) -> tuple[RecordType, dict[str, Any]]:
    data: dict[str, Any] = {"id": record_id, "title": title, "issuer": ISSUER, "disclosure": "主动公开", **fields}
    return BY_KEY[type_key], data


def synthetic_public() -> list[tuple[RecordType, dict[str, Any]]]:
    return [
        _record(
            "documents",
            "zz-updated-doc",
            "关于测试<标题>与“引号”&符号的通知",
            publish_date="2026-01-05",
            signed_date="2025-12-30",
            normative=True,
            summary='摘要含有 <b>粗体</b> & "引号" 等字符。',
            subjects=["测试主题甲", "测试主题乙"],
            changes=[
                {"date": "2026-03-02", "note": "更正第三条文字"},
                {"date": "2026-11-26", "note": "更正附件二中的数据"},
            ],
            related=[{"type": "documents", "id": HIDDEN_IDS[0]}, {"type": "documents", "id": "zz-future-change"}],
            allow_personal_data=[{"value": "0371-65500000", "reason": "公开的监督电话"}],
        ),
        _record(
            "documents",
            "zz-future-change",
            "关于未来变更测试的通知",
            publish_date="2026-02-01",
            signed_date="2026-01-28",
            summary="本文件有一条日期在将来的变更。",
            changes=[{"date": "2026-12-15", "note": "预定的修改"}],
            amends=[HIDDEN_IDS[1]],
            consultation=HIDDEN_IDS[3],
        ),
        _record(
            "interpretations",
            "zz-long-body",
            "测试解读：正文很长",
            publish_date="2026-02-03",
            interprets="zz-future-change",
            form="文字",
            body=LONG_BODY,
        ),
    ]


def synthetic_hidden() -> list[tuple[RecordType, dict[str, Any]]]:
    def text(marker: str) -> dict[str, Any]:
        return {"summary": f"摘要{marker}", "body": f"正文{marker}", "subjects": [f"主题{marker}"]}

    return [
        _record(
            "documents",
            HIDDEN_IDS[0],
            f"不予公开的文件{MARKERS['withheld']}",
            publish_date="2026-03-01",
            signed_date="2026-02-27",
            disclosure="不予公开",
            withheld_basis="《中华人民共和国政府信息公开条例》第十四条",
            **text(MARKERS["withheld"]),
        ),
        _record(
            "documents",
            HIDDEN_IDS[1],
            f"依申请公开的文件{MARKERS['on_request']}",
            publish_date="2026-03-02",
            signed_date="2026-02-27",
            disclosure="依申请公开",
            **text(MARKERS["on_request"]),
        ),
        _record(
            "decisions",
            HIDDEN_IDS[2],
            f"草稿决策{MARKERS['draft']}",
            publish_date="2026-03-03",
            catalog_year=2026,
            stage="拟决策",
            draft=True,
            **text(MARKERS["draft"]),
        ),
        _record(
            "consultations",
            HIDDEN_IDS[3],
            f"未到发布日期的征求意见{MARKERS['embargoed']}",
            publish_date="2026-12-20",
            **{"from": "2026-11-20", "to": "2026-12-31"},
            **text(MARKERS["embargoed"]),
        ),
        _record(
            "powers",
            HIDDEN_IDS[4],
            f"未到发布日期的权力事项{MARKERS['embargoed_power']}",
            publish_date="2027-01-01",
            code="zz999",
            category="行政检查",
            **text(MARKERS["embargoed_power"]),
        ),
    ]


def all_records() -> list[tuple[RecordType, dict[str, Any]]]:
    return demo_records() + synthetic_public() + synthetic_hidden()


def build_catalog(today: dt.date = TODAY) -> Catalog:
    return Catalog(all_records(), today)
