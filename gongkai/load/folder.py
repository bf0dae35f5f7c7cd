"""Whether a path stays inside a folder once symbolic links are followed: the one check that keeps
what is published inside `data/` (record files and their bodies, `load/records.py`) and inside
`data/attachments/` (attachments, `load/attachments/read.py` and the references rule)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Folder:
    """Whether a path stays inside a folder once symbolic links are followed (`Path.resolve`), each
    directory resolved once: a file that is not itself a link resolves to its resolved directory
    joined with its name, so one `lstat` of the file does instead of one per path component."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._resolved_root: Path | None = None
        self._directories: dict[Path, Path] = {}

    def holds(self, path: Path) -> bool:
        try:
            if self._resolved_root is None:
                self._resolved_root = self.root.resolve()
            return self.resolve(path).is_relative_to(self._resolved_root)
        except (OSError, RuntimeError, ValueError):
            return False

    def resolve(self, path: Path) -> Path:
        """`path.resolve()`."""
        name = path.name
        if name in ("", ".", ".."):
            return path.resolve()
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return path.resolve()
        except OSError:  # missing (or under a file): resolve() keeps the name as written too
            pass
        directory = self._directories.get(path.parent)
        if directory is None:
            directory = self._directories[path.parent] = path.parent.resolve()
        return directory / name
