"""Heading levels of rendered Markdown: a record body sits under the page's <h1> (base level 2), an
annual report's part under the part's own <h2> (base level 3, `render.reports.part_markdown`)."""

from __future__ import annotations

import re

import pytest

from gongkai.model.markdown_text import render_markdown
from gongkai.render.reports import part_markdown

SOURCE = "# 一级\n\n## 二级\n\n### 三级\n\n#### 四级\n\n##### 五级\n\n###### 六级\n"


def levels(html: str) -> list[tuple[int, str]]:
    return [(int(level), text) for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html)]


@pytest.mark.parametrize(
    ("base_level", "expected"),
    [(2, [2, 2, 3, 4, 5, 6]), (3, [3, 3, 4, 5, 6, 6])],
)
def test_headings_start_at_the_base_level(base_level, expected):
    html = render_markdown(SOURCE, base_level=base_level)
    assert levels(html) == list(zip(expected, ["一级", "二级", "三级", "四级", "五级", "六级"]))


def test_a_body_keeps_its_headings_below_the_page_title_by_default():
    assert render_markdown(SOURCE) == render_markdown(SOURCE, base_level=2)
    assert "<h1" not in render_markdown("<h1>标题</h1>\n\n# 标题二\n")


def test_a_report_part_moves_raw_html_headings_too_and_keeps_ids_and_links():
    html = str(part_markdown('<H1 id="a">甲</H1>\n\n<h2 id="b">乙</h2>\n\n## 丙\n\n[回到甲](#a)\n'))
    assert '<h3 id="gk-h-a">甲</h3>' in html and '<h3 id="gk-h-b">乙</h3>' in html
    assert '<h3 id="gk-h-丙">丙</h3>' in html and 'href="#gk-h-a"' in html
    assert str(part_markdown(None)) == ""


def test_heading_text_in_code_is_not_a_heading():
    html = render_markdown("`<h1>` 和\n\n```\n<h2>示例</h2>\n```\n", base_level=3)
    assert levels(html) == [] and "&lt;h1&gt;" in html and "&lt;h2&gt;示例&lt;/h2&gt;" in html
