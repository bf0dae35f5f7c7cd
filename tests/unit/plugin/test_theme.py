"""gongkai/theme/base.html is a copy of Material's base.html with one change (the toggles' invalid
`autocomplete` attribute removed, for the Nu Html Checker). When Material's template changes, the
copy must be taken again: this test says so instead of letting the two drift apart silently."""

from __future__ import annotations

from pathlib import Path

import material

from tests.support.sites import ROOT

OURS = ROOT / "gongkai" / "theme" / "base.html"
THEIRS = Path(material.__file__).resolve().parent / "templates" / "base.html"
TOGGLES = ('id="__drawer"', 'id="__search"')


def _without_our_comment(text: str) -> str:
    return text.split("-#}\n", 1)[1]


def test_our_base_template_is_materials_with_only_the_toggles_changed():
    theirs = THEIRS.read_text(encoding="utf-8")
    assert all(f'{toggle} autocomplete="off">' in theirs for toggle in TOGGLES), (
        "Material changed its toggles: re-check the override"
    )
    expected = theirs
    for toggle in TOGGLES:
        expected = expected.replace(f'{toggle} autocomplete="off">', f"{toggle}>")
    assert _without_our_comment(OURS.read_text(encoding="utf-8")) == expected, (
        f"Material's base.html ({THEIRS}) differs from our copy beyond the toggles: copy it again into "
        'gongkai/theme/base.html and remove autocomplete="off" from the two toggles.'
    )
