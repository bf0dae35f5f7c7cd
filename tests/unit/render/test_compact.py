"""HTML compaction keeps what renders and preformatted text exactly."""

from __future__ import annotations

from gongkai.render.compact import compact_html


def test_indentation_and_blank_lines_go_but_a_separator_stays():
    html = "<ul>\n    <li><a>甲</a>\n        <span>乙</span></li>\n\n\n    <li>丙</li>\n</ul>"
    assert compact_html(html) == "<ul>\n<li><a>甲</a>\n<span>乙</span></li>\n<li>丙</li>\n</ul>"


def test_preformatted_text_is_untouched():
    pre = "<pre><code>def f():\n    return 1\n\n\n    # indented\n</code></pre>"
    textarea = "<TEXTAREA name=x>\n  a\n\n  b</TEXTAREA>"
    html = f"<div>\n    {pre}\n    <p>x</p>\n    {textarea}\n</div>"
    assert compact_html(html) == f"<div>\n{pre}\n<p>x</p>\n{textarea}\n</div>"


def test_text_without_newlines_is_unchanged():
    assert compact_html("<p>一  二</p>") == "<p>一  二</p>"
