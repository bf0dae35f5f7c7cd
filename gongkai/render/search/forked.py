"""A forked process that does some of a build's independent steps while the parent does others.

The gram index of a province's portal is built level by level, each level in parts whose lists
are independent (`gongkai.render.search.corpus.Parts`); one process does them one after another
while the machine has a second core. `Forked` is a child forked from the builder (it shares the
text copy-on-write: the child only reads it) that runs `work(job)` on the jobs handed to it, in
order, and hands back each result through a file (a pipe would block the child until the parent
reads); the parent takes the results back in the order it handed the jobs out, so that what it
writes is what one process would have written.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import numpy as np

Job = TypeVar("Job")
Result = TypeVar("Result")
Made = TypeVar("Made")


def can_fork() -> bool:
    """Whether this process may fork a helper (a daemonic process may have no children)."""
    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


class Forked(Generic[Job, Result]):
    """`work` run in a forked child on each job `submit` hands it; `result` gives the results in
    the order of the jobs. Jobs and results travel as pickles in files under `folder`."""

    def __init__(self, work: Callable[[Job], Result], folder: Path):
        self.work, self.folder = work, folder
        self.submitted = self.received = 0
        context = multiprocessing.get_context("fork")
        jobs_in, self.jobs = context.Pipe(duplex=False)
        self.done, done_out = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(jobs_in, done_out), daemon=True)
        self.process.start()
        jobs_in.close()
        done_out.close()

    def _path(self, kind: str, number: int) -> Path:
        return self.folder / f"{kind}{number}.pickle"

    def _run(self, jobs: Connection, done: Connection) -> None:
        try:
            while (number := jobs.recv()) is not None:
                path = self._path("job", number)
                job = pickle.loads(path.read_bytes())
                path.unlink()
                result = self.work(job)
                del job
                self._path("result", number).write_bytes(pickle.dumps(result, protocol=5))
                del result
                done.send(("done", number))
        except BaseException as exc:  # handed to the parent, which raises it
            done.send(("failed", f"{type(exc).__name__}: {exc}"))
        finally:
            done.close()

    def submit(self, job: Job) -> None:
        self._path("job", self.submitted).write_bytes(pickle.dumps(job, protocol=5))
        self.jobs.send(self.submitted)
        self.submitted += 1

    def result(self) -> Result:
        """The result of the earliest job whose result has not been taken (waits for it)."""
        assert self.received < self.submitted, "no job is waiting"
        try:
            outcome: Any = self.done.recv()
        except EOFError:
            outcome = ("failed", "the process ended without a result")
        if outcome[0] != "done":
            self.stop()
            raise RuntimeError(f"a forked part of the search index failed: {outcome[1]}")
        path = self._path("result", self.received)
        result: Result = pickle.loads(path.read_bytes())
        path.unlink()
        self.received += 1
        return result

    def close(self) -> None:
        """Ends the child once its jobs are done (or at once, if it is still busy: a failure)."""
        if self.process.is_alive() and self.received == self.submitted:
            self.jobs.send(None)
            self.process.join(timeout=60)
        self.stop()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.jobs.close()
        self.done.close()


def in_order(
    work: Callable[[np.ndarray, int], Made],
    helper: Forked[tuple[np.ndarray, int], object] | None,
    parts: Iterable[np.ndarray],
    length: int,
) -> Iterator[Made]:
    """`work(starts, length)` of each part of a level (its grams' starts), in part order. With a
    helper (whose work gives the same for the same part), in pairs: the second part goes to the
    helper before this process does the first, so both are at work, and the results come in part
    order: what the caller writes is the same, byte for byte, as from one process."""
    parts = iter(parts)
    for starts in parts:
        second = next(parts, None) if helper is not None else None
        if helper is not None and second is not None:
            helper.submit((second, length))
        yield work(starts, length)
        del starts
        if helper is not None and second is not None:
            del second
            yield cast(Made, helper.result())
