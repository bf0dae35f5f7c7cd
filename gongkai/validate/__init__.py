"""Validation: every problem of every record in one run.

`validate_records` runs the schema check on each file, then the cross-record rules on every record
that could be read: a record the schema rejects takes part without its rejected values (salvage.py),
so a bad date does not hide a bad document number. Each rule family is a module with a `check(context)` generator of problems;
adding a family means adding it to `RULE_FAMILIES`. `run.py` reads the records and validates them
(`load_and_validate`, for the build and `gongkai validate` alike) and says whether a run fails.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from pathlib import Path

from gongkai.config import Settings
from gongkai.load.attachments import Library
from gongkai.load.records import SourceRecord
from gongkai.problems import Problem
from gongkai.validate import (
    agencies,
    attachments,
    body_structure,
    cleanups,
    consultations,
    deadlines,
    decisions,
    doc_numbers,
    identity,
    personal_data,
    references,
    report_corrections,
    report_sums,
    report_text,
    reports,
    salvage,
    schema,
    stray_files,
    text,
    versions,
)
from gongkai.validate.context import Context
from gongkai.validate.memo import PER_RECORD, ValidationMemo

# Rule families, one module each; every module exposes `check(context) -> Iterable[Problem]`.
RULE_FAMILIES: list[Callable[[Context], Iterable[Problem]]] = [
    identity.check,
    agencies.check,
    references.check,
    doc_numbers.check,
    deadlines.check,
    decisions.check,
    consultations.check,
    personal_data.check,
    text.check,
    body_structure.check,
    stray_files.check,
    report_sums.check,
    report_corrections.check,
    report_text.check,
    reports.check,
    attachments.check,
    versions.check,
    cleanups.check,
]

# Rules that read every loaded record as written (`context.all_records`), not the salvaged copies:
# what they find is never a consequence of a rejected value being left out, so it is always shown.
READS_RAW_DATA: frozenset[Callable[[Context], Iterable[Problem]]] = frozenset(
    {personal_data.check, text.check, body_structure.check, stray_files.check}
)

__all__ = ["Context", "validate_records"]


def validate_records(
    records: list[SourceRecord],
    settings: Settings,
    today: dt.date,
    focus: frozenset[Path] = frozenset(),
    library: Library | None = None,
    memo: ValidationMemo | None = None,
) -> list[Problem]:
    """Every problem of every record; `focus` names the files under review (resolved paths): a clash
    between one of them and another record is reported on the file under review. `memo` (under
    `mkdocs serve`) reuses what was found about each record alone while its file is unchanged."""
    problems: list[Problem] = []
    valid: list[SourceRecord] = []
    rejected_spans: dict[str, list[salvage.Span]] = {}
    for record in records:
        problems.extend(record.file.problems)
        if not record.file.ok:
            continue
        found, rejected = (
            memo.of("schema", record, functools.partial(schema.explain, record)) if memo else schema.explain(record)
        )
        problems.extend(found)
        if not any(p.is_error for p in found):
            valid.append(record)
            continue
        # The rules still check the fields that are fine: every problem of the file in one run.
        rest, spans = salvage.salvage(record, rejected, schema.shape_errors(record.type.schema_name))
        if rest is not None:
            valid.append(rest)
            rejected_spans[record.file.display_path] = spans
    context = Context(valid, settings, today, all_records=records, focus=focus, library=library)
    for rule in RULE_FAMILIES:
        found = memo.family(rule, context) if memo and rule in PER_RECORD else rule(context)
        problems.extend(found if rule in READS_RAW_DATA else salvage.drop_inside(found, rejected_spans))
    return sorted(set(problems), key=_order)


def _order(problem: Problem) -> tuple[str, int, int, str, str]:
    return (problem.path, problem.line, problem.column, problem.severity, problem.message)
