"""Generate a complete gongkai project of N synthetic records, for benchmarks and load tests.

    python scripts/generate_records.py OUT_DIR [-n 10000] [--seed 0]

Writes OUT_DIR/data/ (records of the seven types, spread like a real agency's: mostly documents,
interpretations and powers, some decisions and consultations, a few annual reports), the
attachment files they name under data/attachments/ (real PDF, Word and Excel files with realistic
text, and CSV and text files), a mkdocs.yml copied from the repository's
(site_url kept) and content/guide.md. The records vary the shapes of the demonstration records in
data/ with new unique ids, document numbers (豫管〔2015〕123号, years 2005–2026), index numbers and
consistent dates, so that `gongkai validate --today 2026-11-27` finds no error; every reference
(interprets, amends, repealed.by, consultation, decision_document, related) points to a generated
record of the right type, public whenever the referring record is. Bodies are Chinese text made of
words drawn by frequency from jieba's dictionary, in paragraphs under a few Markdown headings.

Deterministic for a given N and seed. Importable: `generate(out_dir, n, seed) -> dict` (counts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import random
import shutil
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import attachment_files  # noqa: E402  (real PDF / Word / Excel files, shared with the tests)

import yaml

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 27)
FIRST_YEAR, LAST_YEAR = 2005, 2026
AGENCY = "河南省机关事务管理局"
CREDIT_CODE = "11410000MB1234567X"
MARKER = ".gongkai-generated"
PROACTIVE = "主动公开"

# Share of the records (before the few annual reports) per type.
TYPE_SHARES = {"documents": 0.36, "interpretations": 0.20, "powers": 0.24, "decisions": 0.08, "consultations": 0.12}
ROL_YEARS = list(range(2016, 2026))  # 法治政府建设年度报告, published in the first quarter of the next year
DISCLOSURE_YEARS = list(range(2008, 2026))  # 政府信息公开工作年度报告 (条例 in force since 2008)

# (Chinese topic, slug for ids, subjects)
TOPICS = [
    ("公务用车", "vehicle", "公务用车"),
    ("办公用房", "office-space", "办公用房"),
    ("公共机构节能", "energy-saving", "公共机构节能"),
    ("国有资产", "state-asset", "国有资产"),
    ("政府采购", "procurement", "政府采购"),
    ("后勤服务", "logistics", "后勤服务"),
    ("会议费", "meeting-expenses", "会议管理"),
    ("物业服务", "property-service", "物业管理"),
    ("机关食堂", "canteen", "后勤服务"),
    ("公务接待", "reception", "公务接待"),
    ("机关运行经费", "running-costs", "财务管理"),
    ("节约用水", "water-saving", "公共机构节能"),
    ("垃圾分类", "waste-sorting", "公共机构节能"),
    ("新能源汽车充电设施", "ev-charging", "公务用车"),
    ("集中办公区", "office-park", "办公用房"),
    ("房产处置", "property-disposal", "国有资产"),
]
SCOPES = ["省直机关", "省级党政机关", "全省公共机构", "省直单位", "省直机关集中办公区", ""]
DOC_KINDS = [
    ("管理办法", "measures"), ("实施细则", "rules"), ("暂行办法", "interim"), ("管理规定", "provisions"),
    ("工作规程", "procedures"), ("试行办法", "trial"), ("实施办法", "implementation"), ("标准", "standard"),
]
NOTICE_KINDS = [("的通知", "notice"), ("的实施意见", "opinions"), ("的工作方案", "plan"), ("的决定", "decision")]
DOC_CODES = [("豫管", AGENCY, 70), ("豫管办", AGENCY, 14), ("豫管财", AGENCY, 8), ("豫管资", AGENCY, 5),
             ("豫管联", f"{AGENCY} 河南省财政厅", 3)]
FILED_WITH = ["河南省人民政府办公厅", "河南省司法厅"]
INTERPRETATION_FORMS = [("文字", "explained", 45), ("问答", "qa", 30), ("图解", "illustrated", 20), ("音视频", "video", 5)]
INTERPRETERS = ["政策法规处", "公务用车管理处", "办公用房管理处", "公共机构节能管理处", "资产管理处", "办公室"]
POWER_CATEGORIES = [
    ("行政检查", "JC", "inspection", "对{x}的监督检查", 30), ("行政许可", "XK", "licence", "{x}审批", 8),
    ("行政确认", "QR", "confirmation", "{x}的确认", 14), ("行政奖励", "JL", "award", "对{x}先进单位的表彰奖励", 10),
    ("行政处罚", "CF", "penalty", "对违反{x}管理规定行为的处罚", 10), ("行政裁决", "CJ", "ruling", "{x}权属争议的裁决", 4),
    ("行政给付", "JF", "subsidy", "{x}补助资金的给付", 5), ("行政强制", "QZ", "coercion", "对{x}的查封", 2),
    ("行政征收", "ZS", "levy", "{x}收入的征收", 2), ("其他行政权力", "QT", "other", "{x}的审核", 15),
]
RESPONSIBILITY_STAGES = ["受理", "审查", "决定", "送达", "监管"]
LAWS = ["《中华人民共和国政府信息公开条例》", "《党政机关公务用车管理办法》", "《党政机关办公用房管理办法》",
        "《公共机构节能条例》", "《机关事务管理条例》", "《行政事业性国有资产管理条例》", "《中华人民共和国政府采购法》",
        "《中华人民共和国节约能源法》", "《党政机关厉行节约反对浪费条例》", "《中华人民共和国行政许可法》"]
NUMERALS = "一二三四五六七八九十"
WITHHELD_BASIS = "《中华人民共和国政府信息公开条例》第十六条"

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_PLAIN_UNSAFE = re.compile(r"[:#\[\]{},&*!|>'\"%@`]|^[\s\-?]|\s$|^$")


# -- text ---------------------------------------------------------------------------------------


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
            elif not questions and (roll < 0.18 or section == 0 and size > target / 3) and section < 12:
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


# -- dates --------------------------------------------------------------------------------------


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + days(rng.randint(0, max(0, (end - start).days)))


def random_year(rng: random.Random, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> int:
    """Later years a little more likely: an agency publishes more each year."""
    years = list(range(first, last + 1))
    return rng.choices(years, weights=[1 + 0.08 * (y - first) for y in years])[0]


def random_publish_date(rng: random.Random, first: int = FIRST_YEAR) -> dt.date:
    year = random_year(rng, first)
    return random_day(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))


# -- the records --------------------------------------------------------------------------------


@dataclass
class Rec:
    """One record being generated: its type, data (in field order) and what other records may use."""

    type: str
    id: str
    publish: dt.date
    data: dict[str, Any] = field(default_factory=dict)
    topic: tuple[str, str, str] = TOPICS[0]
    disclosure: str = PROACTIVE
    draft: bool = False
    body_in_md: bool = False
    # documents
    signed: dt.date | None = None
    start: dt.date | None = None  # effective date, else publish date
    expiry: dt.date | None = None
    normative: bool = False
    used: int = 0  # how many interpretations / decisions point at this document

    @property
    def public(self) -> bool:
        return self.disclosure == PROACTIVE and not self.draft and self.publish <= TODAY


class Generator:
    def __init__(self, n: int, seed: int):
        self.n = n
        self.rng = random.Random(seed)
        self.text = Writer(self.rng)
        self.records: list[Rec] = []
        self.attachments: dict[str, bytes] = {}
        self.doc_seq: dict[tuple[str, int], int] = {}
        self.reg_seq: dict[int, int] = {}
        self.serial = 0

    # -- helpers

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def topic(self) -> tuple[str, str, str]:
        return self.rng.choice(TOPICS)

    def subjects(self, topic: tuple[str, str, str], extra: str | None = None) -> list[str]:
        chosen = [topic[2]]
        for candidate in (extra, "机关事务"):
            if candidate and candidate not in chosen and self.rng.random() < 0.7:
                chosen.append(candidate)
        return chosen

    def disclosure(self, rec: Rec, rate: float = 1.0) -> None:
        """A few records are not proactively disclosed, or are drafts: the site must leave them out."""
        roll = self.rng.random()
        if roll < 0.012 * rate:
            rec.disclosure = "依申请公开"
        elif roll < 0.018 * rate:
            rec.disclosure = "不予公开"
        elif roll < 0.023 * rate:
            rec.draft = True

    def common(self, rec: Rec, title: str, summary: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": rec.id,
            "title": title,
            "publish_date": rec.publish.isoformat(),
            "issuer": AGENCY,
            "disclosure": rec.disclosure,
        }
        if rec.disclosure == "不予公开":
            data["withheld_basis"] = WITHHELD_BASIS
        if rec.draft:
            data["draft"] = True
        data["index_no"] = None  # assigned once every record exists (by publish date)
        data["subjects"] = self.subjects(rec.topic)
        data["summary"] = summary or self.text.summary()
        return data

    def attachment(self, folder: str, stem: str, kind: str | None = None) -> str:
        """A real file (PDF, Word, Excel made with the libraries office software resembles; CSV,
        text) holding realistic text: what gongkai extracts, checks and indexes for search."""
        kind = kind or self.rng.choices(["pdf", "docx", "xlsx", "csv", "txt"], weights=[5, 1, 1, 1, 2])[0]
        path = f"{folder}/{stem}.{kind}"
        if path not in self.attachments:
            rng = self.rng
            paragraphs = [self.text.paragraph(rng.randint(80, 400)) for _ in range(rng.randint(1, 6))]
            rows = [["序号", "项目", "数量", "说明"]] + [
                [i, self.text.noun(), rng.randint(1, 300), self.text.noun(2)] for i in range(1, rng.randint(5, 40))
            ]
            if kind == "pdf":
                content = attachment_files.pdf_bytes(attachment_files.pages_of("\n".join(paragraphs)), author="")
            elif kind == "docx":
                content = attachment_files.docx_bytes(paragraphs)
            elif kind == "xlsx":
                content = attachment_files.xlsx_bytes({"清单": rows})
            elif kind == "csv":
                content = ("\n".join(",".join(map(str, row)) for row in rows) + "\n").encode("utf-8")
            else:
                content = ("\n\n".join(paragraphs) + "\n").encode("utf-8")
            self.attachments[path] = content
        return path

    def changes(self, rec: Rec, notes: list[str]) -> list[dict[str, str]]:
        found = []
        day = rec.publish
        for note in notes:
            day = day + days(self.rng.randint(10, 400))
            if day > TODAY:
                break
            found.append({"date": day.isoformat(), "note": note})
        return found

    def feedback_date(self, end: dt.date) -> dt.date | None:
        given = end + days(self.rng.randint(5, 25))
        return given if given <= TODAY else None

    # -- documents

    def documents(self, count: int) -> list[Rec]:
        rng = self.rng
        docs = []
        for _ in range(count):
            topic = self.topic()
            publish = random_publish_date(rng)
            signed = max(publish - days(rng.randint(0, 9)), dt.date(FIRST_YEAR, 1, 1))  # well within 20 working days
            rec = Rec("documents", "", publish, topic=topic, signed=signed)
            self.disclosure(rec)
            rec.normative = rng.random() < 0.55
            scope = rng.choice(SCOPES)
            if rec.normative:
                kind, kind_slug = rng.choice(DOC_KINDS)
                name = f"{scope}{topic[0]}{self.text.noun()}{kind}"
                title = f"{AGENCY}关于印发《{name}》的通知" if rng.random() < 0.5 else f"河南省{name}"
            else:
                kind, kind_slug = rng.choice(NOTICE_KINDS)
                title = f"{AGENCY}关于{self.text.noun(rng.randint(1, 2))}{scope}{topic[0]}{self.text.noun()}工作{kind}"
            rec.id = f"{signed.year}-{topic[1]}-{kind_slug}-{self.next_serial():05d}"
            doc_number, issuer = None, AGENCY
            if rng.random() < 0.88:
                code, issuer, _weight = rng.choices(DOC_CODES, weights=[c[2] for c in DOC_CODES])[0]
                seq = self.doc_seq[(code, signed.year)] = self.doc_seq.get((code, signed.year), 0) + 1
                doc_number = f"{code}〔{signed.year}〕{seq}号"
            rec.data = self._document_fields(rec, title, doc_number, issuer)
            docs.append(rec)
        docs.sort(key=lambda r: (r.publish, r.id))
        return docs

    def _document_fields(self, rec: Rec, title: str, doc_number: str | None, issuer: str) -> dict[str, Any]:
        """Fields in the order of the demonstration documents."""
        rng = self.rng
        base = self.common(rec, title)
        data: dict[str, Any] = {"id": rec.id, "title": title}
        if doc_number:
            data["doc_number"] = doc_number
        data["normative"] = rec.normative
        data["signed_date"] = rec.signed.isoformat()
        data["publish_date"] = rec.publish.isoformat()
        effective = None
        if rec.normative or rng.random() < 0.3:
            effective = rec.publish + days(rng.choice([0, 0, 10, 15, 30, 30, 45, 60]))
            data["effective_date"] = effective.isoformat()
        rec.start = effective or rec.publish
        if rec.normative or (effective and rng.random() < 0.5):
            provisional = "暂行" in title or "试行" in title
            years = rng.choice([1, 2]) if provisional else rng.choice([2, 3, 5, 5])
            rec.expiry = add_years(rec.start, years) - days(1)
            data["expiry_date"] = rec.expiry.isoformat()
        if rec.normative:
            seq = self.reg_seq[rec.signed.year] = self.reg_seq.get(rec.signed.year, 0) + 1
            data["registration_no"] = f"HNJG-{rec.signed.year}-{seq:03d}"
        data["issuer"] = issuer
        for key in ("disclosure", "withheld_basis", "draft", "index_no", "subjects", "summary"):
            if key in base:
                data[key] = base[key]
        return data

    def document_details(self, docs: list[Rec]) -> None:
        """Bodies, filing, cleanups, attachments, changes; then amendments and repeals among them."""
        rng = self.rng
        for rec in docs:
            data = rec.data
            rec.body_in_md = rng.random() < 0.03
            data["body"] = self.text.body(chapters=rec.normative and rng.random() < 0.5)
            if rng.random() < 0.25:
                data["attachments"] = [
                    {"title": f"附件{i}：{self.text.noun(2)}{rng.choice(['表', '清单', '标准', '目录'])}",
                     "file": self.attachment("documents", f"{rec.id}-{i}")}
                    for i in range(1, rng.randint(1, 3) + 1)
                ]
            if rec.normative:
                filed = rec.publish + days(rng.randint(3, 25))
                if filed <= TODAY:
                    data["filing"] = {"filed_with": rng.choice(FILED_WITH), "filed_date": filed.isoformat()}
                cleanups = []
                for year in range(rec.publish.year + 1, TODAY.year + 1):
                    day = dt.date(year, 1, 10)
                    if day <= TODAY and (rec.expiry is None or day < rec.expiry):
                        cleanups.append({"date": day.isoformat(), "batch": f"{year - 1}年度规范性文件清理", "result": "继续有效"})
                if cleanups and rng.random() < 0.6:
                    data["cleanups"] = cleanups[-rng.randint(1, 2):]
            if rng.random() < 0.1:
                data["changes"] = self.changes(rec, ["更正正文中的文字错误。", "补充附件。"][: rng.randint(1, 2)]) or None
        # Amendments: a later normative document amends an earlier public one still in force.
        normative = [d for d in docs if d.normative]
        for index, rec in enumerate(normative):
            if index < 10 or rng.random() >= 0.06:
                continue
            earlier = [d for d in normative[max(0, index - 60): index]
                       if d.public and d.publish < rec.publish and (d.expiry is None or d.expiry > rec.publish)]
            if earlier:
                target = rng.choice(earlier)
                rec.data["amends"] = [target.id]
        # Repeals: an earlier document is repealed by a later public one, after it took effect.
        for index, rec in enumerate(docs):
            if rng.random() >= 0.08:
                continue
            limit = rec.expiry or rec.start + days(3650)
            later = [d for d in docs[index + 1: index + 120]
                     if d.public and d.start >= rec.start + days(30) and d.start <= min(limit, TODAY)]
            if later:
                by = rng.choice(later)
                rec.data["repealed"] = {
                    "date": by.start.isoformat(), "by": by.id,
                    "reason": f"已被《{by.data['title'][-40:].strip('《》')}》替代。" if "doc_number" not in by.data
                    else f"已被新文件（{by.data['doc_number']}）替代。",
                }

    # -- consultations

    def consultation(self, start: dt.date, end: dt.date, topic, *, shortened: bool = False, title: str | None = None,
                     vary_disclosure: bool = False) -> Rec:
        rng = self.rng
        rec = Rec("consultations", f"{start.year}-{topic[1]}-draft-{self.next_serial():05d}", start, topic=topic)
        if vary_disclosure:
            self.disclosure(rec, 0.3)
        name = title or f"{rng.choice(SCOPES)}{topic[0]}{self.text.noun()}{rng.choice(DOC_KINDS)[0]}"
        rec.data = self.common(rec, f"关于《{name}（征求意见稿）》公开征求意见的公告",
                               summary=f"就{name}草案向社会公开征求意见，征求意见期为{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日。")
        data = rec.data
        data["draft_attachment"] = self.attachment("consultations", rec.id, rng.choice(["pdf", "txt"]))
        data["from"] = start.isoformat()
        data["to"] = end.isoformat()
        channels: dict[str, str] = {"email": f"zqyj{rng.randint(1, 99)}@example.com",
                                    "postal_address": f"郑州市金水区政务路1号 {AGENCY}{rng.choice(INTERPRETERS)}（邮编450000）"}
        if rng.random() < 0.5:
            channels["online_form"] = f"https://www.example.com/zqyj/{rec.id}"
        data["channels"] = channels
        if shortened:
            data["shortened_reason"] = f"因{self.text.noun(2)}工作时间紧迫，经研究将征求意见期限缩短为{(end - start).days + 1}日。"
        data["body"] = self.text.body(200, 900)
        given = self.feedback_date(end)
        if given:
            received = rng.randint(0, 80)
            data["feedback"] = {"date": given.isoformat(), "comments_received": received,
                                "comments_adopted": rng.randint(0, received), "summary": self.text.body(80, 400)}
        return rec

    def period(self, end: dt.date) -> tuple[dt.date, dt.date]:
        """A comment period of at least 30 days (counting both ends) ending on `end`."""
        return end - days(self.rng.randint(29, 44)), end

    # -- decisions

    def decision(self, topic, decided: dt.date | None, stage: str, document: Rec | None, want_consultation: bool) -> tuple[Rec, Rec | None]:
        rng = self.rng
        procedures: dict[str, Any] = {}
        consultation = None
        if decided is not None:
            discussed = decided - days(rng.randint(0, 3))
            reviewed = discussed - days(rng.randint(3, 20))
            assessed = reviewed - days(rng.randint(3, 20))
            experts = assessed - days(rng.randint(3, 20))
            end = experts - days(rng.randint(3, 15))
        else:  # still in progress: 拟决策 (nothing public yet) or 征求意见 (comment period has begun)
            end = TODAY + days(rng.randint(-40, 30))
            discussed = reviewed = assessed = experts = None
        start, end = self.period(end)
        publish = start - days(rng.randint(10, 60))
        rec = Rec("decisions", f"{publish.year}-{topic[1]}-reform-{self.next_serial():05d}", publish, topic=topic)
        if decided is not None or stage == "征求意见":
            self.disclosure(rec, 0.3)
        title = f"{rng.choice(SCOPES)}{topic[0]}{self.text.noun()}{rng.choice(['改革', '规划', '制度改革', '实施方案', '专项整治'])}"
        rec.data = self.common(rec, title, summary=f"列入{publish.year}年度重大行政决策事项目录，{self.text.summary()}")
        data = rec.data
        data["catalog_year"] = publish.year
        data["owner"] = f"{AGENCY}{rng.choice(INTERPRETERS)}"
        data["stage"] = stage
        received = rng.randint(0, 60)
        adopted = rng.randint(0, received)
        if stage == "拟决策":
            if rng.random() < 0.5 and publish + days(20) <= TODAY:
                procedures["expert_review"] = {"date": (publish + days(rng.randint(5, 20))).isoformat(),
                                               "experts": f"{self.text.noun()}领域专家{rng.randint(3, 9)}名", "summary": self.text.summary()}
        else:
            if decided is not None and rng.random() < 0.08:
                procedures["public_participation"] = {"not_applicable": f"本事项属于{self.text.noun()}内部管理事项，不直接涉及公众切身利益，经研究不公开征求意见。"}
            else:
                section: dict[str, Any] = {"from": start.isoformat(), "to": end.isoformat(),
                                           "channels": rng.sample(["网站征求意见专栏", "电子邮件", "座谈会", "信函", "问卷调查"], rng.randint(1, 3))}
                if end < TODAY:
                    section["comments_received"] = received
                    section["comments_adopted"] = adopted
                    section["feedback"] = f"共收到意见{received}条，采纳{adopted}条。{self.text.summary()}"
                procedures["public_participation"] = section
                if want_consultation and start <= TODAY:
                    consultation = self.consultation(start, end, topic, title=title)
                    if consultation.data.get("feedback"):
                        consultation.data["feedback"]["comments_received"] = received
                        consultation.data["feedback"]["comments_adopted"] = adopted
            if experts is not None:
                procedures["expert_review"] = (
                    {"date": experts.isoformat(), "experts": f"{self.text.noun()}、{self.text.noun()}领域专家{rng.randint(3, 9)}名",
                     "summary": self.text.summary()}
                    if rng.random() < 0.9 else {"not_applicable": "本事项不涉及专业性、技术性较强的问题，经研究不组织专家论证。"}
                )
                procedures["risk_assessment"] = {"date": assessed.isoformat(), "level": rng.choices(["低", "中", "高"], [80, 18, 2])[0],
                                                 "summary": self.text.summary()}
                procedures["legality_review"] = {"date": reviewed.isoformat(), "reviewer": f"{AGENCY}政策法规处",
                                                 "conclusion": rng.choice(["合法", "修改后合法"])}
                procedures["collective_discussion"] = {"date": discussed.isoformat(),
                                                       "meeting": f"{discussed.year}年第{rng.randint(1, 24)}次局长办公会议"}
        if procedures:
            data["procedures"] = procedures
        if decided is not None:
            if rng.random() < 0.2:
                held = assessed + days(rng.randint(1, 3))
                data["hearing"] = {"date": held.isoformat(), "summary": self.text.body(80, 300)}
            else:
                data["hearing"] = {"not_applicable": "本事项不属于法律、法规、规章规定应当举行听证的情形，且已通过其他方式充分听取意见。"}
            data["decided_date"] = decided.isoformat()
            if document is not None:
                data["decision_document"] = document.id
        if consultation is not None:
            data["consultation"] = consultation.id
            consultation.data["related"] = [{"type": "decisions", "id": rec.id}] if rec.public or not consultation.public else []
        if stage == "已评估":
            evaluated = decided + days(rng.randint(365, 700))
            data["evaluation"] = {"date": evaluated.isoformat(), "conclusion": self.text.body(100, 400)}
        notes = []
        if "public_participation" in procedures and "from" in procedures["public_participation"] and start <= TODAY:
            notes.append({"date": start.isoformat(), "note": "决策草案公开征求意见。"})
        if decided is not None and document is not None:
            notes.append({"date": document.publish.isoformat(), "note": "决策作出，公布决策文件。"})
        if notes:
            data["changes"] = notes
        return rec, consultation

    # -- interpretations

    def interpretation(self, document: Rec, number: int) -> Rec:
        rng = self.rng
        form, form_slug, _weight = rng.choices(INTERPRETATION_FORMS, weights=[f[2] for f in INTERPRETATION_FORMS])[0]
        publish = document.publish
        if rng.random() < 0.3 and publish + days(1) <= TODAY:
            publish += days(1)  # the next day: at most one working day later
        suffix = f"-{number}" if number > 1 else ""
        rec = Rec("interpretations", f"{document.id}-{form_slug}{suffix}", publish, topic=document.topic)
        self.disclosure(rec, 0.5)
        name = document.data["title"]
        inner = name[name.index("《") + 1: name.index("》")] if "《" in name else name
        title = {"问答": f"《{inner}》问答", "图解": f"图解：《{inner}》", "音视频": f"视频解读《{inner}》"}.get(form, f"《{inner}》政策解读")
        rec.data = self.common(rec, title)
        data = rec.data
        data["interprets"] = document.id
        data["form"] = form
        data["interpreter"] = f"{AGENCY}{rng.choice(INTERPRETERS)}"
        data["body"] = self.text.body(300, 1800, questions=form == "问答")
        return rec

    # -- powers

    def powers(self, count: int) -> list[Rec]:
        rng = self.rng
        found = []
        sequence: dict[str, int] = {}
        batch_years = list(range(2015, 2027))
        for _ in range(count):
            topic = self.topic()
            category, code, slug, pattern, _w = rng.choices(POWER_CATEGORIES, weights=[c[4] for c in POWER_CATEGORIES])[0]
            year = rng.choices(batch_years, weights=[6] + [1] * (len(batch_years) - 1))[0]
            publish = dt.date(year, 11, 13)  # the yearly list update
            rec = Rec("powers", f"{topic[1]}-{slug}-{self.next_serial():05d}", publish, topic=topic)
            self.disclosure(rec, 0.3)
            subject = f"{rng.choice(SCOPES)}{topic[0]}{self.text.noun()}"
            rec.data = self.common(rec, pattern.format(x=subject))
            data = rec.data
            data["subjects"] = ["权责清单", topic[2]]
            seq = sequence[code] = sequence.get(code, 0) + 1
            data["code"] = f"HNJG-{code}-{seq:03d}"
            data["category"] = category
            if rng.random() < 0.3:
                data["sub_items"] = [f"对{self.text.noun(2)}情况的{rng.choice(['检查', '审核', '核查'])}" for _ in range(rng.randint(2, 4))]
            data["basis"] = [{"law": law} for law in rng.sample(LAWS, rng.randint(1, 3))]
            if rng.random() < 0.3:
                data["basis"][0]["article"] = f"第{cn_number(rng.randint(1, 60))}条"
            data["implementing_body"] = AGENCY
            data["handling_unit"] = rng.choice(INTERPRETERS)
            stages = RESPONSIBILITY_STAGES if rng.random() < 0.7 else rng.sample(RESPONSIBILITY_STAGES, 3)
            data["responsibilities"] = [{"stage": s, "duty": self.text.paragraph(rng.randint(20, 60))} for s in stages]
            data["accountability"] = (
                "因不履行或不正确履行职责，有下列情形之一的，依法依规追究相关人员责任：\n\n"
                + "\n".join(f"- {self.text.sentence()[:-1]}；" for _ in range(rng.randint(2, 5)))
            )
            data["supervision"] = {"phone": f"0371-659{rng.randint(0, 99999):05d}",
                                   "address": f"郑州市金水区政务路1号 {AGENCY}政策法规处（邮编450000）"}
            if rng.random() < 0.3:
                data["flowchart"] = self.attachment("powers", f"{code.lower()}-flowchart", "pdf")
            cancelled = year < 2026 and rng.random() < 0.05
            data["status"] = "已取消" if cancelled else "有效"
            changes = [{"date": publish.isoformat(), "type": "新增", "reason": f"{year}年权责清单梳理时列入。"}]
            if year < 2025 and rng.random() < 0.2:
                later = dt.date(rng.randint(year + 1, 2025), 11, 13)
                changes.append({"date": later.isoformat(), "type": "取消" if cancelled else "调整",
                                "reason": f"根据{self.text.noun(2)}调整。"})
            data["changes"] = changes
            found.append(rec)
        return found

    # -- reports

    def rule_of_law_report(self, year: int) -> Rec:
        rng = self.rng
        publish = random_day(rng, dt.date(year + 1, 2, 10), dt.date(year + 1, 3, 28))
        rec = Rec("reports/rule-of-law", f"{year}-annual-report", publish, topic=("法治政府", "rule-of-law", "法治政府"))
        rec.data = self.common(rec, f"{AGENCY}{year}年度法治政府建设情况报告",
                               summary=f"报告{year}年本局推进法治机关建设的主要举措和成效、存在的不足和{year + 1}年工作安排。")
        rec.data["subjects"] = ["法治政府", "年度报告"]
        rec.data["year"] = year
        rec.data["sections"] = {
            "measures": self.text.body(600, 2000),
            "shortcomings": "\n".join(f"- {self.text.sentence()[:-1]}；" for _ in range(rng.randint(2, 4))),
            "leadership": self.text.paragraph(rng.randint(100, 300)),
            "next_year": "\n".join(f"{i}. {self.text.sentence()[:-1]}；" for i in range(1, rng.randint(3, 6))),
        }
        rec.data["stats"] = {name: rng.randint(0, 12) for name in
                             ("制发规范性文件", "备案规范性文件", "作出重大行政决策", "行政复议案件", "行政诉讼案件", "负责人出庭应诉", "法治培训场次")}
        return rec

    def disclosure_report(self, year: int) -> Rec:
        rng = self.rng
        publish = random_day(rng, dt.date(year + 1, 1, 10), dt.date(year + 1, 1, 30))
        rec = Rec("reports/disclosure", f"{year}-annual-report", publish, topic=("政务公开", "disclosure", "政务公开"))
        rec.data = self.common(rec, f"{AGENCY}{year}年政府信息公开工作年度报告",
                               summary=f"报告{year}年本局主动公开、依申请公开、政府信息管理、平台建设和监督保障等工作情况。")
        rec.data["subjects"] = ["政务公开", "年度报告"]
        data = rec.data
        data["year"] = year
        data["overview"] = self.text.body(500, 1600)
        data["proactive"] = {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": rng.randint(0, 20), "repealed": rng.randint(0, 5), "in_force": rng.randint(10, 120)},
            "licensing": rng.randint(0, 30), "penalty": rng.randint(0, 10), "coercion": 0, "fees": 0,
        }

        def row(scale: int = 3) -> dict[str, int]:
            values = {k: rng.randint(0, scale) for k in ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")}
            values["total"] = sum(values.values())
            return values

        def group(names: list[str]) -> dict[str, Any]:
            rows = {name: row(1) for name in names}
            total = {k: sum(r[k] for r in rows.values()) for k in next(iter(rows.values()))}
            return {**rows, "total": total}

        results: dict[str, Any] = {"granted": row(6), "partly_granted": row(2),
                                   "denied": group(["state_secret", "prohibited_by_law", "security_stability", "third_party",
                                                    "internal_affairs", "process_info", "enforcement_files", "inquiry"]),
                                   "unable": group(["not_held", "needs_creation", "unclear"]),
                                   "not_processed": group(["complaint", "repeated", "publication", "excessive", "confirm_or_reissue"]),
                                   "other": group(["overdue_correction", "unpaid_fee", "other"])}
        parts = [results["granted"], results["partly_granted"]] + [results[k]["total"] for k in ("denied", "unable", "not_processed", "other")]
        results["total"] = {k: sum(p[k] for p in parts) for k in parts[0]}
        # 一 + 二 = （七） + 四 (rule 10), and each year carries over what the last carried forward.
        if not hasattr(self, "_carry"):
            self._carry = row(1)
        data["requests"] = {"new": results["total"], "carried_over": dict(self._carry), "results": results,
                            "carried_forward": dict(self._carry)}

        def review() -> dict[str, int]:
            values = {k: rng.randint(0, 2) for k in ("maintained", "corrected", "other", "pending")}
            values["total"] = sum(values.values())
            return values

        data["reviews"] = {"reconsideration": review(), "litigation_direct": review(), "litigation_after_review": review()}
        data["problems"] = f"## 存在的主要问题\n\n{self.text.paragraph(150)}\n\n## 改进措施\n\n{self.text.paragraph(150)}"
        data["other"] = f"{year}年，本局未收取政府信息公开信息处理费。\n\n{self.text.paragraph(rng.randint(50, 200))}"
        return rec

    # -- the whole project

    def counts(self) -> dict[str, int]:
        n = self.n
        reports = max(2, n // 350) if n >= 50 else 0
        rol = min(len(ROL_YEARS), reports // 2)
        dis = min(len(DISCLOSURE_YEARS), reports - rol)
        rest = n - rol - dis
        counts = {key: int(rest * share) for key, share in TYPE_SHARES.items()}
        counts["documents"] += rest - sum(counts.values())
        counts["reports/rule-of-law"] = rol
        counts["reports/disclosure"] = dis
        return counts

    def build(self) -> list[Rec]:
        rng = self.rng
        wanted = self.counts()
        docs = self.documents(wanted["documents"])
        self.document_details(docs)
        public_docs = [d for d in docs if d.public]

        # Decisions: most were decided and published as a normative document.
        decisions: list[Rec] = []
        consultations: list[Rec] = []
        candidates = [d for d in public_docs if d.normative and d.publish.year >= 2008]
        rng.shuffle(candidates)
        for index in range(wanted["decisions"]):
            topic = self.topic()
            roll = rng.random()
            if roll < 0.72 and candidates:
                document = candidates.pop()
                topic = document.topic
                document.used += 1
                decided = document.signed - days(rng.randint(0, 7))
            elif roll < 0.85:
                document = None
                decided = random_publish_date(rng, 2008)
                decided = min(decided, TODAY - days(10))
            else:
                document = decided = None
            if decided is None:
                stage = rng.choice(["拟决策", "征求意见"])
            else:
                can_evaluate = decided + days(700) <= TODAY
                stage = rng.choices(["已决策", "执行中", "已评估"], [40, 40, 20 if can_evaluate else 0])[0]
            decision, consultation = self.decision(topic, decided, stage, document,
                                                   want_consultation=len(consultations) < wanted["consultations"] and rng.random() < 0.5)
            if document is not None and (decision.public or not document.public):
                document.data.setdefault("related", []).append({"type": "decisions", "id": decision.id})
            decisions.append(decision)
            if consultation is not None:
                consultations.append(consultation)

        # Consultations on draft documents, then stand-alone ones (some still open, a few scheduled).
        drafts = [d for d in public_docs if d.normative and "consultation" not in d.data and d.publish.year >= 2008]
        rng.shuffle(drafts)
        while len(consultations) < wanted["consultations"]:
            if drafts and rng.random() < 0.6:
                document = drafts.pop()
                start, end = self.period(document.signed - days(rng.randint(15, 60)))
                name = document.data["title"]
                inner = name[name.index("《") + 1: name.index("》")] if "《" in name else None
                consultation = self.consultation(start, end, document.topic, title=inner)
                document.data["consultation"] = consultation.id
                consultation.data["related"] = [{"type": "documents", "id": document.id}]
            else:
                shortened = rng.random() < 0.05
                start = random_publish_date(rng, 2008)
                end = start + days(rng.randint(9, 19) if shortened else rng.randint(29, 44))
                consultation = self.consultation(start, end, self.topic(), shortened=shortened, vary_disclosure=True)
            consultations.append(consultation)

        # Interpretations: released with their (public) document, mostly for normative documents.
        interpretations = []
        pool = [d for d in public_docs if d.normative] + [d for d in public_docs if not d.normative and rng.random() < 0.3]
        per_doc: dict[str, int] = {}
        while len(interpretations) < wanted["interpretations"] and pool:
            document = rng.choice(pool)
            number = per_doc[document.id] = per_doc.get(document.id, 0) + 1
            if number >= 3:
                pool.remove(document)
            interpretations.append(self.interpretation(document, number))

        powers = self.powers(wanted["powers"])
        reports = [self.rule_of_law_report(y) for y in ROL_YEARS[len(ROL_YEARS) - wanted["reports/rule-of-law"]:]]
        reports += [self.disclosure_report(y) for y in DISCLOSURE_YEARS[len(DISCLOSURE_YEARS) - wanted["reports/disclosure"]:]]

        records = docs + interpretations + decisions + consultations + powers + reports
        self._related(records)
        self._index_numbers(records)
        return records

    def _related(self, records: list[Rec]) -> None:
        """A few `related` links per record, to public records of the linkable types, no duplicates."""
        rng = self.rng
        targets = [r for r in records if r.public and r.type in ("documents", "interpretations", "decisions", "consultations")]
        by_type: dict[str, list[Rec]] = {}
        by_topic: dict[tuple[str, str], list[Rec]] = {}
        for target in targets:
            by_type.setdefault(target.type, []).append(target)
            by_topic.setdefault((target.type, target.topic[1]), []).append(target)
        for rec in records:
            if rec.type.startswith("reports") or rec.type == "powers" or rng.random() >= 0.35:
                continue
            links = rec.data.setdefault("related", [])
            for _ in range(rng.randint(1, 2)):
                kind = rng.choices(["documents", "interpretations", "decisions", "consultations"], [60, 15, 15, 10])[0]
                pool = by_topic.get((kind, rec.topic[1])) if rng.random() < 0.8 else by_type.get(kind)
                if not pool:
                    continue
                target = rng.choice(pool)
                entry = {"type": target.type, "id": target.id}
                if target is not rec and entry not in links:
                    links.append(entry)
        for rec in records:
            if "related" in rec.data and not rec.data["related"]:
                del rec.data["related"]

    def _index_numbers(self, records: list[Rec]) -> None:
        sequence: dict[int, int] = {}
        for rec in sorted(records, key=lambda r: (r.publish, r.type, r.id)):
            seq = sequence[rec.publish.year] = sequence.get(rec.publish.year, 0) + 1
            rec.data["index_no"] = f"{CREDIT_CODE}/{rec.publish.year}-{seq:05d}"


# -- writing YAML the way editors write it ------------------------------------------------------


_RESOLVER = yaml.resolver.Resolver()


def scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # a date as written; the loader keeps it as text
    if _PLAIN_UNSAFE.search(text) or _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) != "tag:yaml.org,2002:str":
        return json.dumps(text, ensure_ascii=False)
    return text


def emit(data: dict[str, Any], indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value.values()) and len(value) > 2:
                lines.append(f"{pad}{key}: {{{', '.join(f'{k}: {v}' for k, v in value.items())}}}")
            else:
                lines.append(f"{pad}{key}:")
                lines.extend(emit(value, indent + 2))
        elif isinstance(value, list):
            if all(isinstance(v, str) and "\n" not in v for v in value) and sum(len(v) for v in value) < 40 \
                    and not any(re.search(r"[,\[\]{}:#]", v) for v in value):
                lines.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]")
            else:
                lines.append(f"{pad}{key}:")
                for item in value:
                    if isinstance(item, dict):
                        inner = emit(item, indent + 4)
                        lines.append(f"{pad}  - {inner[0].lstrip()}")
                        lines.extend(inner[1:])
                    else:
                        lines.append(f"{pad}  - {scalar(item)}")
        elif isinstance(value, str) and "\n" in value or isinstance(value, str) and len(value) > 300:
            lines.append(f"{pad}{key}: |")
            lines.extend(f"{pad}  {line}" if line else "" for line in value.split("\n"))
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


SCHEMA_NAMES = {"documents": "document", "interpretations": "interpretation", "decisions": "decision",
                "consultations": "consultation", "powers": "power", "reports/rule-of-law": "rule-of-law-report",
                "reports/disclosure": "disclosure-report"}


def record_text(rec: Rec) -> str:
    depth = rec.type.count("/") + 2
    header = [
        "# 基准测试数据（synthetic benchmark data）：由 scripts/generate_records.py 生成，不是真实政府信息。",
        f"# yaml-language-server: $schema={'../' * depth}schemas/{SCHEMA_NAMES[rec.type]}.schema.json",
    ]
    return "\n".join(header + emit(rec.data)) + "\n"


def generate(out_dir: Path, n: int = 10_000, seed: int = 0) -> dict[str, Any]:
    """Write a complete gongkai project of `n` records into `out_dir`; return what was written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise SystemExit(f"{out_dir} 已存在且不是本脚本生成的项目；请换一个目录。")
    for name in ("data", "content", "site"):
        shutil.rmtree(out_dir / name, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text(f"n={n} seed={seed}\n", encoding="utf-8")

    generator = Generator(n, seed)
    records = generator.build()
    data_dir = out_dir / "data"
    made: set[Path] = set()
    for rec in records:
        folder = data_dir / rec.type
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        if rec.body_in_md and "body" in rec.data:
            body = rec.data.pop("body")
            (folder / f"{rec.id}.md").write_text(body + "\n", encoding="utf-8")
        (folder / f"{rec.id}.yaml").write_text(record_text(rec), encoding="utf-8")
    for relative, content in sorted(generator.attachments.items()):
        target = data_dir / "attachments" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    shutil.copyfile(ROOT / "mkdocs.yml", out_dir / "mkdocs.yml")  # as is: same theme, plugin settings, site_url
    shutil.copytree(ROOT / "content", out_dir / "content")  # the hand-written pages: guide.md

    by_type: dict[str, int] = {}
    for rec in records:
        by_type[rec.type] = by_type.get(rec.type, 0) + 1
    return {
        "records": len(records),
        "public": sum(r.public for r in records),
        "by_type": by_type,
        "attachments": len(generator.attachments),
        "md_bodies": sum(r.body_in_md for r in records),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="目标目录（将写入 data/、content/ 和 mkdocs.yml）")
    parser.add_argument("-n", type=int, default=10_000, help="记录条数（默认 10000）")
    parser.add_argument("--seed", type=int, default=0, help="随机种子（默认 0）")
    args = parser.parse_args(argv)
    summary = generate(args.out_dir, args.n, args.seed)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
