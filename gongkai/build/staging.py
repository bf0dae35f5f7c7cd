"""Output files written as soon as they are made, into a hidden folder of the site directory, and
moved into the site at once when the build may publish them.

The output process (gongkai.build.output.OutputJob) makes feeds, open data and the search index before
the records have passed validation, and may publish nothing until they have. Holding those files
in memory until then made it the build's largest process (1.8 GB at 30,000 records). Staged on
disk instead, they cost no memory; the folder is inside the site directory (so moving is a rename
on the same file system) and hidden (MkDocs' cleaning of the site directory leaves it alone).

Because MkDocs' cleaning leaves it alone, a build killed before it could discard its folder (SIGKILL
of both processes: the OOM killer, a cancelled CI job) left it in the site for good, holding feeds
computed from records that had not passed (or had failed) validation, and the next build
published it. So every output job starts by removing every staging folder left in the site
directory (`Staging.remove_leftovers`): one plugin instance runs one output job at a time (the
previous one is joined or cancelled first), and two builds into one site directory at once are
not supported anyway.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from gongkai.build.folders import Folders


class Staging:
    """A write-only mapping of site-relative path -> bytes, kept under `site_dir/.gongkai-staging-*`."""

    PREFIX = ".gongkai-staging-"

    def __init__(self, site_dir: Path, name: str | None = None):
        self.site_dir = Path(site_dir)
        self.root = self.site_dir / (name or f"{self.PREFIX}{uuid.uuid4().hex}")
        self._folders = Folders()

    @classmethod
    def remove_leftovers(cls, site_dir: Path) -> list[Path]:
        """Remove every staging folder in `site_dir` (left by a build that was killed); return them."""
        try:
            found = [Path(entry.path) for entry in os.scandir(site_dir) if entry.name.startswith(cls.PREFIX)]
        except OSError:  # no site directory yet
            return []
        for path in found:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        return found

    def __setitem__(self, relative: str, content: bytes) -> None:
        self._folders.target(self.root / relative).write_bytes(content)

    def update(self, files: dict[str, bytes]) -> None:
        for relative, content in files.items():
            self[relative] = content

    def move(self, old: str, new: str) -> None:
        """Rename the staged folder `old` (site-relative, ending in "/") to `new`."""
        target = self.root / new
        target.parent.mkdir(parents=True, exist_ok=True)
        if (self.root / old).is_dir():
            os.replace(self.root / old, target)
        self._folders.forget(self.root / old)

    def publish(self) -> None:
        """Move every staged file to its place in the site (replacing what is there), then remove the folder."""
        if self.root.is_dir():
            for entry in os.scandir(self.root):
                _move(Path(entry.path), self.site_dir / entry.name)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _move(source: Path, target: Path) -> None:
    """Rename `source` to `target`; a folder whose target already exists is merged into it."""
    try:
        os.replace(source, target)  # a file, or a folder whose target is absent (or empty)
        return
    except OSError:
        if not (source.is_dir() and target.is_dir()):
            raise
    for entry in os.scandir(source):
        _move(Path(entry.path), target / entry.name)
