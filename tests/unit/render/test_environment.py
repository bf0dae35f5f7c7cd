"""The templates' environment is made once per process: every build of one `mkdocs serve` (a
preview build after each save) renders with templates compiled once."""

from __future__ import annotations

import jinja2

from gongkai.render.pages import environment


def test_every_build_shares_one_environment_and_its_compiled_templates():
    first = environment()
    template = first.get_template("record/document.html")
    assert environment() is first
    assert environment().get_template("record/document.html") is template  # not compiled again


def test_the_site_tests_strict_environment_is_its_own():
    strict = environment(jinja2.StrictUndefined)
    assert strict is environment(jinja2.StrictUndefined)
    assert strict is not environment()
    assert strict.undefined is jinja2.StrictUndefined
