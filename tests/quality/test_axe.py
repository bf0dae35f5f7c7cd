"""Quality gate: axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules (GB/T 37668-2019) on
any page type of the freshly built demo site, in the light and the dark colour scheme, and finds the
faults of a deliberately broken page. Colour contrast (4.5:1) is one of its rules: the demo banner,
badges and table stripes are on these pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.quality_tools import (
    axe_source,
    axe_violations,
    open_page,
    page_types,
    problems_on_pages,
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_on_any_page_type(site_browser, built_site: Path, scheme: str):
    chromium, base = site_browser
    source = axe_source()
    found = problems_on_pages(
        chromium, base, page_types(built_site), lambda page: axe_violations(page, source), color_scheme=scheme
    )
    assert found == {}


def test_axe_finds_the_faults_of_a_broken_page(site_browser, fixture_base):
    chromium, _ = site_browser
    page = chromium.new_page()
    open_page(page, fixture_base + "broken/")
    rules = {line.split()[0] for line in axe_violations(page, axe_source())}
    page.close()
    assert {"image-alt", "link-in-text-block", "color-contrast", "scrollable-region-focusable"} <= rules, rules
