"""Personal data in the text as published: a number that markup, character references, comments,
escapes, invisible characters, other digit shapes or line breaks split in the source is whole on
the site and in its search index, so it is reported, at the source line where it starts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.model.markdown_text import plain_text
from gongkai.render.search.text import normalise
from gongkai.validate import validate_records
from gongkai.validate.personal_numbers import find, mask
from gongkai.validate.published_text import (
    NFKC_DIGIT_BLOCKS,
    finder,
    hidden_numbers,
    markdown_paths,
    may_hide,
    published,
)

TODAY = dt.date(2024, 6, 1)
MOBILE = "13800138000"
ID = "410105194912310020"  # GB 11643 check digit valid, born 1949-12-31 (as in test_personal_data.py)
BOLD = str.maketrans("0123456789", "".join(chr(0x1D7CE + i) for i in range(10)))  # 𝟎 … 𝟗

# Every way the issue found to split a number in the source that the site then shows whole.
DEVICES = {
    "no-break spaces (character references)": "138&nbsp;0013&nbsp;8000",
    "emphasis inside an identity number": f"{ID[:10]}**{ID[10:14]}**{ID[14:]}",
    "soft hyphens": "138\u00ad0013\u00ad8000",
    "mathematical bold digits": MOBILE.translate(BOLD),
    "en dashes": "138\u20130013\u20138000",
    "dots": "138.0013.8000",
    "numeric character references": "&#49;&#51;&#56;&#x30;0138000",
    "an HTML comment": "13800<!-- 备注 -->138000",
    "backslash escapes": "138\\-0013\\-8000",
    "a zero-width space": "1380013\u200b8000",
}

DOCUMENT = """\
id: {id}
title: {title}
publish_date: 2024-03-05
issuer: 河南省机关事务管理局
disclosure: 主动公开
signed_date: 2024-03-01
"""


def write(
    data_dir: Path, record_id: str, extra: str = "", body_md: str | None = None, title: str = "关于公务用车管理的通知"
):
    folder = data_dir / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}.yaml"
    path.write_text(DOCUMENT.format(id=record_id, title=title) + extra, encoding="utf-8")
    if body_md is not None:
        path.with_suffix(".md").write_text(body_md, encoding="utf-8")
    return path


def problems(data_dir: Path):
    records = load_records(data_dir, 1_000_000)
    return [p for p in validate_records(records, Settings(data_dir=data_dir), TODAY) if "疑似" in p.message]


@pytest.mark.parametrize("device", sorted(DEVICES))
def test_a_number_split_in_a_body_file_is_reported_at_its_line(tmp_path, monkeypatch, device):
    monkeypatch.chdir(tmp_path)
    written = DEVICES[device]
    body = f"## 一、总则\n\n第一条 为了规范公务用车管理。\n\n联系人：王五，电话 {written}。\n"
    assert not find(body, TODAY) or device in ("en dashes", "dots")  # the source scan alone missed each (main)
    write(tmp_path / "data", "2024-a", body_md=body)
    (problem,) = problems(tmp_path / "data")
    assert (problem.path, problem.line) == (str(Path("data/documents/2024-a.md")), 5)
    digits = ID if "identity" in device else MOBILE
    assert mask(digits) in problem.message and digits not in problem.message


def test_the_search_index_holds_what_the_check_reads():
    """The check's published text is the search index's: what it reports is what a query finds."""
    for written in DEVICES.values():
        digits = ID if written.startswith(ID[:10]) else MOBILE
        searchable = normalise(plain_text(f"电话 {written}。"))
        assert digits in "".join(c for c in searchable if c.isdigit()), written
        assert [hit[3] for hit in find(published(f"电话 {written}。", markdown=True), TODAY)] == [digits]


def test_a_number_hard_wrapped_over_three_lines_is_reported_where_it_starts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    body = "第一条 为了规范公务用车管理。\n\n联系人王五，手机\n138\n0013\n8000，工作日可拨打。\n"
    write(tmp_path / "data", "2024-b", body_md=body)
    (problem,) = problems(tmp_path / "data")
    assert (problem.line, problem.column) == (4, 1)
    assert "手机号码" in problem.message and "网页上显示" in problem.message


def test_a_yaml_body_block_maps_to_the_file_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    extra = (
        "body: |\n"  # 7
        "  ## 一、总则\n"  # 8
        "\n"  # 9
        "  第一条 为了规范公务用车管理。\n"  # 10
        "  联系电话 138&nbsp;0013&nbsp;8000。\n"  # 11
        "\n"  # 12
        "  第二条 本办法自发布之日起施行。\n"  # 13
        f"  收款人身份证 {ID[:10]}<!-- x -->{ID[10:]}\n"  # 14
    )
    write(tmp_path / "data", "2024-c", extra)
    found = [(p.line, p.message[:9]) for p in problems(tmp_path / "data")]
    assert found == [(11, "疑似手机号码“13"), (14, "疑似居民身份证号码")]


def test_plain_fields_are_checked_as_shown(tmp_path, monkeypatch):
    """A title is shown as typed (escaped): its soft hyphens vanish and its bold digits are digits,
    but `&nbsp;` in it stays `&nbsp;` on the page, which is no number."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "data", "2024-d", title='"关于13800\\u00ad138000的通知"')
    write(tmp_path / "data", "2024-e", title=f"关于{MOBILE.translate(BOLD)}的通知")
    write(tmp_path / "data", "2024-f", title="关于138&nbsp;0013&nbsp;8000的通知")
    found = sorted((Path(p.path).name, p.line) for p in problems(tmp_path / "data"))
    assert found == [("2024-d.yaml", 2), ("2024-e.yaml", 2)]


def test_markdown_fields_come_from_the_schema():
    assert {("body",), ("versions", "*", "body")} <= markdown_paths("document")
    assert ("accountability",) in markdown_paths("power")
    assert ("procedures", "public_participation", "feedback") in markdown_paths("decision")


def test_a_number_the_source_shows_is_reported_once_and_an_allowance_covers_the_published_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "data", "2024-g", body_md=f"电话 {MOBILE}。\n\n再说一遍：**138**00138000。\n")
    assert [p.line for p in problems(tmp_path / "data")] == [1, 3]
    write(
        tmp_path / "data",
        "2024-g",
        "allow_personal_data:\n  - value: '13800138000'\n    reason: 对外公布的服务电话\n",
        body_md="服务电话 **138**0013**8000**。\n",
    )
    assert problems(tmp_path / "data") == []


def test_ordinary_markup_around_numbers_is_not_personal_data():
    text = "## 2019 年\n\n| 年份 | 件数 |\n|---|---|\n| 2019 | 12 |\n| 2020 | 34 |\n\n电话 0371-6590**1234**。\n"
    assert hidden_numbers(text, True, finder(TODAY)) == []


# --- the cheap ruling never skips a text that publishes a number -------------------------------------

_PIECES = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=6),
    st.sampled_from(
        [
            *DEVICES.values(),
            "**",
            "_",
            "`",
            "\\",
            "\n",
            "\n\n",
            "&nbsp;",
            "&#49;",
            "&shy;",
            "<!-- x -->",
            "<b>",
            "</b>",
            "<script>x</script>",
            "[a](http://b/1)",
            "![图1](a.png)",
            "\n[r]: http://x\n",
            "\n```py\n",
            "\u00ad",
            "\u200b",
            "𝟏𝟑",
            "⑬",
            "㍘",
            " ",
            "-",
            "–",
            ".",
            "文",
            "a",
            "| ",
            "\n|---|\n",
        ]
    ),
)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_a_text_the_ruling_skips_publishes_no_number(text):
    if not may_hide(text):
        assert find(published(text, markdown=True), TODAY) == []
        assert find(published(text, markdown=False), TODAY) == []


def test_every_character_whose_nfkc_form_has_a_digit_lies_in_the_blocks_the_ruling_reads():
    outside = [
        hex(code)
        for code in range(0x80, 0x110000)
        if not any(first <= code < end for first, end in NFKC_DIGIT_BLOCKS)
        and any("0" <= c <= "9" for c in unicodedata.normalize("NFKC", chr(code)))
    ]
    assert outside == []
