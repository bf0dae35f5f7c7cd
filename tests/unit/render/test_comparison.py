"""The article splitter and the amendment comparison table (render/comparison.py)."""

from __future__ import annotations

import pytest

from gongkai.render.comparison import Fold, Row, chinese_number, compare, diff_segments, is_item, split_articles

# The forms of real Chinese regulations: a preamble, 章 and 节 headings (as Markdown headings or
# bare lines, in bold or not), 第十五条之一, 款 as paragraphs, 项 numbered (一) / 1. / 一、,
# and cross-references to other articles inside sentences.
REGULATION = """\
为了规范公务用车管理，制定本办法。

## 第一章 总则

第一条　为了规范省直机关公务用车管理，根据有关规定，制定本办法。

第二条 本办法适用于省直机关。

第二章 编制和配备

**第一节 编制**

第三条 公务用车实行编制管理。

编制核定后，不得擅自调整。

第十五条 有下列情形之一的，予以通报：
（一）超编制配备公务用车的；
（二）超标准配备公务用车的；
(三)违反第三条规定的。

第十五条之一 依照第十五条规定通报的单位，应当限期整改。
整改措施包括：
1. 收回超编车辆；
2. 调整使用方式。

**第一百零三条** 本办法自公布之日起施行。
"""


def test_splitter_finds_preamble_headings_and_articles_in_order():
    units = split_articles(REGULATION)
    assert [(u.kind, u.label) for u in units] == [
        ("preamble", ""),
        ("heading", "第一章"),
        ("article", "第一条"),
        ("article", "第二条"),
        ("heading", "第二章"),
        ("heading", "第一节"),
        ("article", "第三条"),
        ("article", "第十五条"),
        ("article", "第十五条之一"),
        ("article", "第一百零三条"),
    ]
    by_label = {u.label: u for u in units}
    assert by_label["第一章"].content == "总则" and by_label["第一节"].content == "编制"
    assert by_label["第一条"].content.startswith("为了规范省直机关")  # full-width space after the label
    assert by_label["第十五条之一"].number == (15, 1) and by_label["第一百零三条"].number == (103, 0)
    assert by_label["第一百零三条"].content == "本办法自公布之日起施行。"


def test_kuan_and_xiang_stay_inside_their_article():
    units = {u.label: u for u in split_articles(REGULATION)}
    assert units["第三条"].lines == ["公务用车实行编制管理。", "编制核定后，不得擅自调整。"]  # two 款
    items = units["第十五条"].lines
    assert items[0] == "有下列情形之一的，予以通报："
    assert [is_item(line) for line in items] == [False, True, True, True]
    # “违反第三条规定的” and “依照第十五条规定” are references, not new articles
    assert items[3] == "(三)违反第三条规定的。"
    assert units["第十五条之一"].lines == [
        "依照第十五条规定通报的单位，应当限期整改。",
        "整改措施包括：",
        "1. 收回超编车辆；",
        "2. 调整使用方式。",
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零三", 103),
        ("两百一十", 210),
        ("15", 15),
        ("abc", 0),
    ],
)
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


OLD = """\
## 第一章 总则

第一条 为了规范管理，制定本办法。

第二条 本办法适用于省直机关。

第三条 领导干部调任的，应当腾退原办公用房。

第四条 办公用房维修按计划审核。

## 第二章 附则

第五条 本办法自2022年6月1日起施行。
"""

NEW = """\
## 第一章 总则

第一条 为了规范管理，制定本办法。

第二条 本办法适用于省直机关和事业单位。

第三条 办公用房维修按计划审核。

第四条 办公用房存在安全隐患的，使用单位应当及时报告并采取措施。

## 第二章 监督检查

第五条 省机关事务管理局每年进行监督检查。

## 第三章 附则

第六条 本办法自2022年6月1日起施行。
"""


def rows(comparison) -> list[tuple[str, str, str]]:
    found = []
    for row in comparison.rows:
        if isinstance(row, Fold):
            found.append(("fold", row.units[0].label, row.units[-1].label))
        else:
            found.append((row.change, row.old.label if row.old else "", row.new.label if row.new else ""))
    return found


def test_comparison_of_added_deleted_changed_and_renumbered_articles():
    table = compare(OLD, NEW)
    assert rows(table) == [
        ("unchanged", "第一章", "第一章"),  # headings are kept, not folded
        ("fold", "第一条", "第一条"),
        ("changed", "第二条", "第二条"),
        ("deleted", "第三条", ""),
        ("renumbered", "第四条", "第三条"),  # matched by content, not by number
        ("added", "", "第四条"),
        ("added", "", "第二章"),
        ("added", "", "第五条"),
        ("renumbered", "第二章", "第三章"),
        ("renumbered", "第五条", "第六条"),
    ]
    assert table.counts == {"changed": 1, "renumbered": 2, "added": 2, "deleted": 1, "unchanged": 1}
    changed = next(r for r in table.rows if isinstance(r, Row) and r.change == "changed")
    assert changed.old_lines == [[("", "第二条 本办法适用于省直机关"), ("", "。")]]
    assert changed.new_lines == [[("", "第二条 本办法适用于省直机关"), ("ins", "和事业单位"), ("", "。")]]
    renumbered = next(r for r in table.rows if isinstance(r, Row) and r.change == "renumbered" and r.kind == "article")
    assert ("del", "四") in renumbered.old_lines[0] and ("ins", "三") in renumbered.new_lines[0]
    deleted = next(r for r in table.rows if isinstance(r, Row) and r.change == "deleted")
    assert deleted.old_lines == [[("del", "第三条 领导干部调任的，应当腾退原办公用房。")]] and deleted.new_lines == []


def test_an_article_rewritten_under_its_own_number_is_one_changed_row():
    table = compare(
        "第九条 办公用房维修项目按年度计划审核。\n", "第九条 单项维修费用超过规定标准的，应当进行可行性论证，并报批。\n"
    )
    assert rows(table) == [("changed", "第九条", "第九条")]


def test_an_inserted_zhiyi_article_keeps_the_others_unchanged():
    old = "第十五条 应当通报。\n\n第十六条 本办法自公布之日起施行。\n"
    new = "第十五条 应当通报。\n\n第十五条之一 被通报的单位应当限期整改。\n\n第十六条 本办法自公布之日起施行。\n"
    table = compare(old, new)
    assert rows(table) == [
        ("fold", "第十五条", "第十五条"),
        ("added", "", "第十五条之一"),
        ("fold", "第十六条", "第十六条"),
    ]
    assert [r.summary for r in table.rows if isinstance(r, Fold)] == [
        "未修改的条文 1 条（第十五条）",
        "未修改的条文 1 条（第十六条）",
    ]


def test_a_new_item_inside_an_article_is_marked_on_its_own_line():
    old = "第五条 不得有下列行为：\n（一）出租；\n（二）出借。\n"
    new = "第五条 不得有下列行为：\n（一）出租；\n（二）出借；\n（三）用于经营活动。\n"
    (row,) = compare(old, new).rows
    assert row.change == "changed" and len(row.new_lines) == 4
    assert row.new_lines[3] == [("ins", "（三）用于经营活动。")]


def test_identical_texts_fold_everything():
    table = compare(OLD, OLD)
    assert not table.changed and table.counts["unchanged"] == 5


def test_diff_keeps_markup_as_text():
    left, right = diff_segments("第一条 <b>旧</b>", "第一条 <b>新</b>")
    assert ("del", "旧") in left and ("ins", "新") in right
    assert "".join(t for _, t in left) == "第一条 <b>旧</b>"  # raw: the template escapes it once
