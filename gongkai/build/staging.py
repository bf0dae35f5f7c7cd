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

Publishing runs while MkDocs writes its pages into the same site directory, sometimes into the same
folders (agencies/<code>/ holds an agency's page and its feeds). A folder is therefore never
renamed onto an existing one, not even an empty one: MkDocs may have just made it and be about to
create a page in it, and a file cannot be created in a folder that a rename has unlinked
(ENOENT, seen under `mkdocs serve`). A staged folder is renamed whole only where nothing exists
yet (renameat2 with RENAME_NOREPLACE, so that the check and the rename are one step); otherwise
its entries are moved into the existing folder one by one. Files are replaced by os.replace,
which is atomic for a reader and never touches a folder.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import uuid
from collections.abc import Callable
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
    """Move `source` to `target`: a file replaces what is there; a folder is renamed whole only if
    `target` does not exist, else merged into it entry by entry (see the module's docstring)."""
    if not source.is_dir() or source.is_symlink():
        os.replace(source, target)
        return
    if _rename_if_absent(source, target):
        return
    target.mkdir(exist_ok=True)
    for entry in os.scandir(source):
        _move(Path(entry.path), target / entry.name)


_RENAME_NOREPLACE = 1  # linux/fs.h
_AT_FDCWD = -100


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc < 2.28, musl < 1.2.?)
        return None


_RENAMEAT2 = _renameat2()


def _rename_if_absent(source: Path, target: Path) -> bool:
    """Rename `source` to `target` if nothing is at `target`, in one step; False if something is,
    or if this system cannot check and rename in one step (the caller then merges)."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EEXIST, errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # exists, or unsupported here
        return False
    raise OSError(code, os.strerror(code), str(source), None, str(target))
