"""A plain body's HTML, written directly, is exactly what the converter gives it; every other text
is left to the converter (None)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.model.markdown_plain import plain_html
from gongkai.model.markdown_text import _converter


def converted(text: str) -> str:
    return _converter().reset().convert(text)


BODY = (
    "重大第一个境内，而是说很到天门市。2016年7月或，重2%不为。\n第二行 ab 1.5亿元。\n\n"
    "## 一、出口\n\n一般还了戴较修，机关精锐 2020年12月。\n\n"
    "1. 及时明白有些；\n2. 找到为记者《纪念馆细胞管理办法》；\n\n"
    "- 甲\n+ 乙\n\n# 一、出口\n\n### 三级标题\n段落紧接标题\n\n3. 从三开始\n4. 四\n"
)


def test_a_body_of_paragraphs_headings_and_lists_is_written_as_the_converter_writes_it():
    html = plain_html(BODY)
    assert html is not None  # the shape of nearly every record body takes the direct way
    assert html == converted(BODY)
    assert '<h2 id="一出口">一、出口</h2>' in html and '<h1 id="一出口_1">' in html  # ids unique, as the toc's
    assert '<ol start="3">' in html


def test_texts_of_other_shapes_are_left_to_the_converter():
    for text in [
        "正文 **加粗**",  # inline markup
        "见[通知](https://example.org/a)",
        "第一行  \n第二行",  # a hard line break
        "1. 甲\n\n2. 乙",  # one loose list in Python-Markdown
        "1. 甲\n乙",  # a lazy continuation line
        "- 甲\n1. 乙",
        "段落\n---",  # a setext heading
        "> 引用",
        "    代码",
        "| a | b |\n|---|---|",
        "####### 七级",
        "## C#",
        "#",
        "\u3000\u3000缩进的段落",
        "a\xa0b",
    ]:
        assert plain_html(text) is None, text


WORDS = ["政府信息", "公开", "2020年", "ab", "1.5", "第一条", "（一）", "。", "，", "C#", "x"]
# How a line starts (most often as plain text), then its words.
PLAIN_STARTS = ["", "", ""]
HEADINGS = ["# ", "## ", "###", "#######"]
LISTS = ["1. ", "2. ", "- ", "+ ", "* ", "1."]
OTHERS = ["> ", "---", "    ", "\u3000"]
STARTS = PLAIN_STARTS + HEADINGS + LISTS + OTHERS
LINE = st.tuples(st.sampled_from(STARTS), st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)).map(
    lambda parts: parts[0] + " ".join(parts[1])
)
BREAKS = st.sampled_from(["\n", "\n", "\n\n", "\n\n\n"])
TEXT = st.lists(st.tuples(LINE, BREAKS), max_size=12).map(lambda pairs: "".join(a + b for a, b in pairs))


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_any_text_the_direct_way_takes_is_written_as_the_converter_writes_it(text):
    html = plain_html(text)
    assert html is None or html == converted(text)


PIECES = [*"政府信息公开 ab1\n#*_`[]()<>&;!\\-|:.+=", "  \n", "\n\n", "1. ", "- ", "## ", "\u3000", "\xa0"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_text_at_all_is_written_as_the_converter_writes_it_or_left_to_it(text):
    html = plain_html(text)
    assert html is None or html == converted(text)
