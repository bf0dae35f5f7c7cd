"""Cleanup batches (规范性文件清理): the batch document and the documents it lists agree, both ways.

A batch document carries `cleanup_batch {batch, results: [{document, result}]}`; its date is its
publish date. A document's `cleanups` entry belongs to a batch document when its `by` names it
(else, without `by`, when its `batch` is the batch's name). Checked:
- every listed document is listed once (that it exists, and is public when the batch is, is
  validate/references.py's general rule for every `x-ref` field);
- it carries the matching entry in its `cleanups` (the batch's date, same result);
- an entry's `by` names a batch document; its `batch` differing from the batch's name is a warning;
- a document the batch declares 废止 is repealed (`repealed.date`) on or before the batch's date;
- the other way: a `cleanups` entry naming a batch that is on the site is listed in that batch;
  a document repealed by the batch document (`repealed.by`) is listed with 废止; and a document
  whose own `cleanups` says 废止 is repealed by that date (whether or not the batch is on the site);
- two batch documents do not share one batch name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gongkai.load.records import SourceRecord
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.context import Context

REPEALED = "废止"


def check(context: Context) -> Iterator[Problem]:
    documents = context.of_type("documents")
    batches: dict[str, SourceRecord] = {}  # batch name -> batch document
    for record in documents:
        batch = record.data.get("cleanup_batch")
        if not isinstance(batch, dict):
            continue
        name = batch.get("batch", "")
        if name in batches:
            yield record.problem(
                ("cleanup_batch", "batch"),
                ERROR,
                f"清理批次“{name}”已由 {batches[name].path.name} 公布；一个批次只能有一份清理结果文件。请核对批次名称。",
            )
            continue
        batches[name] = record
        yield from _batch(context, record, name, batch.get("results") or [])
    by_id = {record.id: record for record in batches.values()}
    for record in documents:
        yield from _document(context, record, batches, by_id)


def _title(record: SourceRecord) -> str:
    return f"《{record.data.get('title', record.id)}》"


def _entry(record: SourceRecord, batch: SourceRecord, name: str) -> tuple[int, dict[str, Any]] | None:
    """The document's `cleanups` entry for this batch: named by `by`, else (no `by`) by the name."""
    for index, entry in enumerate(record.data.get("cleanups") or []):
        if isinstance(entry, dict) and (
            entry.get("by") == batch.id or (not entry.get("by") and entry.get("batch") == name)
        ):
            return index, entry
    return None


def _owner(
    entry: dict[str, Any], batches: dict[str, SourceRecord], by_id: dict[str, SourceRecord]
) -> SourceRecord | None:
    return by_id.get(entry["by"]) if entry.get("by") else batches.get(entry.get("batch", ""))


def _batch(context: Context, batch: SourceRecord, name: str, results: list[dict[str, Any]]) -> Iterator[Problem]:
    day = batch.data.get("publish_date", "")
    seen: set[str] = set()
    for index, item in enumerate(results):
        if not isinstance(item, dict):
            continue  # the schema reports it
        where = ("cleanup_batch", "results", index, "document")
        target_id, result = item.get("document", ""), item.get("result", "")
        if target_id in seen:
            yield batch.problem(where, ERROR, f"文件“{target_id}”在本批次中列了两次。请删去重复的一项。")
            continue
        seen.add(target_id)
        target = context.get("documents", target_id)
        if target is None:
            continue  # validate/references.py reports a reference to a record that does not exist
        fix = f"{{date: {day}, batch: {name}, by: {batch.id}, result: {result}}}"
        found = _entry(target, batch, name)
        if found is None:
            yield target.problem(
                ("cleanups",) if "cleanups" in target.data else ("id",),
                ERROR,
                f"{_title(batch)}（{name}）列出了本文件，结论为“{result}”，但本文件的 cleanups 中没有这一批次。"
                f"请在 cleanups 中增加一项 {fix}。",
            )
        else:
            entry_index, entry = found
            for key, expected in (("date", day), ("result", result)):
                if entry.get(key) != expected:
                    yield target.problem(
                        ("cleanups", entry_index, key),
                        ERROR,
                        f"本文件 cleanups 中“{name}”的{'日期' if key == 'date' else '结论'}“{entry.get(key)}”"
                        f"与清理结果文件{_title(batch)}的“{expected}”不一致。请改为 {expected}（或更正清理结果文件）。",
                    )
        if result == REPEALED:
            yield from _repealed_by(target, day, f"{_title(batch)}（{name}）宣布废止本文件")
    for target in context.of_type("documents"):
        repealed = target.data.get("repealed") or {}
        if repealed.get("by") == batch.id and target.id not in {
            i.get("document") for i in results if isinstance(i, dict) and i.get("result") == REPEALED
        }:
            yield batch.problem(
                ("cleanup_batch", "results"),
                ERROR,
                f"{_title(target)}注明由本文件废止，但本批次清理结论中没有它（或结论不是“废止”）。"
                f"请增加一项 {{document: {target.id}, result: 废止}}，或更正该文件的 repealed.by。",
            )


def _repealed_by(target: SourceRecord, day: str, why: str) -> Iterator[Problem]:
    repealed = target.data.get("repealed") or {}
    date = repealed.get("date", "")
    if not date or (day and date > day):
        yield target.problem(
            ("repealed", "date") if date else ("id",),
            ERROR,
            f"{why}，但本文件{'的废止日期 ' + date + ' 晚于清理日期 ' + day if date else '没有填写 repealed（废止）'}。"
            f"请填写 repealed: {{date: {day}, by: 清理结果文件的标识, reason: 废止理由}}（废止日期不晚于 {day}）。",
        )


def _document(
    context: Context, record: SourceRecord, batches: dict[str, SourceRecord], by_id: dict[str, SourceRecord]
) -> Iterator[Problem]:
    for index, entry in enumerate(record.data.get("cleanups") or []):
        if not isinstance(entry, dict):
            continue
        name = entry.get("batch", "")
        if entry.get("by") and entry["by"] not in by_id:
            if context.get("documents", entry["by"]) is not None:  # a missing one: validate/references.py
                yield record.problem(
                    ("cleanups", index, "by"),
                    ERROR,
                    f"清理结果文件“{entry['by']}”没有 cleanup_batch（清理结论列表）。"
                    "请填写公布这次清理结果、带 cleanup_batch 的那份文件的标识（id），或删去 by。",
                )
            continue
        batch = _owner(entry, batches, by_id)
        if batch is not None:
            batch_name = batch.data["cleanup_batch"].get("batch", name)
            if name != batch_name:
                yield record.problem(
                    ("cleanups", index, "batch"),
                    WARNING,
                    f"批次名称“{name}”与清理结果文件{_title(batch)}的“{batch_name}”不一致。请改为“{batch_name}”。",
                )
            listed = {
                i.get("document") for i in batch.data["cleanup_batch"].get("results") or [] if isinstance(i, dict)
            }
            if record.id not in listed:
                yield record.problem(
                    ("cleanups", index),
                    ERROR,
                    f"本文件注明在“{name}”中清理，结论为“{entry.get('result')}”，但该批次的清理结果文件{_title(batch)}没有列出本文件。"
                    f"请在该文件的 cleanup_batch.results 中增加 {{document: {record.id}, result: {entry.get('result')}}}，或更正本文件的 cleanups。",
                )
                continue
        if entry.get("result") == REPEALED and batch is None:
            yield from _repealed_by(record, entry.get("date", ""), f"本文件 cleanups 中“{name}”的结论是废止")
