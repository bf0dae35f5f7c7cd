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

One parse per file per build: `mkdocs build` runs two processes (the main one validates, the
output process loads the records itself), each with its own Library and parsing child. On a cold
cache both would parse the same hostile file at once, each child up to its memory limit. So
"read the cache, parse, write the cache" runs under an advisory lock per content hash
(`fcntl.flock` on `<cache_dir>/locks/<sha256>.lock`): one process parses, the other waits and
then reads the cache. A file the child could not finish ("too complex") is not cached for good (a
limit reached under load may not be reached next time), but for `FAILED_FOR` seconds, with the
limits it was measured under (`<sha256>-v<VERSION>-failed.json`): long enough for the other
process of the same build, which waited for it, not to parse the file again; short enough that the
next build tries again. Without `fcntl` (not POSIX) or a writable cache there is no lock, and each
process parses on its own as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongkai.load.attachments.child import Worker
from gongkai.load.attachments.extracted import OTHER, Extracted
from gongkai.load.folder import Folder

if TYPE_CHECKING:
    from gongkai.config import Settings

VERSION = 2  # bump when extraction changes: old cache entries are then ignored
FAILED_FOR = 600.0  # seconds a "too complex" result stands for other processes (the build's lifetime)
TOO_COMPLEX = "附件过于复杂"  # how `child.too_complex` starts


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

    @classmethod
    def for_settings(cls, settings: Settings) -> Library:
        """The attachments of the data directory, read under the settings' limits and cache."""
        return cls(Path(settings.data_dir) / "attachments", settings.cache_dir, settings.attachment_max_bytes)

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
        with self._locked(digest):  # the other build process may be parsing the same file: wait for it
            cached = self._cached(digest) or self._failed(digest)
            if cached is not None:
                return cached
            found = self.worker.extract(raw, path.suffix.lower().lstrip("."))
            self.parsed += 1
            if found.error.startswith(TOO_COMPLEX):  # a limit reached under load may not be reached next time
                self._store_failed(found)
            else:
                self._store(found)
        return found

    @contextlib.contextmanager
    def _locked(self, digest: str) -> Iterator[None]:
        """Holds the advisory lock of one content hash; no lock without fcntl or a writable cache."""
        try:
            import fcntl
        except ImportError:
            yield
            return
        if self.cache_dir is None:
            yield
            return
        try:
            locks = self.cache_dir.parent / "locks"  # not among the entries: that folder holds results only
            locks.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(locks / f"{digest}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            yield
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # released when the descriptor is closed, or the process dies
            yield
        finally:
            os.close(descriptor)

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

    def _limits(self) -> list[float]:
        return [self.worker.memory_limit, self.worker.time_limit]

    def _failed(self, digest: str) -> Extracted | None:
        """A "too complex" result another process found recently under the same limits."""
        entry = self._entry(digest)
        if entry is None:
            return None
        try:
            stored = json.loads(entry.with_name(entry.stem + "-failed.json").read_bytes())
            if stored["limits"] != self._limits() or not 0 <= time.time() - stored["written"] < FAILED_FOR:
                return None
            return Extracted.from_json(stored["found"])
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def _store_failed(self, found: Extracted) -> None:
        entry = self._entry(found.sha256)
        if entry is not None:
            stored = {"written": time.time(), "limits": self._limits(), "found": found.to_json()}
            self._write(entry.with_name(entry.stem + "-failed.json"), stored)

    def _store(self, found: Extracted) -> None:
        entry = self._entry(found.sha256)
        if entry is not None:
            self._write(entry, found.to_json())

    @staticmethod
    def _write(entry: Path, value: Any) -> None:
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=entry.parent, delete=False, suffix=".tmp") as handle:
                handle.write(json.dumps(value, ensure_ascii=False).encode("utf-8"))
            os.replace(handle.name, entry)  # atomic: the other build process may read it meanwhile
        except OSError:
            pass
