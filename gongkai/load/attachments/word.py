"""Word (DOCX) attachments: every part of the package, by what its root element is.

`office.read_package` walks every member; this module reads the WordprocessingML parts, matched by
the local name of their root element (so a comments part stored under another name, or a part in
the Strict namespace, is read all the same):
- the body (`w:document`): paragraphs “第 N 段” and tables “第 N 个表格第 r 行第 c 列”, with what
  is inside them: content controls (w:sdt, “（内容控件）”), text boxes (“第 N 段的文本框”), nested
  tables (“…的嵌套表格第 r 行第 c 列”), field codes and picture descriptions (`extra`);
- headers and footers (“页眉 1 第 N 段”, “页脚 1 …”), footnotes and endnotes (“脚注 3”, “尾注 1”);
- comments (“批注 0”: counted, their text in `extra`), the reviewers list, document variables,
  building blocks (“文档部件”).
Tracked changes (w:ins, w:del, moves) are counted in every part they occur in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gongkai.load.attachments.office import Walk, check_container, elements, local, read_package, texts

if TYPE_CHECKING:
    from gongkai.load.attachments.extracted import Extracted

_TRACKED = frozenset({"ins", "del", "moveFrom", "moveTo"})
# Run content that is text, and what stands for it.
_TEXT = {"t": None, "delText": None, "tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-", "softHyphen": ""}
# Block-level wrappers whose children are blocks again.
_WRAPPERS = frozenset({"customXml", "ins", "del", "moveFrom", "moveTo", "smartTag", "sdtContent", "bdo", "dir"})
# Block-level elements without text.
_SILENT = frozenset({"sectPr", "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "sdtEndPr"})
_PERSON_FIELDS = {"creator": "author", "lastModifiedBy": "last_modified_by"}


def read_docx(raw: bytes, found: Extracted, depth: int = 0) -> None:
    found.error = check_container(raw)
    if found.error:
        return
    readers = {
        "document": _document,
        "hdr": lambda walk, name, parse: _story(walk, parse, "页眉"),
        "ftr": lambda walk, name, parse: _story(walk, parse, "页脚"),
        "footnotes": _notes,
        "endnotes": _notes,
        "comments": _comments,
        "glossaryDocument": _glossary,
        "people": _people,
        "settings": _settings,
    }
    read_package(raw, found, depth, readers, ["word/document.xml"], {"person_fields": _PERSON_FIELDS})


def _attribute(element: Any, name: str) -> str:
    for key, value in element.attrib.items():
        if local(key) == name:
            return str(value)
    return ""


class _Flow:
    """The blocks of one story (the body, a header, a note), numbered as Word shows them."""

    def __init__(self, walk: Walk, prefix: str = ""):
        self.walk = walk
        self.prefix = prefix
        self.paragraphs = 0
        self.tables = 0

    def blocks(self, container: Any, numbered: bool, mark: str = "", where: str = "") -> list[str]:
        """Read the blocks in `container`; numbered: each paragraph is a unit, else their texts are returned."""
        texts_found: list[str] = []
        tables = 0
        for child in container:
            name = local(child.tag)
            if name == "p":
                if numbered:
                    self.paragraphs += 1
                    spot = f"{self.prefix}第 {self.paragraphs} 段"
                    self.walk.add(spot + mark, self.paragraph(child, spot))
                else:
                    texts_found.append(self.paragraph(child, where))
            elif name == "tbl":
                if numbered:
                    self.tables += 1
                    self.table(child, f"{self.prefix}第 {self.tables} 个表格")
                else:
                    tables += 1
                    self.table(child, f"{where}的嵌套表格{'' if tables == 1 else f' {tables} '}")
            elif name == "sdt":
                self._count(child)
                for content in child:
                    if local(content.tag) == "sdtContent":
                        texts_found += self.blocks(content, numbered, "（内容控件）", where)
            elif name in _WRAPPERS:
                texts_found += self.blocks(child, numbered, mark, where)
            elif name not in _SILENT and name != "sdtPr":
                self.walk.add(f"{self.prefix}{where}的其他内容", texts(child), extra=True)
        return [t for t in texts_found if t]

    def paragraph(self, paragraph: Any, where: str) -> str:
        self._count(paragraph)
        parts: list[str] = []
        boxes: list[Any] = []
        codes: list[str] = []
        self._runs(paragraph, parts, boxes, codes, where)
        seen: set[str] = set()
        for box in boxes:  # a text box is written twice (DrawingML, and VML for older readers)
            text = "\n".join(_Flow(self.walk).blocks(box, numbered=False, where=where + "的文本框"))
            if text and text not in seen:
                seen.add(text)
                self.walk.add(where + "的文本框", text)
        for code in codes:
            self.walk.add(where + "的域代码", code, extra=True)
        return "".join(parts)

    def _runs(self, element: Any, parts: list[str], boxes: list[Any], codes: list[str], where: str) -> None:
        for child in element:
            name = local(child.tag)
            if name == "txbxContent":
                boxes.append(child)
                continue
            if name in _TEXT:
                replacement = _TEXT[name]
                parts.append(child.text or "" if replacement is None else replacement)
            elif name == "instrText":
                codes.append(child.text or "")
            elif name == "fldSimple":
                codes.append(_attribute(child, "instr"))
            elif name == "docPr":
                description = " ".join(filter(None, (_attribute(child, "title"), _attribute(child, "descr"))))
                self.walk.add(where + "的图片说明", description, extra=True)
            self._runs(child, parts, boxes, codes, where)

    def table(self, table: Any, where: str) -> None:
        for row_number, row in enumerate(_children(table, "tr"), start=1):
            for column, cell in enumerate(_children(row, "tc"), start=1):
                spot = f"{where}第 {row_number} 行第 {column} 列"
                self.walk.add(spot, "\n".join(self.blocks(cell, numbered=False, where=spot)))

    def _count(self, element: Any) -> None:
        self.walk.found.tracked_changes += sum(1 for e in element.iter() if local(e.tag) in _TRACKED)


def _children(element: Any, name: str) -> Iterator[Any]:
    """Children named `name`, looking through content controls and other wrappers."""
    for child in element:
        tag = local(child.tag)
        if tag == name:
            yield child
        elif tag in _WRAPPERS or tag == "sdt":
            yield from _children(child, name)


def _document(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    flow = _Flow(walk)
    for block in elements(parse, 2):  # w:document / w:body / each block
        flow.blocks([block], numbered=True)
        if walk.found.truncated:
            return


def _story(walk: Walk, parse: Iterator[tuple[str, Any]], label: str) -> None:
    count = walk.state.setdefault("stories", {})
    count[label] = count.get(label, 0) + 1
    flow = _Flow(walk, f"{label} {count[label]} ")
    for block in elements(parse, 1):
        flow.blocks([block], numbered=True)


def _notes(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for note in elements(parse, 1):
        if _attribute(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        kind = "尾注" if local(note.tag) == "endnote" else "脚注"
        where = f"{kind} {_attribute(note, 'id')}"
        walk.add(where, "\n".join(_Flow(walk).blocks(note, numbered=False, where=where)))


def _comments(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for comment in elements(parse, 1):
        if local(comment.tag) != "comment":
            continue
        walk.found.comments += 1
        where = f"批注 {_attribute(comment, 'id')}（{_attribute(comment, 'author')}）"
        walk.add(where, "\n".join(_Flow(walk).blocks(comment, numbered=False, where=where)), extra=True)


def _glossary(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for part in elements(parse, 1):
        walk.add("文档部件（构建基块）", texts(part), extra=True)


def _people(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for entry in elements(parse, 1):
        walk.add("修订者和批注者名单", _attribute(entry, "author"), extra=True)


def _settings(walk: Walk, name: str, parse: Iterator[tuple[str, Any]]) -> None:
    for element in elements(parse, 1):
        if local(element.tag) == "docVars":
            for variable in element:
                walk.add(f"文档变量 {_attribute(variable, 'name')}", _attribute(variable, "val"), extra=True)
