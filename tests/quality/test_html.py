"""Quality gate: the Nu Html Checker (vnu.jar, the W3C's validator) finds no error on any page of the
freshly built demo site, and does find the errors of a deliberately broken page."""

from __future__ import annotations

from pathlib import Path

from tests.support.quality_tools import FIXTURES, vnu_errors


def test_every_page_of_the_demo_site_is_valid_html(built_site: Path):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 30
    assert vnu_errors(built_site) == []


def test_the_checker_finds_the_errors_of_a_broken_page():
    errors = vnu_errors(FIXTURES / "broken" / "index.html")
    assert any("“autocomplete”" in e for e in errors), errors
    assert any("Duplicate ID" in e for e in errors), errors
    assert any("“alt”" in e for e in errors), errors
    assert vnu_errors(FIXTURES / "fine" / "index.html") == []
