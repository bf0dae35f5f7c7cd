"""Year-on-year bar charts: an agency with fewer years of reports is drawn at its neighbours' scale."""

from __future__ import annotations

from gongkai.render.charts import bar_chart


def test_a_chart_of_one_year_has_the_width_of_a_chart_of_three():
    """Two agencies on one index page: a department newly on the site (one report) gets charts as
    wide as the one with three years of reports, so its bar and text are not blown up to fill them."""
    one = bar_chart("a", "本年新收申请", [(2025, 83)])
    three = bar_chart("b", "本年新收申请", [(2023, 12), (2024, 15), (2025, 18)])
    assert one.width == three.width and one.height == three.height
    assert one.bars[0].x == three.bars[0].x  # from the left, where the first year's bar stands
    five = bar_chart("c", "本年新收申请", [(y, 1) for y in range(2021, 2026)])
    assert five.width > three.width
