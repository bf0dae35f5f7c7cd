"""The preview's error banner: a build's errors, shown over every page of the last good site."""

from __future__ import annotations

from gongkai.problems import Problem
from gongkai.render.pages import environment


def banner_html(problems: list[Problem]) -> str:
    """The banner listing `problems` (file:line:column, severity, message), escaped by the template."""
    kind = "错误" if any(p.is_error for p in problems) else "警告（严格模式下视为错误）"
    return environment().get_template("preview-banner.html").render(problems=problems, kind=kind)
