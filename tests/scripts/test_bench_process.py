"""The benchmark's memory figures: the largest process and all of a command's processes together."""

from __future__ import annotations

import sys
from pathlib import Path

from bench_process import run_child

# A process that holds 150 MB for a second, and starts a second one that does the same.
HOLD = "import time; block = bytearray(150 * 1024 * 1024); block[::4096] = b'x' * len(block[::4096]); time.sleep(1.5)"
PARENT = (
    f"import subprocess, sys; child = subprocess.Popen([sys.executable, '-c', {HOLD!r}]); exec({HOLD!r}); child.wait()"
)


def test_the_peak_of_all_processes_together_counts_every_process(tmp_path: Path):
    run = run_child([sys.executable, "-c", PARENT], tmp_path)
    assert run.code == 0
    megabyte = 1024 * 1024
    assert 150 * megabyte <= run.rss < 250 * megabyte  # one process at a time
    assert run.total >= 300 * megabyte  # both at once


def test_busy_runs_cpu_bound_processes_until_the_block_ends():
    import subprocess

    import pytest
    from bench_process import busy

    with busy(1) as spinning:
        with pytest.raises(subprocess.TimeoutExpired):
            spinning[0].wait(timeout=0.5)  # still running half a second later
        with open(f"/proc/{spinning[0].pid}/stat") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[11])  # utime, clock ticks
        assert ticks > 0  # it spins
    assert spinning[0].poll() is not None  # ended with the block
