"""Files written into a folder tree, each folder created once (thousands of files share a few
hundred folders: one `mkdir` each, not one per file)."""

from __future__ import annotations

import shutil
from pathlib import Path


class Folders:
    """Remembers the folders it has made (or found), so that each is created once."""

    def __init__(self) -> None:
        self.made: set[Path] = set()

    def target(self, path: Path) -> Path:
        """`path`, once its folder exists."""
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        return path

    def forget(self, folder: Path) -> None:
        """Forget `folder` and the folders inside it (they were moved away)."""
        self.made = {p for p in self.made if not p.is_relative_to(folder)}


def copy_attachments(site_dir: Path, attachments: list[tuple[str, Path]], folders: Folders | None = None) -> None:
    """Copy (site-relative path, source) pairs from `SiteBuild.attachments` into the site."""
    folders = folders or Folders()
    for relative, source in attachments:
        shutil.copyfile(source, folders.target(site_dir / "attachments" / relative))
