"""Policy interpretations (released with their document) and the power and responsibility list."""

from __future__ import annotations

import datetime as dt

from .base import Base, Rec
from .dates import days
from .text import cn_number
from .vocabulary import (
    AGENCY,
    INTERPRETATION_FORMS,
    INTERPRETERS,
    LAWS,
    POWER_CATEGORIES,
    RESPONSIBILITY_STAGES,
    SCOPES,
    TODAY,
)


class Lists(Base):
    """Interpretations of documents, and power items."""

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
        inner = name[name.index("《") + 1 : name.index("》")] if "《" in name else name
        title = {"问答": f"《{inner}》问答", "图解": f"图解：《{inner}》", "音视频": f"视频解读《{inner}》"}.get(
            form, f"《{inner}》政策解读"
        )
        rec.data = self.common(rec, title)
        data = rec.data
        data["interprets"] = document.id
        data["form"] = form
        data["interpreter"] = f"{AGENCY}{rng.choice(INTERPRETERS)}"
        data["body"] = self.text.body(300, 1800, questions=form == "问答")
        return rec

    def powers(self, count: int) -> list[Rec]:
        rng = self.rng
        found = []
        sequence: dict[str, int] = {}
        batch_years = list(range(2015, 2027))
        for _ in range(count):
            topic = self.topic()
            category, code, slug, pattern, _w = rng.choices(POWER_CATEGORIES, weights=[c[4] for c in POWER_CATEGORIES])[
                0
            ]
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
                data["sub_items"] = [
                    f"对{self.text.noun(2)}情况的{rng.choice(['检查', '审核', '核查'])}"
                    for _ in range(rng.randint(2, 4))
                ]
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
            data["supervision"] = {
                "phone": f"0371-659{rng.randint(0, 99999):05d}",
                "address": f"郑州市金水区政务路1号 {AGENCY}政策法规处（邮编450000）",
            }
            if rng.random() < 0.3:
                data["flowchart"] = self.attachment("powers", f"{code.lower()}-flowchart", "pdf")
            cancelled = year < 2026 and rng.random() < 0.05
            data["status"] = "已取消" if cancelled else "有效"
            changes = [{"date": publish.isoformat(), "type": "新增", "reason": f"{year}年权责清单梳理时列入。"}]
            if year < 2025 and rng.random() < 0.2:
                later = dt.date(rng.randint(year + 1, 2025), 11, 13)
                changes.append(
                    {
                        "date": later.isoformat(),
                        "type": "取消" if cancelled else "调整",
                        "reason": f"根据{self.text.noun(2)}调整。",
                    }
                )
            data["changes"] = changes
            found.append(rec)
        return found
