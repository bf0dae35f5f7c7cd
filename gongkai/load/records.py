"""Find the record files under data/ and load them: one `SourceRecord` per YAML file."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.load.characters import hidden_characters, line_and_column
from gongkai.load.files import LoadedFile, PathKey, decode, load_file
from gongkai.load.folder import Folder
from gongkai.load.tidy import tidy
from gongkai.problems import ERROR, Problem
from gongkai.types import RECORD_TYPES, RecordType

YAML_SUFFIXES = (".yaml", ".yml")
_HIDDEN_REPORTED = 20  # a body pasted from a binary file could have thousands


@dataclass
class SourceRecord:
    """A record file as loaded, before validation: its type, its file and its data."""

    type: RecordType
    path: Path
    file: LoadedFile
    body_path: Path | None = None  # sibling <id>.md holding the body, if any
    # Values the schema rejected and validation left out of `data` (see validate/salvage.py); a rule
    # that reports a missing field skips these: the schema error already names them.
    rejected: frozenset[PathKey] = frozenset()

    def rejected_at(self, path: PathKey) -> bool:
        return any(path[: len(cut)] == cut for cut in self.rejected)

    @property
    def data(self) -> dict[str, Any]:
        return self.file.data if isinstance(self.file.data, dict) else {}

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else self.stem

    def problem(self, path: PathKey, severity: str, message: str, *, at_key: bool = False) -> Problem:
        return self.file.problem(path, severity, message, at_key=at_key)

    @functools.cached_property
    def fingerprint(self) -> bytes:
        """A digest of what was read: type, file and data (its body included), taken once. Under
        `mkdocs serve` an unchanged file keeps its `SourceRecord` (gongkai.build.preview), so
        each save digests only the files read again."""
        text = json.dumps(
            [self.type.key, str(self.path), self.file.data], ensure_ascii=False, sort_keys=True, default=repr
        )
        return hashlib.sha256(text.encode("utf-8")).digest()


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible (clickable in editors)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def discover(data_dir: Path) -> list[tuple[RecordType, Path]]:
    """Every record file, in a stable order: by type, then by path."""
    found: list[tuple[RecordType, Path]] = []
    for record_type in RECORD_TYPES:
        directory = data_dir / record_type.key
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix in YAML_SUFFIXES and path.is_file():
                found.append((record_type, path))
    return found


def load_records(
    data_dir: Path, max_bytes: int, paths: list[tuple[RecordType, Path]] | None = None
) -> list[SourceRecord]:
    records = []
    inside = Folder(data_dir)  # as attachments are kept inside data/attachments/
    for record_type, path in paths if paths is not None else discover(data_dir):
        shown = display_path(path)
        if not inside.holds(path):
            records.append(SourceRecord(record_type, path, LoadedFile(shown, problems=[_outside(shown, data_dir)])))
            continue
        loaded = load_file(path, shown, max_bytes)
        tidy(loaded)
        record = SourceRecord(record_type, path, loaded)
        body = path.with_suffix(".md")
        if body.is_file() or body.is_symlink():
            record.body_path = body
            if inside.holds(body):
                _attach_body(record, body, max_bytes)
            else:
                record.file.problems.append(_outside(display_path(body), data_dir))
        records.append(record)
    return records


def _outside(shown: str, data_dir: Path) -> Problem:
    """A record file or body that is a symbolic link (or lies under one) resolving outside the data
    directory: never read, so nothing outside it (a CI runner's .git/config, say) is published."""
    return Problem(
        shown,
        1,
        1,
        ERROR,
        f"该文件是指向 {display_path(data_dir)}/ 目录之外的符号链接（或位于这样的链接之下），不会被读取和公开。"
        "请把文件本身（而不是链接）放在数据目录中。",
    )


def records_digest(records: list[SourceRecord]) -> str:
    """A digest of what was read: each record's type, file and data (its body included). Two
    processes that read the same files get the same digest; an edit in between changes it."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(record.fingerprint)
    return digest.hexdigest()


def _attach_body(record: SourceRecord, body: Path, max_bytes: int) -> None:
    """A body in a sibling .md file becomes the record's `body`; both in one record is an error."""
    shown = display_path(body)
    try:
        size = body.stat().st_size
        if size > max_bytes:
            record.file.problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    ERROR,
                    f"正文文件过大（{size:,} 字节，上限 {max_bytes:,} 字节）。请把大段内容作为附件。",
                )
            )
            return
        raw = body.read_bytes()
    except OSError as exc:
        record.file.problems.append(
            Problem(shown, 1, 1, ERROR, f"无法读取正文文件：{exc.strerror or exc}。请检查文件权限。")
        )
        return
    sink = LoadedFile(shown)
    text = decode(raw, sink)
    record.file.problems.extend(sink.problems)
    if text is None:
        return
    hidden = list(hidden_characters(text))
    for found in hidden[:_HIDDEN_REPORTED]:
        line, column = line_and_column(text, found.index)
        record.file.problems.append(Problem(shown, line, column, ERROR, f"正文{found.problem}。请删除该字符。"))
    if hidden:
        return
    if not isinstance(record.file.data, dict):
        return
    if "body" in record.file.data:
        line, column = record.file.key_pos(("body",))
        record.file.problems.append(
            Problem(
                record.file.display_path,
                line,
                column,
                ERROR,
                f"正文同时写在 body 字段和 {body.name} 中。请只保留一处。",
            )
        )
        return
    record.file.data["body"] = text
