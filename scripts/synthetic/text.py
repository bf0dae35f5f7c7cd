"""Chinese text from word frequencies (jieba's dictionary): sentences, paragraphs, headings, bodies."""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

from .vocabulary import FIRST_YEAR, LAST_YEAR, NUMERALS

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


@lru_cache(maxsize=1)
def _dictionary() -> tuple[tuple[list[str], list[int]], tuple[list[str], list[int]]]:
    """(every Chinese word, cumulative frequencies), (nouns for titles and headings, cumulative)."""
    import jieba

    words, cumulative, nouns, noun_cumulative = [], [], [], []
    total = noun_total = 0
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) < 2 or not _CJK.match(parts[0]):
            continue
        freq = int(parts[1])
        if freq <= 0:
            continue
        total += freq
        words.append(parts[0])
        cumulative.append(total)
        tag = parts[2] if len(parts) > 2 else ""
        if tag in ("n", "vn", "nz") and 2 <= len(parts[0]) <= 4 and freq >= 200:
            noun_total += freq
            nouns.append(parts[0])
            noun_cumulative.append(noun_total)
    return (words, cumulative), (nouns, noun_cumulative)


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals: 一, 十, 十二, 二十, 二十三."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


class Writer:
    """Chinese text from word frequencies: sentences, paragraphs, headings, whole bodies."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        (self.words, self.cumulative), (self.nouns, self.noun_cumulative) = _dictionary()

    def draw(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def noun(self, k: int = 1) -> str:
        return "".join(self.rng.choices(self.nouns, cum_weights=self.noun_cumulative, k=k))

    def clause(self) -> str:
        rng = self.rng
        parts = self.draw(rng.randint(3, 9))
        roll = rng.random()
        at = rng.randrange(len(parts) + 1)
        if roll < 0.06:
            parts.insert(at, f"{rng.randint(FIRST_YEAR, LAST_YEAR)}年{rng.randint(1, 12)}月")
        elif roll < 0.10:
            parts.insert(at, f"第{cn_number(rng.randint(1, 60))}条")
        elif roll < 0.13:
            parts.insert(at, f"{rng.randint(1, 500)}万元")
        elif roll < 0.15:
            parts.insert(at, f"{rng.randint(2, 98)}%")
        elif roll < 0.17:
            parts.insert(at, f"《{self.noun(2)}管理办法》")
        return "".join(parts)

    def sentence(self) -> str:
        return "，".join(self.clause() for _ in range(self.rng.randint(1, 4))) + "。"

    def paragraph(self, budget: int) -> str:
        text = ""
        while len(text) < budget:
            text += self.sentence()
        return text

    def heading(self, index: int, chapters: bool) -> str:
        if chapters:
            return f"## 第{cn_number(index)}章 {self.noun(self.rng.randint(1, 2))}"
        return f"## {cn_number(index)}、{self.noun(self.rng.randint(1, 3))}"

    def body(self, low: int = 300, high: int = 2000, *, chapters: bool = False, questions: bool = False) -> str:
        """Markdown of `low`..`high` characters (median about 800) with a few headings."""
        rng = self.rng
        target = int(min(high, max(low, rng.lognormvariate(6.7, 0.5))))
        parts: list[str] = []
        size, section, article = 0, 0, 0
        if not questions:
            parts.append(self.paragraph(rng.randint(60, 200)))
            size += len(parts[-1])
        while size < target:
            roll = rng.random()
            if questions and (section == 0 or roll < 0.3):
                section += 1
                parts.append(f"## 问：{''.join(self.draw(rng.randint(4, 10)))}？")
                parts.append("答：" + self.paragraph(rng.randint(80, 300)))
            elif not questions and (roll < 0.18 or (section == 0 and size > target / 3)) and section < 12:
                section += 1
                parts.append(self.heading(section, chapters))
            elif roll < 0.28:
                count = rng.randint(2, 5)
                marker = [f"{i}. " for i in range(1, count + 1)] if rng.random() < 0.5 else ["- "] * count
                parts.append("\n".join(m + self.sentence()[:-1] + "；" for m in marker))
            elif chapters:
                article += 1
                parts.append(f"第{cn_number(min(article, 99))}条 " + self.paragraph(rng.randint(40, 180)))
            else:
                parts.append(self.paragraph(rng.randint(60, 300)))
            size += len(parts[-1])
        return "\n\n".join(parts)

    def summary(self) -> str:
        return self.paragraph(self.rng.randint(30, 80))
