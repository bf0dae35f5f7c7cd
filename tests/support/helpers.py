"""Test helpers: write minimal valid records into a temporary data directory and validate them.

`write_record(data_dir, "documents", "a", title="…")` writes `data/documents/a.yaml` with every
required field filled and the overrides applied (an override of `None` removes the field), and
returns the path. `run(data_dir, today)` loads and validates everything under `data_dir`.
`matching`, `only` and `assert_clean` pick out of the problems a run returns.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from gongkai.config import Settings
from gongkai.load.records import load_records
from gongkai.problems import Problem
from gongkai.validate import validate_records

TODAY = dt.date(2024, 12, 31)

_COMMON: dict[str, Any] = {"issuer": "河南省机关事务管理局", "disclosure": "主动公开", "publish_date": "2024-03-01"}
MINIMAL: dict[str, dict[str, Any]] = {
    "documents": {"title": "关于公务用车管理的通知", "signed_date": "2024-02-26"},
    "interpretations": {"title": "公务用车管理办法解读", "interprets": "doc"},
    "decisions": {"title": "公务用车制度改革", "catalog_year": 2024, "stage": "拟决策"},
    "consultations": {"title": "征求意见稿", "from": "2024-03-01", "to": "2024-03-30"},
    "powers": {"title": "公务用车监督检查", "code": "000123", "category": "行政检查"},
}


def record_data(type_key: str, record_id: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": record_id, **_COMMON, **MINIMAL[type_key]}
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_record(data_dir: Path, type_key: str, record_id: str, *, stem: str | None = None, **overrides: Any) -> Path:
    """Write a minimal valid record of `type_key` (with overrides) as data/<type>/<stem>.yaml."""
    directory = data_dir / type_key
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stem or record_id}.yaml"
    text = yaml.safe_dump(record_data(type_key, record_id, **overrides), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def write_attachment(data_dir: Path, relative: str, content: bytes | None = None) -> Path:
    """Write an attachment; without `content`, a real file of the type its name declares."""
    from attachment_files import default_content

    path = data_dir / "attachments" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(default_content(relative) if content is None else content)
    return path


def write_with_escape(data_dir: Path, escape: str, *, where: str = "title") -> Path:
    """A minimal document whose `where` value holds `escape` as written in YAML (a double-quoted escape)."""
    path = write_record(data_dir, "documents", "doc")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{where}:"))
    lines[index] = f'{where}: "关于{escape}公务用车管理的通知"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(data_dir: Path, today: dt.date = TODAY, **settings: Any) -> list[Problem]:
    records = load_records(data_dir, 1_000_000)
    return validate_records(records, Settings(data_dir=data_dir, **settings), today)


def line_of(path: Path, key: str) -> int:
    """1-based line of the first line starting with `key:` (possibly indented or after “- ”)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().lstrip("- ").startswith(f"{key}:"):
            return number
    raise AssertionError(f"{key} not found in {path}")


@contextlib.contextmanager
def finishes(within: float = 60.0) -> Iterator[None]:
    """Fail (instead of hanging) if the block runs longer than `within` seconds.

    A guard for pathological input, where a regression means minutes or hours (a quadratic parser
    on a megabyte), not a speed check: speed is measured by scripts/benchmark.py, and a bound this
    loose does not flake on a loaded machine."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {within} s: pathological input is no longer handled in linear time")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, within)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def matching(problems: list[Problem], text: str, severity: str | None = None) -> list[Problem]:
    return [p for p in problems if text in p.message and (severity is None or p.severity == severity)]


def only(problems: list[Problem], text: str, severity: str) -> Problem:
    found = matching(problems, text, severity)
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


def assert_clean(problems: list[Problem]) -> None:
    assert problems == [], [p.format() for p in problems]
