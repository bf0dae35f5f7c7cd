"""Identity: a record's id is its file name, unique within its type, not the URL of a listing
page and not a reserved name (`index`: the listing's own page); withheld records say why.

The schema has already checked that `id` is a slug; here we check what the schema cannot see: the
file it came from and the other records of its type.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.load.records import SourceRecord
from gongkai.problems import ERROR, Problem
from gongkai.slugs import is_reserved, shadows_listing
from gongkai.validate.context import Context

WITHHELD = "不予公开"


def check(context: Context) -> Iterator[Problem]:
    first_by_id: dict[tuple[str, str], SourceRecord] = {}
    for record in context.oldest_first():
        yield from _id_matches_file(record)
        yield from _id_shadows_listing(record)
        yield from _id_reserved(record)
        yield from _withheld_basis(record)
        key = (record.type.key, record.id)
        first = first_by_id.setdefault(key, record)
        if first is not record:
            yield record.problem(
                ("id",),
                ERROR,
                f"标识（id）“{record.id}”与 {first.file.display_path} 重复。同类记录的标识不能相同，"
                "请给其中一条换一个标识（并同时修改文件名）。",
            )


def _id_matches_file(record: SourceRecord) -> Iterator[Problem]:
    value = record.data.get("id")
    if isinstance(value, str) and value != record.stem:
        yield record.problem(
            ("id",),
            ERROR,
            f"标识（id）“{value}”与文件名“{record.path.name}”不一致。标识必须等于文件名（不含扩展名）："
            f"请把文件改名为 {value}{record.path.suffix}，或把 id 改为 {record.stem}。",
        )


def _id_shadows_listing(record: SourceRecord) -> Iterator[Problem]:
    value = record.data.get("id")
    if isinstance(value, str) and shadows_listing(value):
        yield record.problem(
            ("id",),
            ERROR,
            f"标识（id）“{value}”只有数字，会与栏目按年份分页的网址 /{record.type.key}/{value}/ 冲突。"
            f"请在标识中加上字母，例如 {value}-001 或 {value}-annual-report（并同时修改文件名）。",
        )


def _id_reserved(record: SourceRecord) -> Iterator[Problem]:
    value = record.data.get("id")
    if isinstance(value, str) and is_reserved(value):
        year = str(record.data.get("publish_date") or "")[:4]
        suggestion = f"{year}-{value}" if year.isdigit() else f"{value}-001"
        yield record.problem(
            ("id",),
            ERROR,
            f"标识（id）“{value}”是保留的名称：/{record.type.key}/{value}/ 的位置是栏目首页，这条记录不会有自己的页面，"
            f"而列表、订阅和开放数据仍会链接到它。请换一个标识，例如 {suggestion}（并同时把文件名改为 {suggestion}.yaml）。",
        )


def _withheld_basis(record: SourceRecord) -> Iterator[Problem]:
    if record.data.get("disclosure") == WITHHELD and not record.data.get("withheld_basis"):
        yield record.problem(
            ("disclosure",),
            ERROR,
            "公开方式为“不予公开”，但没有填写不予公开依据（withheld_basis）。请写明法律依据，"
            "例如 withheld_basis: 《中华人民共和国政府信息公开条例》第十四条。",
        )
