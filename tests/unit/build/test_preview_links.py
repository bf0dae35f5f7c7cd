"""The preview's index of what each listing page links to (gongkai.build.preview): a page that links
to none of a save's records, which keep their places, is not rendered again, so every link to a
record must be found, wherever the page is and whichever way it is written."""

from __future__ import annotations

from gongkai.build.preview import _links


def test_links_are_found_relative_to_the_page_in_html_and_markdown():
    year_page = '<td><a href="../../documents/2019-a/">甲</a></td><a href="../../interpretations/b/#x">乙</a>'
    assert _links("documents/2019.md", year_page) == {"documents/2019-a/", "interpretations/b/"}
    assert _links("index.md", '<li><a href="documents/c/">丙</a></li>') == {"documents/c/"}
    assert _links("documents/index.md", '<a href="../documents/d/">') == {"documents/d/"}
    assert _links("subscribe.md", "见[丁](../consultations/e/)。") == {"consultations/e/"}


def test_links_elsewhere_are_not_taken_for_records():
    page = '<a href="https://www.gov.cn/zhengce/">国务院</a><a href="?page=2">2</a>'
    assert not {"documents/zhengce/", "zhengce/"} & _links("documents/2019.md", page)
