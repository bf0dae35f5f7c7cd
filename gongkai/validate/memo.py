"""Validation results kept between runs, for records whose files did not change (`mkdocs serve`).

A record file that was not re-read is the same `SourceRecord` object as in the previous run
(`gongkai.build.preview.SourceCache`), so what was found about it alone can be reused: its schema
problems, and the problems of the rule families in `PER_RECORD` (whose findings about a record
depend on that record, the settings and the date only). The other families compare records with
each other and run over all records every time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from gongkai.load.records import SourceRecord
from gongkai.problems import Problem
from gongkai.validate import body_structure, personal_data, text
from gongkai.validate.context import Context

# Families that look at one record at a time (personal_data: each record's own text and its
# attachments; text: hidden characters and markup in its strings; body_structure: the bounds of
# each Markdown text, a tenth of a preview build's time at 3,000 records when run on all).
PER_RECORD: tuple[Callable[[Context], Iterable[Problem]], ...] = (personal_data.check, text.check, body_structure.check)


class ValidationMemo:
    """Per-record results of the previous run, keyed by the record object (reused while its file is unchanged)."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, int], tuple[SourceRecord, Any]] = {}
        self._used: dict[tuple[str, int], tuple[SourceRecord, Any]] = {}

    def start(self) -> None:
        """Begin a run: results not asked for during it are forgotten at `finish()`."""
        self._used = {}

    def finish(self) -> None:
        self._kept, self._used = self._used, {}

    def of(self, kind: str, record: SourceRecord, compute: Callable[[], Any]) -> Any:
        key = (kind, id(record))
        found = self._kept.get(key) or self._used.get(key)
        if found is None or found[0] is not record:
            found = (record, compute())
        self._used[key] = found
        return found[1]

    def family(self, rule: Callable[[Context], Iterable[Problem]], context: Context) -> list[Problem]:
        """A per-record family's problems over the context's records, computed for new records only."""
        valid = {id(r) for r in context.records}
        problems: list[Problem] = []
        for record in context.all_records or context.records:
            alone = Context(
                [record] if id(record) in valid else [],
                context.settings,
                context.today,
                all_records=[record],
                library=context.library,
            )
            problems += self.of(rule.__module__, record, functools.partial(_listed, rule, alone))
        return problems


def _listed(rule: Callable[[Context], Iterable[Problem]], context: Context) -> list[Problem]:
    return list(rule(context))
