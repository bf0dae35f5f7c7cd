"""The strict YAML loader: every hazard an editor (or a hostile file) can produce becomes a clear
Chinese message with a position, never a traceback, a hang or a memory blow-up."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import cli
from gongkai.load.files import MAX_DEPTH, load_bytes, load_file
from gongkai.load.records import SourceRecord, load_records
from gongkai.problems import ERROR, WARNING
from gongkai.types import BY_KEY
from tests.support.helpers import finishes


def load(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, "data/documents/x.yaml")


def only_error(loaded):
    errors = [p for p in loaded.problems if p.severity == ERROR]
    assert loaded.data is None
    assert not loaded.ok
    assert len(errors) == 1, loaded.problems
    return errors[0]


# --- encodings ------------------------------------------------------------------------------


def test_utf8_with_bom_is_accepted():
    loaded = load("\ufefftitle: 关于印发《办法》的通知\nissuer: 河南省机关事务管理局\n".encode("utf-8"))
    assert loaded.ok
    assert loaded.data == {"title": "关于印发《办法》的通知", "issuer": "河南省机关事务管理局"}
    assert loaded.pos(("title",)) == (1, 8)
    assert loaded.pos(("issuer",)) == (2, 9)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_file_is_explained(encoding):
    raw = "title: 河南省机关事务管理局\nissuer: 办公室\n".encode(encoding)
    error = only_error(load(raw))
    assert "GBK" in error.message and "UTF-8" in error.message
    assert "另存为" in error.message
    assert error.path == "data/documents/x.yaml"
    assert (error.line, error.column) == (1, 8)


def test_gbk_file_through_the_cli_exits_1_without_traceback(tmp_path, monkeypatch, capsys):
    (tmp_path / "gongkai.yml").write_text("data_dir: data\n", encoding="utf-8")
    folder = tmp_path / "data" / "documents"
    folder.mkdir(parents=True)
    (folder / "2019-gbk.yaml").write_bytes("id: 2019-gbk\ntitle: 河南省公务用车管理办法\n".encode("gbk"))
    monkeypatch.chdir(tmp_path)
    code = cli.main(["--config", str(tmp_path / "gongkai.yml"), "validate", "--today", "2024-01-01"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_PROBLEMS
    assert "Traceback" not in out + err
    assert "2019-gbk.yaml:2:" in out
    assert "GBK" in out and "UTF-8" in out


def test_nul_bytes_and_utf16_are_refused():
    error = only_error(load(b"title: a\nissuer: b\x00c\n"))
    assert error.line == 2
    assert "NUL" in error.message and "UTF-8" in error.message
    error = only_error(load("title: 标题\n".encode("utf-16")))
    assert "UTF-16" in error.message


def test_invalid_utf8_that_is_not_gbk():
    error = only_error(load(b"title: \xff\xfe\xfd\n"))
    assert "UTF-8" in error.message


# --- structure hazards ----------------------------------------------------------------------


def test_duplicate_top_level_key_points_at_the_second():
    error = only_error(load("title: 一\nissuer: 局\ntitle: 二\n"))
    assert (error.line, error.column) == (3, 1)
    assert "title" in error.message and "重复" in error.message and "第 1 行" in error.message


def test_duplicate_nested_key_points_at_the_second():
    text = "title: 一\nfiling:\n  filed_with: 省政府办公厅\n  filed_date: 2023-03-01\n  filed_with: 司法厅\n"
    error = only_error(load(text))
    assert (error.line, error.column) == (5, 3)
    assert "filed_with" in error.message and "第 3 行" in error.message


def test_duplicate_key_in_a_list_item():
    text = "changes:\n  - date: 2023-01-01\n    note: 一\n    note: 二\n"
    error = only_error(load(text))
    assert (error.line, error.column) == (4, 5)


def test_anchors_and_aliases_are_refused():
    error = only_error(load("issuer: &who 河南省机关事务管理局\ntitle: 标题\n"))
    assert error.line == 1 and "锚点" in error.message
    error = only_error(load("a: &x [1, 2]\nb: *x\n"))
    assert error.line == 1 and "&" in error.message


def test_alias_to_undefined_anchor_is_refused():
    error = only_error(load("title: 标题\nissuer: *nobody\n"))
    assert error.line == 2 and "别名" in error.message


def test_billion_laughs_finishes_fast_with_bounded_memory():
    lines = ['lol: &lol "lol"']
    previous = "lol"
    for level in range(1, 10):
        name = f"lol{level}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
        previous = name
    text = "\n".join(lines) + "\n"
    tracemalloc.start()
    try:
        with finishes():
            loaded = load(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = only_error(loaded)
    assert "锚点" in error.message or "别名" in error.message
    assert peak < 20_000_000


def test_billion_laughs_in_flow_style_with_aliases_only():
    # Anchors hidden behind flow collections and a merge key: still refused before expansion.
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    with finishes():
        only_error(load(text))


def test_merge_key_is_refused():
    error = only_error(load("filing: {<<: {filed_with: a}}\n"))
    assert error.line == 1 and "合并" in error.message


def test_tab_in_indentation_is_refused_with_its_line():
    error = only_error(load("title: 标题\nfiling:\n\tfiled_with: 省政府\n"))
    assert error.line == 3
    assert "制表符" in error.message and "空格" in error.message


def test_tab_inside_a_value_is_fine():
    loaded = load("title: 标题\tA\n")
    assert loaded.ok and loaded.data == {"title": "标题\tA"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n   \n",
        "# 只有注释\n# 第二行注释\n",
        "---\n",
        "---\n...\n",
        "\ufeff",
    ],
)
def test_empty_or_comment_only_file_is_an_error(text):
    error = only_error(load(text))
    assert "文件为空" in error.message
    assert "gongkai new" in error.message


def test_multiple_documents_are_refused():
    error = only_error(load("title: 一\n---\ntitle: 二\n"))
    assert error.line == 2
    assert "一个文件只能有一条记录" in error.message


@pytest.mark.parametrize("text", ["- title: 一\n- title: 二\n", "[1, 2]\n", "只是一句话\n", "42\n"])
def test_top_level_must_be_a_mapping(text):
    error = only_error(load(text))
    assert "映射" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
        "a: !!python/object:collections.OrderedDict {}\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!omap [x: 1]\n",
        "a: !custom value\n",
        "a: !<tag:example.com,2000:x> value\n",
    ],
)
def test_unknown_tags_are_refused(text):
    error = only_error(load(text))
    assert "标签" in error.message
    assert error.line == 1 and error.column == 4


def test_explicit_standard_tags_never_crash():
    loaded = load('a: !!bool maybe\nb: !!int ""\nc: !!float ""\nd: !!int "-"\ne: !!str 12\nf: !!null x\n')
    assert loaded.ok
    assert loaded.data == {"a": "maybe", "b": "", "c": "", "d": "-", "e": "12", "f": None}


def test_complex_keys_are_refused():
    error = only_error(load("? [a, b]\n: 1\n"))
    assert "复杂键" in error.message


# --- dates ----------------------------------------------------------------------------------


def test_dates_stay_strings_exactly_as_written():
    loaded = load(
        "publish_date: 2019-03-05\nsigned_date: 2019-02-30\nb: 2019-3-5\nc: ２０１９-０３-０５\nd: 2019-03-05 10:00:00\n"
    )
    assert loaded.ok
    assert loaded.data == {
        "publish_date": "2019-03-05",
        "signed_date": "2019-02-30",
        "b": "2019-3-5",
        "c": "２０１９-０３-０５",
        "d": "2019-03-05 10:00:00",
    }
    assert all(isinstance(v, str) for v in loaded.data.values())


def _document(tmp_path: Path, signed_date: str) -> SourceRecord:
    path = tmp_path / "2019-dates.yaml"
    path.write_text(
        "id: 2019-dates\ntitle: 关于日期的通知\npublish_date: 2019-03-05\nissuer: 河南省机关事务管理局\n"
        f"disclosure: 主动公开\nsigned_date: {signed_date}\n",
        encoding="utf-8",
    )
    return SourceRecord(BY_KEY["documents"], path, load_file(path, "2019-dates.yaml"))


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("2019-02-30", "不是存在的日期"),
        ("2019-3-5", "2019-03-05"),
        ("２０１９-０３-０５", "全角"),
        ("2019/03/05", "2019-03-05"),
    ],
)
def test_bad_dates_are_rejected_by_the_schema(tmp_path, value, hint):
    schema = pytest.importorskip("gongkai.validate.schema")
    record = _document(tmp_path, value)
    assert record.file.ok
    problems = schema.check(record)
    assert problems, value
    assert all(p.severity == ERROR for p in problems)
    assert any(p.line == 6 and hint in p.message for p in problems), problems


def test_a_good_date_passes_the_schema(tmp_path):
    schema = pytest.importorskip("gongkai.validate.schema")
    assert schema.check(_document(tmp_path, "2019-02-28")) == []


# --- size and shape limits -------------------------------------------------------------------


def test_oversized_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:  # sparse: 5 MB without writing them
        handle.truncate(5_000_000)

    def refuse(self):
        raise AssertionError("the oversized file was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    monkeypatch.setattr(Path, "open", refuse)
    error = only_error(load_file(path, "big.yaml", max_bytes=1_000_000))
    assert "文件过大" in error.message and ".md" in error.message


def test_oversized_bytes_are_refused():
    error = only_error(load_bytes(b"a: " + b"x" * 2_000, "x.yaml", max_bytes=1_000))
    assert "文件过大" in error.message


def test_huge_single_line_is_handled_quickly():
    value = "政务公开" * 225_000  # 900 KB of UTF-8 on one line
    for text in (f"title: {value}\n", f'title: "{value}"\n', f"title: '{value}'\n"):
        with finishes():
            loaded = load_bytes(text.encode("utf-8"), "x.yaml", max_bytes=3_000_000)
        assert loaded.ok and loaded.data["title"] == value


def test_huge_line_of_digits_and_brackets_is_quick():
    with finishes():
        loaded = load_bytes(b"a: " + b"1" * 900_000 + b"\n", "x.yaml")
    assert loaded.ok and isinstance(loaded.data["a"], (int, str))


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "a: " + "[" * 300_000 + "\n",
        "a: " + "{b: " * 10_000 + "1" + "}" * 10_000 + "\n",
        "".join("  " * i + f"k{i}:\n" for i in range(2_000)) + "  " * 2_000 + "end: 1\n",
        "".join("  " * i + "- \n" for i in range(2_000)),
    ],
    ids=["flow-list-10k", "unclosed-300k", "flow-map-10k", "block-map-2k", "block-list-2k"],
)
def test_deep_nesting_is_a_clear_error(text):
    # a generous size limit: the nesting, not the size, must stop these
    with finishes():
        error = only_error(load_bytes(text.encode(), "x.yaml", max_bytes=10_000_000))  # no RecursionError
    assert "嵌套过深" in error.message or "YAML 格式错误" in error.message


def test_nesting_just_over_the_limit_is_refused_with_a_position():
    depth = MAX_DEPTH + 5
    error = only_error(load("a: " + "[" * depth + "]" * depth + "\n"))
    assert "嵌套过深" in error.message
    assert error.line == 1 and error.column > 3


def test_reasonable_nesting_is_fine():
    loaded = load("a: " + "[" * 10 + "1" + "]" * 10 + "\n")
    assert loaded.ok


# --- hostile Unicode --------------------------------------------------------------------------


def test_zero_width_characters_are_a_warning_with_position():
    loaded = load("title: 关于\u200b印发\nissuer: 局\n")
    assert loaded.ok
    assert loaded.data["title"] == "关于\u200b印发"
    (warning,) = loaded.problems
    assert warning.severity == WARNING
    assert (warning.line, warning.column) == (1, 10)
    assert "U+200B" in warning.message


def test_unusual_line_breaks_are_a_warning():
    # YAML counts U+2028 as a line break, most editors do not: say so, or line numbers look wrong.
    loaded = load('title: "关于\u2028印发"\nissuer: 局\n')
    assert loaded.data == {"title": "关于\u2028印发", "issuer": "局"}
    (warning,) = loaded.problems
    assert warning.severity == WARNING and (warning.line, warning.column) == (1, 11)
    assert "U+2028" in warning.message
    broken = load("title: 关于\u2029印发\nissuer: 局\n")  # in a plain value it even breaks the line
    assert broken.data is None
    assert any(p.severity == WARNING and "U+2029" in p.message and p.line == 1 for p in broken.problems)


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2069"])
def test_bidi_override_is_an_error(char):
    error = only_error(load(f"title: 标题\nissuer: 河南{char}局\n"))
    assert (error.line, error.column) == (2, 11)
    assert f"U+{ord(char):04X}" in error.message


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x80", "\x9f", "\ufffe"])
def test_control_characters_are_an_error_with_position(char):
    error = only_error(load(f"title: 标题\nissuer: 河南{char}局\n"))
    assert (error.line, error.column) == (2, 11)
    assert "控制字符" in error.message


# --- syntax errors in Chinese ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("title: 标题: 副标题\n", 1, "冒号"),
        ('title: "没有闭合\nissuer: 局\n', 1, "引号"),  # the line with the opening quote
        ("title: 标题\n  issuer: 局\n", 2, "YAML 格式错误"),
        ("title: 标题\nissuer\n", 3, "YAML 格式错误"),
    ],
)
def test_syntax_errors_are_explained(text, line, needle):
    error = only_error(load(text))
    assert needle in error.message
    assert error.line in (line - 1, line, line + 1)
    assert "Error" not in error.message


# --- positions ------------------------------------------------------------------------------


def test_positions_of_nested_values():
    text = (
        "title: 标题\n"  # 1
        "filing:\n"  # 2
        "  filed_with: 河南省人民政府办公厅\n"  # 3
        "  filed_date: 2023-03-06\n"  # 4
        "cleanups:\n"  # 5
        "  - date: 2024-01-01\n"  # 6
        "    result: 继续有效\n"  # 7
        "  - {date: 2025-01-01, result: 废止}\n"  # 8
        "subjects: [公务用车, 机关事务]\n"  # 9
        "body: |\n"  # 10
        "  第一段\n"  # 11
    )
    loaded = load(text)
    assert loaded.ok, loaded.problems
    assert loaded.pos(("title",)) == (1, 8)
    assert loaded.pos(("filing",)) == (3, 3)
    assert loaded.pos(("filing", "filed_with")) == (3, 15)
    assert loaded.pos(("filing", "filed_date")) == (4, 15)
    assert loaded.pos(("cleanups", 0)) == (6, 5)
    assert loaded.pos(("cleanups", 0, "result")) == (7, 13)
    assert loaded.pos(("cleanups", 1, "date")) == (8, 12)
    assert loaded.pos(("cleanups", 1, "result")) == (8, 32)
    assert loaded.pos(("subjects", 1)) == (9, 18)
    assert loaded.pos(("body",)) == (10, 7)
    # key positions, and the fallback to the nearest ancestor
    assert loaded.key_pos(("filing", "filed_date")) == (4, 3)
    assert loaded.key_pos(("cleanups",)) == (5, 1)
    assert loaded.pos(("filing", "missing", 3)) == (3, 3)
    assert loaded.pos(()) == (1, 1)
    problem = loaded.problem(("cleanups", 1, "result"), ERROR, "x")
    assert (problem.path, problem.line, problem.column) == ("data/documents/x.yaml", 8, 32)


def test_positions_are_read_from_the_file_only_when_a_message_asks(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("title: 标题\nsubjects:\n  - 公务用车\n", encoding="utf-8")
    loaded = load_file(path)
    assert loaded.ok and loaded.located is None  # nothing kept for a file with nothing to report
    assert loaded.pos(("subjects", 0)) == (3, 5)
    assert loaded.key_pos(("subjects",)) == (2, 1)


def test_a_file_saved_again_after_loading_gives_no_wrong_positions(tmp_path):
    """Its lines may have moved: a message points at the file's start rather than a wrong line."""
    path = tmp_path / "d.yaml"
    path.write_text("title: 标题\nissuer: 机关\n", encoding="utf-8")
    loaded = load_file(path)
    path.write_text("# 新加的一行\n\ntitle: 标题\nissuer: 机关\n", encoding="utf-8")
    assert loaded.pos(("issuer",)) == (1, 1)
    path.unlink()
    assert load_file(path).pos(("issuer",)) == (1, 1)  # no file at all: a message, not a traceback


def test_values_are_plain_json_compatible_data():
    loaded = load("a: 1\nb: 1.5\nc: true\nd: ~\ne: [x, 2]\nf: {g: h}\n'1': one\n2: two\n")
    assert loaded.ok
    assert loaded.data == {
        "a": 1,
        "b": 1.5,
        "c": True,
        "d": None,
        "e": ["x", 2],
        "f": {"g": "h"},
        "1": "one",
        "2": "two",
    }


def test_integer_keys_that_collide_with_string_keys_are_duplicates():
    error = only_error(load("1: one\n'1': uno\n"))
    assert error.line == 2


# --- through the sources ------------------------------------------------------------------------


def test_load_records_reports_unreadable_files_and_keeps_going(tmp_path):
    folder = tmp_path / "data" / "documents"
    folder.mkdir(parents=True)
    (folder / "a.yaml").write_text("title: 一\ntitle: 二\n", encoding="utf-8")
    (folder / "b.yaml").write_text("id: b\ntitle: 好\n", encoding="utf-8")
    (folder / "c.yaml").write_bytes(b"\x00\x01")
    records = load_records(tmp_path / "data", 1_000_000)
    assert [r.stem for r in records] == ["a", "b", "c"]
    assert [r.file.ok for r in records] == [False, True, False]
    assert records[1].data == {"id": "b", "title": "好"}
    assert records[0].data == {}  # a broken file has no data, never a partial one


def test_today_is_not_needed_to_load():
    # Loading never depends on the clock: the same bytes give the same result on any day.
    assert load("publish_date: 2099-01-01\n").data == {"publish_date": "2099-01-01"}
    assert dt.date.fromisoformat(load("d: 2024-02-29\n").data["d"]) == dt.date(2024, 2, 29)


def test_body_file_hazards_are_reported_against_the_md_file(tmp_path):
    from gongkai.load.records import load_records

    folder = tmp_path / "data" / "documents"
    folder.mkdir(parents=True)
    (folder / "a.yaml").write_text("id: a\ntitle: 甲\n", encoding="utf-8")
    (folder / "a.md").write_text("第一行\n第二行\u202e反转\n", encoding="utf-8")
    (folder / "b.yaml").write_text("id: b\ntitle: 乙\n", encoding="utf-8")
    (folder / "b.md").write_bytes("正文".encode("gbk"))
    (folder / "c.yaml").write_text("id: c\ntitle: 丙\n", encoding="utf-8")
    (folder / "c.md").write_text("很长" * 600, encoding="utf-8")
    records = {r.id: r for r in load_records(tmp_path / "data", 1_000)}
    [bidi] = records["a"].file.problems
    assert bidi.path.endswith("a.md") and (bidi.line, bidi.column) == (2, 4) and "U+202E" in bidi.message
    [gbk] = records["b"].file.problems
    assert gbk.path.endswith("b.md") and "GBK" in gbk.message
    [big] = records["c"].file.problems
    assert big.path.endswith("c.md") and "过大" in big.message
    assert "body" not in records["a"].data


# --- the cycle collector paused while records are loaded ----------------------------------------------


class _Cyclic:
    def __init__(self) -> None:
        self.me = self


def test_collector_paused_restores_the_collector_and_frees_cycles_made_meanwhile():
    import gc
    import weakref

    from gongkai.load.files import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        garbage = _Cyclic()
        gone = weakref.ref(garbage)
        del garbage
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing is left out of collection for good
    gc.collect()
    assert gone() is None

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_collector_paused_restores_the_collector_after_an_error():
    import gc

    from gongkai.load.files import collector_paused

    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


# --- node tags resolved as libyaml's own resolver does ---------------------------------------------

_SCALARS = [
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "nul",
    "yes",
    "Yes",
    "YES",
    "yES",
    "no",
    "on",
    "Off",
    "true",
    "False",
    "y",
    "n",
    "0",
    "-1",
    "+12",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "1:20",
    "190:20:30",
    "1.5",
    "-.5",
    ".5",
    "1e3",
    "1.0e+3",
    ".inf",
    "-.Inf",
    ".NaN",
    ".nan",
    "2024-01-01",
    "2024-1-1",
    "2024-01-01T10:00:00Z",
    "2024-01-01 10:00:00.5 +8",
    "2024-13-45",
    "<<",
    "=",
    "标题",
    "豫管〔2019〕3号",
    "title",
    "13800138000",
    "１２３",
    "- x",
    "a: b",
    "#",
    "0.",
    "+.inf",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.one_of(
        st.sampled_from(_SCALARS),
        st.text(alphabet="0123456789-+.:eExXoObB_tTfFyYnN~ ", max_size=12),
        st.text(max_size=8),
    )
)
def test_tags_are_resolved_as_libyamls_resolver_does(value):
    import yaml

    from gongkai.load.yaml_nodes import TagCachingReader

    ours, theirs = TagCachingReader(""), yaml.CSafeLoader("")
    for kind, implicit in (
        (yaml.ScalarNode, (True, False)),
        (yaml.ScalarNode, (False, True)),
        (yaml.ScalarNode, (False, False)),
    ):
        for _ in range(2):  # the second time from the remembered tags
            assert ours.resolve(kind, value, implicit) == theirs.resolve(kind, value, implicit), (value, implicit)
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert ours.resolve(kind, None, True) == theirs.resolve(kind, None, True)
    ours.dispose()
    theirs.dispose()


def test_every_hidden_character_is_one_the_loader_looks_at_first():
    """`clean_text` relies on it: a text `_SUSPICIOUS` finds nothing in holds no hidden character."""
    from gongkai.load.characters import SUSPICIOUS as _SUSPICIOUS
    from gongkai.load.characters import has_hidden

    hidden = [chr(code) for code in range(0x110000) if has_hidden(chr(code))]
    assert len(hidden) > 60
    assert [c for c in hidden if not _SUSPICIOUS.search(c)] == []


def test_a_float_keeps_the_text_it_was_written_with():
    """Money as published (issue 24): `fees: 12.50` is the number 12.5 for the schema and the sums,
    and keeps `12.50` for the page; pickled (the output process) and dumped back, it stays so."""
    import pickle

    import yaml

    loaded = load_bytes(b"fees: 12.50\nzero: 0.00\nplain: 3\n", "x.yaml").data
    assert loaded == {"fees": 12.5, "zero": 0.0, "plain": 3}
    assert (loaded["fees"].text, loaded["zero"].text) == ("12.50", "0.00")
    assert isinstance(loaded["fees"], float) and not hasattr(loaded["plain"], "text")
    assert pickle.loads(pickle.dumps(loaded["fees"])).text == "12.50"
    assert yaml.safe_dump(loaded, sort_keys=False) == "fees: 12.50\nzero: 0.00\nplain: 3\n"
