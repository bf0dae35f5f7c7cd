"""Normative and other documents: numbers, dates, validity, filing, cleanups, amendments, repeals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import Base, Rec
from .dates import add_years, days, random_publish_date
from .vocabulary import AGENCY, DOC_CODES, DOC_KINDS, FILED_WITH, FIRST_YEAR, NOTICE_KINDS, SCOPES, TODAY


class Documents(Base):
    """The documents, generated first: the other types refer to them."""

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
                    {
                        "title": f"附件{i}：{self.text.noun(2)}{rng.choice(['表', '清单', '标准', '目录'])}",
                        "file": self.attachment("documents", f"{rec.id}-{i}"),
                    }
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
                        cleanups.append(
                            {"date": day.isoformat(), "batch": f"{year - 1}年度规范性文件清理", "result": "继续有效"}
                        )
                if cleanups and rng.random() < 0.6:
                    data["cleanups"] = cleanups[-rng.randint(1, 2) :]
            if rng.random() < 0.1:
                data["changes"] = (
                    self.changes(rec, ["更正正文中的文字错误。", "补充附件。"][: rng.randint(1, 2)]) or None
                )
        # Amendments: a later normative document amends an earlier public one still in force.
        normative = [d for d in docs if d.normative]
        for index, rec in enumerate(normative):
            if index < 10 or rng.random() >= 0.06:
                continue
            earlier = [
                d
                for d in normative[max(0, index - 60) : index]
                if d.public and d.publish < rec.publish and (d.expiry is None or d.expiry > rec.publish)
            ]
            if earlier:
                target = rng.choice(earlier)
                rec.data["amends"] = [target.id]
        # Repeals: an earlier document is repealed by a later public one, after it took effect.
        for index, rec in enumerate(docs):
            if rng.random() >= 0.08:
                continue
            limit = rec.expiry or rec.start + days(3650)
            later = [
                d
                for d in docs[index + 1 : index + 120]
                if d.public and d.start >= rec.start + days(30) and d.start <= min(limit, TODAY)
            ]
            if later:
                by = rng.choice(later)
                rec.data["repealed"] = {
                    "date": by.start.isoformat(),
                    "by": by.id,
                    "reason": f"已被《{by.data['title'][-40:].strip('《》')}》替代。"
                    if "doc_number" not in by.data
                    else f"已被新文件（{by.data['doc_number']}）替代。",
                }
