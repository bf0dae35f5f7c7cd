"""Quality gate: no broken internal link or anchor in any page, feed, sitemap or export of the
freshly built demo site; the check finds each kind of break in a deliberately broken mini-site."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support.linkcheck import broken_links
from tests.support.quality_tools import FIXTURES
from tests.support.sites import ROOT

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


def test_no_broken_link_or_anchor_in_pages_feeds_and_exports(built_site: Path):
    assert (built_site / "feeds" / "all.xml").is_file() and (built_site / "data" / "index.json").is_file()
    assert broken_links(built_site, SITE_URL) == []


def test_the_check_finds_missing_pages_anchors_images_and_broken_feed_and_export_links():
    problems = broken_links(FIXTURES, SITE_URL)
    text = "\n".join(problems)
    assert "broken/index.html: ../missing-page/" in text
    assert "broken/index.html: ../fine/#no-such-anchor" in text
    assert "broken/index.html: missing-image.png" in text
    assert "feeds/broken.xml: https://gongkai.example.gov.cn/missing-record/" in text
    assert "data/broken.json: https://gongkai.example.gov.cn/missing-export-record/" in text
    assert "#section" not in text and "fine/index.html" not in text.split(":")[0]
    assert len(problems) == 5, problems
