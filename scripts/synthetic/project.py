"""The whole set of records: how many of each type, references between them (decisions and
consultations on documents, interpretations, related links) and index numbers."""

from __future__ import annotations

from .base import Rec
from .dates import days, random_publish_date
from .documents import Documents
from .lists import Lists
from .participation import Participation
from .reports import Reports
from .vocabulary import CREDIT_CODE, DISCLOSURE_YEARS, ROL_YEARS, TODAY, TYPE_SHARES


class Generator(Documents, Participation, Lists, Reports):
    """Every record of a project of `n` records, deterministic for a seed."""

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
        for _index in range(wanted["decisions"]):
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
            decision, consultation = self.decision(
                topic,
                decided,
                stage,
                document,
                want_consultation=len(consultations) < wanted["consultations"] and rng.random() < 0.5,
            )
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
                inner = name[name.index("《") + 1 : name.index("》")] if "《" in name else None
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
        pool = [d for d in public_docs if d.normative] + [
            d for d in public_docs if not d.normative and rng.random() < 0.3
        ]
        per_doc: dict[str, int] = {}
        while len(interpretations) < wanted["interpretations"] and pool:
            document = rng.choice(pool)
            number = per_doc[document.id] = per_doc.get(document.id, 0) + 1
            if number >= 3:
                pool.remove(document)
            interpretations.append(self.interpretation(document, number))

        powers = self.powers(wanted["powers"])
        reports = [self.rule_of_law_report(y) for y in ROL_YEARS[len(ROL_YEARS) - wanted["reports/rule-of-law"] :]]
        reports += [
            self.disclosure_report(y) for y in DISCLOSURE_YEARS[len(DISCLOSURE_YEARS) - wanted["reports/disclosure"] :]
        ]

        records = docs + interpretations + decisions + consultations + powers + reports
        self._related(records)
        self._index_numbers(records)
        return records

    def _related(self, records: list[Rec]) -> None:
        """A few `related` links per record, to public records of the linkable types, no duplicates."""
        rng = self.rng
        targets = [
            r for r in records if r.public and r.type in ("documents", "interpretations", "decisions", "consultations")
        ]
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
