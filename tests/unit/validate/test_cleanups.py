"""The checks on cleanup batches (validate/cleanups.py): each passing and failing, on real files
with their positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.problems import ERROR, WARNING
from tests.support.helpers import assert_clean, line_of, matching, only, run, write_record


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


BATCH = "2024年度规范性文件清理"


def batch(data: Path, results: list[dict], **overrides) -> Path:
    return write_record(
        data,
        "documents",
        "cleanup",
        title="关于公布清理结果的通知",
        signed_date="2024-12-02",
        publish_date="2024-12-06",
        cleanup_batch={"batch": BATCH, "results": results},
        **overrides,
    )


def entry(result: str, date: str = "2024-12-06", name: str = BATCH) -> list[dict]:
    return [{"date": date, "batch": name, "result": result}]


def test_a_consistent_batch_is_clean_and_declared_expiry_is_allowed(data):
    write_record(data, "documents", "kept", cleanups=entry("继续有效"))
    write_record(data, "documents", "gone", cleanups=entry("宣布失效"))
    write_record(
        data,
        "documents",
        "repealed",
        cleanups=entry("废止"),
        repealed={"date": "2024-12-06", "by": "cleanup", "reason": "已不适应管理需要"},
    )
    batch(
        data,
        [
            {"document": "kept", "result": "继续有效"},
            {"document": "gone", "result": "宣布失效", "note": "有效期届满"},
            {"document": "repealed", "result": "废止"},
        ],
    )
    assert_clean(run(data))


def test_a_listed_document_must_exist_and_carry_the_entry(data):
    path = write_record(data, "documents", "kept")
    batch(data, [{"document": "kept", "result": "继续有效"}, {"document": "nowhere", "result": "修改"}])
    problems = run(data)
    only(problems, "引用的规范性文件“nowhere”不存在", ERROR)
    problem = only(problems, "列出了本文件，结论为“继续有效”，但本文件的 cleanups 中没有这一批次", ERROR)
    assert problem.path.endswith("kept.yaml") and problem.line == line_of(path, "id")
    assert "{date: 2024-12-06, batch: 2024年度规范性文件清理, by: cleanup, result: 继续有效}" in problem.message


def test_date_and_result_must_match_the_batch(data):
    path = write_record(data, "documents", "kept", cleanups=entry("修改", date="2024-12-01"))
    batch(data, [{"document": "kept", "result": "继续有效"}])
    problems = run(data)
    result = only(problems, "的结论“修改”与清理结果文件《关于公布清理结果的通知》的“继续有效”不一致", ERROR)
    only(problems, "的日期“2024-12-01”与清理结果文件《关于公布清理结果的通知》的“2024-12-06”不一致", ERROR)
    assert result.line == line_of(path, "result")


def test_a_document_declared_repealed_must_be_repealed_by_the_batch_date(data):
    write_record(data, "documents", "late", cleanups=entry("废止"), repealed={"date": "2025-01-01"})
    write_record(data, "documents", "never", cleanups=entry("废止"))
    batch(data, [{"document": "late", "result": "废止"}, {"document": "never", "result": "废止"}])
    problems = run(data)
    only(problems, "宣布废止本文件，但本文件的废止日期 2025-01-01 晚于清理日期 2024-12-06", ERROR)
    only(problems, "宣布废止本文件，但本文件没有填写 repealed（废止）", ERROR)


def test_vice_versa_entries_and_repeals_must_be_in_the_batch(data):
    path = write_record(data, "documents", "unlisted", cleanups=entry("继续有效"))
    write_record(
        data, "documents", "repealed", repealed={"date": "2024-12-06", "by": "cleanup"}, cleanups=entry("废止")
    )
    write_record(data, "documents", "kept", cleanups=entry("继续有效"))
    batch(data, [{"document": "kept", "result": "继续有效"}])
    problems = run(data)
    problem = only(
        problems, "本文件注明在“2024年度规范性文件清理”中清理，结论为“继续有效”，但该批次的清理结果文件", ERROR
    )
    assert problem.path.endswith("unlisted.yaml") and problem.line == line_of(path, "cleanups") + 1
    only(problems, "注明由本文件废止，但本批次清理结论中没有它", ERROR)


def test_own_cleanup_entry_saying_repealed_needs_a_repeal_even_without_a_batch_on_the_site(data):
    write_record(data, "documents", "doc", cleanups=entry("废止", name="2019年度规范性文件清理"))
    only(run(data), "本文件 cleanups 中“2019年度规范性文件清理”的结论是废止，但本文件没有填写 repealed", ERROR)
    write_record(
        data,
        "documents",
        "doc",
        cleanups=entry("废止", name="2019年度规范性文件清理", date="2024-06-01"),
        repealed={"date": "2024-06-01"},
    )
    assert_clean(run(data))


def test_a_public_batch_may_not_list_a_withheld_document(data):
    write_record(
        data,
        "documents",
        "secret",
        disclosure="不予公开",
        withheld_basis="《中华人民共和国政府信息公开条例》第十四条",
        cleanups=entry("继续有效"),
    )
    batch(data, [{"document": "secret", "result": "继续有效"}])
    only(run(data), "已公开，却链接到未公开的规范性文件“secret”", ERROR)


def test_two_batch_documents_with_one_name(data):
    write_record(data, "documents", "kept", cleanups=entry("继续有效"))
    batch(data, [{"document": "kept", "result": "继续有效"}])
    write_record(
        data,
        "documents",
        "cleanup2",
        cleanup_batch={"batch": BATCH, "results": [{"document": "kept", "result": "继续有效"}]},
    )
    assert matching(run(data), "清理批次“2024年度规范性文件清理”已由", ERROR)


def test_an_entry_names_its_batch_document_by_id(data):
    kept = entry("继续有效", name="2024年清理")  # another wording of the name: matched by `by`, with a warning
    kept[0]["by"] = "cleanup"
    path = write_record(data, "documents", "kept", cleanups=kept)
    batch(data, [{"document": "kept", "result": "继续有效"}])
    problems = run(data)
    warning = only(
        problems,
        "批次名称“2024年清理”与清理结果文件《关于公布清理结果的通知》的“2024年度规范性文件清理”不一致",
        WARNING,
    )
    assert warning.line == line_of(path, "batch") and not [p for p in problems if p.is_error]


def test_an_entrys_by_must_be_a_batch_document(data):
    wrong = entry("继续有效")
    wrong[0]["by"] = "plain"
    write_record(data, "documents", "plain")
    write_record(data, "documents", "kept", cleanups=wrong)
    only(run(data), "清理结果文件“plain”没有 cleanup_batch", ERROR)
    wrong[0]["by"] = "nowhere"
    write_record(data, "documents", "kept", cleanups=wrong)
    only(run(data), "引用的规范性文件“nowhere”不存在", ERROR)
