"""What the disclosure report's tables show beside their figures: corrections, notes, blanks.

A report is shown as issued. A cell named in `corrections` keeps the figure as printed, followed
by the corrected figure in words (“更正为 17”) and a link to its 更正说明 under the table, so the
correction is read by screen readers and printed, not conveyed by colour. The report's own notes
(`notes`: 注：…) are listed under their table, a row's note linked from that row's heading. A table
with blank or "/" cells says, under it, that they are shown as printed and counted as 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.model.report_cells import CellPath, cells, is_blank

SITE_NOTE = "本站说明：表中留空的格和“/”照原报告录入，求和核对时按 0 计算。"


@dataclass(frozen=True)
class Ref:
    """A link from a cell to a note under the table."""

    target: str  # the note's id
    label: str  # what the link reads, e.g. 更正说明1


@dataclass(frozen=True)
class Fix:
    """A corrected cell: the corrected figure, the link to its 更正说明, and what the report declares."""

    value: int
    ref: Ref
    cell: str  # the cell's name, e.g. 表四 行政复议 × 总计
    note: str  # the 更正说明


@dataclass(frozen=True)
class TableNote:
    id: str
    label: str  # 更正说明1, a row name, 本站说明 (shown before the text)
    text: str
    css: str = ""


@dataclass
class Annotations:
    """A report's corrections and notes, for one table at a time."""

    fixes: dict[CellPath, Fix] = field(default_factory=dict)
    notes: list[tuple[str, str | None, TableNote]] = field(default_factory=list)  # (table, row, note)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Annotations:
        found = cls()
        for index, item in enumerate(data.get("corrections") or []):
            name = " ".join(str(item.get("cell", "")).split())
            path = cells().get(name)
            if path is not None and path not in found.fixes:
                ref = Ref(f"gk-fix-{index + 1}", f"更正说明{index + 1}")
                found.fixes[path] = Fix(item.get("value"), ref, name, item.get("note", ""))
        for index, item in enumerate(data.get("notes") or []):
            row = " ".join(item["row"].split()) if item.get("row") else None
            label = f"注{index + 1}（{row}）" if row else ""
            note = TableNote(f"gk-note-{index + 1}", label, item.get("text", ""))
            found.notes.append((item.get("table", ""), row, note))
        return found

    def fix(self, path: CellPath) -> Fix | None:
        return self.fixes.get(path)

    def row_refs(self, table: str, row: str) -> list[Ref]:
        return [Ref(note.id, f"注{_order(note.id)}") for t, r, note in self.notes if t == table and r == row]

    def under(self, table: str, data: dict[str, Any], paths: list[CellPath]) -> list[TableNote]:
        """The notes under one table: the report's notes as published, the corrections of its
        cells (in the order declared), and the site's note on blank cells where there are any."""
        shown = [note for t, _, note in self.notes if t == table]
        for path, fix in self.fixes.items():
            if path in paths:
                issued = _value_at(data, path)
                was = "空白" if issued is None else f"“{issued}”" if issued == "/" else str(issued)
                text = f"{fix.cell}：原报告为 {was}，更正为 {fix.value}。{fix.note}"
                shown.append(TableNote(fix.ref.target, fix.ref.label, text, "gk-table-note--fix"))
        shown.sort(key=lambda n: (n.css != "", _order(n.id)))
        if any(is_blank(_value_at(data, p)) for p in paths):
            shown.append(TableNote("", "", SITE_NOTE, "gk-table-note--site"))
        return shown


def _order(note_id: str) -> int:
    return int(note_id.rsplit("-", 1)[1]) if note_id[-1:].isdigit() else 0


def _value_at(data: dict[str, Any], path: CellPath) -> Any:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return 0  # a row not written (a derived 小计) is not a blank cell
        node = node[key]
    return node
