"""Cleanup batches (规范性文件清理) on the model side: the outcome table of a batch document.

A batch is a document carrying `cleanup_batch {batch, results: [{document, result, note}]}`; its
date is its publish date. Validation (validate/cleanups.py) makes sure both sides agree; here we
only read the batch for its page, through the catalog (a listed document that is not public is
left out of the table).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.model.records import Document

RESULTS = ("继续有效", "修改", "废止", "宣布失效")


@dataclass(frozen=True)
class Outcome:
    document: Document
    result: str
    note: str


@dataclass(frozen=True)
class BatchOutcomes:
    batch: str
    outcomes: list[Outcome]

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(result, number of documents) for every result, in the fixed order."""
        return [(result, sum(1 for o in self.outcomes if o.result == result)) for result in RESULTS]


def batch_outcomes(document: Document) -> BatchOutcomes | None:
    batch = document.data.get("cleanup_batch")
    if not isinstance(batch, dict):
        return None
    outcomes = []
    for item in batch.get("results") or []:
        target = document.catalog.get("documents", item.get("document", ""))
        if target is not None:
            outcomes.append(Outcome(target, item.get("result", ""), item.get("note") or ""))
    order = {result: index for index, result in enumerate(RESULTS)}
    outcomes.sort(key=lambda o: order.get(o.result, len(RESULTS)))
    return BatchOutcomes(batch.get("batch", ""), outcomes)
