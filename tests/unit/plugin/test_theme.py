"""gongkai/theme/base.html is a copy of Material's base.html with two changes: the toggles' invalid
`autocomplete` attribute removed (for the Nu Html Checker), and no secondary sidebar on a page
whose table of contents is empty (`TOC`). When Material's template changes, the copy must be taken
again: this test says so instead of letting the two drift apart silently."""

from __future__ import annotations

from pathlib import Path

import material

from tests.support.sites import ROOT

OURS = ROOT / "gongkai" / "theme" / "base.html"
THEIRS = Path(material.__file__).resolve().parent / "templates" / "base.html"
TOGGLES = ('id="__drawer"', 'id="__search"')
# Material's test for the secondary sidebar, and ours: Material's own test (partials/toc.html) for
# whether the table of contents lists anything, then the sidebar only if it does.
TOC = (
    '            {% if "toc.integrate" not in features %}\n',
    "            {#- gongkai: the test of Material's partials/toc.html for whether it lists anything. -#}\n"
    "            {% set gk_toc = page.toc %}\n"
    "            {% set gk_first = gk_toc | first %}\n"
    "            {% if gk_first and gk_first.level == 1 %}\n"
    "              {% set gk_toc = gk_first.children %}\n"
    "            {% endif %}\n"
    '            {% if "toc.integrate" not in features and gk_toc %}\n',
)


def _without_our_comment(text: str) -> str:
    return text.split("-#}\n", 1)[1]


def test_our_base_template_is_materials_with_only_the_toggles_and_the_toc_sidebar_changed():
    theirs = THEIRS.read_text(encoding="utf-8")
    assert all(f'{toggle} autocomplete="off">' in theirs for toggle in TOGGLES), (
        "Material changed its toggles: re-check the override"
    )
    assert theirs.count(TOC[0]) == 1, "Material changed its secondary sidebar's test: re-check the override"
    expected = theirs.replace(TOC[0], TOC[1])
    for toggle in TOGGLES:
        expected = expected.replace(f'{toggle} autocomplete="off">', f"{toggle}>")
    assert _without_our_comment(OURS.read_text(encoding="utf-8")) == expected, (
        f"Material's base.html ({THEIRS}) differs from our copy beyond the toggles and the sidebar's test: copy it "
        'again into gongkai/theme/base.html, remove autocomplete="off" from the two toggles and put in TOC[1].'
    )
