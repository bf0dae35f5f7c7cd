"""Which agencies a province's CI must rebuild: those whose project folder (`source` in
portal.yml) changed since a commit.

A change outside every agency's folder (gongkai itself, pyproject.toml, a shared file) rebuilds
every agency, except a change to portal.yml alone (the portal reads only the outputs). An agency
without `source`, a first push (no earlier commit) or a commit git does not know rebuilds every
agency too: rebuilding too much is slow, rebuilding too little publishes stale pages.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from gongkai.portal.config import PortalConfig

__all__ = ["changed_agencies"]


def _git(folder: Path, *args: str) -> list[str] | None:
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=120)
    except OSError:
        return None
    return result.stdout.splitlines() if result.returncode == 0 else None


def changed_agencies(config: PortalConfig, config_file: Path, since: str) -> list[str]:
    """The ids of the agencies to rebuild, in portal.yml's order."""
    everyone = [a.id for a in config.agencies]
    if not since.strip("0") or any(a.source is None for a in config.agencies):
        return everyone
    folder = config_file.resolve().parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    names = _git(folder, "diff", "--name-only", since, "HEAD", "--")
    if not top or names is None:
        return everyone
    changed = [(Path(top[0]) / name).resolve() for name in names]
    sources = {a.id: a.source for a in config.agencies if a.source is not None}
    found: set[str] = set()
    for path in changed:
        owners = [agency_id for agency_id, source in sources.items() if path.is_relative_to(source)]
        if owners:
            found.update(owners)
        elif path != config_file.resolve():
            return everyone
    return [agency_id for agency_id in everyone if agency_id in found]
