"""Running and measuring a command for the benchmark: wall time, CPU time, the largest process's
peak RSS, and the peak of all its processes together (a build is a main process and an output
process, and a machine must hold both at once)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds of the child
    rss: int  # peak resident set size of the child's largest process, bytes
    code: int
    stderr: str
    total: int = 0  # peak of the memory of all its processes together (sampled PSS), bytes


GNU_TIME = Path("/usr/bin/time")


def run_child(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Wall time measured here; CPU time and peak RSS of the command itself (of its largest
    process: a process's peak RSS from wait4 or GNU time is the largest of it and its descendants);
    and the peak of all its processes' memory together, sampled (`TreeMemory`).

    A child's peak RSS as reported by wait4 includes the memory of this (larger) process it was
    forked from, so when GNU time is available it runs the command and reports its figures instead.
    """
    with tempfile.TemporaryDirectory() as tmp:
        usage_file = Path(tmp) / "usage"
        wrapped = [str(GNU_TIME), "-q", "-o", str(usage_file), "-f", "%M %U %S", *cmd] if GNU_TIME.is_file() else cmd
        with open(Path(tmp) / "stderr", "w+b") as err:
            start = time.perf_counter()
            process = subprocess.Popen(wrapped, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
            sampler = TreeMemory(process.pid)
            _pid, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            total = sampler.stop()
            process.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
        cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024
        if GNU_TIME.is_file() and usage_file.is_file():
            fields = usage_file.read_text().split()[-3:]
            rss, cpu = int(fields[0]) * 1024, float(fields[1]) + float(fields[2])
    return Run(wall, cpu, rss, process.returncode, text, total)


SPIN = "while True: pass"


@contextlib.contextmanager
def busy(processes: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`processes` CPU-bound processes (a Python busy loop each) running until the block ends: a
    busy CI runner or an editor's laptop doing something else, reproducibly."""
    spinning = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(processes)]
    try:
        yield spinning
    finally:
        for process in spinning:
            process.kill()
            process.wait()


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.wall)


def env_with(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", **extra})
    return env


class TreeMemory:
    """Samples, every `interval` seconds until `stop()`, the memory of a process and all its
    descendants together, and keeps the peak. Each process counts its proportional set size
    (PSS: shared pages divided among the processes sharing them, so nothing is counted twice),
    or its RSS where the kernel gives no PSS."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.root, self.interval, self.peak = pid, interval, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_memory(pid) for pid in _tree(self.root)))
            self._done.wait(self.interval)


def _tree(root: int) -> list[int]:
    found, i = [root], 0
    while i < len(found):
        try:
            for task in os.listdir(f"/proc/{found[i]}/task"):
                with open(f"/proc/{found[i]}/task/{task}/children") as children:
                    found += [int(pid) for pid in children.read().split()]
        except OSError:  # gone meanwhile, or no /proc
            pass
        i += 1
    return found


def _memory(pid: int) -> int:
    """Bytes: PSS from smaps_rollup, else VmRSS, else 0 (the process is gone)."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0
