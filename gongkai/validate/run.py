"""One validation run as the build and `gongkai validate` make it: read every record, validate
them all, and tell whether the run fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gongkai.config import Settings
from gongkai.load.attachments import Library
from gongkai.load.files import collector_paused
from gongkai.load.records import SourceRecord, load_records, records_digest
from gongkai.problems import Problem
from gongkai.validate import validate_records
from gongkai.validate.memo import ValidationMemo


@dataclass
class Run:
    records: list[SourceRecord]
    digest: str  # of the records as read (gongkai.load.records.records_digest), if asked for
    problems: list[Problem]
    focus: frozenset[Path]  # the files under review (`validate_records`)


def load_and_validate(
    settings: Settings,
    today: dt.date,
    *,
    load: Callable[[Path, int], list[SourceRecord]] = load_records,
    focus: Callable[[list[SourceRecord]], frozenset[Path]] | None = None,
    library: Library | None = None,
    memo: ValidationMemo | None = None,
    validate: bool = True,
    digest: bool = False,
) -> Run:
    """Read the records under `settings.data_dir` with `load` (the preview's reads only changed
    files) and validate them (unless `validate` is False: the output process only reads). `focus`
    picks the files under review from the records read; `digest`: the digest of what was read,
    taken before validation (a build compares it with the output process's)."""
    with collector_paused():  # the records hold no cycles: no need to walk them while they pile up
        records = load(settings.data_dir, settings.max_file_bytes)
        read = records_digest(records) if digest else ""
        files = focus(records) if focus else frozenset()
        problems = (
            validate_records(records, settings, today, focus=files, library=library, memo=memo) if validate else []
        )
    return Run(records, read, problems, files)


def fails(problems: list[Problem], strict: bool) -> bool:
    """Whether these problems fail the run: any error, or with `strict` any warning."""
    errors = sum(p.is_error for p in problems)
    return bool(errors or (strict and len(problems) - errors))
