"""The output process: feeds, open data, the search index and the public attachments, made by a
child process on a second core while the main process validates the records and renders pages.

Memory: the gram index's arrays are the biggest of the build, and a process that has held the
catalog cannot give the catalog's memory back to the system (Python keeps it for its own small
objects). So, on POSIX, once the output process has written feeds, open data and the snippets,
it replaces itself (`os.execv`, same process, same pipe) with a fresh interpreter that builds the
gram index from the normalised text alone (`python -m gongkai.build.output`), then finishes the
protocol below. Elsewhere, or with GONGKAI_INDEX_IN_PROCESS=1, the same steps run in the output
process itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import sys
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# Only what every process that imports this module needs: the main process imports it to start the
# job (and never builds an index: NumPy stays out of it), the output process's fresh interpreter to
# finish it (`_Rest.run`). Records and outputs are imported where they are used, before the
# hand-over (0.14 s of imports after it instead of 0.37 s); validation and pages never are.
from gongkai.build.folders import copy_attachments
from gongkai.build.staging import Staging
from gongkai.errors import GongkaiError

if TYPE_CHECKING:
    from gongkai.build.site import SiteBuild
    from gongkai.config import Settings
    from gongkai.render.search.write import SearchText
    from gongkai.render.spec import SiteInfo

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # on the fresh interpreter's path


class OutputProcessError(GongkaiError):
    """The output process failed; the message is its traceback."""


def start_output_files(build: SiteBuild, site_dir: Path) -> OutputJob:
    """Start computing feeds, exports and the search index in a child process, which also
    copies the public attachments; `release()` the job once `site_dir` may be written to,
    then `join()` it.

    They need nothing from the pages, so the child computes them on a second core while the
    caller validates the records and renders pages (the search index is the costliest output).
    The child reads and gates the records itself; its files are only written on release,
    so a build that fails validation writes none of them, and only if the child read what
    this process validated (the digests agree): otherwise this process writes them.
    """
    return OutputJob(build, site_dir)


class OutputJob:
    """Output files computed by a child process while the parent validates and renders pages.

    The child is started with "spawn", not "fork": after a fork, the parent's reference counting
    touches every shared page and the copy-on-write faults cost more than the work saved. The
    child re-reads the records and builds its own catalog with the same build date, so the gate
    is the same; the parent only releases (and so publishes) its files after the records have
    passed validation. The release carries the digest of the records the parent validated; the
    child writes only if its own read has the same digest (a record edited during the build, as
    under `mkdocs serve`, would otherwise publish feeds, exports and search from files that were
    never validated), else it writes nothing and the parent computes the files from its read.
    """

    # Why the parent wrote the files itself (join's answer).
    DIED = "died"
    STALE = "stale"

    def __init__(self, build: SiteBuild, site_dir: Path):
        self.build, self.site_dir = build, site_dir
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe()
        Staging.remove_leftovers(site_dir)  # a killed build's folder must not reach this site
        self.staging = Staging(site_dir)  # where the child writes its files until released
        arguments = (build.settings, build.today, build.site, self.staging, child_end)
        self.process = context.Process(target=_write_in_child, args=arguments, daemon=True)
        self.process.start()
        child_end.close()

    def release(self) -> None:
        """Let the child write its files (the site directory is ready for them), if it read the
        records this process validated."""
        with contextlib.suppress(OSError):  # the child has already ended (with an error): join() reports it
            self.connection.send((_WRITE, self.build.digest))

    def join(self) -> str | None:
        """Wait for the files; raise OutputProcessError with the child's traceback if it failed.

        None when the child wrote them. A child that read other records than this process
        validated (STALE), or died without a word (DIED: killed, out of memory, or unable to
        start, as when a script without an `if __name__ == "__main__":` guard builds the site), is
        not an error in the site: this process then writes the files itself from its own read and
        says why (the caller warns).
        """
        try:
            message = self.connection.recv()  # only sent on failure or a stale read
        except (EOFError, OSError):  # the child closed the pipe: it finished or died without a message
            message = ""
        self.process.join()
        self.staging.discard()  # left over if the child failed or read stale records
        if message == _STALE:
            reason = self.STALE
        elif self.process.exitcode == 0:
            return None
        elif message:
            raise OutputProcessError(message)
        else:
            reason = self.DIED
        self.build.publish_outputs(self.site_dir, self.build.output_files())
        return reason

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere); it writes nothing."""
        self.process.terminate()
        self.process.join()
        self.connection.close()
        self.staging.discard()


_WRITE, _STALE = "write", "stale"


@dataclass
class _Rest:
    """What is left to do once feeds, open data and snippets are staged: build the gram index,
    wait for the release, publish (or not) and copy the attachments."""

    staging: Staging
    digest: str  # of the records this process read (`gongkai.load.records.records_digest`)
    attachments: list[tuple[str, Path]]
    text: SearchText

    def run(self, connection: multiprocessing.connection.Connection) -> None:
        from gongkai.render.search.write import remove_old_indexes, write_index

        write_index(self.text)
        try:
            order, validated = connection.recv()
        except (EOFError, OSError):  # the parent went away or cancelled the build
            self.staging.discard()
            return
        if order != _WRITE or validated != self.digest:  # cancelled, or a record changed between the two reads
            self.staging.discard()
            if order == _WRITE:
                connection.send(_STALE)
            return
        self.staging.publish()
        remove_old_indexes(self.staging.site_dir)  # only under `mkdocs serve`, whose site is updated in place
        copy_attachments(self.staging.site_dir, self.attachments)

    def hand_over(self, connection: multiprocessing.connection.Connection) -> None:
        """Continue in a fresh interpreter in this process (see the module's docstring); does not return.

        What is left to do goes over in a temporary file without a name (open, already unlinked),
        whose descriptor the new interpreter inherits: a build cancelled at any moment leaves
        nothing behind."""
        handed = tempfile.TemporaryFile(prefix="gongkai-index-")  # noqa: SIM115 (kept open: the new interpreter inherits it)
        pickle.dump(self, handed, protocol=pickle.HIGHEST_PROTOCOL)
        handed.flush()
        handed.seek(0)
        for descriptor in (handed.fileno(), connection.fileno()):
            os.set_inheritable(descriptor, True)
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGE_ROOT), environment.get("PYTHONPATH")) if p)
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(
            sys.executable,
            [sys.executable, "-m", "gongkai.build.output", str(handed.fileno()), str(connection.fileno())],
            environment,
        )


def _in_a_fresh_process() -> bool:
    return os.name == "posix" and os.environ.get("GONGKAI_INDEX_IN_PROCESS") != "1"


@contextlib.contextmanager
def _reporting(connection: multiprocessing.connection.Connection) -> Iterator[None]:
    """A failure inside is reported to the parent (which fails the build with it); the pipe is
    closed at the end, whichever interpreter of the output process runs the block."""
    try:
        yield
    except BaseException as exc:
        connection.send("".join(traceback.format_exception(exc)))
        raise
    finally:
        connection.close()


def _write_in_child(
    settings: Settings,
    today: dt.date,
    site: SiteInfo,
    staging: Staging,
    connection: multiprocessing.connection.Connection,
) -> None:
    from gongkai.build.site import SiteBuild
    from gongkai.load.files import collector_paused
    from gongkai.load.records import load_records, records_digest

    with _reporting(connection):
        build = SiteBuild(settings, today, site_name=site.name, site_url=site.url, extra=site.extra)
        with collector_paused():  # as in `gongkai.validate.run.load_and_validate`, the catalog too
            # Read as the main process does (`SiteBuild.validate`), not validated: the main process does.
            build.records = load_records(settings.data_dir, settings.max_file_bytes)
            digest = records_digest(build.records)
            build.make_catalog()
        build.release_sources()
        gc.freeze()  # the catalog is walked by no collection while it is in use
        attachments = build.attachments()
        rest = _Rest(staging, digest, attachments, build.outputs_but_index(staging))  # written as they are made
        if _in_a_fresh_process():
            rest.hand_over(connection)
        del build
        gc.unfreeze()
        gc.collect()  # records and catalog refer to each other
        rest.run(connection)


def _continue(handed: int, descriptor: int) -> None:
    """The fresh interpreter's side of `_Rest.hand_over`: what is left to do is read from the
    descriptor `handed`, the pipe to the main process is `descriptor`."""
    connection = multiprocessing.connection.Connection(descriptor)
    with _reporting(connection):
        with os.fdopen(handed, "rb") as state:
            rest = pickle.load(state)
        rest.run(connection)


if __name__ == "__main__":
    _continue(int(sys.argv[1]), int(sys.argv[2]))
