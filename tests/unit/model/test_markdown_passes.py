"""The two cheaper Markdown passes give exactly the HTML of Python-Markdown's own: the toc
extension's heading ids (and its table of contents where a text asks for one), and the inline
pass on every text that could hold an inline pattern."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import slugify_unicode

from gongkai.model.markdown_passes import INLINE_PATTERNS, HeadingIds, InlineShortcut
from gongkai.model.markdown_text import render_markdown

BLOCKS = ["tables", "fenced_code", "sane_lists"]
CONFIGS = {"tables": {"use_align_attribute": True}}


def ours() -> markdown.Markdown:
    ids = HeadingIds(slugify=slugify_unicode, permalink=False)
    return markdown.Markdown(extensions=[*BLOCKS, ids, InlineShortcut()], extension_configs=CONFIGS)


def reference() -> markdown.Markdown:
    configs = {**CONFIGS, "toc": {"slugify": slugify_unicode, "permalink": False}}
    return markdown.Markdown(extensions=[*BLOCKS, "toc"], extension_configs=configs)


SAMPLES = [
    "# 一、总则\n\n## 一、总则\n\n### a_1\n\n# a\n\n# a\n",
    "第一条 为了规范管理，制定本办法。\n\n第二条 本办法自发布之日起施行。\n",
    "正文 **加粗** 与 *强调* 与 _下划线_，`代码`，\\*转义\\*。\n",
    "见[通知](https://example.org/a)和![图](a.png)，[引用][1]。\n\n[1]: https://example.org/b\n",
    "<https://example.org/> 与 <user@example.org>，<b>标签</b>，&amp; &copy; &#20013;\n",
    "第一行  \n第二行（硬换行）\n",
    "文字\n\n[TOC]\n\n# 标题\n\n## 标题 &amp; <b>x</b>\n",
    "| 项目 | 金额 |\n|:--|--:|\n| *甲* | 1 |\n| 乙 | 2 |\n",
    "```\n*不是强调* <b>\n```\n\n- 一\n- *二*\n\n1. 甲\n2. 乙\n",
    "<div>原始 HTML 块</div>\n\n段落 <span>行内</span>\n",
    "# <em>a</em>\n\n#\n\n# 1\n\n## x *y* `z`\n",
    "# 甲\n\n- [TOC]\n- 乙\n",
    "# 甲\n\n| 目录 |\n|---|\n| [TOC] |\n",
    "# 甲\n\n> [TOC]\n",
]


def test_the_inline_shortcut_knows_every_inline_pattern_of_the_converter():
    """A pattern added by a new Python-Markdown (or an extension) must be known to `_INLINE_START`."""
    converter = ours()
    assert tuple(item.name for item in converter.inlinePatterns._priority) == INLINE_PATTERNS
    order = [item.name for item in sorted(converter.treeprocessors._priority, key=lambda i: -i.priority)]
    assert order[order.index("inline") - 1 : order.index("inline") + 2] == ["gk_set_aside", "inline", "gk_put_back"]


def test_samples_render_as_python_markdown_renders_them():
    for text in SAMPLES:
        assert ours().convert(text) == reference().convert(text), text


def test_a_table_of_contents_is_still_shown_where_a_body_asks_for_one():
    html = render_markdown("[TOC]\n\n# 第一章\n\n## 第一节\n")
    assert '<a href="#gk-h-第一章"' in html and '<h2 id="gk-h-第一章">' in html


PIECES = [*"政府信息公开 ab1\n#*_`[]()<>&;!\\-|:.", "  \n", "\n\n", "```", "&amp;", "[TOC]", "<b>", "http://a.b"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_renders_as_python_markdown_renders_it(text):
    assert ours().convert(text) == reference().convert(text)
