"""All problems of a file in one run: a record the schema rejects still gets the rule checks on the
fields that are fine.

The values the schema rejected are removed from a copy of the record's data (a rejected list item
removes its whole list, so list positions keep matching the file; a nested mapping missing a
required field is removed whole) until what is left has the schema's shape. Only required
top-level fields may then be missing, so the rules read every field with `.get`. The rules run on
that copy; a rule problem inside a rejected value is dropped, since the schema error at that spot
is the one to fix first (one error per slip), and a rule that reports a missing field skips the
fields left out (`SourceRecord.rejected_at`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from gongkai.load.data import value_at
from gongkai.load.files import LoadedFile, PathKey
from gongkai.load.records import SourceRecord
from gongkai.problems import Problem

MAX_ROUNDS = 5  # each round removes at least one value; real records settle in one or two

Span = tuple[int, int]  # first and last line of a rejected value


def salvage(
    record: SourceRecord, rejected: list[PathKey], errors_of: Callable[[Any], Iterable[PathKey]]
) -> tuple[SourceRecord | None, list[Span]]:
    """A copy of `record` without the rejected values, and the lines those values occupy.

    `errors_of(data)` gives the paths the schema (without its top-level `required`) rejects in
    `data`; None is returned when the data does not settle into the schema's shape.
    """
    data = copy.deepcopy(record.data)
    removed: list[PathKey] = []
    paths = list(rejected)
    for _ in range(MAX_ROUNDS):
        cut = sorted({_cut(path) for path in paths if path}, key=len)
        if not cut and paths:
            return None, []  # the record itself has the wrong shape
        for path in cut:
            if not any(path[: len(done)] == done for done in removed) and _remove(data, path):
                removed.append(path)
        paths = list(errors_of(data))
        if not paths:
            break
    else:
        return None, []
    file = record.file
    copy_file = file.with_data(data)
    spans = [_span(file, path) for path in removed]
    return SourceRecord(record.type, record.path, copy_file, record.body_path, frozenset(removed)), spans


def _cut(path: PathKey) -> PathKey:
    """Where to cut: the path itself, or the list holding a rejected item (keeps indexes right)."""
    for index, part in enumerate(path):
        if isinstance(part, int):
            return path[:index]
    return path


def _remove(data: Any, path: PathKey) -> bool:
    parent = value_at(data, path[:-1])
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
        return True
    return False


def _span(file: LoadedFile, path: PathKey) -> Span:
    lines = [
        line
        for where in (file.positions, file.key_positions)
        for p, (line, _c) in where.items()
        if p[: len(path)] == path
    ]
    return (min(lines), max(lines)) if lines else (0, 0)


def drop_inside(problems: Iterable[Problem], spans: dict[str, list[Span]]) -> list[Problem]:
    """Rule problems that do not stand inside a value the schema already rejected."""
    return [p for p in problems if not any(first <= p.line <= last for first, last in spans.get(p.path, ()))]
