"""Versions of a normative document (`versions`): each text agrees with the amendment that made it.

- the versions are in date order, and every version after the first names its amending document
  (`by`); the first one without `by` is the original text, in force from the document's
  effective date (else its publish date);
- a version's date is its amending document's effective date (else that document's publish date),
  and the amending document lists the amended one in `amends`;
- a text identical to the previous version's is a warning (nothing was consolidated);
- when the record also has a `body`, it is the last version's text (the page shows the versions);
- an amending document whose target keeps versions but has none by it is a warning (the editor
  has not yet added the consolidated text).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gongkai.load.records import SourceRecord
from gongkai.model.dates import parse_date
from gongkai.problems import ERROR, WARNING, Problem
from gongkai.validate.context import Context


def check(context: Context) -> Iterator[Problem]:
    documents = context.of_type("documents")
    for record in documents:
        versions = record.data.get("versions")
        if isinstance(versions, list) and versions:
            yield from _versions(context, record, versions)
    yield from _missing_versions(context, documents)


def normalised(text: Any) -> str:
    """A text for comparison: lines without trailing spaces, no blank lines at either end."""
    return "\n".join(line.rstrip() for line in str(text or "").strip().splitlines())


def in_force_from(data: dict[str, Any]) -> str:
    """The day a document takes effect, as written: its effective date, else its publish date."""
    return data.get("effective_date") or data.get("publish_date") or ""


def _versions(context: Context, record: SourceRecord, versions: list[dict[str, Any]]) -> Iterator[Problem]:
    previous: dict[str, Any] | None = None
    for index, version in enumerate(versions):
        if not isinstance(version, dict):
            continue  # the schema reports it
        where = ("versions", index)
        day = version.get("date", "")
        if previous is not None and parse_date(day) and parse_date(previous.get("date")) and day <= previous["date"]:
            yield record.problem(
                where + ("date",),
                ERROR,
                f"第 {index + 1} 个版本的施行日期 {day} 不晚于上一个版本的 {previous['date']}。"
                "versions 须按施行日期从早到晚排列，每次修改一项；请调整顺序或核对日期。",
            )
        by = version.get("by")
        if by:
            yield from _amending(context, record, index, version, by)
        elif index == 0:
            start = in_force_from(record.data)
            if day != start:
                yield record.problem(
                    where + ("date",),
                    ERROR,
                    f"第一个版本（原始文本）的施行日期 {day} 与文件的施行日期 {start} 不一致。"
                    f"请把该日期改为 {start}；若这是修改后的文本，请在 by 中填写修改文件的标识（id）。",
                )
        else:
            yield record.problem(
                where,
                ERROR,
                f"第 {index + 1} 个版本没有填写 by（修改文件）。只有第一个版本是原始文本，"
                "以后每个版本都由一份修改文件产生：请填写该修改文件的标识（id），例如 by: 2024-office-space-amendment。",
            )
        if previous is not None and normalised(version.get("body")) == normalised(previous.get("body")):
            yield record.problem(
                where + ("body",),
                WARNING,
                f"第 {index + 1} 个版本的文本与上一个版本完全相同，看不出修改了什么。"
                "请把修改文件的修改内容写入这一版本的 body（修改后的完整文本）。",
            )
        previous = version
    body = record.data.get("body")
    last = versions[-1] if isinstance(versions[-1], dict) else {}
    if body is not None and "body" in last and normalised(body) != normalised(last.get("body")):
        source = f"同目录下的 {record.body_path.name}" if record.body_path else "body"
        yield record.problem(
            ("body",),
            ERROR,
            f"正文（{source}）与 versions 最后一个版本的文本不一致；页面显示的是 versions 中的文本。"
            f"请删去正文（{source}），或使它与最后一个版本（{last.get('date', '')}）的 body 完全一致。",
        )


def _amending(
    context: Context, record: SourceRecord, index: int, version: dict[str, Any], by: str
) -> Iterator[Problem]:
    where = ("versions", index)
    amending = context.get("documents", by)
    if amending is None:
        return  # validate/references.py reports a reference to a record that does not exist
    if record.id not in (amending.data.get("amends") or []):
        yield amending.problem(
            ("amends",) if "amends" in amending.data else ("id",),
            ERROR,
            f"《{record.data.get('title', record.id)}》的第 {index + 1} 个版本注明由本文件修改，但本文件的 amends 没有列出它。"
            f"请在本文件中写 amends: [{record.id}]（已有 amends 的，把 {record.id} 加进列表）。",
        )
    start = in_force_from(amending.data)
    day = version.get("date", "")
    if start and day != start:
        yield record.problem(
            where + ("date",),
            ERROR,
            f"第 {index + 1} 个版本的施行日期 {day} 与修改文件《{amending.data.get('title', by)}》的施行日期 {start} 不一致。"
            f"修改后的文本自修改文件施行之日起施行：请把 date 改为 {start}，或核对修改文件的 effective_date。",
        )


def _missing_versions(context: Context, documents: list[SourceRecord]) -> Iterator[Problem]:
    for amending in documents:
        for target_id in amending.data.get("amends") or []:
            target = context.get("documents", target_id) if isinstance(target_id, str) else None
            versions = target.data.get("versions") if target else None
            if target is None or not isinstance(versions, list) or not versions:
                continue  # a document without versions keeps only its original text: allowed
            if not any(isinstance(v, dict) and v.get("by") == amending.id for v in versions):
                yield target.problem(
                    ("versions",),
                    WARNING,
                    f"《{amending.data.get('title', amending.id)}》修改了本文件，但 versions 中没有它产生的修改后文本。"
                    f"请增加一个版本：date 为该文件的施行日期 {in_force_from(amending.data)}，by: {amending.id}，body 为修改后的完整文本。",
                )
