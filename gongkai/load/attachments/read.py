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
import stat
import tempfile
from pathlib import Path

from gongkai.load.attachments import office
from gongkai.load.attachments.child import Worker
from gongkai.load.attachments.extracted import DECLARED, DOCX, JPEG, OFD, OTHER, PDF, PNG, TEXT, XLSX, ZIP, Extracted

VERSION = 2  # bump when extraction changes: old cache entries are then ignored

MAX_TEXT_CHARS = 2_000_000  # text kept per attachment (about a thousand pages)


def sniff(head: bytes, names: list[str] | None) -> str:
    """The content type from the first bytes (and, for a zip container, its member names)."""
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        members = set(names or ())
        if "word/document.xml" in members:
            return DOCX
        if "xl/workbook.xml" in members:
            return XLSX
        if "OFD.xml" in members:
            return OFD
        return ZIP
    return OTHER


def decode_text(raw: bytes) -> str | None:
    """Text as editors save it: UTF-8 (with or without BOM) or GBK/GB18030 (Excel's CSV); None if binary."""
    if b"\x00" in raw[:8192]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def extract(raw: bytes, suffix: str, depth: int = 0) -> Extracted:
    """Read the bytes of one attachment (never raises for a bad file). Runs in the child process
    (`child.py`); `depth` counts the files this one is embedded in."""
    from gongkai.load.attachments import excel, image, ofd, pdf, word

    digest = hashlib.sha256(raw).hexdigest()
    names = office.member_names(raw) if raw.startswith(b"PK\x03\x04") else None
    kind = sniff(raw[:1024], names)
    found = Extracted(kind, len(raw), digest)
    if kind == OTHER and DECLARED.get(suffix) == TEXT:
        text = decode_text(raw)
        if text is not None:
            found.kind = TEXT
            found.units = [("", text)]
        return _capped(found)
    readers = {PDF: pdf.read, DOCX: word.read_docx, XLSX: excel.read_xlsx, OFD: ofd.read_ofd}
    try:
        if kind in readers:
            readers[kind](raw, found, depth)
        elif kind in (PNG, JPEG):
            image.read(raw, found)
    except ImportError:  # a parser missing from this installation is not the file's problem (nor cached as one)
        raise
    except MemoryError:
        found.units, found.extra = [], []
        found.error = "附件过于复杂，无法在限定的内存内读取（内存不足），疑似恶意构造或异常庞大的文件"
    except Exception as exc:
        found.units, found.extra = [], []
        found.error = f"文件已损坏或格式不规范，无法读取（{type(exc).__name__}）"
    return _capped(found)


def _capped(found: Extracted) -> Extracted:
    """At most MAX_TEXT_CHARS characters of text, the running text first, then the rest."""
    total = 0
    for name in ("units", "extra"):
        units: list[tuple[str, str]] = getattr(found, name)
        for index, (where, text) in enumerate(units):
            if total + len(text) > MAX_TEXT_CHARS:
                setattr(found, name, units[:index] + [(where, text[: MAX_TEXT_CHARS - total])])
                found.truncated = True
                total = MAX_TEXT_CHARS
                break
            total += len(text)
    return found


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
