"""Records for the search benchmark (scripts/bench_search.py) and the search tests: realistic
Chinese text (words drawn by frequency from jieba's dictionary, with numbers, dates, Latin
abbreviations and document numbers mixed in; not copies of the demo data), some with an attachment
file whose text is searchable too. Denser than the project generator's records, all publishable.

`generate_records(n)` gives (type, data) pairs, `make_catalog(n)` the gongkai Catalog of them.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from gongkai.model.records import Catalog
from gongkai.types import BY_KEY

from .text import Writer
from .vocabulary import NUMERALS

TODAY = dt.date(2025, 1, 1)
ISSUERS = ["豫管", "豫管办", "豫管财", "豫管资", "豫政办"]
TITLE_ENDS = [
    "的通知",
    "的实施意见",
    "管理办法",
    "暂行规定",
    "实施细则",
    "的决定",
    "工作方案",
    "的公告",
    "有关问题的解读",
]
LATIN = ["PPP", "ETC", "GB/T 9704-2012", "ISO 9001", "PDF", "App", "5G", "GDP", "IC卡", "OA系统"]
TYPE_WEIGHTS = [
    ("documents", 40),
    ("interpretations", 15),
    ("decisions", 10),
    ("consultations", 10),
    ("powers", 20),
    ("reports/rule-of-law", 3),
    ("reports/disclosure", 2),
]


class _Writer(Writer):
    """The generator's writer (same dictionary, sentences, paragraphs) with this benchmark's own
    clauses, bodies and titles: denser text, more numbers and document references."""

    def clause(self) -> str:
        rng = self.rng
        parts = self.draw(rng.randint(3, 9))
        roll = rng.random()
        if roll < 0.08:
            parts.insert(rng.randrange(len(parts) + 1), f"{rng.randint(2010, 2024)}年{rng.randint(1, 12)}月")
        elif roll < 0.14:
            parts.insert(rng.randrange(len(parts) + 1), f"第{rng.randint(1, 60)}条")
        elif roll < 0.18:
            parts.insert(rng.randrange(len(parts) + 1), f"{rng.randint(1, 500)}万元")
        elif roll < 0.21:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(LATIN))
        elif roll < 0.23:
            parts.insert(
                rng.randrange(len(parts) + 1),
                f"《{''.join(self.draw(2))}》（{rng.choice(ISSUERS)}〔{rng.randint(2010, 2024)}〕{rng.randint(1, 99)}号）",
            )
        return "".join(parts)

    def body(self) -> str:
        rng = self.rng
        target = int(min(2400, max(200, rng.lognormvariate(6.9, 0.5))))  # median ~1000 characters
        parts, size, section = [], 0, 0
        while size < target:
            roll = rng.random()
            if roll < 0.15 and section < 10:
                line = f"## {NUMERALS[section]}、{''.join(self.draw(rng.randint(2, 4)))}"
                section += 1
            elif roll < 0.3:
                line = "\n".join(f"{i}. {self.sentence()}" for i in range(1, rng.randint(2, 5)))
            else:
                line = self.paragraph(rng.randint(60, 300))
            parts.append(line)
            size += len(line)
        return "\n\n".join(parts)

    def title(self) -> str:
        return "关于" + "".join(self.draw(self.rng.randint(2, 5))) + self.rng.choice(TITLE_ENDS)


def generate_records(n: int, seed: int = 20190301) -> list[tuple[Any, dict[str, Any]]]:
    """N publishable records (type, data) of realistic Chinese text, deterministic for a seed."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    keys = [k for k, _ in TYPE_WEIGHTS]
    weights = [w for _, w in TYPE_WEIGHTS]
    start = dt.date(2015, 1, 1).toordinal()
    records = []
    sequence: dict[tuple[str, int], int] = {}
    for i in range(n):
        type_key = rng.choices(keys, weights=weights)[0]
        published = dt.date.fromordinal(rng.randint(start, TODAY.toordinal() - 1))
        data: dict[str, Any] = {
            "id": f"r{i:05d}",
            "title": writer.title(),
            "publish_date": published.isoformat(),
            "issuer": "河南省机关事务管理局",
            "disclosure": "主动公开",
            "summary": writer.sentence(),
            "body": writer.body(),
        }
        if type_key == "documents" or rng.random() < 0.1:
            issuer = rng.choice(ISSUERS)
            seq = sequence[(issuer, published.year)] = sequence.get((issuer, published.year), 0) + 1
            data["doc_number"] = f"{issuer}〔{published.year}〕{seq}号"
        records.append((BY_KEY[type_key], data))
    return records


ATTACHMENT_SHARE = 0.3  # records with an attachment (its text is searchable, like the body's)


def write_attachments(records: list[tuple[Any, dict[str, Any]]], folder: Path, seed: int):
    """Give about ATTACHMENT_SHARE of the records an attachment: a text file of realistic text
    (one to five paragraphs, ~1,500 characters on average) under `folder`, read back through
    gongkai's attachment library as the build reads any attachment."""
    from gongkai.load.attachments import Library

    rng = random.Random(seed + 1)
    writer = _Writer(rng)
    folder.mkdir(parents=True, exist_ok=True)
    for _type, data in records:
        if rng.random() < ATTACHMENT_SHARE:
            name = f"{data['id']}.txt"
            text = "\n\n".join(writer.paragraph(rng.randint(200, 800)) for _ in range(rng.randint(1, 5)))
            (folder / name).write_text(text + "\n", encoding="utf-8")
            data["attachments"] = [{"title": f"附件：{writer.title()}", "file": name}]
    return Library(folder, None, 20_000_000)


def make_catalog(n: int, seed: int = 20190301, attachments: Path | None = None) -> Catalog:
    """The generated records; with `attachments` (a folder), some of them with attachment files."""
    records = generate_records(n, seed)
    library = write_attachments(records, attachments, seed) if attachments is not None else None
    return Catalog(records, TODAY, library)
