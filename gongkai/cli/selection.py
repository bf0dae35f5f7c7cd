"""`gongkai validate <paths>`: the files under review, checked exactly as the full run checks them.

Every record is loaded and validated, as in the full run, so references, duplicate numbers and
deadlines are judged against all other records; the selection only decides which problems are
shown and which records are "under review" (a clash between a reviewed record and another one is
blamed on the reviewed record). A record's body file goes with it: naming `x.yaml` shows the
problems of `x.md` too, and naming `x.md` checks `x.yaml`. A path that does not exist is refused
(exit 2); a named file that will not be read as a record (`x.yaml.txt`, a file outside
`data/<type>/`) is an error, because nothing in it would be checked or published.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.load.records import SourceRecord, display_path
from gongkai.problems import ERROR, Problem
from gongkai.validate.stray_files import ignored_reason


class Selection:
    def __init__(self, paths: list[Path], data_dir: Path):
        self.data_dir = data_dir
        self.missing = [path for path in paths if not path.exists()]
        self.named: dict[Path, Path] = {}  # files named one by one: resolved -> as given
        self.files: set[Path] = set()  # every selected file, directories expanded
        for path in paths:
            if path.is_dir():
                self.files.update(p.resolve() for p in path.rglob("*") if p.is_file())
            elif path.exists():
                self.named[path.resolve()] = path
                self.files.add(path.resolve())
        self.shown: set[Path] = set()  # files whose problems are shown
        self.read: set[Path] = set()  # files read as a record or a record's body

    def records_in(self, records: list[SourceRecord]) -> frozenset[Path]:
        """The resolved YAML paths of the selected records (a selected body selects its record)."""
        focus = set()
        for record in records:
            path = record.path.resolve()
            body = record.body_path.resolve() if record.body_path else None
            self.read.update(p for p in (path, body) if p is not None)
            if path in self.files or (body is not None and body in self.files):
                focus.add(path)
                self.shown.update(p for p in (path, body) if p is not None)
        self.shown.update(self.files)
        return frozenset(focus)

    def problems(self, problems: list[Problem]) -> list[Problem]:
        """The problems of the selected files, and an error for each named file that is not read."""
        kept = [p for p in problems if Path(p.path).resolve() in self.shown]
        for resolved, given in self.named.items():
            if resolved in self.read:
                continue
            reason = ignored_reason(given, self.data_dir) or "这个文件不会作为记录读取。"
            shown = display_path(given)
            kept = [p for p in kept if p.path != shown]
            kept.append(Problem(shown, 1, 1, ERROR, f"{reason}（所以没有检查它的内容。）"))
        return kept
