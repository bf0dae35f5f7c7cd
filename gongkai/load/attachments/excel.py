"""Excel (XLSX) attachments: every cell of every sheet, and every other part of the workbook.

`office.read_package` walks every member; this module reads the SpreadsheetML parts, streamed:
- each worksheet's cells as they stand in the file, whatever the sheet's `<dimension>` claims
  (openpyxl's read-only mode trusts it, so a cell beyond it was never read): the value shown
  (shared string, inline string, the cached value of a formula) as “工作表“名单”单元格 C3”, the
  formula itself in `extra`; hidden and very hidden sheets too (“（隐藏工作表）”);
- the header and footer text, data validation lists and the sheet's other settings (`extra`);
- comments (“批注（单元格 B2）”), defined names, the shared strings no cell uses, the pivot
  caches' copies of their source data, drawings, charts and external links' cached values.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gongkai.load.attachments.office import Walk, check_container, elements, local, read_package, texts

if TYPE_CHECKING:
    from gongkai.load.attachments.extracted import Extracted

MAX_CELLS = 2_000_000
_HIDDEN = {"hidden": "（隐藏工作表）", "veryHidden": "（深度隐藏工作表）"}
_SHEET_PARTS = {"headerFooter": "页眉页脚", "dataValidations": "数据有效性"}
_HEADER_CODES = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d\d\d|\d{1,3}|[A-Za-z])')


def read_xlsx(raw: bytes, found: Extracted, depth: int = 0) -> None:
    found.error = check_container(raw)
    if found.error:
        return
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheets, shared_part = _sheets(archive)
    readers = {
        "sst": _shared_strings,
        "workbook": _workbook,
        "worksheet": _worksheet,
        "chartsheet": _worksheet,
        "dialogsheet": _worksheet,
        "comments": _comments,
        "pivotCacheRecords": _pivot,
        "pivotCacheDefinition": _pivot,
    }
    state = {"sheets": sheets, "shared": [], "used": set(), "cells": 0}
    walk = read_package(raw, found, depth, readers, [shared_part, "xl/workbook.xml"], state)
    unused = [text for index, text in enumerate(walk.state["shared"]) if index not in walk.state["used"]]
    walk.add("共享字符串表中未被任何单元格使用的文字", "\n".join(unused), extra=True)


def _sheets(archive: Any) -> tuple[dict[str, tuple[str, str]], str]:
    """Part name -> (sheet title, visibility mark), and the shared strings part's name."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    names = set(archive.namelist())
    targets: dict[str, str] = {}
    shared = "xl/sharedStrings.xml"
    if "xl/_rels/workbook.xml.rels" in names:
        for relation in etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser):
            target = posixpath.normpath(posixpath.join("xl", relation.get("Target", "")))
            target = target.lstrip("/") if relation.get("Target", "").startswith("/") else target
            targets[relation.get("Id", "")] = target
            if relation.get("Type", "").endswith("/sharedStrings"):
                shared = target
    sheets: dict[str, tuple[str, str]] = {}
    if "xl/workbook.xml" in names:
        for element in etree.fromstring(archive.read("xl/workbook.xml"), parser).iter():
            if local(element.tag) == "sheet":
                relation = next((v for k, v in element.attrib.items() if local(k) == "id"), "")
                if relation in targets:
                    sheets[targets[relation]] = (element.get("name", ""), _HIDDEN.get(element.get("state", ""), ""))
    return sheets, shared


def _shared_strings(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    shared = walk.state["shared"]
    for item in elements(parse, 1):
        shared.append("".join(t.text or "" for t in item.iter() if local(t.tag) == "t"))


def _workbook(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for element in elements(parse, 1):
        if local(element.tag) == "definedNames":
            for defined in element:
                walk.add(f"定义的名称 {defined.get('name', '')}", defined.text or "", extra=True)


def _worksheet(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    title, hidden = walk.state["sheets"].get(name, (name, ""))
    where = f"工作表“{title}”{hidden}"
    level = -1
    row_number = 0
    column = 0
    for event, element in parse:
        if event == "start":
            level += 1
            tag = local(element.tag)
            if tag == "row":
                row_number = int(element.get("r") or row_number + 1)
                column = 0
            continue
        level -= 1
        tag = local(element.tag)
        if tag == "c":
            column = _column(element.get("r")) or column + 1
            _cell(walk, where, element, f"{_letters(column)}{row_number}")
            element.clear()
            if walk.found.truncated:
                return
        elif tag == "row":
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        elif level == 0 and tag != "sheetData":
            text = texts(element)
            if tag == "headerFooter":  # &C (centre), &P (page), &"宋体,常规", &12 (size), &KFF0000 (colour)
                text = _HEADER_CODES.sub(" ", text).replace("&&", "&")
            walk.add(f"{where}的{_SHEET_PARTS.get(tag, tag)}", text, extra=True)
            element.clear()


def _cell(walk: Walk, where: str, cell: Any, coordinate: str) -> None:
    kind = cell.get("t", "n")
    value = formula = ""
    for child in cell:
        tag = local(child.tag)
        if tag == "v":
            value = child.text or ""
        elif tag == "f":
            formula = child.text or ""
        elif tag == "is":
            value = "".join(t.text or "" for t in child.iter() if local(t.tag) == "t")
    if kind == "s" and value.strip().isdigit():
        index = int(value)
        walk.state["used"].add(index)
        shared = walk.state["shared"]
        value = shared[index] if index < len(shared) else ""
    elif kind == "n" and value:
        value = _number(value)
    walk.state["cells"] += 1
    if walk.state["cells"] > MAX_CELLS:
        walk.found.truncated = True
        return
    walk.add(f"{where}单元格 {coordinate}", value)
    walk.add(f"{where}单元格 {coordinate} 的公式", formula, extra=True)


def _comments(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for element in elements(parse, 1):
        if local(element.tag) == "commentList":
            for comment in element:
                walk.add(f"批注（单元格 {comment.get('ref', '')}，部件 {name}）", texts(comment), extra=True)
        else:
            walk.add(f"批注作者（部件 {name}）", texts(element), extra=True)


def _pivot(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    """A pivot table keeps a copy of its source data in the file, as attributes."""
    for element in elements(parse, 1):
        values = [e.get("v") or "" for e in element.iter() if local(e.tag) in ("s", "n", "d", "e")]
        walk.add(f"数据透视表缓存（部件 {name}）", "\n".join(v for v in values if v), extra=True)


def _number(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e20:
        return str(int(number))  # 13800138000 typed as a number is stored as 1.3800138E10 by some writers
    return value


def _column(reference: str | None) -> int:
    number = 0
    for character in reference or "":
        if not character.isalpha():
            break
        number = number * 26 + ord(character.upper()) - 64
    return number


def _letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
