"""One text check over every parsed string and every body file: control characters, text-direction
overrides and NUL written as YAML escapes (or pasted into a body file) are errors at their
file:line:column, so nothing that validates cleanly can crash the build (tests/sites/test_build.py
builds one); markup-like text in a title or summary is a warning that it will be shown as typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.problems import ERROR, WARNING
from tests.support.helpers import line_of, run, write_record, write_with_escape

ESCAPES = {
    "\\x01": "U+0001",
    "\\x00": "U+0000",
    "\\u202e": "U+202E",
    "\\u2066": "U+2066",
    "\\x9b": "U+009B",
    "\\uffff": "U+FFFF",
    "\\x7f": "U+007F",
}


@pytest.mark.parametrize("escape", sorted(ESCAPES))
def test_a_character_written_as_an_escape_is_an_error_at_its_value(tmp_path, escape):
    path = write_with_escape(tmp_path, escape)
    problems = [p for p in run(tmp_path) if p.is_error]
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.line, problem.column) == (line_of(path, "title"), 8)
    assert ESCAPES[escape] in problem.message and "第 3 个字符" in problem.message and "请删除" in problem.message


def test_a_lone_surrogate_escape_is_refused_by_the_yaml_reader_on_its_line(tmp_path):
    path = write_with_escape(tmp_path, "\\ud800")
    problems = [p for p in run(tmp_path) if p.is_error]
    assert [p.line for p in problems] == [line_of(path, "title")]


def test_nested_values_and_field_names_are_checked_too(tmp_path):
    path = write_record(tmp_path, "decisions", "dec", procedures={"legality_review": {"reviewer": "法规处"}})
    path.write_text(
        path.read_text(encoding="utf-8").replace("reviewer: 法规处", 'reviewer: "法规\\u202e处"'), encoding="utf-8"
    )
    problems = [p for p in run(tmp_path) if "U+202E" in p.message]
    assert len(problems) == 1 and problems[0].line == line_of(path, "reviewer")
    assert "procedures.legality_review.reviewer" in problems[0].message


def test_tabs_and_line_breaks_in_values_are_fine(tmp_path):
    path = write_with_escape(tmp_path, "\\t")
    assert [p for p in run(tmp_path) if p.is_error] == []
    path.write_text(path.read_text(encoding="utf-8").replace("\\t", "\\n"), encoding="utf-8")
    assert [p for p in run(tmp_path) if p.is_error] == []


@pytest.mark.parametrize(
    "char, code", [("\x01", "U+0001"), ("\u202e", "U+202E"), ("\x7f", "U+007F"), ("\ufffe", "U+FFFE")]
)
def test_a_body_file_gets_the_same_check_at_its_own_lines(tmp_path, char, code):
    write_record(tmp_path, "documents", "doc")
    body = tmp_path / "documents" / "doc.md"
    body.write_text(f"## 第一章\n\n第一条 正文{char}内容。\n", encoding="utf-8")
    problems = [p for p in run(tmp_path) if p.is_error]
    assert [(Path(p.path).name, p.line, p.column) for p in problems] == [("doc.md", 3, 7)]
    assert code in problems[0].message


@pytest.mark.parametrize("field, label", [("title", "标题"), ("summary", "内容概要")])
def test_markup_like_text_in_a_title_or_summary_is_a_warning_that_it_shows_as_typed(tmp_path, field, label):
    path = write_record(tmp_path, "documents", "doc", **{field: "关于<试行>办法的说明"})
    problems = run(tmp_path)
    assert [(p.severity, p.line) for p in problems] == [(WARNING, line_of(path, field))]
    assert label in problems[0].message and "“<试行>”" in problems[0].message and "原样显示" in problems[0].message


def test_angle_quotes_and_comparisons_are_not_markup(tmp_path):
    write_record(
        tmp_path, "documents", "doc", title="关于〈试行〉办法的说明", summary="面积 < 20 平方米的，按规定处理。"
    )
    assert run(tmp_path) == []


@pytest.mark.parametrize("where", ["key", "value", "list item", "key in a list", "top-level key"])
def test_a_hidden_character_anywhere_in_a_record_is_found_whatever_else_it_holds(where):
    """The check first searches every text of the record at once; that search must find what the
    walk with paths finds, at any depth, in keys as in values, and whichever texts come before."""
    from gongkai.load.files import LoadedFile
    from gongkai.load.records import SourceRecord
    from gongkai.types import BY_KEY
    from gongkai.validate import text

    hidden = "\u202e"
    data = {
        "id": "d",
        "title": "标题",
        "stats": {"培训": 3},
        "changes": [{"date": "2024-01-01", "note": "更正"}],
        "n": 12,
        "ok": True,
    }
    if where == "key":
        data["stats"] = {f"培训{hidden}": 3}
    elif where == "value":
        data["changes"][0]["note"] = f"更正{hidden}"
    elif where == "list item":
        data["subjects"] = ["机关事务", f"用车{hidden}"]
    elif where == "key in a list":
        data["changes"][0][f"note{hidden}"] = "x"
    else:
        data[f"x{hidden}"] = None
    record = SourceRecord(BY_KEY["documents"], Path("data/documents/d.yaml"), LoadedFile("d.yaml", data=data))
    found = list(text._hidden_in_strings(record))
    assert len(found) == 1 and "U+202E" in found[0].message and found[0].severity == ERROR


_SCALAR_TEXT = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\\x01", "\\u202e", "\\N", "\\x85", "\\t", "\\\\", "\\"]),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="abcxyz_", min_size=1, max_size=6),
            st.sampled_from(["", '"', "'", "|\n  ", ">\n  "]),
            _SCALAR_TEXT,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_only_a_file_marked_clean_skips_the_walk_and_none_of_its_strings_hides_a_character(fields):
    """The loader marks a file `clean_text` when its text has no hidden character and no backslash;
    the text check then skips its strings: no string read from such a file may hold one, and the
    check finds what a walk over every string finds."""
    from gongkai.load.characters import has_hidden
    from gongkai.load.files import load_bytes
    from gongkai.load.records import SourceRecord
    from gongkai.types import BY_KEY
    from gongkai.validate import text as text_check

    lines = []
    for n, (key, opening, value) in enumerate(fields):
        closing = opening if opening in ('"', "'") else ""
        lines.append(f"{key}{n}: {opening}{value}{closing}\n")
    source = "".join(lines)
    loaded = load_bytes(source.encode("utf-8"), "x.yaml")
    if not isinstance(loaded.data, dict):
        return
    hiding = [t for _path, t, _key in text_check._strings(loaded.data, ()) if has_hidden(t)]
    if loaded.clean_text:
        assert "\\" not in source and has_hidden(source) is None
        assert not hiding, (source, hiding)
    record = SourceRecord(BY_KEY["documents"], Path("data/documents/x.yaml"), loaded)
    assert len(list(text_check._hidden_in_strings(record))) == len(hiding)


def test_a_file_with_an_escape_is_not_marked_clean():
    from gongkai.load.files import load_bytes

    assert load_bytes(b'title: "a\\u202eb"\n', "x.yaml").clean_text is False
    assert load_bytes("title: 标题\n".encode(), "x.yaml").clean_text is True
