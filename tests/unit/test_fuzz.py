"""Property tests: whatever an editor (or an attacker) commits, the tools answer with problems,
never with a traceback; and whatever Markdown a record holds, no script reaches the page."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.config import Settings
from gongkai.load.files import load_bytes, load_file
from gongkai.load.records import load_records
from gongkai.model.markdown_text import plain_text, render_markdown
from gongkai.schemas import load_type_schema
from gongkai.types import RECORD_TYPES
from gongkai.validate import validate_records
from tests.support.sites import ROOT

DEMO_DATA = ROOT / "data"

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
FUZZ_SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


def assert_consistent(loaded) -> None:
    """Either data (a mapping) or an error: never both, never neither."""
    has_error = any(p.is_error for p in loaded.problems)
    assert (loaded.data is None) == has_error, loaded.problems
    if loaded.data is not None:
        assert isinstance(loaded.data, dict)
    for problem in loaded.problems:
        assert problem.line >= 0 and problem.column >= 1
        assert problem.message and problem.severity in ("错误", "警告")


# --- (a) arbitrary bytes ---------------------------------------------------------------------------

YAML_BYTES = st.sampled_from(
    [
        b"a: ",
        b"\n",
        b"  ",
        b"- ",
        b"\t",
        b": ",
        b"&x ",
        b"*x",
        b"!!python/object:os.system ",
        b"---\n",
        b"[",
        b"]",
        b"{",
        b"}",
        b"'",
        b'"',
        b"#",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\x00",
        b"\xe6\x94\xbf",
        b"\xd5\xfe",
        b"? ",
        b"|\n",
        b">-\n",
        b"%YAML 1.1\n",
        b"<<: ",
        b"!!int ",
        b"!!bool ",
        b"\xe2\x80\xae",
        b"\xe2\x80\x8b",
        b"\r",
        b"\\u",
        b"2019-02-30",
    ]
)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=400), st.lists(st.one_of(YAML_BYTES, st.binary(max_size=8)), max_size=60).map(b"".join)
    )
)
def test_load_bytes_never_raises(raw):
    assert_consistent(load_bytes(raw, "fuzz.yaml"))


# --- (b) YAML-ish text from a grammar ------------------------------------------------------------

KEYS = st.one_of(
    st.sampled_from(
        [
            "id",
            "title",
            "publish_date",
            "issuer",
            "disclosure",
            "body",
            "filing",
            "filed_date",
            "标题",
            "a",
            "b",
            "<<",
            "? x",
            "'q'",
            '"k"',
            "1",
            "~",
            "true",
        ]
    ),
    st.text(alphabet="abc_-标题 ", min_size=1, max_size=6),
)
SCALARS = st.one_of(
    st.sampled_from(
        [
            "",
            "~",
            "null",
            "yes",
            "no",
            "on",
            "0x1F",
            "0o17",
            "1_000",
            "1e400",
            ".inf",
            ".nan",
            "-.5",
            "2019-03-05",
            "2019-02-30",
            "2019-3-5",
            "２０１９-０３-０５",
            "2001-12-14t21:59:43.10-05:00",
            "豫管〔2019〕3号",
            "豫管【2019】03号",
            "13800138000",
            "410105194912310020",
            "'单引号'",
            '"双引号"',
            '"未闭合',
            "|",
            ">",
            "&anchor x",
            "*alias",
            "!!str 1",
            "!!binary aGk=",
            "!custom x",
            "[1, 2",
            "{a: 1}",
            "[[[[[[[[[[]]]]]]]]]]",
            "a: b",
            "- x",
            "# 注释",
            "\u200b",
            "\u202e",
            "\ufeff",
            "x\ty",
            "a\\u0000",
        ]
    ),
    TEXT.filter(lambda s: "\n" not in s and "\r" not in s),
)
LINE = st.tuples(
    st.one_of(st.integers(0, 8).map(lambda n: " " * n), st.sampled_from(["\t", " \t", "\u3000"])),
    st.sampled_from(["", "", "- ", "- - ", "? ", ": "]),
    st.one_of(st.none(), KEYS),
    SCALARS,
    st.sampled_from(["", "", " # 注释", "  ", ":"]),
).map(lambda t: f"{t[0]}{t[1]}{t[2] + ': ' if t[2] is not None else ''}{t[3]}{t[4]}")


@FUZZ
@given(
    st.lists(
        st.one_of(LINE, st.sampled_from(["---", "...", "", "body: |", "  第一段", "filing:", "  filed_with: 省政府"])),
        max_size=25,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_yamlish_text_never_raises(lines, newline):
    text = newline.join(lines)
    loaded = load_bytes(text.encode("utf-8"), "fuzz.yaml")
    assert_consistent(loaded)
    if loaded.data is not None:
        line_count = sum(text.count(c) for c in "\n\r\x85\u2028\u2029") + 2
        for line, column in loaded.positions.values():
            assert 1 <= line <= line_count and column >= 1


# --- (c) JSON-like records through loading and every validation rule -----------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    st.sampled_from(
        [
            "主动公开",
            "依申请公开",
            "不予公开",
            "2019-03-05",
            "2024-02-29",
            "2023-02-30",
            "2099-01-01",
            "豫管〔2023〕5号",
            "豫管[2023]5号",
            "2023-vehicle-management",
            "2022-vehicle-management-draft",
            "documents",
            "consultations",
            "已决策",
            "征求意见",
            "合法",
            "不合法",
            "行政许可",
            "受理",
            "废止",
            "13800138000",
            "6222021234567890128",
            "## 标题\n\n<script>alert(1)</script>",
        ]
    ),
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.one_of(KEYS, TEXT), children, max_size=4)
    ),
    max_leaves=25,
)
PROPERTY_NAMES = {t.key: sorted(load_type_schema(t.schema_name)["properties"]) for t in RECORD_TYPES}


@st.composite
def record_files(draw):
    """A few records of random types: valid-looking required fields, then random fields on top."""
    files = []
    for index in range(draw(st.integers(1, 3))):
        record_type = draw(st.sampled_from(RECORD_TYPES))
        stem = f"2024-fuzz-{index}"
        data = {}
        if draw(st.booleans()):
            data = {
                "id": stem,
                "title": "标题",
                "publish_date": "2024-03-05",
                "issuer": "河南省机关事务管理局",
                "disclosure": "主动公开",
            }
        names = st.one_of(st.sampled_from(PROPERTY_NAMES[record_type.key]), TEXT)
        data.update(draw(st.dictionaries(names, JSON, max_size=6)))
        body = draw(st.one_of(st.none(), TEXT))
        files.append((record_type.key, stem, data, body))
    return files


def _validate_tree(data_dir: Path, today: dt.date) -> None:
    records = load_records(data_dir, 1_000_000)
    problems = validate_records(records, Settings(data_dir=data_dir), today)
    for problem in problems:
        assert problem.severity in ("错误", "警告") and problem.message


@FUZZ
@given(record_files(), st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)))
def test_json_like_records_never_crash_validation(files, today):
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        for type_key, stem, data, body in files:
            folder = data_dir / type_key
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{stem}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            if body is not None:
                (folder / f"{stem}.md").write_text(body, encoding="utf-8")
        _validate_tree(data_dir, today)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _demo_files() -> list[Path]:
    return sorted(p for p in DEMO_DATA.rglob("*.yaml") if "attachments" not in p.parts)


def _demo_scalars() -> dict[type, list]:
    """Every scalar of the demo data by type: swapping one for another gives plausible mistakes
    (dates out of order, references to the wrong record) that pass the schema and reach the rules."""
    pool: dict[type, set] = {}
    for path in _demo_files():
        data = load_file(path).data
        for target in _paths(data):
            value = data
            for step in target:
                value = value[step]
            if isinstance(value, (str, int, bool)) and not (isinstance(value, str) and len(value) > 200):
                pool.setdefault(type(value), set()).add(value)
    return {kind: sorted(values, key=str) for kind, values in pool.items()}


@st.composite
def _replacement(draw, current, pool):
    same = pool.get(type(current))
    if same and draw(st.integers(0, 2)):
        return draw(st.sampled_from(same))
    return draw(JSON)


@st.composite
def mutated_demo(draw):
    """The demo data set with a few values of a few records replaced, removed or added."""
    yaml_files = _demo_files()
    pool = _DEMO_POOL
    changes = {}
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(yaml_files))
        if path not in changes:
            loaded = load_file(path)
            if not isinstance(loaded.data, dict):
                continue
            changes[path] = loaded.data
        data = changes[path]
        for _ in range(draw(st.integers(1, 3))):
            target = draw(st.sampled_from(list(_paths(data))))
            if not target:
                data[draw(st.sampled_from(PROPERTY_NAMES[path.parent.relative_to(DEMO_DATA).as_posix()]))] = draw(JSON)
                continue
            parent = data
            for step in target[:-1]:
                parent = parent[step]
            if draw(st.integers(0, 3)):
                parent[target[-1]] = draw(_replacement(parent[target[-1]], pool))
            elif isinstance(parent, dict):
                del parent[target[-1]]
            else:
                parent.pop(target[-1])
    return changes


_DEMO_POOL = _demo_scalars() if DEMO_DATA.is_dir() else {}


def test_demo_data_exists_for_mutation():
    assert DEMO_DATA.is_dir() and any(DEMO_DATA.rglob("*.yaml"))


@FUZZ_SLOW
@given(mutated_demo(), st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)))
def test_mutated_demo_data_never_crashes_validation(changes, today):
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(DEMO_DATA, data_dir)
        for path, data in changes.items():
            (data_dir / path.relative_to(DEMO_DATA)).write_text(
                yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
            )
        _validate_tree(data_dir, today)


# --- (d) Markdown never yields script ------------------------------------------------------------

HOSTILE = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">',
        "[x](javascript:alert(1))",
        "![x](data:text/html,<script>)",
        "<svg onload=alert(1)>",
        "<iframe src=x>",
        "<style>",
        "JaVaScRiPt:",
        "&#106;avascript:",
        "jav&#x09;ascript:",
        " onclick=",
        "onerror=",
        "<",
        ">",
        '"',
        "'",
        "`",
        "```",
        "\n",
        "\n\n",
        "    ",
        "- ",
        "1. ",
        "| a | b |\n|---|---|\n",
        "## ",
        "**",
        "_",
        "[",
        "]",
        "(",
        ")",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "{: onclick=x}",
        "\\",
        "&",
        ";",
        "<a ",
        "href=",
        "<math>",
        "<table>",
        "<td ",
        "style=",
        "vbscript:",
    ]
)


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found.extend((tag, name, value or "") for name, value in attrs)
        self.found.append((tag, "", ""))

    handle_startendtag = handle_starttag


@FUZZ
@given(st.one_of(TEXT, st.lists(st.one_of(HOSTILE, TEXT), max_size=40).map("".join)))
def test_render_markdown_never_raises_and_never_yields_script(text):
    html = render_markdown(text)
    assert "<script" not in html.lower()
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    for tag, name, value in parser.found:
        assert tag not in ("script", "iframe", "style", "svg", "math", "object", "embed", "form")
        assert not name.startswith("on"), html
        assert name != "style", html
        if name in ("href", "src"):
            compact = "".join(c for c in value if c > " ").lower()
            assert not compact.startswith(("javascript:", "vbscript:", "data:")), html
    assert isinstance(plain_text(text), str)


# --- (e) record pages: hostile text in any field never yields script ----------------------------

FIELD_TEXT = st.lists(st.one_of(HOSTILE, TEXT), min_size=1, max_size=20).map("".join)


@FUZZ
@given(title=FIELD_TEXT, summary=FIELD_TEXT, body=FIELD_TEXT, issuer=FIELD_TEXT, number=FIELD_TEXT, subject=FIELD_TEXT)
def test_record_pages_never_yield_script(title, summary, body, issuer, number, subject):
    from gongkai.model.records import Catalog
    from gongkai.render.pages import SiteInfo, SitePages
    from gongkai.types import BY_KEY

    today = dt.date(2026, 11, 27)
    document = {
        "id": "fuzzed",
        "title": title,
        "publish_date": "2026-01-05",
        "issuer": issuer,
        "disclosure": "主动公开",
        "summary": summary,
        "body": body,
        "doc_number": number,
        "subjects": [subject],
        "signed_date": "2026-01-04",
        "changes": [{"date": "2026-02-01", "note": summary}],
    }
    interpretation = {
        "id": "fuzzed-qa",
        "title": summary,
        "publish_date": "2026-01-06",
        "issuer": issuer,
        "disclosure": "主动公开",
        "interprets": "fuzzed",
        "body": title,
    }
    catalog = Catalog([(BY_KEY["documents"], document), (BY_KEY["interpretations"], interpretation)], today)
    pages = SitePages(
        catalog, SiteInfo("站点", "https://example.gov.cn/", Path("/nonexistent"), today), set(), Settings()
    )
    for spec in pages.specs():
        if spec.record or spec.src_uri.endswith("/index.md") or spec.src_uri == "catalog.md":
            html = spec.render()
            parser = _Attributes()
            parser.feed(html)
            tags = {tag for tag, _, _ in parser.found}
            assert "iframe" not in tags and "style" not in tags and "object" not in tags
            script_tags = [tag for tag, name, _ in parser.found if tag == "script" and name == ""]
            ours = [
                value
                for tag, name, value in parser.found
                if tag == "script" and name == "src" and value.endswith("assets/gongkai/tables.js")
            ]
            assert len(script_tags) == len(ours), html  # only our own table script, never one from a record
            assert not [name for _, name, _ in parser.found if name.startswith("on")]
            assert not [
                value
                for _, name, value in parser.found
                if name in ("href", "src") and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ]
