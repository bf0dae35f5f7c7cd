"""Public participation: consultations (征求意见) and major decisions (重大行政决策) with their
five procedures, a decision's comment period possibly published as a consultation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import Base, Rec
from .dates import days
from .vocabulary import AGENCY, DOC_KINDS, INTERPRETERS, SCOPES, TODAY


class Participation(Base):
    """Consultations and decisions (a decision may publish its comment period as a consultation)."""

    def consultation(
        self,
        start: dt.date,
        end: dt.date,
        topic,
        *,
        shortened: bool = False,
        title: str | None = None,
        vary_disclosure: bool = False,
    ) -> Rec:
        rng = self.rng
        rec = Rec("consultations", f"{start.year}-{topic[1]}-draft-{self.next_serial():05d}", start, topic=topic)
        if vary_disclosure:
            self.disclosure(rec, 0.3)
        name = title or f"{rng.choice(SCOPES)}{topic[0]}{self.text.noun()}{rng.choice(DOC_KINDS)[0]}"
        rec.data = self.common(
            rec,
            f"关于《{name}（征求意见稿）》公开征求意见的公告",
            summary=f"就{name}草案向社会公开征求意见，征求意见期为{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日。",
        )
        data = rec.data
        data["draft_attachment"] = self.attachment("consultations", rec.id, rng.choice(["pdf", "txt"]))
        data["from"] = start.isoformat()
        data["to"] = end.isoformat()
        channels: dict[str, str] = {
            "email": f"zqyj{rng.randint(1, 99)}@example.com",
            "postal_address": f"郑州市金水区政务路1号 {AGENCY}{rng.choice(INTERPRETERS)}（邮编450000）",
        }
        if rng.random() < 0.5:
            channels["online_form"] = f"https://www.example.com/zqyj/{rec.id}"
        data["channels"] = channels
        if shortened:
            data["shortened_reason"] = (
                f"因{self.text.noun(2)}工作时间紧迫，经研究将征求意见期限缩短为{(end - start).days + 1}日。"
            )
        data["body"] = self.text.body(200, 900)
        given = self.feedback_date(end)
        if given:
            received = rng.randint(0, 80)
            data["feedback"] = {
                "date": given.isoformat(),
                "comments_received": received,
                "comments_adopted": rng.randint(0, received),
                "summary": self.text.body(80, 400),
            }
        return rec

    def period(self, end: dt.date) -> tuple[dt.date, dt.date]:
        """A comment period of at least 30 days (counting both ends) ending on `end`."""
        return end - days(self.rng.randint(29, 44)), end

    def decision(
        self, topic, decided: dt.date | None, stage: str, document: Rec | None, want_consultation: bool
    ) -> tuple[Rec, Rec | None]:
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
                procedures["expert_review"] = {
                    "date": (publish + days(rng.randint(5, 20))).isoformat(),
                    "experts": f"{self.text.noun()}领域专家{rng.randint(3, 9)}名",
                    "summary": self.text.summary(),
                }
        else:
            if decided is not None and rng.random() < 0.08:
                procedures["public_participation"] = {
                    "not_applicable": f"本事项属于{self.text.noun()}内部管理事项，不直接涉及公众切身利益，经研究不公开征求意见。"
                }
            else:
                section: dict[str, Any] = {
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                    "channels": rng.sample(
                        ["网站征求意见专栏", "电子邮件", "座谈会", "信函", "问卷调查"], rng.randint(1, 3)
                    ),
                }
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
                    {
                        "date": experts.isoformat(),
                        "experts": f"{self.text.noun()}、{self.text.noun()}领域专家{rng.randint(3, 9)}名",
                        "summary": self.text.summary(),
                    }
                    if rng.random() < 0.9
                    else {"not_applicable": "本事项不涉及专业性、技术性较强的问题，经研究不组织专家论证。"}
                )
                procedures["risk_assessment"] = {
                    "date": assessed.isoformat(),
                    "level": rng.choices(["低", "中", "高"], [80, 18, 2])[0],
                    "summary": self.text.summary(),
                }
                procedures["legality_review"] = {
                    "date": reviewed.isoformat(),
                    "reviewer": f"{AGENCY}政策法规处",
                    "conclusion": rng.choice(["合法", "修改后合法"]),
                }
                procedures["collective_discussion"] = {
                    "date": discussed.isoformat(),
                    "meeting": f"{discussed.year}年第{rng.randint(1, 24)}次局长办公会议",
                }
        if procedures:
            data["procedures"] = procedures
        if decided is not None:
            if rng.random() < 0.2:
                held = assessed + days(rng.randint(1, 3))
                data["hearing"] = {"date": held.isoformat(), "summary": self.text.body(80, 300)}
            else:
                data["hearing"] = {
                    "not_applicable": "本事项不属于法律、法规、规章规定应当举行听证的情形，且已通过其他方式充分听取意见。"
                }
            data["decided_date"] = decided.isoformat()
            if document is not None:
                data["decision_document"] = document.id
        if consultation is not None:
            data["consultation"] = consultation.id
            consultation.data["related"] = (
                [{"type": "decisions", "id": rec.id}] if rec.public or not consultation.public else []
            )
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
