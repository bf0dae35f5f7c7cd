"""The annual reports: rule of law (法治政府建设) and government information disclosure, whose
national tables add up (rule 10) and carry over from year to year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import Base, Rec
from .dates import random_day
from .vocabulary import AGENCY

# Per report type: publication window in the next year (month, day), topic, title, summary.
REPORT_KINDS = {
    "reports/rule-of-law": (
        ((2, 10), (3, 28)),
        ("法治政府", "rule-of-law", "法治政府"),
        "{agency}{year}年度法治政府建设情况报告",
        "报告{year}年本局推进法治机关建设的主要举措和成效、存在的不足和{next}年工作安排。",
    ),
    "reports/disclosure": (
        ((1, 10), (1, 30)),
        ("政务公开", "disclosure", "政务公开"),
        "{agency}{year}年政府信息公开工作年度报告",
        "报告{year}年本局主动公开、依申请公开、政府信息管理、平台建设和监督保障等工作情况。",
    ),
}


class Reports(Base):
    """The two annual reports, one record per year."""

    def _report(self, key: str, year: int) -> Rec:
        """The report of `year` with the fields every report has, published in its window of the next year."""
        (first, last), topic, title, summary = REPORT_KINDS[key]
        publish = random_day(self.rng, dt.date(year + 1, *first), dt.date(year + 1, *last))
        rec = Rec(key, f"{year}-annual-report", publish, topic=topic)
        rec.data = self.common(
            rec, title.format(agency=AGENCY, year=year), summary=summary.format(year=year, next=year + 1)
        )
        rec.data["subjects"] = [topic[0], "年度报告"]
        rec.data["year"] = year
        return rec

    def rule_of_law_report(self, year: int) -> Rec:
        rng = self.rng
        rec = self._report("reports/rule-of-law", year)
        rec.data["sections"] = {
            "measures": self.text.body(600, 2000),
            "shortcomings": "\n".join(f"- {self.text.sentence()[:-1]}；" for _ in range(rng.randint(2, 4))),
            "leadership": self.text.paragraph(rng.randint(100, 300)),
            "next_year": "\n".join(f"{i}. {self.text.sentence()[:-1]}；" for i in range(1, rng.randint(3, 6))),
        }
        rec.data["stats"] = {
            name: rng.randint(0, 12)
            for name in (
                "制发规范性文件",
                "备案规范性文件",
                "作出重大行政决策",
                "行政复议案件",
                "行政诉讼案件",
                "负责人出庭应诉",
                "法治培训场次",
            )
        }
        return rec

    def disclosure_report(self, year: int) -> Rec:
        rng = self.rng
        rec = self._report("reports/disclosure", year)
        data = rec.data
        data["overview"] = self.text.body(500, 1600)
        data["proactive"] = {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {
                "issued": rng.randint(0, 20),
                "repealed": rng.randint(0, 5),
                "in_force": rng.randint(10, 120),
            },
            "licensing": rng.randint(0, 30),
            "penalty": rng.randint(0, 10),
            "coercion": 0,
            "fees": 0,
        }

        def row(scale: int = 3) -> dict[str, int]:
            values = {
                k: rng.randint(0, scale)
                for k in ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
            }
            values["total"] = sum(values.values())
            return values

        def group(names: list[str]) -> dict[str, Any]:
            rows = {name: row(1) for name in names}
            total = {k: sum(r[k] for r in rows.values()) for k in next(iter(rows.values()))}
            return {**rows, "total": total}

        results: dict[str, Any] = {
            "granted": row(6),
            "partly_granted": row(2),
            "denied": group(
                [
                    "state_secret",
                    "prohibited_by_law",
                    "security_stability",
                    "third_party",
                    "internal_affairs",
                    "process_info",
                    "enforcement_files",
                    "inquiry",
                ]
            ),
            "unable": group(["not_held", "needs_creation", "unclear"]),
            "not_processed": group(["complaint", "repeated", "publication", "excessive", "confirm_or_reissue"]),
            "other": group(["overdue_correction", "unpaid_fee", "other"]),
        }
        parts = [results["granted"], results["partly_granted"]] + [
            results[k]["total"] for k in ("denied", "unable", "not_processed", "other")
        ]
        results["total"] = {k: sum(p[k] for p in parts) for k in parts[0]}
        # 一 + 二 = （七） + 四 (rule 10), and each year carries over what the last carried forward.
        if not hasattr(self, "_carry"):
            self._carry = row(1)
        data["requests"] = {
            "new": results["total"],
            "carried_over": dict(self._carry),
            "results": results,
            "carried_forward": dict(self._carry),
        }

        def review() -> dict[str, int]:
            values = {k: rng.randint(0, 2) for k in ("maintained", "corrected", "other", "pending")}
            values["total"] = sum(values.values())
            return values

        data["reviews"] = {
            "reconsideration": review(),
            "litigation_direct": review(),
            "litigation_after_review": review(),
        }
        data["problems"] = (
            f"## 存在的主要问题\n\n{self.text.paragraph(150)}\n\n## 改进措施\n\n{self.text.paragraph(150)}"
        )
        data["other"] = f"{year}年，本局未收取政府信息公开信息处理费。\n\n{self.text.paragraph(rng.randint(50, 200))}"
        return rec
