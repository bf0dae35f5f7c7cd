"""Parsing attachments in a child process, within bounds of memory and time.

An attachment is untrusted: a 1.4 MB .docx can hold 190 MB of XML, a 0.6 MB PDF a content stream
that inflates to 200 MB, and the parsers then take gigabytes and minutes. So the build never parses
one itself: a `Worker` starts one child interpreter (running `main` below)
on the first file the text cache does not hold, and hands it the bytes of each file over a pipe.
The child limits its own address space (`RLIMIT_AS`, `MEMORY_LIMIT`) and CPU time before it
imports a parser; the parent waits at most `TIME_LIMIT` seconds of wall-clock time for each answer
and kills the child when it is late. A file the child could not finish (out of memory, killed,
crashed, late) is reported as an error at the attachment (`TOO_COMPLEX`), and the next file gets
a fresh child.

The child stays for the next file (starting it costs about 0.3 s), leaves when its memory has
grown (`RESTART_RSS`) or after `IDLE_EXIT` seconds without a file, and when the parent closes the
pipe (exits or dies). Where there are no `resource` limits or no `select` on pipes (not POSIX),
files are parsed in the process itself.

The protocol: request = 8-byte header (suffix length, size), suffix, bytes; answer = 4-byte length,
then `Extracted` as UTF-8 JSON.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import struct
import subprocess
import sys
import time
import weakref
from pathlib import Path

from gongkai.load.attachments.extracted import OTHER, Extracted

MEMORY_LIMIT = 640 * 2**20  # address space of the child (its baseline with every parser loaded: about 190 MB)
TIME_LIMIT = 90.0  # wall-clock seconds per file
IDLE_EXIT = 10.0  # the child leaves after this long without a file (the parent starts another when needed)
RESTART_RSS = 300 * 2**20  # a child that has grown beyond this leaves after its answer, giving the memory back
_START = "import sys; from gongkai.load.attachments.child import main; sys.exit(main(sys.argv[1:]))"
_HEADER = struct.Struct(">II")
_LENGTH = struct.Struct(">I")


def too_complex(memory: int, seconds: float, why: str) -> str:
    return (
        f"附件过于复杂，无法在限定的内存（{memory // 2**20} MB）和时间（{seconds:g} 秒）内读取（{why}），"
        "疑似恶意构造或异常庞大的文件"
    )


def posix() -> bool:
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return os.name == "posix"


class Worker:
    """A child interpreter that parses attachments one at a time, started when first needed."""

    def __init__(self, memory_limit: int = MEMORY_LIMIT, time_limit: float = TIME_LIMIT):
        self.memory_limit = memory_limit
        self.time_limit = time_limit
        self._process: subprocess.Popen[bytes] | None = None
        self._last_used = 0.0
        self.started = 0  # child processes started (tests)

    def extract(self, raw: bytes, suffix: str) -> Extracted:
        """What `content.extract` finds in the bytes, computed in the child; never raises for a bad file."""
        if not posix():
            from gongkai.load.attachments.content import extract

            return extract(raw, suffix)
        process = self._ready()
        deadline = time.monotonic() + self.time_limit
        try:
            assert process.stdin is not None
            encoded = suffix.encode("utf-8")
            process.stdin.write(_HEADER.pack(len(encoded), len(raw)) + encoded)
            process.stdin.write(raw)
            process.stdin.flush()
            length = _LENGTH.unpack(_read_exact(_answers(process), _LENGTH.size, deadline))[0]
            answer = json.loads(_read_exact(_answers(process), length, deadline))
        except TimeoutError:
            self.close()
            return self._failed(raw, suffix, too_complex(self.memory_limit, self.time_limit, "读取超时"))
        except (OSError, EOFError, ValueError, struct.error):  # the child died: out of memory, a crash
            self.close()
            why = "读取程序因内存不足或异常而退出"
            return self._failed(raw, suffix, too_complex(self.memory_limit, self.time_limit, why))
        self._last_used = time.monotonic()
        if process.poll() is not None:
            self.close()
        found = Extracted.from_json(answer)
        return found if found.sha256 else self._failed(raw, suffix, found.error)

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _stop(process)

    def _ready(self) -> subprocess.Popen[bytes]:
        process = self._process
        # A child about to leave for idleness is not used: it could leave while the request is on its way.
        if process is not None and (process.poll() is not None or time.monotonic() - self._last_used > IDLE_EXIT / 2):
            self.close()
            process = None
        if process is None:
            package_root = str(Path(__file__).resolve().parents[3])
            path = os.environ.get("PYTHONPATH")
            environment = {**os.environ, "PYTHONPATH": package_root + (os.pathsep + path if path else "")}
            process = subprocess.Popen(
                [sys.executable, "-c", _START, str(self.memory_limit), str(self.time_limit)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=environment,
            )
            weakref.finalize(self, _stop, process)
            self._process = process
            self.started += 1
            self._last_used = time.monotonic()
        return process

    @staticmethod
    def _failed(raw: bytes, suffix: str, error: str) -> Extracted:
        """A file the child could not finish: its type is taken as declared (the parent does not
        open a hostile container), so the error says why it was not read."""
        import hashlib

        from gongkai.load.attachments.content import sniff
        from gongkai.load.attachments.extracted import DECLARED

        kind = DECLARED.get(suffix) or sniff(raw[:1024], None)
        return Extracted(kind, len(raw), hashlib.sha256(raw).hexdigest(), error=error)


def _answers(process: subprocess.Popen[bytes]) -> int:
    assert process.stdout is not None
    return process.stdout.fileno()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    process.wait()


def _read_exact(descriptor: int, size: int, deadline: float | None = None) -> bytes:
    """`size` bytes from the pipe; TimeoutError when `deadline` (monotonic) passes first, EOFError
    when the other side closed it."""
    chunks = []
    while size > 0:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([descriptor], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(descriptor, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


# -- the child -----------------------------------------------------------------------------------


def _limit(memory: int, seconds: float) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # CPU time: a backstop for a parent that cannot kill (the wall clock is the parent's).
    cpu = int(seconds * 4) + 60
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _rss() -> int:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def main(argv: list[str]) -> int:
    memory, seconds = int(argv[0]), float(argv[1])
    _limit(memory, seconds)
    requests, answers = sys.stdin.fileno(), sys.stdout.buffer
    sys.stdout = sys.stderr  # a parser's print must not corrupt the answers
    from gongkai.load.attachments.content import extract

    while True:
        if not select.select([requests], [], [], IDLE_EXIT)[0]:
            return 0
        try:
            suffix_length, size = _HEADER.unpack(_read_exact(requests, _HEADER.size))
            suffix = _read_exact(requests, suffix_length).decode("utf-8")
            raw = _read_exact(requests, size)
        except EOFError:
            return 0
        try:
            found = extract(raw, suffix)
        except MemoryError:
            found = Extracted(OTHER, len(raw), "", error=too_complex(memory, seconds, "内存不足"))
        del raw
        encoded = json.dumps(found.to_json(), ensure_ascii=False).encode("utf-8")
        answers.write(_LENGTH.pack(len(encoded)) + encoded)
        answers.flush()
        if found.error.startswith("附件过于复杂") or _rss() > RESTART_RSS:
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
