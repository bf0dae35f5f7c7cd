"""Records made so that the summary lists of three characters take each way of saying where a
character is in titles (the second byte of a summary list, gongkai.render.search.write), with
counts from 1 to 69 (several Exp-Golomb lengths), in the opposite order to newness, and with gaps
of 0 to 60 records between the records holding a character: a wrong count, title flag or gap
changes the hits or their order. Read back by the Python mirror (tests/unit/search/test_write.py)
and by search.js in Chromium (tests/browser/test_search.py)."""

from __future__ import annotations

import datetime as dt

from gongkai.model.records import Catalog
from gongkai.render.search import write as search
from gongkai.types import BY_KEY

TODAY = dt.date(2025, 1, 1)
# Character -> its title byte: 0 in no record's title, 1 in every record's it is in, 2 in some.
CHARACTERS = {"丙": 0, "甲": 1, "乙": 2}
LIMITS = search.Limits(shard_target=400, frequent=60, max_gram=4)  # 乙's and 丙's lists: own files


def _holds(number: int) -> dict[str, int]:
    """How many times each character is in record `number`'s body (0: not at all)."""
    held = {"甲": 1 + (number * 5) % 11 if number % 2 == 0 else 0, "乙": 0, "丙": 0}
    if number < 12 or number in (40, 101):  # runs of neighbours, then gaps of 28 and 60
        held["乙"] = 1 + (number * 7) % 13
    if number % 5 == 1 or number == 140:
        held["丙"] = 1 + (number * 3) % 70  # up to 69: codes of several lengths
    return held


def make_catalog(n: int = 150) -> Catalog:
    """`n` records, record i published i days before TODAY (so newest first is number order)."""
    records = []
    for number in range(n):
        held = _holds(number)
        title = f"第{number}号通知" + ("甲" if held["甲"] else "") + ("乙" if number % 4 == 0 and held["乙"] else "")
        body = "。".join(["说明"] + [c * k for c, k in held.items() if k])
        data = {
            "id": f"s{number:03d}",
            "title": title,
            "publish_date": (TODAY - dt.timedelta(days=number + 1)).isoformat(),
            "issuer": "河南省机关事务管理局",
            "disclosure": "主动公开",
            "summary": "",
            "body": body,
        }
        records.append((BY_KEY["documents"], data))
    return Catalog(records, TODAY)
