"""Reading attachments once: sniff the content type, extract text and hidden content, cache it.

Attachments are untrusted files: they are parsed in a child process with bounds on memory and
time (`child.py`), after size limits (the policy's size limit; a zip container's uncompressed size
and member count are checked before a parser sees it, see `office.py`), and any failure of a
parser becomes `Extracted.error` (`extracted.py`), a Chinese sentence for the editor, never an
exception out of the build. `extract` is what the child runs: `pdf.py`, `word.py`, `excel.py`,
`ofd.py`, `image.py` by the detected type.

The cache: one JSON file per content hash, `<cache_dir>/attachments/<sha256>-v<VERSION>.json`, so
an unchanged file is never parsed again, whatever its name, and a changed one always is. A
failure to write the cache (read-only checkout) only costs a re-parse next time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from gongkai.load.attachments.child import Worker
from gongkai.load.attachments.extracted import OTHER, Extracted
from gongkai.load.folder import Folder

VERSION = 2  # bump when extraction changes: old cache entries are then ignored


class Library:
    """The attachments under `root`, each read once per process and once per content (cache)."""

    def __init__(self, root: Path, cache_dir: Path | None, max_bytes: int, worker: Worker | None = None):
        self.root = Path(root)
        self.worker = worker or Worker()  # parses in a child process with bounds (started when first needed)
        self.cache_dir = Path(cache_dir) / "attachments" if cache_dir else None
        self.max_bytes = max_bytes
        self.folder = Folder(self.root)
        self._memo: dict[str, Extracted | None] = {}
        self.parsed = 0  # files parsed in this process (the rest came from the cache)

    def get(self, relative: str) -> Extracted | None:
        """What `data/attachments/<relative>` holds; None when missing or outside the folder
        (the references rule reports that)."""
        if relative not in self._memo:
            self._memo[relative] = self._read(relative)
        return self._memo[relative]

    def _read(self, relative: str) -> Extracted | None:
        path = self.root / relative
        if not self.folder.holds(path):
            return None
        try:
            if not path.is_file():
                return None
            size = path.stat().st_size
            if size > self.max_bytes:  # not read at all: the policy check reports the size
                return Extracted(OTHER, size, "", error="")
            raw = path.read_bytes()
        except (OSError, RuntimeError, ValueError):
            return None
        digest = hashlib.sha256(raw).hexdigest()
        cached = self._cached(digest)
        if cached is not None:
            return cached
        found = self.worker.extract(raw, path.suffix.lower().lstrip("."))
        self.parsed += 1
        if not found.error.startswith("附件过于复杂"):  # a limit reached under load may not be reached next time
            self._store(found)
        return found

    def _entry(self, digest: str) -> Path | None:
        return self.cache_dir / f"{digest}-v{VERSION}.json" if self.cache_dir else None

    def _cached(self, digest: str) -> Extracted | None:
        entry = self._entry(digest)
        if entry is None:
            return None
        try:
            return Extracted.from_json(json.loads(entry.read_bytes()))
        except (OSError, ValueError, TypeError):  # absent, or damaged: read the file again
            return None

    def _store(self, found: Extracted) -> None:
        entry = self._entry(found.sha256)
        if entry is None:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=entry.parent, delete=False, suffix=".tmp") as handle:
                handle.write(json.dumps(found.to_json(), ensure_ascii=False).encode("utf-8"))
            os.replace(handle.name, entry)  # atomic: the other build process may read it meanwhile
        except OSError:
            pass
