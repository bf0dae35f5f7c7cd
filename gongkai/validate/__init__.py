"""Validation: every problem of every record in one run.

`validate_records` runs the schema check on each file, then the cross-record rules on the records
whose shape is right. Each rule family is a module with a `check(context)` generator of problems;
adding a family means adding it to `RULE_FAMILIES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from gongkai.config import Settings
from gongkai.problems import Problem
from gongkai.sources import SourceRecord
from gongkai.validate import consultations, deadlines, decisions, doc_numbers, identity, references, schema
from gongkai.validate import personal_data, text
from gongkai.validate.context import Context

# Rule families, one module each; every module exposes `check(context) -> Iterable[Problem]`.
RULE_FAMILIES: list[Callable[[Context], Iterable[Problem]]] = [
    identity.check,
    references.check,
    doc_numbers.check,
    deadlines.check,
    decisions.check,
    consultations.check,
    personal_data.check,
    text.check,
]

__all__ = ["Context", "validate_records"]

def validate_records(records: list[SourceRecord], settings: Settings, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    valid: list[SourceRecord] = []
    for record in records:
        problems.extend(record.file.problems)
        if record.file.ok:
            found = schema.check(record)
            problems.extend(found)
            if not any(p.is_error for p in found):
                valid.append(record)
    context = Context(valid, settings, today, all_records=records)
    for rule in RULE_FAMILIES:
        problems.extend(rule(context))
    return sorted(set(problems), key=_order)


def _order(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.column, problem.severity, problem.message)
