"""The report's text parts (一、总体情况, 五、…, 六、…), its title and year, from the paragraphs.

A part is the paragraphs between its heading and the next part's heading. The national template's
placeholders (`（文字描述）`) are not text. A short numbered paragraph (`（一）主动公开`) or one in a
Word heading style becomes a `##` heading, as the site's reports write their sub-headings. Text
found where the record has no place for it (before 一、, or beside a table) is named in a notice,
never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.load.report_form.grid import Form, Grid, Paragraph, squeeze
from gongkai.load.report_form.titles import Section, section_of

_PLACEHOLDER = re.compile(r"^\(文字描述.*\)$")
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_YEAR = re.compile(r"(20\d\d)年")
_MARKDOWN_START = re.compile(r"^(#|>|[-*+] |\d+[.)] )")


@dataclass
class Parts:
    texts: dict[str, str] = field(default_factory=dict)  # field name -> Markdown
    title: str = ""
    year: int | None = None
    notices: list[str] = field(default_factory=list)


def read_parts(form: Form) -> Parts:
    parts = Parts()
    paragraphs: dict[str, list[str]] = {}
    current: Section | None = None
    preface: list[str] = []
    for item in form.items:
        if isinstance(item, Grid):
            continue
        if item.sheet_name:
            current = section_of(item.text)
            continue
        section = section_of(item.text)
        if section is not None:
            current = section
            continue
        if current is None:
            if "模板" in item.text:
                continue  # the blank template's own title
            if not parts.title and "年度报告" in item.text:
                parts.title = " ".join(item.text.split())
            elif not _PLACEHOLDER.match(squeeze(item.text)):
                preface.append(item.text)
        elif not current.is_table:
            if not _PLACEHOLDER.match(squeeze(item.text)):
                paragraphs.setdefault(current.name, []).append(_markdown(item))
        else:
            parts.notices.append(
                f"{current.label} 前后的文字（{item.where}）“{_short(item.text)}”未导入：记录中没有它的位置，需要时请写入报告。"
            )
    if preface:
        parts.notices.append(
            f"标题之后、第一部分之前的 {len(preface)} 段文字（“{_short(preface[0])}”…）未导入：需要时请写入“一、总体情况”。"
        )
    parts.texts = {name: "\n\n".join(lines) for name, lines in paragraphs.items()}
    found = _YEAR.search(squeeze(parts.title))
    parts.year = int(found.group(1)) if found else None
    return parts


def _markdown(paragraph: Paragraph) -> str:
    text = "\n".join(line.strip() for line in paragraph.text.splitlines())
    if paragraph.heading_style or (_SUBHEADING.match(squeeze(text)) and len(text) <= 30 and "。" not in text):
        return "## " + " ".join(text.split())
    return "\n".join("\\" + line if _MARKDOWN_START.match(line) else line for line in text.splitlines())


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 30 else flat[:30] + "…"
