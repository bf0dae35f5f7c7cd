"""The publish gate's scheduled parts (docs/rules.md, 公开闸门): what is dated after the build date
is held back until its date, whatever the record type."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.model.records import Catalog
from gongkai.render.exports import export_files
from gongkai.types import BY_KEY
from tests.support.helpers import record_data

TODAY = dt.date(2024, 6, 1)
FUTURE_NOTE = "将于七月更正附件（预先写好）"


@pytest.mark.parametrize("type_key", ["documents", "powers"])
def test_a_change_note_dated_after_the_build_date_is_held_back_until_its_date(type_key):
    changes = [{"date": "2024-05-02", "note": "更正错字"}, {"date": "2024-07-01", "note": FUTURE_NOTE}]
    data = record_data(type_key, "a", changes=changes)
    before = Catalog([(BY_KEY[type_key], data)], TODAY).get(type_key, "a")
    assert [c.note for c in before.changes] == ["更正错字"]
    assert [c["note"] for c in before.data["changes"]] == ["更正错字"]  # what pages and exports read
    assert FUTURE_NOTE not in b"".join(export_files(before.catalog, "https://x.gov.cn/").values()).decode()

    on_the_day = Catalog([(BY_KEY[type_key], data)], dt.date(2024, 7, 1)).get(type_key, "a")
    assert [c.note for c in on_the_day.changes] == ["更正错字", FUTURE_NOTE]
